"""Pages that change a plan's shape: the plan itself, its domains, actions and leads.

Views stay thin: they check access (declared with accounts.access), validate a form,
call one service and redirect. Archived plans, domains and actions are read-only.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts.access import action_view, plan_view
from improvement_tracker.accounts.permissions import Ability, PlanAccess
from improvement_tracker.plans import selectors, services
from improvement_tracker.plans.forms import ConfirmForm
from improvement_tracker.plans.models import Action, Domain, Plan
from improvement_tracker.plans.views import unarchived


def _user(request: HttpRequest) -> Any:
    return request.user


def _domain(plan: Plan, position: int) -> Domain:
    return get_object_or_404(Domain.objects.select_related("plan"), plan=plan, position=position)


def _refused(request: HttpRequest, plan: Plan, domain: Domain) -> HttpResponse:
    context = {"plan": plan, "domain": domain}
    return render(request, "plans/archived_refused.html", context, status=403)


def action_url(action: Action, name: str = "plans:action_detail") -> str:
    plan_slug = action.domain.plan.slug
    return reverse(name, args=[plan_slug, action.domain.position, action.number])


# Archiving: nothing a board may have seen is deleted.


@plan_view(Ability.EDIT)
@unarchived
@require_http_methods(["GET", "POST"])
def plan_archive(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    form = ConfirmForm(request.POST or None, button="Archive this plan")
    if request.method == "POST" and form.is_valid():
        services.plan_archive(plan=plan, by=_user(request))
        return redirect(plan.get_absolute_url())
    context = {
        "plan": plan,
        "heading": f"Archive {plan.title}",
        "explanation": [
            "An archived plan is kept as it is: everyone who could read it still can, and "
            "its tracker and tables can still be reported.",
            "Nobody can change it, add to it or record progress on it afterwards.",
        ],
        "form": form,
        "back": plan.get_absolute_url(),
    }
    return render(request, "plans/confirm.html", context)


@action_view(Ability.EDIT)
@unarchived
@require_http_methods(["GET", "POST"])
def action_archive(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action
) -> HttpResponse:
    form = ConfirmForm(
        request.POST or None, button="Archive this action", initial={"version": action.version}
    )
    status, changed = 200, False
    if request.method == "POST" and form.is_valid():
        try:
            services.action_archive(
                action=action,
                by=_user(request),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except services.StaleAction as stale:
            action, status, changed = stale.action, 409, True
            form = ConfirmForm(
                button="Archive this action", initial={"version": stale.action.version}
            )
        else:
            return redirect(action_url(action))
    context = {
        "plan": plan,
        "action": action,
        "heading": f"Archive {action.domain.label}, action {action.number}",
        "changed": changed,
        "explanation": [
            "The action will leave the tracker, Table 1 and Table 2. It keeps its number and "
            "its history, and is listed with the plan's archived items.",
        ],
        "form": form,
        "back": action_url(action),
    }
    return render(request, "plans/confirm.html", context, status=status)


@plan_view(Ability.VIEW)
def archived_items(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    context = {"plan": plan, "items": selectors.plan_archived_items(plan=plan)}
    return render(request, "plans/archived_items.html", context)
