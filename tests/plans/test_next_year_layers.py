"""Starting the next plan year carries the carried actions' objectives and activities
(ADR 0043); archived ones, and Completed activities, stay behind with the earlier plan."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Action, Activity, Objective, Plan
from improvement_tracker.plans.rag import Status
from tests.factories import ActionFactory, DomainFactory
from tests.plans.test_plans import plan_data

pytestmark = pytest.mark.django_db


def objective(domain, number, text, *, position, archived=False):
    made = Objective(
        domain=domain,
        text=text,
        lead_text=f"Lead of {number}",
        position=position,
        archived_at=timezone.now() if archived else None,
    )
    made.set_number(number)
    made.save()
    return made


def activity(action, position, number, status, *, archived=False):
    return Activity.objects.create(
        action=action,
        position=position,
        number=number,
        text=f"Activity {number} words.",
        lead_text=f"Lead of {number}",
        timescale_text="By 31/03/2022",
        timescale_kind="date",
        timescale_date=dt.date(2022, 3, 31),
        status=status,
        archived_at=timezone.now() if archived else None,
    )


@pytest.fixture
def layered():
    """Leadership: objective 1 over actions 1 (on track) and 2 (on track), objective 2 over
    action 3 (Completed), archived objective 3 over action 4 (on track); activities under
    action 1: one on track, one Completed, one archived; one under action 3."""
    domain = DomainFactory(label="Leadership", position=1)
    first = objective(domain, "1", "To establish systems.", position=1)
    second = objective(domain, "2", "To finish what was started.", position=2)
    gone = objective(domain, "3", "An archived objective.", position=3, archived=True)
    actions = {
        number: ActionFactory(domain=domain, number=number, status=status)
        for number, status in [
            (1, Status.ON_TRACK),
            (2, Status.ON_TRACK),
            (3, Status.COMPLETE),
            (4, Status.ON_TRACK),
        ]
    }
    for number, served in [(1, first), (2, first), (3, second), (4, gone)]:
        Action.objects.filter(pk=actions[number].pk).update(objective=served)
    activity(actions[1], 1, "1.1", Status.ON_TRACK)
    activity(actions[1], 2, "1.2", Status.COMPLETE)
    activity(actions[1], 3, "1.3", Status.AT_RISK, archived=True)
    activity(actions[1], 4, "1.4", Status.AT_RISK)
    activity(actions[3], 1, "3.1", Status.ON_TRACK)
    return domain.plan


def start_next_year(plan, manager_of):
    client = manager_of(plan)
    response = client.post(
        reverse("plans:plan_next_year", args=[plan.slug]), plan_data(title="Next")
    )
    assert response.status_code == 302
    return client, Plan.objects.get(title="Next")


def test_carried_actions_keep_their_objective_copied_once_into_the_new_domain(layered, manager_of):
    _, new = start_next_year(layered, manager_of)

    objectives = Objective.objects.filter(domain__plan=new)
    assert list(
        objectives.values_list("domain__label", "number", "text", "lead_text", "archived_at")
    ) == [("Leadership", "1", "To establish systems.", "Lead of 1", None)]
    carried = {a.number: a.objective for a in Action.objects.filter(domain__plan=new)}
    assert set(carried) == {"1", "2", "4"}  # 3 was Completed
    assert carried["1"] == carried["2"] == objectives.get()
    assert carried["4"] is None  # its objective was archived: it stays behind


def test_carried_actions_keep_their_live_activities_and_not_the_completed(layered, manager_of):
    client, new = start_next_year(layered, manager_of)

    activities = Activity.objects.filter(action__domain__plan=new).order_by("position")
    assert list(
        activities.values_list(
            "action__number",
            "position",
            "number",
            "text",
            "lead_text",
            "timescale_text",
            "timescale_kind",
            "timescale_date",
            "status",
            "archived_at",
        )
    ) == [
        ("1", 1, "1.1", "Activity 1.1 words.", "Lead of 1.1", "By 31/03/2022", "date",
         dt.date(2022, 3, 31), Status.ON_TRACK.value, None),
        ("1", 4, "1.4", "Activity 1.4 words.", "Lead of 1.4", "By 31/03/2022", "date",
         dt.date(2022, 3, 31), Status.AT_RISK.value, None),
    ]  # fmt: skip
    tracker = client.get(new.get_absolute_url()).content.decode()
    assert "Objective 1: To establish systems." in tracker
    assert "Activity 1.4 words." in tracker
    # The earlier plan keeps all of its own.
    assert Activity.objects.filter(action__domain__plan=layered).count() == 5
    assert Objective.objects.filter(domain__plan=layered).count() == 3


def test_the_audit_row_says_what_was_carried(layered, manager_of):
    _, new = start_next_year(layered, manager_of)

    event = AuditEvent.objects.get(verb=Verb.CREATE, plan_id=new.pk, object_type="plans.plan")
    assert event.summary == (
        f"Started 'Next' from '{layered.title}': 3 actions carried forward, 1 completed left "
        "behind; 1 objectives and 2 activities carried, 1 completed activities left behind"
    )
    assert event.after["objectives_carried"] == 1
    assert event.after["activities_carried"] == 2
    assert event.after["completed_activities_left_behind"] == 1


def test_the_next_year_page_says_what_comes_with_the_actions(layered, manager_of):
    page = manager_of(layered).get(reverse("plans:plan_next_year", args=[layered.slug]))
    assert (
        "its objective, its activities that are not Completed, and a link back"
        in page.content.decode()
    )
    assert "archived objectives and activities, stay in this plan only" in page.content.decode()


def test_an_objective_no_action_serves_yet_is_carried_and_one_whose_actions_are_done_is_not(
    layered, manager_of
):
    """Objective 2's only action was Completed: done, left behind. Objective 0 has no action
    yet: not started, so the next year still has it to do (ADR 0048)."""
    domain = layered.domains.get()
    objective(domain, "0", "To listen to carers.", position=4)
    _, new = start_next_year(layered, manager_of)

    carried = Objective.objects.filter(domain__plan=new).order_by("number_order")
    assert list(carried.values_list("number", "text", "lead_text", "position")) == [
        ("0", "To listen to carers.", "Lead of 0", 1),
        ("1", "To establish systems.", "Lead of 1", 2),
    ]
    event = AuditEvent.objects.get(verb=Verb.CREATE, plan_id=new.pk, object_type="plans.plan")
    assert event.after["objectives_carried"] == 2
