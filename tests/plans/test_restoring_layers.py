"""Restoring archived objectives, activities and extra fields (ADR 0043): from the plan's
archived items page, plan managers only, audited, and refused with a reason where their
domain or action is archived or a field in use has the name."""

import pytest
from django.urls import reverse

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Action, Activity, ExtraField, ExtraValue, Objective
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services import activities as activities_services
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services import extra_fields as extra_fields_services
from improvement_tracker.plans.services import objectives as objectives_services
from improvement_tracker.plans.services.rules import EditRefused
from tests.factories import ActionFactory, DomainFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def layered(help_and_protection):
    """Help and Protection with objective 1 over action 1, activity 1.1 under it and a
    field Outcome with a value on it: each archived."""
    domain = help_and_protection
    action = Action.objects.get(domain=domain, number="1")
    objective = objectives_services.objective_add(
        domain=domain, number="1", text="To establish systems.", lead_text="Head", by=None
    )
    Action.objects.filter(pk=action.pk).update(objective=objective)
    activity = activities_services.activity_add(
        action=action,
        number="1.1",
        text="Book the trainers.",
        lead_text="",
        timescale_text="",
        status=Status.ON_TRACK,
        by=None,
    )
    field = extra_fields_services.extra_field_add(plan=domain.plan, name="Outcome", by=None)
    ExtraValue.objects.create(action=action, field=field, text="Fewer referrals")
    objectives_services.objective_archive(objective=objective, by=None)
    activities_services.activity_archive(activity=activity, by=None)
    extra_fields_services.extra_field_archive(field=field, by=None)
    return domain.plan


def restore_url(plan, name, thing):
    return reverse(f"plans:{name}_restore", args=[plan.slug, thing.pk])


def archived_page(client, plan):
    return client.get(reverse("plans:archived_items", args=[plan.slug])).content.decode()


def test_the_archived_items_page_lists_each_with_a_button_that_restores_it(layered, manager_of):
    client = manager_of(layered)
    page = archived_page(client, layered)
    assert "Archived objectives" in page and "To establish systems." in page
    assert "Archived activities" in page and "Book the trainers." in page
    assert "Archived fields" in page and "Outcome" in page
    objective = Objective.objects.get(text="To establish systems.")
    activity = Activity.objects.get(text="Book the trainers.")
    field = ExtraField.objects.get(name="Outcome")

    for name, thing in [("objective", objective), ("activity", activity)]:
        assert f'action="{restore_url(layered, name, thing)}"' in page
        assert client.post(restore_url(layered, name, thing)).status_code == 302
    assert client.post(restore_url(layered, "extra_field", field)).status_code == 302

    for thing in (objective, activity, field):
        thing.refresh_from_db()
        assert thing.archived_at is None
    tracker = client.get(layered.get_absolute_url()).content.decode()
    assert "Objective 1: To establish systems." in tracker
    assert "Book the trainers." in tracker
    assert "<strong>Outcome:</strong> Fewer referrals" in tracker  # its value was kept
    assert "Nothing has been archived from this plan." in archived_page(client, layered)


def test_each_restore_is_audited_with_before_and_after(layered):
    objective = Objective.objects.get(text="To establish systems.")
    archiving_services.objective_restore(objective=objective, by=None)
    archiving_services.activity_restore(
        activity=Activity.objects.get(text="Book the trainers."), by=None
    )
    archiving_services.extra_field_restore(field=ExtraField.objects.get(name="Outcome"), by=None)
    restores = AuditEvent.objects.filter(verb=Verb.RESTORE, plan_id=layered.pk).order_by("pk")
    assert [event.summary for event in restores] == [
        "Restored Help and Protection, Objective 1",
        "Restored Activity 1.1 of Help and Protection, action 1",
        "Restored the field Outcome",
    ]
    for event in restores:
        assert event.before["archived_at"] is not None
        assert event.after == {"archived_at": None}


def test_an_objective_of_an_archived_domain_is_refused_with_its_reason(layered, manager_of):
    objective = Objective.objects.get(text="To establish systems.")
    archiving_services.domain_archive(domain=objective.domain, by=None)
    client = manager_of(layered)

    response = client.post(restore_url(layered, "objective", objective))

    assert response.status_code == 409
    page = response.content.decode()
    assert "There is a problem" in page
    assert (
        "Help and Protection is archived: restore it to restore Help and Protection, "
        "Objective 1." in page
    )
    objective.refresh_from_db()
    assert objective.archived_at is not None


@pytest.mark.parametrize("archived", ["action", "domain"])
def test_an_activity_of_an_archived_action_or_domain_is_refused(layered, manager_of, archived):
    activity = Activity.objects.select_related("action__domain").get(text="Book the trainers.")
    action = activity.action
    if archived == "action":
        archiving_services.action_archive(action=action, by=None, expected_version=action.version)
        reason = "Help and Protection, action 1 is archived: restore it to restore Activity 1.1"
    else:
        archiving_services.domain_archive(domain=action.domain, by=None)
        reason = "Help and Protection is archived: restore it to restore Activity 1.1"

    response = manager_of(layered).post(restore_url(layered, "activity", activity))

    assert response.status_code == 409
    assert reason in response.content.decode()
    activity.refresh_from_db()
    assert activity.archived_at is not None


def test_a_field_whose_name_a_field_in_use_has_is_refused(layered, manager_of):
    # The service refuses the name whatever its case; one made before that rule, or straight
    # in the database, still must not become a second column of the same name.
    ExtraField.objects.create(plan=layered, position=9, name="OUTCOME")
    field = ExtraField.objects.get(name="Outcome")

    response = manager_of(layered).post(restore_url(layered, "extra_field", field))

    assert response.status_code == 409
    assert (
        "The field Outcome cannot be restored: this plan already has a field called OUTCOME. "
        "Rename that field first." in response.content.decode()
    )
    field.refresh_from_db()
    assert field.archived_at is not None
    assert not AuditEvent.objects.filter(verb=Verb.RESTORE).exists()


def test_restoring_what_is_not_archived_is_refused(layered):
    objective = Objective.objects.get(text="To establish systems.")
    archiving_services.objective_restore(objective=objective, by=None)
    with pytest.raises(EditRefused, match=r"Help and Protection, Objective 1 is not archived\."):
        archiving_services.objective_restore(objective=objective, by=None)


def test_another_plans_objective_activity_or_field_is_not_found(layered, manager_of):
    other_domain = DomainFactory(position=1, label="Elsewhere")
    other = other_domain.plan
    action = ActionFactory(domain=other_domain, number=1)
    objective = Objective(domain=other_domain, text="Theirs.", position=1, archived_at=None)
    objective.set_number("1")
    objective.save()
    objectives_services.objective_archive(objective=objective, by=None)
    activity = activities_services.activity_add(
        action=action, number="", text="Theirs.", lead_text="", timescale_text="",
        status=Status.ON_TRACK, by=None,
    )  # fmt: skip
    activities_services.activity_archive(activity=activity, by=None)
    field = extra_fields_services.extra_field_add(plan=other, name="Theirs", by=None)
    extra_fields_services.extra_field_archive(field=field, by=None)
    client = manager_of(layered)  # a manager of this plan, posting another plan's ids

    for name, thing in [("objective", objective), ("activity", activity), ("extra_field", field)]:
        assert client.post(restore_url(layered, name, thing)).status_code == 404
        thing.refresh_from_db()
        assert thing.archived_at is not None


def test_only_a_plan_manager_restores_and_nothing_in_an_archived_plan(
    layered, manager_of, member_of
):
    objective = Objective.objects.get(text="To establish systems.")
    url = restore_url(layered, "objective", objective)
    reader = member_of(layered)
    assert "Restore" not in archived_page(reader, layered)
    assert reader.post(url).status_code == 403

    manager = manager_of(layered)
    archiving_services.plan_archive(plan=layered, by=None)
    response = manager.post(url)
    assert response.status_code == 403
    assert "This plan is archived" in response.content.decode()
    with pytest.raises(EditRefused):
        archiving_services.objective_restore(objective=objective, by=None)
    objective.refresh_from_db()
    assert objective.archived_at is not None
