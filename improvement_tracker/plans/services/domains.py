"""Adding, renaming and moving a plan's domains."""

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import (
    Domain,
    Plan,
)
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.positions import swap_with_neighbour
from improvement_tracker.plans.services.rules import EditRefused, _refuse_if_archived


def _domain_values(domain: Domain) -> dict[str, object]:
    return {"title": domain.title, "label": domain.label, "position": domain.position}


def _check_label_free(plan: Plan, label: str, *, domain: Domain | None = None) -> None:
    """Table 1 names domains by label, so two domains of a plan never share one."""
    clash = Domain.objects.filter(plan=plan, label__iexact=label)
    if domain is not None:
        clash = clash.exclude(pk=domain.pk)
    existing = clash.first()
    if existing is not None:
        archived = " (archived)" if existing.archived_at else ""
        raise EditRefused(
            f"This plan already has a domain labelled {existing.label}{archived}",
            field="label",
        )


@transaction.atomic
def domain_add(*, plan: Plan, title: str, label: str, by: User | None) -> Domain:
    """Add a domain after the plan's last one."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _refuse_if_archived(locked)
    _check_label_free(locked, label)
    last = Domain.objects.filter(plan=locked).aggregate(last=Max("position"))["last"] or 0
    domain = Domain.objects.create(plan=locked, position=last + 1, title=title, label=label)
    plan_changed(locked)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=domain,
        plan=locked,
        summary=f"Added the domain {label}",
        after=_domain_values(domain),
    )
    return domain


@transaction.atomic
def domain_rename(*, domain: Domain, title: str, label: str, by: User | None) -> Domain:
    """Change a domain's title and its short label; its actions and history stay with it."""
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan, locked)
    _check_label_free(locked.plan, label, domain=locked)
    before = _domain_values(locked)
    locked.title, locked.label = title, label
    locked.save(update_fields=["title", "label"])
    plan_changed(locked.plan)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=locked.plan,
        summary=f"Renamed the domain {before['label']}"
        + (f" to {label}" if label != before["label"] else ""),
        before=before,
        after=_domain_values(locked),
    )
    return locked


@transaction.atomic
def domain_move(*, domain: Domain, up: bool, by: User | None) -> Domain:
    """Swap a domain with the domain before (up) or after it; archived domains stay put.

    At the top (or bottom) already, nothing changes.
    """
    plan = Plan.objects.select_for_update().get(pk=domain.plan_id)
    _refuse_if_archived(plan)
    domains = list(Domain.objects.select_for_update().filter(plan=plan).order_by("position"))
    mine, other = swap_with_neighbour(domains, domain.pk, up=up)
    if other is None:
        return mine
    before = {mine.label: other.position, other.label: mine.position}
    plan_changed(plan)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=mine,
        plan=plan,
        summary=f"Moved the domain {mine.label} {'up' if up else 'down'}, "
        f"swapping places with {other.label}",
        before=before,
        after={mine.label: mine.position, other.label: other.position},
    )
    return mine
