"""Pages that change a plan's actions: add, change, move, renumber and archive them.

Like the other pages that change a plan's shape (`edit_views.py`), they check access,
validate a form, call one service and redirect; an archived action is read-only.
"""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans.edit_forms import ActionForm, MoveActionForm, RenumberForm
from improvement_tracker.plans.edit_views import (
    _attempt,
    _form_page,
    action_url,
    domain_change,
)
from improvement_tracker.plans.extra_field_forms import value_field_name, values_from
from improvement_tracker.plans.forms import ConfirmForm
from improvement_tracker.plans.models import Action, Domain, ExtraField, Lead, Objective, Plan
from improvement_tracker.plans.objective_field import objective_chosen
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.selectors import actions as actions_selectors
from improvement_tracker.plans.selectors import extra_fields as extra_fields_selectors
from improvement_tracker.plans.selectors import layers as layers_selectors
from improvement_tracker.plans.selectors import leads as leads_selectors
from improvement_tracker.plans.selectors import plans as plans_selectors
from improvement_tracker.plans.services import actions as actions_services
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services.rules import EditRefused, StaleAction, StaleNumbers
from improvement_tracker.plans.views import action_change

# Actions: add, change, move, renumber and archive. The timescale is read back before saving.


def _check_only_timescale(form: ActionForm) -> None:
    """'Check timescale' shows the reading, or what is wrong with it, and saves nothing."""
    form.is_valid()
    for name in list(form.errors):
        if name != "timescale_text":
            del form.errors[name]


def _chosen(leads: list[Lead], chosen: list[str]) -> list[Lead]:
    by_pk = {str(lead.pk): lead for lead in leads}
    return [by_pk[pk] for pk in chosen]


_ADDED = {"number", "text", "lead_text", "leads", "timescale_text", "high_priority"}


@domain_change(Ability.EDIT)
def action_add(
    request: HttpRequest, plan: Plan, access: PlanAccess, domain: Domain
) -> HttpResponse:
    leads = leads_selectors.lead_choices(plan=plan)
    fields = extra_fields_selectors.live_extra_fields(plan=plan)
    objectives = list(layers_selectors.live_objectives(domains=[domain]).values())
    form = ActionForm(
        request.POST or None,
        leads=leads,
        new=True,
        button="Add action",
        initial={"number": actions_selectors.next_action_numbers(plan=plan)[domain.pk]},
        extra_fields=fields,
        objectives=objectives,
    )
    if request.method == "POST":
        if "check" in request.POST:
            _check_only_timescale(form)
        elif form.is_valid():
            data = {**form.cleaned_data, "leads": _chosen(leads, form.cleaned_data["leads"])}
            data = {key: value for key, value in data.items() if key in _ADDED}
            add = partial(
                actions_services.action_add,
                domain=domain,
                by=user_of(request),
                extra=values_from(form, fields),
                objective=objective_chosen(form, objectives),
                **data,
            )
            if added := _attempt(form, add):
                return redirect(action_url(added))
    heading = f"Add an action to {domain.label}"
    return _form_page(request, "action_form.html", plan=plan, form=form, heading=heading)


@action_change(Ability.EDIT)
def action_edit(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action
) -> HttpResponse:
    leads = leads_selectors.lead_choices(plan=plan)
    fields = extra_fields_selectors.live_extra_fields(plan=plan)
    held = extra_fields_selectors.extra_values_by_field(action=action)
    objectives = list(layers_selectors.live_objectives(domains=[action.domain]).values())
    initial = {
        "objective": str(action.objective_id or ""),
        "text": action.text,
        "lead_text": action.lead_text,
        "leads": [str(lead.pk) for lead in action.leads.all()],
        "timescale_text": action.timescale_text,
        "high_priority": action.high_priority,
        "version": action.version,
        **{value_field_name(field): held.get(field.pk, "") for field in fields},
    }
    form = ActionForm(
        request.POST or None,
        initial=initial,
        leads=leads,
        new=False,
        button="Save action",
        extra_fields=fields,
        objectives=objectives,
    )
    if request.method == "POST":
        if "check" in request.POST:
            _check_only_timescale(form)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                actions_services.action_edit(
                    action=action,
                    text=data["text"],
                    lead_text=data["lead_text"],
                    leads=_chosen(leads, data["leads"]),
                    timescale_text=data["timescale_text"],
                    high_priority=data["high_priority"],
                    expected_version=data["version"] or 0,
                    by=user_of(request),
                    extra=values_from(form, fields),
                    # Without objectives in the domain, the form offers none: kept as it is.
                    **({"objective": objective_chosen(form, objectives)} if objectives else {}),
                )
            except StaleAction as stale:
                return _edit_conflict(request, plan, stale.action, form, leads, fields, objectives)
            except EditRefused as refused:
                form.add_error(refused.field, refused.message)
            else:
                return redirect(action_url(action))
    heading = f"Change {action.domain.label}, action {action.number}"
    return _form_page(
        request, "action_form.html", plan=plan, action=action, form=form, heading=heading
    )


def _edit_conflict(
    request: HttpRequest,
    plan: Plan,
    theirs: Action,
    form: ActionForm,
    leads: list[Lead],
    fields: list[ExtraField],
    objectives: list[Objective],
) -> HttpResponse:
    """Someone saved the action first: show both versions; saving again needs a choice.
    The retry offers the same objectives, the person's choice kept (ADR 0041)."""
    mine = form.cleaned_data
    held = extra_fields_selectors.extra_values_by_field(action=theirs)
    retry = ActionForm(
        initial={**mine, "version": theirs.version},
        leads=leads,
        new=False,
        button="Save my version",
        extra_fields=fields,
        objectives=objectives,
    )
    context = {
        "plan": plan,
        "action": theirs,
        "theirs_leads": sorted(lead.name for lead in theirs.leads.all()),
        "mine": mine,
        "mine_leads": sorted(lead.name for lead in _chosen(leads, mine["leads"])),
        "theirs_extra": [(field.name, held.get(field.pk, "")) for field in fields],
        "mine_extra": [(field.name, mine[value_field_name(field)]) for field in fields],
        "form": retry,
    }
    return render(request, "plans/action_edit_conflict.html", context, status=409)


@action_change(Ability.EDIT)
def action_move(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action
) -> HttpResponse:
    domains = plans_selectors.live_domains(plan=plan)
    initial: dict[str, object] = {
        "domain": action.domain.position,
        "number": action.number,
        "version": action.version,
    }
    form = MoveActionForm(request.POST or None, domains=domains, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = next(d for d in domains if d.position == data["domain"])
        try:
            actions_services.action_move(
                action=action,
                domain=target,
                number=data["number"],
                expected_version=data["version"] or 0,
                by=user_of(request),
            )
        except StaleAction as stale:
            action, status = stale.action, 409
            initial = {**initial, "version": stale.action.version}
            form = MoveActionForm(domains=domains, initial=initial)
        except EditRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            return redirect(action_url(action))
    next_numbers = actions_selectors.next_action_numbers(plan=plan)
    context = {
        "plan": plan,
        "action": action,
        "form": form,
        "changed": status == 409,
        "heading": f"Move {action.domain.label}, action {action.number}",
        "next_numbers": [(domain, next_numbers[domain.pk]) for domain in domains],
    }
    return render(request, "plans/action_move.html", context, status=status)


@domain_change(Ability.EDIT)
def domain_renumber(
    request: HttpRequest, plan: Plan, access: PlanAccess, domain: Domain
) -> HttpResponse:
    """Give the domain's actions new numbers, in one go, as the person lists them."""
    actions = list(domain.actions.filter(archived_at__isnull=True).order_by("number_order"))
    archived = domain.actions.filter(archived_at__isnull=False).order_by("number_order")
    kept = list(archived.values_list("number", flat=True))
    status, changed = 200, False
    form = RenumberForm(actions=actions)
    posted = {key for key in request.POST if key.startswith("number_")}
    if request.method == "POST" and posted != {f"number_{a.pk}" for a in actions}:
        status, changed = 409, True  # an action was added or archived meanwhile
    elif request.method == "POST" and "sequence" in request.POST:
        numbers = actions_selectors.numbers_in_order(actions=actions, kept=kept)
        initial: dict[str, object] = {f"number_{pk}": number for pk, number in numbers.items()}
        form = RenumberForm(actions=actions, initial=initial)
    elif request.method == "POST":
        form = RenumberForm(request.POST, actions=actions)
        if form.is_valid():
            try:
                actions_services.domain_renumber(
                    domain=domain,
                    numbers=form.numbers,
                    expected_versions=form.versions,
                    by=user_of(request),
                )
            except StaleNumbers:
                status, changed = 409, True
                fresh = domain.actions.filter(archived_at__isnull=True).order_by("number_order")
                form = RenumberForm(actions=list(fresh))
            except EditRefused as refused:
                form.add_error(refused.field, refused.message)
            else:
                return redirect(
                    reverse("plans:manage", args=[plan.slug]) + f"#domain-{domain.position}"
                )
    context = {
        "plan": plan,
        "domain": domain,
        "form": form,
        "kept": kept,
        "changed": changed,
        "has_actions": bool(actions),
    }
    return render(request, "plans/renumber.html", context, status=status)


@action_change(Ability.EDIT)
def action_archive(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action
) -> HttpResponse:
    form = ConfirmForm(
        request.POST or None, button="Archive this action", initial={"version": action.version}
    )
    status, changed = 200, False
    if request.method == "POST" and form.is_valid():
        try:
            archiving_services.action_archive(
                action=action,
                by=user_of(request),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleAction as stale:
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
