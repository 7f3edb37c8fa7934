"""`import_plan PATH --show-mapping`: the proposed mapping printed as JSON, nothing imported."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from improvement_tracker.documents.importers.mapping_json import mapping_from_json
from improvement_tracker.plans.models import Plan
from tests.documents.family import Sheet, excel_workbook
from tests.documents.hostile import entity_bomb

pytestmark = pytest.mark.django_db


def test_show_mapping_prints_the_proposal_as_json_and_imports_nothing(tmp_path):
    path = tmp_path / "delivery plan.xlsx"
    sheet = Sheet(
        "Plan",
        [
            ["Annual Delivery Plan"],
            ["NOS", "What?", "Who?", "When?", "RAG rating", "Success measures"],
            ["1", "Build homes", "Director of Housing", "August 2015", "G", "100 homes"],
        ],
    )
    path.write_bytes(excel_workbook([sheet]))
    out = io.StringIO()
    call_command("import_plan", str(path), "--show-mapping", stdout=out)
    printed = out.getvalue()
    data = json.loads(printed)
    assert data["version"] == 1
    assert data["title"] == "Annual Delivery Plan"
    [table] = data["tables"]
    assert (table["use"], table["header_row"]) == (True, 2)
    assert [column["meaning"] for column in table["columns"]] == [
        "reference", "action", "lead", "timescale", "status", "extra field",
    ]  # fmt: skip
    assert table["statuses"] == [
        {
            "found": "G",
            "from": "letter",
            "meaning": "on_track",
            "count": 1,
            "reason": "'G' is the letter for green: on track",
        }
    ]
    assert mapping_from_json(printed, source="printed").tables[0].use
    assert Plan.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.csv", b"No,Action\n1,Do it\n", "plan.csv: a mapping can be proposed only for"),
        ("bomb.docx", None, "bomb.docx: the part word/document.xml declares a DTD"),
    ],
)
def test_show_mapping_refuses_what_it_cannot_read_and_says_why(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data if data is not None else entity_bomb())
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(path), "--show-mapping", stdout=io.StringIO())
    assert str(refused.value).startswith(message)
    assert Plan.objects.count() == 0
