"""Objectives and activities (ADR 0041) in and out: every export shows them, and our own
Word (ADR 0042), CSV and Excel read them back, the same objectives and activities with
every field."""

import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvement_tracker.documents.exporters.csv import write_csv
from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.selectors import plan_document_for
from improvement_tracker.plans.models import Activity, Objective
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    ActivityEntry,
    DomainEntry,
    ImportProblem,
    ObjectiveEntry,
    PlanDocument,
)
from improvement_tracker.plans.rag import DEFAULT_KEY, Status
from improvement_tracker.plans.services.importing import plan_import
from tests.documents.test_round_trip import awkward_text, one_line, with_tables
from tests.plans.layers import layered_plan

WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "csv": write_csv}

references = st.from_regex(r"[A-Z]{0,2}[0-9]{1,3}(\.[0-9]{1,2}){0,3}", fullmatch=True)
words = awkward_text.filter(lambda t: t and not t.startswith("*"))


def layers_of(document: PlanDocument):
    return [
        [
            (
                action.number,
                action.objective,
                [(a.number, a.text, a.lead, a.timescale, a.status) for a in action.activities],
            )
            for action in domain.actions
        ]
        for domain in document.domains
    ]


objective_entries = st.builds(
    ObjectiveEntry, number=st.one_of(st.just(""), references), text=words, lead=awkward_text
)


def activity_entries(statuses: list[Status]):
    return st.builds(
        ActivityEntry,
        number=st.one_of(st.just(""), references),
        text=words,
        lead=awkward_text,
        timescale=st.one_of(one_line, st.just("31/03/2021"), st.just("")),
        status=st.sampled_from(statuses),
    )


def add_layers(draw, actions: list[ActionEntry], statuses: list[Status]) -> None:
    """Objectives of one domain served by some of its actions, in any order, and up to three
    activities an action, their statuses among `statuses`."""
    objectives = draw(st.lists(objective_entries, min_size=1, max_size=3))
    for action in actions:
        action.objective = draw(st.one_of(st.none(), st.sampled_from(objectives)))
        action.activities = draw(st.lists(activity_entries(statuses), max_size=3))


@st.composite
def layered_documents(draw) -> PlanDocument:
    numbers = draw(st.lists(st.integers(1, 999).map(str), min_size=1, max_size=5, unique=True))
    actions = [ActionEntry(number=n, text=draw(words), lead="", timescale="") for n in numbers]
    add_layers(draw, actions, list(Status))
    return with_tables(
        PlanDocument(
            title="Plan in layers",
            organisation="Council",
            reporting_period="March 2021",
            rag_key=dict(DEFAULT_KEY),
            domains=[DomainEntry(title="STANDARD 1", label="Std 1", actions=actions)],
        )
    )


@pytest.mark.parametrize("file_format", WRITERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=layered_documents())
def test_objectives_and_activities_survive_a_round_trip(file_format, document):
    data = WRITERS[file_format](document)
    imported = read_plan_bytes(data, name=f"plan.{file_format}")
    assert layers_of(imported) == layers_of(document)
    assert imported.extra_fields == []  # the layers' columns are no extra fields


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", WRITERS)
def test_a_layered_plan_exported_and_imported_has_the_same_objectives_and_activities(
    file_format,
):
    layered = layered_plan()
    data = WRITERS[file_format](plan_document_for(plan=layered.plan))
    again = read_plan_bytes(data, name=f"again.{file_format}")
    plan = plan_import(document=again, organisation_name="Another council")

    def objectives(plan):
        return sorted(
            Objective.objects.filter(domain__plan=plan).values_list("number", "text", "lead_text")
        )

    def activities(plan):
        return list(
            Activity.objects.filter(action__domain__plan=plan)
            .order_by("action__domain__position", "action__number", "position")
            .values_list(
                "action__number",
                "action__objective__number",
                "number",
                "text",
                "lead_text",
                "timescale_text",
                "timescale_date",
                "status",
            )
        )

    assert objectives(plan) == objectives(layered.plan)
    assert activities(plan) == activities(layered.plan)
    assert len(activities(plan)) == 2


def test_a_plan_without_layers_exports_the_columns_it_always_had():
    document = PlanDocument(
        title="Plain",
        organisation="Council",
        domains=[DomainEntry("HELP", "Help", [ActionEntry(1, "Do it.", "", "")])],
    )
    header = write_csv(document).decode("utf-8-sig").splitlines()[0]
    assert "Row type" not in header and "Objective" not in header


def test_an_activity_row_before_any_action_is_refused_naming_the_row():
    csv = (
        b"Domain,No,Action,Lead,Timescale/ deadline,Status,Row type\r\n"
        b"Help,1.1,An activity,,,,activity\r\n"
        b"Help,1,An action,,,,action\r\n"
    )
    with pytest.raises(ImportProblem, match=r"plan.csv, row 2: an activity row comes before"):
        read_plan_bytes(csv, name="plan.csv")


def test_an_activity_reference_too_long_for_the_plan_is_refused_before_saving():
    document = PlanDocument(
        title="Plan",
        organisation="Council",
        domains=[
            DomainEntry(
                "HELP",
                "Help",
                [ActionEntry(1, "Do it.", "", "", activities=[ActivityEntry("1" * 21, "x")])],
            )
        ],
    )
    with pytest.raises(ImportProblem, match="the reference is 21 characters long; at most 20"):
        read_plan_bytes(write_csv(document), name="plan.csv")


@pytest.mark.django_db
def test_word_shows_objectives_as_spanning_rows_and_activities_under_their_action():
    layered = layered_plan()
    data = write_docx(plan_document_for(plan=layered.plan))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:gridSpan w:val="6"' in xml
    word = docx.Document(io.BytesIO(data))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "NO")
    lines = [
        (paragraph.style.name, paragraph.text)
        for row in table.rows
        for paragraph in row.cells[1].paragraphs
    ]
    objective = ("Plan objective", "Objective 1.1: To establish systems for referrals.")
    activity = (
        "Plan activity",
        "1.1.1 Draft the thresholds document.; Lead: Service Manager, MASH; "
        "Timescale: August 2015; Status: Green",
    )
    assert lines.index(objective) < lines.index(("Normal", "Agree thresholds."))
    assert lines.index(("Normal", "Agree thresholds.")) < lines.index(activity)


@pytest.mark.django_db
def test_the_pdf_shows_objectives_and_activities_and_passes_pdf_ua_1(tmp_path):
    from improvement_tracker.documents.exporters.pdf import board_pack_data, lay_out
    from tests.documents.exporters.test_pdf import pdf_text

    layered = layered_plan()
    data = board_pack_data(plan_document_for(plan=layered.plan))
    text = pdf_text(lay_out(data, standards=("ua-1",)), tmp_path)
    flat = " ".join(text.split())
    assert "Objective 1.1: To establish systems for referrals." in flat
    assert "Lead: Head of Service, Children" in flat
    assert flat.index("Objective 1.1:") < flat.index("Agree thresholds.")
    assert "1.1.2 Consult partners" in flat and "Status: Red" in flat
