"""Walk the audit trail's hash chain in order and find its first broken link (ADR 0025)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from improvement_tracker.audit.chain import FIELDS, GENESIS, check_link
from improvement_tracker.audit.models import AuditEvent

BATCH = 5000


@dataclass(frozen=True)
class ChainReport:
    events: int  # how many were checked, up to and including a broken one
    broken_id: int | None = None
    problem: str = ""
    newest_id: int | None = None  # the head of an intact chain, and its hash
    newest_hash: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def events_in_order(batch: int = BATCH) -> Iterator[dict[str, Any]]:
    """Every event's stored values, oldest first, a batch at a time (bounded memory)."""
    last_id = 0
    while True:
        rows = list(
            AuditEvent.objects.filter(id__gt=last_id)
            .order_by("id")
            .values("id", "hash", *FIELDS)[:batch]
        )
        yield from rows
        if len(rows) < batch:
            return
        last_id = rows[-1]["id"]


def verify_chain(*, batch: int = BATCH, key: str | None = None) -> ChainReport:
    key = settings.AUDIT_CHAIN_KEY if key is None else key
    expected_previous, previous_id, count = GENESIS, None, 0
    for event in events_in_order(batch):
        count += 1
        problem = check_link(
            event, expected_previous=expected_previous, previous_id=previous_id, key=key
        )
        if problem is not None:
            return ChainReport(events=count, broken_id=event["id"], problem=problem)
        expected_previous, previous_id = event["hash"], event["id"]
    return ChainReport(events=count, newest_id=previous_id, newest_hash=expected_previous)
