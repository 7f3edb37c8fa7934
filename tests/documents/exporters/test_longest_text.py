"""Every export handles the longest text the forms let in, in every field, and opens.

An import once let a 10 MB progress cell in, and the Word export failed on it. Imports
now keep the forms' limits (documents/importers/field_limits.py), so the longest text
any field can hold is the form's: here every field is exactly that long, the plan is
exported through the page in each format, and each file is opened by a real client.
"""

import csv
import io
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.documents.importers.field_limits import field_limits
from improvement_tracker.plans.plan_document import ActionEntry, DomainEntry, PlanDocument
from improvement_tracker.plans.rag import DEFAULT_KEY, EXAMPLE_KEY, Status
from improvement_tracker.plans.services.importing import plan_import
from tests.documents.exporters.conftest import libreoffice_convert, squeezed
from tests.documents.exporters.test_pdf import pdf_text

pytestmark = pytest.mark.django_db


def text_of(length: int, words: str) -> str:
    """`length` characters of real words, as a person would type them (so they wrap)."""
    return (f"{words} " * (length // len(words) + 1))[:length].rstrip() + "."[: length > 1]


def exactly(length: int, words: str, end: str = "") -> str:
    """`length` characters of `words`, ending with the word `end` (a cut tail loses it)."""
    tail = f" {end}" if end else ""
    return (text_of(length, words) + "x" * length)[: length - len(tail)] + tail


@pytest.fixture
def longest_plan():
    limit = field_limits()
    lead_text = exactly(limit["lead text"], "Director of Children's Services &", "LEADEND")
    domains = [
        DomainEntry(
            title=exactly(limit["title"], f"DOMAIN {d} HELP AND PROTECTION"),
            label=exactly(limit["label"], f"Domain {d} help"),
            actions=[
                ActionEntry(
                    number=str(n),
                    text=exactly(
                        limit["action"],
                        f"Action {n} of domain {d} reviews the pathway",
                        f"A{d}E{n}",
                    ),
                    lead=lead_text,
                    timescale=exactly(limit["timescale"], "Quarterly from 01/12/2019", f"T{d}E{n}"),
                    status=EXAMPLE_KEY.statuses[n % 5],
                    progress=exactly(
                        limit["progress"], f"Progress on {n} the panel met", f"P{d}E{n}"
                    ),
                    high_priority=n == 1,
                )
                for n in (1, 2)
            ],
        )
        for d in (1, 2)
    ]
    document = PlanDocument(
        title=exactly(limit["plan title"], "Learning and Improvement Plan 2021 to 2022"),
        organisation="Council",
        reporting_period=exactly(limit["period"], "October 2020 and the months after"),
        rag_key={s: exactly(limit["meaning"], DEFAULT_KEY[s]) for s in Status.rated()},
        domains=domains,
        source_name="longest.csv",
    )
    # No form edits an organisation's name (the admin does): its column is the limit.
    longest_name = Organisation._meta.get_field("name").max_length
    document.organisation = exactly(longest_name, "The Borough Council of the Far North")
    return plan_import(document=document), document


def export(client, plan, file_format: str) -> bytes:
    started = time.monotonic()
    response = client.get(reverse("documents:export", args=[plan.slug, file_format]))
    assert response.status_code == 200
    assert time.monotonic() - started < 60  # generous; figures belong in bench
    return response.content


def assert_every_text_in(text: str, document: PlanDocument, *, whole: bool = True) -> None:
    """Each field in full; or, where a row may break across pages (PDF), with the page's
    footer and the repeated header between its parts, its start and its last word."""
    found = squeezed(text)
    for domain in document.domains:
        for action in domain.actions:
            for field in (action.text, action.lead, action.progress, action.timescale):
                if whole:
                    assert squeezed(field) in found, field[:40]
                else:
                    assert squeezed(field[:30]) in found, field[:40]
                    assert field.split()[-1] in found, field[:40]


def test_word_export_of_the_longest_texts_opens_in_libreoffice(
    signed_in_client, longest_plan, tmp_path
):
    plan, document = longest_plan
    path = tmp_path / "pack.docx"
    path.write_bytes(export(signed_in_client, plan, "docx"))
    text = libreoffice_convert(path, "txt:Text", tmp_path).read_text(encoding="utf-8-sig")
    assert squeezed(document.title) in squeezed(text)
    assert squeezed(document.organisation) in squeezed(text)
    assert squeezed(document.reporting_period) in squeezed(text)
    assert_every_text_in(text, document)


def test_pdf_export_of_the_longest_texts_has_them_all(signed_in_client, longest_plan, tmp_path):
    plan, document = longest_plan
    text = pdf_text(export(signed_in_client, plan, "pdf"), tmp_path)
    assert_every_text_in(text, document, whole=False)


def test_excel_export_of_the_longest_texts_opens_in_libreoffice(
    signed_in_client, longest_plan, tmp_path
):
    plan, document = longest_plan
    data = export(signed_in_client, plan, "xlsx")
    workbook = load_workbook(io.BytesIO(data))
    cells = [str(c) for s in workbook.worksheets for r in s.iter_rows(values_only=True) for c in r]
    for domain in document.domains:
        for action in domain.actions:
            assert action.text in cells
            assert action.progress in cells
    path = tmp_path / "pack.xlsx"
    path.write_bytes(data)
    assert libreoffice_convert(path, "csv", tmp_path).stat().st_size > 0


def test_csv_export_of_the_longest_texts_reads_back_whole(signed_in_client, longest_plan):
    plan, document = longest_plan
    rows = list(csv.reader(io.StringIO(export(signed_in_client, plan, "csv").decode("utf-8-sig"))))
    cells = {cell for row in rows for cell in row}
    for domain in document.domains:
        for action in domain.actions:
            assert action.text in cells
            assert action.progress in cells
            assert action.lead in cells
