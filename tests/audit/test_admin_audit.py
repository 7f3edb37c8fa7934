"""Every add, change and delete made through /admin/ is audited, with the values before
and after, the plan where there is one, and never a password hash (finding 10)."""

import datetime as dt
import json
import re

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from improvement_tracker.accounts.models import Membership, Organisation, PlanRole, Role
from improvement_tracker.audit.admin_audit import AuditedModelAdmin
from improvement_tracker.audit.models import AuditEvent, Verb
from tests.factories import OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db

JOINED = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)  # 09:30 in London in January


@pytest.fixture
def superuser_client(client, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(root)
    return client


def admin_events(model):
    return AuditEvent.objects.filter(verb=Verb.ADMIN, object_type=model._meta.label_lower).order_by(
        "id"
    )


def everything_recorded():
    return json.dumps(list(AuditEvent.objects.values("summary", "before", "after")))


def test_every_model_admin_is_audited_including_djangos_own_user_and_group_admins():
    assert User in admin.site._registry
    assert Group in admin.site._registry
    assert AccessAttempt in admin.site._registry
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedModelAdmin)
    ]
    assert unaudited == []


def person_form(person, **changes):
    data = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "is_active": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:30:00",
        "last_login_0": "",
        "last_login_1": "",
        "membership-TOTAL_FORMS": "0",
        "membership-INITIAL_FORMS": "0",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
        "plan_roles-TOTAL_FORMS": "0",
        "plan_roles-INITIAL_FORMS": "0",
        "plan_roles-MIN_NUM_FORMS": "0",
        "plan_roles-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_making_someone_a_superuser_in_the_admin_is_audited(superuser_client, django_user_model):
    person = django_user_model.objects.create_user(
        username="alice", password="alices-password-123", date_joined=JOINED
    )
    url = reverse("admin:auth_user_change", args=[person.pk])
    form = person_form(person, is_staff="on", is_superuser="on")
    response = superuser_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    (event,) = admin_events(User)
    assert event.actor.username == "root"
    assert event.object_id == str(person.pk)
    assert event.before == {"is_staff": False, "is_superuser": False}
    assert event.after == {"is_staff": True, "is_superuser": True}
    assert "Changed is_superuser, is_staff of user 'alice' in the admin site" in event.summary
    assert event.ip_address == "127.0.0.1"
    assert person.password not in everything_recorded()


def test_a_role_given_in_the_admin_is_in_that_plans_history(superuser_client, django_user_model):
    plan = PlanFactory()
    other_plan = PlanFactory(organisation=plan.organisation)
    person = django_user_model.objects.create_user(username="bob", date_joined=JOINED)
    manager = django_user_model.objects.create_user(username="manager")
    Membership.objects.create(user=manager, organisation=plan.organisation)
    PlanRole.objects.create(plan=plan, user=manager, role=Role.MANAGER)
    url = reverse("admin:auth_user_change", args=[person.pk])
    form = person_form(person)
    form |= {"plan_roles-TOTAL_FORMS": "1", "plan_roles-0-plan": plan.pk}
    form |= {"plan_roles-0-role": Role.VIEWER, "plan_roles-0-user": person.pk}
    assert superuser_client.post(url, form).status_code == 302
    role = PlanRole.objects.get(user=person)
    (event,) = admin_events(PlanRole)
    assert (event.plan_id, event.object_id, event.before) == (plan.pk, str(role.pk), None)
    assert event.after | {"id": None} == {
        "id": None,
        "plan": plan.pk,
        "user": person.pk,
        "role": "viewer",
        "created_at": event.after["created_at"],
    }
    assert not AuditEvent.objects.filter(plan=other_plan).exists()
    superuser_client.force_login(manager)
    history = superuser_client.get(reverse("plan_audit", args=[plan.slug])).content.decode()
    assert re.search(
        r'row" class="govuk-table__header">Added plan role .* in the admin site', history
    )


def test_changing_and_deleting_an_organisation_in_the_admin_is_audited(superuser_client):
    organisation = OrganisationFactory(name="Old name", slug="old-name")
    url = reverse("admin:accounts_organisation_change", args=[organisation.pk])
    form = {"name": "New name", "slug": "old-name", "email_domain": "example.gov.uk"}
    assert superuser_client.post(url, form).status_code == 302
    url = reverse("admin:accounts_organisation_delete", args=[organisation.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    changed, deleted = admin_events(Organisation)
    assert changed.before == {"name": "Old name", "email_domain": ""}
    assert changed.after == {"name": "New name", "email_domain": "example.gov.uk"}
    assert deleted.summary.startswith("Deleted organisation 'New name' in the admin site")
    assert deleted.before["slug"] == "old-name"
    assert deleted.after is None
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


def test_a_group_added_with_permissions_in_the_admin_is_audited(superuser_client):
    permission = Permission.objects.get(codename="change_user")
    url = reverse("admin:auth_group_add")
    response = superuser_client.post(url, {"name": "Helpdesk", "permissions": [permission.pk]})
    assert response.status_code == 302
    (event,) = admin_events(Group)
    assert event.before is None
    assert event.after["name"] == "Helpdesk"
    assert event.after["permissions"] == [str(permission)]


def test_a_password_set_in_the_admin_is_audited_without_any_hash(
    superuser_client, django_user_model
):
    person = django_user_model.objects.create_user(username="carol", password="old-pass-1234x")
    old_hash = person.password
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    new = "a-new-long-password-9876"
    response = superuser_client.post(
        url, {"password1": new, "password2": new, "usable_password": "true"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    # Recorded once, as a password change (accounts/passwords.py), not also as an admin change.
    assert not admin_events(User).exists()
    (event,) = AuditEvent.objects.filter(
        verb=Verb.PASSWORD, object_type=person._meta.label_lower, object_id=str(person.pk)
    )
    assert event.summary == "root set a new password for carol in the admin site"
    recorded = everything_recorded()
    assert old_hash not in recorded
    assert person.password not in recorded
    assert new not in recorded


def test_deleting_a_lockout_in_the_admin_is_audited(superuser_client):
    attempt = AccessAttempt.objects.create(
        username="dave", ip_address="10.0.0.9", user_agent="x", failures_since_start=5
    )
    url = reverse("admin:axes_accessattempt_changelist")
    response = superuser_client.post(
        url, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    (event,) = admin_events(AccessAttempt)
    assert event.before["username"] == "dave"
    assert event.summary.startswith("Deleted access attempt")


def test_a_person_added_in_the_admin_is_audited_with_their_password_hidden(superuser_client):
    password = "a-long-new-password-4321"
    response = superuser_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "erin",
            "password1": password,
            "password2": password,
            "usable_password": "true",
            "membership-TOTAL_FORMS": "0",
            "membership-INITIAL_FORMS": "0",
            "plan_roles-TOTAL_FORMS": "0",
            "plan_roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    erin = User.objects.get(username="erin")
    (event,) = admin_events(User)
    assert (event.before, event.object_id) == (None, str(erin.pk))
    assert event.after["username"] == "erin"
    assert event.after["password"] == "(hidden)"
    assert erin.password not in everything_recorded()
    assert password not in everything_recorded()
