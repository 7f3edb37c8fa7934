"""Pages for documents in and out: upload a tracker, preview it, confirm; export a plan.

Views stay thin. The uploaded file is kept, between preview and confirm, in Django's
storage under a random name; the session holds only that name, the name the file
came with and the options, so a user can confirm only their own upload.
"""

import datetime as dt
import re
import secrets
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from improvement_tracker.documents.exporters import FORMAT_NAMES, formats
from improvement_tracker.documents.forms import UploadForm
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.plan_document import ImportProblem
from improvement_tracker.documents.preview import preview_import
from improvement_tracker.documents.selectors import filtered, plan_document_for
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services import plan_import

SESSION_KEY = "document_imports"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = secrets.token_hex(16)
        stored = default_storage.save(f"imports/{token}{Path(upload.name).suffix.lower()}", upload)
        pending = request.session.get(SESSION_KEY, {})
        pending[token] = {
            "stored": stored,
            "name": Path(upload.name).name,
            "organisation": form.cleaned_data["organisation"],
            "replace": "yes" if form.cleaned_data["replace"] else "",
        }
        request.session[SESSION_KEY] = pending
        return redirect("documents:import_confirm", token=token)
    return render(request, "documents/import_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    upload = _pending(request, token)
    try:
        with default_storage.open(upload["stored"], "rb") as stored:
            data = stored.read()
        document = read_plan_bytes(data, name=upload["name"])
        if request.method == "POST":
            plan = plan_import(
                document=document,
                organisation_name=upload["organisation"],
                replace=bool(upload["replace"]),
            )
            _forget(request, token)
            return redirect(plan.get_absolute_url())
        preview = preview_import(
            document=document,
            organisation_name=upload["organisation"],
            replace=bool(upload["replace"]),
        )
    except ImportProblem as problem:
        _forget(request, token)
        problem_context = {"problem": str(problem), "name": upload["name"]}
        return render(request, "documents/import_problem.html", problem_context, status=422)
    context = {"preview": preview, "token": token, "name": upload["name"]}
    return render(request, "documents/import_preview.html", context)


@login_required
@require_POST
def import_cancel(request: HttpRequest, token: str) -> HttpResponse:
    _pending(request, token)
    _forget(request, token)
    return redirect("documents:import_new")


@login_required
def export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    if file_format not in FORMAT_NAMES:
        raise Http404("No such export format.")
    plan = get_object_or_404(Plan.objects.select_related("organisation"), slug=slug)
    as_of: dt.date | None = None
    if request.GET.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(request.GET["as_of"])
        except ValueError:
            return HttpResponseBadRequest("Enter the as-at date as YYYY-MM-DD.")
    document = filtered(
        plan_document_for(plan=plan, as_of=as_of),
        statuses={s for s in Status if s.value in request.GET.getlist("status")},
        domains=set(request.GET.getlist("domain")),
        high_priority_only=request.GET.get("priority") == "high",
    )
    chosen = formats()[file_format]
    filename = f"{plan.slug}-{as_of or timezone.localdate():%Y-%m-%d}.{file_format}"
    return HttpResponse(
        chosen.write(document),
        content_type=chosen.content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _pending(request: HttpRequest, token: str) -> dict[str, str]:
    pending = request.session.get(SESSION_KEY, {})
    if not _TOKEN.match(token) or token not in pending:
        raise Http404("No such upload: it was imported, cancelled or belongs to someone else.")
    upload: dict[str, str] = pending[token]
    return upload


def _forget(request: HttpRequest, token: str) -> None:
    pending = request.session.get(SESSION_KEY, {})
    upload = pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if upload is not None:
        default_storage.delete(upload["stored"])
