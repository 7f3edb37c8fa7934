"""One generated plan with every shape issue 18 names, exported and imported back: text
references, a custom key (Blue for complete, Amber meaning on track), extra fields (one
perhaps without any value), objectives and activities. Word and Excel give back the same
plan, whole (ADR 0042); CSV everything it can carry.

The strategies are the other round trips': `plan_documents` (awkward text, references),
`plans_with_extra_fields` and `add_layers`.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvement_tracker.documents.exporters.csv import write_csv
from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.plans.plan_document import PlanDocument
from tests.custom_key import TRUST_KEY
from tests.documents.importers.test_extra_columns import extra_of, plans_with_extra_fields
from tests.documents.test_layers_round_trip import add_layers, layers_of
from tests.documents.test_round_trip import whole


@st.composite
def whole_plans(draw) -> PlanDocument:
    document = draw(plans_with_extra_fields(key=TRUST_KEY))
    for domain in document.domains:
        add_layers(draw, domain, TRUST_KEY.statuses)
    return document


def everything(document: PlanDocument):
    return (
        whole(document),
        document.status_key,
        document.extra_fields,
        extra_of(document),
        layers_of(document),
    )


def what_csv_carries(document: PlanDocument):
    """A plan less what CSV cannot carry: the title, organisation, reporting period, key
    and Table 1 and 2 (CSV is rows of actions alone), and so every status (of an action or
    an activity), which CSV writes as the key's label ("Blue", "Amber") and reads, without
    the key, as the example's words: "Blue" is not rated, "Amber" at risk."""
    return (
        [
            (
                domain.label,
                domain.title,
                [
                    (
                        a.number,
                        a.text,
                        a.lead,
                        a.timescale,
                        a.progress,
                        a.high_priority,
                        a.extra,
                        a.objective,
                        [(b.number, b.text, b.lead, b.timescale) for b in a.activities],
                    )
                    for a in domain.actions
                ],
                domain.objectives,
            )
            for domain in document.domains
        ],
        document.extra_fields,
    )


@pytest.mark.parametrize("file_format", ["docx", "xlsx"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=whole_plans())
def test_a_plan_of_every_shape_comes_back_whole_from_word_and_excel(file_format, document):
    write = {"docx": write_docx, "xlsx": write_xlsx}[file_format]
    imported = read_plan_bytes(write(document), name=f"plan.{file_format}")
    assert everything(imported) == everything(document)
    assert imported.status_key == TRUST_KEY


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=whole_plans())
def test_a_plan_of_every_shape_comes_back_from_csv_but_for_what_csv_cannot_carry(document):
    imported = read_plan_bytes(write_csv(document), name="plan.csv")
    assert what_csv_carries(imported) == what_csv_carries(document)
