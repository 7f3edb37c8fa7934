"""People with every kind of access to one plan, for the authorisation and audit tests."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from improvement_tracker.accounts.models import Membership, Organisation, PlanRole, Role
from improvement_tracker.plans.models import Action, Lead, Plan
from tests.factories import ActionFactory, DomainFactory, OrganisationFactory, PlanFactory


@dataclass
class World:
    plan: Plan
    own_action: Action  # led by the lead contributor
    other_action: Action  # led by someone else
    other_plan: Plan  # another organisation's plan
    people: dict[str, User | None]


def person(username: str, organisation: Organisation | None, *, admin: bool = False) -> User:
    user = User.objects.create_user(username=username, password="not-used-here")
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, is_admin=admin)
    return user


@pytest.fixture
def world(db) -> World:
    council = OrganisationFactory(name="Together for Children")
    police = OrganisationFactory(name="Northumbria Police")
    elsewhere = OrganisationFactory(name="Another Council")
    plan = PlanFactory(organisation=council, title="Learning and Improvement Plan")
    domain = DomainFactory(plan=plan, position=1, label="Help and Protection")
    police_lead = Lead.objects.create(organisation=council, name="Northumbria Police", key="np")
    other_lead = Lead.objects.create(organisation=council, name="Director", key="director")
    own_action = ActionFactory(domain=domain, number=3)
    own_action.leads.add(police_lead)
    other_action = ActionFactory(domain=domain, number=4)
    other_action.leads.add(other_lead)
    other_plan = PlanFactory(organisation=elsewhere, title="Secret plan of another council")
    DomainFactory(plan=other_plan, position=1)
    ActionFactory(domain=other_plan.domains.get(), number=1)

    lead = person("police-officer", police)
    police_lead.people.add(lead)
    people: dict[str, User | None] = {
        "anonymous": None,
        "outsider": person("outsider", elsewhere),
        "member": person("member", council),
        "viewer": person("board-member", police),
        "lead contributor": lead,
        "plan manager": person("manager", council),
        "organisation administrator": person("org-admin", council, admin=True),
    }
    PlanRole.objects.create(plan=plan, user=people["viewer"], role=Role.VIEWER)
    PlanRole.objects.create(plan=plan, user=lead, role=Role.LEAD_CONTRIBUTOR)
    PlanRole.objects.create(plan=plan, user=people["plan manager"], role=Role.MANAGER)
    return World(plan, own_action, other_action, other_plan, people)
