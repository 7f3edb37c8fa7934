"""The statuses' stable meanings and a plan's own key: plain values, no ORM, no request.

A stored status is a meaning (`off_track`, `on_track` …); what a plan calls it and
which colour its tag takes come from the plan's key (ADR 0039). The example's key
(Red, Amber, Green, Completed) is the default and the fallback.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum


class Status(StrEnum):
    """A status's meaning, stored on every update: machines read these, people the key's labels."""

    NOT_STARTED = "not_started"
    OFF_TRACK = "off_track"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"
    COMPLETE = "complete"
    COMPLETE_ASSURED = "complete_assured"
    NOT_RATED = "not_rated"

    @property
    def label(self) -> str:
        """The example key's label for this meaning (a plan's own key may say otherwise)."""
        return _LABELS[self]

    @property
    def meaning(self) -> str:
        """The meaning in words, the same in every plan: "on track", "complete and assured"."""
        return _MEANINGS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(status.value, status.meaning.capitalize()) for status in cls]

    @classmethod
    def rated(cls) -> list["Status"]:
        """The four meanings of the example's key, in the order the example uses."""
        return [cls.OFF_TRACK, cls.AT_RISK, cls.ON_TRACK, cls.COMPLETE]

    @classmethod
    def from_text(cls, text: str) -> "Status | None":
        """Read a status as the example writes it (a word, a letter, or nothing), or as its
        meaning ("Off Track", "On track", "Not started").

        Returns None for text that is not a status, so the caller can warn.
        """
        key = text.strip().rstrip(".").casefold()
        return _FROM_TEXT.get(key) or cls.from_meaning(key)

    @classmethod
    def from_meaning(cls, text: str) -> "Status | None":
        """A meaning as exports print it ("on track") or as machines name it ("on_track")."""
        key = text.strip().casefold().replace("_", " ")
        return next((status for status in cls if status.meaning == key), None)

    @property
    def is_complete(self) -> bool:
        return self in (Status.COMPLETE, Status.COMPLETE_ASSURED)


_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.OFF_TRACK: "Red",
    Status.AT_RISK: "Amber",
    Status.ON_TRACK: "Green",
    Status.COMPLETE: "Completed",
    Status.COMPLETE_ASSURED: "Complete and assured",
    Status.NOT_RATED: "Not rated",
}

_MEANINGS = {
    Status.NOT_STARTED: "not started",
    Status.OFF_TRACK: "off track",
    Status.AT_RISK: "at risk",
    Status.ON_TRACK: "on track",
    Status.COMPLETE: "complete",
    Status.COMPLETE_ASSURED: "complete and assured",
    Status.NOT_RATED: "not rated",
}

_FROM_TEXT = {
    "": Status.NOT_RATED,
    "not rated": Status.NOT_RATED,
    "red": Status.OFF_TRACK,
    "r": Status.OFF_TRACK,
    "amber": Status.AT_RISK,
    "a": Status.AT_RISK,
    "green": Status.ON_TRACK,
    "g": Status.ON_TRACK,
    "completed": Status.COMPLETE,
    "complete": Status.COMPLETE,
    "c": Status.COMPLETE,
}

_BY_VALUE = {status.value: status for status in Status}


def status_of(value: str) -> Status:
    """Status(value), without the enum machinery's cost on pages of a thousand rows."""
    return _BY_VALUE[value]


# The GOV.UK tag colours a key may give a status (govuk-tag--<colour>); the model's
# TagColour offers the same (tests/plans/test_status_key.py holds them together).
COLOURS = (
    "grey",
    "green",
    "turquoise",
    "blue",
    "light-blue",
    "purple",
    "pink",
    "red",
    "orange",
    "yellow",
)


@dataclass(frozen=True)
class KeyEntry:
    """One line of a plan's key: a meaning, the plan's word for it, its colour and words."""

    status: Status
    label: str
    colour: str
    description: str = ""


@dataclass(frozen=True)
class StatusKey:
    """A plan's key: the meanings it uses in its order. Not rated is always there, last."""

    entries: tuple[KeyEntry, ...]

    def __post_init__(self) -> None:
        by_status = {entry.status: entry for entry in self.entries}
        if Status.NOT_RATED not in by_status:
            by_status[Status.NOT_RATED] = NOT_RATED_ENTRY
        object.__setattr__(self, "_by_status", by_status)

    @property
    def rated(self) -> list[KeyEntry]:
        """The entries a plan lists in its key, in its order (Not rated aside)."""
        return [entry for entry in self.entries if entry.status is not Status.NOT_RATED]

    @property
    def statuses(self) -> list[Status]:
        """Every meaning this plan uses, in its order, Not rated last: Table 1's columns."""
        return [*(entry.status for entry in self.rated), Status.NOT_RATED]

    def entry(self, status: Status) -> KeyEntry:
        """The plan's entry for a meaning; one it does not use reads as the example's."""
        found: dict[Status, KeyEntry] = self._by_status  # type: ignore[attr-defined]
        return found.get(status) or EXAMPLE_ENTRIES[status]

    def label(self, status: Status) -> str:
        return self.entry(status).label

    def colour(self, status: Status) -> str:
        return self.entry(status).colour

    def uses(self, status: Status) -> bool:
        return status in self._by_status  # type: ignore[attr-defined]

    def from_label(self, text: str) -> Status | None:
        """The meaning of one of this plan's labels, as people write it."""
        wanted = text.strip().rstrip(".").casefold()
        for status in self.statuses:
            if self.label(status).casefold() == wanted:
                return status
        return None

    def including(self, statuses: Iterable[Status]) -> "StatusKey":
        """This key with any of `statuses` it lacks added after its own, as the example
        words them: an imported plan's key names every status its actions have."""
        missing = [
            status
            for status in Status
            if status in set(statuses) and not self.uses(status) and status is not Status.NOT_RATED
        ]
        if not missing:
            return self
        taken = {entry.label.casefold() for entry in self.entries} | {
            self.label(Status.NOT_RATED).casefold()
        }
        added = []
        for status in missing:
            entry = EXAMPLE_ENTRIES[status]
            if entry.label.casefold() in taken:
                entry = replace(entry, label=f"{entry.label} ({status.meaning})")
            added.append(entry)
        rated = [*self.rated, *added]
        rest = [entry for entry in self.entries if entry.status is Status.NOT_RATED]
        return StatusKey(tuple(rated + rest))

    def describe(self, status: Status) -> str:
        """The label, with the meaning beside it where the label alone could mislead."""
        label = self.label(status)
        if label == status.label or label.casefold() == status.meaning.casefold():
            return label
        return f"{label} ({status.meaning})"


NOT_RATED_ENTRY = KeyEntry(Status.NOT_RATED, "Not rated", "grey")

EXAMPLE_ENTRIES: dict[Status, KeyEntry] = {
    Status.NOT_STARTED: KeyEntry(Status.NOT_STARTED, "Not started", "grey", "Action not started."),
    Status.OFF_TRACK: KeyEntry(
        Status.OFF_TRACK, "Red", "red", "Agreed date passed - action not complete."
    ),
    Status.AT_RISK: KeyEntry(
        Status.AT_RISK, "Amber", "orange", "Action not on target for completion by agreed date."
    ),
    Status.ON_TRACK: KeyEntry(
        Status.ON_TRACK, "Green", "green", "Action on target to be completed by the agreed date."
    ),
    Status.COMPLETE: KeyEntry(Status.COMPLETE, "Completed", "blue", "Action complete."),
    Status.COMPLETE_ASSURED: KeyEntry(
        Status.COMPLETE_ASSURED, "Complete and assured", "turquoise", "Action complete and assured."
    ),
    Status.NOT_RATED: NOT_RATED_ENTRY,
}

# The example plan's key: what a new plan starts with unless its document gives its own.
EXAMPLE_KEY = StatusKey(tuple(EXAMPLE_ENTRIES[status] for status in Status.rated()))

# The key as the example plan words it; each plan keeps its own editable copy.
DEFAULT_KEY: dict[Status, str] = {
    status: EXAMPLE_ENTRIES[status].description for status in Status.rated()
}


def count_by_status(statuses: Iterable[Status], key: StatusKey = EXAMPLE_KEY) -> dict[str, int]:
    """Counts keyed by the plan's labels, in its key's order, with "Total": a row of Table 1 or 2.

    A status the key no longer lists (dropped while no live action had it) still counts,
    under its example label after the key's own.
    """
    counts = {key.label(status): 0 for status in key.statuses}
    tally = Counter(statuses)
    for status, count in tally.items():
        label = key.label(status)
        counts[label] = counts.get(label, 0) + count
    counts["Total"] = tally.total()
    return counts
