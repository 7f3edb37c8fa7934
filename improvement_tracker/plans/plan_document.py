"""The neutral, in-memory plan document where every importer and exporter meets.

Importers read a file into a PlanDocument; one service persists it. Exporters get a
PlanDocument from the database and write their format. Nothing here touches the ORM.
"""

import datetime as dt
from dataclasses import dataclass, field, replace

from improvement_tracker.plans.changes import Change
from improvement_tracker.plans.rag import EXAMPLE_KEY, Status, StatusKey


class ImportProblem(Exception):
    """A file that cannot be imported; the message names where and what is wrong."""


@dataclass(frozen=True)
class ObjectiveEntry:
    """An objective its actions serve (ADR 0041); equal entries are the same objective."""

    number: str
    text: str
    lead: str = ""


@dataclass
class ActivityEntry:
    """A sub-action under an action, with its own lead, timescale and status (ADR 0041)."""

    number: str
    text: str
    lead: str = ""
    timescale: str = ""
    status: Status = Status.NOT_RATED


@dataclass
class ActionEntry:
    number: str  # the reference as written: 16, 1.2, C1.1.1 (plans/numbering.py)
    text: str
    lead: str
    timescale: str
    status: Status = Status.NOT_RATED
    progress: str = ""
    high_priority: bool = False
    source_line: int | None = None  # where it was read, for messages
    location: str = ""  # the same for files without lines: "table 4, row 3"
    # Its values under the plan's extra fields, by the field's name (ADR 0040).
    extra: dict[str, str] = field(default_factory=dict)
    objective: ObjectiveEntry | None = None
    activities: list[ActivityEntry] = field(default_factory=list)


@dataclass
class DomainEntry:
    title: str
    label: str
    actions: list[ActionEntry] = field(default_factory=list)
    # Its objectives that none of its actions serve (not yet), in their order: written after
    # its actions and read back, so that they are not lost (ADR 0048).
    objectives: list[ObjectiveEntry] = field(default_factory=list)


@dataclass
class ReportedFigures:
    """The document's own Table 1 and Table 2, exactly as it printed them."""

    table1: dict[str, dict[str, int]]  # domain label (and "Totals") -> status label -> n
    table2: dict[str, int] | None  # status label -> n, with "Total"


@dataclass(frozen=True)
class TrendChart:
    """A chart of a board pack, drawn once and carried as both images, with its numbers as a
    table beside it, so that it reads without the picture and without colour (issue 20)."""

    title: str
    svg: str  # for pages and the PDF
    png: bytes  # for Word
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass
class BoardSection:
    """What a board pack adds to the plan: what changed since the last board, and trends."""

    board_date: dt.date
    since: dt.date | None  # the last board's date; None for a plan's first pack
    changes: list[Change] = field(default_factory=list)
    charts: list[TrendChart] = field(default_factory=list)


@dataclass
class PlanDocument:
    title: str
    organisation: str
    reporting_period: str = ""  # "October 2020", as the document words it
    rag_key: dict[Status, str] = field(default_factory=dict)  # meaning -> the key's words
    # The document's own labels and colours, when it gives them; None is the example's.
    key: StatusKey | None = None
    domains: list[DomainEntry] = field(default_factory=list)
    reported: ReportedFigures | None = None
    warnings: list[str] = field(default_factory=list)
    source_name: str = ""
    # The plan's extra fields in use, by name in their order: columns nobody planned for,
    # kept (ADR 0040). An action's values are its `extra`.
    extra_fields: list[str] = field(default_factory=list)
    # A board pack's own section; None in every other export.
    board: BoardSection | None = None

    @property
    def status_key(self) -> StatusKey:
        """The document's key, or the example's with the document's words for each status."""
        if self.key is not None:
            return self.key
        return StatusKey(
            tuple(
                replace(entry, description=self.rag_key.get(entry.status, entry.description))
                for entry in EXAMPLE_KEY.entries
            )
        )

    @property
    def action_count(self) -> int:
        return sum(len(domain.actions) for domain in self.domains)

    @property
    def layered(self) -> bool:
        """Whether any action serves an objective or has activities, or any domain has an
        objective: only then do the exports add their columns and rows for them (ADR 0041)."""
        return any(domain.objectives for domain in self.domains) or any(
            action.objective is not None or action.activities
            for domain in self.domains
            for action in domain.actions
        )
