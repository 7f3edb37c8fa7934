"""What exporters read: a plan, as the tracker shows it on a date, as a PlanDocument.

Exporters take the neutral document and never the ORM, so that they stay pure and a
round trip (export, then import) compares two documents.
"""

import datetime as dt
from collections.abc import Sequence

from improvement_tracker.plans.models import Activity, Objective, Plan
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    ActivityEntry,
    DomainEntry,
    ObjectiveEntry,
    PlanDocument,
    ReportedFigures,
)
from improvement_tracker.plans.rag import Status, status_of
from improvement_tracker.plans.selectors.tracker import Tracker, plan_tracker


def plan_document_for(*, plan: Plan, as_of: dt.date | None = None) -> PlanDocument:
    """The whole plan as a document. A document carries each action's lead text, and the
    words of its updates, so neither the leads nor the references are read."""
    tracker = plan_tracker(plan=plan, as_of=as_of, references=False, leads=False)
    return tracker_document(tracker, as_of=as_of)


def tracker_document(tracker: Tracker, *, as_of: dt.date | None = None) -> PlanDocument:
    """The tracker as a document; "Updated" is the as-at month when one is asked for."""
    plan = tracker.plan
    period = f"{as_of:%B %Y}" if as_of else plan.reporting_period or f"{tracker.as_of:%B %Y}"
    unserved = _unserved(tracker)
    return PlanDocument(
        title=plan.title,
        organisation=plan.organisation.name,
        reporting_period=period,
        rag_key={Status(entry.status): entry.description for entry in tracker.key},
        key=tracker.status_key,
        domains=[
            DomainEntry(
                title=entry.domain.title,
                label=entry.domain.label,
                actions=[
                    ActionEntry(
                        number=action.number,
                        text=action.text,
                        lead=action.lead_text,
                        timescale=action.timescale_text,
                        status=status_of(action.status),
                        progress=action.progress,
                        high_priority=action.high_priority,
                        # Most plans have none of these: no call made for them.
                        extra=dict(action.extra) if action.extra else {},
                        objective=_objective(action.objective) if action.objective else None,
                        activities=_activities(action.activities) if action.activities else [],
                    )
                    for action in entry.actions
                ],
                objectives=[_objective(objective) for objective in unserved[entry.domain.pk]],
            )
            for entry in tracker.domains
        ],
        # The tables as the tracker prints them: Table 1 shows "Not rated" only when
        # some action has no status; Table 2 shows every column.
        reported=ReportedFigures(
            table1={
                column: {row: counts[row] for row in tracker.table1_rows}
                for column, counts in tracker.table1.items()
            },
            table2=dict(tracker.table2),
        ),
        source_name=plan.slug,
        extra_fields=list(tracker.extra_fields),
    )


def _unserved(tracker: Tracker) -> dict[int, list[Objective]]:
    """Each domain's live objectives that none of its live actions serves (yet), by the
    domain's id, in their order: written after its actions, so they are not lost (ADR 0048)."""
    served = {action.objective.pk for action in tracker.actions if action.objective}
    found: dict[int, list[Objective]] = {entry.domain.pk: [] for entry in tracker.domains}
    for objective in tracker.objectives:
        if objective.pk not in served and objective.domain_id in found:
            found[objective.domain_id].append(objective)
    return found


def _objective(objective: Objective) -> ObjectiveEntry:
    return ObjectiveEntry(number=objective.number, text=objective.text, lead=objective.lead_text)


def _activities(activities: Sequence[Activity]) -> list[ActivityEntry]:
    return [
        ActivityEntry(
            number=activity.number,
            text=activity.text,
            lead=activity.lead_text,
            timescale=activity.timescale_text,
            status=status_of(activity.status),
        )
        for activity in activities
    ]
