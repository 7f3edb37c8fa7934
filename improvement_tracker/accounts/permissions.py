"""What membership of an organisation and each plan role grant, and who administers an
organisation: the vocabulary below the plans app. Whether a person may do something with
a given plan is answered in one place, `plans/permissions.py`, from these (ADR 0007,
ADR 0032).
"""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from improvement_tracker.accounts.models import Membership, Role


class Ability(StrEnum):
    VIEW = "view"
    EXPORT = "export"
    UPDATE_OWN_ACTIONS = "update_own_actions"
    UPDATE_ANY_ACTION = "update_any_action"
    EDIT = "edit"
    MANAGE_ROLES = "manage_roles"
    AUDIT = "audit"
    # Changes to the organisation's register of leads that reach its other plans.
    ORGANISATION_LEADS = "organisation_leads"


ORGANISATION_ABILITIES = frozenset({Ability.ORGANISATION_LEADS})
ROLE_ABILITIES: dict[str, frozenset[Ability]] = {
    Role.MANAGER: frozenset(Ability) - ORGANISATION_ABILITIES,
    Role.VIEWER: frozenset({Ability.VIEW, Ability.EXPORT}),
    Role.LEAD_CONTRIBUTOR: frozenset({Ability.VIEW, Ability.UPDATE_OWN_ACTIONS}),
}
MEMBER_ABILITIES = frozenset({Ability.VIEW, Ability.EXPORT})
ADMIN_ABILITIES = frozenset(
    {Ability.VIEW, Ability.EXPORT, Ability.MANAGE_ROLES, Ability.AUDIT, *ORGANISATION_ABILITIES}
)


def _membership(user: User) -> Membership | None:
    """The person's membership; the sign-in backends read it with the user (one-to-one)."""
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def is_org_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    membership = _membership(user)
    return user.is_superuser or (membership is not None and membership.is_admin)
