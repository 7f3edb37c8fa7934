"""'See action 16 below': references are resolved when written and follow the action after."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement_tracker.plans.models import Action, ActionReference
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.references import referenced_numbers
from improvement_tracker.plans.selectors.tracker import plan_tracker
from tests.factories import (
    ActionFactory,
    DomainFactory,
    plan_of_actions,
    record_update,
)
from tests.migrating import at_migration


@pytest.mark.parametrize(
    ("texts", "numbers"),
    [
        (["Complete. See action 16 below – RHI will now"], ["16"]),
        (["Linked to action number 16 below."], ["16"]),
        (["As action no. 3 and Action No 4 say"], ["3", "4"]),
        (["See action 2.", "Evidence: action 2 and action 5"], ["2", "5"]),
        (["14 actions 16 in total; transaction 9"], []),
        (["action 123456789012345678901 is longer than any reference"], []),
        (["the action plan, action C1.1.1 and action R3, then (action 7)"], ["C1.1.1", "R3", "7"]),
        # A layered reference is itself, not the plain number it starts with (ADR 0044).
        (
            ["See action 1.2 and action 3-1, then action 4(a); action 5."],
            ["1.2", "3-1", "4(a)", "5"],
        ),
        ([""], []),
    ],
)
def test_these_words_refer_to_these_action_numbers(texts, numbers):
    assert referenced_numbers(*texts) == numbers


@pytest.mark.django_db
def test_import_resolves_the_examples_references_to_action_16(example_plan):
    references = ActionReference.objects.filter(update__action__domain__plan=example_plan)
    assert sorted(
        (r.update.action.number, r.number, r.action.domain.position, r.action.number)
        for r in references
    ) == [("14", "16", 1, "16"), ("15", "16", 1, "16")]


@pytest.fixture
def domain():
    domain = DomainFactory(position=1, label="Help and Protection")
    for number in (1, 2, 3):
        ActionFactory(domain=domain, number=number, status=Status.ON_TRACK, progress="On track.")
    return domain


@pytest.mark.django_db
def test_a_new_update_records_what_its_references_mean_and_not_unknown_numbers(domain):
    first = Action.objects.get(domain=domain, number=1)
    update = record_update(
        first,
        made_on=dt.date(2020, 11, 1),
        status=Status.ON_TRACK,
        progress="Waiting for action 2. Action 9 does not exist.",
        evidence="See action 3.",
    )
    assert {(r.number, r.action.number) for r in update.references.all()} == {
        ("2", "2"),
        ("3", "3"),
    }


@pytest.mark.django_db
def test_the_tracker_links_a_reference_to_where_the_action_is_now(domain, signed_in_client):
    first = Action.objects.get(domain=domain, number=1)
    record_update(
        first,
        made_on=dt.date(2020, 11, 1),
        status=Status.ON_TRACK,
        progress="Waiting for action 2.",
    )
    # The action meant becomes number 7; a new action takes number 2.
    Action.objects.filter(domain=domain, number=2).update(number=7)
    ActionFactory(domain=domain, number=2)

    html = signed_in_client.get(domain.plan.get_absolute_url() + "?as_of=2020-11-30").content
    html = html.decode()

    assert (
        '<a class="govuk-link" href="#action-1-7">action 2</a> (now action 7)' in html
    )  # the words are kept; the link follows the action
    assert first.updates.order_by("-id").first().progress == "Waiting for action 2."


@pytest.mark.django_db
def test_the_action_page_links_references_in_the_history(domain, signed_in_client):
    first = Action.objects.get(domain=domain, number=1)
    record_update(
        first,
        made_on=dt.date(2020, 11, 1),
        status=Status.ON_TRACK,
        progress="Waiting for action 3.",
    )
    url = f"/plans/{domain.plan.slug}/actions/1/1/"
    html = signed_in_client.get(url).content.decode()
    assert f'href="/plans/{domain.plan.slug}/actions/1/3/">action 3</a>' in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_resolves_references_written_before_it():
    with at_migration("plans", "0004_archive_actions_and_domains") as migrating:
        old = migrating.apps
        organisation = old.get_model("accounts", "Organisation").objects.create(
            name="Council", slug="council", email_domain=""
        )
        plan = old.get_model("plans", "Plan").objects.create(
            organisation=organisation, title="Plan", slug="plan"
        )
        domain = old.get_model("plans", "Domain").objects.create(
            plan=plan, position=1, title="HELP", label="Help"
        )
        action_model = old.get_model("plans", "Action")
        one, three = (
            action_model.objects.create(
                domain=domain, number=n, text="Do it", timescale_kind="blank"
            )
            for n in (1, 3)
        )
        update = old.get_model("plans", "ActionUpdate").objects.create(
            action=three, made_on=dt.date(2020, 11, 1), status="green", progress="Follows action 1."
        )
        new = migrating.to("plans", "0005_cross_references")
        reference = new.get_model("plans", "ActionReference").objects.get(update_id=update.pk)
        assert (reference.number, reference.action_id) == (1, one.pk)


@pytest.mark.django_db
def test_the_trackers_queries_do_not_grow_with_actions_or_references():
    def queries_for(size):
        plan = plan_of_actions(size)
        with CaptureQueriesContext(connection) as queries:
            tracker = plan_tracker(plan=plan, as_of=dt.date(2020, 12, 1))
        assert all(a.references for a in tracker.actions)
        return len(queries)

    assert queries_for(2) == queries_for(12)


@pytest.mark.django_db
def test_a_tracker_without_references_is_the_same_tracker_less_the_links():
    plan = plan_of_actions(6)
    as_of = dt.date(2020, 12, 1)
    with CaptureQueriesContext(connection) as linked_queries:
        linked = plan_tracker(plan=plan, as_of=as_of)
    with CaptureQueriesContext(connection) as words_queries:
        words = plan_tracker(plan=plan, as_of=as_of, references=False)

    def shown(tracker):
        return [(a.number, a.status, a.progress, a.flags, a.leads) for a in tracker.actions], (
            tracker.table1,
            tracker.table2,
        )

    assert shown(words) == shown(linked)
    assert all(a.references for a in linked.actions)
    assert not any(a.references for a in words.actions)
    assert len(words_queries) == len(linked_queries) - 1
