"""The "What changed" page: a plan's changes between two dates, filtered as the tracker is."""

import datetime as dt
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans.access import plan_view
from improvement_tracker.plans.changes_forms import ChangesDatesForm
from improvement_tracker.plans.forms import TrackerFilterForm
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.selectors.changes import default_since
from improvement_tracker.plans.selectors.changes_page import (
    ChangesPage,
    changes_page,
    filter_changes,
)


@plan_view(Ability.VIEW)
def changes(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    since, until, dates_form = read_dates(request.GET, plan)
    page, filter_form = filtered_changes(request.GET, plan, since=since, until=until)
    params = {"since": since.isoformat(), "until": until.isoformat()}
    kept = [(k, v) for k in TrackerFilterForm.KEYS for v in request.GET.getlist(k) if v]
    context = {
        "plan": plan,
        "page": page,
        "dates_form": dates_form,
        "filter_form": filter_form,
        "has_errors": bool(dates_form.errors or filter_form.errors),
        "can_export": access.can(Ability.EXPORT),
        "filter_params": kept,
        "date_params": list(params.items()),
        "export_query": urlencode([*params.items(), *kept]),
    }
    return render(request, "plans/changes.html", context)


def read_dates(params: QueryDict, plan: Plan) -> tuple[dt.date, dt.date, ChangesDatesForm]:
    """The dates from the date inputs, or ?since=YYYY-MM-DD&until=…; else the defaults:
    since the last issued pack's board date (else a month ago), until today. Dates the form
    refuses are shown with its errors, and the defaults used."""
    until = _iso(params.get("until")) or timezone.localdate()
    since = _iso(params.get("since")) or default_since(plan, until=until)
    if any(key in params for key in ChangesDatesForm.KEYS):
        form = ChangesDatesForm(params)
        if form.is_valid():
            return form.cleaned_data["since"], form.cleaned_data["until"], form
        return min(since, until), until, form
    if since > until:
        since = default_since(plan, until=until)
    return since, until, ChangesDatesForm(initial={"since": since, "until": until})


def filtered_changes(
    params: QueryDict, plan: Plan, *, since: dt.date, until: dt.date
) -> tuple[ChangesPage, TrackerFilterForm]:
    """The changes of the actions the tracker's filters in the address keep."""
    whole = changes_page(plan, since=since, until=until)
    filtering = any(key in params for key in TrackerFilterForm.KEYS)
    form = TrackerFilterForm(
        params if filtering else None, tracker=whole.tracker, auto_id="filter_%s"
    )
    if filtering:
        form.is_valid()
    return filter_changes(whole, form.filters), form


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None
