"""plan_document_for: the tracker as a neutral document, and the page's filters on it."""

import datetime as dt

import pytest

from improvement_tracker.documents.selectors import plan_document_for
from improvement_tracker.plans.models import Action, ActionUpdate
from improvement_tracker.plans.rag import Status

pytestmark = pytest.mark.django_db


def rate(plan, numbers, status):
    """Set up: the imported (first) updates of these actions carry this status."""
    ActionUpdate.objects.filter(action__domain__plan=plan, action__number__in=numbers).update(
        status=status
    )


def test_the_document_holds_every_action_verbatim_and_the_tracker_tables(example_plan):
    Action.objects.filter(domain__plan=example_plan, number=1).update(high_priority=True)
    rate(example_plan, [1], Status.ON_TRACK)
    document = plan_document_for(plan=example_plan)
    assert (document.title, document.organisation, document.reporting_period) == (
        "Learning and Improvement Plan 2020 – 2021",
        "Together for Children",
        "October 2020",
    )
    assert [(d.label, len(d.actions)) for d in document.domains] == [
        ("Help and Protection", 28),
        ("Children in Care & Care Leavers", 11),
        ("Leadership", 19),
    ]
    first = document.domains[0].actions[0]
    assert (first.number, first.status, first.high_priority) == ("1", Status.ON_TRACK, True)
    assert first.lead == "Director of Early Help"
    assert document.domains[1].actions[3].timescale == "31/02/2020"
    assert document.reported.table1["Totals"] == {
        "Red": 0, "Amber": 0, "Green": 3, "Completed": 0, "Not rated": 55, "Total": 58,
    }  # fmt: skip
    assert document.reported.table2["Total"] == 3
    assert len(document.rag_key) == 4


def test_as_of_sets_the_updated_month(example_plan):
    document = plan_document_for(plan=example_plan, as_of=dt.date(2021, 2, 3))
    assert document.reporting_period == "February 2021"
