"""What changed in a plan between two dates, as plain values (issue 20; pure).

A `Change` is one line of the "what changed since the last board" page, the board pack's
section and `manage.py plan_changes --json`. The reading that finds them is
`plans/selectors/changes.py`; this module holds what they are.
"""

from dataclasses import asdict, dataclass
from enum import StrEnum


class ChangeKind(StrEnum):
    """The kinds of change a board asks about, machine-readable in `--json` and exports."""

    STATUS_BETTER = "status_better"  # a status moved towards complete
    STATUS_WORSE = "status_worse"  # a status moved away from it
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
