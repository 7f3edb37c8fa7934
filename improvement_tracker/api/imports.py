"""The API's imports: send a tracker file, read its preview, then confirm or cancel it.

The file is checked by the browser's upload form (its size and kinds, in its words), read
by the same importers (or as a sent mapping says, as the mapping page applies one) and
imported through the same service, audited as the page's import is. A file that cannot
be read is refused with the importer's own message, naming the file and where in it, and
nothing is kept. While it waits the import is its person's alone: anyone else's is 404.
"""

from typing import Any

from django.core.files.uploadedfile import UploadedFile as DjangoUploadedFile
from django.http import HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import Router
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.params import FileEx, FormEx, P, PathEx
from ninja.responses import Status as Reply

from improvement_tracker.accounts.access import user_of
from improvement_tracker.api.auth import require_write
from improvement_tracker.api.import_schemas import (
    Count,
    ExtraFieldCount,
    ImportDomain,
    ImportedPlan,
    ImportPreviewOut,
)
from improvement_tracker.api.import_services import (
    api_import_files,
    api_import_forget,
    api_import_keep,
)
from improvement_tracker.api.models import ApiImport
from improvement_tracker.api.problems import problem
from improvement_tracker.api.schemas import Problem
from improvement_tracker.api.selectors import pending_import
from improvement_tracker.documents import services
from improvement_tracker.documents.forms import UploadForm
from improvement_tracker.documents.mapped_upload import read_upload
from improvement_tracker.documents.preview import ImportPreview, preview_import
from improvement_tracker.plans.importing import PlanExists
from improvement_tracker.plans.plan_document import ImportProblem, PlanDocument

router = Router(tags=["Imports"])

SIGNED_IN = {"x-rule": "signed in"}
REPLACE = "Archive your organisation's plan of the same title and import this one."
MAPPING = "How to read the file: the JSON `manage.py import_plan --show-mapping` writes."
IMPORT_ID = "The import's id, as its preview gave it."


@router.post(
    "/imports",
    response={201: ImportPreviewOut, 409: Problem},
    summary="Send a tracker file to import",
    description=(
        "Sends a tracker (.docx, .xlsx, .csv or .txt, within the upload page's size limit) "
        "as `multipart/form-data`: `file`, `replace` (archive a plan of the same title of "
        "your organisation and import this one; for its plan manager) and, for a Word, "
        "Excel or CSV file not laid out like the example, `mapping`: the JSON "
        "`manage.py import_plan --show-mapping` writes, saying which column is which. "
        "Nothing is imported yet: the answer is the preview, with the `id` to confirm or "
        "cancel it by. A file that cannot be read is refused (422) with the importer's "
        "message naming the file and the line, row or cell; a plan of the same title "
        "without `replace` is 409; nothing is kept either way. The plan will belong to "
        "your organisation."
    ),
    openapi_extra=SIGNED_IN,
)
def import_create(
    request: HttpRequest,
    file: FileEx[UploadedFile, P(description="The tracker: .docx, .xlsx, .csv or .txt.")],
    replace: FormEx[bool, P(description=REPLACE)] = False,
    mapping: FormEx[str, P(description=MAPPING)] = "",
) -> Any:
    require_write(request)
    person = user_of(request)
    organisation = _organisation(request)
    files: MultiValueDict[str, DjangoUploadedFile] = MultiValueDict({"file": [file]})
    form = UploadForm({"replace": replace}, files, organisation=organisation)
    if not form.is_valid():
        errors = [
            {"loc": ["form", field], "msg": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        words = "; ".join(f"{e['loc'][1]}: {e['msg']}" for e in errors)
        return problem(422, f"The file was not kept. {words}", errors=errors)
    pending = api_import_keep(
        upload=form.cleaned_data["file"], user=person, replace=replace, mapping_json=mapping
    )
    return _previewed(request, pending, status=201)


@router.get(
    "/imports/{import_id}",
    response={200: ImportPreviewOut, 409: Problem},
    summary="An import's preview",
    description=(
        "The preview of a file you sent and have neither confirmed nor cancelled, read "
        "again as it stands now. Someone else's import, or one confirmed, cancelled or sent "
        "more than a day ago, is 404."
    ),
    openapi_extra=SIGNED_IN,
)
def import_detail(request: HttpRequest, import_id: PathEx[str, P(description=IMPORT_ID)]) -> Any:
    return _previewed(request, _pending(request, import_id), status=200)


@router.post(
    "/imports/{import_id}/confirm",
    response={201: ImportedPlan, 409: Problem},
    summary="Confirm an import",
    description=(
        "Imports the file as its preview showed, into your organisation, with you as the "
        "plan's manager, recorded in the audit trail as the upload page's import is; the "
        "sent file is then deleted. A plan of the same title already here, without "
        "`replace`, is 409 (send the file again with `replace`); a file that can no longer "
        "be read is 422. Either way the import is forgotten."
    ),
    openapi_extra=SIGNED_IN,
)
def import_confirm(request: HttpRequest, import_id: PathEx[str, P(description=IMPORT_ID)]) -> Any:
    require_write(request)
    pending = _pending(request, import_id)
    try:
        document = _document(pending)
        plan = services.document_import(
            document=document, person=user_of(request), replace=pending.replace
        )
    except ImportProblem as refused:
        return _refused(pending, refused)
    except BaseException:
        api_import_forget(pending)  # our fault, not the file's: nothing left behind
        raise
    api_import_forget(pending)
    return Reply(
        201,
        ImportedPlan(
            id=plan.pk,
            slug=plan.slug,
            title=plan.title,
            organisation=plan.organisation.name,
            archived=plan.archived_at is not None,
            url=f"/api/v1/plans/{plan.slug}",
            web_url=plan.get_absolute_url(),
        ),
    )


@router.delete(
    "/imports/{import_id}",
    response={204: None},
    summary="Cancel an import",
    description="Forgets a file you sent and have not confirmed; nothing is imported.",
    openapi_extra=SIGNED_IN,
)
def import_cancel(request: HttpRequest, import_id: PathEx[str, P(description=IMPORT_ID)]) -> Any:
    require_write(request)
    api_import_forget(_pending(request, import_id))
    return Reply(204, None)


def _organisation(request: HttpRequest) -> str:
    """The importer's organisation, which the plan will belong to (403 without one)."""
    try:
        return services.importing_organisation(user_of(request))
    except services.ImportNotAllowed as refusal:
        raise HttpError(403, str(refusal)) from None


def _pending(request: HttpRequest, import_id: str) -> ApiImport:
    found = pending_import(key=import_id, user=user_of(request))
    if found is None:
        raise HttpError(
            404,
            "No such import: it was imported, cancelled, or sent more than a day ago, "
            "or it is someone else's.",
        )
    return found


def _document(pending: ApiImport) -> PlanDocument:
    data, mapping_json = api_import_files(pending)
    return read_upload(data, name=pending.name, mapping_json=mapping_json)


def _previewed(request: HttpRequest, pending: ApiImport, *, status: int) -> Any:
    """The import's preview; a file that cannot be read or imported is forgotten."""
    try:
        document = _document(pending)
        organisation = _organisation(request)
        preview = preview_import(
            document=document,
            organisation_name=organisation,
            replace=pending.replace,
            may_replace=services.replace_check(user_of(request)),
        )
    except ImportProblem as refused:
        return _refused(pending, refused)
    except BaseException:
        api_import_forget(pending)
        raise
    return Reply(status, _preview_out(pending, preview, organisation))


def _refused(pending: ApiImport, refused: ImportProblem) -> HttpResponse:
    """Why the file cannot be imported, in the importer's (or the page's) words; the
    import and its file are forgotten, as the upload page forgets a refused upload."""
    api_import_forget(pending)
    message = str(refused)
    if isinstance(refused, PlanExists):
        return problem(
            409,
            f"{message} To archive that copy and import this one, send the file again with "
            "`replace` true.",
        )
    if isinstance(refused, services.ImportNotAllowed):
        return problem(403, message)
    return problem(422, message, errors=[{"loc": ["form", "file"], "msg": message}])


def _preview_out(pending: ApiImport, preview: ImportPreview, organisation: str) -> ImportPreviewOut:
    document, domains = preview.document, preview.domains
    return ImportPreviewOut(
        id=pending.key,
        name=pending.name,
        replace=pending.replace,
        title=document.title,
        organisation=organisation,
        replaces=preview.replaces,
        domains=[ImportDomain(label=d.label, title=d.title, actions=d.actions) for d in domains],
        statuses=[Count(status=s, actions=n) for s, n in preview.statuses.items()],
        high_priority=[Count(status=s, actions=n) for s, n in preview.high_priority.items()],
        extra_fields=[
            ExtraFieldCount(name=name, actions_with_a_value=n) for name, n in preview.extra_fields
        ],
        warnings=preview.warnings,
        reconciliation=preview.reconciliation,
    )
