"""The RAG statuses and the example plan's key: plain values, no ORM, no request."""

from enum import StrEnum


class Status(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETED = "completed"
    NOT_RATED = "not_rated"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(status.value, status.label) for status in cls]

    @classmethod
    def rated(cls) -> list["Status"]:
        """The four statuses of the key, in the order the document uses."""
        return [cls.RED, cls.AMBER, cls.GREEN, cls.COMPLETED]

    @classmethod
    def from_text(cls, text: str) -> "Status | None":
        """Read a status as people write it: a word, a letter, or nothing.

        Returns None for text that is not a status, so the caller can warn.
        """
        key = text.strip().rstrip(".").casefold()
        return _FROM_TEXT.get(key)


_LABELS = {
    Status.RED: "Red",
    Status.AMBER: "Amber",
    Status.GREEN: "Green",
    Status.COMPLETED: "Completed",
    Status.NOT_RATED: "Not rated",
}

_FROM_TEXT = {
    "": Status.NOT_RATED,
    "not rated": Status.NOT_RATED,
    "red": Status.RED,
    "r": Status.RED,
    "amber": Status.AMBER,
    "a": Status.AMBER,
    "green": Status.GREEN,
    "g": Status.GREEN,
    "completed": Status.COMPLETED,
    "complete": Status.COMPLETED,
    "c": Status.COMPLETED,
}

_BY_VALUE = {status.value: status for status in Status}


def status_of(value: str) -> Status:
    """Status(value), without the enum machinery's cost on pages of a thousand rows."""
    return _BY_VALUE[value]


# The key as the example plan words it; each plan keeps its own editable copy.
DEFAULT_KEY: dict[Status, str] = {
    Status.RED: "Agreed date passed - action not complete.",
    Status.AMBER: "Action not on target for completion by agreed date.",
    Status.GREEN: "Action on target to be completed by the agreed date.",
    Status.COMPLETED: "Action complete.",
}

# Column and row order of Table 1 and Table 2, as the summary and pages show them.
TABLE_COLUMNS: list[Status] = [*Status.rated(), Status.NOT_RATED]


def count_by_status(statuses: list[Status]) -> dict[str, int]:
    """Counts keyed by label, with "Total": one row of Table 1 or Table 2."""
    counts = {status.label: 0 for status in TABLE_COLUMNS}
    for status in statuses:
        counts[status.label] += 1
    counts["Total"] = len(statuses)
    return counts
