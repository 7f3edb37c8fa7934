"""Objectives and activities (ADR 0041): the services that change them, the rule that an
action's objective is its own domain's, and the tracker that shows them in layers."""

import re

import pytest

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Action, Activity, Objective
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.services.actions import action_add, action_edit, action_move
from improvement_tracker.plans.services.activities import (
    activity_add,
    activity_archive,
    activity_edit,
)
from improvement_tracker.plans.services.archiving import plan_archive
from improvement_tracker.plans.services.objectives import (
    objective_add,
    objective_archive,
    objective_edit,
)
from improvement_tracker.plans.services.rules import EditRefused
from tests.factories import ActionFactory, DomainFactory
from tests.plans.layers import layered_plan

pytestmark = pytest.mark.django_db


def add_action(domain, number, objective=None):
    return action_add(
        domain=domain,
        number=str(number),
        text="Do it.",
        lead_text="",
        leads=[],
        timescale_text="",
        high_priority=False,
        by=None,
        objective=objective,
    )


def edit_action(action, **changes):
    values = {
        "text": action.text,
        "lead_text": action.lead_text,
        "leads": [],
        "timescale_text": action.timescale_text,
        "high_priority": action.high_priority,
        "expected_version": action.version,
        "by": None,
    }
    return action_edit(action=action, **values | changes)


# Objectives ------------------------------------------------------------------------------


def test_objectives_keep_their_reference_as_written_and_sort_naturally():
    layered = layered_plan()
    objective_add(domain=layered.domain, number="1.10", text="Tenth.", lead_text="", by=None)
    numbers = list(Objective.objects.filter(domain=layered.domain).values_list("number", flat=True))
    assert numbers == ["1.1", "1.2", "1.10"]


def test_adding_changing_and_archiving_an_objective_is_audited_before_and_after():
    layered = layered_plan()
    objective = objective_edit(
        objective=layered.first,
        number="A1",
        text="To establish systems.",
        lead_text="Director",
        by=None,
    )
    assert (objective.number, objective.text, objective.lead_text) == (
        "A1",
        "To establish systems.",
        "Director",
    )
    change = AuditEvent.objects.filter(
        verb=Verb.CHANGE, object_type=objective._meta.label_lower, object_id=str(objective.pk)
    ).get()
    assert change.before["number"] == "1.1" and change.after["number"] == "A1"
    assert "number, text, lead_text" in change.summary
    objective_archive(objective=objective, by=None)
    assert AuditEvent.objects.filter(
        verb=Verb.ARCHIVE, object_type=objective._meta.label_lower, object_id=str(objective.pk)
    ).exists()
    with pytest.raises(EditRefused, match="archived"):
        objective_edit(objective=objective, number="A2", text="x", lead_text="", by=None)


def test_an_objective_needs_words_and_a_reference_a_url_can_carry():
    layered = layered_plan()
    with pytest.raises(EditRefused, match="Enter the objective"):
        objective_add(domain=layered.domain, number="3", text="  ", lead_text="", by=None)
    with pytest.raises(EditRefused, match="Objective reference must only include"):
        objective_add(domain=layered.domain, number="1/2", text="x", lead_text="", by=None)
    assert Objective.objects.filter(domain=layered.domain).count() == 2


def test_an_objective_without_a_reference_is_kept_without_one():
    layered = layered_plan()
    objective = objective_add(domain=layered.other, number="", text="Care.", lead_text="", by=None)
    assert objective.number == ""
    assert str(objective) == "Objective"


def test_an_archived_plan_refuses_objectives_and_activities():
    layered = layered_plan()
    plan_archive(plan=layered.plan, by=None)
    with pytest.raises(EditRefused, match="archived"):
        objective_add(domain=layered.domain, number="9", text="x", lead_text="", by=None)
    with pytest.raises(EditRefused, match="archived"):
        activity_add(
            action=layered.served,
            number="",
            text="x",
            lead_text="",
            timescale_text="",
            status=Status.NOT_RATED,
            by=None,
        )


# An action's objective -------------------------------------------------------------------


def test_an_action_is_added_under_an_objective_of_its_domain():
    layered = layered_plan()
    action = add_action(layered.domain, 9, layered.second)
    assert Action.objects.get(pk=action.pk).objective == layered.second
    created = AuditEvent.objects.filter(
        verb=Verb.CREATE, object_type=action._meta.label_lower, object_id=str(action.pk)
    ).get()
    assert created.after["objective"] == "Objective 1.2"


def test_an_objective_of_another_domain_is_refused_and_nothing_is_saved():
    layered = layered_plan()
    with pytest.raises(EditRefused, match="Select an objective of Std 2") as refused:
        add_action(layered.other, 9, layered.first)
    assert refused.value.field == "objective"
    assert not Action.objects.filter(domain=layered.other, number=9).exists()
    with pytest.raises(EditRefused, match="Select an objective of Std 2"):
        edit_action(Action.objects.get(domain=layered.other, number=1), objective=layered.first)


def test_an_objective_of_another_plan_is_refused():
    layered, elsewhere = layered_plan(), layered_plan()
    with pytest.raises(EditRefused, match="Select an objective"):
        edit_action(layered.loose, objective=elsewhere.first)
    assert Action.objects.get(pk=layered.loose.pk).objective is None


def test_an_archived_objective_is_refused_for_an_action():
    layered = layered_plan()
    objective_archive(objective=layered.second, by=None)
    with pytest.raises(EditRefused, match="archived: select another objective"):
        edit_action(layered.loose, objective=layered.second)


def test_editing_an_action_sets_clears_or_keeps_its_objective():
    layered = layered_plan()
    edited = edit_action(layered.loose, objective=layered.first)
    assert Action.objects.get(pk=edited.pk).objective == layered.first
    change = AuditEvent.objects.filter(
        verb=Verb.CHANGE, object_type=edited._meta.label_lower, object_id=str(edited.pk)
    ).get()
    assert change.before["objective"] is None
    assert change.after["objective"] == "Objective 1.1"
    assert "objective" in change.summary
    kept = edit_action(Action.objects.get(pk=edited.pk), text="Audit it again.")
    assert Action.objects.get(pk=kept.pk).objective == layered.first
    cleared = edit_action(Action.objects.get(pk=edited.pk), objective=None)
    assert Action.objects.get(pk=cleared.pk).objective is None


def test_an_action_moved_to_another_domain_leaves_its_objective():
    layered = layered_plan()
    served = layered.served
    action_move(action=served, domain=layered.other, number="7", expected_version=1, by=None)
    moved = Action.objects.get(pk=served.pk)
    assert (moved.domain, moved.objective) == (layered.other, None)


def test_an_objective_with_actions_is_never_deleted_under_them():
    from django.db.models import ProtectedError

    layered = layered_plan()
    with pytest.raises(ProtectedError):
        layered.first.delete()


# Activities ------------------------------------------------------------------------------


def test_activities_keep_their_own_references_leads_timescales_and_statuses():
    layered = layered_plan()
    first, second = Activity.objects.filter(action=layered.served).order_by("position")
    assert (first.number, first.lead_text, first.status) == (
        "1.1.1",
        "Service Manager, MASH",
        Status.ON_TRACK,
    )
    assert first.timescale_text == "August 2015"
    assert first.timescale_date.isoformat() == "2015-08-31"
    assert (second.number, second.status, second.timescale_text) == (
        "1.1.2",
        "off_track",
        "Q3 2016/17",
    )
    assert second.timescale_date is not None
    # The action's own status stays its updates': an activity's is its own.
    tracked = plan_tracker(plan=layered.plan).domains[0]
    served = next(a for a in tracked.actions if a.pk == layered.served.pk)
    assert served.status == Status.NOT_RATED


def test_changing_an_activitys_status_is_an_audited_edit():
    layered = layered_plan()
    activity = layered.activities[1]
    activity_edit(
        activity=activity,
        number="1.1.2",
        text=activity.text,
        lead_text=activity.lead_text,
        timescale_text="Dec 2016",
        status=Status.COMPLETE,
        by=None,
    )
    saved = Activity.objects.get(pk=activity.pk)
    assert saved.status == Status.COMPLETE and saved.timescale_text == "Dec 2016"
    change = AuditEvent.objects.filter(
        verb=Verb.CHANGE, object_type=activity._meta.label_lower, object_id=str(activity.pk)
    ).get()
    assert (change.before["status"], change.after["status"]) == ("off_track", "complete")
    assert "timescale_text" in change.summary and "status" in change.summary


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": " "}, "Enter the activity"),
        ({"timescale_text": "31/02/2021"}, "not a real date"),
        ({"status": "purple"}, "Select a status"),
        ({"number": "x" * 21}, "Activity reference must be 20 characters or fewer"),
    ],
)
def test_a_bad_activity_is_refused_and_nothing_is_half_changed(changes, message):
    layered = layered_plan()
    activity = layered.activities[0]
    values = {
        "number": "1.1.1",
        "text": "Changed words.",
        "lead_text": "Someone else",
        "timescale_text": "",
        "status": Status.AT_RISK,
    }
    with pytest.raises(EditRefused, match=message):
        activity_edit(activity=activity, by=None, **values | changes)
    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.text, saved.lead_text, saved.status) == (
        "Draft the thresholds document.",
        "Service Manager, MASH",
        Status.ON_TRACK,
    )


def test_an_archived_activity_leaves_the_tracker_and_is_kept():
    layered = layered_plan()
    activity_archive(activity=layered.activities[0], by=None)
    tracked = plan_tracker(plan=layered.plan).domains[0]
    served = next(a for a in tracked.actions if a.pk == layered.served.pk)
    assert [a.number for a in served.activities] == ["1.1.2"]
    assert Activity.objects.filter(action=layered.served).count() == 2
    with pytest.raises(EditRefused, match="archived"):
        activity_archive(activity=layered.activities[0], by=None)


# The tracker ----------------------------------------------------------------------------


def test_the_tracker_groups_actions_under_their_objectives_loose_ones_first():
    layered = layered_plan()
    entry = plan_tracker(plan=layered.plan).domains[0]
    assert [(a.number, a.objective and a.objective.number) for a in entry.actions] == [
        ("1", None),
        ("2", "1.1"),
        ("3", "1.1"),
        ("4", "1.2"),
    ]


def test_the_tracker_page_shows_objectives_as_spanning_rows_and_activities_under_actions(
    signed_in_client,
):
    """Run both ways by the suite (HOT_PATH on and off): the fast rows and the template."""
    layered = layered_plan()
    html = signed_in_client.get(layered.plan.get_absolute_url()).content.decode()
    heading = (
        '<td colspan="6" class="govuk-table__cell"><strong>Objective 1.1: '
        "To establish systems for referrals.</strong><br>"
        "Lead: Head of Service, Children&#x27;s Services</td>"
    )
    assert heading in html
    assert "Objective 1.2: To hear every child.</strong></td>" in html
    order = [html.index(s) for s in ("Audit the front door.", heading, "Agree thresholds.")]
    assert order == sorted(order)
    assert html.index("Publish thresholds.") < html.index("Objective 1.2:")
    assert (
        "<li><strong>1.1.2</strong> Consult partners<br>on the draft.<br>Lead: Partnership "
        "Manager<br>Police lead<br>Timescale: Q3 2016/17<br>"
    ) in html
    activities = re.search(r'<ul class="govuk-list[^"]*app-activities">.*?</ul>', html, re.S)
    assert activities is not None
    words = re.findall(r'<strong class="govuk-tag[^"]*">\s*(\w+)\s*</strong>', activities[0])
    assert words == ["Green", "Red"]  # each activity's own status, as a tag with its word


def test_a_plan_without_objectives_or_activities_shows_no_layers(signed_in_client):
    domain = DomainFactory()
    ActionFactory(domain=domain, number=1)
    html = signed_in_client.get(domain.plan.get_absolute_url()).content.decode()
    assert "app-objective" not in html and "app-activities" not in html


def test_an_archived_objectives_actions_are_shown_without_it(signed_in_client):
    layered = layered_plan()
    objective_archive(objective=layered.first, by=None)
    html = signed_in_client.get(layered.plan.get_absolute_url()).content.decode()
    assert "Objective 1.1" not in html
    assert html.index("Agree thresholds.") < html.index("Objective 1.2:")


def test_the_example_plan_without_layers_has_the_rows_and_exports_it_had(example_plan, monkeypatch):
    """Reading no layers changes nothing: the example's tracker rows and its CSV are the
    same bytes as with the layers' reads and ordering taken out (both HOT_PATH ways)."""
    from improvement_tracker.documents.exporters.csv import write_csv
    from improvement_tracker.documents.selectors import tracker_document
    from improvement_tracker.plans.selectors import tracker as tracker_selectors
    from improvement_tracker.plans.templatetags.tracker import tracker_rows

    def shown():
        tracker = plan_tracker(plan=example_plan)
        rows = [
            tracker_rows(e, tracker.anchors, example_plan.slug, tracker.status_key)
            for e in tracker.domains
        ]
        return tracker, rows, write_csv(tracker_document(tracker))

    tracker, rows, csv = shown()
    assert not tracker.layered
    assert Objective.objects.count() == Activity.objects.count() == 0
    monkeypatch.setattr(tracker_selectors, "attach_layers", lambda *args, **kwargs: [])
    monkeypatch.setattr(tracker_selectors, "in_objective_order", lambda actions: actions)
    _, rows_without, csv_without = shown()
    assert rows == rows_without
    assert csv == csv_without
    assert "Row type" not in csv.decode("utf-8-sig").splitlines()[0]
