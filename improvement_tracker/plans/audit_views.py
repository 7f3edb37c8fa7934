"""A plan's and an action's audit history pages, for those who may read them. There is no
page that changes an event. (The trail itself is the audit app's; these are plan pages.)"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.audit.models import AuditEvent
from improvement_tracker.plans.access import action_view, plan_view
from improvement_tracker.plans.models import Action, Plan
from improvement_tracker.plans.permissions import PlanAccess

PAGE_SIZE = 50


@plan_view(Ability.AUDIT)
def plan_audit(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    events = AuditEvent.objects.filter(plan=plan).select_related("actor")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"plan": plan, "page": page, "title": f"Audit history: {plan.title}"}
    return render(request, "audit/history.html", context)


@action_view(Ability.AUDIT)
def action_audit(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action
) -> HttpResponse:
    events = AuditEvent.objects.filter(
        object_type=Action._meta.label_lower, object_id=str(action.pk)
    ).select_related("actor")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    title = f"Audit history: {action.domain.label}, action {action.number}"
    context = {"plan": plan, "action": action, "page": page, "title": title}
    return render(request, "audit/history.html", context)
