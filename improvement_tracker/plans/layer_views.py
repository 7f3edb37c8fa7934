"""Pages for a plan's layers (ADR 0041): a domain's objectives, and an action's activities.

Plan managers only (Ability.EDIT), never on an archived plan, domain or action; like the
other pages that change a plan's shape, they validate a form, call one service and
redirect, and a rule the service keeps becomes an error beside its field.
"""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans.archive_page import archive_page
from improvement_tracker.plans.edit_views import _attempt, action_url, domain_change
from improvement_tracker.plans.layer_forms import ActivityForm, ObjectiveForm
from improvement_tracker.plans.models import Action, Activity, Domain, Objective, Plan
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.selectors import layers as layers_selectors
from improvement_tracker.plans.selectors.status_keys import status_keys
from improvement_tracker.plans.services import activities as activities_services
from improvement_tracker.plans.services import objectives as objectives_services
from improvement_tracker.plans.views import action_change


def _objectives_url(domain: Domain) -> str:
    return reverse("plans:objectives", args=[domain.plan.slug, domain.position])


def _live_objective(domain: Domain, objective_id: int) -> Objective:
    """One of this domain's objectives in use; another domain's, or an archived one, is not
    found."""
    return get_object_or_404(Objective, domain=domain, pk=objective_id, archived_at__isnull=True)


@domain_change(Ability.EDIT)
def objectives(
    request: HttpRequest, plan: Plan, access: PlanAccess, domain: Domain
) -> HttpResponse:
    """The domain's objectives, and a form to add one."""
    form = ObjectiveForm(request.POST or None, button="Add objective")
    if request.method == "POST" and form.is_valid():
        add = partial(objectives_services.objective_add, domain=domain, by=user_of(request))
        if _attempt(form, partial(add, **form.cleaned_data)):
            return redirect(_objectives_url(domain))
    found = layers_selectors.domain_objectives(domain=domain)
    context = {
        "plan": plan,
        "domain": domain,
        "live": [o for o in found if o.archived_at is None],
        "archived": [o for o in found if o.archived_at is not None],
        "form": form,
    }
    return render(request, "plans/objectives.html", context)


@domain_change(Ability.EDIT)
def objective_edit(
    request: HttpRequest, plan: Plan, access: PlanAccess, domain: Domain, objective_id: int
) -> HttpResponse:
    objective = _live_objective(domain, objective_id)
    initial: dict[str, object] = {
        "number": objective.number,
        "text": objective.text,
        "lead_text": objective.lead_text,
    }
    form = ObjectiveForm(request.POST or None, initial=initial, button="Save objective")
    if request.method == "POST" and form.is_valid():
        edit = partial(objectives_services.objective_edit, objective=objective, by=user_of(request))
        if _attempt(form, partial(edit, **form.cleaned_data)):
            return redirect(_objectives_url(domain))
    context = {
        "plan": plan,
        "form": form,
        "heading": f"Change {domain.label}, {objective}",
        "back": _objectives_url(domain),
        "back_text": f"Back to the objectives of {domain.label}",
    }
    return render(request, "plans/form_page.html", context)


@domain_change(Ability.EDIT)
def objective_archive(
    request: HttpRequest, plan: Plan, access: PlanAccess, domain: Domain, objective_id: int
) -> HttpResponse:
    objective = _live_objective(domain, objective_id)
    archive = partial(
        objectives_services.objective_archive, objective=objective, by=user_of(request)
    )
    return archive_page(
        request,
        plan=plan,
        heading=f"Archive {domain.label}, {objective}",
        explanation=[
            "The objective will leave the tracker and the exports, and its actions will be "
            "shown without it. It is kept in the plan's record.",
        ],
        button="Archive this objective",
        archive=archive,
        back=_objectives_url(domain),
    )


def _activities_url(action: Action) -> str:
    return action_url(action) + "activities/"


def _live_activity(action: Action, activity_id: int) -> Activity:
    return get_object_or_404(Activity, action=action, pk=activity_id, archived_at__isnull=True)


@action_change(Ability.EDIT)
def activities(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action
) -> HttpResponse:
    """The action's activities, and a form to add one."""
    key = status_keys([plan.pk])[plan.pk]
    form = ActivityForm(request.POST or None, button="Add activity", key=key)
    if request.method == "POST" and form.is_valid():
        add = partial(activities_services.activity_add, action=action, by=user_of(request))
        if _attempt(form, partial(add, **form.cleaned_data)):
            return redirect(_activities_url(action))
    found = layers_selectors.action_activities(action=action)
    context = {
        "plan": plan,
        "action": action,
        "live": [a for a in found if a.archived_at is None],
        "archived": [a for a in found if a.archived_at is not None],
        "form": form,
        "key": key,
    }
    return render(request, "plans/activities.html", context)


@action_change(Ability.EDIT)
def activity_edit(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action, activity_id: int
) -> HttpResponse:
    activity = _live_activity(action, activity_id)
    initial: dict[str, object] = {
        "number": activity.number,
        "text": activity.text,
        "lead_text": activity.lead_text,
        "timescale_text": activity.timescale_text,
        "status": activity.status,
    }
    key = status_keys([plan.pk])[plan.pk]
    form = ActivityForm(request.POST or None, initial=initial, button="Save activity", key=key)
    if request.method == "POST" and form.is_valid():
        edit = partial(activities_services.activity_edit, activity=activity, by=user_of(request))
        if _attempt(form, partial(edit, **form.cleaned_data)):
            return redirect(_activities_url(action))
    context = {
        "plan": plan,
        "form": form,
        "heading": f"Change {activity} of {action.domain.label}, action {action.number}",
        "back": _activities_url(action),
        "back_text": f"Back to the activities of action {action.number}",
    }
    return render(request, "plans/form_page.html", context)


@action_change(Ability.EDIT)
def activity_archive(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action, activity_id: int
) -> HttpResponse:
    activity = _live_activity(action, activity_id)
    archive = partial(activities_services.activity_archive, activity=activity, by=user_of(request))
    return archive_page(
        request,
        plan=plan,
        heading=f"Archive {activity} of {action.domain.label}, action {action.number}",
        explanation=[
            "The activity will leave the tracker, the action's page and the exports. It is "
            "kept in the plan's record.",
        ],
        button="Archive this activity",
        archive=archive,
        back=_activities_url(action),
    )
