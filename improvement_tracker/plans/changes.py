"""What changed in a plan between two dates, as plain values (issue 20; pure).

A `Change` is one line of the "what changed since the last board" page, the board pack's
section and `manage.py plan_changes --json`. The reading that finds them is
`plans/selectors/changes.py`; this module holds what they are and how one action as at
`since` is compared with itself as at `until` (`action_changes`, ADR 0056).
"""

import datetime as dt
from dataclasses import asdict, dataclass
from enum import StrEnum

from improvement_tracker.plans.key_checks import Flag, check_action, long_date
from improvement_tracker.plans.rag import Status, StatusKey
from improvement_tracker.plans.timescales import Kind, Timescale, parse_timescale


class ChangeKind(StrEnum):
    """The kinds of change a board asks about, machine-readable in `--json` and exports."""

    STATUS_BETTER = "status_better"  # a status moved towards complete
    STATUS_WORSE = "status_worse"  # a status moved away from it
    # A move to or from Not started or Not rated: neither is on the scale (STATUS_SCALE).
    STATUS_MOVED = "status_moved"
    COMPLETED = "completed"
    NEWLY_RED = "newly_red"  # off track now, not before
    NEWLY_OVERDUE = "newly_overdue"  # its timescale passed between the dates, not complete
    TIMESCALE_MOVED = "timescale_moved"  # slippage (or brought forward), by how much
    ADDED = "added"
    ARCHIVED = "archived"
    MOVED = "moved"  # to another domain, or renumbered
    FLAG_NEW = "flag_new"  # a key-check flag raised
    FLAG_CLEARED = "flag_cleared"
    NO_UPDATE = "no_update"  # no update recorded between the dates

    @property
    def heading(self) -> str:
        """How a page or a board pack heads the changes of this kind."""
        return _HEADINGS[self]


_HEADINGS = {
    ChangeKind.STATUS_BETTER: "Status better",
    ChangeKind.STATUS_WORSE: "Status worse",
    ChangeKind.STATUS_MOVED: "Status rated or unrated",
    ChangeKind.COMPLETED: "Completed",
    ChangeKind.NEWLY_RED: "Newly off track",
    ChangeKind.NEWLY_OVERDUE: "Newly overdue",
    ChangeKind.TIMESCALE_MOVED: "Timescale moved",
    ChangeKind.ADDED: "Added",
    ChangeKind.ARCHIVED: "Archived",
    ChangeKind.MOVED: "Moved or renumbered",
    ChangeKind.FLAG_NEW: "Flag raised",
    ChangeKind.FLAG_CLEARED: "Flag cleared",
    ChangeKind.NO_UPDATE: "No update",
}


@dataclass(frozen=True)
class Change:
    """One change to one action: where it is, what kind, before and after, and in words."""

    domain: str  # the domain's label
    reference: str  # the action's reference as the plan writes it (16, 1.2, C1.1.1)
    kind: ChangeKind
    before: str
    after: str
    words: str  # a sentence a board member reads: "Amber → Red (worse)"

    def as_json(self) -> dict[str, str]:
        return {**asdict(self), "kind": self.kind.value}


# The one order of meanings that gives a status move its direction, worst first. Not
# started and Not rated are off it: "not started" says nothing of whether the action is on
# course for its date, and "not rated" is no judgement at all, so a move to or from either
# is STATUS_MOVED, reported without a direction (a move to complete or off track is still
# COMPLETED or NEWLY_RED).
STATUS_SCALE = (
    Status.OFF_TRACK,
    Status.AT_RISK,
    Status.ON_TRACK,
    Status.COMPLETE,
    Status.COMPLETE_ASSURED,
)


def direction(before: Status, after: Status) -> ChangeKind | None:
    """Better, worse, or a move without a direction; None when the status did not move."""
    if before is after:
        return None
    if before not in STATUS_SCALE or after not in STATUS_SCALE:
        return ChangeKind.STATUS_MOVED
    better = STATUS_SCALE.index(after) > STATUS_SCALE.index(before)
    return ChangeKind.STATUS_BETTER if better else ChangeKind.STATUS_WORSE


@dataclass(frozen=True)
class ActionAsAt:
    """One action as it stood at a date: its place, shape and the update it stood on."""

    domain: str
    reference: str
    text: str
    timescale_text: str
    status: Status
    last_update: dt.date | None  # the latest update made on or before the date
    live: bool  # neither it nor its domain archived
    archived_on: dt.date | None = None
    domain_position: int = 0  # where its domain stands in the plan, for ordering
    # Which domain it is in, when known: a domain renamed moves none of its actions.
    domain_id: int | None = None

    @property
    def place(self) -> str:
        return f"{self.domain} {self.reference}"

    @property
    def position(self) -> tuple[int | str, str]:
        """Where it is, by its domain's identity and its number: what a move changes."""
        return (self.domain if self.domain_id is None else self.domain_id, self.reference)

    @property
    def timescale(self) -> Timescale:
        return parse_timescale(self.timescale_text)

    def overdue(self, on: dt.date) -> bool:
        due = self.timescale.due
        return due is not None and due < on and not self.status.is_complete

    def flags(self, on: dt.date, key: StatusKey) -> list[Flag]:
        """The key checks as the tracker makes them as at `on` (plans/selectors/tracker.py)."""
        dates = [self.last_update] if self.last_update else []
        return check_action(
            timescale=self.timescale, status=self.status, update_dates=dates, as_of=on, key=key
        )


def action_changes(
    before: ActionAsAt | None,
    after: ActionAsAt | None,
    *,
    since: dt.date,
    until: dt.date,
    key: StatusKey,
) -> list[Change]:
    """What changed in one action between `since` (`before`; None if it did not exist then)
    and `until` (`after`; None if it did not exist yet), worded with the plan's labels."""
    if after is None or (not after.live and (before is None or not before.live)):
        return []  # not yet there, or out of the plan at both dates
    if not after.live:
        assert before is not None  # noqa: S101 - live at since, checked above
        on = f" on {long_date(after.archived_on)}" if after.archived_on else ""
        words = f"Archived{on}; it was {key.label(before.status)}"
        return [_change(after, ChangeKind.ARCHIVED, key.label(before.status), "Archived", words)]
    changes: list[Change] = []
    if before is None or not before.live:
        restored = before is not None
        words = "Restored from the archive" if restored else "Added"
        changes.append(_change(after, ChangeKind.ADDED, "", after.place, f"{words}: {after.text}"))
        # Its first rating is no move; standing complete or off track is still news.
        was = before.status if before is not None else Status.NOT_RATED
        changes += [c for c in _status_changes(was, after, key) if c.kind not in _MOVES]
        if after.overdue(until):
            changes.append(_overdue(after, key))
        changes += _flag_changes([], after.flags(until, key), after, key)
    else:
        if before.position != after.position:
            words = f"Moved from {before.place} to {after.place}"
            changes.append(_change(after, ChangeKind.MOVED, before.place, after.place, words))
        changes += _status_changes(before.status, after, key)
        if after.overdue(until) and not before.overdue(since):
            changes.append(_overdue(after, key))
        if before.timescale_text != after.timescale_text:
            words = timescale_words(before.timescale, after.timescale)
            changes.append(
                _change(
                    after,
                    ChangeKind.TIMESCALE_MOVED,
                    before.timescale_text,
                    after.timescale_text,
                    words,
                )
            )
        changes += _flag_changes(before.flags(since, key), after.flags(until, key), after, key)
    if after.last_update is None or after.last_update <= since:
        last = f"last update {long_date(after.last_update)}" if after.last_update else "never"
        words = f"No update between {long_date(since)} and {long_date(until)} ({last})"
        changes.append(_change(after, ChangeKind.NO_UPDATE, last, "", words))
    return changes


_MOVES = frozenset({ChangeKind.STATUS_BETTER, ChangeKind.STATUS_WORSE, ChangeKind.STATUS_MOVED})


def _change(at: ActionAsAt, kind: ChangeKind, before: str, after: str, words: str) -> Change:
    return Change(at.domain, at.reference, kind, before, after, words)


def _status_changes(was: Status, after: ActionAsAt, key: StatusKey) -> list[Change]:
    now = after.status
    moved = direction(was, now)
    if moved is None:
        return []
    old, new = key.label(was), key.label(now)
    how = {ChangeKind.STATUS_BETTER: "better", ChangeKind.STATUS_WORSE: "worse"}
    said = how.get(moved, "no direction: not on the scale of ratings")
    changes = [_change(after, moved, old, new, f"{old} → {new} ({said})")]
    if now.is_complete and not was.is_complete:
        changes.append(_change(after, ChangeKind.COMPLETED, old, new, f"Completed: {old} → {new}"))
    if now is Status.OFF_TRACK:
        changes.append(
            _change(after, ChangeKind.NEWLY_RED, old, new, f"Now {key.describe(now)}: was {old}")
        )
    return changes


def _overdue(after: ActionAsAt, key: StatusKey) -> Change:
    due = after.timescale.due
    assert due is not None  # noqa: S101 - overdue() found it
    words = f"Due {long_date(due)}, passed and not complete (rated {key.label(after.status)})"
    return _change(after, ChangeKind.NEWLY_OVERDUE, "", after.timescale_text, words)


def _flag_changes(
    was: list[Flag], now: list[Flag], after: ActionAsAt, key: StatusKey
) -> list[Change]:
    old = {flag.kind: flag for flag in was}
    new = {flag.kind: flag for flag in now}
    raised = [
        _change(after, ChangeKind.FLAG_NEW, "", kind.label, f"{kind.label}: {flag.reason}")
        for kind, flag in new.items()
        if kind not in old
    ]
    cleared = [
        _change(after, ChangeKind.FLAG_CLEARED, kind.label, "", f"{kind.label}: no longer flagged")
        for kind in old
        if kind not in new
    ]
    return raised + cleared


# Timescales read as a month, quarter, financial year or year end on a month's last day:
# their moves are said in months; any other in days.
_MONTH_ENDS = frozenset({Kind.MONTH, Kind.PERIOD, Kind.YEAR})


def timescale_words(before: Timescale, after: Timescale) -> str:
    """ "moved from March 2027 to June 2027 (3 months later)"; in days between days; without
    an amount when either has no date to measure from."""
    old, new = before.due, after.due
    if old is None or new is None:
        return f"Changed from {_said(before)} to {_said(after)}"
    if before.kind in _MONTH_ENDS and after.kind in _MONTH_ENDS:
        amount = (new.year - old.year) * 12 + new.month - old.month
        unit = "month"
    else:
        amount, unit = (new - old).days, "day"
    if amount == 0:
        return f"Reworded from {_said(before)} to {_said(after)} (the same date)"
    how = "later" if amount > 0 else "earlier"
    plural = "" if abs(amount) == 1 else "s"
    return f"Moved from {_said(before)} to {_said(after)} ({abs(amount)} {unit}{plural} {how})"


def _said(timescale: Timescale) -> str:
    """A timescale as a board reads it: its month or period, its day, or its own words."""
    if timescale.kind is Kind.YEAR and timescale.year is not None:
        return str(timescale.year)
    if timescale.kind in _MONTH_ENDS and timescale.period:
        return timescale.period
    if timescale.kind is Kind.DATE and timescale.date is not None:
        return long_date(timescale.date)
    return f"‘{timescale.raw}’" if timescale.raw.strip() else "no timescale"
