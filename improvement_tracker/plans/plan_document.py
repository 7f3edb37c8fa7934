"""The neutral, in-memory plan document where every importer and exporter meets.

Importers read a file into a PlanDocument; one service persists it. Exporters get a
PlanDocument from the database and write their format. Nothing here touches the ORM.
"""

from dataclasses import dataclass, field

from improvement_tracker.plans.rag import Status


class ImportProblem(Exception):
    """A file that cannot be imported; the message names where and what is wrong."""


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


@dataclass
class DomainEntry:
    title: str
    label: str
    actions: list[ActionEntry] = field(default_factory=list)


@dataclass
class ReportedFigures:
    """The document's own Table 1 and Table 2, exactly as it printed them."""

    table1: dict[str, dict[str, int]]  # domain label (and "Totals") -> status label -> n
    table2: dict[str, int] | None  # status label -> n, with "Total"


@dataclass
class PlanDocument:
    title: str
    organisation: str
    reporting_period: str = ""  # "October 2020", as the document words it
    rag_key: dict[Status, str] = field(default_factory=dict)
    domains: list[DomainEntry] = field(default_factory=list)
    reported: ReportedFigures | None = None
    warnings: list[str] = field(default_factory=list)
    source_name: str = ""

    @property
    def action_count(self) -> int:
        return sum(len(domain.actions) for domain in self.domains)
