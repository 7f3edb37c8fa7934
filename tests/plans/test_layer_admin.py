"""Objectives, activities, extra fields and their values in the admin site (ADR 0048):
audited like every registration, and read only, since their changes are the services'."""

import pytest
from django.contrib import admin
from django.urls import reverse

from improvement_tracker.audit.admin_audit import AuditedModelAdmin
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Activity, ExtraField, ExtraValue, Objective
from tests.plans.layers import layered_plan

pytestmark = pytest.mark.django_db

MODELS = [Objective, Activity, ExtraField, ExtraValue]


@pytest.fixture
def superuser_client(client, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(root)
    return client


@pytest.fixture
def things():
    """One of each: the layered plan's objective 1.1 and activity 1.1.1, and a value."""
    layered = layered_plan()
    field = ExtraField.objects.create(plan=layered.plan, position=1, name="Success measures")
    value = ExtraValue.objects.create(action=layered.served, field=field, text="Fewer re-referrals")
    return {
        Objective: layered.first,
        Activity: layered.activities[0],
        ExtraField: field,
        ExtraValue: value,
    }


def url(model, view, *args):
    return reverse(f"admin:plans_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_each_is_in_the_admin_site_and_audited(model):
    assert isinstance(admin.site._registry.get(model), AuditedModelAdmin)


@pytest.mark.parametrize(
    ("model", "words"),
    [
        (Objective, "To establish systems for referrals."),
        (Activity, "Draft the thresholds document."),
        (ExtraField, "Success measures"),
        (ExtraValue, "Fewer re-referrals"),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_a_superuser_finds_and_reads_each_with_its_plan(superuser_client, things, model, words):
    found = superuser_client.get(url(model, "changelist"), {"q": words.split()[1]})
    assert found.status_code == 200
    html = found.content.decode()
    assert words in html and "Layered plan" in html
    page = superuser_client.get(url(model, "change", things[model].pk))
    assert page.status_code == 200
    assert words in page.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_nothing_is_added_changed_or_deleted_there(superuser_client, things, model):
    thing = things[model]
    before = model.objects.filter(pk=thing.pk).values().get()
    assert superuser_client.get(url(model, "add")).status_code == 403
    changed = superuser_client.post(url(model, "change", thing.pk), {"text": "x", "name": "x"})
    assert changed.status_code == 403
    deleted = superuser_client.post(url(model, "delete", thing.pk), {"post": "yes"})
    assert deleted.status_code == 403
    bulk = superuser_client.post(
        url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [thing.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert model.objects.filter(pk=thing.pk).values().get() == before
    assert not AuditEvent.objects.filter(verb=Verb.ADMIN).exists()


def test_staff_who_are_not_superusers_may_not_read_them(client, django_user_model, things):
    person = django_user_model.objects.create_user(username="staff", password="x", is_staff=True)
    client.force_login(person)
    for model in MODELS:
        assert client.get(url(model, "changelist")).status_code == 403
