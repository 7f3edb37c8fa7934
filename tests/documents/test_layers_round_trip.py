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
from improvement_tracker.documents.selectors import plan_document_for, tracker_document
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
from improvement_tracker.plans.selectors.filters import filter_tracker
from improvement_tracker.plans.selectors.tracker import TrackerFilter, plan_tracker
from improvement_tracker.plans.services.importing import plan_import
from improvement_tracker.plans.services.objectives import objective_add
from tests.documents.test_round_trip import awkward_text, one_line, with_tables
from tests.plans.layers import layered_plan

WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "csv": write_csv}

references = st.from_regex(r"[A-Z]{0,2}[0-9]{1,3}(\.[0-9]{1,2}){0,3}", fullmatch=True)
words = awkward_text.filter(lambda t: t and not t.startswith("*"))


def layers_of(document: PlanDocument):
    return [
        (
            [
                (
                    action.number,
                    action.objective,
                    [(a.number, a.text, a.lead, a.timescale, a.status) for a in action.activities],
                )
                for action in domain.actions
            ],
            domain.objectives,
        )
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


def add_layers(draw, domain: DomainEntry, statuses: list[Status]) -> None:
    """Objectives of one domain served by some of its actions, in any order; the others,
    and perhaps more, objectives none of its actions serves yet (ADR 0048); and up to three
    activities an action, their statuses among `statuses`."""
    objectives = draw(st.lists(objective_entries, min_size=1, max_size=3))
    for action in domain.actions:
        action.objective = draw(st.one_of(st.none(), st.sampled_from(objectives)))
        action.activities = draw(st.lists(activity_entries(statuses), max_size=3))
    served = {action.objective for action in domain.actions}
    more = draw(st.lists(objective_entries, max_size=2))
    domain.objectives = [o for o in dict.fromkeys([*objectives, *more]) if o not in served]


@st.composite
def layered_documents(draw) -> PlanDocument:
    numbers = draw(st.lists(st.integers(1, 999).map(str), min_size=1, max_size=5, unique=True))
    actions = [ActionEntry(number=n, text=draw(words), lead="", timescale="") for n in numbers]
    domain = DomainEntry(title="STANDARD 1", label="Std 1", actions=actions)
    add_layers(draw, domain, list(Status))
    return with_tables(
        PlanDocument(
            title="Plan in layers",
            organisation="Council",
            reporting_period="March 2021",
            rag_key=dict(DEFAULT_KEY),
            domains=[domain],
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
    # Objectives no action serves yet, one in a domain of actions without any (ADR 0048).
    objective_add(
        domain=layered.domain, number="1.3", text="To hear carers.", lead_text="Carers", by=None
    )
    objective_add(
        domain=layered.other, number="", text="To plan for leaving care.", lead_text="", by=None
    )
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
    assert len(objectives(plan)) == 4
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
    objective_add(
        domain=layered.domain, number="1.3", text="To hear carers.", lead_text="Carers", by=None
    )
    data = board_pack_data(plan_document_for(plan=layered.plan))
    text = pdf_text(lay_out(data, standards=("ua-1",)), tmp_path)
    flat = " ".join(text.split())
    # An objective no action serves yet, after the domain's actions (ADR 0048).
    assert flat.index("Ask children.") < flat.index("Objective 1.3: To hear carers. Lead: Carers")
    assert "Objective 1.1: To establish systems for referrals." in flat
    assert "Lead: Head of Service, Children" in flat
    assert flat.index("Objective 1.1:") < flat.index("Agree thresholds.")
    assert "1.1.2 Consult partners" in flat and "Status: Red" in flat


def test_an_objective_row_that_names_no_objective_is_refused_naming_the_row():
    csv = (
        b"Domain,No,Action,Lead,Timescale/ deadline,Status,Row type,Objective no,Objective\r\n"
        b"Help,1,An action,,,,action,,\r\n"
        b"Help,,,Someone,,,objective,,\r\n"
    )
    with pytest.raises(
        ImportProblem, match=r"plan.csv, row 3: an objective row names no objective"
    ):
        read_plan_bytes(csv, name="plan.csv")


@pytest.mark.django_db
def test_an_objective_no_action_serves_is_exported_whole_but_not_in_a_filtered_export():
    layered = layered_plan()
    objective_add(
        domain=layered.domain, number="1.3", text="To hear carers.", lead_text="Carers", by=None
    )
    whole = plan_document_for(plan=layered.plan)
    assert whole.domains[0].objectives == [ObjectiveEntry("1.3", "To hear carers.", "Carers")]
    assert whole.domains[1].objectives == []
    lines = write_csv(whole).decode("utf-8-sig").splitlines()
    assert lines[-2].endswith(",,,,,,,objective,1.3,To hear carers.,Carers")
    tracker = plan_tracker(plan=layered.plan)
    filtered = tracker_document(filter_tracker(tracker, TrackerFilter(status=Status.AT_RISK)))
    assert [domain.objectives for domain in filtered.domains] == [[], []]
