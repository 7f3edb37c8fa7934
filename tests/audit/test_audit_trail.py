"""Every kind of change is recorded with who, when, what, before and after; nothing edits it."""

import datetime as dt
import re

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from improvement_tracker.accounts import services as account_services
from improvement_tracker.accounts.models import Role
from improvement_tracker.audit.models import AppendOnly, AuditEvent, Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans import audit_views
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services import importing as importing_services
from improvement_tracker.plans.services import roles as roles_services
from tests.audit.tampering import raw
from tests.factories import PlanFactory, record_update

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2020, 11, 2)


def latest(verb):
    return AuditEvent.objects.filter(verb=verb).first()


def manager_updates(world, **update):
    """The plan manager records an update, dated 2 November 2020, to the lead's action."""
    record_update(world.own_action, by=world.people["plan manager"], made_on=NOVEMBER, **update)
    return world.people["plan manager"]


def test_import_and_archive_on_replace_are_recorded(example_path, django_user_model):
    from improvement_tracker.documents.importers import read_plan_file

    importer = django_user_model.objects.create_user(username="importer")
    plan = importing_services.plan_import(document=read_plan_file(example_path), by=importer)
    event = latest(Verb.IMPORT)
    assert (event.actor, event.plan, event.object_id) == (importer, plan, str(plan.pk))
    assert "58 actions" in event.summary
    assert event.after["slug"] == plan.slug
    importing_services.plan_import(document=read_plan_file(example_path), replace=True, by=importer)
    archived = latest(Verb.ARCHIVE)
    assert archived.before == {"slug": plan.slug, "archived_at": None}
    assert archived.after["slug"].startswith(f"{plan.slug}-replaced-")


def test_status_change_is_recorded_with_before_and_after(world):
    manager = manager_updates(
        world, status=Status.OFF_TRACK, progress="Late.", reason="Date passed."
    )
    event = latest(Verb.STATUS)
    assert event.actor == manager
    assert event.actor_name == "manager"
    assert event.plan == world.plan
    assert event.before["status"] == Status.NOT_RATED
    assert event.after["status"] == Status.OFF_TRACK
    assert event.after["progress"] == "Late."
    assert event.after["reason"] == "Date passed."
    assert event.at is not None


def test_update_without_status_change_is_recorded_as_an_update(world):
    manager_updates(world, status=Status.NOT_RATED, progress="New words.")
    event = latest(Verb.UPDATE)
    assert event.before["progress"] != event.after["progress"] == "New words."


def test_role_and_sharing_changes_are_recorded(world):
    manager = world.people["plan manager"]
    outsider = world.people["outsider"]
    roles_services.plan_role_set(plan=world.plan, user=outsider, role=Role.VIEWER, by=manager)
    granted = latest(Verb.ROLE)
    assert (granted.before, granted.after) == (None, {"user": "outsider", "role": "viewer"})
    roles_services.plan_role_set(plan=world.plan, user=outsider, role=Role.MANAGER, by=manager)
    changed = latest(Verb.ROLE)
    assert (changed.before["role"], changed.after["role"]) == ("viewer", "manager")
    roles_services.plan_role_remove(plan=world.plan, user=outsider, by=manager)
    removed = latest(Verb.ROLE)
    assert (removed.before["role"], removed.after) == ("manager", None)


def test_adding_a_person_is_recorded(world):
    admin_user = world.people["organisation administrator"]
    account_services.organisation_person_add(
        organisation=world.plan.organisation,
        username="new-person",
        email="new@example.gov.uk",
        first_name="New",
        last_name="Person",
        is_admin=False,
        by=admin_user,
    )
    event = latest(Verb.CREATE)
    assert event.actor == admin_user
    assert event.after == {
        "username": "new-person",
        "email": "new@example.gov.uk",
        "is_admin": False,
    }


def test_sign_in_and_failed_sign_in_are_recorded(client, django_user_model):
    django_user_model.objects.create_user(username="lead", password="right-password-123")
    client.post(reverse("login"), {"username": "lead", "password": "wrong"})
    failed = latest(Verb.SIGN_IN_FAILED)
    assert failed.actor is None
    assert failed.actor_name == "lead"
    assert "wrong" not in str(failed.before) + str(failed.after) + failed.summary
    assert failed.ip_address == "127.0.0.1"
    client.post(reverse("login"), {"username": "lead", "password": "right-password-123"})
    assert latest(Verb.SIGN_IN).actor.username == "lead"


def test_audit_events_cannot_be_changed_or_deleted():
    event = audit_record(actor=None, verb=Verb.CHANGE, summary="Something changed")
    event.summary = "Rewritten"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(summary="Rewritten")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "Something changed"


def test_both_databases_refuse_raw_sql_that_changes_deletes_or_empties_events(
    django_user_model,
):
    """Triggers (audit migration 0007) stop what gets past the model, on either database."""
    other = django_user_model.objects.create_user(username="other", password="x")
    event = audit_record(actor=None, verb=Verb.CHANGE, summary="Something changed")
    attempts = [
        ("UPDATE {table} SET summary = 'Rewritten' WHERE id = %s", event.pk),
        ("UPDATE {table} SET actor_id = %s WHERE id = %s", other.pk, event.pk),
        ("UPDATE {table} SET actor_id = NULL WHERE id = %s", event.pk),
        ("DELETE FROM {table} WHERE id = %s", event.pk),
        ("DELETE FROM {table}",),
    ]
    if connection.vendor == "postgresql":
        attempts.append(("TRUNCATE {table}",))
    for sql, *params in attempts:
        refused = pytest.raises(DatabaseError, match="audit events are append-only")
        with refused, transaction.atomic():
            raw(sql, *params)
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.summary, kept.actor_id) == ("Something changed", None)


def test_deleting_a_person_or_a_plan_keeps_their_events_unchanged(django_user_model):
    """The event keeps the deleted person's or plan's id, as it keeps the person's name:
    nothing ever updates an event, so its hash still holds (ADR 0025)."""
    leaver = django_user_model.objects.create_user(username="leaver", password="x")
    plan = PlanFactory()
    event = audit_record(actor=leaver, verb=Verb.CHANGE, summary="Changed", plan=plan)
    ids = (leaver.pk, plan.pk)
    leaver.delete()
    Plan.objects.filter(pk=plan.pk).delete()
    kept = AuditEvent.objects.select_related("actor", "plan").get(pk=event.pk)
    assert (kept.actor_id, kept.plan_id) == ids
    assert (kept.actor, kept.plan) == (None, None)
    assert (kept.actor_name, kept.summary, kept.hash) == ("leaver", "Changed", event.hash)
    client = Client()
    client.force_login(django_user_model.objects.create_superuser(username="root"))
    listed = client.get(reverse("admin:audit_auditevent_changelist"))
    shown = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert (listed.status_code, shown.status_code) == (200, 200)
    assert "leaver" in shown.content.decode()


def test_not_even_a_superuser_can_edit_audit_events_in_the_admin(django_user_model):
    superuser = django_user_model.objects.create_superuser(username="root", password="x")
    event = audit_record(actor=None, verb=Verb.CHANGE, summary="Something changed")
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    client = Client()
    client.force_login(superuser)
    url = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_plan_managers_see_the_plan_and_action_history(world):
    manager = manager_updates(world, status=Status.AT_RISK, progress="<b>Slipping</b>")
    action = world.own_action
    client = Client()
    client.force_login(manager)
    plan_page = client.get(reverse("plan_audit", args=[world.plan.slug])).content.decode()
    action_page = client.get(
        reverse("action_audit", args=[world.plan.slug, 1, action.number])
    ).content.decode()
    for html in (plan_page, action_page):
        assert "Status changed: Help and Protection, action C1.3" in html
        assert "&lt;b&gt;Slipping&lt;/b&gt;" in html
        assert "<b>Slipping</b>" not in html


def test_a_long_history_is_read_a_page_at_a_time_newest_first(world, monkeypatch):
    monkeypatch.setattr(audit_views, "PAGE_SIZE", 1)
    manager = world.people["plan manager"]
    for verb in (Verb.EXPORT, Verb.ARCHIVE):
        audit_record(
            actor=manager, verb=verb, obj=world.plan, plan=world.plan, summary=f"{verb.label} it"
        )
    client = Client()
    client.force_login(manager)
    url = reverse("plan_audit", args=[world.plan.slug])
    newest, older = (client.get(url, {"page": n}).content.decode() for n in (1, 2))
    assert f"{Verb.ARCHIVE.label} it" in newest and Verb.EXPORT.label not in newest
    assert f"{Verb.EXPORT.label} it" in older and Verb.ARCHIVE.label not in older
    assert 'aria-label="Pages of the audit history"' in newest
    assert re.search(r'href="\?page=2" rel="next">.*?Older.*?</a>', newest, re.S)
    assert re.search(r'href="\?page=1" rel="prev">.*?Newer.*?</a>', older, re.S)
