"""A lead contributor's own actions, and the actions whose activities they lead, across the
plans they may see."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone

from improvement_tracker.plans.key_checks import due_on, is_overdue
from improvement_tracker.plans.leads import lead_key, split_leads
from improvement_tracker.plans.models import (
    Action,
    Activity,
    Domain,
    Lead,
    Plan,
)
from improvement_tracker.plans.permissions import visible_plans
from improvement_tracker.plans.rag import status_of
from improvement_tracker.plans.selectors.rounds import RoundAsk, open_round_asks
from improvement_tracker.plans.selectors.tracker import TrackedAction, _track


@dataclass
class MyAction:
    plan: Plan
    domain: Domain
    action: TrackedAction
    due: dt.date | None  # the agreed date, or when the next review falls due
    overdue: bool
    # Whether the person leads the action itself, not only some of its activities.
    leads_action: bool = True
    # The action's live activities the person leads, in their order (ADR 0048).
    activities: list[Activity] = field(default_factory=list)
    # What an open update round asks of the action: an update by its deadline (issue 20).
    round_ask: RoundAsk | None = None

    @property
    def awaited(self) -> bool:
        """Asked for by an open round, and not yet updated in it."""
        return self.round_ask is not None and not self.round_ask.updated


def my_actions(*, user: User) -> list[MyAction]:
    """Actions whose lead this person is linked to, and actions with live activities they
    lead, in plans they may see: most urgent first.

    Actions an open update round still awaits an update on come first, the earliest
    deadline at the top; then overdue (longest overdue at the top), then due soonest;
    completed last.
    """
    today = timezone.localdate()
    live = Action.objects.filter(
        archived_at__isnull=True,
        domain__archived_at__isnull=True,
        domain__plan__archived_at__isnull=True,
        domain__plan__in=visible_plans(user),
    )
    led = set(live.filter(leads__people=user).values_list("pk", flat=True))
    activities = _led_activities(user, live)
    actions = list(
        live.filter(pk__in=led | set(activities)).distinct().select_related("domain__plan")
    )
    tracked = _track(actions, today)
    asks = open_round_asks(action.pk for action in actions)
    rows = []
    for action in actions:
        item = tracked[action.pk]
        due = due_on(item.reading, item.update_dates, today)
        overdue = is_overdue(
            timescale=item.reading,
            status=status_of(item.status),
            update_dates=item.update_dates,
            as_of=today,
        )
        mine = activities.get(action.pk, [])
        rows.append(
            MyAction(
                action.domain.plan,
                action.domain,
                item,
                due,
                overdue,
                action.pk in led,
                mine,
                asks.get(action.pk),
            )
        )
    rows.sort(
        key=lambda r: (
            not r.awaited,
            r.round_ask.update_round.deadline if r.awaited and r.round_ask else today,
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


def _led_activities(user: User, actions: QuerySet[Action]) -> dict[int, list[Activity]]:
    """The live activities of `actions` whose lead text names one of the person's leads, by
    their action's id: split and compared as an action's lead text is when its leads are
    indexed (plans/leads.py), within the lead's own organisation. A spelling merged into
    one of the person's leads names it too (ADR 0022)."""
    keys: dict[int, set[str]] = {}
    mine = Lead.objects.filter(Q(people=user) | Q(merged_into__people=user))
    for organisation_id, key in mine.values_list("organisation_id", "key"):
        keys.setdefault(organisation_id, set()).add(key)
    if not keys:
        return {}
    candidates = (
        Activity.objects.filter(
            action__in=actions,
            action__domain__plan__organisation_id__in=keys,
            archived_at__isnull=True,
        )
        .exclude(lead_text="")
        .values_list("pk", "lead_text", "action__domain__plan__organisation_id")
    )
    ids = [
        pk
        for pk, lead_text, organisation_id in candidates
        if any(lead_key(name) in keys[organisation_id] for name in split_leads(lead_text))
    ]
    found: dict[int, list[Activity]] = {}
    for activity in Activity.objects.filter(pk__in=ids).order_by("action_id", "position"):
        found.setdefault(activity.action_id, []).append(activity)
    return found
