"""A person's uploads waiting between upload, mapping, preview and confirm (ADR 0050).

Each is kept per random token in the person's own session (server side, in the database):
the name the file is stored under, the name it came with, whether to replace, and, once
the person has changed how it is read, the mapping as JSON. The file itself waits in
Django's storage. A token is found only in the session of the person who uploaded it, so
another person's token, or an upload imported, cancelled or expired, answers 404.
"""

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from improvement_tracker.documents import services
from improvement_tracker.plans.plan_document import ImportProblem

SESSION_KEY = "document_imports"
UPLOAD_GONE = (
    f"The uploaded file is no longer kept: uploads not imported within "
    f"{services.UPLOADS_KEPT_HOURS} hours are deleted. Upload the file again."
)
_HEX = frozenset("0123456789abcdef")


def pending(request: HttpRequest, token: str) -> dict[str, str]:
    uploads = request.session.get(SESSION_KEY, {})
    if len(token) != 32 or not set(token) <= _HEX or token not in uploads:
        raise Http404("No such upload: it was imported, cancelled or belongs to someone else.")
    upload: dict[str, str] = uploads[token]
    return upload


def stored_bytes(upload: dict[str, str]) -> bytes:
    try:
        with default_storage.open(upload["stored"], "rb") as stored:
            data: bytes = stored.read()
    except FileNotFoundError:
        raise ImportProblem(UPLOAD_GONE) from None
    return data


def keep_mapping(request: HttpRequest, token: str, mapping_json: str) -> None:
    """Keep the mapping a person chose (already checked and bounded: mapped_upload.py)."""
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {**uploads[token], "mapping": mapping_json}
    request.session[SESSION_KEY] = uploads


def forget(request: HttpRequest, token: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    upload = uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    if upload is not None:
        default_storage.delete(upload["stored"])


def refused_upload(request: HttpRequest, token: str, name: str, message: str) -> HttpResponse:
    """The page saying why a file cannot be imported; the upload and its file are forgotten."""
    forget(request, token)
    context = {"problem": message, "name": name}
    return render(request, "documents/import_problem.html", context, status=422)
