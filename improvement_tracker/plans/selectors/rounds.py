"""Update rounds as read (issue 20): a plan's open round and past ones, how far a round has
got (per action and per lead, updated in it or not) and what open rounds ask of actions.

An action is updated in a round when it has an `ActionUpdate` whose `round` is that round
(`action_record_update` sets it while the round is open). Every read here is a fixed
number of queries, however many actions a round holds.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from improvement_tracker.plans.models import Action, ActionUpdate, Domain, Lead, Plan, UpdateRound
from improvement_tracker.plans.rounds import RoundState, round_state

NO_LEAD = "No lead in the register"


@dataclass(frozen=True)
class ActionProgress:
    """One action of a round: its leads, and whether it was updated in the round."""

    action: Action  # with its domain
    leads: tuple[Lead, ...]
    updated: bool


class Counted:
    """Some of a round's actions, counted: how many were updated in it, of how many."""

    actions: tuple[ActionProgress, ...]

    @property
    def updated(self) -> int:
        return sum(1 for item in self.actions if item.updated)

    @property
    def total(self) -> int:
        return len(self.actions)


@dataclass(frozen=True)
class LeadProgress(Counted):
    """One lead's part of a round: the round's actions they lead (an action with several
    leads is in each one's part). `lead` is None for actions with no lead in the register."""

    lead: Lead | None
    actions: tuple[ActionProgress, ...]

    @property
    def name(self) -> str:
        return self.lead.name if self.lead is not None else NO_LEAD


@dataclass(frozen=True)
class RoundProgress(Counted):
    update_round: UpdateRound
    state: RoundState  # on today's date
    actions: tuple[ActionProgress, ...]  # in the plan's order: domain, then reference
    leads: tuple[LeadProgress, ...]  # by name, the actions without a lead last

    @property
    def missing(self) -> tuple[ActionProgress, ...]:
        return tuple(item for item in self.actions if not item.updated)


def open_round(plan: Plan) -> UpdateRound | None:
    """The plan's open update round, if it has one (it has at most one)."""
    return UpdateRound.objects.filter(plan=plan, closed_at__isnull=True).first()


def plan_round(*, plan: Plan, round_id: int) -> UpdateRound | None:
    """The plan's round with this id: another plan's round is not found."""
    return UpdateRound.objects.filter(plan=plan, pk=round_id).select_related("plan").first()


def state_of(update_round: UpdateRound, plan: Plan, today: dt.date | None = None) -> RoundState:
    """The round's state on `today` (default: today), by the plan's reminder setting."""
    return round_state(
        deadline=update_round.deadline,
        reminder_days_before=plan.reminder_days_before,
        today=today or timezone.localdate(),
        closed=not update_round.is_open,
    )


def round_progress(update_round: UpdateRound) -> RoundProgress:
    """How far the round has got: each of its actions and each lead's part, updated in it or
    not. Five queries, whatever the round's size."""
    plan = Plan.objects.get(pk=update_round.plan_id)
    actions = list(
        update_round.actions.select_related("domain").order_by(
            "domain__position", "number_order", "pk"
        )
    )
    # Each action's leads as pairs of ids, and each lead once: a round's actions share a
    # few leads, which a prefetch would build again for every action.
    pairs = Action.leads.through.objects.filter(action__rounds=update_round).values_list(
        "action_id", "lead_id"
    )
    led: dict[int, list[int]] = {}
    for action_id, lead_id in pairs:
        led.setdefault(action_id, []).append(lead_id)
    leads = Lead.objects.in_bulk({lead_id for ids in led.values() for lead_id in ids})
    updated = set(
        ActionUpdate.objects.filter(round=update_round).values_list("action_id", flat=True)
    )
    items = tuple(
        ActionProgress(
            action=action,
            leads=tuple(
                sorted(
                    (leads[pk] for pk in led.get(action.pk, [])),
                    key=lambda lead: lead.name.casefold(),
                )
            ),
            updated=action.pk in updated,
        )
        for action in actions
    )
    return RoundProgress(
        update_round=update_round,
        state=state_of(update_round, plan),
        actions=items,
        leads=_by_lead(items),
    )


def _by_lead(items: Iterable[ActionProgress]) -> tuple[LeadProgress, ...]:
    parts: dict[int | None, list[ActionProgress]] = {}
    leads: dict[int | None, Lead | None] = {None: None}
    for item in items:
        for lead in item.leads or (None,):
            key = lead.pk if lead is not None else None
            leads[key] = lead
            parts.setdefault(key, []).append(item)
    found = [LeadProgress(lead=leads[key], actions=tuple(part)) for key, part in parts.items()]
    return tuple(
        sorted(found, key=lambda part: (part.lead is None, part.name.casefold(), part.name))
    )


@dataclass(frozen=True)
class RoundSummary:
    """A round as the plan's list of rounds shows it."""

    update_round: UpdateRound
    state: RoundState
    updated: int
    total: int


def plan_rounds(*, plan: Plan) -> list[RoundSummary]:
    """The plan's rounds, newest board first, each with its counts: two queries."""
    # Each count on its own: joining a round's actions and its updates in one query would
    # multiply them (a 1,000-action round half updated is 500,000 rows).
    rounds = (
        UpdateRound.objects.filter(plan=plan)
        .annotate(total=Count("actions"))
        .order_by("-board_date", "-pk")
    )
    answered = dict(
        ActionUpdate.objects.filter(round__plan=plan)
        .values("round_id")
        .annotate(n=Count("action_id", distinct=True))
        .values_list("round_id", "n")
    )
    today = timezone.localdate()
    return [
        RoundSummary(
            update_round=update_round,
            state=state_of(update_round, plan, today),
            updated=answered.get(update_round.pk, 0),
            total=update_round.total,
        )
        for update_round in rounds
    ]


@dataclass(frozen=True)
class RoundAsk:
    """What an open round asks of one action: an update by its deadline, for its board."""

    update_round: UpdateRound
    state: RoundState
    updated: bool


def open_round_asks(action_ids: Iterable[int]) -> dict[int, RoundAsk]:
    """For each of these actions in an open round, what that round asks: three queries."""
    ids = list(action_ids)
    pairs = dict(
        UpdateRound.actions.through.objects.filter(
            action_id__in=ids, updateround__closed_at__isnull=True
        ).values_list("action_id", "updateround_id")
    )
    if not pairs:
        return {}
    rounds = UpdateRound.objects.filter(pk__in=set(pairs.values())).select_related("plan")
    in_rounds = {}
    by_pk = {update_round.pk: update_round for update_round in rounds}
    for action_id, round_id in pairs.items():
        in_rounds[action_id] = by_pk[round_id]
    updated = set(
        ActionUpdate.objects.filter(action_id__in=ids, round_id__in=by_pk).values_list(
            "action_id", "round_id"
        )
    )
    today = timezone.localdate()
    return {
        action_id: RoundAsk(
            update_round=update_round,
            state=state_of(update_round, update_round.plan, today),
            updated=(action_id, update_round.pk) in updated,
        )
        for action_id, update_round in in_rounds.items()
    }


def round_choices(*, plan: Plan) -> list[tuple[Domain, list[Action]]]:
    """What a new round may ask about: the plan's live actions by live domain, in order."""
    live = (
        Action.objects.filter(
            domain__plan=plan, domain__archived_at__isnull=True, archived_at__isnull=True
        )
        .select_related("domain")
        .order_by("domain__position", "number_order", "pk")
    )
    grouped: dict[int, tuple[Domain, list[Action]]] = {}
    for action in live:
        grouped.setdefault(action.domain_id, (action.domain, []))[1].append(action)
    return list(grouped.values())
