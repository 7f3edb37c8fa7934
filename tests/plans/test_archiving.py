"""Archiving keeps what a board may have seen: archived things are read-only, never deleted."""

import re

import pytest
from django.urls import reverse

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Action, ActionUpdate, Domain, Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.plans import plan_summary
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services.rules import EditRefused
from tests.factories import ActionFactory, DomainFactory, record_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(help_and_protection):
    leadership = DomainFactory(plan=help_and_protection.plan, position=2, label="Leadership")
    ActionFactory(domain=leadership, number=1, status=Status.AT_RISK)
    return help_and_protection.plan


def action_args(plan, position=1, number=1):
    return [plan.slug, position, number]


def tracker_rows(html):
    return re.findall(r'<tr class="govuk-table__row" id="(action-\d+-\d+)"', html)


def test_archiving_a_plan_keeps_it_readable_marked_and_listed(plan, manager_of):
    client = manager_of(plan)
    url = reverse("plans:plan_archive", args=[plan.slug])
    assert "Archive this plan" in client.get(url).content.decode()

    response = client.post(url, {"confirm": "Archive this plan"})

    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    plan.refresh_from_db()
    assert plan.archived_at is not None
    tracker = client.get(plan.get_absolute_url()).content.decode()
    assert "govuk-notification-banner" in tracker
    assert "This plan was archived on" in tracker
    assert len(tracker_rows(tracker)) == 3  # still readable and reportable
    assert plan_summary(plan=plan)["table1"]["Totals"]["Total"] == 3
    listing = client.get(reverse("plans:plan_list")).content.decode()
    assert plan.get_absolute_url() not in listing
    assert ">1 archived plan</a>" in listing
    archived = client.get(reverse("plans:archived_plans")).content.decode()
    assert f'href="{plan.get_absolute_url()}">{plan.title}</a>' in archived
    event = AuditEvent.objects.get(
        verb=Verb.ARCHIVE, object_type=plan._meta.label_lower, object_id=str(plan.pk)
    )
    assert event.before == {"archived_at": None}
    assert event.after["archived_at"] == plan.archived_at.isoformat()


def test_an_archived_plan_refuses_the_update_and_editing_pages(plan, manager_of):
    client = manager_of(plan)
    archiving_services.plan_archive(plan=plan, by=None)
    updates = ActionUpdate.objects.count()
    urls = [
        reverse("plans:action_update", args=action_args(plan)),
        reverse("plans:suggestions", args=[plan.slug]),
        reverse("plans:plan_archive", args=[plan.slug]),
        reverse("plans:action_archive", args=action_args(plan)),
    ]
    for url in urls:
        for response in (client.get(url), client.post(url, {"confirm": "1", "version": "1"})):
            assert response.status_code == 403, url
            assert "This plan is archived" in response.content.decode()
    assert ActionUpdate.objects.count() == updates
    assert not Action.objects.filter(archived_at__isnull=False).exists()
    detail = client.get(reverse("plans:action_detail", args=action_args(plan))).content.decode()
    assert "Record a progress update" not in detail
    assert "Archive this action" not in detail


def test_the_update_service_refuses_an_archived_plan(plan):
    action = Action.objects.filter(domain__plan=plan).first()
    archiving_services.plan_archive(plan=plan, by=None)
    with pytest.raises(EditRefused):
        record_update(
            action,
            made_on=action.updates.get().made_on,
            status=Status.OFF_TRACK,
            progress="After archiving.",
        )


def test_archiving_an_action_hides_it_from_the_tracker_and_tables_and_keeps_it(plan, manager_of):
    client = manager_of(plan)
    action = Action.objects.get(domain__plan=plan, domain__position=1, number=2)
    url = reverse("plans:action_archive", args=action_args(plan, 1, 2))

    response = client.post(url, {"version": str(action.version), "confirm": "1"})

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.archived_at is not None
    assert action.version == 2
    tracker = client.get(plan.get_absolute_url()).content.decode()
    assert tracker_rows(tracker) == ["action-1-1", "action-2-1"]
    assert plan_summary(plan=plan)["table1"]["Help and Protection"]["Red"] == 0
    assert plan_summary(plan=plan)["table1"]["Totals"]["Total"] == 2
    archived = client.get(reverse("plans:archived_items", args=[plan.slug])).content.decode()
    assert "Help and Protection, action 2" in archived
    detail = client.get(response.url).content.decode()
    assert "This action was archived on" in detail
    assert "Late." in detail  # its history is kept
    refused = client.get(reverse("plans:action_update", args=action_args(plan, 1, 2)))
    assert refused.status_code == 403
    assert "is archived" in refused.content.decode()


def test_archiving_a_domain_takes_it_and_its_actions_out_of_table1(plan):
    leadership = Domain.objects.get(plan=plan, label="Leadership")
    archiving_services.domain_archive(domain=leadership, by=None)
    summary = plan_summary(plan=plan)
    assert summary["domains"] == ["Help and Protection"]
    assert summary["table1"]["Totals"]["Total"] == 2
    assert Action.objects.filter(domain=leadership).count() == 1  # kept


def test_archiving_from_an_old_copy_is_refused_and_shows_the_change(plan, manager_of):
    client = manager_of(plan)
    action = Action.objects.get(domain__plan=plan, domain__position=1, number=1)
    seen = action.version
    record_update(
        action,
        made_on=action.updates.get().made_on,
        status=Status.AT_RISK,
        progress="Changed meanwhile.",
        expected_version=seen,
    )
    url = reverse("plans:action_archive", args=action_args(plan))
    response = client.post(url, {"version": str(seen), "confirm": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed by someone else" in html
    assert f'name="version" value="{seen + 1}"' in html
    action.refresh_from_db()
    assert action.archived_at is None


def test_a_member_who_is_not_a_plan_manager_cannot_archive(plan, member_of):
    client = member_of(plan)
    assert client.get(plan.get_absolute_url()).status_code == 200
    response = client.post(reverse("plans:plan_archive", args=[plan.slug]), {"confirm": "1"})
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).archived_at is None
    assert "Archive this plan" not in client.get(plan.get_absolute_url()).content.decode()


def test_archiving_is_all_or_nothing(plan, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(archiving_services, "audit_record", fail)
    action = Action.objects.filter(domain__plan=plan).first()
    with pytest.raises(RuntimeError):
        archiving_services.action_archive(action=action, by=None, expected_version=action.version)
    with pytest.raises(RuntimeError):
        archiving_services.plan_archive(plan=plan, by=None)
    action.refresh_from_db()
    assert (action.archived_at, action.version) == (None, 1)
    assert Plan.objects.get(pk=plan.pk).archived_at is None


# Restoring: what was archived by mistake comes back as it was, and the trail says so.


def archived_page(client, plan):
    return client.get(reverse("plans:archived_items", args=[plan.slug])).content.decode()


def test_restoring_an_action_puts_it_back_with_its_number_and_history(plan, manager_of):
    client = manager_of(plan)
    action = Action.objects.get(domain__plan=plan, domain__position=1, number=2)
    archiving_services.action_archive(action=action, by=None, expected_version=action.version)
    assert tracker_rows(client.get(plan.get_absolute_url()).content.decode()) == [
        "action-1-1",
        "action-2-1",
    ]
    page = archived_page(client, plan)
    assert (
        'Restore <span class="govuk-visually-hidden">Help and Protection, action 2</span>' in page
    )
    detail = reverse("plans:action_detail", args=action_args(plan, 1, 2))
    banner = "no longer be changed unless a plan manager restores it."
    assert banner in client.get(detail).content.decode()

    url = reverse("plans:action_restore", args=action_args(plan, 1, 2))
    response = client.post(url, {"version": str(action.version)})

    assert response.status_code == 302
    assert response.url == reverse("plans:action_detail", args=action_args(plan, 1, 2))
    action.refresh_from_db()
    assert (action.archived_at, action.version) == (None, 3)
    # On the very next request: the tracker, Table 1 and the action's page.
    tracker = client.get(plan.get_absolute_url()).content.decode()
    assert tracker_rows(tracker) == ["action-1-1", "action-1-2", "action-2-1"]
    assert plan_summary(plan=plan)["table1"]["Help and Protection"]["Red"] == 1
    detail = client.get(response.url).content.decode()
    assert "This action was archived on" not in detail
    assert "Late." in detail
    event = AuditEvent.objects.get(
        verb=Verb.RESTORE, object_type=action._meta.label_lower, object_id=str(action.pk)
    )
    assert event.summary == "Restored Help and Protection, action 2"
    assert event.before["archived_at"] is not None
    assert event.after == {"archived_at": None, "version": 3}


def test_restoring_a_domain_brings_back_its_actions_but_not_those_archived_alone(plan, manager_of):
    client = manager_of(plan)
    leadership = Domain.objects.get(plan=plan, label="Leadership")
    alone = ActionFactory(domain=leadership, number=2)
    archiving_services.action_archive(action=alone, by=None, expected_version=alone.version)
    archiving_services.domain_archive(domain=leadership, by=None)
    page = archived_page(client, plan)
    assert 'Restore <span class="govuk-visually-hidden">Leadership</span> with its actions' in page

    response = client.post(reverse("plans:domain_restore", args=[plan.slug, 2]))

    assert response.status_code == 302
    assert response.url == f"{plan.get_absolute_url()}#domain-2"
    tracker = client.get(plan.get_absolute_url()).content.decode()
    assert tracker_rows(tracker) == ["action-1-1", "action-1-2", "action-2-1"]
    assert plan_summary(plan=plan)["domains"] == ["Help and Protection", "Leadership"]
    assert "Leadership, action 2" in archived_page(client, plan)  # still archived on its own
    assert AuditEvent.objects.filter(verb=Verb.RESTORE, summary="Restored the domain Leadership")


def test_a_restore_that_cannot_be_done_says_why_and_changes_nothing(plan, manager_of):
    client = manager_of(plan)
    leadership = Domain.objects.get(plan=plan, label="Leadership")
    inside = Action.objects.get(domain=leadership, number=1)
    archiving_services.action_archive(action=inside, by=None, expected_version=inside.version)
    archiving_services.domain_archive(domain=leadership, by=None)
    inside.refresh_from_db()
    live = Action.objects.get(domain__plan=plan, domain__position=1, number=1)
    attempts = [
        (
            reverse("plans:action_restore", args=action_args(plan, 2, 1)),
            {"version": str(inside.version)},
            "Leadership is archived: restore it to restore Leadership, action 1.",
        ),
        (
            reverse("plans:action_restore", args=action_args(plan, 1, 1)),
            {"version": str(live.version)},
            "Help and Protection, action 1 is not archived.",
        ),
        (
            reverse("plans:action_restore", args=action_args(plan, 2, 1)),
            {"version": str(inside.version - 1)},
            "Someone else changed this action after you opened this page. Try again.",
        ),
        (
            reverse("plans:domain_restore", args=[plan.slug, 1]),
            {},
            "Help and Protection is not archived.",
        ),
    ]
    events = AuditEvent.objects.count()
    for url, data, message in attempts:
        response = client.post(url, data)
        assert response.status_code == 409, url
        html = response.content.decode()
        assert f'<p class="govuk-body" id="restore-problem">{message}</p>' in html
        assert "<title>Error: " in html
    assert AuditEvent.objects.count() == events
    inside.refresh_from_db()
    assert inside.archived_at is not None


def test_only_a_plan_manager_restores_and_nothing_in_an_archived_plan(plan, manager_of, member_of):
    action = Action.objects.get(domain__plan=plan, domain__position=1, number=2)
    archiving_services.action_archive(action=action, by=None, expected_version=action.version)
    url = reverse("plans:action_restore", args=action_args(plan, 1, 2))
    reader = member_of(plan)
    assert "Restore" not in archived_page(reader, plan)
    assert reader.post(url, {"version": "2"}).status_code == 403

    manager = manager_of(plan)
    archiving_services.plan_archive(plan=plan, by=None)
    assert "Restore" not in archived_page(manager, plan)
    for restore in (url, reverse("plans:domain_restore", args=[plan.slug, 1])):
        response = manager.post(restore, {"version": "2"})
        assert response.status_code == 403
        assert "This plan is archived" in response.content.decode()
    assert manager.get(url).status_code == 405  # a button posts to it; it shows nothing
    action.refresh_from_db()
    assert action.archived_at is not None
