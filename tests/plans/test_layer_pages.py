"""The pages of a plan's layers (ADR 0041): a domain's objectives, an action's activities,
the action form's choice of objective and the action page that shows them."""

import pytest
from django.urls import reverse

from improvement_tracker.accounts.models import Role
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Action, Activity, Objective
from improvement_tracker.plans.rag import Status
from tests.factories import MembershipFactory, PlanRoleFactory
from tests.plans.conftest import client_for
from tests.plans.layers import layered_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def layered():
    return layered_plan()


def objectives_url(layered, *rest):
    return reverse("plans:objectives", args=[layered.plan.slug, layered.domain.position]) + (
        "".join(f"{part}/" for part in rest)
    )


def activities_url(action, *rest):
    base = reverse(
        "plans:activities", args=[action.domain.plan.slug, action.domain.position, action.number]
    )
    return base + "".join(f"{part}/" for part in rest)


def test_a_manager_adds_an_objective_and_it_is_audited(layered, manager_of):
    client = manager_of(layered.plan)
    page = client.get(objectives_url(layered)).content.decode()
    assert "To establish systems for referrals." in page and "Add an objective" in page
    response = client.post(
        objectives_url(layered), {"number": "1.3", "text": "To learn.", "lead_text": "Director"}
    )
    assert response.status_code == 302
    added = Objective.objects.get(domain=layered.domain, number="1.3")
    assert (added.text, added.lead_text) == ("To learn.", "Director")
    event = AuditEvent.objects.get(
        verb=Verb.CREATE, object_type=added._meta.label_lower, object_id=str(added.pk)
    )
    assert event.actor is not None


def test_an_objective_without_words_or_with_a_bad_reference_is_shown_with_errors(
    layered, manager_of
):
    client = manager_of(layered.plan)
    page = client.post(objectives_url(layered), {"number": "1/3", "text": ""}).content.decode()
    assert "govuk-error-summary" in page
    assert "Enter the objective" in page
    assert "Objective reference must only include letters, digits" in page
    assert Objective.objects.filter(domain=layered.domain).count() == 2


def test_a_manager_changes_and_archives_an_objective(layered, manager_of):
    client = manager_of(layered.plan)
    first = layered.first
    client.post(
        objectives_url(layered, first.pk, "edit"),
        {"number": "A", "text": "To establish it.", "lead_text": ""},
    )
    first.refresh_from_db()
    assert (first.number, first.text) == ("A", "To establish it.")
    client.post(objectives_url(layered, first.pk, "archive"), {"confirm": "yes"})
    first.refresh_from_db()
    assert first.archived_at is not None
    # Archived, it is no longer found to change.
    assert client.get(objectives_url(layered, first.pk, "edit")).status_code == 404


def test_another_domains_objective_is_not_found_at_this_domains_address(layered, manager_of):
    client = manager_of(layered.plan)
    elsewhere = Objective(domain=layered.other, text="Care.", position=1)
    elsewhere.set_number("2.1")
    elsewhere.save()
    assert client.get(objectives_url(layered, elsewhere.pk, "edit")).status_code == 404


@pytest.mark.parametrize("role", [Role.VIEWER, Role.LEAD_CONTRIBUTOR])
def test_only_plan_managers_may_change_objectives_and_activities(layered, role):
    person = PlanRoleFactory(plan=layered.plan, role=role).user
    MembershipFactory(user=person, organisation=layered.plan.organisation)
    client = client_for(person)
    assert client.post(objectives_url(layered), {"text": "No."}).status_code == 403
    post = client.post(activities_url(layered.served), {"text": "No.", "status": "not_rated"})
    assert post.status_code == 403
    assert Objective.objects.filter(domain=layered.domain).count() == 2
    assert Activity.objects.filter(action=layered.served).count() == 2


def test_another_plans_manager_changes_nothing_here(layered, manager_of):
    elsewhere = layered_plan()
    client = manager_of(elsewhere.plan)
    response = client.post(
        objectives_url(layered, layered.first.pk, "edit"), {"number": "X", "text": "Taken."}
    )
    assert response.status_code in (403, 404)
    response = client.post(
        activities_url(layered.served, layered.activities[0].pk, "archive"), {"confirm": "yes"}
    )
    assert response.status_code in (403, 404)
    layered.first.refresh_from_db()
    assert layered.first.number == "1.1"
    assert not Activity.objects.filter(archived_at__isnull=False).exists()


def test_a_manager_adds_changes_and_archives_an_activity(layered, manager_of):
    client = manager_of(layered.plan)
    action = layered.served
    page = client.get(activities_url(action)).content.decode()
    assert "Draft the thresholds document." in page and "Service Manager, MASH" in page
    client.post(
        activities_url(action),
        {
            "number": "1.1.3",
            "text": "Train the front door.",
            "lead_text": "Practice lead",
            "timescale_text": "Dec 2016",
            "status": Status.AT_RISK.value,
        },
    )
    added = Activity.objects.get(action=action, number="1.1.3")
    assert (added.lead_text, added.status, str(added.timescale_date)) == (
        "Practice lead",
        Status.AT_RISK,
        "2016-12-31",
    )
    client.post(
        activities_url(action, added.pk, "edit"),
        {"number": "1.1.3", "text": "Train the front door.", "status": Status.ON_TRACK.value},
    )
    added.refresh_from_db()
    assert added.status == Status.ON_TRACK and added.timescale_text == ""
    change = AuditEvent.objects.get(
        verb=Verb.CHANGE, object_type=added._meta.label_lower, object_id=str(added.pk)
    )
    assert change.before["status"] == Status.AT_RISK.value
    client.post(activities_url(action, added.pk, "archive"), {"confirm": "yes"})
    added.refresh_from_db()
    assert added.archived_at is not None


def test_an_activity_with_an_impossible_date_is_shown_with_its_error(layered, manager_of):
    client = manager_of(layered.plan)
    page = client.post(
        activities_url(layered.served),
        {"text": "Meet.", "timescale_text": "31/02/2021", "status": "not_rated"},
    ).content.decode()
    assert "govuk-error-summary" in page and "Timescale must be a real date" in page
    assert Activity.objects.filter(action=layered.served).count() == 2


def test_the_action_form_offers_the_domains_objectives_only_when_it_has_some(layered, manager_of):
    client = manager_of(layered.plan)
    add = reverse("plans:action_add", args=[layered.plan.slug, layered.domain.position])
    page = client.get(add).content.decode()
    assert 'name="objective"' in page and "1.1 To establish systems for referrals." in page
    other = reverse("plans:action_add", args=[layered.plan.slug, layered.other.position])
    assert 'name="objective"' not in client.get(other).content.decode()


def test_an_action_is_put_under_an_objective_by_its_form(layered, manager_of):
    client = manager_of(layered.plan)
    edit = reverse("plans:action_edit", args=[layered.plan.slug, layered.domain.position, 1])
    loose = layered.loose
    data = {
        "text": loose.text,
        "lead_text": "",
        "timescale_text": "01/04/2021",
        "version": loose.version,
        "objective": str(layered.second.pk),
        "save": "",
    }
    assert client.post(edit, data).status_code == 302
    assert Action.objects.get(pk=loose.pk).objective == layered.second
    # Another domain's objective is no choice of this form.
    elsewhere = Objective(domain=layered.other, text="Care.", position=1)
    elsewhere.set_number("2.1")
    elsewhere.save()
    data |= {"objective": str(elsewhere.pk), "version": loose.version + 1}
    page = client.post(edit, data).content.decode()
    assert "Select an objective from the list" in page
    assert Action.objects.get(pk=loose.pk).objective == layered.second


def test_the_action_page_shows_its_objective_and_activities(layered, manager_of):
    client = manager_of(layered.plan)
    url = reverse("plans:action_detail", args=[layered.plan.slug, layered.domain.position, 2])
    page = client.get(url).content.decode()
    assert "1.1: To establish systems for referrals." in page
    assert 'id="action-activities"' in page
    assert "Consult partners<br>on the draft." in page
    assert page.index("Draft the thresholds") < page.index("Consult partners")
    assert activities_url(layered.served) in page  # a manager may change them


def test_the_action_page_offers_no_activity_changes_to_a_viewer(layered):
    viewer = PlanRoleFactory(plan=layered.plan, role=Role.VIEWER).user
    MembershipFactory(user=viewer, organisation=layered.plan.organisation)
    url = reverse("plans:action_detail", args=[layered.plan.slug, layered.domain.position, 2])
    page = client_for(viewer).get(url).content.decode()
    assert 'id="action-activities"' in page
    assert activities_url(layered.served) not in page


def test_an_as_at_date_says_layers_are_shown_as_they_are_now(layered, manager_of):
    client = manager_of(layered.plan)
    now = client.get(layered.plan.get_absolute_url()).content.decode()
    assert 'id="layers-as-now"' not in now
    then = client.get(layered.plan.get_absolute_url(), {"as_of": "2020-11-30"}).content.decode()
    assert "Objectives and activities are shown as they are today" in then
    assert "Objective 1.1:" in then


def test_activities_speak_the_plans_own_key_on_every_page_and_export(manager_of):
    """A trust's key (Amber on track, Blue complete): an activity's status is shown, offered
    and exported in the plan's words, both HOT_PATH ways."""
    from improvement_tracker.documents.exporters.csv import write_csv
    from improvement_tracker.documents.selectors import plan_document_for
    from improvement_tracker.plans.services.activities import activity_add
    from tests.custom_key import trust_plan

    plan = trust_plan()
    action = Action.objects.get(domain__plan=plan, number="1")
    activity_add(
        action=action,
        number="1a",
        text="Audit the ward rounds.",
        lead_text="",
        timescale_text="",
        status=Status.COMPLETE,
        by=None,
    )
    client = manager_of(plan)
    tracker = client.get(plan.get_absolute_url()).content.decode()
    assert "<li><strong>1a</strong> Audit the ward rounds.<br>" in tracker
    item = tracker[tracker.index("Audit the ward rounds.") :]
    assert "Blue" in item[: item.index("</li>")]
    form = client.get(activities_url(action)).content.decode()
    assert '<option value="on_track">Amber</option>' in form
    assert '<option value="complete">Blue</option>' in form
    csv = write_csv(plan_document_for(plan=plan)).decode("utf-8-sig")
    assert "Audit the ward rounds.,,,Blue,,,activity" in csv


def test_a_stale_action_form_offers_the_objective_again_and_keeps_the_choice(layered, manager_of):
    """Someone saved the action first: the retry form still has the Objective select with
    the person's choice, so saving their version does not drop the action's objective."""
    client = manager_of(layered.plan)
    edit = reverse("plans:action_edit", args=[layered.plan.slug, layered.domain.position, 1])
    loose = layered.loose
    data = {
        "text": "My words.",
        "lead_text": "",
        "timescale_text": "01/04/2021",
        "version": loose.version,
        "objective": str(layered.second.pk),
        "save": "",
    }
    Action.objects.filter(pk=loose.pk).update(version=loose.version + 1)  # someone else
    conflict = client.post(edit, data)
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert f'<option value="{layered.second.pk}" selected>' in page
