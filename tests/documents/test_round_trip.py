"""Export, then import: the same plan comes back, for Word, Excel and CSV.

Generated plans are full of awkward text (quotes, dashes, emoji, line breaks, text
that looks like a formula or a date, very long cells). Statuses, priorities, domains
and every field must survive exactly.
"""

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvement_tracker.documents.exporters.csv import write_csv
from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.reconcile import rows_figures
from improvement_tracker.documents.selectors import plan_document_for
from improvement_tracker.plans.forms import LONG_TEXT
from improvement_tracker.plans.models import Action, Plan
from improvement_tracker.plans.numbering import clean_reference, reference_problem
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    DomainEntry,
    PlanDocument,
    ReportedFigures,
)
from improvement_tracker.plans.rag import DEFAULT_KEY, EXAMPLE_KEY, StatusKey
from improvement_tracker.plans.tables import row_labels
from tests.custom_key import TRUST_KEY
from tests.factories import record_update

WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "csv": write_csv}


def actions_of(document: PlanDocument):
    return [
        (
            domain.label,
            domain.title,
            [
                (a.number, a.text, a.lead, a.timescale, a.status, a.progress, a.high_priority)
                for a in domain.actions
            ],
        )
        for domain in document.domains
    ]


def whole(document: PlanDocument):
    """Everything a plan is, except where a reader found it."""
    return (
        document.title,
        document.organisation,
        document.reporting_period,
        document.rag_key,
        document.reported,
        actions_of(document),
    )


def assert_same_plan(exported: PlanDocument, imported: PlanDocument, file_format: str) -> None:
    if file_format == "csv":
        # CSV has one row per action and nothing else: no title, key or tables.
        assert actions_of(imported) == actions_of(exported)
    else:
        assert whole(imported) == whole(exported)


AWKWARD = ["“", "”", "‘", "’", '"', "'", "–", "—", "-", "😀", "🚀", "\n", "\t", " & ", "<b>", "é"]
awkward_text = st.lists(
    st.one_of(
        st.sampled_from(AWKWARD),
        st.text(
            st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp")),
            max_size=12,
        ),
        st.sampled_from(["=SUM(A1)", "+44 191", "@home", "'=x", "01/04/2021", "TRUE", "007"]),
    ),
    max_size=12,
).map(lambda parts: "".join(parts).strip())
long_text = st.builds(lambda text, times: (text or "x") * times, awkward_text, st.integers(1, 400))
# As long as the progress form lets a person write, and imports accept (no longer).
field_text = st.one_of(awkward_text, long_text.map(lambda t: t[:LONG_TEXT].strip()))
one_line = awkward_text.map(lambda t: " ".join(t.split())).filter(
    lambda t: t and not t.startswith("*") and not t.lower().startswith(("table", "updated"))
)


# Plain numbers and references as plans write them: 16, 1.2, C1.1.1, CC1, R3, 1a (ADR 0038).
references = st.one_of(
    st.integers(1, 999).map(str),
    st.from_regex(r"[A-Za-z0-9.()\-]{1,20}", fullmatch=True)
    .map(clean_reference)
    # As an importer reads it back: "0.." cleans to "0.", which a reader cleans to "0".
    .filter(lambda r: reference_problem(r) is None and clean_reference(r) == r),
)


@st.composite
def plan_documents(draw, key: StatusKey | None = None) -> PlanDocument:
    """A plan of awkward text; with `key`, a plan that has its own status key."""
    statuses = (key or EXAMPLE_KEY).statuses
    labels = draw(
        st.lists(
            one_line.map(lambda t: t[:100].strip()).filter(lambda t: t and t != "Totals"),
            min_size=1,
            max_size=3,
            unique_by=str.casefold,
        )
    )
    domains = []
    for label in labels:
        numbers = draw(st.lists(references, min_size=1, max_size=4, unique=True))
        actions = [
            ActionEntry(
                number=number,
                text=draw(awkward_text.filter(lambda t: not t.startswith("*"))),
                lead=draw(awkward_text),
                timescale=draw(st.one_of(one_line, st.just("31/03/2021"))),
                status=draw(st.sampled_from(statuses)),
                progress=draw(field_text),
                high_priority=draw(st.booleans()),
            )
            for number in numbers
        ]
        domains.append(DomainEntry(title=draw(one_line), label=label, actions=actions))
    return with_tables(
        PlanDocument(
            title="Plan – “2021” 🚀",
            organisation="Council d’Été",
            reporting_period="March 2021",
            rag_key=(
                {entry.status: entry.description for entry in key.entries}
                if key
                else dict(DEFAULT_KEY)
            ),
            key=key,
            domains=domains,
        )
    )


def with_tables(document: PlanDocument) -> PlanDocument:
    """The tables as an exported document prints them (see documents.selectors)."""
    counts, high_priority = rows_figures(document)
    rows = row_labels(counts)
    document.reported = ReportedFigures(
        table1={column: {row: c[row] for row in rows} for column, c in counts.items()},
        table2=high_priority,
    )
    return document


@pytest.mark.parametrize("file_format", WRITERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=plan_documents())
def test_generated_plans_survive_a_round_trip(file_format, document):
    data = WRITERS[file_format](document)
    imported = read_plan_bytes(data, name=f"plan.{file_format}")
    assert_same_plan(document, imported, file_format)


@pytest.mark.parametrize("file_format", ["docx", "xlsx"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=plan_documents(key=TRUST_KEY))
def test_a_plan_with_its_own_key_survives_a_round_trip(file_format, document):
    """Word and Excel print the key with each label's meaning and colour, and read it back,
    so "Blue" comes back complete and an Amber on track (ADR 0039)."""
    data = WRITERS[file_format](document)
    imported = read_plan_bytes(data, name=f"plan.{file_format}")
    assert_same_plan(document, imported, file_format)
    assert imported.status_key == TRUST_KEY


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", WRITERS)
def test_the_example_plan_comes_back_from_its_export(example_plan, file_format, tmp_path):
    # Give the example every status and some priorities, as a board would see it.
    for index, action in enumerate(Action.objects.filter(domain__plan=example_plan)):
        action.high_priority = index % 4 == 0
        action.save(update_fields=["high_priority"])
        latest = action.updates.get()
        record_update(
            action,
            made_on=latest.made_on,
            status=EXAMPLE_KEY.statuses[index % 5],
            progress=latest.progress,
        )
    exported = plan_document_for(plan=example_plan)
    path = tmp_path / f"{example_plan.slug}.{file_format}"
    path.write_bytes(WRITERS[file_format](exported))

    call_command("import_plan", str(path), "--replace", "--organisation", "Together for Children")

    again = Plan.objects.get(slug=example_plan.slug, archived_at__isnull=True)
    assert again.pk != example_plan.pk
    assert_same_plan(exported, plan_document_for(plan=again), file_format)
