"""Pages about plans. Views stay thin: they read through selectors and change through services."""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts.access import View, signed_in, user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.hotpath import page_cache
from improvement_tracker.plans.access import action_view, plan_view
from improvement_tracker.plans.forms import ActionUpdateForm, AsAtForm, TrackerFilterForm
from improvement_tracker.plans.key_checks import FlagKind
from improvement_tracker.plans.models import Action, Plan
from improvement_tracker.plans.permissions import (
    PlanAccess,
    can_create_plans,
    plan_access,
    visible_plans,
)
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors import actions as actions_selectors
from improvement_tracker.plans.selectors import filters as filters_selectors
from improvement_tracker.plans.selectors import my_actions as my_actions_selectors
from improvement_tracker.plans.selectors import plans as plans_selectors
from improvement_tracker.plans.selectors import review as review_selectors
from improvement_tracker.plans.selectors import tracker as tracker_selectors
from improvement_tracker.plans.services import updates as updates_services
from improvement_tracker.plans.services.rules import StaleAction
from improvement_tracker.plans.tracker_query import TrackerQuery, read_tracker_query

PLANS_PER_PAGE = 50


def unarchived(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Archived plans, domains and actions are read-only: a page that would change one refuses.

    Goes under plan_view or action_view, which have already checked who may do what.
    """

    @wraps(view)
    def wrapper(
        request: HttpRequest, plan: Plan, access: PlanAccess, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        action = args[0] if args and isinstance(args[0], Action) else None
        archived = plan.archived_at is not None or (
            action is not None
            and (action.archived_at is not None or action.domain.archived_at is not None)
        )
        if archived:
            context = {"plan": plan, "action": action}
            return render(request, "plans/archived_refused.html", context, status=403)
        return view(request, plan, access, *args, **kwargs)

    return wrapper


def plan_change(ability: Ability) -> Callable[[View], View]:
    """A page that changes a plan or a domain: plan_view's rule, refused while archived
    (unarchived), GET and POST only. Called as view(request, plan, access, …)."""

    def decorate(view: View) -> View:
        return plan_view(ability)(unarchived(require_http_methods(["GET", "POST"])(view)))

    return decorate


def action_change(ability: Ability) -> Callable[[View], View]:
    """A page that changes an action: action_view's rule, refused while it, its domain or
    its plan is archived (unarchived), GET and POST only."""

    def decorate(view: View) -> View:
        return action_view(ability)(unarchived(require_http_methods(["GET", "POST"])(view)))

    return decorate


def _as_of(params: QueryDict, default: dt.date | None = None) -> tuple[dt.date, AsAtForm]:
    """The as-at date from the URL: ?as_of=2020-10-31, or the date input's three fields."""
    fallback = default or timezone.localdate()
    if "as_of_0" in params:
        form = AsAtForm(params)
        if form.is_valid():
            return form.cleaned_data["as_of"], form
        return fallback, form
    try:
        as_of = dt.date.fromisoformat(params.get("as_of", ""))
    except ValueError:
        as_of = fallback
    return as_of, AsAtForm(initial={"as_of": as_of})


@signed_in
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans a person may read, a page at a time: a provider hosting many councils
    has hundreds, and the whole list cost 45–69 ms a request (docs/performance.md)."""
    visible = visible_plans(request.user).values("pk")
    context = {
        "page": _page(request, plans_selectors.plan_list().filter(pk__in=visible)),
        "archived_count": plans_selectors.archived_plan_list().filter(pk__in=visible).count(),
        "can_create": can_create_plans(request.user),
    }
    return render(request, "plans/plan_list.html", context)


@signed_in
def archived_plans(request: HttpRequest) -> HttpResponse:
    """Archived plans, readable and reportable, on pages of their own: every plan year
    leaves one more for each organisation."""
    visible = visible_plans(request.user).values("pk")
    plans = plans_selectors.archived_plan_list().filter(pk__in=visible)
    return render(request, "plans/archived_plans.html", {"page": _page(request, plans)})


def _page(request: HttpRequest, plans: QuerySet[Plan]) -> Page[Plan]:
    return Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))


@signed_in
def my_actions(request: HttpRequest) -> HttpResponse:
    """A lead contributor's own actions across plans, most urgent first.

    An action is listed in every plan the person may read, but offers "Update" only where
    their role on that plan lets them record one (a lead's people are the organisation's,
    a role is the plan's).
    """
    rows = my_actions_selectors.my_actions(user=user_of(request))
    # Each plan's access read once, not once per row: a lead of many actions in one plan.
    plans = {row.plan.pk: row.plan for row in rows}
    access = {pk: plan_access(user_of(request), plan) for pk, plan in plans.items()}
    updatable = {
        row.action.action.pk for row in rows if access[row.plan.pk].can_update(row.action.action)
    }
    return render(request, "plans/my_actions.html", {"rows": rows, "updatable": updatable})


@plan_view(Ability.VIEW)
def tracker(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    query = read_tracker_query(request.GET)
    content = _tracker_content(request, plan, query)
    context = {
        "plan": plan,
        "has_errors": content["has_errors"],
        "access": access,
        "can_edit": access.can(Ability.EDIT) and plan.archived_at is None,
        # Exports show what the page shows: its date (as YYYY-MM-DD, which is what they
        # read) and its filters, not parameters nothing reads.
        "export_query": (request.GET if query is None else query.data()).urlencode(),
    }
    return page_cache.render_around_parts(request, "plans/tracker.html", context, content)


def _tracker_content(
    request: HttpRequest, plan: Plan, query: TrackerQuery | None
) -> page_cache.Parts:
    """The tracker's parts that depend only on the plan, the date and the filters.

    They are kept under the date and filters written one way (plans/tracker_query.py),
    and built from that, not from the address: a parameter the page does not read makes
    no new entry. An address the forms refuse is shown with its errors and not kept.
    """
    if query is None:
        return _tracker_parts(request, plan, request.GET)
    return page_cache.cached_parts(
        "tracker",
        [plan.pk, timezone.localdate(), query.as_of, query.filters],
        lambda: plans_selectors.tracker_fingerprint(plan=plan),
        lambda: _tracker_parts(request, plan, query.data()),
        keep=lambda parts: not parts["has_errors"],
    )


def _tracker_parts(request: HttpRequest, plan: Plan, params: QueryDict) -> dict[str, object]:
    as_of, form = _as_of(params)
    whole = tracker_selectors.plan_tracker(plan=plan, as_of=as_of)
    filter_form, filter_params = _filters(params, whole, as_of)
    context = {
        "tracker": filters_selectors.filter_tracker(whole, filter_form.filters),
        "filter_form": filter_form,
        "filter_params": filter_params,
        "filter_query": urlencode(filter_params),
        "as_at_form": form,
        "today": timezone.localdate(),
    }
    return {
        "head": render_to_string("plans/_tracker_head.html", context, request),
        "main": render_to_string("plans/_tracker_main.html", context, request),
        "has_errors": bool(form.errors or filter_form.errors),
    }


def _filters(
    params: QueryDict, tracker: tracker_selectors.Tracker, as_of: dt.date
) -> tuple[TrackerFilterForm, list[tuple[str, str]]]:
    """The tracker's filters from the address (?status=red&q=covid), so a view can be
    shared; and those parameters, for links and forms that must keep them."""
    filtering = any(key in params for key in TrackerFilterForm.KEYS)
    data = params.copy()
    data["as_of"] = as_of.isoformat()  # filtering again keeps the date shown
    form = TrackerFilterForm(
        data if filtering else None,
        tracker=tracker,
        initial={"as_of": as_of.isoformat()},
        auto_id="filter_%s",  # the as-at form's date is already id_as_of
    )
    if filtering:
        form.is_valid()
    keys = TrackerFilterForm.KEYS
    kept = [(key, value) for key in keys for value in params.getlist(key) if value]
    return form, kept


@action_view(Ability.VIEW)
def action_detail(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action
) -> HttpResponse:
    archived = bool(plan.archived_at or action.archived_at or action.domain.archived_at)

    def parts() -> dict[str, object]:
        context = {
            "plan": plan,
            "action": action,
            "tracked": actions_selectors.tracked_action(action=action),
            "history": actions_selectors.action_history(action=action),
        }
        return {
            "head": render_to_string("plans/_action_head.html", context, request),
            "history": render_to_string("plans/_action_history.html", context, request),
        }

    reads = actions_selectors.action_page_reads(plan=plan, action=action)
    content = page_cache.cached_parts(
        "action", [action.pk, timezone.localdate()], lambda: reads.fingerprint, parts
    )
    context = {
        "plan": plan,
        "action": action,
        "carried_from": reads.carried_from,
        "carried_to": reads.carried_to,
        "can_update": access.can_update(action) and not archived,
        "can_edit": access.can(Ability.EDIT) and not archived,
        "access": access,
    }
    return page_cache.render_around_parts(request, "plans/action_detail.html", context, content)


@action_change(Ability.UPDATE_OWN_ACTIONS)
def action_update(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action
) -> HttpResponse:
    tracked = actions_selectors.tracked_action(action=action)
    key = tracked.status_key
    if request.method == "POST":
        form = ActionUpdateForm(request.POST, key=key)
        if form.is_valid():
            data = form.cleaned_data
            try:
                updates_services.action_record_update(
                    action=action,
                    by=user_of(request),
                    made_on=data["made_on"],
                    period=data["period"],
                    status=Status(data["status"]),
                    progress=data["progress"],
                    evidence=data["evidence"],
                    reason=data["reason"],
                    expected_version=data["version"],
                )
            except StaleAction as stale:
                return _conflict(request, plan, stale.action, form)
            return redirect(_action_url(plan, action))
    else:
        form = ActionUpdateForm(
            key=key,
            initial={
                "made_on": timezone.localdate(),
                "period": f"{timezone.localdate():%B %Y}",
                "status": tracked.status,
                "progress": tracked.progress,
                "evidence": tracked.evidence,
                "version": action.version,
            },
        )
    context = {
        "plan": plan,
        "action": action,
        "tracked": tracked,
        "latest": actions_selectors.latest_update(tracked=tracked),
        "form": form,
    }
    return render(request, "plans/action_update.html", context)


def _conflict(
    request: HttpRequest, plan: Plan, action: Action, form: ActionUpdateForm
) -> HttpResponse:
    """Someone saved first: show both versions and let this person choose."""
    retry = ActionUpdateForm(
        key=plan.status_key,
        initial={**form.cleaned_data, "version": action.version},
    )
    theirs = actions_selectors.tracked_action(action=action)
    context = {
        "plan": plan,
        "action": action,
        "theirs": theirs,
        "theirs_latest": actions_selectors.latest_update(tracked=theirs),
        "mine": form.cleaned_data,
        "mine_status": Status(form.cleaned_data["status"]),
        "form": retry,
    }
    return render(request, "plans/action_conflict.html", context, status=409)


def _action_url(plan: Plan, action: Action) -> str:
    return reverse(
        "plans:action_detail",
        kwargs={"slug": plan.slug, "position": action.domain.position, "number": action.number},
    )


@plan_view(Ability.VIEW)
def exceptions(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    as_of, form = _as_of(request.GET)
    tracker = tracker_selectors.plan_tracker(plan=plan, as_of=as_of)
    rows = review_selectors.plan_exceptions(tracker)
    kinds = [(FlagKind(kind), count) for kind, count in tracker.flag_counts.items()]
    context = {"tracker": tracker, "rows": rows, "kinds": kinds, "as_at_form": form}
    return render(request, "plans/exceptions.html", context)


@plan_change(Ability.EDIT)
def suggestions(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    as_of, form = _as_of(request.GET, default=plan.reporting_date)
    found = review_selectors.plan_suggestions(plan=plan, as_of=as_of)
    key = found.tracker.status_key
    error = None
    if request.method == "POST":
        accept_all = "accept_all" in request.POST
        choices = []
        for item in found.items:
            chosen = request.POST.get(f"choice-{item.action.action.pk}", "")
            if accept_all or chosen == "suggested":
                status = item.suggestion.status
            elif chosen in {s.value for s in key.statuses if s is not Status.NOT_RATED}:
                status = Status(chosen)
            else:
                continue
            reason = review_selectors.choice_reason(item, status, key)
            choices.append((item.action.action, status, reason))
        if choices:
            updates_services.suggestions_accept(
                choices=choices,
                by=user_of(request),
                made_on=min(as_of, timezone.localdate()),
                period=plan.reporting_period if as_of == plan.reporting_date else "",
            )
            return redirect(f"{reverse('plans:suggestions', args=[plan.slug])}?as_of={as_of}")
        error = "Select a status for at least one action, or accept all suggestions"
    reported = (plan.reported_figures or {}).get("table1")
    context = {
        "plan": plan,
        "found": found,
        "as_at_form": form,
        "error": error,
        "reported": reported,
        "columns": [*found.tracker.domain_labels, "Totals"],
        "statuses": [*[key.label(s) for s in key.statuses], "Total"],
        "rated": [s for s in key.statuses if s is not Status.NOT_RATED],
    }
    return render(request, "plans/suggestions.html", context)
