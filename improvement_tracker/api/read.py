"""The API's read endpoints (issue 21, ADR 0061): plans, a plan as at a date with its
tables, its actions (nested, flat, one with its history), its audit history, its exports
and suggested statuses. Each checks the page's rule (`api/access.py`) and reads through
the pages' own selectors (`api/reads.py`), so it answers what the page shows.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.api import reads
from improvement_tracker.api.access import api_action, api_plan
from improvement_tracker.api.read_schemas import (
    ActionDetail,
    ActionRow,
    AuditPage,
    PlanOut,
    PlanPage,
    SuggestionsOut,
)
from improvement_tracker.audit import display
from improvement_tracker.audit.models import AuditEvent
from improvement_tracker.documents.exporters import FORMAT_NAMES, FORMATS
from improvement_tracker.documents.plan_export import plan_export
from improvement_tracker.plans.models import Action
from improvement_tracker.plans.permissions import visible_plans
from improvement_tracker.plans.selectors import plans as plans_selectors

router = Router(tags=["Read"])

PAGE_SIZE_MAX = 500
AUDIT_PAGE_SIZE = 50  # the audit history page's (plans/audit_views.py)
JSON = "application/json; charset=utf-8"  # as ninja sends the answers it writes itself


class PlanListParams(Schema):
    page: int = Field(1, ge=1, description="The page, from 1.")
    page_size: int = Field(50, ge=1, le=PAGE_SIZE_MAX, description="Plans a page, at most 500.")
    archived: bool = Field(False, description="Archived plans instead of live ones.")


class AuditParams(Schema):
    page: int = Field(1, ge=1, description="The page, from 1 (the newest events).")
    page_size: int = Field(
        AUDIT_PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX, description="Events a page, at most 500."
    )


class PlanAuditParams(AuditParams):
    action: int | None = Field(None, description="Only this action's events (its id).")


class AsOf(Schema):
    as_of: dt.date | None = Field(
        None, description="Show it as it stood on this date (YYYY-MM-DD); today if absent."
    )


def _page(request: HttpRequest, items: Any, page: int, page_size: int) -> dict[str, Any]:
    """One page of `items`, with the addresses of its neighbours (404 beyond the last)."""
    paginator = Paginator(items, page_size)
    try:
        found = paginator.page(page)
    except EmptyPage:
        raise Http404(f"There is no page {page}: there are {paginator.num_pages}.") from None

    def address(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": page,
        "page_size": page_size,
        "next": address(page + 1) if found.has_next() else None,
        "previous": address(page - 1) if found.has_previous() else None,
        "items": list(found.object_list),
    }


@router.get(
    "/plans",
    response=PlanPage,
    summary="The plans you may see",
    description="The plans the caller may read (their organisation's, and those shared with "
    "them), a page at a time: live plans by organisation and title, or with `archived=true` "
    "archived ones, newest archived first.",
    openapi_extra={"x-rule": "signed in"},
)
def plans_list(request: HttpRequest, params: Query[PlanListParams]) -> dict[str, Any]:
    visible = visible_plans(user_of(request)).values("pk")
    listed = plans_selectors.plan_list()
    if params.archived:
        listed = plans_selectors.archived_plan_list()
    found = _page(request, listed.filter(pk__in=visible), params.page, params.page_size)
    found["results"] = [reads.plan_summary(plan) for plan in found.pop("items")]
    return found


@router.get(
    "/plans/{slug}",
    response=PlanOut,
    summary="A plan as at a date",
    description="The plan as its tracker page shows it at `as_of` (today by default) with the "
    "tracker's filters: its key, extra fields, domains with their actions, Table 1, Table 2 "
    "and its flags. A filter the tracker would refuse is 422, naming the parameter.",
    openapi_extra={"x-rule": "plan: view"},
)
def plan_detail(
    request: HttpRequest, slug: str, params: Query[reads.TrackerParams]
) -> HttpResponse:
    plan, _ = api_plan(request, slug, Ability.VIEW)
    # Sent as the JSON kept for this plan, date and filters (api/reads.py), not built again.
    return HttpResponse(reads.plan_read_json(plan=plan, params=params), content_type=JSON)


@router.get(
    "/plans/{slug}/actions",
    response=list[ActionRow],
    summary="A plan's actions as flat rows",
    description="The same actions as the plan's answer, for the same date and filters, one row "
    "of plain values each: what Power BI's or Excel's 'Get data → Web' makes a table of.",
    openapi_extra={"x-rule": "plan: view"},
)
def plan_action_rows(
    request: HttpRequest, slug: str, params: Query[reads.TrackerParams]
) -> HttpResponse:
    plan, _ = api_plan(request, slug, Ability.VIEW)
    data = reads.action_rows_json(plan=plan, params=params)
    return HttpResponse(data, content_type=JSON)


@router.get(
    "/plans/{slug}/actions/{action_id}",
    response=ActionDetail,
    summary="An action as at a date, with its history",
    description="The action as it stood at `as_of` (today by default), with its `version` (to "
    "send with an update) and its updates up to that date, each with the status change it "
    "made: who, from, to and why.",
    openapi_extra={"x-rule": "action: view"},
)
def action_detail(
    request: HttpRequest, slug: str, action_id: int, params: Query[AsOf]
) -> dict[str, Any]:
    plan, access = api_plan(request, slug, Ability.VIEW)
    action = api_action(request, plan, access, action_id)
    return reads.action_detail(plan=plan, action=action, as_of=params.as_of)


def _audit_page(request: HttpRequest, events: Any, page: int, page_size: int) -> dict[str, Any]:
    found = _page(request, events, page, page_size)
    found["results"] = [  # AuditEventOut's values
        {
            "id": event.pk,
            "at": event.at,
            "who": event.actor_name,
            "verb": event.verb,
            "what": display.what_happened(event.verb, event.summary),
            "before": event.before,
            "after": event.after,
        }
        for event in found.pop("items")
    ]
    return found


def _action_events(action: Action) -> Any:
    """An action's events, as its audit history page finds them."""
    return AuditEvent.objects.filter(object_type=Action._meta.label_lower, object_id=str(action.pk))


@router.get(
    "/plans/{slug}/audit",
    response=AuditPage,
    summary="A plan's audit history",
    description="Every event of the plan's audit history, newest first, as its history page "
    "words it, a page at a time; with `action`, only that action's.",
    openapi_extra={"x-rule": "plan: audit"},
)
def plan_audit(request: HttpRequest, slug: str, params: Query[PlanAuditParams]) -> dict[str, Any]:
    plan, access = api_plan(request, slug, Ability.AUDIT)
    events = AuditEvent.objects.filter(plan=plan)
    if params.action is not None:
        events = events & _action_events(api_action(request, plan, access, params.action))
    return _audit_page(request, events, params.page, params.page_size)


@router.get(
    "/plans/{slug}/actions/{action_id}/audit",
    response=AuditPage,
    summary="An action's audit history",
    description="Every event of the action's audit history, newest first, as its history page "
    "words it, a page at a time.",
    openapi_extra={"x-rule": "action: audit"},
)
def action_audit(
    request: HttpRequest, slug: str, action_id: int, params: Query[AuditParams]
) -> dict[str, Any]:
    plan, access = api_plan(request, slug, Ability.AUDIT)
    action = api_action(request, plan, access, action_id)
    return _audit_page(request, _action_events(action), params.page, params.page_size)


@router.get(
    "/plans/{slug}/export/{file_format}",
    summary="A plan's export file",
    description="The same file as the tracker page's export for the same date and filters: "
    f"{', '.join(sorted(FORMAT_NAMES))}. Recorded in the plan's audit history.",
    openapi_extra={
        "x-rule": "plan: export",
        "responses": {
            200: {  # ninja's own key for the answer, which this describes
                "description": "The file, as an attachment.",
                "content": {
                    FORMATS[name].content_type.split(";")[0]: {
                        "schema": {"type": "string", "format": "binary"}
                    }
                    for name in sorted(FORMAT_NAMES)
                },
            }
        },
    },
)
def plan_export_file(
    request: HttpRequest, slug: str, file_format: str, params: Query[reads.TrackerParams]
) -> HttpResponse:
    plan, _ = api_plan(request, slug, Ability.EXPORT)
    if file_format not in FORMAT_NAMES:
        formats = ", ".join(sorted(FORMAT_NAMES))
        raise Http404(f"No export format '{file_format}': the formats are {formats}.")
    reads.as_of_or_today(params.as_of)

    data = plan_export(
        plan=plan,
        file_format=file_format,
        as_of=params.as_of,
        params=params.form_data(),
        by=user_of(request),
        refused=reads.refuse_filters,
    )
    filename = f"{plan.slug}-{params.as_of or timezone.localdate():%Y-%m-%d}.{file_format}"
    return HttpResponse(
        data,
        content_type=FORMATS[file_format].content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/plans/{slug}/suggestions",
    response=SuggestionsOut,
    summary="Suggested statuses",
    description="A suggested status, with its reason, for every action not rated at `as_of` "
    "(the plan's reporting date by default, as on its suggestions page), and Table 1 if every "
    "suggestion were accepted. Accept them with POST …/suggestions/accept.",
    openapi_extra={"x-rule": "plan: edit"},
)
def plan_suggestions(request: HttpRequest, slug: str, params: Query[AsOf]) -> dict[str, Any]:
    plan, _ = api_plan(request, slug, Ability.EDIT)
    if plan.archived_at is not None:  # as the page (plans/views.py: unarchived)
        raise PermissionDenied("This plan is archived: restore it to accept suggestions.")
    return reads.suggestions(plan=plan, as_of=params.as_of)
