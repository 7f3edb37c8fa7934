"""A board pack kept as if issued, with its real figures and CSV file but without the Word,
PDF and Excel files (seconds to write): for the tests that walk every page, where what
matters is who may read a pack and how its pages read. tests/documents/test_packs.py
issues real ones."""

import datetime as dt
import hashlib

from django.utils import timezone

from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.documents.exporters.csv import write_csv
from improvement_tracker.documents.packs import pack_file_name, pack_snapshot
from improvement_tracker.documents.selectors import tracker_document
from improvement_tracker.plans.models import BoardPack, BoardPackFile, Plan
from improvement_tracker.plans.plan_document import BoardSection
from improvement_tracker.plans.selectors.tracker import plan_tracker


def stored_pack(plan: Plan, board_date: dt.date = dt.date(2026, 11, 18)) -> BoardPack:
    tracker = plan_tracker(plan=plan, as_of=board_date, references=False, leads=False)
    board = BoardSection(board_date=board_date, since=None)
    pack = BoardPack.objects.create(
        plan=plan,
        board_date=board_date,
        issued_at=timezone.now(),
        snapshot=pack_snapshot(tracker, board=board),
    )
    document = tracker_document(tracker, as_of=board_date)
    document.board = board
    content = write_csv(document)
    BoardPackFile.objects.create(
        pack=pack,
        kind="csv",
        name=pack_file_name(plan, board_date, "csv"),
        content_type=FORMATS["csv"].content_type,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return pack
