"""The portfolio's CSV and Excel downloads (issue 20): the plans the portfolio page lists
with the same filters, those the person may export, each export audited as a plan's is
(`services.portfolio_export`).

A plan the person may see but not export (a lead contributor of a partner organisation
sees their plan, but may not take it away) is left out of the file, as its own export
page would refuse it.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from improvement_tracker.accounts.access import signed_in, user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.documents import services
from improvement_tracker.plans.permissions import plan_access
from improvement_tracker.plans.portfolio_forms import PortfolioFilterForm
from improvement_tracker.plans.selectors.portfolio import portfolio


@signed_in
def portfolio_download(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in services.PORTFOLIO_WRITERS:
        raise Http404("No such export format.")
    user = user_of(request)
    form = PortfolioFilterForm(request.GET)
    found = portfolio(user=user, filters=form.filters)
    rows = [row for row in found.rows if plan_access(user, row.plan).can(Ability.EXPORT)]
    data = services.portfolio_export(rows=rows, file_format=file_format, by=user)
    filename = f"portfolio-{timezone.localdate():%Y-%m-%d}.{file_format}"
    return HttpResponse(
        data,
        content_type=services.PORTFOLIO_WRITERS[file_format][1],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
