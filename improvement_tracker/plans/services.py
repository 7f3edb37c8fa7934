"""Services that change plans. Each runs in one transaction: all of it happens, or none."""

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from improvement_tracker.accounts.models import Organisation, PlanRole, Role
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.documents.plan_document import ActionEntry, PlanDocument
from improvement_tracker.plans.importing import PlanExists as PlanExists
from improvement_tracker.plans.importing import import_target
from improvement_tracker.plans.key_checks import add_months
from improvement_tracker.plans.leads import lead_key, split_leads
from improvement_tracker.plans.models import (
    Action,
    ActionReference,
    ActionUpdate,
    Domain,
    Lead,
    Plan,
    RagKeyEntry,
    StatusChange,
)
from improvement_tracker.plans.rag import DEFAULT_KEY, Status
from improvement_tracker.plans.references import referenced_numbers
from improvement_tracker.plans.selectors import TrackedAction, plan_tracker
from improvement_tracker.plans.slugs import free_slug
from improvement_tracker.plans.slugs import plan_slug as plan_slug
from improvement_tracker.plans.timescales import Kind, parse_timescale


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


@transaction.atomic
def plan_import(
    *,
    document: PlanDocument,
    organisation_name: str = "",
    replace: bool = False,
    by: User | None = None,
    may_replace: Callable[[Plan], None] | None = None,
) -> Plan:
    """Store a plan document as a new plan; on --replace, archive the old one first.

    The plan replaced is `import_target`'s (plans/importing.py); `may_replace`, given one,
    is asked about exactly that plan, locked, and refuses by raising.
    """
    target = import_target(
        document=document, organisation_name=organisation_name, replace=replace, lock=True
    )
    organisation, _ = Organisation.objects.get_or_create(
        name=target.organisation_name, defaults={"slug": slugify(target.organisation_name)[:200]}
    )
    slug = target.slug
    if target.replaces is not None:
        if may_replace is not None:
            may_replace(target.replaces)
        _archive_replaced(target.replaces, by=by)

    plan = Plan.objects.create(
        organisation=organisation,
        title=document.title,
        slug=slug,
        reporting_period=document.reporting_period,
        reporting_date=reporting_date(document.reporting_period),
        reported_figures=_reported(document),
        source_name=document.source_name,
    )
    key = {**DEFAULT_KEY, **document.rag_key}
    RagKeyEntry.objects.bulk_create(
        RagKeyEntry(plan=plan, status=status, description=key[status]) for status in Status.rated()
    )
    leads = _leads_by_key(organisation, document)
    # The document's statuses and words are each action's first dated update.
    made_on = plan.reporting_date or timezone.localdate()
    for position, entry in enumerate(document.domains, start=1):
        domain = Domain.objects.create(
            plan=plan, position=position, title=entry.title, label=entry.label
        )
        actions = Action.objects.bulk_create(_action(domain, action) for action in entry.actions)
        Action.leads.through.objects.bulk_create(
            Action.leads.through(action_id=action.pk, lead_id=leads[lead_key(name)].pk)
            for action, source in zip(actions, entry.actions, strict=True)
            for name in dict.fromkeys(split_leads(source.lead))
        )
        updates = ActionUpdate.objects.bulk_create(
            ActionUpdate(
                action=action,
                made_on=made_on,
                period=plan.reporting_period,
                source=f"Imported from {document.source_name}",
                status=source.status,
                progress=source.progress,
            )
            for action, source in zip(actions, entry.actions, strict=True)
        )
        _record_references(updates)
    audit_record(
        actor=by,
        verb=Verb.IMPORT,
        obj=plan,
        plan=plan,
        summary=f"Imported '{plan.title}' from {document.source_name}: "
        f"{len(document.domains)} domains, {document.action_count} actions",
        after={"slug": plan.slug, "source": document.source_name, "warnings": document.warnings},
    )
    return plan


@transaction.atomic
def action_record_update(
    *,
    action: Action,
    by: User | None,
    made_on: dt.date,
    status: Status,
    progress: str,
    evidence: str = "",
    period: str = "",
    reason: str = "",
    expected_version: int,
) -> ActionUpdate:
    """Add a dated progress update; a change of status is recorded with who, from, to and why.

    Refused with StaleAction when the action changed since `expected_version` was read,
    so that nobody overwrites another person's update without seeing it.
    """
    locked = Action.objects.select_for_update().select_related("domain__plan").get(pk=action.pk)
    if locked.version != expected_version:
        raise StaleAction(locked)
    _refuse_if_archived(locked.domain.plan, locked)
    if made_on > timezone.localdate():
        raise UpdateRefused("An update cannot be dated in the future.")
    previous = (
        ActionUpdate.objects.filter(action=locked, made_on__lte=made_on)
        .order_by("-made_on", "-id")
        .first()
    )
    update = ActionUpdate.objects.create(
        action=locked,
        made_on=made_on,
        period=period,
        author=by,
        status=status,
        progress=progress,
        evidence=evidence,
    )
    _record_references([update])
    from_status = Status(previous.status) if previous else Status.NOT_RATED
    if from_status is not status:
        StatusChange.objects.create(
            action=locked,
            update=update,
            changed_by=by,
            from_status=from_status,
            to_status=status,
            reason=reason,
        )
    plan = locked.domain.plan
    audit_record(
        actor=by,
        verb=Verb.STATUS if from_status is not status else Verb.UPDATE,
        obj=locked,
        plan=plan,
        summary=f"{locked.domain.label}, action {locked.number}: update dated {made_on}"
        + (f", status {from_status.label} → {status.label}" if from_status is not status else ""),
        before=_update_values(previous),
        after={**(_update_values(update) or {}), "reason": reason},
    )
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    action.version = locked.version
    return update


@transaction.atomic
def suggestions_accept(
    *,
    choices: list[tuple[Action, Status, str]],
    by: User | None,
    made_on: dt.date,
    period: str,
) -> list[ActionUpdate]:
    """Record a person's chosen statuses for unrated actions, all or none.

    Each keeps the action's words as they stood and becomes an ordinary status change.
    """
    updates = []
    for action, status, reason in choices:
        latest = (
            ActionUpdate.objects.filter(action=action, made_on__lte=made_on)
            .order_by("-made_on", "-id")
            .first()
        )
        updates.append(
            action_record_update(
                action=action,
                by=by,
                made_on=made_on,
                period=period,
                status=status,
                progress=latest.progress if latest else "",
                evidence=latest.evidence if latest else "",
                reason=reason,
                expected_version=action.version,
            )
        )
    return updates


def _record_references(updates: list[ActionUpdate]) -> None:
    """Resolve each "action N" in new updates to the action numbered N in its domain now.

    The words stay as written; the reference follows the action if it is later
    renumbered or moved (docs/decisions/0010). A number no action has is left unlinked.
    """
    wanted = {
        update.pk: (update.action.domain_id, referenced_numbers(update.progress, update.evidence))
        for update in updates
    }
    domain_ids = {domain_id for domain_id, numbers in wanted.values() if numbers}
    if not domain_ids:
        return
    numbering = {
        (domain_id, number): pk
        for pk, domain_id, number in Action.objects.filter(domain_id__in=domain_ids).values_list(
            "pk", "domain_id", "number"
        )
    }
    ActionReference.objects.bulk_create(
        ActionReference(update_id=update_pk, number=number, action_id=numbering[domain_id, number])
        for update_pk, (domain_id, numbers) in wanted.items()
        for number in numbers
        if (domain_id, number) in numbering
    )


def _update_values(update: ActionUpdate | None) -> dict[str, object] | None:
    if update is None:
        return None
    return {
        "made_on": update.made_on.isoformat(),
        "period": update.period,
        "status": update.status,
        "progress": update.progress,
        "evidence": update.evidence,
    }


def reporting_date(period: str) -> dt.date | None:
    """'October 2020' stands for the last day of that month: the plan as it stood then."""
    match = re.fullmatch(r"\s*([A-Za-z]+)\s+(\d{4})\s*", period)
    if not match:
        return None
    months = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
    month = months.get(match[1].lower())
    if month is None:
        return None
    year = int(match[2])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _archive_replaced(plan: Plan, *, by: User | None) -> None:
    """A board may have seen the old plan: keep it, archived, under a new slug."""
    stamp = timezone.now()
    before = {"slug": plan.slug, "archived_at": None}
    plan.archived_at = stamp
    plan.slug = f"{plan.slug[:160]}-replaced-{stamp:%Y%m%d%H%M%S%f}"
    plan.save(update_fields=["archived_at", "slug", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.ARCHIVE,
        obj=plan,
        plan=plan,
        summary=f"Archived '{plan.title}' when a new copy was imported",
        before=before,
        after={"slug": plan.slug, "archived_at": stamp.isoformat()},
    )


def _reported(document: PlanDocument) -> dict[str, object] | None:
    if document.reported is None:
        return None
    return {"table1": document.reported.table1, "table2": document.reported.table2}


def _leads_by_key(organisation: Organisation, document: PlanDocument) -> dict[str, Lead]:
    names: dict[str, str] = {}
    for domain in document.domains:
        for action in domain.actions:
            for name in split_leads(action.lead):
                names.setdefault(lead_key(name), name)
    # A spelling merged into another lead means that lead.
    existing = {
        lead.key: lead.merged_into or lead
        for lead in Lead.objects.filter(organisation=organisation).select_related("merged_into")
    }
    new = [
        Lead(organisation=organisation, name=name, key=key)
        for key, name in names.items()
        if key not in existing
    ]
    # SQLite and PostgreSQL both return the new primary keys from bulk_create.
    for lead in Lead.objects.bulk_create(new):
        existing[lead.key] = lead
    return existing


def _action(domain: Domain, entry: ActionEntry) -> Action:
    timescale = parse_timescale(entry.timescale)
    return Action(
        domain=domain,
        number=entry.number,
        high_priority=entry.high_priority,
        text=entry.text,
        lead_text=entry.lead,
        timescale_text=entry.timescale,
        timescale_kind=timescale.kind,
        timescale_date=timescale.date,
    )


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


@transaction.atomic
def plan_archive(*, plan: Plan, by: User | None) -> Plan:
    """Archive a plan: it stays readable and reportable, and can no longer be changed."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _refuse_if_archived(locked)
    locked.archived_at = timezone.now()
    locked.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.ARCHIVE,
        obj=locked,
        plan=locked,
        summary=f"Archived the plan '{locked.title}'",
        before={"archived_at": None},
        after={"archived_at": locked.archived_at.isoformat()},
    )
    plan.archived_at = locked.archived_at
    return locked


@transaction.atomic
def domain_archive(*, domain: Domain, by: User | None) -> Domain:
    """Archive a domain: it and its actions leave the tracker and its tables, and are kept."""
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan, locked)
    locked.archived_at = timezone.now()
    locked.save(update_fields=["archived_at"])
    audit_record(
        actor=by,
        verb=Verb.ARCHIVE,
        obj=locked,
        plan=locked.plan,
        summary=f"Archived the domain {locked.label}",
        before={"archived_at": None},
        after={"archived_at": locked.archived_at.isoformat()},
    )
    domain.archived_at = locked.archived_at
    return locked


@transaction.atomic
def action_archive(*, action: Action, by: User | None, expected_version: int) -> Action:
    """Archive an action: it leaves the tracker and its tables, and keeps its number and history."""
    locked = _locked_action(action, expected_version)
    locked.archived_at = timezone.now()
    _saved(locked, action, ["archived_at"])
    audit_record(
        actor=by,
        verb=Verb.ARCHIVE,
        obj=locked,
        plan=locked.domain.plan,
        summary=f"Archived {locked.domain.label}, action {locked.number}",
        before={"archived_at": None, "version": locked.version - 1},
        after={"archived_at": locked.archived_at.isoformat(), "version": locked.version},
    )
    action.archived_at = locked.archived_at
    return locked


@transaction.atomic
def domain_restore(*, domain: Domain, by: User | None) -> Domain:
    """Bring an archived domain back: it and its actions not archived on their own return
    to the tracker and its tables. Its label and position were kept for it."""
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan)
    if locked.archived_at is None:
        raise EditRefused(f"{locked.label} is not archived.")
    archived_at, locked.archived_at = locked.archived_at, None
    locked.save(update_fields=["archived_at"])
    audit_record(
        actor=by,
        verb=Verb.RESTORE,
        obj=locked,
        plan=locked.plan,
        summary=f"Restored the domain {locked.label}",
        before={"archived_at": archived_at.isoformat()},
        after={"archived_at": None},
    )
    domain.archived_at = None
    return locked


@transaction.atomic
def action_restore(*, action: Action, by: User | None, expected_version: int) -> Action:
    """Bring an archived action back onto the tracker, with its number and history."""
    locked = Action.objects.select_for_update().select_related("domain__plan").get(pk=action.pk)
    if locked.version != expected_version:
        raise StaleAction(locked)
    _refuse_if_archived(locked.domain.plan)
    label = f"{locked.domain.label}, action {locked.number}"
    if locked.domain.archived_at is not None:
        raise EditRefused(f"{locked.domain.label} is archived: restore it to restore {label}.")
    if locked.archived_at is None:
        raise EditRefused(f"{label} is not archived.")
    archived_at, locked.archived_at = locked.archived_at, None
    _saved(locked, action, ["archived_at"])
    audit_record(
        actor=by,
        verb=Verb.RESTORE,
        obj=locked,
        plan=locked.domain.plan,
        summary=f"Restored {label}",
        before={"archived_at": archived_at.isoformat(), "version": locked.version - 1},
        after={"archived_at": None, "version": locked.version},
    )
    action.archived_at = None
    return locked


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
    live = [d for d in domains if d.archived_at is None]
    index = next(i for i, d in enumerate(live) if d.pk == domain.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(live):
        return live[index]
    mine, other = live[index], live[other_index]
    before = {mine.label: mine.position, other.label: other.position}
    # (plan, position) is unique: park one domain past the end while the other moves.
    spare = domains[-1].position + 1
    mine.position, other.position = other.position, mine.position
    Domain.objects.filter(pk=mine.pk).update(position=spare)
    Domain.objects.filter(pk=other.pk).update(position=other.position)
    Domain.objects.filter(pk=mine.pk).update(position=mine.position)
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


def _action_values(action: Action) -> dict[str, object]:
    """What an action says, for the audit trail's before and after."""
    return {
        "domain": action.domain.label,
        "number": action.number,
        "text": action.text,
        "lead_text": action.lead_text,
        "leads": sorted(lead.name for lead in action.leads.all()),
        "timescale_text": action.timescale_text,
        "timescale_kind": action.timescale_kind,
        "timescale_date": action.timescale_date.isoformat() if action.timescale_date else None,
        "high_priority": action.high_priority,
        "version": action.version,
    }


def _read_timescale(text: str) -> tuple[str, dt.date | None]:
    """A person's timescale must be readable: an impossible date is refused, never fixed."""
    reading = parse_timescale(text)
    if reading.kind in (Kind.INVALID_DATE, Kind.UNRECOGNISED):
        raise EditRefused(reading.problem or "The timescale cannot be read", field="timescale_text")
    return reading.kind, reading.date


def _check_leads(plan: Plan, leads: Sequence[Lead]) -> None:
    for lead in leads:
        if lead.organisation_id != plan.organisation_id or lead.merged_into_id is not None:
            raise EditRefused("Select leads from the list", field="leads")


def _check_number_free(domain: Domain, number: int, *, action: Action | None = None) -> None:
    """Numbers are unique in a domain, archived actions included: they keep theirs."""
    taken = Action.objects.filter(domain=domain, number=number)
    if action is not None:
        taken = taken.exclude(pk=action.pk)
    holder = taken.first()
    if holder is not None:
        archived = " (archived)" if holder.archived_at else ""
        raise EditRefused(
            f"{domain.label} already has an action {number}{archived}: choose another number",
            field="number",
        )


@transaction.atomic
def action_add(
    *,
    domain: Domain,
    number: int,
    text: str,
    lead_text: str,
    leads: Sequence[Lead],
    timescale_text: str,
    high_priority: bool,
    by: User | None,
) -> Action:
    """Add an action to a domain; it is Not rated until someone records an update."""
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan, locked)
    _check_number_free(locked, number)
    _check_leads(locked.plan, leads)
    kind, date = _read_timescale(timescale_text)
    action = Action.objects.create(
        domain=locked,
        number=number,
        text=text,
        lead_text=lead_text,
        timescale_text=timescale_text,
        timescale_kind=kind,
        timescale_date=date,
        high_priority=high_priority,
    )
    action.leads.set(leads)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=action,
        plan=locked.plan,
        summary=f"Added {locked.label}, action {number}",
        after=_action_values(action),
    )
    return action


@transaction.atomic
def action_edit(
    *,
    action: Action,
    text: str,
    lead_text: str,
    leads: Sequence[Lead],
    timescale_text: str,
    high_priority: bool,
    expected_version: int,
    by: User | None,
) -> Action:
    """Change what an action says, its leads, timescale and priority.

    Refused with StaleAction when the action changed since `expected_version` was read.
    Its status and progress are not here: they are dated updates (ADR 0005).
    """
    locked = _locked_action(action, expected_version)
    plan = locked.domain.plan
    _check_leads(plan, leads)
    kind, date = _read_timescale(timescale_text)
    before = _action_values(locked)
    locked.text, locked.lead_text, locked.high_priority = text, lead_text, high_priority
    locked.timescale_text, locked.timescale_kind, locked.timescale_date = (
        timescale_text,
        kind,
        date,
    )
    locked.leads.set(leads)
    fields = ["text", "lead_text", "high_priority", "timescale_text"]
    _saved(locked, action, [*fields, "timescale_kind", "timescale_date"])
    after = _action_values(locked)
    changed = [key for key in after if key != "version" and after[key] != before[key]]
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=plan,
        summary=f"Changed {locked.domain.label}, action {locked.number}: "
        + (", ".join(changed) if changed else "nothing"),
        before=before,
        after=after,
    )
    return locked


@transaction.atomic
def action_move(
    *, action: Action, domain: Domain, number: int, expected_version: int, by: User | None
) -> Action:
    """Move an action to another domain (or number) of its plan; its history goes with it.

    References to it in updates follow it (docs/decisions/0010).
    """
    locked = _locked_action(action, expected_version)
    target = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    if target.plan_id != locked.domain.plan_id:
        raise EditRefused("Select a domain of this plan", field="domain")
    if target.archived_at is not None:
        raise EditRefused(f"{target.label} is archived: select another domain", field="domain")
    _check_number_free(target, number, action=locked)
    before = _action_values(locked)
    locked.domain, locked.number = target, number
    _saved(locked, action, ["domain", "number"])
    action.domain, action.number = target, number
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=target.plan,
        summary=f"Moved {before['domain']}, action {before['number']} "
        f"to {target.label}, action {number}",
        before=before,
        after=_action_values(locked),
    )
    return locked


@transaction.atomic
def domain_renumber(
    *,
    domain: Domain,
    numbers: Mapping[int, int],
    expected_versions: Mapping[int, int | None],
    by: User | None,
) -> list[Action]:
    """Give a domain's actions new numbers, all at once; returns the actions renumbered.

    `numbers` maps every action in use in the domain (by id) to its new number. The
    numbers must all differ, and must not be one an archived action keeps. Refused
    with StaleNumbers if any action was added, archived or changed since they were read.
    References in updates follow the actions (docs/decisions/0010); no update changes.
    """
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan, locked)
    actions = list(Action.objects.select_for_update().filter(domain=locked).order_by("number"))
    live = {a.pk: a for a in actions if a.archived_at is None}
    if set(live) != set(numbers) or any(
        live[pk].version != expected_versions.get(pk) for pk in live
    ):
        raise StaleNumbers(f"The actions of {locked.label} changed while they were renumbered.")
    if len(set(numbers.values())) != len(numbers):
        raise EditRefused("Give every action a different number")
    kept = {a.number: a for a in actions if a.archived_at is not None}
    for pk, number in numbers.items():
        if number in kept:
            raise EditRefused(
                f"Number {number} is kept by an archived action: choose another number",
                field=f"number_{pk}",
            )
    changed = [live[pk] for pk in live if live[pk].number != numbers[pk]]
    if not changed:
        return []
    before = {str(a.pk): a.number for a in changed}
    # (domain, number) is unique and checked row by row: park the changed actions on
    # numbers above every old and new one, then give them their new numbers.
    spare = max([a.number for a in actions] + list(numbers.values())) + 1
    for offset, action in enumerate(changed):
        action.number = spare + offset
    Action.objects.bulk_update(changed, ["number"])
    now = timezone.now()
    for action in changed:
        action.number, action.version, action.updated_at = (
            numbers[action.pk],
            action.version + 1,
            now,
        )
    Action.objects.bulk_update(changed, ["number", "version", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=locked.plan,
        summary=f"Renumbered {len(changed)} action{'s' if len(changed) != 1 else ''} of "
        f"{locked.label}: " + ", ".join(f"{before[str(a.pk)]} → {a.number}" for a in changed),
        before={"numbers": before},
        after={"numbers": {str(a.pk): a.number for a in changed}},
    )
    return changed


@transaction.atomic
def lead_add(
    *, organisation: Organisation, name: str, by: User | None, plan: Plan | None = None
) -> Lead:
    """Add a role or agency to an organisation's register of leads.

    `plan` is the plan whose page it was added from: the addition is in its history, so a
    partner's plan manager adding to the organisation's register is seen there (ADR 0022).
    """
    key = lead_key(name)
    existing = Lead.objects.filter(organisation=organisation, key=key).first()
    if existing is not None:
        if existing.merged_into is not None:
            message = f"{existing.name} is already in the register as {existing.merged_into.name}"
        else:
            message = f"{existing.name} is already in the register"
        raise EditRefused(message, field="name")
    lead = Lead.objects.create(organisation=organisation, name=" ".join(name.split()), key=key)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=lead,
        plan=plan,
        summary=f"Added the lead {lead.name} to the register of {organisation.name}",
        after={"name": lead.name, "organisation": organisation.name},
    )
    return lead


def _check_period(period_start: dt.date, period_end: dt.date) -> None:
    if period_end <= period_start:
        raise EditRefused("The end of the plan period must be after its start", field="period_end")


def _plan_values(plan: Plan) -> dict[str, object]:
    return {
        "title": plan.title,
        "slug": plan.slug,
        "organisation": plan.organisation.name,
        "period_start": plan.period_start.isoformat() if plan.period_start else None,
        "period_end": plan.period_end.isoformat() if plan.period_end else None,
        "reporting_date": plan.reporting_date.isoformat() if plan.reporting_date else None,
    }


def _new_plan(
    *,
    organisation: Organisation,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    reporting_date: dt.date,
    by: User,
) -> Plan:
    """A plan with nothing in it yet, whose creator is its plan manager."""
    _check_period(period_start, period_end)
    plan = Plan.objects.create(
        organisation=organisation,
        title=title,
        slug=free_slug(plan_slug(title)),
        reporting_period=f"{reporting_date:%B %Y}",
        reporting_date=reporting_date,
        period_start=period_start,
        period_end=period_end,
    )
    PlanRole.objects.update_or_create(plan=plan, user=by, defaults={"role": Role.MANAGER})
    return plan


@transaction.atomic
def plan_create(
    *,
    organisation: Organisation,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    reporting_date: dt.date,
    by: User,
) -> Plan:
    """Start an empty plan with the example's RAG key; its creator becomes its plan manager."""
    plan = _new_plan(
        organisation=organisation,
        title=title,
        period_start=period_start,
        period_end=period_end,
        reporting_date=reporting_date,
        by=by,
    )
    RagKeyEntry.objects.bulk_create(
        RagKeyEntry(plan=plan, status=status, description=DEFAULT_KEY[status])
        for status in Status.rated()
    )
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=plan,
        plan=plan,
        summary=f"Created the plan '{title}'",
        after=_plan_values(plan),
    )
    return plan


def next_year_title(title: str) -> str:
    """'Plan 2020 – 2021' -> 'Plan 2021 – 2022'; '2020-21' -> '2021-22'. A default only."""

    def later(match: re.Match[str]) -> str:
        year = str(int(match["year"]) + 1)
        short = match["short"]
        return year + (f"{match['dash']}{(int(short) + 1) % 100:02d}" if short else "")

    return re.sub(
        r"\b(?P<year>(?:19|20)\d{2})(?:(?P<dash>\s*[-–/]\s*)(?P<short>\d{2})\b)?", later, title
    )


def next_year_defaults(plan: Plan) -> dict[str, object]:
    """What the next plan year probably is: a starting point for the person to correct."""
    start = plan.period_end + dt.timedelta(days=1) if plan.period_end else None
    return {
        "title": next_year_title(plan.title),
        "period_start": start,
        "period_end": add_months(start, 12) - dt.timedelta(days=1) if start else None,
        "reporting_date": add_months(plan.reporting_date, 12) if plan.reporting_date else None,
    }


@transaction.atomic
def plan_start_next_year(
    *,
    plan: Plan,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    reporting_date: dt.date,
    by: User,
    as_of: dt.date | None = None,
) -> Plan:
    """Start the next plan year: the same domains, key and people, and every action in use
    that is not Completed as at `as_of` (today by default).

    Each carried action keeps its number and words, links back to the action it comes
    from (`carried_from`), and starts with a copy of that action's latest update, made
    on the same date, so the board sees where it stood. References in those words follow
    the carried actions (docs/decisions/0010). The earlier plan is not changed.
    """
    source = Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
    tracker = plan_tracker(plan=source, as_of=as_of or timezone.localdate())
    new = _new_plan(
        organisation=source.organisation,
        title=title,
        period_start=period_start,
        period_end=period_end,
        reporting_date=reporting_date,
        by=by,
    )
    RagKeyEntry.objects.bulk_create(
        RagKeyEntry(plan=new, status=entry.status, description=entry.description)
        for entry in tracker.key
    )
    for role in PlanRole.objects.filter(plan=source).exclude(user=by):
        PlanRole.objects.create(plan=new, user_id=role.user_id, role=role.role)
    # The updates carried forward, whole (the tracker holds only what they say), in one query.
    shown = ActionUpdate.objects.in_bulk([a.latest.pk for a in tracker.actions if a.latest])
    carried: dict[int, Action] = {}  # old action id -> its carried copy
    copies: list[tuple[TrackedAction, ActionUpdate]] = []  # old action, its update's copy
    left = 0
    for position, entry in enumerate(tracker.domains, start=1):
        domain = Domain.objects.create(
            plan=new, position=position, title=entry.domain.title, label=entry.domain.label
        )
        going = [a for a in entry.actions if a.status != Status.COMPLETED]
        left += len(entry.actions) - len(going)
        actions = Action.objects.bulk_create(
            Action(
                domain=domain,
                number=old.number,
                high_priority=old.high_priority,
                text=old.text,
                lead_text=old.lead_text,
                timescale_text=old.timescale_text,
                timescale_kind=old.action.timescale_kind,
                timescale_date=old.action.timescale_date,
                carried_from=old.action,
            )
            for old in going
        )
        Action.leads.through.objects.bulk_create(
            Action.leads.through(action_id=action.pk, lead_id=lead.pk)
            for action, old in zip(actions, going, strict=True)
            for lead in old.leads
        )
        for action, old in zip(actions, going, strict=True):
            carried[old.action.pk] = action
            if old.latest is not None:
                copies.append((old, _copied_update(shown[old.latest.pk], action, source)))
    ActionUpdate.objects.bulk_create([copy for _, copy in copies])
    ActionReference.objects.bulk_create(
        # An action left behind (Completed) is still the one the words meant.
        ActionReference(update=copy, number=number, action=carried.get(target.pk, target))
        for old, copy in copies
        for number, target in old.references.items()
    )
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=new,
        plan=new,
        summary=f"Started '{new.title}' from '{source.title}': {len(carried)} actions carried "
        f"forward, {left} completed left behind",
        after={
            **_plan_values(new),
            "carried_from": source.slug,
            "as_of": tracker.as_of.isoformat(),
            "actions_carried": len(carried),
            "completed_left_behind": left,
        },
    )
    return new


def _copied_update(update: ActionUpdate, action: Action, source: Plan) -> ActionUpdate:
    return ActionUpdate(
        action=action,
        made_on=update.made_on,
        period=update.period,
        author_id=update.author_id,
        source=f"Carried forward from {source.title}"[:300],
        status=update.status,
        progress=update.progress,
        evidence=update.evidence,
    )
