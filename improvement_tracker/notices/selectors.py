"""Whom a round's notices are due to, and what each lists (reads only; issue 20).

A lead's people (`Lead.people`) hear about the round's actions they act for, if they may
see the plan (`plans/permissions.py`: its organisation's people, those with a role on it,
superusers); its plan managers hear what is still missing after the deadline. Read by
ids in chunks, so a round of 10,000 leads never holds them all at once.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.text import Truncator

from improvement_tracker.accounts.models import Role
from improvement_tracker.notices.models import SentNotice
from improvement_tracker.notices.schedule import DayKind, NoticeKind
from improvement_tracker.plans.models import Action, ActionUpdate, Lead, UpdateRound
from improvement_tracker.plans.rag import Status, status_of
from improvement_tracker.plans.selectors.attachments import latest_updates

SHORT_TEXT = 120  # characters of an action's text an email shows
NO_LEAD = "No lead named"  # an escalation's last group: missing actions that name no lead


@dataclass(frozen=True)
class ActionLine:
    """One action as an email lists it."""

    reference: str  # "Help and Protection, action 1.2"
    text: str  # shortened
    status: str  # the plan's own word for its current status
    url: str  # its update page, absolute
    order: tuple[int, str]


def live_actions(update_round: UpdateRound) -> QuerySet[Action]:
    return update_round.actions.filter(archived_at__isnull=True, domain__archived_at__isnull=True)


def missing_actions(update_round: UpdateRound) -> QuerySet[Action]:
    """The round's live actions with no update recorded in it yet."""
    updated = ActionUpdate.objects.filter(round=update_round, action=OuterRef("pk"))
    return live_actions(update_round).exclude(Exists(updated))


def _may_see(update_round: UpdateRound) -> Q:
    plan = update_round.plan
    return Q(is_active=True) & (
        Q(is_superuser=True)
        | Q(membership__organisation_id=plan.organisation_id)
        | Q(pk__in=plan.roles.values("user_id"))
    )


def recipients(update_round: UpdateRound, day_kind: DayKind) -> QuerySet[User]:
    """Everyone a notice of `day_kind` is due to, whatever their preferences."""
    if day_kind is DayKind.AFTER_DEADLINE:
        if not missing_actions(update_round).exists():
            return User.objects.none()
        managers = update_round.plan.roles.filter(role=Role.MANAGER).values("user_id")
        return User.objects.filter(_may_see(update_round), pk__in=managers)
    actions = (
        live_actions(update_round) if day_kind is DayKind.OPENED else missing_actions(update_round)
    )
    leads = Lead.objects.filter(actions__in=actions.values("pk")).values("pk")
    acting = Lead.people.through.objects.filter(lead_id__in=leads).values("user_id")
    return User.objects.filter(_may_see(update_round), pk__in=acting)


def not_yet_noticed(
    people: QuerySet[User], update_round: UpdateRound, day_kind: DayKind
) -> QuerySet[User]:
    """Those of `people` with no notice of `day_kind` made for them in this round yet."""
    made = SentNotice.objects.filter(
        round=update_round, day_kind=day_kind.value, person=OuterRef("pk")
    )
    return people.exclude(Exists(made))


def turned_off(kind: NoticeKind) -> Q:
    """People who chose not to get notices of `kind` (no preference row: they get all)."""
    return Q(**{f"notice_preference__{kind.value}": False})


def chunks(ids: QuerySet[User], size: int) -> Iterator[list[int]]:
    """The people's ids, `size` at a time, without holding them all."""
    batch: list[int] = []
    for pk in ids.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=size):
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def action_lines(
    update_round: UpdateRound, people: Collection[int], *, missing_only: bool, today: dt.date
) -> dict[int, list[ActionLine]]:
    """Each of `people`'s actions in the round (only those still to update if
    `missing_only`), by person, in the plan's order."""
    actions = missing_actions(update_round) if missing_only else live_actions(update_round)
    acting = Lead.people.through.objects.filter(user_id__in=people).values_list(
        "lead_id", "user_id"
    )
    people_of: dict[int, set[int]] = defaultdict(set)
    for lead_id, user_id in acting:
        people_of[lead_id].add(user_id)
    if not people_of:
        return {}
    led = Action.leads.through.objects.filter(
        lead_id__in=list(people_of), action_id__in=actions.values("pk")
    ).values_list("action_id", "lead_id")
    actions_of: dict[int, set[int]] = defaultdict(set)
    for action_id, lead_id in led:
        actions_of[action_id] |= people_of[lead_id]
    lines = _lines(update_round, actions_of, today)
    found: dict[int, list[ActionLine]] = defaultdict(list)
    for action_id, persons in actions_of.items():
        for person in persons:
            found[person].append(lines[action_id])
    return {person: sorted(rows, key=lambda line: line.order) for person, rows in found.items()}


def missing_by_lead(
    update_round: UpdateRound, today: dt.date
) -> list[tuple[str, list[ActionLine]]]:
    """Every action still missing, under each of its leads (by name), for the escalation."""
    missing = list(missing_actions(update_round).values_list("pk", flat=True))
    leads_of: dict[int, list[str]] = defaultdict(list)
    for action_id, name in Action.leads.through.objects.filter(action_id__in=missing).values_list(
        "action_id", "lead__name"
    ):
        leads_of[action_id].append(name)
    lines = _lines(update_round, missing, today)
    grouped: dict[str, list[ActionLine]] = defaultdict(list)
    for action_id in missing:
        for name in leads_of.get(action_id) or [NO_LEAD]:
            grouped[name].append(lines[action_id])
    return [
        (name, sorted(grouped[name], key=lambda line: line.order))
        for name in sorted(grouped, key=lambda name: (name == NO_LEAD, name.casefold()))
    ]


def _lines(
    update_round: UpdateRound, action_ids: Collection[int], today: dt.date
) -> dict[int, ActionLine]:
    plan = update_round.plan
    key = plan.status_key
    latest = latest_updates(list(action_ids), today)
    rows = Action.objects.filter(pk__in=list(action_ids)).values_list(
        "pk", "domain__label", "domain__position", "number", "number_order", "text"
    )
    lines = {}
    for pk, label, position, number, number_order, text in rows:
        update = latest.get(pk)
        status = status_of(update.status) if update is not None else Status.NOT_RATED
        path = reverse("plans:action_update", args=[plan.slug, position, number])
        lines[pk] = ActionLine(
            reference=f"{label}, action {number}",
            text=Truncator(" ".join(text.split())).chars(SHORT_TEXT),
            status=key.label(status),
            url=settings.SITE_URL + path,
            order=(position, number_order),
        )
    return lines
