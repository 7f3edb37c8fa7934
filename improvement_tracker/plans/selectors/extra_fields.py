"""A plan's extra fields (ADR 0040) and the values its actions hold under them."""

from collections.abc import Collection

from django.db.models import QuerySet

from improvement_tracker.plans.models import Action, ExtraField, ExtraValue, Plan


def live_extra_fields(*, plan: Plan) -> list[ExtraField]:
    """The plan's fields in use, in their order: the columns its pages and exports show."""
    return list(ExtraField.objects.filter(plan=plan, archived_at__isnull=True).order_by("position"))


def extra_fields(*, plan: Plan) -> list[ExtraField]:
    """All the plan's fields, live first in their order, then the archived ones."""
    fields = ExtraField.objects.filter(plan=plan).order_by("position")
    return sorted(fields, key=lambda field: field.archived_at is not None)


Values = list[tuple[str, str]]  # (a field's name, the action's value), in field order


def extra_values(*, actions: Collection[int] | QuerySet[Action]) -> dict[int, Values]:
    """Each action's values under its plan's live fields, as (name, value) in field order,
    by the action's id; in one query, whatever the number of actions."""
    rows = (
        ExtraValue.objects.filter(action_id__in=actions, field__archived_at__isnull=True)
        .order_by("field__position")
        .values_list("action_id", "field__name", "text")
    )
    found: dict[int, Values] = {}
    for action_id, name, text in rows:
        found.setdefault(action_id, []).append((name, text))
    return found


def plan_extra_values(*, plan: Plan) -> tuple[list[str], dict[int, Values]]:
    """The plan's live fields by name in their order, and each action's values under them
    by the action's id, in one query: a field without values is still a field (the
    exports head a column with it). Archived actions' values come too; the tracker has no
    row to give them to."""
    rows = (
        ExtraField.objects.filter(plan=plan, archived_at__isnull=True)
        .order_by("position")
        .values_list("name", "values__action_id", "values__text")
    )
    names: dict[str, None] = {}
    found: dict[int, Values] = {}
    for name, action_id, text in rows:
        names[name] = None
        if action_id is not None:
            found.setdefault(action_id, []).append((name, text))
    return list(names), found


def extra_values_by_field(*, action: Action) -> dict[int, str]:
    """What the action holds under each of its plan's fields, by the field's id."""
    return dict(ExtraValue.objects.filter(action=action).values_list("field_id", "text"))
