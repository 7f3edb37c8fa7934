"""Storing an imported plan document as a new plan (replacing the organisation's live copy)."""

import calendar
import datetime as dt
import re
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.importing import import_target
from improvement_tracker.plans.leads import lead_key, split_leads
from improvement_tracker.plans.models import (
    Action,
    ActionUpdate,
    Activity,
    Domain,
    ExtraField,
    ExtraValue,
    Lead,
    Objective,
    Plan,
    RagKeyEntry,
)
from improvement_tracker.plans.numbering import natural_key
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    ActivityEntry,
    DomainEntry,
    ObjectiveEntry,
    PlanDocument,
)
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.status_key import key_entries
from improvement_tracker.plans.services.updates import _record_references
from improvement_tracker.plans.timescales import parse_timescale


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
    used = {action.status for domain in document.domains for action in domain.actions}
    RagKeyEntry.objects.bulk_create(key_entries(plan, document.status_key.including(used)))
    leads = _leads_by_key(organisation, document)
    # Columns nobody planned for, kept as the plan's own fields (ADR 0040).
    fields = {
        field.name: field
        for field in ExtraField.objects.bulk_create(
            ExtraField(plan=plan, position=position, name=name)
            for position, name in enumerate(document.extra_fields, start=1)
        )
    }
    # The document's statuses and words are each action's first dated update.
    made_on = plan.reporting_date or timezone.localdate()
    for position, entry in enumerate(document.domains, start=1):
        domain = Domain.objects.create(
            plan=plan, position=position, title=entry.title, label=entry.label
        )
        objectives = _objectives(domain, entry)
        actions = Action.objects.bulk_create(
            _serving(_action(domain, action), action, objectives) for action in entry.actions
        )
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
        ExtraValue.objects.bulk_create(
            ExtraValue(action=action, field=fields[name], text=text)
            for action, source in zip(actions, entry.actions, strict=True)
            for name, text in source.extra.items()
            if text and name in fields
        )
        Activity.objects.bulk_create(
            _activity(action, position, activity)
            for action, source in zip(actions, entry.actions, strict=True)
            for position, activity in enumerate(source.activities, start=1)
        )
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
    plan.save(update_fields=["archived_at", "slug"])
    plan_changed(plan)
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


def _objectives(domain: Domain, entry: DomainEntry) -> dict[ObjectiveEntry, Objective]:
    """The domain's objectives, each once, in the order the actions first name them, then
    those none of its actions serves yet (ADR 0048)."""
    served = [action.objective for action in entry.actions if action.objective is not None]
    named = dict.fromkeys([*served, *entry.objectives])
    made = []
    for position, named_entry in enumerate(named, start=1):
        objective = Objective(
            domain=domain, text=named_entry.text, lead_text=named_entry.lead, position=position
        )
        objective.set_number(named_entry.number)
        made.append(objective)
    return dict(zip(named, Objective.objects.bulk_create(made), strict=True))


def _activity(action: Action, position: int, entry: ActivityEntry) -> Activity:
    timescale = parse_timescale(entry.timescale)
    return Activity(
        action=action,
        position=position,
        number=entry.number,
        text=entry.text,
        lead_text=entry.lead,
        timescale_text=entry.timescale,
        timescale_kind=timescale.kind,
        timescale_date=timescale.date,
        status=entry.status,
    )


def _serving(
    action: Action, entry: ActionEntry, objectives: dict[ObjectiveEntry, Objective]
) -> Action:
    """The action, under the objective its entry names (one of its domain's)."""
    if entry.objective is not None:
        action.objective = objectives[entry.objective]
    return action


def _action(domain: Domain, entry: ActionEntry) -> Action:
    timescale = parse_timescale(entry.timescale)
    return Action(
        domain=domain,
        number=entry.number,
        number_order=natural_key(entry.number),
        high_priority=entry.high_priority,
        text=entry.text,
        lead_text=entry.lead,
        timescale_text=entry.timescale,
        timescale_kind=timescale.kind,
        timescale_date=timescale.date,
    )
