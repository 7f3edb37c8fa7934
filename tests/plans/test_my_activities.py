"""My actions shows the activities a person leads (ADR 0048): found by their lead text as
an action's leads are (plans/leads.py), in the plan's own status labels."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.plans.models import Activity, Lead
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.my_actions import my_actions
from improvement_tracker.plans.services.activities import activity_add
from tests.custom_key import trust_plan
from tests.factories import ActionFactory, DomainFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def add(action, number, text, lead_text, status=Status.ON_TRACK):
    return activity_add(
        action=action,
        number=number,
        text=text,
        lead_text=lead_text,
        timescale_text="August 2015",
        status=status,
        by=None,
    )


@pytest.fixture
def person():
    """A trust plan (Amber means on track, Blue complete) whose person leads "Partnership
    Manager": action 1 itself, and activities of actions 1 and 2, but not of 3."""
    plan = trust_plan()
    member = MembershipFactory(organisation=plan.organisation)
    lead = Lead.objects.create(
        organisation=plan.organisation, name="Partnership Manager", key="partnership manager"
    )
    lead.people.add(member.user)
    actions = {a.number: a for a in plan.domains.get().actions.all()}
    actions["1"].leads.add(lead)
    add(actions["1"], "1.1", "Write to every school.", "Partnership Manager")
    add(actions["1"], "1.2", "Brief the police.", "Police lead")
    # Another spelling of the same lead, on the second line of a cell of several leads.
    add(actions["2"], "2.1", "Agree the protocol.", "Service Manager, MASH\nPartnership  MANAGER",
        status=Status.COMPLETE)  # fmt: skip
    gone = add(actions["3"], "3.1", "Shred the old forms.", "Partnership Manager")
    Activity.objects.filter(pk=gone.pk).update(archived_at=timezone.now())
    # Another organisation's lead of the same name is another lead.
    elsewhere = ActionFactory(domain=DomainFactory(), number=1)
    add(elsewhere, "9.1", "Someone else's activity.", "Partnership Manager")
    return member.user


def test_the_activities_a_person_leads_are_under_their_action(person):
    rows = my_actions(user=person)
    found = {row.action.number: [a.number for a in row.activities] for row in rows}
    assert found == {"1": ["1.1"], "2": ["2.1"]}
    leads = {row.action.number: row.leads_action for row in rows}
    assert leads == {"1": True, "2": False}


def test_my_actions_shows_each_activity_with_the_plans_own_label(client, person):
    client.force_login(person)
    html = client.get(reverse("plans:my_actions")).content.decode()
    assert "Write to every school." in html and "Agree the protocol." in html
    assert "Brief the police." not in html and "Shred the old forms." not in html
    assert "Someone else" not in html
    activities = re.findall(r'<li class="app-my-activity">(.*?)</li>', html, re.S)
    assert len(activities) == 2
    assert "govuk-tag--orange" in activities[0] and re.search(r">\s*Amber\s*<", activities[0])
    assert "govuk-tag--blue" in activities[1] and re.search(r">\s*Blue\s*<", activities[1])
    assert "Read only: you lead activities of this action, not the action" in html
