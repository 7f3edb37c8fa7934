"""A change is visible on the very next request: whatever caching the tracker gains, it
must be invalidated precisely. These tests hold the pages to that."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import ActionUpdate, Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.plans import tracker_fingerprint
from improvement_tracker.plans.services.updates import action_record_update
from tests.factories import ActionFactory, DomainFactory
from tests.plans.pages import table1_total

pytestmark = pytest.mark.django_db


def test_an_updated_action_shows_on_the_very_next_tracker_response(signed_in_client):
    domain = DomainFactory()
    action = ActionFactory(domain=domain, status=Status.ON_TRACK, progress="On track in October.")
    ActionFactory(domain=domain, status=Status.ON_TRACK)
    url = domain.plan.get_absolute_url()
    before = signed_in_client.get(url).content.decode()
    assert "On track in October." in before
    assert table1_total(before, "Green") == "2"

    action_record_update(
        action=action,
        by=None,
        made_on=timezone.localdate(),
        status=Status.OFF_TRACK,
        progress="Deadline missed in November.",
        expected_version=action.version,
    )

    after = signed_in_client.get(url).content.decode()
    assert "Deadline missed in November." in after
    assert "On track in October." not in after
    assert table1_total(after, "Green") == "1"
    assert table1_total(after, "Red") == "1"


def test_an_update_added_outside_the_services_shows_on_the_very_next_tracker_response(
    signed_in_client,
):
    """A data fix in a shell touches neither the plan nor the action: the newest update's
    id is what moves the fingerprint."""
    domain = DomainFactory()
    action = ActionFactory(domain=domain, status=Status.ON_TRACK, progress="On track in October.")
    url = domain.plan.get_absolute_url()
    assert "On track in October." in signed_in_client.get(url).content.decode()

    ActionUpdate.objects.bulk_create(
        [
            ActionUpdate(
                action=action,
                made_on=timezone.localdate(),
                status=Status.OFF_TRACK,
                progress="Corrected by a data fix.",
            )
        ]
    )

    after = signed_in_client.get(url).content.decode()
    assert "Corrected by a data fix." in after
    assert table1_total(after, "Red") == "1"


def test_the_fingerprint_moves_with_this_plans_updates_and_no_other_plans():
    ours, theirs = ActionFactory(status=Status.ON_TRACK), ActionFactory(status=Status.ON_TRACK)
    plan = ours.domain.plan
    assert theirs.domain.plan != plan

    def data_fix(action):
        update = ActionUpdate(action=action, made_on=timezone.localdate(), status=Status.OFF_TRACK)
        ActionUpdate.objects.bulk_create([update])

    before = tracker_fingerprint(plan=plan)
    data_fix(theirs)
    assert tracker_fingerprint(plan=plan) == before  # their change leaves our page cached
    data_fix(ours)
    assert tracker_fingerprint(plan=plan) != before


def test_a_new_action_shows_on_the_very_next_tracker_response(signed_in_client):
    domain = DomainFactory()
    ActionFactory(domain=domain, number=1)
    url = domain.plan.get_absolute_url()
    assert (
        'id="action-' + str(domain.position) + '-2"'
        not in signed_in_client.get(url).content.decode()
    )
    ActionFactory(domain=domain, number=2, text="A second action, added after the first view.")
    html = signed_in_client.get(url).content.decode()
    assert "A second action, added after the first view." in html


def test_a_renamed_plan_shows_on_the_very_next_plan_list(signed_in_client):
    plan = DomainFactory().plan
    signed_in_client.get(reverse("plans:plan_list"))
    plan.title = "Renamed improvement plan"
    plan.save(update_fields=["title", "updated_at"])
    assert (
        "Renamed improvement plan"
        in signed_in_client.get(reverse("plans:plan_list")).content.decode()
    )


def test_auditing_alone_leaves_a_plans_fingerprint_as_it_was():
    """Auditing only records: the services say when a plan changed (ADR 0035;
    test_freshness_by_service.py holds every service to it)."""
    plan = ActionFactory(status=Status.ON_TRACK).domain.plan
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Plan.objects.filter(pk=plan.pk).update(updated_at=long_ago)
    before = tracker_fingerprint(plan=plan)
    audit_record(actor=None, verb=Verb.CHANGE, obj=plan, plan=plan, summary="Recorded only")
    assert Plan.objects.get(pk=plan.pk).updated_at == long_ago
    assert tracker_fingerprint(plan=plan) == before
