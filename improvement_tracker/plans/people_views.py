"""A plan's people: who has which role on it, and the leads a lead contributor acts for."""

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans.access import plan_view
from improvement_tracker.plans.models import Lead, Plan
from improvement_tracker.plans.people_forms import LeadsForm, PlanRoleForm
from improvement_tracker.plans.permissions import PlanAccess, may_set_leads_of
from improvement_tracker.plans.services import roles as roles_services
from improvement_tracker.plans.views import plan_change


@plan_view(Ability.MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def plan_people(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    """Who has which role on the plan; give a role to someone the person may name."""
    form = PlanRoleForm(request.POST or None, plan=plan, by=user_of(request))
    if request.method == "POST" and form.is_valid():
        roles_services.plan_role_set(
            plan=plan,
            user=form.cleaned_data["person"],
            role=Role(form.cleaned_data["role"]),
            by=user_of(request),
        )
        return redirect("plan_people", slug=plan.slug)
    roles = (
        PlanRole.objects.filter(plan=plan)
        .select_related("user__membership__organisation")
        .order_by("role", "user__username")
    )
    leads = {
        role.user_id: sorted(
            Lead.objects.filter(organisation=plan.organisation, people=role.user).values_list(
                "name", flat=True
            )
        )
        for role in roles
        if role.role == Role.LEAD_CONTRIBUTOR
    }
    context = {"plan": plan, "form": form, "roles": roles, "leads": leads}
    return render(request, "accounts/plan_people.html", context)


def _person_with_role(plan: Plan, user_id: int) -> User:
    """Only people who hold a role on this plan can be reached through its pages."""
    role = get_object_or_404(PlanRole.objects.select_related("user"), plan=plan, user_id=user_id)
    return role.user


@plan_view(Ability.MANAGE_ROLES)
@require_http_methods(["POST"])
def plan_person_remove(
    request: HttpRequest, plan: Plan, access: PlanAccess, user_id: int
) -> HttpResponse:
    person = _person_with_role(plan, user_id)
    roles_services.plan_role_remove(plan=plan, user=person, by=user_of(request))
    return redirect("plan_people", slug=plan.slug)


@plan_change(Ability.MANAGE_ROLES)
def plan_person_leads(
    request: HttpRequest, plan: Plan, access: PlanAccess, user_id: int
) -> HttpResponse:
    """A person's leads count on every plan of the organisation (ADR 0022)."""
    person = _person_with_role(plan, user_id)
    if not may_set_leads_of(request.user, plan, person):
        context = {"plan": plan, "person": person, "refused": True}
        return render(request, "accounts/person_leads.html", context, status=403)
    initial: dict[str, object] = {
        "leads": Lead.objects.filter(organisation=plan.organisation, people=person)
    }
    form = LeadsForm(request.POST or None, organisation=plan.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        roles_services.lead_people_set(
            plan=plan,
            user=person,
            leads=list(form.cleaned_data["leads"]),
            by=user_of(request),
        )
        return redirect("plan_people", slug=plan.slug)
    return render(
        request, "accounts/person_leads.html", {"plan": plan, "person": person, "form": form}
    )
