"""Suggested statuses for the example's 58 unrated actions, and accepting them."""

import datetime as dt

import pytest
from django.urls import reverse

from improvement_tracker.plans.models import StatusChange
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.review import plan_suggestions
from improvement_tracker.plans.selectors.tracker import plan_tracker

pytestmark = pytest.mark.django_db

REPORTING_DATE = dt.date(2020, 10, 31)


def test_every_unrated_action_gets_a_suggestion_with_a_reason(example_plan):
    found = plan_suggestions(plan=example_plan, as_of=REPORTING_DATE)
    assert len(found.items) == 58
    assert all(item.suggestion.reason for item in found.items)
    assert {item.suggestion.status for item in found.items} <= set(Status.rated())
    reported = example_plan.reported_figures["table1"]
    columns = [*found.tracker.domain_labels, "Totals"]
    # Shown only if the totals disagree, not printed into every run's progress output.
    lines = ["Suggested Table 1 beside the document's reported Table 1 (reported / suggested):"]
    lines.append(" " * 11 + "".join(f"{c[:22]:>24}" for c in columns))
    for status in [s.label for s in Status.rated()] + ["Total"]:
        cells = [f"{reported[c][status]} / {found.table1[c][status]}" for c in columns]
        lines.append(f"{status:<11}" + "".join(f"{cell:>24}" for cell in cells))
    table = "\n".join(lines)
    assert found.table1["Totals"]["Total"] == reported["Totals"]["Total"] == 58, table
    assert found.table1["Totals"]["Not rated"] == 0
    help_and_protection = {i.action.number: i.suggestion for i in found.items[:28]}
    assert help_and_protection["1"].status is Status.COMPLETE  # "Complete."
    assert help_and_protection["16"].status is Status.OFF_TRACK  # due 01/06/2020, underway
    assert help_and_protection["17"].status is Status.AT_RISK  # "Delayed due to Covid"


def test_nothing_changes_until_a_person_accepts(example_plan, signed_in_client):
    url = reverse("plans:suggestions", args=[example_plan.slug])
    html = signed_in_client.get(url).content.decode()
    assert "58 actions are not rated" in html
    assert "differs" in html
    assert StatusChange.objects.count() == 0
    assert plan_tracker(plan=example_plan).unrated_count == 58


def test_accepting_one_suggestion_records_a_status_change(example_plan, signed_in_client):
    found = plan_suggestions(plan=example_plan, as_of=REPORTING_DATE)
    first = found.items[0]
    url = reverse("plans:suggestions", args=[example_plan.slug])
    response = signed_in_client.post(
        f"{url}?as_of=2020-10-31",
        {"save": "1", f"choice-{first.action.action.pk}": "suggested"},
    )
    assert response.status_code == 302
    change = StatusChange.objects.get()
    assert change.to_status == first.suggestion.status
    assert change.from_status == Status.NOT_RATED
    assert change.reason.startswith("Accepted suggestion: ")
    assert change.changed_by.username == "board-member"
    assert change.update.made_on == REPORTING_DATE
    assert change.update.progress == first.action.progress  # words kept
    assert plan_tracker(plan=example_plan, as_of=REPORTING_DATE).unrated_count == 57


def test_choosing_another_status_records_that_choice(example_plan, signed_in_client):
    found = plan_suggestions(plan=example_plan, as_of=REPORTING_DATE)
    item = found.items[1]
    url = reverse("plans:suggestions", args=[example_plan.slug])
    signed_in_client.post(
        f"{url}?as_of=2020-10-31", {"save": "1", f"choice-{item.action.action.pk}": "at_risk"}
    )
    change = StatusChange.objects.get()
    assert change.to_status == Status.AT_RISK
    assert "instead of the suggested" in change.reason


def test_accept_all_rates_every_action_and_reconciles(example_plan, signed_in_client):
    url = reverse("plans:suggestions", args=[example_plan.slug])
    signed_in_client.post(f"{url}?as_of=2020-10-31", {"accept_all": "1"})
    assert StatusChange.objects.count() == 58
    tracker = plan_tracker(plan=example_plan, as_of=REPORTING_DATE)
    assert tracker.unrated_count == 0
    html = signed_in_client.get(f"{url}?as_of=2020-10-31").content.decode()
    assert "Every action is rated as at this date." in html


def test_saving_no_choice_is_an_error(example_plan, signed_in_client):
    url = reverse("plans:suggestions", args=[example_plan.slug])
    html = signed_in_client.post(url, {"save": "1"}).content.decode()
    assert "govuk-error-summary" in html
    assert "Select a status for at least one action" in html
    assert StatusChange.objects.count() == 0
