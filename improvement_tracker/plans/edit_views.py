"""Pages that change a plan's shape: the plan itself, its domains, actions and leads.

Views stay thin: they check access (declared with accounts.access), validate a form,
call one service and redirect. Archived plans, domains and actions are read-only.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts.access import action_view, plan_view
from improvement_tracker.accounts.permissions import Ability, PlanAccess
from improvement_tracker.plans import selectors, services
from improvement_tracker.plans.forms import ConfirmForm, DomainForm
from improvement_tracker.plans.models import Action, Domain, Plan
from improvement_tracker.plans.views import unarchived


def _user(request: HttpRequest) -> Any:
    return request.user


def _domain(plan: Plan, position: int) -> Domain:
    return get_object_or_404(Domain.objects.select_related("plan"), plan=plan, position=position)


def _refused(request: HttpRequest, plan: Plan, domain: Domain) -> HttpResponse:
    context = {"plan": plan, "domain": domain}
    return render(request, "plans/archived_refused.html", context, status=403)


def _saved(form: forms.Form, change: Callable[[], object]) -> bool:
    """Make the change; a rule it breaks becomes an error beside the field it concerns."""
    try:
        change()
    except services.EditRefused as refused:
        form.add_error(refused.field, refused.message)
        return False
    return True


def _form_page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, f"plans/{template}", context)


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


# The plan's outline: its domains in order, each with its actions.


@plan_view(Ability.EDIT)
@unarchived
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    """Domains and actions to rearrange; the move buttons post back here (no JavaScript)."""
    if request.method == "POST":
        for key, up in (("move_up", True), ("move_down", False)):
            if key in request.POST:
                position = int(request.POST[key]) if request.POST[key].isdigit() else 0
                domain = _domain(plan, position)
                if domain.archived_at is not None:
                    return _refused(request, plan, domain)
                services.domain_move(domain=domain, up=up, by=_user(request))
        return redirect("plans:manage", plan.slug)
    context = {"plan": plan, "domains": selectors.plan_outline(plan=plan)}
    return render(request, "plans/manage.html", context)


@plan_view(Ability.EDIT)
@unarchived
@require_http_methods(["GET", "POST"])
def domain_add(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    form = DomainForm(request.POST or None, button="Add domain")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def add() -> None:
            services.domain_add(
                plan=plan, title=data["title"], label=data["label"], by=_user(request)
            )

        if _saved(form, add):
            return redirect("plans:manage", plan.slug)
    return _form_page(request, "domain_form.html", plan=plan, form=form, heading="Add a domain")


@plan_view(Ability.EDIT)
@unarchived
@require_http_methods(["GET", "POST"])
def domain_edit(
    request: HttpRequest, plan: Plan, access: PlanAccess, position: int
) -> HttpResponse:
    domain = _domain(plan, position)
    if domain.archived_at is not None:
        return _refused(request, plan, domain)
    initial = {"title": domain.title, "label": domain.label}
    form = DomainForm(request.POST or None, initial=initial, button="Save domain")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def rename() -> None:
            services.domain_rename(
                domain=domain, title=data["title"], label=data["label"], by=_user(request)
            )

        if _saved(form, rename):
            return redirect("plans:manage", plan.slug)
    heading = f"Change the domain {domain.label}"
    return _form_page(request, "domain_form.html", plan=plan, form=form, heading=heading)


@plan_view(Ability.EDIT)
@unarchived
@require_http_methods(["GET", "POST"])
def domain_archive(
    request: HttpRequest, plan: Plan, access: PlanAccess, position: int
) -> HttpResponse:
    domain = _domain(plan, position)
    if domain.archived_at is not None:
        return _refused(request, plan, domain)
    form = ConfirmForm(request.POST or None, button="Archive this domain")
    if request.method == "POST" and form.is_valid():
        services.domain_archive(domain=domain, by=_user(request))
        return redirect("plans:manage", plan.slug)
    count = domain.actions.filter(archived_at__isnull=True).count()
    context = {
        "plan": plan,
        "heading": f"Archive {domain.label}",
        "explanation": [
            f"The domain and its {count} action{'s' if count != 1 else ''} will leave the "
            "tracker, Table 1 and Table 2. They are kept, with their history, in the plan's "
            "list of archived items.",
        ],
        "form": form,
        "back": reverse("plans:manage", args=[plan.slug]),
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
