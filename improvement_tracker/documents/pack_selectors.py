"""The reads of a plan's board packs (issue 20): its packs with their files' sizes, one
pack, one file. A file's bytes are read only when it is downloaded."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Length

from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.plans.models import Action, BoardPack, BoardPackFile, Plan

# The order a pack's files are listed in: as the tracker's export links list them.
FILE_ORDER = {"docx": 0, "pdf": 1, "xlsx": 2, "csv": 3}


@dataclass(frozen=True)
class ListedFile:
    kind: str
    name: str
    size: int
    sha256: str

    @property
    def format_name(self) -> str:
        """Word, PDF, Excel or CSV."""
        known = FORMATS.get(self.kind)
        return known.name if known else self.kind.upper()


def _files_without_bytes() -> QuerySet[BoardPackFile]:
    return (
        BoardPackFile.objects.defer("content")
        .annotate(size=Length("content"))
        .order_by("pack", "kind")
    )


def plan_packs(*, plan: Plan) -> list[BoardPack]:
    """The plan's packs, newest board first (an archived one after the live one that
    replaced it), each with who issued it and its files' sizes: three queries in all."""
    return list(
        BoardPack.objects.filter(plan=plan)
        .select_related("issued_by")
        .prefetch_related(Prefetch("files", queryset=_files_without_bytes()))
        .order_by("-board_date", "archived_at", "-id")
    )


def pack_in_plan(*, plan: Plan, pack_id: int) -> BoardPack | None:
    """One of the plan's packs, with its files' sizes; None for another plan's."""
    return (
        BoardPack.objects.filter(plan=plan, pk=pack_id)
        .select_related("issued_by")
        .prefetch_related(Prefetch("files", queryset=_files_without_bytes()))
        .first()
    )


def pack_files(pack: BoardPack) -> list[ListedFile]:
    """A pack's files as listed, in the export links' order; read from its prefetch."""
    files = sorted(pack.files.all(), key=lambda file: FILE_ORDER.get(file.kind, len(FILE_ORDER)))
    return [ListedFile(f.kind, f.name, getattr(f, "size", 0), f.sha256) for f in files]


def pack_file(*, plan: Plan, pack_id: int, kind: str) -> BoardPackFile | None:
    """One file of one of the plan's packs, with its bytes as issued."""
    return (
        BoardPackFile.objects.filter(pack__plan=plan, pack_id=pack_id, kind=kind)
        .select_related("pack__plan")
        .first()
    )


def live_packs(*, plan: Plan) -> list[BoardPack]:
    """The plan's live packs, newest board first: what issuing again would archive."""
    return list(plan.board_packs.filter(archived_at__isnull=True).order_by("-board_date"))


def pack_replaced_by(pack: BoardPack) -> BoardPack | None:
    """The live pack issued again for an archived pack's board, if there is one."""
    if pack.archived_at is None:
        return None
    live = BoardPack.objects.filter(plan_id=pack.plan_id, board_date=pack.board_date)
    return live.filter(archived_at__isnull=True).first()


def live_action_count(*, plan: Plan) -> int:
    """The actions a pack issued now would carry: live, in live domains."""
    return Action.objects.filter(
        domain__plan=plan, domain__archived_at__isnull=True, archived_at__isnull=True
    ).count()
