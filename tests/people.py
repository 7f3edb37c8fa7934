"""People with every kind of access to one plan, for the authorisation and audit tests."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from improvement_tracker.accounts.models import Membership, Organisation, PlanRole, Role
from improvement_tracker.plans.models import Action, Activity, ExtraField, Lead, Objective, Plan
from tests.documents.stored_packs import stored_pack
from tests.every_shape import plan_of_every_shape
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


def _plain_plan(council: Organisation) -> tuple[Plan, Action, Action]:
    """The plan, its action the lead contributor leads and another: references as real
    trackers write them, so that every rule is tried over them (ADR 0038), an extra field,
    an objective over the action and an activity under it (ADRs 0040, 0041)."""
    plan = PlanFactory(organisation=council, title="Learning and Improvement Plan")
    domain = DomainFactory(plan=plan, position=1, label="Help and Protection")
    own_action = ActionFactory(domain=domain, number="C1.3")
    other_action = ActionFactory(domain=domain, number="C1.10")
    ExtraField.objects.create(plan=plan, position=1, name="Success measures")
    objective = Objective(domain=domain, text="To establish systems.", position=1)
    objective.set_number("1")
    objective.save()
    Action.objects.filter(pk=own_action.pk).update(objective=objective)
    Activity.objects.create(
        action=own_action, position=1, number="3.1", text="Agree the thresholds."
    )
    return plan, own_action, other_action


def _plan_of_every_shape(council: Organisation) -> tuple[Plan, Action, Action]:
    """The plan of every shape (tests/every_shape.py): the lead contributor leads its first
    domain's action 2 (under an objective, with two activities); the other is 1.2(a)."""
    shape = plan_of_every_shape(organisation=council, title="Learning and Improvement Plan")
    return shape.plan, shape.layered.served, shape.action("1.2(a)")


SHAPES = {"plain": _plain_plan, "every shape": _plan_of_every_shape}


def make_world(shape: str = "plain") -> World:
    council = OrganisationFactory(name="Together for Children")
    police = OrganisationFactory(name="Northumbria Police")
    elsewhere = OrganisationFactory(name="Another Council")
    police_lead = Lead.objects.create(organisation=council, name="Northumbria Police", key="np")
    other_lead = Lead.objects.create(organisation=council, name="Director", key="director")
    plan, own_action, other_action = SHAPES[shape](council)
    own_action.leads.add(police_lead)
    other_action.leads.add(other_lead)
    other_plan = PlanFactory(organisation=elsewhere, title="Secret plan of another council")
    DomainFactory(plan=other_plan, position=1)
    ActionFactory(domain=other_plan.domains.get(), number=1)

    lead = person("police-officer", police)
    own_lead = person("council-officer", council)
    police_lead.people.add(lead, own_lead)
    people: dict[str, User | None] = {
        "anonymous": None,
        "outsider": person("outsider", elsewhere),
        "member": person("member", council),
        "viewer": person("board-member", police),
        "lead contributor": lead,
        "plan manager": person("manager", council),
        "organisation administrator": person("org-admin", council, admin=True),
        # The same roles held by people of the plan's own organisation, or of a partner's.
        "viewer of its organisation": person("council-board-member", council),
        "lead contributor of its organisation": own_lead,
        "partner plan manager": person("police-manager", police),
        "manager of another plan": person("other-manager", council),
        "superuser": User.objects.create_superuser(username="operator", password="unused-pw"),
    }
    # The operator works for the council too: through the site, imports need an organisation.
    Membership.objects.create(user=people["superuser"], organisation=council)
    for who, role in [
        ("viewer", Role.VIEWER),
        ("lead contributor", Role.LEAD_CONTRIBUTOR),
        ("plan manager", Role.MANAGER),
        ("viewer of its organisation", Role.VIEWER),
        ("lead contributor of its organisation", Role.LEAD_CONTRIBUTOR),
        ("partner plan manager", Role.MANAGER),
    ]:
        PlanRole.objects.create(plan=plan, user=people[who], role=role)
    another = PlanFactory(organisation=council, title="Another plan of the council")
    PlanRole.objects.create(plan=another, user=people["manager of another plan"], role=Role.MANAGER)
    stored_pack(plan)  # so that its board pack's pages and file are tried too (issue 20)
    return World(plan, own_action, other_action, other_plan, people)


@pytest.fixture
def world(db) -> World:
    return make_world()
