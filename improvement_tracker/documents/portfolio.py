"""The portfolio's CSV and Excel downloads (issue 20): the plans the portfolio page lists
with the same filters, those the person may export, each export audited as a plan's is.

A plan the person may see but not export (a lead contributor of a partner organisation
sees their plan, but may not take it away) is left out of the file, as its own export
page would refuse it.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from improvement_tracker.accounts.access import signed_in, user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.documents.exporters.portfolio import (
    PortfolioLine,
    write_portfolio_csv,
    write_portfolio_xlsx,
)
from improvement_tracker.plans.permissions import plan_access
from improvement_tracker.plans.portfolio_forms import PortfolioFilterForm
from improvement_tracker.plans.selectors.portfolio import PortfolioRow, portfolio

WRITERS = {
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
    write, _ = WRITERS[file_format]
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


@signed_in
def portfolio_download(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in WRITERS:
        raise Http404("No such export format.")
    user = user_of(request)
    form = PortfolioFilterForm(request.GET)
    found = portfolio(user=user, filters=form.filters)
    rows = [row for row in found.rows if plan_access(user, row.plan).can(Ability.EXPORT)]
    data = portfolio_export(rows=rows, file_format=file_format, by=user)
    filename = f"portfolio-{timezone.localdate():%Y-%m-%d}.{file_format}"
    return HttpResponse(
        data,
        content_type=WRITERS[file_format][1],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
