"""The tracker: a plan as at a date, every live action with its latest update and flags,
and its tables. Read in a fixed number of queries whatever the number of actions; what each
row carries besides its action (its latest update, references, leads, extra values) is read
by attachments.py, its objective and activities by layers.py."""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import timezone

from improvement_tracker.hotpath import tracker as hot_tracker
from improvement_tracker.plans.key_checks import (
    Flag,
    check_action,
)
from improvement_tracker.plans.models import (
    Action,
    Activity,
    Domain,
    Lead,
    Objective,
    Plan,
    RagKeyEntry,
)
from improvement_tracker.plans.rag import EXAMPLE_KEY, Status, StatusKey, status_of
from improvement_tracker.plans.selectors.attachments import (
    ActionIds,
    LatestUpdate,
    attach_extra_values,
    attach_leads,
    attach_references,
    domains_and_shape,
    latest_updates,
)
from improvement_tracker.plans.selectors.layers import attach_layers, in_objective_order
from improvement_tracker.plans.selectors.status_keys import key_of, status_keys
from improvement_tracker.plans.tables import Counted, row_labels, table1, table2
from improvement_tracker.plans.timescales import Timescale, parse_timescale


@dataclass
class TrackedAction:
    """An action as it stood at the as-at date, with what the key says about it.

    `row` is the action, or on the hot path for a whole plan (plan_tracker) its values
    as a named tuple with its `domain` (hotpath/tracker.py); `action` builds the model
    when first asked.
    """

    row: Any  # an Action, or a named tuple of its fields; both have these names
    latest: LatestUpdate | None
    as_of: dt.date
    domain: Domain | None = None  # a row's domain, given to the model built from it
    # "action 16" in the update's words → the action it meant (docs/decisions/0010).
    references: dict[str, Action] = field(default_factory=dict)
    # The action's leads, by name, when the selector has read them for every action at
    # once (plan_tracker); otherwise `leads` reads them from the action.
    known_leads: list[Lead] | None = None
    # Its values under the plan's extra fields, as (name, value) in field order (ADR 0040).
    extra: list[tuple[str, str]] = field(default_factory=list)
    # The live objective it serves and its live activities, as they are now (ADR 0041).
    objective: Objective | None = None
    activities: Sequence[Activity] = ()
    # The plan's key, whose labels the flags' words use (plan_tracker sets it).
    status_key: StatusKey = EXAMPLE_KEY

    @cached_property
    def action(self) -> Action:
        if isinstance(self.row, Action):
            return self.row
        return hot_tracker.action_from_row(self.row, self.domain)

    @property
    def leads(self) -> list[Lead]:
        if self.known_leads is None:
            return list(self.action.leads.all())
        return self.known_leads

    @cached_property
    def reading(self) -> Timescale:
        return parse_timescale(self.row.timescale_text)

    # Worked out when first read: pages show flags, but exports do not, and checking a
    # thousand actions cost a cold export about 2 ms.
    @cached_property
    def flags(self) -> list[Flag]:
        return check_action(
            timescale=self.reading,
            status=status_of(self.status),
            update_dates=self.update_dates,
            as_of=self.as_of,
            key=self.status_key,
        )

    @property
    def update_dates(self) -> list[dt.date]:
        """What a recurring action's cycles are checked against (key_checks).

        Only the latest update on or before the as-at date: the check looks for the
        cycle holding the latest update made since the start, and if the latest of all
        came before the start, none came after it.
        """
        return [self.latest.made_on] if self.latest else []

    # The names exporters and templates read, whatever the date.
    @property
    def pk(self) -> int:
        return self.row.id  # type: ignore[no-any-return]

    @property
    def number(self) -> str:
        return self.row.number  # type: ignore[no-any-return]

    @property
    def number_order(self) -> str:
        return self.row.number_order  # type: ignore[no-any-return]

    @property
    def text(self) -> str:
        return self.row.text  # type: ignore[no-any-return]

    @property
    def lead_text(self) -> str:
        return self.row.lead_text  # type: ignore[no-any-return]

    @property
    def timescale_text(self) -> str:
        return self.row.timescale_text  # type: ignore[no-any-return]

    @property
    def high_priority(self) -> bool:
        return self.row.high_priority  # type: ignore[no-any-return]

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else Status.NOT_RATED.value

    @property
    def progress(self) -> str:
        return self.latest.progress if self.latest else ""

    @property
    def evidence(self) -> str:
        return self.latest.evidence if self.latest else ""


@dataclass
class TrackerDomain:
    domain: Domain
    actions: list[TrackedAction]

    @cached_property
    def anchors(self) -> dict[str, str]:
        """Each action's id on the page, by its number, so that "see action 16" can link to it."""
        return {a.number: f"action-{self.domain.position}-{a.number}" for a in self.actions}


@dataclass(frozen=True)
class TrackerFilter:
    """Which actions the tracker shows; empty, it shows them all. Lives in the URL."""

    domain: int | None = None  # a domain's position
    status: Status | None = None
    lead: int | None = None  # a lead's id
    high_priority: bool = False
    flagged: bool = False
    text: str = ""

    def __bool__(self) -> bool:
        return any(
            [
                self.domain is not None,
                self.status is not None,
                self.lead is not None,
                self.high_priority,
                self.flagged,
                self.text,
            ]
        )

    def keeps(self, action: TrackedAction) -> bool:
        if self.status is not None and action.status != self.status:
            return False
        if self.lead is not None and all(lead.pk != self.lead for lead in action.leads):
            return False
        if self.high_priority and not action.high_priority:
            return False
        if self.flagged and not action.flags:
            return False
        if self.text:
            words = self.text.casefold()
            fields = (action.text, action.lead_text, action.timescale_text)
            texts = (*fields, action.progress, action.evidence)
            # What the tracker shows under the action's text too: its extra values and
            # its live activities' words and leads (ADR 0048).
            shown = (
                *(value for _, value in action.extra),
                *(part for a in action.activities for part in (a.text, a.lead_text)),
            )
            return any(words in text.casefold() for text in (*texts, *shown))
        return True


@dataclass
class Tracker:
    plan: Plan
    as_of: dt.date
    key: list[RagKeyEntry]
    domains: list[TrackerDomain]
    table1: dict[str, dict[str, int]]
    table2: dict[str, int]
    filters: TrackerFilter = field(default_factory=TrackerFilter)
    # What the filter was applied to: how many actions, and their leads (for choosing).
    unfiltered_count: int | None = None
    filter_description: str = ""
    # The plan's extra fields in use, by name in their order (ADR 0040).
    extra_fields: list[str] = field(default_factory=list)
    # Its domains' live objectives in their order, those no action serves included: the
    # whole plan's exports write them (ADR 0048); a filtered tracker has none.
    objectives: list[Objective] = field(default_factory=list)

    @cached_property
    def status_key(self) -> StatusKey:
        """The plan's own key: its labels and colours for the meanings (ADR 0039)."""
        return key_of(self.key)

    @cached_property
    def leads(self) -> list[Lead]:
        """The leads of the actions shown, each once, by name."""
        found = {lead.pk: lead for a in self.actions for lead in a.leads}
        return sorted(found.values(), key=lambda lead: (lead.name.casefold(), lead.pk))

    @property
    def domain_labels(self) -> list[str]:
        return [entry.domain.label for entry in self.domains]

    @cached_property
    def anchors(self) -> dict[int, str]:
        """The id on the page of each action shown, by action id: references link to these."""
        return {
            action.pk: entry.anchors[action.number]
            for entry in self.domains
            for action in entry.actions
        }

    @property
    def layered(self) -> bool:
        """Whether any action shown has an objective or activities (ADR 0041)."""
        return any(a.objective is not None or a.activities for a in self.actions)

    @property
    def table1_rows(self) -> list[str]:
        return row_labels(self.table1, self.status_key)

    @property
    def actions(self) -> list[TrackedAction]:
        return [action for entry in self.domains for action in entry.actions]

    @property
    def action_count(self) -> int:
        return sum(len(entry.actions) for entry in self.domains)

    @property
    def unrated_count(self) -> int:
        return self.table1["Totals"][self.status_key.label(Status.NOT_RATED)]

    @property
    def flag_counts(self) -> dict[str, int]:
        counts = Counter(flag.kind.value for a in self.actions for flag in a.flags)
        return dict(sorted(counts.items()))

    @property
    def flag_total(self) -> int:
        return sum(self.flag_counts.values())


def plan_tracker(
    *, plan: Plan, as_of: dt.date | None = None, references: bool = True, leads: bool = True
) -> Tracker:
    """The plan as at `as_of` (today by default): every live action, its flags and tables.

    `references=False` leaves out what "action 16" in each update means: pages link
    those words, but documents carry only the words, so exports need not read them.
    `leads=False` leaves out each action's leads (not its lead text), which only the
    lead filter uses: an export without filters need not read them. (Asked for anyway,
    each action would read its own, one query each.)
    """
    as_of = as_of or timezone.localdate()
    # Archived domains and actions are kept, but leave the tracker and its tables.
    live = Action.objects.filter(archived_at__isnull=True)
    domains, shape = domains_and_shape(plan=plan)
    for domain in domains:
        domain.plan = plan  # links to actions' pages need the plan's slug: no query each
    ids = live.filter(domain__in=domains)
    rows = hot_tracker.live_actions(domains=domains, actions=ids)
    shown = [(row, domain) for domain in domains for row in rows[domain.pk]]
    key = list(plan.rag_key.order_by("position", "id"))
    status_key = key_of(key)
    tracked = _track(shown, as_of, ids=ids, status_key=status_key)
    if references:
        attach_references(tracked.values())
    if leads:
        attach_leads(tracked.values(), ids)  # the lead filter and its choices
    # What the plan has not (most plans: extra fields, objectives, activities) is not read.
    fields = attach_extra_values(tracked, plan=plan) if shape.extra_fields else []
    objectives: list[Objective] = []
    if shape.objectives or shape.activities:
        objectives = attach_layers(
            tracked.values(), domains=shape.objectives, plan=plan, activities=shape.activities
        )
    entries = [
        TrackerDomain(domain, [tracked[row.id] for row in rows[domain.pk]]) for domain in domains
    ]
    for entry in entries:
        if entry.domain in shape.objectives:
            entry.actions = in_objective_order(entry.actions)
    counted = [
        Counted(entry.domain.label, status_of(action.status), action.high_priority)
        for entry in entries
        for action in entry.actions
    ]
    return Tracker(
        plan=plan,
        as_of=as_of,
        key=key,
        domains=entries,
        table1=table1([entry.domain.label for entry in entries], counted, status_key),
        table2=table2(counted, status_key),
        extra_fields=fields,
        objectives=objectives,
    )


def _track(
    actions: Sequence[Action | tuple[Any, Domain]],
    as_of: dt.date,
    *,
    ids: ActionIds | None = None,
    status_key: StatusKey | None = None,
) -> dict[int, TrackedAction]:
    """Each action (a model, or a row and its domain) as at `as_of`; `ids` may say which
    actions in SQL; `status_key`, the plan's key when the caller has read it.

    One query whatever the number of actions: the latest updates (and, without
    `status_key`, one more for the keys of the actions' plans).
    """
    items = [
        TrackedAction(row=a, latest=None, as_of=as_of)
        if isinstance(a, Action)
        else TrackedAction(row=a[0], latest=None, as_of=as_of, domain=a[1])
        for a in actions
    ]
    updates = latest_updates([item.pk for item in items] if ids is None else ids, as_of)
    for item in items:
        item.latest = updates.get(item.pk)
    if status_key is not None:
        for item in items:
            item.status_key = status_key
    elif items:
        plan_ids = [a.domain.plan_id if isinstance(a, Action) else a[1].plan_id for a in actions]
        keys = status_keys(set(plan_ids))
        for item, plan_id in zip(items, plan_ids, strict=True):
            item.status_key = keys[plan_id]
    return {item.pk: item for item in items}
