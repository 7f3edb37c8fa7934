"""Restoring a plan's archived objectives, activities and extra fields: a button beside
each on the plan's archived items page (edit_views.archived_items), plan managers only.

Each is found by its id within this plan, so another plan's is not found. Like the
domain and action restores, nothing is confirmed (nothing is lost) and a refusal shows
the archived items page again, saying why.
"""

from collections.abc import Callable
from functools import partial

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans.access import plan_view
from improvement_tracker.plans.edit_views import _archived_items_page, _restored, action_url
from improvement_tracker.plans.models import Activity, ExtraField, Objective, Plan
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.services import archiving as archiving_services


def _restore(
    request: HttpRequest, plan: Plan, access: PlanAccess, restore: Callable[[], Model], then: str
) -> HttpResponse:
    if plan.archived_at is not None:
        return render(request, "plans/archived_refused.html", {"plan": plan}, status=403)
    problem = _restored(restore)
    if problem:
        return _archived_items_page(request, plan, access, problem)
    return redirect(then)


@plan_view(Ability.EDIT)
@require_http_methods(["POST"])
def objective_restore(
    request: HttpRequest, plan: Plan, access: PlanAccess, objective_id: int
) -> HttpResponse:
    objective = get_object_or_404(
        Objective.objects.select_related("domain"), domain__plan=plan, pk=objective_id
    )
    domain = objective.domain
    restore = partial(
        archiving_services.objective_restore, objective=objective, by=user_of(request)
    )
    then = reverse("plans:objectives", args=[plan.slug, domain.position])
    return _restore(request, plan, access, restore, then)


@plan_view(Ability.EDIT)
@require_http_methods(["POST"])
def activity_restore(
    request: HttpRequest, plan: Plan, access: PlanAccess, activity_id: int
) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("action__domain__plan"),
        action__domain__plan=plan,
        pk=activity_id,
    )
    restore = partial(archiving_services.activity_restore, activity=activity, by=user_of(request))
    return _restore(request, plan, access, restore, action_url(activity.action))


@plan_view(Ability.EDIT)
@require_http_methods(["POST"])
def extra_field_restore(
    request: HttpRequest, plan: Plan, access: PlanAccess, field_id: int
) -> HttpResponse:
    field = get_object_or_404(ExtraField, plan=plan, pk=field_id)
    restore = partial(archiving_services.extra_field_restore, field=field, by=user_of(request))
    return _restore(request, plan, access, restore, reverse("plans:extra_fields", args=[plan.slug]))
