"""A plan's trends: Table 1, overdue and flagged actions at each board date or month end
(issue 20). Five queries whatever the number of dates: the domains, the live actions, the
key, each action's latest update at the first date (as the tracker reads it) and the
updates after it up to the last; the counting is plans/trends.py's."""

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from improvement_tracker.hotpath import tracker as hot_tracker
from improvement_tracker.plans.models import Action, ActionUpdate, BoardPack, Plan
from improvement_tracker.plans.selectors.attachments import domains_and_shape, latest_updates
from improvement_tracker.plans.selectors.status_keys import key_of
from improvement_tracker.plans.timescales import parse_timescale
from improvement_tracker.plans.trends import Basis, TrendAction, Trends, count_trends, month_ends


def board_dates(plan: Plan) -> list[dt.date]:
    """The board dates of the plan's live issued packs, earliest first."""
    found = BoardPack.objects.filter(plan=plan, archived_at__isnull=True)
    return sorted(set(found.values_list("board_date", flat=True)))


def plan_trends(
    plan: Plan, *, dates: Sequence[dt.date] | None = None, basis: Basis | None = None
) -> Trends:
    """The plan's Table 1 (per domain and in total), overdue and flagged actions at each date,
    as `plan_tracker(plan=plan, as_of=date)` counts them.

    Without `dates`: each live issued pack's board date, else each month end of the last
    year and today; `basis` asks for one of those two whatever the plan has.
    """
    if dates is not None:
        chosen, basis = list(dates), Basis.CHOSEN
    else:
        boards = board_dates(plan) if basis is not Basis.MONTH_ENDS else []
        if boards:
            chosen, basis = boards, Basis.BOARD_DATES
        else:
            chosen, basis = month_ends(timezone.localdate()), Basis.MONTH_ENDS
    domains, _ = domains_and_shape(plan=plan)
    label_of = {domain.pk: domain.label for domain in domains}
    # The tracker's own reading of the live actions, in its order.
    ids = Action.objects.filter(archived_at__isnull=True, domain__in=domains)
    rows = hot_tracker.live_actions(domains=domains, actions=ids)
    shown = [row for domain in domains for row in rows[domain.pk]]
    updates: dict[int, list[tuple[dt.date, str]]] = {row.id: [] for row in shown}
    if chosen and shown:
        first, last = min(chosen), max(chosen)
        # Before the first date only each action's latest update counts.
        for action_id, latest in latest_updates(ids, first).items():
            updates[action_id].append((latest.made_on, latest.status))
        found = (
            ActionUpdate.objects.filter(action__in=ids, made_on__gt=first, made_on__lte=last)
            .order_by("action_id", "made_on", "id")
            .values_list("action_id", "made_on", "status")
        )
        for action_id, made_on, status in found:
            updates[action_id].append((made_on, status))
    actions = [
        TrendAction(
            domain_label=label_of[row.domain_id],
            high_priority=row.high_priority,
            timescale=parse_timescale(row.timescale_text),
            updates=tuple(updates[row.id]),
        )
        for row in shown
    ]
    key = key_of(plan.rag_key.order_by("position", "id"))
    labels = [domain.label for domain in domains]
    return Trends(
        plan_title=plan.title,
        key=key,
        domains=tuple(dict.fromkeys(labels)),
        points=count_trends(actions, domain_labels=labels, dates=chosen, key=key),
        basis=basis,
    )
