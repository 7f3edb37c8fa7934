"""What every change to a plan keeps to: why one is refused, and an action changed only from
the version its editor read. Each service runs in one transaction: all of it happens, or none."""

from improvement_tracker.plans.models import Action, Domain, Plan


class StaleAction(Exception):
    """Someone else changed the action since this person loaded it; nothing was saved."""

    def __init__(self, action: Action) -> None:
        super().__init__(f"{action} was changed by someone else (now version {action.version}).")
        self.action = action


class StaleNumbers(Exception):
    """A domain's actions changed since its numbers were read; nothing was renumbered."""


class UpdateRefused(Exception):
    """An update that breaks a rule no form should have let through."""


class EditRefused(Exception):
    """A change that breaks one of the plan's rules; nothing was saved.

    `field` names the form field the message belongs beside, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _refuse_if_archived(plan: Plan, *things: Domain | Action) -> None:
    """Archived plans, domains and actions are kept as they were: nothing changes them."""
    if plan.archived_at is not None:
        raise EditRefused(f"'{plan.title}' is archived and cannot be changed.")
    for thing in things:
        if isinstance(thing, Action) and thing.domain.archived_at is not None:
            raise EditRefused(f"{thing.domain.label} is archived and cannot be changed.")
        if thing.archived_at is not None:
            raise EditRefused(f"{thing} is archived and cannot be changed.")


def _locked_action(action: Action, expected_version: int) -> Action:
    """The action, locked for this transaction; refused if it changed since it was read."""
    locked = Action.objects.select_for_update().select_related("domain__plan").get(pk=action.pk)
    if locked.version != expected_version:
        raise StaleAction(locked)
    _refuse_if_archived(locked.domain.plan, locked)
    return locked


def _saved(locked: Action, original: Action, fields: list[str]) -> Action:
    """Save a changed action with its version raised, and tell the caller's copy."""
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    original.version = locked.version
    return locked
