"""Board packs issued and kept (issue 20, ADR 0058).

Issuing a pack freezes the plan for a board: its figures as plain JSON (`snapshot`: the
key, Table 1 and 2, the key-check flags, what changed) and its four files (Word, PDF,
Excel, CSV) as bytes with their sha256, in the database beside the pack. A download
serves those bytes unchanged, whatever is edited afterwards. Issuing again for the same
board archives the earlier pack; nothing is deleted.

The files are written before the transaction that stores them (a 1,000-action plan's take
seconds), so the database's write lock is held only while rows are inserted; the
transaction checks again that the pack's `since` still holds.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.documents.selectors import tracker_document
from improvement_tracker.plans.charts import exceptions_chart, status_chart
from improvement_tracker.plans.key_checks import long_date
from improvement_tracker.plans.models import BoardPack, BoardPackFile, Plan
from improvement_tracker.plans.plan_document import BoardSection
from improvement_tracker.plans.selectors.changes import plan_changes
from improvement_tracker.plans.selectors.tracker import Tracker, plan_tracker
from improvement_tracker.plans.selectors.trends import board_dates, plan_trends
from improvement_tracker.plans.services.rules import EditRefused, _refuse_if_archived
from improvement_tracker.plans.trends import month_ends

PACK_FORMATS = ("docx", "pdf", "xlsx", "csv")
SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class PackFile:
    """A file of a pack before it is stored."""

    kind: str
    name: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def pack_as_of(board_date: dt.date, today: dt.date) -> dt.date:
    """The day a pack reads the plan as at: its board date, or today for a board still to
    come (a pack is issued before its meeting, and the future has no updates yet)."""
    return min(board_date, today)


def previous_board(plan: Plan, board_date: dt.date) -> dt.date | None:
    """The board date of the plan's latest live pack before `board_date`: what a new pack's
    "what changed" runs from."""
    earlier = BoardPack.objects.filter(
        plan=plan, archived_at__isnull=True, board_date__lt=board_date
    )
    return earlier.order_by("-board_date").values_list("board_date", flat=True).first()


def pack_file_name(plan: Plan, board_date: dt.date, kind: str) -> str:
    return f"{plan.slug}-board-pack-{board_date:%Y-%m-%d}.{kind}"


def pack_issue(*, plan: Plan, board_date: dt.date, by: User | None) -> BoardPack:
    """Issue the plan's pack for the board of `board_date`, archiving any live one for it."""
    _refuse_if_archived(plan)
    as_of = pack_as_of(board_date, timezone.localdate())
    since = previous_board(plan, board_date)
    tracker = plan_tracker(plan=plan, as_of=as_of, references=False, leads=False)
    document = tracker_document(tracker, as_of=as_of)
    document.board = board_section_for(plan, board_date, since)
    files = [
        PackFile(
            kind=kind,
            name=pack_file_name(plan, board_date, kind),
            content_type=FORMATS[kind].content_type,
            content=FORMATS[kind].write(document),
        )
        for kind in PACK_FORMATS
    ]
    snapshot = pack_snapshot(tracker, board=document.board)
    return pack_store(
        plan=plan, board_date=board_date, since=since, snapshot=snapshot, files=files, by=by
    )


def board_section_for(plan: Plan, board_date: dt.date, since: dt.date | None) -> BoardSection:
    """What the pack adds to the plan: what changed since the last board (`since`), and the
    trend charts, each with its numbers.

    Both run to the day the pack reads the plan as at. The trends are counted at each
    earlier live pack's board date and that day; a plan with no earlier pack, at each
    month end of the last year and that day. A plan's first pack has no changes: there
    is no board to compare with.
    """
    until = pack_as_of(board_date, timezone.localdate())
    changes = plan_changes(plan, since=since, until=until) if since and since < until else []
    earlier = [day for day in board_dates(plan) if day < board_date and day < until]
    trends = plan_trends(plan, dates=[*earlier, until] if earlier else month_ends(until))
    charts = [
        status_chart(trends),
        *(status_chart(trends, domain=domain) for domain in trends.domains),
        exceptions_chart(trends),
    ]
    return BoardSection(board_date=board_date, since=since, changes=changes, charts=charts)


@transaction.atomic
def pack_store(
    *,
    plan: Plan,
    board_date: dt.date,
    since: dt.date | None,
    snapshot: dict[str, object],
    files: list[PackFile],
    by: User | None,
) -> BoardPack:
    """Keep a pack and its files in one transaction, audited; the live pack for the same
    board, if any, archived first. Refused, with nothing kept, if another pack was issued
    for an earlier board while the files were written: theirs would say the wrong `since`."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _refuse_if_archived(locked)
    if previous_board(locked, board_date) != since:
        raise EditRefused(
            "Another board pack was issued for this plan while this one was written. "
            "Issue it again.",
            field="board_date",
        )
    now = timezone.now()
    replaced = list(
        BoardPack.objects.select_for_update().filter(
            plan=locked, board_date=board_date, archived_at__isnull=True
        )
    )
    for earlier in replaced:
        earlier.archived_at = now
        earlier.save(update_fields=["archived_at"])
        audit_record(
            actor=by,
            verb=Verb.ARCHIVE,
            obj=earlier,
            plan=locked,
            summary=f"Archived the board pack for {long_date(board_date)}: issued again",
            before={"archived_at": None},
            after={"archived_at": now.isoformat()},
        )
    pack = BoardPack.objects.create(
        plan=locked,
        board_date=board_date,
        since=since,
        issued_at=now,
        issued_by=by,
        snapshot=snapshot,
    )
    BoardPackFile.objects.bulk_create(
        BoardPackFile(
            pack=pack,
            kind=file.kind,
            name=file.name,
            content_type=file.content_type,
            content=file.content,
            sha256=file.sha256,
        )
        for file in files
    )
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=pack,
        plan=locked,
        summary=f"Issued the board pack for {long_date(board_date)}",
        after={
            "board_date": board_date.isoformat(),
            "since": since.isoformat() if since else None,
            "as_of": snapshot["as_of"],
            "files": {file.name: file.sha256 for file in files},
            "replaces": [earlier.pk for earlier in replaced],
        },
    )
    return pack


def pack_snapshot(tracker: Tracker, *, board: BoardSection) -> dict[str, object]:
    """The pack's figures as plain JSON: what the board was shown, readable without its
    files and whatever the plan's key or actions become."""
    key = tracker.status_key
    return {
        "version": SNAPSHOT_VERSION,
        "board_date": board.board_date.isoformat(),
        "as_of": tracker.as_of.isoformat(),
        "since": board.since.isoformat() if board.since else None,
        "title": tracker.plan.title,
        "action_count": tracker.action_count,
        "key": [{"status": entry.status.value, "label": entry.label} for entry in key.entries],
        # As the tracker and the pack's files print them: "Not rated" only when needed.
        "table1_rows": tracker.table1_rows,
        "table1": {
            column: {row: counts[row] for row in tracker.table1_rows}
            for column, counts in tracker.table1.items()
        },
        "table2": dict(tracker.table2),
        "flags": {
            "total": tracker.flag_total,
            "counts": tracker.flag_counts,
            "actions": [
                {
                    "domain": entry.domain.label,
                    "reference": action.number,
                    "kind": flag.kind.value,
                    "label": flag.kind.label,
                    "reason": flag.reason,
                }
                for entry in tracker.domains
                for action in entry.actions
                for flag in action.flags
            ],
        },
        "changes": [change.as_json() for change in board.changes],
        "charts": [
            {
                "title": chart.title,
                "headers": list(chart.headers),
                "rows": [list(row) for row in chart.rows],
            }
            for chart in board.charts
        ],
    }


def pack_file_download(*, pack_file: BoardPackFile, by: User | None) -> BoardPackFile:
    """A pack's file as issued, its download audited as an export: it leaves the system."""
    pack = pack_file.pack
    audit_record(
        actor=by,
        verb=Verb.EXPORT,
        obj=pack_file,
        plan=pack.plan,
        summary=f"Downloaded {pack_file.name}, of the board pack for {long_date(pack.board_date)}",
        after={"kind": pack_file.kind, "sha256": pack_file.sha256},
    )
    return pack_file
