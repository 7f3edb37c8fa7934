"""A plan's extra fields (columns nobody planned for, ADR 0040): adding, renaming, moving and
archiving them, and the values an action holds under them."""

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import Action, ExtraField, ExtraValue, Plan
from improvement_tracker.plans.services.archiving import _archived
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.positions import swap_with_neighbour
from improvement_tracker.plans.services.rules import EditRefused, _refuse_if_archived


def _field_values(field: ExtraField) -> dict[str, object]:
    return {"name": field.name, "position": field.position}


def _name(written: str) -> str:
    """A field's name as the exports head its column: one line, spaces as one."""
    name = " ".join(written.split())
    if not name:
        raise EditRefused("Enter the field name", field="name")
    return name


def _check_name_free(plan: Plan, name: str, *, field: ExtraField | None = None) -> None:
    """Exports head a column with the field's name, so two fields of a plan never share one,
    whatever their case; an archived field keeps its name."""
    clash = ExtraField.objects.filter(plan=plan, name__iexact=name)
    if field is not None:
        clash = clash.exclude(pk=field.pk)
    existing = clash.first()
    if existing is not None:
        archived = " (archived)" if existing.archived_at else ""
        raise EditRefused(
            f"This plan already has a field called {existing.name}{archived}", field="name"
        )


def _locked_field(field: ExtraField) -> ExtraField:
    locked = ExtraField.objects.select_for_update().select_related("plan").get(pk=field.pk)
    _refuse_if_archived(locked.plan)
    if locked.archived_at is not None:
        raise EditRefused(f"The field {locked.name} is archived and cannot be changed.")
    return locked


@transaction.atomic
def extra_field_add(*, plan: Plan, name: str, by: User | None) -> ExtraField:
    """Add a field after the plan's last one; no action holds a value under it yet."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _refuse_if_archived(locked)
    name = _name(name)
    _check_name_free(locked, name)
    last = ExtraField.objects.filter(plan=locked).aggregate(last=Max("position"))["last"] or 0
    field = ExtraField.objects.create(plan=locked, position=last + 1, name=name)
    plan_changed(locked)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=field,
        plan=locked,
        summary=f"Added the field {name}",
        after=_field_values(field),
    )
    return field


@transaction.atomic
def extra_field_rename(*, field: ExtraField, name: str, by: User | None) -> ExtraField:
    """Rename a field; the values under it stay."""
    locked = _locked_field(field)
    name = _name(name)
    _check_name_free(locked.plan, name, field=locked)
    before = _field_values(locked)
    locked.name = name
    locked.save(update_fields=["name"])
    plan_changed(locked.plan)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=locked.plan,
        summary=f"Renamed the field {before['name']} to {name}",
        before=before,
        after=_field_values(locked),
    )
    return locked


@transaction.atomic
def extra_field_move(*, field: ExtraField, up: bool, by: User | None) -> ExtraField:
    """Swap a field with the live field before (up) or after it; at the end, nothing changes."""
    locked = _locked_field(field)
    fields = list(
        ExtraField.objects.select_for_update().filter(plan=locked.plan).order_by("position")
    )
    mine, other = swap_with_neighbour(fields, locked.pk, up=up)
    if other is None:
        return locked
    before = {mine.name: other.position, other.name: mine.position}
    plan_changed(locked.plan)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=mine,
        plan=locked.plan,
        summary=f"Moved the field {mine.name} {'up' if up else 'down'}, "
        f"swapping places with {other.name}",
        before=before,
        after={mine.name: mine.position, other.name: other.position},
    )
    return mine


@transaction.atomic
def extra_field_archive(*, field: ExtraField, by: User | None) -> ExtraField:
    """Archive a field: it leaves the pages and exports; it and its values are kept."""
    locked = _locked_field(field)
    _archived(locked, plan=locked.plan, by=by, summary=f"Archived the field {locked.name}")
    return locked


def extra_values_of(action: Action) -> dict[str, str]:
    """What the action holds under its plan's live fields, by name in field order: the
    audit trail's before and after."""
    rows = (
        ExtraValue.objects.filter(action=action, field__archived_at__isnull=True)
        .order_by("field__position")
        .values_list("field__name", "text")
    )
    return dict(rows)


def set_extra_values(action: Action, values: Mapping[int, str]) -> None:
    """Give the action these values (by field id), inside the calling service's transaction.

    Only the plan's live fields may be set; a field not named keeps its value, and an
    empty value removes the row (an empty value is no row).
    """
    if not values:
        return
    plan_id = action.domain.plan_id
    live = set(
        ExtraField.objects.filter(
            plan_id=plan_id, archived_at__isnull=True, pk__in=list(values)
        ).values_list("pk", flat=True)
    )
    unknown = set(values) - live
    if unknown:
        raise EditRefused("A field of this form is no longer one of the plan's fields")
    held = {value.field_id: value for value in ExtraValue.objects.filter(action=action)}
    for field_id, text in values.items():
        existing = held.get(field_id)
        if not text.strip():
            if existing is not None:
                existing.delete()
        elif existing is None:
            ExtraValue.objects.create(action=action, field_id=field_id, text=text)
        elif existing.text != text:
            existing.text = text
            existing.save(update_fields=["text"])
