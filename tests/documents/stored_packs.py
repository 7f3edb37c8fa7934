"""A board pack kept as if issued, without writing its files: for the tests that walk every
page, where what matters is who may read it, not what it holds (tests/documents/test_packs.py
issues real ones)."""

import datetime as dt
import hashlib

from django.utils import timezone

from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.plans.models import BoardPack, BoardPackFile, Plan


def stored_pack(plan: Plan, board_date: dt.date = dt.date(2026, 11, 18)) -> BoardPack:
    pack = BoardPack.objects.create(
        plan=plan, board_date=board_date, issued_at=timezone.now(), snapshot={"action_count": 0}
    )
    content = f"Domain,No\r\n{plan.title},1\r\n".encode()
    BoardPackFile.objects.create(
        pack=pack,
        kind="csv",
        name=f"{plan.slug}-board-pack-{board_date:%Y-%m-%d}.csv",
        content_type=FORMATS["csv"].content_type,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return pack
