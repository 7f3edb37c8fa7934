"""Selectors read plans for pages, commands and exporters.

They own the prefetching, so that the number of queries does not grow with the rows.
Everything is read *as at* a date: each action's status and words are those of its
latest update made on or before that date.
"""

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.accounts.permissions import visible_plans
from improvement_tracker.core.rows import Selected, fetch_one, link
from improvement_tracker.plans.key_checks import (
    Flag,
    Suggestion,
    add_months,
    check_action,
    review_overdue_since,
    suggest_status,
)
from improvement_tracker.plans.models import (
    Action,
    ActionReference,
    ActionUpdate,
    Domain,
    Lead,
    Plan,
    RagKeyEntry,
    StatusChange,
)
from improvement_tracker.plans.rag import Status, status_of
from improvement_tracker.plans.tables import Counted, row_labels, table1, table2
from improvement_tracker.plans.timescales import Kind, Timescale, parse_timescale


@dataclass(frozen=True)
class LatestUpdate:
    """What an action's latest update made on or before the as-at date says.

    Plain values, not an ActionUpdate: a 1,000-action tracker reads a thousand of them,
    and building models cost it about 7 ms. `latest_update` reads the whole update
    (who made it, when) for a page about one action.
    """

    pk: int
    made_on: dt.date
    status: str
    progress: str
    evidence: str


# What plan_tracker reads of each action: every field but the two timestamps, which
# nothing shows (converting them cost a 1,000-action tracker about 2.5 ms).
ROW_FIELDS = tuple(
    field.attname
    for field in Action._meta.concrete_fields
    if field.attname not in {"created_at", "updated_at"}
)


@dataclass
class TrackedAction:
    """An action as it stood at the as-at date, with what the key says about it.

    `row` is the action, or for a whole plan (plan_tracker) its ROW_FIELDS as a named
    tuple with its `domain`: building a thousand Action models cost a cold export about
    8 ms, and exports read only the values. `action` builds the model when first asked.
    """

    row: Any  # an Action, or a named tuple of its ROW_FIELDS; both have these names
    latest: LatestUpdate | None
    as_of: dt.date
    domain: Domain | None = None  # a row's domain, given to the model built from it
    # "action 16" in the update's words → the action it meant (docs/decisions/0010).
    references: dict[int, Action] = field(default_factory=dict)
    # The action's leads, by name, when the selector has read them for every action at
    # once (plan_tracker); otherwise `leads` reads them from the action.
    known_leads: list[Lead] | None = None

    @cached_property
    def action(self) -> Action:
        if isinstance(self.row, Action):
            return self.row
        action = Action.from_db(connection.alias, ROW_FIELDS, self.row)
        link(action, "domain", self.domain)
        return action

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
    def number(self) -> int:
        return self.row.number  # type: ignore[no-any-return]

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
    def anchors(self) -> dict[int, str]:
        """Each action's id on the page, so that "see action 16" can link to it."""
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
            return any(words in text.casefold() for text in texts)
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
    def table1_rows(self) -> list[str]:
        return row_labels(self.table1)

    @property
    def actions(self) -> list[TrackedAction]:
        return [action for entry in self.domains for action in entry.actions]

    @property
    def action_count(self) -> int:
        return sum(len(entry.actions) for entry in self.domains)

    @property
    def unrated_count(self) -> int:
        return self.table1["Totals"][Status.NOT_RATED.label]

    @property
    def flag_counts(self) -> dict[str, int]:
        counts = Counter(flag.kind.value for a in self.actions for flag in a.flags)
        return dict(sorted(counts.items()))

    @property
    def flag_total(self) -> int:
        return sum(self.flag_counts.values())


def plan_by_slug(*, slug: str) -> Plan | None:
    """The plan a page's address names, with its organisation. Every plan page asks, so it
    is written in SQL (core/rows.py, ADR 0021)."""
    plan, organisation = Selected(Plan, "p"), Selected(Organisation, "o")
    sql = (
        f"SELECT {plan.columns}, {organisation.columns} FROM {plan.table}"  # noqa: S608 - names from the models
        f" JOIN {organisation.table} ON {organisation.col('id')} = {plan.col('organisation')}"
        f" WHERE {plan.col('slug')} = %s"
    )
    found = fetch_one(sql, [slug], plan, organisation)
    if found is None:
        return None
    the_plan, its_organisation = found
    link(the_plan, "organisation", its_organisation)  # type: ignore[arg-type]
    return the_plan  # type: ignore[return-value]


def action_in_plan(*, plan: Plan, position: int, number: int) -> Action | None:
    """Action `number` of the plan's domain at `position`, with its domain and plan. Every
    action page asks, so it is written in SQL (core/rows.py, ADR 0021)."""
    action, domain = Selected(Action, "a"), Selected(Domain, "d")
    sql = (
        f"SELECT {action.columns}, {domain.columns} FROM {action.table}"  # noqa: S608 - names from the models
        f" JOIN {domain.table} ON {domain.col('id')} = {action.col('domain')}"
        f" WHERE {domain.col('plan')} = %s AND {domain.col('position')} = %s"
        f" AND {action.col('number')} = %s"
    )
    found = fetch_one(sql, [plan.pk, position, number], action, domain)
    if found is None:
        return None
    the_action, its_domain = found
    link(its_domain, "plan", plan)  # type: ignore[arg-type]
    link(the_action, "domain", its_domain)  # type: ignore[arg-type]
    return the_action  # type: ignore[return-value]


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.filter(archived_at__isnull=True).select_related("organisation")


def archived_plan_list() -> QuerySet[Plan]:
    """Archived plans stay readable and reportable; newest archived first."""
    return (
        Plan.objects.filter(archived_at__isnull=False)
        .select_related("organisation")
        .order_by("-archived_at", "title")
    )


def latest_update_id(as_of: dt.date) -> Subquery:
    """The id of an action's latest update made on or before `as_of`."""
    return Subquery(
        ActionUpdate.objects.filter(action=OuterRef("pk"), made_on__lte=as_of)
        .order_by("-made_on", "-id")
        .values("id")[:1]
    )


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
    domains = list(Domain.objects.filter(plan=plan, archived_at__isnull=True).order_by("position"))
    for domain in domains:
        domain.plan = plan  # links to actions' pages need the plan's slug: no query each
    ids = live.filter(domain__in=domains)
    rows: dict[int, list[Any]] = {domain.pk: [] for domain in domains}
    for row in ids.order_by("number").values_list(*ROW_FIELDS, named=True):
        rows[row.domain_id].append(row)
    shown = [(row, domain) for domain in domains for row in rows[domain.pk]]
    tracked = _track(shown, as_of, ids=ids)
    if references:
        _attach_references(tracked.values())
    if leads:
        _attach_leads(tracked.values(), ids)  # the lead filter and its choices
    entries = [
        TrackerDomain(domain, [tracked[row.id] for row in rows[domain.pk]]) for domain in domains
    ]
    counted = [
        Counted(entry.domain.label, status_of(action.status), action.high_priority)
        for entry in entries
        for action in entry.actions
    ]
    return Tracker(
        plan=plan,
        as_of=as_of,
        key=list(plan.rag_key.order_by("id")),
        domains=entries,
        table1=table1([entry.domain.label for entry in entries], counted),
        table2=table2(counted),
    )


# Which actions a query is about: their ids, or for a whole plan a queryset, which Django
# compiles in a fraction of the 2 ms it takes over a list of a thousand ids.
ActionIds = Collection[int] | QuerySet[Action]


def _latest_updates(action_ids: ActionIds, as_of: dt.date) -> dict[int, LatestUpdate]:
    """Each action's latest update made on or before `as_of`, in one query.

    A queryset is used as it is, not as `pk IN (queryset)`: on PostgreSQL that joined
    every action in the database to the plan's, 14 ms instead of 6 for 1,000 actions
    among 46,000. The actions keep their default order, which looks wasted in a
    subquery but is not: without it PostgreSQL expects more rows and, in a small
    database, reads the whole updates table, 18 ms instead of 5 (docs/performance.md).
    """
    if not isinstance(action_ids, QuerySet) and not action_ids:
        return {}
    actions = (
        action_ids if isinstance(action_ids, QuerySet) else Action.objects.filter(pk__in=action_ids)
    )
    latest_ids = actions.annotate(latest=latest_update_id(as_of)).values("latest")
    rows = (
        ActionUpdate.objects.filter(pk__in=Subquery(latest_ids))
        .order_by()  # the default ordering joins the actions' table for nothing
        .values_list("action_id", "pk", "made_on", "status", "progress", "evidence")
    )
    return {row[0]: LatestUpdate(*row[1:]) for row in rows}


def latest_update(*, tracked: TrackedAction) -> ActionUpdate | None:
    """The whole update a tracked action shows, with who made it: for one action's pages."""
    if tracked.latest is None:
        return None
    return ActionUpdate.objects.select_related("author").get(pk=tracked.latest.pk)


def filter_tracker(tracker: Tracker, filters: TrackerFilter) -> Tracker:
    """The tracker with only the actions the filter keeps, and its tables counted over them.

    In memory: as at a date, status and flags are not columns (ADR 0005), and this
    costs no query, so a filtered page makes as many queries as the whole one.
    """
    if not filters:
        return tracker
    entries = [
        TrackerDomain(entry.domain, [a for a in entry.actions if filters.keeps(a)])
        for entry in tracker.domains
        if filters.domain is None or entry.domain.position == filters.domain
    ]
    counted = [
        Counted(entry.domain.label, status_of(action.status), action.high_priority)
        for entry in entries
        for action in entry.actions
    ]
    return Tracker(
        plan=tracker.plan,
        as_of=tracker.as_of,
        key=tracker.key,
        domains=entries,
        table1=table1([entry.domain.label for entry in entries], counted),
        table2=table2(counted),
        filters=filters,
        unfiltered_count=tracker.action_count,
        filter_description=_describe(filters, tracker),
    )


def _describe(filters: TrackerFilter, tracker: Tracker) -> str:
    """The filter in words, for the tables' captions: "status Red; high priority only"."""
    parts = []
    if filters.domain is not None:
        labels = [e.domain.label for e in tracker.domains if e.domain.position == filters.domain]
        parts.append(f"domain {labels[0] if labels else filters.domain}")
    if filters.status is not None:
        parts.append(f"status {filters.status.label}")
    if filters.lead is not None:
        names = [lead.name for lead in tracker.leads if lead.pk == filters.lead]
        parts.append(f"lead {names[0] if names else 'not in this plan'}")
    if filters.high_priority:
        parts.append("high priority only")
    if filters.flagged:
        parts.append("flagged only")
    if filters.text:
        parts.append(f"text containing “{filters.text}”")
    return "; ".join(parts)


def _track(
    actions: Sequence[Action | tuple[Any, Domain]],
    as_of: dt.date,
    *,
    ids: ActionIds | None = None,
) -> dict[int, TrackedAction]:
    """Each action (a model, or a row and its domain) as at `as_of`; `ids` may say which
    actions in SQL.

    One query whatever the number of actions: the latest updates.
    """
    items = [
        TrackedAction(row=a, latest=None, as_of=as_of)
        if isinstance(a, Action)
        else TrackedAction(row=a[0], latest=None, as_of=as_of, domain=a[1])
        for a in actions
    ]
    updates = _latest_updates([item.pk for item in items] if ids is None else ids, as_of)
    for item in items:
        item.latest = updates.get(item.pk)
    return {item.pk: item for item in items}


def _attach_references(tracked: Iterable[TrackedAction]) -> None:
    """The actions each shown update refers to, wherever they are now.

    One small query for the references; the actions meant are nearly always already
    loaded (they are in the same plan), and one more query fetches any that are not
    (archived, or in an earlier plan year).
    """
    items = list(tracked)
    by_update = {item.latest.pk: item for item in items if item.latest is not None}
    rows = list(
        ActionReference.objects.filter(update_id__in=by_update).values_list(
            "update_id", "number", "action_id"
        )
    )
    # The models of actions shown are built only for those referred to.
    shown = {item.pk: item for item in items}
    missing = {action_id for _, _, action_id in rows if action_id not in shown}
    others = Action.objects.select_related("domain__plan").in_bulk(missing) if missing else {}
    for update_id, number, action_id in rows:
        meant = shown[action_id].action if action_id in shown else others[action_id]
        by_update[update_id].references[number] = meant


def _attach_leads(tracked: Iterable[TrackedAction], ids: ActionIds) -> None:
    """Every action's leads, in two queries: the links, then the few leads they name.

    prefetch_related("leads") reads the same rows in one query, but builds a related
    manager and a queryset for each action, and again on every `leads.all()`: about
    40 ms of a cold 1,000-action tracker (docs/performance.md, "Cold tracker and exports").
    """
    items = {item.pk: item for item in tracked}
    links = list(
        Action.leads.through.objects.filter(action_id__in=ids).values_list("action_id", "lead_id")
    )
    leads = Lead.objects.in_bulk({lead_id for _, lead_id in links})
    by_action: dict[int, list[Lead]] = {pk: [] for pk in items}
    for action_id, lead_id in links:
        # Each query sees the database as it is then: skip what changed in between.
        if action_id in by_action and lead_id in leads:
            by_action[action_id].append(leads[lead_id])
    for pk, item in items.items():
        item.known_leads = sorted(by_action[pk], key=lambda lead: lead.name)  # as Lead's Meta


def plan_summary(*, plan: Plan, as_of: dt.date | None = None) -> dict[str, object]:
    """The tracker's figures for machines: what `plan_summary --json` prints."""
    tracker = plan_tracker(plan=plan, as_of=as_of)
    return {
        "plan": plan.slug,
        "as_of": tracker.as_of.isoformat(),
        "domains": tracker.domain_labels,
        "table1": tracker.table1,
        "table2": tracker.table2,
        "reported": plan.reported_figures,
        "flags": tracker.flag_counts,
    }


@dataclass
class ExceptionRow:
    domain: Domain
    action: TrackedAction
    flag: Flag


def plan_exceptions(tracker: Tracker) -> list[ExceptionRow]:
    return [
        ExceptionRow(entry.domain, action, flag)
        for entry in tracker.domains
        for action in entry.actions
        for flag in action.flags
    ]


@dataclass
class SuggestedAction:
    domain: Domain
    action: TrackedAction
    suggestion: Suggestion


@dataclass
class Suggestions:
    tracker: Tracker
    items: list[SuggestedAction]
    table1: dict[str, dict[str, int]]  # the tracker's Table 1 if every suggestion were accepted


def plan_suggestions(*, plan: Plan, as_of: dt.date) -> Suggestions:
    """A suggested status, with its reason, for every action not rated as at `as_of`."""
    tracker = plan_tracker(plan=plan, as_of=as_of)
    items = [
        SuggestedAction(
            entry.domain,
            action,
            suggest_status(
                timescale=action.reading,
                progress=action.progress,
                update_dates=action.update_dates,
                as_of=as_of,
            ),
        )
        for entry in tracker.domains
        for action in entry.actions
        if action.status == Status.NOT_RATED
    ]
    suggested = {item.action.action.pk: item.suggestion.status for item in items}
    counted = [
        Counted(
            entry.domain.label,
            suggested.get(action.action.pk, status_of(action.status)),
            action.high_priority,
        )
        for entry in tracker.domains
        for action in entry.actions
    ]
    return Suggestions(tracker, items, table1(tracker.domain_labels, counted))


def action_history(*, action: Action) -> list[ActionUpdate]:
    """Every update of the action, newest first, each with its status change if any."""
    return list(
        ActionUpdate.objects.filter(action=action)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "status_change",
                queryset=StatusChange.objects.select_related("changed_by"),
            ),
            Prefetch(
                "references",
                queryset=ActionReference.objects.select_related("action__domain__plan"),
            ),
        )
        .order_by("-made_on", "-id")
    )


@dataclass(frozen=True)
class ActionPageReads:
    """What the action page reads on every request, cached or not."""

    fingerprint: str
    carried_from: Action | None  # the action this one was carried forward from
    carried_to: list[Action]  # those carried forward from this one


def action_page_reads(*, plan: Plan, action: Action) -> ActionPageReads:
    """The action's fingerprint and the actions it was carried between.

    The fingerprint changes whenever anything the cached page shows of this action
    changes, as tracker_fingerprint does (ADR 0015): the plan's updated_at, which every
    audited change touches (renumbering too, which changes links in progress text); the
    action's own updated_at and version; and its updates' count and newest id, which move
    even when an update is added or removed without the services.

    The carried-forward links are read here, not cached with the page: they name actions
    in other plans, whose changes do not move this plan's fingerprint. One query, and a
    second only when there are links to show (most actions have none).
    """
    count, newest, carried_on = _updates_and_carried_on(action.pk)
    parts = (plan.updated_at, action.updated_at, action.version, count, newest)
    found: list[Action] = []
    if carried_on or action.carried_from_id:
        linked = Q(carried_from_id=action.pk) | Q(pk=action.carried_from_id)
        found = list(Action.objects.filter(linked).select_related("domain__plan").order_by("pk"))
    return ActionPageReads(
        fingerprint="|".join(str(part) for part in parts),
        carried_from=next((a for a in found if a.pk == action.carried_from_id), None),
        carried_to=[a for a in found if a.carried_from_id == action.pk],
    )


def _updates_and_carried_on(action_id: int) -> tuple[int, int | None, bool]:
    """How many updates the action has, the newest one's id, and whether any action was
    carried forward from it: one query.

    Written in SQL because every view of an action page asks it, and Django takes about
    ten times as long to build these subqueries as the database takes to answer them
    (docs/performance.md, "What changed from 07:27 to 08:26"; ADR 0029). Table and
    column names come from the models, so renaming one cannot leave this query behind.
    """
    updates, actions = Selected(ActionUpdate, "u"), Selected(Action, "a")
    # Only names from the models go into the text; the values are parameters.
    sql = (
        f"SELECT COUNT(*), MAX({updates.col('id')}),"  # noqa: S608
        f" EXISTS (SELECT 1 FROM {actions.table} WHERE {actions.col('carried_from')} = %s)"
        f" FROM {updates.table} WHERE {updates.col('action')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [action_id, action_id])
        count, newest, carried_on = cursor.fetchone()
    return count, newest, bool(carried_on)


def tracked_action(*, action: Action, as_of: dt.date | None = None) -> TrackedAction:
    """One action as it stands at `as_of` (today by default), with its flags."""
    as_of = as_of or timezone.localdate()
    return _track([action], as_of)[action.pk]


def plan_outline(*, plan: Plan) -> list[Domain]:
    """The plan's domains in order, each with its actions: what a plan manager rearranges.

    Archived domains and actions are left out (they are listed by plan_archived_items).
    """
    actions = Action.objects.filter(archived_at__isnull=True).order_by("number")
    return list(
        Domain.objects.filter(plan=plan, archived_at__isnull=True)
        .order_by("position")
        .prefetch_related(Prefetch("actions", queryset=actions))
    )


def live_domains(*, plan: Plan) -> list[Domain]:
    return list(Domain.objects.filter(plan=plan, archived_at__isnull=True).order_by("position"))


def next_action_numbers(*, plan: Plan) -> dict[int, int]:
    """Each domain's next free action number (archived actions keep theirs), by domain id."""
    rows = Action.objects.filter(domain__plan=plan).values("domain_id").annotate(top=Max("number"))
    highest = {row["domain_id"]: row["top"] for row in rows}
    return {
        pk: highest.get(pk, 0) + 1
        for pk in Domain.objects.filter(plan=plan).values_list("pk", flat=True)
    }


def numbers_in_order(*, actions: Sequence[Action], kept: Sequence[int]) -> dict[int, int]:
    """1, 2, 3… for the actions in the order given, skipping numbers archived actions keep."""
    free = (n for n in range(1, len(actions) + len(kept) + 1) if n not in kept)
    return {action.pk: number for action, number in zip(actions, free, strict=False)}


def lead_choices(*, plan: Plan) -> list[Lead]:
    """The leads a plan's actions may name: its organisation's register."""
    return list(
        Lead.objects.filter(
            organisation_id=plan.organisation_id, merged_into__isnull=True
        ).order_by("name")
    )


def lead_register(*, plan: Plan) -> list[Lead]:
    """The plan's organisation's leads, each with its action count in this plan
    (`plan_actions`), its people and the other spellings merged into it."""
    in_plan = Q(
        actions__domain__plan=plan,
        actions__archived_at__isnull=True,
        actions__domain__archived_at__isnull=True,
    )
    return list(
        Lead.objects.filter(organisation_id=plan.organisation_id, merged_into__isnull=True)
        .annotate(plan_actions=Count("actions", filter=in_plan, distinct=True))
        .prefetch_related(
            Prefetch("merged_leads", queryset=Lead.objects.order_by("name")), "people"
        )
        .order_by("name")
    )


@dataclass
class ArchivedItems:
    domains: list[Domain]  # archived domains, each with all its actions
    actions: list[Action]  # archived actions of domains still in use


def plan_archived_items(*, plan: Plan) -> ArchivedItems:
    """What has been archived from a plan: kept, and listed here rather than on the tracker."""
    domains = list(
        Domain.objects.filter(plan=plan, archived_at__isnull=False)
        .order_by("position")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("number")))
    )
    actions = list(
        Action.objects.filter(
            domain__plan=plan, domain__archived_at__isnull=True, archived_at__isnull=False
        )
        .select_related("domain")
        .order_by("domain__position", "number")
    )
    return ArchivedItems(domains, actions)


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
        done = item.status == Status.COMPLETED
        overdue = not done and due is not None and due < today
        rows.append(MyAction(action.domain.plan, action.domain, item, due, overdue))
    rows.sort(
        key=lambda r: (
            r.action.status == Status.COMPLETED,
            not r.overdue,
            r.due is None,
            r.due or today,
            r.plan.title,
            r.domain.position,
            r.action.number,
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


def tracker_fingerprint(*, plan: Plan) -> str:
    """Changes whenever anything the tracker shows of this plan changes; one query.

    Every service that changes a plan records an audit event, which touches the plan's
    updated_at; edits that bypass the services (the admin, a shell) still move an
    action's updated_at, the count of actions or the newest update's id.

    The plan's newest update is found as the newest of its actions' newest, each one step
    down an index (`update_newest`). Asked for directly, "the plan's updates, newest
    first", PostgreSQL walked the updates back from the newest in the database until it
    met one of this plan's: half a second for the first organisation's plans among 1.1
    million updates (docs/performance.md). Written in SQL as the other reads every page
    makes are (ADRs 0021 and 0029): Django took 2.3 ms to build it as three subqueries.
    """
    plans, domains = Selected(Plan, "p"), Selected(Domain, "d")
    actions, updates = Selected(Action, "a"), Selected(ActionUpdate, "u")
    newest_of_action = (
        f"SELECT {updates.col('id')} FROM {updates.table}"  # noqa: S608 - names from the models
        f" WHERE {updates.col('action')} = {actions.col('id')}"
        f" ORDER BY {updates.col('id')} DESC LIMIT 1"
    )
    sql = (
        f"SELECT {plans.col('updated_at')}, COUNT({actions.col('id')}),"  # noqa: S608
        f" MAX({actions.col('updated_at')}), MAX(({newest_of_action}))"
        f" FROM {plans.table}"
        f" LEFT JOIN {domains.table} ON {domains.col('plan')} = {plans.col('id')}"
        f" LEFT JOIN {actions.table} ON {actions.col('domain')} = {domains.col('id')}"
        f" WHERE {plans.col('id')} = %s GROUP BY {plans.col('id')}, {plans.col('updated_at')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.pk])
        row = cursor.fetchone()
    return "|".join(str(part) for part in row)
