import datetime as dt
import re

import pytest
from django.urls import reverse

from improvement_tracker.plans.key_checks import FlagKind, check_action
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.timescales import parse_timescale
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    DomainFactory,
    PlanFactory,
    plan_of_actions,
)
from tests.plans.pages import cold_queries

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


def test_pages_need_a_signed_in_user(client, example_plan):
    for url in [reverse("plans:plan_list"), example_plan.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_plan_list_leads_to_the_tracker(signed_in_client, example_plan):
    response = signed_in_client.get(reverse("plans:plan_list"))
    assert response.status_code == 200
    assert f'href="{example_plan.get_absolute_url()}"' in response.content.decode()


def test_tracker_lists_all_58_actions_with_tables(signed_in_client, example_plan):
    response = signed_in_client.get(example_plan.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'<tr class="govuk-table__row" id="action-', html)) == 58
    assert "Learning and Improvement Plan 2020 – 2021" in html
    assert "(updated October 2020)" in html
    assert "58 of 58 actions are not rated yet" in html
    assert html.count('<strong class="govuk-tag govuk-tag--grey">') >= 58
    assert ">Not rated<" in html.replace("\n", "").replace("  ", "")
    assert 'data-status="Not rated"' in html  # Table 1 shows the Not rated row
    assert "31/02/2020 is not a real date: February 2020 has 29 days" in html
    assert "Agreed date passed - action not complete." in html


def test_cross_reference_links_to_the_action(signed_in_client, example_plan):
    html = signed_in_client.get(example_plan.get_absolute_url()).content.decode()
    assert '<a class="govuk-link" href="#action-1-16">action 16</a> below' in html
    assert '<a class="govuk-link" href="#action-1-16">action number 16</a> below' in html
    assert 'id="action-1-16"' in html


def test_every_field_is_escaped(signed_in_client):
    plan = PlanFactory(title=SCRIPT, reporting_period=SCRIPT)
    plan.organisation.name = SCRIPT
    plan.organisation.save()
    domain = DomainFactory(plan=plan, title=SCRIPT, label=SCRIPT)
    ActionFactory(
        domain=domain,
        text=SCRIPT,
        lead_text=SCRIPT,
        timescale_text=SCRIPT,
        progress=SCRIPT + " see action 1",
        status=Status.OFF_TRACK,
    )
    for url in [plan.get_absolute_url(), reverse("plans:plan_list")]:
        html = signed_in_client.get(url).content.decode()
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_table1_hides_not_rated_row_when_every_action_is_rated(signed_in_client):
    domain = DomainFactory()
    ActionFactory(domain=domain, status=Status.ON_TRACK)
    html = signed_in_client.get(domain.plan.get_absolute_url()).content.decode()
    assert 'data-status="Not rated"' not in html
    assert 'data-status="Green"' in html


def test_unknown_plan_is_404(signed_in_client):
    assert signed_in_client.get("/plans/no-such-plan/").status_code == 404


def test_a_cold_tracker_makes_as_many_queries_for_12_actions_as_for_3(signed_in_client):
    small, large = plan_of_actions(3), plan_of_actions(12)
    signed_in_client.get(small.get_absolute_url())  # the session, once
    assert cold_queries(signed_in_client, small.get_absolute_url()) == cold_queries(
        signed_in_client, large.get_absolute_url()
    )


def test_a_recurring_review_is_judged_by_the_updates_made_by_the_as_at_date():
    timescale = "Quarterly from 01/12/2019"
    action = ActionFactory(timescale_text=timescale, first_update=None)
    # Before the start; in the third cycle; after the as-at date.
    made = [dt.date(2019, 11, 1), dt.date(2020, 1, 15), dt.date(2020, 7, 20), dt.date(2021, 1, 10)]
    for day in made:
        ActionUpdateFactory(action=action, made_on=day, status=Status.ON_TRACK)
    as_of = dt.date(2020, 12, 31)

    [tracked] = plan_tracker(plan=action.domain.plan, as_of=as_of).actions

    every_update = check_action(
        timescale=parse_timescale(timescale),
        status=Status.ON_TRACK,
        update_dates=made,
        as_of=as_of,
    )
    assert tracked.flags == every_update
    assert [(f.kind, f.reason.split(":")[0]) for f in tracked.flags] == [
        (FlagKind.REVIEW_OVERDUE, "Review overdue since 1 December 2020")
    ]


def test_each_tracked_actions_model_is_the_stored_action_with_its_domain_and_plan():
    """plan_tracker reads values and builds an action's model only when asked: it must be
    the model the ORM gives, with its domain and plan already there (no query each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from improvement_tracker.plans.models import Action

    plan = plan_of_actions(4)
    tracker = plan_tracker(plan=plan)
    with CaptureQueriesContext(connection) as queries:
        built = [(tracked, tracked.action) for tracked in tracker.actions]
        addresses = [(a.domain.plan.slug, a.domain.position, a.number) for _, a in built]
    assert len(queries) == 0
    assert len(set(addresses)) == 4
    for tracked, action in built:
        stored = Action.objects.select_related("domain__plan").get(pk=tracked.pk)
        shown = {f.attname for f in Action._meta.concrete_fields} - {"created_at", "updated_at"}
        assert {name: getattr(action, name) for name in shown} == {
            name: getattr(stored, name) for name in shown
        }
        assert (action.domain, action.domain.plan) == (stored.domain, stored.domain.plan)
        assert (tracked.number, tracked.text, tracked.lead_text, tracked.high_priority) == (
            stored.number,
            stored.text,
            stored.lead_text,
            stored.high_priority,
        )
        assert tracked.action is action  # built once
