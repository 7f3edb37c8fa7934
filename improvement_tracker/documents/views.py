"""Pages for documents in and out: upload a tracker, preview it, confirm; export a plan.

Views stay thin. The uploaded file is kept, between preview and confirm, in Django's
storage under a random name; the session holds only that name, the name the file
came with, the options and any mapping the person chose (uploads.py), so a user can
confirm only their own upload. One never confirmed nor cancelled is deleted a day later
(manage.py clear_abandoned_uploads). A Word, Excel or CSV file the importers refuse goes
to the mapping page first (mapping_views.py, ADRs 0050 and 0051).
"""

import datetime as dt
import secrets
from pathlib import Path

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts.access import own_object, signed_in, user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.documents import services
from improvement_tracker.documents.exporters import FORMAT_NAMES, FORMATS
from improvement_tracker.documents.forms import UploadForm
from improvement_tracker.documents.importers.grid import read_grid_bytes
from improvement_tracker.documents.importers.proposal import propose_mapping
from improvement_tracker.documents.mapped_upload import mappable, read_upload
from improvement_tracker.documents.plan_export import plan_export
from improvement_tracker.documents.preview import preview_import
from improvement_tracker.documents.uploads import (
    SESSION_KEY,
    forget,
    pending,
    refused_upload,
    stored_bytes,
)
from improvement_tracker.plans.access import plan_view
from improvement_tracker.plans.importing import PlanExists
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.plan_document import ImportProblem


@signed_in
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    try:
        organisation = services.importing_organisation(user_of(request))
    except services.ImportNotAllowed as refusal:
        context = {"problem": str(refusal), "name": ""}
        return render(request, "documents/import_problem.html", context, status=403)
    form = UploadForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = secrets.token_hex(16)
        stored = services.upload_keep(upload, token=token)
        pending_uploads = request.session.get(SESSION_KEY, {})
        pending_uploads[token] = {
            "stored": stored,
            "name": Path(upload.name).name,
            "replace": "yes" if form.cleaned_data["replace"] else "",
        }
        request.session[SESSION_KEY] = pending_uploads
        return redirect("documents:import_confirm", token=token)
    return render(request, "documents/import_new.html", {"form": form})


@own_object
@require_http_methods(["GET", "POST"])
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    upload = pending(request, token)
    person, replace = user_of(request), bool(upload["replace"])
    name, mapping_json = upload["name"], upload.get("mapping", "")
    try:
        data = stored_bytes(upload)
        try:
            document = read_upload(data, name=name, mapping_json=mapping_json)
        except ImportProblem as refused:
            # A Word, Excel or CSV file not laid out like the example: propose how to read
            # it (ADRs 0050, 0051), unless it cannot be read at all, refused as before.
            if mapping_json or not mappable(name) or request.method != "GET":
                raise
            try:
                proposal = propose_mapping(read_grid_bytes(data, name=name))
            except ImportProblem:
                raise refused from None
            if not any(table.columns for table in proposal.tables):
                # Nothing a person could choose: truly not a tracker. Say what came closest.
                raise ImportProblem(f"{refused}\n{name}: {proposal.closest}.") from None
            return redirect("documents:import_mapping", token=token)
        if request.method == "POST":
            plan = services.document_import(document=document, person=person, replace=replace)
            forget(request, token)
            return redirect(plan.get_absolute_url())
        organisation = services.importing_organisation(person)
        preview = preview_import(
            document=document,
            organisation_name=organisation,
            replace=replace,
            may_replace=services.replace_check(person),
        )
    except ImportProblem as problem:
        message = str(problem)
        if isinstance(problem, PlanExists):
            message += (
                " To archive that copy and import this one, upload the file again and tick "
                f"“{UploadForm.base_fields['replace'].label}”."
            )
        return refused_upload(request, token, name, message)
    except BaseException:
        # Our fault, not the file's: Django logs it and answers 500, which would not save
        # the session. Forget the upload now, so that neither it nor its file is left.
        forget(request, token)
        request.session.save()
        raise
    context = {
        "preview": preview,
        "token": token,
        "name": name,
        "organisation": organisation,
        "mappable": mappable(name),
        "mapped": bool(mapping_json),
    }
    return render(request, "documents/import_preview.html", context)


@own_object
def import_cancel(request: HttpRequest, token: str) -> HttpResponse:
    pending(request, token)  # someone else's upload is 404, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    forget(request, token)
    return redirect("documents:import_new")


@plan_view(Ability.EXPORT)
def export(request: HttpRequest, plan: Plan, access: PlanAccess, file_format: str) -> HttpResponse:
    if file_format not in FORMAT_NAMES:
        raise Http404("No such export format.")
    as_of: dt.date | None = None
    if request.GET.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(request.GET["as_of"])
        except ValueError:
            return HttpResponseBadRequest("Enter the as-at date as YYYY-MM-DD.")

    data = plan_export(
        plan=plan, file_format=file_format, as_of=as_of, params=request.GET, by=user_of(request)
    )
    filename = f"{plan.slug}-{as_of or timezone.localdate():%Y-%m-%d}.{file_format}"
    return HttpResponse(
        data,
        content_type=FORMATS[file_format].content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
