"""Files sent to the API's import, kept between preview and confirm (ADR 0061).

The browser's import keeps a waiting upload in its session (documents/uploads.py); the
API has none, so each is an `ApiImport` row of its person, with its file in the same
storage folder as the browser's, and the mapping it was sent with beside it. Nothing here
is audited: only the import itself changes the plans (documents.services.document_import).
"""

import datetime as dt
import secrets
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from improvement_tracker.api.models import ApiImport
from improvement_tracker.documents import services as documents_services
from improvement_tracker.documents.uploads import UPLOAD_GONE
from improvement_tracker.plans.plan_document import ImportProblem


def api_import_keep(
    *, upload: UploadedFile, user: User, replace: bool, mapping_json: str
) -> ApiImport:
    """Store a sent file under a new random key until it is confirmed or cancelled."""
    key = secrets.token_hex(16)
    stored = documents_services.upload_keep(upload, token=key)
    if mapping_json:
        default_storage.save(_mapping_name(key), ContentFile(mapping_json.encode()))
    return ApiImport.objects.create(
        key=key, user=user, stored=stored, name=Path(upload.name or "").name, replace=replace
    )


def api_import_files(pending: ApiImport) -> tuple[bytes, str]:
    """The sent file's bytes and the mapping it was sent with ("" for none)."""
    try:
        with default_storage.open(pending.stored, "rb") as stored:
            data: bytes = stored.read()
    except FileNotFoundError:
        raise ImportProblem(UPLOAD_GONE) from None
    mapping = ""
    if default_storage.exists(_mapping_name(pending.key)):
        with default_storage.open(_mapping_name(pending.key), "rb") as kept:
            mapping = kept.read().decode()
    return data, mapping


def api_import_forget(pending: ApiImport) -> None:
    """The import's row and files gone: confirmed, cancelled or refused."""
    default_storage.delete(pending.stored)
    default_storage.delete(_mapping_name(pending.key))
    pending.delete()


def api_imports_clear(*, before: dt.datetime) -> list[str]:
    """Forget every import sent before `before` (manage.py clear_abandoned_uploads); what
    was deleted, in order."""
    deleted = []
    for pending in ApiImport.objects.filter(created_at__lt=before).order_by("created_at", "pk"):
        api_import_forget(pending)
        deleted.append(f"API import {pending.key} ({pending.stored})")
    return deleted


def _mapping_name(key: str) -> str:
    return f"{documents_services.UPLOADS}/{key}.mapping.json"
