"""A plan's update rounds (issue 20): the list of them, opening one, a round's page and
closing it, and the plan's setting for when reminders start.

Anyone who may read the plan may read its rounds, as they may read its tracker (ADR 0054);
only its plan managers open and close them or change the setting. Views stay thin.
"""

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans.access import plan_view
from improvement_tracker.plans.archive_page import archive_page
from improvement_tracker.plans.edit_views import _attempt
from improvement_tracker.plans.models import Plan, UpdateRound
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.round_forms import OpenRoundForm, ReminderDaysForm
from improvement_tracker.plans.selectors import rounds as rounds_selectors
from improvement_tracker.plans.services import rounds as rounds_services
from improvement_tracker.plans.views import plan_change


def _may_manage(plan: Plan, access: PlanAccess) -> bool:
    return access.can(Ability.EDIT) and plan.archived_at is None


@plan_view(Ability.VIEW)
def plan_rounds(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    rounds = rounds_selectors.plan_rounds(plan=plan)
    context = {
        "plan": plan,
        "rounds": rounds,
        "has_open": any(summary.update_round.is_open for summary in rounds),
        "can_manage": _may_manage(plan, access),
    }
    return render(request, "plans/rounds.html", context)


@plan_change(Ability.EDIT)
def round_open(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    """Board date, deadline and actions (every open action unless unticked); refused, with
    a link to it, while the plan has a round open."""
    already = rounds_selectors.open_round(plan)
    if already is not None:
        return render(request, "plans/round_open.html", {"plan": plan, "already": already})
    choices = rounds_selectors.round_choices(plan=plan)
    chosen = {action.pk for action in rounds_services.open_actions(plan)}
    form = OpenRoundForm(request.POST or None, choices=choices, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        by_pk = {action.pk: action for _, actions in choices for action in actions}
        data = form.cleaned_data
        opened = _attempt(
            form,
            partial(
                rounds_services.round_open,
                plan=plan,
                board_date=data["board_date"],
                deadline=data["deadline"],
                actions=[by_pk[pk] for pk in data["actions"]],
                by=user_of(request),
            ),
        )
        if opened is not None:
            return redirect("round_detail", plan.slug, opened.pk)
    return render(request, "plans/round_open.html", {"plan": plan, "form": form})


def _round(plan: Plan, round_id: int) -> UpdateRound:
    found = rounds_selectors.plan_round(plan=plan, round_id=round_id)
    if found is None:
        raise Http404("No such update round")
    return found


@plan_view(Ability.VIEW)
def round_detail(
    request: HttpRequest, plan: Plan, access: PlanAccess, round_id: int
) -> HttpResponse:
    """Per lead and per action, updated in the round or not; a person who acts for leads
    sees their own part first."""
    progress = rounds_selectors.round_progress(_round(plan, round_id))
    mine = [part for part in progress.leads if part.lead and part.lead.pk in access.lead_ids]
    updatable = set()
    if plan.archived_at is None:
        updatable = {
            item.action.pk
            for item in progress.actions
            if access.can_update_led_by(lead.pk for lead in item.leads)
        }
    context = {
        "updatable": updatable,
        "plan": plan,
        "progress": progress,
        "update_round": progress.update_round,
        "mine": mine if access.can(Ability.UPDATE_OWN_ACTIONS) else [],
        "can_manage": _may_manage(plan, access),
    }
    return render(request, "plans/round_detail.html", context)


@plan_change(Ability.EDIT)
def round_close(
    request: HttpRequest, plan: Plan, access: PlanAccess, round_id: int
) -> HttpResponse:
    """Asks before closing: updates recorded afterwards no longer belong to the round."""
    update_round = _round(plan, round_id)
    back = reverse("round_detail", args=[plan.slug, update_round.pk])
    if not update_round.is_open:
        return redirect(back)
    progress = rounds_selectors.round_progress(update_round)
    return archive_page(
        request,
        plan=plan,
        heading=f"Close the update round for the board of {update_round.board_date:%-d %B %Y}",
        explanation=[
            f"{progress.updated} of {progress.total} actions have been updated in this round.",
            "Once it is closed, updates recorded on its actions no longer count towards it, "
            "and no more reminders are sent for it. It is kept, with who updated what.",
        ],
        button="Close the round",
        archive=partial(
            rounds_services.round_close, update_round=update_round, by=user_of(request)
        ),
        back=back,
    )


@plan_change(Ability.EDIT)
def plan_reminders(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    form = ReminderDaysForm(request.POST or None, initial={"days": plan.reminder_days_before})
    if request.method == "POST" and form.is_valid():
        change = partial(
            rounds_services.plan_reminder_days_set,
            plan=plan,
            days=form.cleaned_data["days"],
            by=user_of(request),
        )
        if _attempt(form, change) is not None:
            return redirect("plan_rounds", plan.slug)
    context = {
        "plan": plan,
        "form": form,
        "heading": "When reminders start",
        "back": reverse("plan_rounds", args=[plan.slug]),
        "back_text": "Back to update rounds",
    }
    return render(request, "plans/form_page.html", context)
