"""Table 1 (status by domain, with totals) and Table 2 (high-priority actions by status).

Pure: the tracker page, plan_summary and the import's reconciliation all count here.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from improvement_tracker.plans.rag import TABLE_COLUMNS, Status, count_by_status

TOTALS = "Totals"


@dataclass(frozen=True)
class Counted:
    """What the tables need of one action."""

    domain_label: str
    status: Status
    high_priority: bool


def table1(domain_labels: list[str], actions: Iterable[Counted]) -> dict[str, dict[str, int]]:
    by_domain: dict[str, list[Status]] = {label: [] for label in domain_labels}
    every: list[Status] = []
    for action in actions:
        by_domain[action.domain_label].append(action.status)
        every.append(action.status)
    table = {label: count_by_status(statuses) for label, statuses in by_domain.items()}
    table[TOTALS] = count_by_status(every)
    return table


def table2(actions: Iterable[Counted]) -> dict[str, int]:
    return count_by_status([action.status for action in actions if action.high_priority])


def has_unrated(table: dict[str, dict[str, int]]) -> bool:
    """Table 1 shows its "Not rated" row only when some action has no status."""
    return table[TOTALS][Status.NOT_RATED.label] > 0


def row_labels(table: dict[str, dict[str, int]]) -> list[str]:
    """The status rows Table 1 shows, in order, ending with the total."""
    statuses = [s for s in TABLE_COLUMNS if s is not Status.NOT_RATED or has_unrated(table)]
    return [status.label for status in statuses] + ["Total"]
