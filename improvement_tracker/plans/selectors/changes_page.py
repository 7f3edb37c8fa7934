"""The "What changed" page's reading: the changes (selectors/changes.py) with the tracker's
filters applied to each action as it stood at the end date, grouped by kind.

The filters are the tracker's own (`TrackerFilter`, `filter_tracker`), over each changed
action as at `until`: its status and flags then, its shape then (from the audit trail),
its leads, priority, extra values and activities as they are now: those are not kept by date.
"""

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from improvement_tracker.plans.changes import Change, ChangeKind
from improvement_tracker.plans.models import Action, Domain, Plan
from improvement_tracker.plans.numbering import natural_key
from improvement_tracker.plans.selectors.attachments import attach_extra_values, attach_leads
from improvement_tracker.plans.selectors.changes import ChangeReading, read_changes
from improvement_tracker.plans.selectors.filters import filter_tracker
from improvement_tracker.plans.selectors.layers import attach_layers
from improvement_tracker.plans.selectors.tracker import (
    TrackedAction,
    Tracker,
    TrackerDomain,
    TrackerFilter,
)


class _Shape(NamedTuple):
    """An action's row as at the end date, with the names the tracker's rows have."""

    id: int
    number: str
    number_order: str
    text: str
    lead_text: str
    timescale_text: str
    high_priority: bool
    objective_id: int | None


@dataclass(frozen=True)
class ChangeRow:
    action_id: int
    change: Change
    position: int  # the action's domain's position now, and its number now: its address
    number: str


@dataclass(frozen=True)
class ChangeGroup:
    kind: ChangeKind
    rows: list[ChangeRow]


@dataclass
class ChangesPage:
    plan: Plan
    since: dt.date
    until: dt.date
    rows: list[ChangeRow]
    # The changed actions as at `until`, as a tracker: the filter form's choices, and
    # once filtered, what the filter kept and how it is said.
    tracker: Tracker

    @property
    def groups(self) -> list[ChangeGroup]:
        """The changes by kind, in ChangeKind's order, kinds with none left out."""
        found = [
            ChangeGroup(kind, [r for r in self.rows if r.change.kind is kind])
            for kind in ChangeKind
        ]
        return [group for group in found if group.rows]

    @property
    def changes(self) -> list[Change]:
        return [row.change for row in self.rows]


def changes_page(plan: Plan, *, since: dt.date, until: dt.date) -> ChangesPage:
    """What changed between the dates, each change with where its action's page is."""
    reading = read_changes(plan, since=since, until=until)
    now, domains = reading.now, reading.domains
    rows = [
        ChangeRow(
            item.action_id,
            item.change,
            position=domains[now[item.action_id][0]][1],
            number=now[item.action_id][1],
        )
        for item in reading.items
    ]
    return ChangesPage(plan, since, until, rows, _as_tracker(reading))


def filter_changes(page: ChangesPage, filters: TrackerFilter) -> ChangesPage:
    """The changes of the actions the tracker's filters keep, as they stood at `until`."""
    if not filters:
        return page
    tracker = filter_tracker(page.tracker, filters)
    kept = {action.pk for action in tracker.actions}
    rows = [row for row in page.rows if row.action_id in kept]
    return ChangesPage(page.plan, page.since, page.until, rows, tracker)


def _as_tracker(reading: ChangeReading) -> Tracker:
    """The changed actions as at `until`, each under its domain then, as the tracker holds
    them, with their leads, extra values and activities (which the filters read)."""
    changed = {item.action_id for item in reading.items}
    # Not read back by date (ADR 0056): the lead's words and the priority as they are now.
    now = {
        pk: (lead_text, high_priority, objective_id)
        for pk, lead_text, high_priority, objective_id in Action.objects.filter(pk__in=changed)
        .order_by()
        .values_list("id", "lead_text", "high_priority", "objective_id")
    }
    tracked: dict[int, TrackedAction] = {}
    by_domain: dict[int, list[TrackedAction]] = {}
    key = reading.key
    for pk in changed:
        then = reading.at_until[pk]
        shape = _Shape(
            pk,
            then.reference,
            natural_key(then.reference),
            then.text,
            now[pk][0],
            then.timescale_text,
            now[pk][1],
            now[pk][2],
        )
        item = TrackedAction(
            row=shape, latest=reading.latest_until.get(pk), as_of=reading.until, status_key=key
        )
        tracked[pk] = item
        assert then.domain_id is not None  # noqa: S101 - the selector gives every one
        by_domain.setdefault(then.domain_id, []).append(item)
    attach_leads(tracked.values(), reading.actions.filter(pk__in=changed))
    attach_extra_values(tracked, plan=reading.plan)
    # Their live activities' words and leads, which the text search reads (ADR 0048).
    attach_layers(tracked.values(), domains=[], actions=changed)
    domains = Domain.objects.filter(pk__in=by_domain).order_by("position")
    entries = [
        TrackerDomain(domain, sorted(by_domain[domain.pk], key=lambda a: a.number_order))
        for domain in domains
    ]
    return Tracker(
        plan=reading.plan,
        as_of=reading.until,
        key=reading.key_entries,
        domains=entries,
        table1={},
        table2={},
    )
