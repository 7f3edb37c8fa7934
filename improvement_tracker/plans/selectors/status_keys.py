"""Plans' own status keys, read (ADR 0039)."""

from collections.abc import Collection, Iterable

from improvement_tracker.plans.models import RagKeyEntry
from improvement_tracker.plans.rag import KeyEntry, StatusKey


def key_of(entries: Iterable[RagKeyEntry]) -> StatusKey:
    """A plan's key from its stored entries, in their order."""
    return StatusKey(tuple(entry.as_entry() for entry in entries))


def status_keys(plan_ids: Collection[int]) -> dict[int, StatusKey]:
    """Each plan's own key, in one query."""
    entries: dict[int, list[KeyEntry]] = {plan_id: [] for plan_id in plan_ids}
    for row in RagKeyEntry.objects.filter(plan_id__in=plan_ids).order_by("position", "id"):
        entries[row.plan_id].append(row.as_entry())
    return {plan_id: StatusKey(tuple(found)) for plan_id, found in entries.items()}
