"""What the key says needs attention: the exceptions, and suggested statuses."""

import datetime as dt
from dataclasses import dataclass

from improvement_tracker.plans.key_checks import (
    Flag,
    Suggestion,
    suggest_status,
    within_key,
)
from improvement_tracker.plans.models import (
    Domain,
    Plan,
)
from improvement_tracker.plans.rag import Status, StatusKey, status_of
from improvement_tracker.plans.selectors.tracker import TrackedAction, Tracker, plan_tracker
from improvement_tracker.plans.tables import Counted, table1


@dataclass
class ExceptionRow:
    domain: Domain
    action: TrackedAction
    flag: Flag


def plan_exceptions(tracker: Tracker) -> list[ExceptionRow]:
    return [
        ExceptionRow(entry.domain, action, flag)
        for entry in tracker.domains
        for action in entry.actions
        for flag in action.flags
    ]


@dataclass
class SuggestedAction:
    domain: Domain
    action: TrackedAction
    suggestion: Suggestion


def choice_reason(item: SuggestedAction, chosen: Status, key: StatusKey) -> str:
    """The reason recorded for a status chosen on the suggestions page (or through the
    API without one of its own): the suggestion's own, or that another was chosen."""
    if chosen is item.suggestion.status:
        return f"Accepted suggestion: {item.suggestion.reason}"
    return f"Chosen instead of the suggested {key.label(item.suggestion.status)}."


@dataclass
class Suggestions:
    tracker: Tracker
    items: list[SuggestedAction]
    table1: dict[str, dict[str, int]]  # the tracker's Table 1 if every suggestion were accepted


def plan_suggestions(*, plan: Plan, as_of: dt.date) -> Suggestions:
    """A suggested status, with its reason, for every action not rated as at `as_of`."""
    tracker = plan_tracker(plan=plan, as_of=as_of)
    items = [
        SuggestedAction(
            entry.domain,
            action,
            within_key(
                suggest_status(
                    timescale=action.reading,
                    progress=action.progress,
                    update_dates=action.update_dates,
                    as_of=as_of,
                    key=tracker.status_key,
                ),
                tracker.status_key,
            ),
        )
        for entry in tracker.domains
        for action in entry.actions
        if action.status == Status.NOT_RATED
    ]
    suggested = {item.action.action.pk: item.suggestion.status for item in items}
    counted = [
        Counted(
            entry.domain.label,
            suggested.get(action.action.pk, status_of(action.status)),
            action.high_priority,
        )
        for entry in tracker.domains
        for action in entry.actions
    ]
    return Suggestions(tracker, items, table1(tracker.domain_labels, counted, tracker.status_key))
