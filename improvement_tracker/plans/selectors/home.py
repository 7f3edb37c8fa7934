"""The home page (issue 20): what needs this person, as each of their roles asks it.

A lead contributor's actions asked for in open update rounds, and their overdue actions
(as "My actions" finds and orders them); a plan manager's plans, each with its open
round's progress, its exceptions and its last board. Read in a fixed number of queries
for the managed plans whatever their number (their figures kept per plan: portfolio.py).
"""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Count, prefetch_related_objects
from django.utils import timezone

from improvement_tracker.accounts.models import Role
from improvement_tracker.hotpath.portfolio import kept_per_plan
from improvement_tracker.plans.changes import ChangeKind
from improvement_tracker.plans.models import ActionUpdate, Plan, UpdateRound
from improvement_tracker.plans.permissions import plan_accesses, visible_plans
from improvement_tracker.plans.rounds import RoundState
from improvement_tracker.plans.selectors.changes import plan_changes
from improvement_tracker.plans.selectors.my_actions import MyAction, my_actions
from improvement_tracker.plans.selectors.portfolio import (
    PlanFigures,
    last_board_dates,
    plan_figures,
)
from improvement_tracker.plans.selectors.rounds import state_of


@dataclass
class RoundAction:
    """One of the person's actions that an open round asks them to update."""

    mine: MyAction
    update_round: UpdateRound
    updated: bool  # an update was recorded in this round
    state: RoundState


@dataclass
class ManagedPlan:
    plan: Plan
    figures: PlanFigures
    last_board: dt.date | None
    update_round: UpdateRound | None = None  # its open round, if any
    asked: int = 0  # the actions the open round asks for
    updated: int = 0  # those updated in it
    state: RoundState | None = None
    # What changed since the last board, counted by kind in ChangeKind's order (none
    # before a pack is issued): plans/selectors/changes.py's plan_changes.
    changes: tuple[tuple[ChangeKind, int], ...] = ()


@dataclass
class Home:
    today: dt.date
    in_rounds: list[RoundAction] = field(default_factory=list)
    # Overdue actions the person may update that no open round already lists.
    overdue: list[MyAction] = field(default_factory=list)
    managed: list[ManagedPlan] = field(default_factory=list)
    plans_seen: int = 0  # the live plans this person may see: the portfolio's

    @property
    def nothing_to_update(self) -> bool:
        return not self.in_rounds and not self.overdue


def home(*, user: User, today: dt.date | None = None) -> Home:
    today = today or timezone.localdate()
    in_rounds, overdue = _needs_update(user, today)
    return Home(
        today=today,
        in_rounds=in_rounds,
        overdue=overdue,
        managed=_managed(user, today),
        plans_seen=visible_plans(user).filter(archived_at__isnull=True).count(),
    )


def _needs_update(user: User, today: dt.date) -> tuple[list[RoundAction], list[MyAction]]:
    """The person's actions they may update: those open rounds ask for (soonest deadline
    first), then the overdue others, in "My actions"' order."""
    led = [row for row in my_actions(user=user) if row.leads_action]
    # Whether they may update an action reads its leads: for all of them in one query.
    prefetch_related_objects([row.action.action for row in led], "leads")
    access = plan_accesses(user, {row.plan.pk: row.plan for row in led}.values())
    # Leading an activity alone is not leading the action's update: `led` leaves those out.
    mine = [row for row in led if access[row.plan.pk].can_update(row.action.action)]
    # What an open round asks of each action: "My actions" reads it (selectors/rounds.py).
    in_rounds = [
        RoundAction(row, ask.update_round, ask.updated, ask.state)
        for row in mine
        if (ask := row.round_ask) is not None
    ]
    in_rounds.sort(key=lambda item: (item.updated, item.update_round.deadline))
    overdue = [row for row in mine if row.overdue and row.round_ask is None]
    return in_rounds, overdue


def _managed(user: User, today: dt.date) -> list[ManagedPlan]:
    """The live plans the person manages by their role on each, by title."""
    plans = list(
        Plan.objects.filter(
            roles__user=user, roles__role=Role.MANAGER, archived_at__isnull=True
        ).order_by("title", "pk")
    )
    ids = [plan.pk for plan in plans]
    figures = plan_figures(ids, today=today)
    boards = last_board_dates(ids)
    rounds = {
        r.plan_id: r for r in UpdateRound.objects.filter(plan_id__in=ids, closed_at__isnull=True)
    }
    round_ids = [r.pk for r in rounds.values()]
    links = UpdateRound.actions.through.objects.filter(updateround_id__in=round_ids)
    asked = {
        row["updateround_id"]: row["n"]
        for row in links.values("updateround_id").annotate(n=Count("action_id"))
    }
    answers = ActionUpdate.objects.filter(round_id__in=round_ids).values("round_id")
    updated = {
        row["round_id"]: row["n"] for row in answers.annotate(n=Count("action_id", distinct=True))
    }
    changes = change_summaries(plans, boards, today)
    found = []
    for plan in plans:
        managed = ManagedPlan(plan, figures[plan.pk], boards.get(plan.pk))
        managed.changes = changes.get(plan.pk, ())
        update_round = rounds.get(plan.pk)
        if update_round is not None:
            update_round.plan = plan
            managed.update_round = update_round
            managed.asked = asked.get(update_round.pk, 0)
            managed.updated = updated.get(update_round.pk, 0)
            managed.state = state_of(update_round, plan, today)
        found.append(managed)
    return found


def change_summaries(
    plans: list[Plan], boards: dict[int, dt.date], today: dt.date
) -> dict[int, tuple[tuple[ChangeKind, int], ...]]:
    """Each plan's changes since its last board (if that is not after today), counted by
    kind; kept per plan with its fingerprint and the board it counts from."""
    since = {plan.pk: boards[plan.pk] for plan in plans if boards.get(plan.pk, today) < today}
    by_id = {plan.pk: plan for plan in plans}

    def build(missing: Sequence[int]) -> dict[int, tuple[tuple[ChangeKind, int], ...]]:
        found = {}
        for pk in missing:
            counted = Counter(c.kind for c in plan_changes(by_id[pk], since=since[pk], until=today))
            found[pk] = tuple((kind, counted[kind]) for kind in ChangeKind if counted[kind])
        return found

    return kept_per_plan("plan-changes", list(since), [today], build, per_plan=since)
