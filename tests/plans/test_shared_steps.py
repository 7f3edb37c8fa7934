"""The steps several services share, held to every service that takes them: archiving
(plans, domains, objectives, activities, extra fields: services/archiving.py `_archived`)
and swapping a domain or an extra field with its neighbour (services/positions.py); and the
page that asks before each of those archives (plans/archive_page.py)."""

import pytest
from django.urls import reverse

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Domain, ExtraField
from improvement_tracker.plans.services import archiving, domains, extra_fields
from improvement_tracker.plans.services.activities import activity_archive
from improvement_tracker.plans.services.objectives import objective_archive
from tests.plans.layers import layered_plan

pytestmark = pytest.mark.django_db


def _plan(layered):
    archiving.plan_archive(plan=layered.plan, by=None)
    return layered.plan, "Archived the plan 'Layered plan'"


def _domain(layered):
    archiving.domain_archive(domain=layered.other, by=None)
    return layered.other, "Archived the domain Std 2"


def _objective(layered):
    objective_archive(objective=layered.second, by=None)
    return layered.second, "Archived Std 1, Objective 1.2"


def _activity(layered):
    activity = layered.activities[1]
    activity_archive(activity=activity, by=None)
    return activity, "Archived Activity 1.1.2 of Std 1, action 2"


def _field(layered):
    field = extra_fields.extra_field_add(plan=layered.plan, name="Outcome", by=None)
    extra_fields.extra_field_archive(field=field, by=None)
    return field, "Archived the field Outcome"


@pytest.mark.parametrize("archive", [_plan, _domain, _objective, _activity, _field])
def test_each_archive_keeps_the_item_dated_and_audits_it_before_and_after(archive):
    layered = layered_plan()
    item, summary = archive(layered)
    stored = type(item).objects.get(pk=item.pk)
    assert stored.archived_at is not None
    event = AuditEvent.objects.get(
        verb=Verb.ARCHIVE, object_type=item._meta.label_lower, object_id=str(item.pk)
    )
    assert event.summary == summary
    assert event.plan_id == layered.plan.pk
    assert event.before == {"archived_at": None}
    assert event.after == {"archived_at": stored.archived_at.isoformat()}


ARCHIVE = {
    Domain: lambda domain: archiving.domain_archive(domain=domain, by=None),
    ExtraField: lambda field: extra_fields.extra_field_archive(field=field, by=None),
}


def _three_domains(layered):
    domains.domain_add(plan=layered.plan, title="STANDARD 3", label="Std 3", by=None)
    return Domain, "label", domains.domain_move, "domain"


def _three_fields(layered):
    for name in ("Std 1", "Std 2", "Std 3"):
        extra_fields.extra_field_add(plan=layered.plan, name=name, by=None)
    return ExtraField, "name", extra_fields.extra_field_move, "field"


@pytest.mark.parametrize("make", [_three_domains, _three_fields])
def test_moving_swaps_with_the_live_neighbour_and_audits_both_places(make):
    layered = layered_plan()
    model, name, move, keyword = make(layered)

    def item(called):
        return model.objects.get(plan=layered.plan, **{name: called})

    def order():
        live = model.objects.filter(plan=layered.plan, archived_at__isnull=True)
        return list(live.order_by("position").values_list(name, flat=True))

    ARCHIVE[model](item("Std 2"))
    before = item("Std 3").position, item("Std 1").position
    move(**{keyword: item("Std 3")}, up=True, by=None)
    assert order() == ["Std 3", "Std 1"]
    assert item("Std 2").position == 2  # the archived one keeps its place
    event = AuditEvent.objects.filter(verb=Verb.CHANGE, summary__startswith="Moved").get()
    assert event.before == {"Std 3": before[0], "Std 1": before[1]}
    assert event.after == {"Std 3": before[1], "Std 1": before[0]}

    move(**{keyword: item("Std 3")}, up=True, by=None)  # at the top already
    assert order() == ["Std 3", "Std 1"]
    assert AuditEvent.objects.filter(summary__startswith="Moved").count() == 1


def _pages(layered):
    """Each caller's archive page: (its address, where it goes back to, its heading, the item)."""
    plan, domain, action = layered.plan, layered.domain, layered.served
    field = extra_fields.extra_field_add(plan=plan, name="Outcome", by=None)
    activity = layered.activities[0]
    objectives = reverse("plans:objectives", args=[plan.slug, domain.position])
    activities = reverse("plans:activities", args=[plan.slug, domain.position, action.number])
    fields = reverse("plans:extra_fields", args=[plan.slug])
    return {
        "plan": (
            reverse("plans:plan_archive", args=[plan.slug]),
            plan.get_absolute_url(),
            "Archive Layered plan",
            plan,
        ),
        "domain": (
            reverse("plans:domain_archive", args=[plan.slug, 2]),
            reverse("plans:manage", args=[plan.slug]),
            "Archive Std 2",
            layered.other,
        ),
        "objective": (
            f"{objectives}{layered.first.pk}/archive/",
            objectives,
            "Archive Std 1, Objective 1.1",
            layered.first,
        ),
        "activity": (
            f"{activities}{activity.pk}/archive/",
            activities,
            "Archive Activity 1.1.1 of Std 1, action 2",
            activity,
        ),
        "field": (
            reverse("plans:extra_field_archive", args=[plan.slug, field.pk]),
            fields,
            "Archive the field Outcome",
            field,
        ),
    }


@pytest.mark.parametrize("which", ["plan", "domain", "objective", "activity", "field"])
def test_each_archive_page_asks_first_then_archives_and_goes_back(which, manager_of):
    layered = layered_plan()
    url, back, heading, item = _pages(layered)[which]
    client = manager_of(layered.plan)

    page = client.get(url).content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert f'<a class="govuk-link" href="{back}">Cancel</a>' in page
    assert "govuk-button--warning" in page and "kept" in page
    assert type(item).objects.get(pk=item.pk).archived_at is None  # asking changes nothing

    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == back
    assert type(item).objects.get(pk=item.pk).archived_at is not None
