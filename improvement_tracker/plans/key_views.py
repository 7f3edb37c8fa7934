"""The page a plan manager edits the plan's status key on (ADR 0039)."""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans.edit_views import _attempt
from improvement_tracker.plans.key_forms import StatusKeyForm
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.services.status_key import plan_key_set
from improvement_tracker.plans.views import plan_change


@plan_change(Ability.EDIT)
def status_key(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    form = StatusKeyForm(request.POST or None, key=plan.status_key)
    if request.method == "POST" and form.is_valid():
        change = partial(plan_key_set, plan=plan, entries=form.entries(), by=user_of(request))
        if _attempt(form, change):
            return redirect("plans:manage", plan.slug)
    return render(request, "plans/status_key.html", {"plan": plan, "form": form})
