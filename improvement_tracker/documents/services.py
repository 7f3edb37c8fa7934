"""Importing and exporting on someone's behalf: who may, and the audit trail of it."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from improvement_tracker.accounts.models import Membership, Role
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.documents.exporters.portfolio import (
    PortfolioLine,
    write_portfolio_csv,
    write_portfolio_xlsx,
)
from improvement_tracker.hotpath.page_cache import cached
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.permissions import plan_access
from improvement_tracker.plans.plan_document import ImportProblem, PlanDocument
from improvement_tracker.plans.selectors.plans import tracker_fingerprint
from improvement_tracker.plans.selectors.portfolio import PortfolioRow
from improvement_tracker.plans.services.importing import plan_import
from improvement_tracker.plans.services.roles import plan_role_set


class ImportNotAllowed(ImportProblem):
    """The person may not import this file as asked; nothing was changed."""


# Uploads wait in this storage folder, under random names, between preview and confirm.
# Only the uploader's session knows a name; one abandoned (a closed tab, a session that
# ended) is deleted by `manage.py clear_abandoned_uploads` after UPLOADS_KEPT_HOURS.
UPLOADS = "imports"
UPLOADS_KEPT_HOURS = 24


def upload_keep(upload: UploadedFile, *, token: str) -> str:
    """Store an upload until it is confirmed or cancelled; the name it is stored under."""
    suffix = Path(upload.name or "").suffix.lower()
    return default_storage.save(f"{UPLOADS}/{token}{suffix}", upload)


# Other apps' uploads waiting the same way, each a function that forgets those sent before
# a time and says what it deleted: the API's imports (api/apps.py), which this app may not
# import (the layers, pyproject.toml).
ABANDONED_ELSEWHERE: list[Callable[..., list[str]]] = []


def clear_abandoned_uploads(*, before: dt.datetime) -> list[str]:
    """Delete the uploads stored before `before`, and what waited with them elsewhere
    (ABANDONED_ELSEWHERE); the names deleted, in order.

    Through the storage API only (listdir, get_modified_time, delete), so it works on
    disk and on an S3-compatible store alike.
    """
    deleted = [name for clear in ABANDONED_ELSEWHERE for name in clear(before=before)]
    try:
        _, names = default_storage.listdir(UPLOADS)
    except FileNotFoundError:  # nothing was ever uploaded here
        return deleted
    for name in sorted(names):
        stored = f"{UPLOADS}/{name}"
        if default_storage.get_modified_time(stored) < before:
            default_storage.delete(stored)
            deleted.append(stored)
    return deleted


def importing_organisation(person: User) -> str:
    """A plan imported through the site belongs to the importer's own organisation."""
    membership = Membership.objects.select_related("organisation").filter(user=person).first()
    if membership is None:
        raise ImportNotAllowed(
            "You are not in an organisation, so a plan you import would belong to nobody. "
            "Ask an administrator to add you to your organisation."
        )
    return membership.organisation.name


def replace_check(person: User) -> Callable[[Plan], None]:
    """What `plan_import` asks about the plan it would archive: only its plan manager (or
    a superuser) may replace it. The import finds that plan (plans/importing.py) and asks
    here, so the preview and the import refuse exactly where each other would."""

    def check(existing: Plan) -> None:
        if not plan_access(person, existing).can(Ability.EDIT):
            raise ImportNotAllowed(
                f"Only a plan manager of '{existing.title}' may replace it. Nothing was changed."
            )

    return check


@transaction.atomic
def document_import(*, document: PlanDocument, person: User, replace: bool) -> Plan:
    """Import on a person's behalf: into their organisation, with them as plan manager."""
    organisation = importing_organisation(person)
    plan = plan_import(
        document=document,
        organisation_name=organisation,
        replace=replace,
        by=person,
        may_replace=replace_check(person),
    )
    plan_role_set(plan=plan, user=person, role=Role.MANAGER, by=person)
    return plan


def document_export(
    *,
    plan: Plan,
    file_format: str,
    by: User | None,
    as_of: dt.date | None,
    filters: tuple[tuple[str, str], ...] | None,
    build: Callable[[], PlanDocument],
    keep: Callable[[], bool],
) -> bytes:
    """The file's bytes; recorded in the audit trail, since board packs leave the system.

    The file is cached under the plan's fingerprint, like the tracker (ADR 0015): the
    same plan, date and filters (written one way, plans/tracker_query.py) give the same
    file until anything in the plan changes. It is not kept when `keep()` says, after
    `build()`, that the filters were refused, nor when `filters` is None.
    """

    def write() -> tuple[bytes, int]:
        document = build()
        return FORMATS[file_format].write(document), document.action_count

    identity = [plan.pk, timezone.localdate(), file_format, as_of, filters]
    data, actions = cached(
        "export",
        identity,
        lambda: tracker_fingerprint(plan=plan),
        write,
        keep=lambda _: filters is not None and keep(),
    )
    audit_record(
        actor=by,
        verb=Verb.EXPORT,
        obj=plan,
        plan=plan,
        summary=f"Exported '{plan.title}' as {file_format.upper()}"
        + (f" as at {as_of.isoformat()}" if as_of else ""),
        after={"format": file_format, "actions": actions},
    )
    return data


def changes_export(
    *,
    plan: Plan,
    file_format: str,
    by: User | None,
    since: dt.date,
    until: dt.date,
    write: Callable[[], tuple[bytes, int]],
) -> bytes:
    """The bytes of a "what changed" file (CSV or Excel), recorded in the audit trail as
    the tracker's exports are: the changes leave the system with it."""
    data, count = write()
    audit_record(
        actor=by,
        verb=Verb.EXPORT,
        obj=plan,
        plan=plan,
        summary=f"Exported the changes to '{plan.title}' after {since.isoformat()} up to "
        f"{until.isoformat()} as {file_format.upper()}",
        after={
            "format": file_format,
            "changes": count,
            "since": since.isoformat(),
            "until": until.isoformat(),
        },
    )
    return data


# The portfolio's downloads (issue 20): each format's writer and content type.
PORTFOLIO_WRITERS = {
    "csv": (write_portfolio_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        write_portfolio_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def portfolio_line(row: PortfolioRow) -> PortfolioLine:
    figures = row.figures
    return PortfolioLine(
        plan=row.plan.title,
        organisation=row.plan.organisation.name,
        archived=row.plan.archived_at is not None,
        statuses="; ".join(
            f"{label}: {count}" for label, count in figures.totals if label != "Total"
        ),
        total=figures.total,
        overdue=figures.overdue,
        flagged=figures.flagged,
        last_board=row.last_board.isoformat() if row.last_board else "",
    )


@transaction.atomic
def portfolio_export(*, rows: list[PortfolioRow], file_format: str, by: User) -> bytes:
    """The file of these plans' rows, each plan's export recorded in its audit trail."""
    write, _ = PORTFOLIO_WRITERS[file_format]
    data = write([portfolio_line(row) for row in rows])
    for row in rows:
        audit_record(
            actor=by,
            verb=Verb.EXPORT,
            obj=row.plan,
            plan=row.plan,
            summary=f"Exported '{row.plan.title}' in the portfolio as {file_format.upper()}",
            after={"format": file_format, "portfolio": True},
        )
    return data
