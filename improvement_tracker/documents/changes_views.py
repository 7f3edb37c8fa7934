"""The "What changed" page's downloads: its changes, dates and filters as CSV or Excel,
with the tracker's exports' access rule and audit (documents/services.py)."""

from django.http import Http404, HttpRequest, HttpResponse

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.documents import services
from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.documents.exporters.changes import changes_csv, changes_xlsx
from improvement_tracker.plans.access import plan_view
from improvement_tracker.plans.changes_views import filtered_changes, read_dates
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.permissions import PlanAccess

CHANGE_FORMATS = ("csv", "xlsx")


@plan_view(Ability.EXPORT)
def changes_export(
    request: HttpRequest, plan: Plan, access: PlanAccess, file_format: str
) -> HttpResponse:
    if file_format not in CHANGE_FORMATS:
        raise Http404("No such export format.")
    since, until, _ = read_dates(request.GET, plan)
    page, _ = filtered_changes(request.GET, plan, since=since, until=until)
    title = f"{plan.title}: what changed after {since:%-d %B %Y} up to {until:%-d %B %Y}"
    if page.tracker.filters:
        title += f", filtered by {page.tracker.filter_description}"

    def write() -> tuple[bytes, int]:
        if file_format == "csv":
            return changes_csv(page.changes), len(page.changes)
        return changes_xlsx(page.changes, title=title), len(page.changes)

    data = services.changes_export(
        plan=plan,
        file_format=file_format,
        by=user_of(request),
        since=since,
        until=until,
        write=write,
    )
    filename = f"{plan.slug}-changes-{since:%Y-%m-%d}-to-{until:%Y-%m-%d}.{file_format}"
    return HttpResponse(
        data,
        content_type=FORMATS[file_format].content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
