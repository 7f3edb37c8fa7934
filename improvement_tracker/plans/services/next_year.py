"""Starting the next plan year from this one."""

import datetime as dt
import re
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.accounts.models import PlanRole
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.key_checks import add_months
from improvement_tracker.plans.models import (
    Action,
    ActionReference,
    ActionUpdate,
    Activity,
    Domain,
    ExtraField,
    ExtraValue,
    Objective,
    Plan,
    RagKeyEntry,
)
from improvement_tracker.plans.rag import StatusKey, status_of
from improvement_tracker.plans.selectors.tracker import TrackedAction, plan_tracker
from improvement_tracker.plans.services.plans import _new_plan, _plan_values
from improvement_tracker.plans.services.status_key import key_entries


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
    """Start the next plan year: the same domains, key, people and extra fields, and every
    action in use that is not Completed as at `as_of` (today by default), with its values
    under the extra fields.

    Each carried action keeps its number and words, links back to the action it comes
    from (`carried_from`), and starts with a copy of that action's latest update, made
    on the same date, so the board sees where it stood. References in those words follow
    the carried actions (docs/decisions/0010). The earlier plan is not changed.

    A carried action keeps its live objective, copied once into the new domain with its
    reference, words and lead (ADR 0043), and its live activities with their reference,
    words, lead, timescale and status. Activities follow the actions' rule: one Completed
    is left behind, the others keep the status they have, as a carried action keeps its
    latest update's. Archived objectives and activities stay behind with the earlier plan.
    An objective no live action serves yet is carried too (ADR 0048).
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
        key_entries(new, StatusKey(tuple(entry.as_entry() for entry in tracker.key)))
    )
    for role in PlanRole.objects.filter(plan=source).exclude(user=by):
        PlanRole.objects.create(plan=new, user_id=role.user_id, role=role.role)
    # The updates carried forward, whole (the tracker holds only what they say), in one query.
    shown = ActionUpdate.objects.in_bulk([a.latest.pk for a in tracker.actions if a.latest])
    carried: dict[int, Action] = {}  # old action id -> its carried copy
    pairs: list[tuple[TrackedAction, Action]] = []  # old action, its carried copy
    copies: list[tuple[TrackedAction, ActionUpdate]] = []  # old action, its update's copy
    left = 0
    # Objectives no live action serves: not started, so carried (ADR 0048); an objective
    # whose actions were all Completed is done, and stays behind with them.
    served = {a.objective.pk for a in tracker.actions if a.objective is not None}
    layers = _Layers([o for o in tracker.objectives if o.pk not in served])
    for position, entry in enumerate(tracker.domains, start=1):
        domain = Domain.objects.create(
            plan=new, position=position, title=entry.domain.title, label=entry.domain.label
        )
        going = [a for a in entry.actions if not status_of(a.status).is_complete]
        left += len(entry.actions) - len(going)
        objectives = layers.carry_objectives(domain, going, source=entry.domain)
        actions = Action.objects.bulk_create(
            Action(
                domain=domain,
                number=old.number,
                number_order=old.number_order,
                high_priority=old.high_priority,
                text=old.text,
                lead_text=old.lead_text,
                timescale_text=old.timescale_text,
                timescale_kind=old.action.timescale_kind,
                timescale_date=old.action.timescale_date,
                carried_from=old.action,
                objective=objectives.get(old.objective.pk) if old.objective else None,
            )
            for old in going
        )
        layers.carry_activities(zip(going, actions, strict=True))
        Action.leads.through.objects.bulk_create(
            Action.leads.through(action_id=action.pk, lead_id=lead.pk)
            for action, old in zip(actions, going, strict=True)
            for lead in old.leads
        )
        for action, old in zip(actions, going, strict=True):
            carried[old.action.pk] = action
            pairs.append((old, action))
            if old.latest is not None:
                copies.append((old, _copied_update(shown[old.latest.pk], action, source)))
    ActionUpdate.objects.bulk_create([copy for _, copy in copies])
    fields = {
        field.name: field
        for field in ExtraField.objects.bulk_create(
            ExtraField(plan=new, position=position, name=name)
            for position, name in enumerate(tracker.extra_fields, start=1)
        )
    }
    ExtraValue.objects.bulk_create(
        ExtraValue(action=action, field=fields[name], text=text)
        for old, action in pairs
        for name, text in old.extra
    )
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
        f"forward, {left} completed left behind"
        + (
            f"; {layers.objectives} objectives and {layers.activities} activities carried, "
            f"{layers.activities_left} completed activities left behind"
            if layers.objectives or layers.activities or layers.activities_left
            else ""
        ),
        after={
            **_plan_values(new),
            "carried_from": source.slug,
            "as_of": tracker.as_of.isoformat(),
            "actions_carried": len(carried),
            "completed_left_behind": left,
            "objectives_carried": layers.objectives,
            "activities_carried": layers.activities,
            "completed_activities_left_behind": layers.activities_left,
        },
    )
    return new


class _Layers:
    """Carries the objectives and activities of the actions going forward (ADR 0043),
    counting them for the audit row."""

    def __init__(self, unserved: list[Objective]) -> None:
        self.objectives = self.activities = self.activities_left = 0
        self.unserved = unserved  # live objectives no live action serves

    def carry_objectives(
        self, domain: Domain, going: list[TrackedAction], *, source: Domain
    ) -> dict[int, Objective]:
        """The live objectives the carried actions serve, and those of `source` that no live
        action serves, each copied once into `domain`: old objective id -> its copy."""
        served = {old.objective.pk: old.objective for old in going if old.objective is not None}
        served |= {o.pk: o for o in self.unserved if o.domain_id == source.pk}
        ordered = sorted(served.values(), key=lambda o: (o.number_order, o.position))
        copies = Objective.objects.bulk_create(
            Objective(
                domain=domain,
                number=old.number,
                number_order=old.number_order,
                text=old.text,
                lead_text=old.lead_text,
                position=position,
            )
            for position, old in enumerate(ordered, start=1)
        )
        self.objectives += len(copies)
        return {old.pk: copy for old, copy in zip(ordered, copies, strict=True)}

    def carry_activities(self, pairs: Iterable[tuple[TrackedAction, Action]]) -> None:
        """The live activities of each carried action, copied under its copy, but for the
        Completed ones, left behind as Completed actions are."""
        copies = []
        for old, action in pairs:
            for activity in old.activities:
                if status_of(activity.status).is_complete:
                    self.activities_left += 1
                    continue
                copies.append(
                    Activity(
                        action=action,
                        position=activity.position,
                        number=activity.number,
                        text=activity.text,
                        lead_text=activity.lead_text,
                        timescale_text=activity.timescale_text,
                        timescale_kind=activity.timescale_kind,
                        timescale_date=activity.timescale_date,
                        status=activity.status,
                    )
                )
        self.activities += len(Activity.objects.bulk_create(copies))


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
