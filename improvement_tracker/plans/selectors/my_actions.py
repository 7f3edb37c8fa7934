"""A lead contributor's own actions, across the plans they may see."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from improvement_tracker.plans.key_checks import (
    add_months,
    review_overdue_since,
)
from improvement_tracker.plans.models import (
    Action,
    Domain,
    Plan,
)
from improvement_tracker.plans.permissions import visible_plans
from improvement_tracker.plans.rag import status_of
from improvement_tracker.plans.selectors.tracker import TrackedAction, _track
from improvement_tracker.plans.timescales import Kind


@dataclass
class MyAction:
    plan: Plan
    domain: Domain
    action: TrackedAction
    due: dt.date | None  # the agreed date, or when the next review falls due
    overdue: bool


def my_actions(*, user: User) -> list[MyAction]:
    """Actions whose lead this person is linked to, in plans they may see: most urgent first.

    Overdue first (longest overdue at the top), then due soonest; completed last.
    """
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(
            leads__people=user,
            archived_at__isnull=True,
            domain__archived_at__isnull=True,
            domain__plan__archived_at__isnull=True,
            domain__plan__in=visible_plans(user),
        )
        .distinct()
        .select_related("domain__plan")
    )
    tracked = _track(actions, today)
    rows = []
    for action in actions:
        item = tracked[action.pk]
        due = item.reading.due or _next_review(item, today)
        done = status_of(item.status).is_complete
        overdue = not done and due is not None and due < today
        rows.append(MyAction(action.domain.plan, action.domain, item, due, overdue))
    rows.sort(
        key=lambda r: (
            status_of(r.action.status).is_complete,
            not r.overdue,
            r.due is None,
            r.due or today,
            r.plan.title,
            r.domain.position,
            r.action.number_order,
        )
    )
    return rows


def _next_review(item: TrackedAction, today: dt.date) -> dt.date | None:
    """When a recurring action's next update falls due (already past if overdue)."""
    reading = item.reading
    if reading.kind is not Kind.RECURRING or reading.date is None or reading.cadence is None:
        return None
    overdue = review_overdue_since(reading, item.update_dates, today)
    if overdue is not None:
        return overdue
    cycle = 1
    while add_months(reading.date, cycle * reading.cadence.months) <= today:
        cycle += 1
    return add_months(reading.date, cycle * reading.cadence.months)
