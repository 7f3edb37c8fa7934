"""What changed in a plan between two dates (issue 20): every action read as at `since` and
as at `until`, then compared (plans/changes.py: action_changes).

Statuses come from the updates made on or before each date (ADR 0005). An action's number,
domain, words, timescale and archiving as at a date come from the audit trail, read back by
plans/shape_history.py (ADR 0056). Six queries whatever the number of actions: the key,
the domains, the actions, the latest updates as at each date, and the trail since `since`.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.changes import ActionAsAt, Change, ChangeKind, action_changes
from improvement_tracker.plans.key_checks import add_months
from improvement_tracker.plans.models import Action, BoardPack, Domain, Plan, RagKeyEntry
from improvement_tracker.plans.numbering import natural_key
from improvement_tracker.plans.rag import Status, StatusKey, status_of
from improvement_tracker.plans.selectors.attachments import LatestUpdate, latest_updates
from improvement_tracker.plans.selectors.status_keys import key_of
from improvement_tracker.plans.shape_history import (
    Edit,
    label_owner,
    moment_of,
    renumbering_edits,
    shape_at,
)

_ACTION, _DOMAIN = Action._meta.label_lower, Domain._meta.label_lower
# The verbs that change an action's or a domain's shape; updates have their own table.
_SHAPE_VERBS = [Verb.CHANGE, Verb.ARCHIVE, Verb.RESTORE]
_KIND_ORDER = {kind: position for position, kind in enumerate(ChangeKind)}


def last_board_date(plan: Plan) -> dt.date | None:
    """The board date of the plan's latest live (not archived) issued board pack."""
    packs = BoardPack.objects.filter(plan=plan, archived_at__isnull=True)
    found: dt.date | None = (
        packs.order_by("-board_date").values_list("board_date", flat=True).first()
    )
    return found


def default_since(plan: Plan, *, until: dt.date) -> dt.date:
    """Where "what changed" starts unless asked: the last board (if not after `until`), else
    a month before `until`."""
    board = last_board_date(plan)
    if board is not None and board <= until:
        return board
    return add_months(until, -1)


@dataclass(frozen=True)
class ActionChange:
    """A change with the action it is about, for pages that link and filter it."""

    action_id: int
    change: Change


@dataclass
class ChangeReading:
    """What changed, each with its action, and each action as at `until` (for filters)."""

    plan: Plan
    since: dt.date
    until: dt.date
    key_entries: list[RagKeyEntry]
    items: list[ActionChange]
    at_until: dict[int, ActionAsAt]
    latest_until: dict[int, LatestUpdate]
    actions: QuerySet[Action]
    # Where each action is now (its domain's id and its number), which its page's address
    # names; and the plan's domains now (label, position, archived_at) by id.
    now: dict[int, tuple[int, str]]
    domains: dict[int, tuple[str, int, dt.datetime | None]]

    @property
    def key(self) -> StatusKey:
        return key_of(self.key_entries)

    @property
    def changes(self) -> list[Change]:
        return [item.change for item in self.items]


def plan_changes(plan: Plan, *, since: dt.date, until: dt.date) -> list[Change]:
    """Every change in the plan between the end of `since` and the end of `until`."""
    return read_changes(plan, since=since, until=until).changes


def read_changes(plan: Plan, *, since: dt.date, until: dt.date) -> ChangeReading:
    """`plan_changes` with each change's action, in the domains' and numbers' order."""
    if since > until:
        raise ValueError(f"since ({since}) is after until ({until})")
    entries = list(plan.rag_key.order_by("position", "id"))
    key = key_of(entries)
    domains = {
        row[0]: row[1:]
        for row in Domain.objects.filter(plan=plan).values_list(
            "id", "label", "position", "archived_at"
        )
    }
    actions = Action.objects.filter(domain__plan=plan)
    rows = list(
        actions.order_by().values_list(
            "id", "domain_id", "number", "text", "timescale_text", "archived_at", "created_at"
        )
    )
    start, end = _end_of(since), _end_of(until)
    action_edits, domain_edits = _edits(plan, start)
    latest = {since: latest_updates(actions, since), until: latest_updates(actions, until)}
    labels_now = {pk: label for pk, (label, _, _) in domains.items()}

    def as_at(row: tuple[object, ...], day: dt.date, moment: dt.datetime) -> ActionAsAt | None:
        pk, domain_id, number, text, timescale_text, archived_at, created_at = row
        assert isinstance(pk, int) and isinstance(domain_id, int)  # noqa: S101 - the columns
        assert isinstance(created_at, dt.datetime)  # noqa: S101
        edits = action_edits.get(pk, [])
        update = latest[day].get(pk)
        if created_at >= moment and update is None:
            return None  # not in the plan yet: neither made nor updated by then
        now = {"domain": None, "number": number, "text": text}
        shape, read_at = shape_at(
            {**now, "timescale_text": timescale_text, "archived_at": archived_at}, edits, moment
        )
        if "domain" in read_at:
            owner = label_owner(shape["domain"], read_at["domain"], labels_now, domain_edits)
            domain_id = owner or domain_id
        label, position, domain_archived = domains[domain_id]
        domain, _ = shape_at(
            {"label": label, "archived_at": domain_archived}, domain_edits[domain_id], moment
        )
        archived = moment_of(shape["archived_at"])
        return ActionAsAt(
            domain=str(domain["label"]),
            reference=str(shape["number"]),
            text=str(shape["text"]),
            timescale_text=str(shape["timescale_text"]),
            status=status_of(update.status) if update else Status.NOT_RATED,
            last_update=update.made_on if update else None,
            live=archived is None and moment_of(domain["archived_at"]) is None,
            archived_on=timezone.localdate(archived) if archived else None,
            domain_position=position,
            domain_id=domain_id,
        )

    found: list[tuple[tuple[int, str, int], ActionChange]] = []
    at_until: dict[int, ActionAsAt] = {}
    for row in rows:
        pk = row[0]
        assert isinstance(pk, int)  # noqa: S101
        before, after = as_at(row, since, start), as_at(row, until, end)
        if after is not None:
            at_until[pk] = after
        for change in action_changes(before, after, since=since, until=until, key=key):
            assert after is not None  # noqa: S101 - no change to what is not yet there
            order = (after.domain_position, natural_key(after.reference), _KIND_ORDER[change.kind])
            found.append((order, ActionChange(pk, change)))
    found.sort(key=lambda pair: pair[0])
    return ChangeReading(
        plan=plan,
        since=since,
        until=until,
        key_entries=entries,
        items=[item for _, item in found],
        at_until=at_until,
        latest_until=latest[until],
        actions=actions,
        now={row[0]: (row[1], row[2]) for row in rows},
        domains=domains,
    )


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day`, where the plan as at that day ends."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _edits(plan: Plan, start: dt.datetime) -> tuple[dict[int, list[Edit]], dict[int, list[Edit]]]:
    """The audited edits of the plan's actions and domains from `start` on, by id, in time
    order; a domain's renumbering as an edit of each action it renumbered."""
    events = (
        AuditEvent.objects.filter(
            plan=plan, at__gte=start, object_type__in=[_ACTION, _DOMAIN], verb__in=_SHAPE_VERBS
        )
        .order_by("at", "id")
        .values_list("at", "object_type", "object_id", "before", "after")
    )
    actions: dict[int, list[Edit]] = defaultdict(list)
    domains: dict[int, list[Edit]] = defaultdict(list)
    for at, object_type, object_id, before, after in events:
        if not object_id.isdigit() or not isinstance(before, dict):
            continue
        edit = Edit(at, before, after if isinstance(after, dict) else {})
        if object_type == _ACTION:
            actions[int(object_id)].append(edit)
            continue
        domains[int(object_id)].append(edit)
        for pk, renumbered in renumbering_edits(at, edit.before, edit.after).items():
            actions[pk].append(renumbered)
    return actions, domains
