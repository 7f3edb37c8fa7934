"""Table 1 (status by domain, with totals) and Table 2 (high-priority actions by status).

Pure: the tracker page, plan_summary and the import's reconciliation all count here.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from improvement_tracker.plans.rag import EXAMPLE_KEY, Status, StatusKey, count_by_status

TOTALS = "Totals"


@dataclass(frozen=True)
class Counted:
    """What the tables need of one action."""

    domain_label: str
    status: Status
    high_priority: bool


def table1(
    domain_labels: list[str], actions: Iterable[Counted], key: StatusKey = EXAMPLE_KEY
) -> dict[str, dict[str, int]]:
    """Each domain's actions counted by the plan's labels, in its key's order, and the totals."""
    by_domain: dict[str, list[Status]] = {label: [] for label in domain_labels}
    every: list[Status] = []
    for action in actions:
        by_domain[action.domain_label].append(action.status)
        every.append(action.status)
    table = {label: count_by_status(statuses, key) for label, statuses in by_domain.items()}
    table[TOTALS] = count_by_status(every, key)
    return table


def table2(actions: Iterable[Counted], key: StatusKey = EXAMPLE_KEY) -> dict[str, int]:
    return count_by_status([action.status for action in actions if action.high_priority], key)


def has_unrated(table: dict[str, dict[str, int]], key: StatusKey = EXAMPLE_KEY) -> bool:
    """Table 1 shows its "Not rated" row only when some action has no status."""
    return table[TOTALS][key.label(Status.NOT_RATED)] > 0


def row_labels(table: dict[str, dict[str, int]], key: StatusKey = EXAMPLE_KEY) -> list[str]:
    """The status rows Table 1 shows, in the key's order, ending with the total.

    A status the key has since dropped still shows while an action has it."""
    unrated = key.label(Status.NOT_RATED)
    labels = [label for label in table[TOTALS] if label != "Total"]
    return [label for label in labels if label != unrated or has_unrated(table, key)] + ["Total"]
