"""Who may do what with a plan: the one place that answers it, from the person's
organisation and their role on the plan (what each grants: `accounts/permissions.py`).

- Anyone in the plan's own organisation may read and export it.
- A plan role adds to that: a plan manager may do everything, a viewer (a board
  member, perhaps from a partner) may read and export, and a lead contributor may read
  the plan and record updates on the actions whose lead they are linked to, nothing else.
- An organisation administrator manages people and roles on their organisation's plans,
  and the organisation's register of leads where a change reaches beyond one plan
  (merging two leads; the leads of someone who contributes to other plans too). A plan
  role never grants that: nothing a plan role grants changes another plan (ADR 0022).
- A person with no way in cannot tell the plan exists: pages answer 404, not 403.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Q, QuerySet

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.accounts.permissions import (
    ADMIN_ABILITIES,
    MEMBER_ABILITIES,
    ROLE_ABILITIES,
    Ability,
    _membership,
)
from improvement_tracker.hotpath.plans import role_on_plan
from improvement_tracker.plans.models import Action, Lead, Plan


@dataclass(frozen=True)
class PlanAccess:
    abilities: frozenset[Ability]
    lead_ids: frozenset[int]  # the leads whose actions this person may update

    def can(self, ability: Ability) -> bool:
        return ability in self.abilities

    def can_update(self, action: Action) -> bool:
        if Ability.UPDATE_ANY_ACTION in self.abilities:
            return True  # without reading the action's leads
        return self.can_update_led_by(lead.pk for lead in action.leads.all())

    def can_update_led_by(self, lead_ids: Iterable[int]) -> bool:
        """May this person update an action these leads lead? For a page that has read
        the actions' leads already (an update round's)."""
        if Ability.UPDATE_ANY_ACTION in self.abilities:
            return True
        if Ability.UPDATE_OWN_ACTIONS not in self.abilities:
            return False
        return any(lead_id in self.lead_ids for lead_id in lead_ids)


NO_ACCESS = PlanAccess(frozenset(), frozenset())


def plan_access(user: AbstractBaseUser | AnonymousUser, plan: Plan) -> PlanAccess:
    if not isinstance(user, User) or not user.is_active:
        return NO_ACCESS
    if user.is_superuser:
        return PlanAccess(frozenset(Ability), frozenset())
    abilities: set[Ability] = set()
    membership = _membership(user)
    if membership is not None and membership.organisation_id == plan.organisation_id:
        abilities |= ADMIN_ABILITIES if membership.is_admin else MEMBER_ABILITIES
    role = role_on_plan(plan_id=plan.pk, user_id=user.pk)  # every plan page asks
    if role is not None:
        abilities |= ROLE_ABILITIES[role]
    lead_ids: frozenset[int] = frozenset()
    if Ability.UPDATE_OWN_ACTIONS in abilities:
        lead_ids = frozenset(Lead.objects.filter(people=user).values_list("pk", flat=True))
    return PlanAccess(frozenset(abilities), lead_ids)


def may_set_leads_of(user: AbstractBaseUser | AnonymousUser, plan: Plan, person: User) -> bool:
    """May `user` choose, from `plan`'s pages, the leads `person` acts for?

    A person's leads are the organisation's, so they count on every plan where the
    person is a lead contributor. A plan role (managing roles here) may choose them only
    while this plan is the one live plan of its organisation where the person is a lead
    contributor; beyond that, only an organisation administrator (ADR 0022).
    """
    access = plan_access(user, plan)
    if access.can(Ability.ORGANISATION_LEADS):
        return True
    elsewhere = PlanRole.objects.filter(
        user=person,
        role=Role.LEAD_CONTRIBUTOR,
        plan__organisation_id=plan.organisation_id,
        plan__archived_at__isnull=True,
    ).exclude(plan=plan)
    return access.can(Ability.MANAGE_ROLES) and not elsewhere.exists()


def nameable_people(user: User, plan: Plan) -> tuple[QuerySet[User], list[str]]:
    """Whom `user` may name for a role on `plan`, and the organisations they may be from.

    The people of the plan's organisation, of the person's own organisation, and anyone
    already holding a role on the plan; a superuser may name anyone (organisations
    empty). Nobody learns whether an account exists anywhere else (ADR 0022).
    """
    people = User.objects.filter(is_active=True)
    if user.is_superuser:
        return people, []
    membership = _membership(user)
    organisations = [plan.organisation_id]
    if membership is not None and membership.organisation_id != plan.organisation_id:
        organisations.append(membership.organisation_id)
    named = people.filter(
        Q(membership__organisation_id__in=organisations) | Q(plan_roles__plan=plan)
    ).distinct()
    names = [plan.organisation.name]
    if len(organisations) > 1 and membership is not None:
        names.append(membership.organisation.name)
    return named, names


def visible_plans(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Plan]:
    """Plans this person may read: their organisation's, and those shared with them."""
    plans = Plan.objects.all()
    if not isinstance(user, User) or not user.is_active:
        return plans.none()
    if user.is_superuser:
        return plans
    membership = _membership(user)
    own = Q(organisation_id=membership.organisation_id) if membership else Q(pk__in=[])
    return plans.filter(own | Q(roles__user=user)).distinct()


def can_create_plans(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Plans belong to an organisation: anyone who works for one may start one there."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or _membership(user) is not None
