"""`send_reminders`' work: every notice due now, each sent once (issue 20, ADR 0055).

For each open round of a live plan: work out the notices due today (`schedule.py`), make a
row for each person due one who has none yet (`SentNotice`), then claim the unsent rows a
batch at a time, build their emails, and send each batch over one connection, a few
batches side by side (NOTICE_CONNECTIONS). The emails the mail server accepted are marked
sent and audited together after them (one commit, not one per email: ADR 0055); one
refused is left unsent with its error, for the next run. Memory stays flat: people are
read by ids in chunks, and only those few batches' emails exist at a time.
"""

import contextlib
import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone

from improvement_tracker.notices import selectors
from improvement_tracker.notices.messages import NoticeContent, notice_email
from improvement_tracker.notices.models import SentNotice
from improvement_tracker.notices.schedule import DayKind, due_day_kinds
from improvement_tracker.notices.services import (
    notice_dropped,
    notice_failed,
    notices_claim,
    notices_plan,
    notices_sent,
)
from improvement_tracker.plans.models import UpdateRound

logger = logging.getLogger(__name__)


@dataclass
class Summary:
    sent: int = 0
    failed: int = 0
    turned_off: int = 0
    no_address: int = 0
    nothing_left: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.turned_off + self.no_address + self.nothing_left

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.failed} failed, {self.skipped} skipped "
            f"({self.turned_off} turned off, {self.no_address} without an email address, "
            f"{self.nothing_left} with nothing left to update)"
        )


def send_due_notices(*, now: dt.datetime | None = None) -> Summary:
    """Send every notice due at `now` (the present by default) that is not sent yet."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    summary = Summary()
    rounds = UpdateRound.objects.filter(
        closed_at__isnull=True, plan__archived_at__isnull=True
    ).select_related("plan")
    for update_round in rounds.order_by("pk"):
        day_kinds = due_day_kinds(
            deadline=update_round.deadline,
            reminder_days_before=update_round.plan.reminder_days_before,
            opened_on=timezone.localdate(update_round.opened_at),
            today=today,
            closed=False,
        )
        for day_kind in day_kinds:
            _make_due(update_round, day_kind, summary)
        _send_round(update_round, day_kinds, now=now, today=today, summary=summary)
    return summary


def _make_due(update_round: UpdateRound, day_kind: DayKind, summary: Summary) -> None:
    """A row for each person now due this notice who has none, unless they turned it off
    or have no email address (counted as skipped)."""
    due = selectors.not_yet_noticed(
        selectors.recipients(update_round, day_kind), update_round, day_kind
    )
    off = selectors.turned_off(day_kind.kind)
    summary.turned_off += due.filter(off).count()
    summary.no_address += due.exclude(off).filter(email="").count()
    wanted = due.exclude(off).exclude(email="")
    for people in selectors.chunks(wanted, settings.NOTICE_BATCH_SIZE):
        notices_plan(update_round, day_kind, people)


Outgoing = list[tuple[SentNotice, NoticeContent, EmailMessage]]


def _send_round(
    update_round: UpdateRound,
    day_kinds: list[DayKind],
    *,
    now: dt.datetime,
    today: dt.date,
    summary: Summary,
) -> None:
    """Claim up to NOTICE_CONNECTIONS batches, send them side by side (each over a
    connection of its own), record how each email went, and go on until none is left."""
    escalation: list[tuple[str, list[selectors.ActionLine]]] | None = None
    after = 0
    while True:
        batches: list[Outgoing] = []
        for _ in range(max(settings.NOTICE_CONNECTIONS, 1)):
            batch = notices_claim(
                update_round, day_kinds, after=after, now=now, size=settings.NOTICE_BATCH_SIZE
            )
            if not batch:
                break
            after = batch[-1].pk
            if escalation is None and any(n.day_kind == DayKind.AFTER_DEADLINE for n in batch):
                escalation = selectors.missing_by_lead(update_round, today)
            batches.append(_outgoing(update_round, batch, today, escalation or [], summary))
        if not batches:
            return
        _send_batches(update_round, batches, now=now, summary=summary)


def _outgoing(
    update_round: UpdateRound,
    batch: list[SentNotice],
    today: dt.date,
    escalation: list[tuple[str, list[selectors.ActionLine]]],
    summary: Summary,
) -> Outgoing:
    """The batch's emails; a reminder with nothing left to remind of is dropped."""
    contents = _contents(update_round, batch, today, escalation)
    outgoing: Outgoing = []
    for notice in batch:
        content = contents[notice.pk]
        if content.count == 0:
            notice_dropped(notice=notice)
            summary.nothing_left += 1
        elif not notice.person.email:
            notice_failed(notice=notice, error="The person has no email address")
            summary.no_address += 1
        else:
            message = notice_email(update_round=update_round, person=notice.person, content=content)
            outgoing.append((notice, content, message))
    return outgoing


def _contents(
    update_round: UpdateRound,
    batch: list[SentNotice],
    today: dt.date,
    escalation: list[tuple[str, list[selectors.ActionLine]]],
) -> dict[int, NoticeContent]:
    contents = {}
    for missing_only in (False, True):
        kinds = (
            {DayKind.BEFORE_DEADLINE, DayKind.DEADLINE_DAY} if missing_only else {DayKind.OPENED}
        )
        notices = [n for n in batch if n.day_kind in kinds]
        if not notices:
            continue
        lines = selectors.action_lines(
            update_round, {n.person_id for n in notices}, missing_only=missing_only, today=today
        )
        for notice in notices:
            day_kind = DayKind(notice.day_kind)
            contents[notice.pk] = NoticeContent(day_kind, lines.get(notice.person_id, []), [])
    for notice in batch:
        if notice.day_kind == DayKind.AFTER_DEADLINE:
            contents[notice.pk] = NoticeContent(DayKind.AFTER_DEADLINE, [], escalation)
    return contents


def _send_batches(
    update_round: UpdateRound, batches: list[Outgoing], *, now: dt.datetime, summary: Summary
) -> None:
    """Send the batches at once, a thread and a connection each (mail servers answer
    slower than they work), then record each email's outcome here, in this thread: the
    threads only talk SMTP, never to the database. What the servers accepted is marked
    sent in one transaction, whatever happened to the rest."""
    if len(batches) == 1:
        outcomes = [_deliver(batches[0])]
    else:
        with ThreadPoolExecutor(max_workers=len(batches)) as pool:
            outcomes = list(pool.map(_deliver, batches))
    accepted: list[tuple[SentNotice, list[str]]] = []
    for outgoing, errors in zip(batches, outcomes, strict=True):
        for (notice, content, _), error in zip(outgoing, errors, strict=True):
            if error is None:
                accepted.append((notice, content.references))
            else:
                _failed(notice, error, summary)
    notices_sent(update_round=update_round, sent=accepted, now=now)
    summary.sent += len(accepted)


def _deliver(outgoing: Outgoing) -> list[Exception | None]:
    """Send a batch's emails over one connection: each one's error, or None if accepted."""
    if not outgoing:
        return []
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # the server is unreachable: the whole batch waits
        return [error] * len(outgoing)
    outcomes: list[Exception | None] = []
    try:
        for _, _, message in outgoing:
            message.connection = connection
            try:
                if connection.send_messages([message]) != 1:
                    raise RuntimeError("The mail backend did not send the email")
                outcomes.append(None)
            except Exception as error:  # refused: recorded, retried next run
                outcomes.append(error)
                _reconnect(connection)
    finally:
        _close(connection)
    return outcomes


def _failed(notice: SentNotice, error: Exception, summary: Summary) -> None:
    words = f"{type(error).__name__}: {error}"
    logger.error("Could not send notice %s to %s: %s", notice.pk, notice.person, words)
    notice_failed(notice=notice, error=words)
    summary.failed += 1
    summary.errors.append(words)


def _reconnect(connection: BaseEmailBackend) -> None:
    """After a refusal the connection may be gone: start a fresh one for the rest."""
    _close(connection)
    with contextlib.suppress(Exception):  # if it will not open, the next send records why
        connection.open()


def _close(connection: BaseEmailBackend) -> None:
    with contextlib.suppress(Exception):  # one that will not close cleanly is dropped
        connection.close()
