"""The generated plans' last months as monthly update rounds, bulk inserted (generate_demo_data
--history-months; issue 20, ADR 0060).

Month i's update of an action is made on the month's last day. Its round opens on the
month's first day, its deadline is that last day and its board meets a week later; the
round asks about every action not complete before it, and each such action's update of
that month answers it. Every round but the last is closed the day after its deadline, and
each closed round's board has a pack issued that day. Those packs are rows only (board
date, since, issued at), with no snapshot or files: readers that need boards' dates have
them, but they cannot be downloaded.
"""

import datetime as dt
from collections.abc import Iterator, Sequence

from django.db import models
from django.utils import timezone

from improvement_tracker.plans.models import Action, BoardPack, Plan, UpdateRound
from improvement_tracker.plans.rag import Status

DONE = {Status.COMPLETE, Status.COMPLETE_ASSURED}
BOARD_AFTER_DEADLINE = dt.timedelta(days=7)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class Rounds:
    """The rounds of the last `history_months` of `months` (each month's last day)."""

    def __init__(self, months: Sequence[dt.date], history_months: int) -> None:
        self.months = months
        self.first = len(months) - history_months
        self.by_key: dict[tuple[int, int], UpdateRound] = {}

    def __bool__(self) -> bool:
        return self.first < len(self.months)

    def unsaved(self, plans: Sequence[Plan]) -> list[UpdateRound]:
        last = len(self.months) - 1
        return [
            UpdateRound(
                plan=plan,
                board_date=deadline + BOARD_AFTER_DEADLINE,
                deadline=deadline,
                opened_at=_at(deadline.replace(day=1), 9),
                closed_at=None if index == last else _at(deadline + dt.timedelta(days=1), 10),
            )
            for plan in plans
            for index, deadline in enumerate(self.months)
            if index >= self.first
        ]

    def keep(self, saved: Sequence[UpdateRound]) -> None:
        """Remember the saved rounds by plan and month, in the order `unsaved` made them."""
        per_plan = len(self.months) - self.first
        self.by_key = {}  # one organisation's at a time: memory stays flat
        for position, update_round in enumerate(saved):
            self.by_key[(update_round.plan_id, self.first + position % per_plan)] = update_round

    def answered(self, action: Action, index: int, before: Status) -> UpdateRound | None:
        """The round month `index`'s update of `action` answers: none before the rounds
        began, nor once the action was complete."""
        if index < self.first or before in DONE:
            return None
        return self.by_key[(action.domain.plan_id, index)]

    def members(self, made: Sequence[tuple[Action, Sequence[Status]]]) -> Iterator[models.Model]:
        """The rounds' actions (the through table's rows): each action, with its monthly
        statuses, is asked about in every round until it is complete."""
        through = UpdateRound.actions.through
        for action, statuses in made:
            for index, before in enumerate([Status.NOT_RATED, *statuses[:-1]]):
                update_round = self.answered(action, index, before)
                if update_round is not None:
                    yield through(updateround_id=update_round.pk, action_id=action.pk)

    def packs(self) -> Iterator[BoardPack]:
        """A pack for each closed round's board, issued the day it closed."""
        since: dict[int, dt.date] = {}
        for (plan_id, _), update_round in sorted(self.by_key.items()):
            if update_round.closed_at is None:
                continue
            yield BoardPack(
                plan_id=plan_id,
                board_date=update_round.board_date,
                since=since.get(plan_id),
                issued_at=update_round.closed_at + dt.timedelta(hours=1),
            )
            since[plan_id] = update_round.board_date
