"""A plan's board packs (issue 20, ADR 0058): the list, issuing one, a pack's page, and
its files downloaded exactly as issued.

Anyone who may read the plan may read its packs and download their files (each download
audited as an export); only its plan managers issue one, and not on an archived plan.
"""

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.documents import pack_selectors, packs
from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.documents.exporters.board import CHANGE_HEADER
from improvement_tracker.documents.pack_forms import IssuePackForm
from improvement_tracker.plans.access import plan_view
from improvement_tracker.plans.changes import ChangeKind
from improvement_tracker.plans.models import BoardPack, Plan
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.selectors.plans import live_domains
from improvement_tracker.plans.services.rules import EditRefused
from improvement_tracker.plans.views import plan_change


def pack_url(pack: BoardPack) -> str:
    return reverse("documents:board_pack", args=[pack.plan.slug, pack.pk])


@plan_view(Ability.VIEW)
@require_GET
def board_packs(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    found = pack_selectors.plan_packs(plan=plan)
    listed = [(pack, pack_selectors.pack_files(pack)) for pack in found]
    context = {
        "plan": plan,
        "packs": listed,
        "may_issue": access.can(Ability.EDIT) and plan.archived_at is None,
    }
    return render(request, "documents/board_packs.html", context)


@plan_change(Ability.EDIT)
def board_pack_issue(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    initial: dict[str, object] = {"board_date": plan.reporting_date} if plan.reporting_date else {}
    form = IssuePackForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pack = packs.pack_issue(
                plan=plan, board_date=form.cleaned_data["board_date"], by=user_of(request)
            )
        except EditRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            return redirect(pack_url(pack))
    context = {
        "plan": plan,
        "form": form,
        "domains": len(live_domains(plan=plan)),
        "actions": pack_selectors.live_action_count(plan=plan),
        "live": pack_selectors.live_packs(plan=plan),
        "today": timezone.localdate(),
        "formats": [FORMATS[kind].name for kind in packs.PACK_FORMATS],
    }
    return render(request, "documents/board_pack_issue.html", context)


@plan_view(Ability.VIEW)
@require_GET
def board_pack(request: HttpRequest, plan: Plan, access: PlanAccess, pack_id: int) -> HttpResponse:
    pack = pack_selectors.pack_in_plan(plan=plan, pack_id=pack_id)
    if pack is None:
        raise Http404("No such board pack")
    snapshot = pack.snapshot
    context = {
        "plan": plan,
        "pack": pack,
        "files": pack_selectors.pack_files(pack),
        "snapshot": snapshot,
        "as_of": _day(snapshot.get("as_of")),
        "table1_columns": list(snapshot.get("table1", {})),
        "table1": [
            (row, [snapshot["table1"][column].get(row, "") for column in snapshot["table1"]])
            for row in snapshot.get("table1_rows", [])
        ],
        "replaced_by": pack_selectors.pack_replaced_by(pack),
        "change_header": [CHANGE_HEADER[0], CHANGE_HEADER[1], CHANGE_HEADER[2], CHANGE_HEADER[5]],
        "changes": [
            [change["domain"], change["reference"], _kind_label(change["kind"]), change["words"]]
            for change in snapshot.get("changes", [])
        ],
    }
    return render(request, "documents/board_pack.html", context)


def _day(text: object) -> dt.date | None:
    """A date the snapshot keeps as ISO text."""
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def _kind_label(kind: str) -> str:
    """A kept change's kind in words; a kind this version does not know, as it was kept."""
    try:
        return ChangeKind(kind).heading
    except ValueError:
        return kind


@plan_view(Ability.VIEW)
@require_GET
def board_pack_file(
    request: HttpRequest, plan: Plan, access: PlanAccess, pack_id: int, file_format: str
) -> HttpResponse:
    """The file's bytes as stored when the pack was issued, under its stored name."""
    found = pack_selectors.pack_file(plan=plan, pack_id=pack_id, kind=file_format)
    if found is None:
        raise Http404("No such file in this board pack")
    stored = packs.pack_file_download(pack_file=found, by=user_of(request))
    return HttpResponse(
        bytes(stored.content),
        content_type=stored.content_type,
        headers={"Content-Disposition": f'attachment; filename="{stored.name}"'},
    )
