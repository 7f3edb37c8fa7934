"""Update rounds as read (issue 20): a plan's open round and past ones, how far a round has
got (per action and per lead, updated in it or not) and what open rounds ask of actions.

An action is updated in a round when it has an `ActionUpdate` whose `round` is that round
(`action_record_update` sets it while the round is open). Every read here is a fixed
number of queries, however many actions a round holds.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
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


@dataclass(frozen=True)
class LeadProgress:
    """One lead's part of a round: the round's actions they lead (an action with several
    leads is in each one's part). `lead` is None for actions with no lead in the register."""

    lead: Lead | None
    actions: tuple[ActionProgress, ...]

    @property
    def name(self) -> str:
        return self.lead.name if self.lead is not None else NO_LEAD

    @property
    def updated(self) -> int:
        return sum(1 for item in self.actions if item.updated)

    @property
    def total(self) -> int:
        return len(self.actions)


@dataclass(frozen=True)
class RoundProgress:
    update_round: UpdateRound
    state: RoundState  # on today's date
    actions: tuple[ActionProgress, ...]  # in the plan's order: domain, then reference
    leads: tuple[LeadProgress, ...]  # by name, the actions without a lead last

    @property
    def updated(self) -> int:
        return sum(1 for item in self.actions if item.updated)

    @property
    def total(self) -> int:
        return len(self.actions)

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
    not. Four queries, whatever the round's size."""
    plan = Plan.objects.get(pk=update_round.plan_id)
    actions = list(
        update_round.actions.select_related("domain")
        .prefetch_related("leads")
        .order_by("domain__position", "number_order", "pk")
    )
    updated = set(
        ActionUpdate.objects.filter(round=update_round).values_list("action_id", flat=True)
    )
    items = tuple(
        ActionProgress(
            action=action,
            leads=tuple(sorted(action.leads.all(), key=lambda lead: lead.name.casefold())),
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
    """The plan's rounds, newest board first, each with its counts: one query."""
    rounds = (
        UpdateRound.objects.filter(plan=plan)
        .annotate(
            total=Count("actions", distinct=True),
            updated=Count("updates__action", distinct=True, filter=Q(updates__round__isnull=False)),
        )
        .order_by("-board_date", "-pk")
    )
    today = timezone.localdate()
    return [
        RoundSummary(
            update_round=update_round,
            state=state_of(update_round, plan, today),
            updated=update_round.updated,
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
    """For each of these actions in an open round, what that round asks: two queries."""
    ids = list(action_ids)
    through = UpdateRound.actions.through.objects.filter(
        action_id__in=ids, updateround__closed_at__isnull=True
    ).select_related("updateround__plan")
    in_rounds = {row.action_id: row.updateround for row in through}
    if not in_rounds:
        return {}
    updated = set(
        ActionUpdate.objects.filter(
            action_id__in=in_rounds,
            round_id__in={update_round.pk for update_round in in_rounds.values()},
        ).values_list("action_id", "round_id")
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
