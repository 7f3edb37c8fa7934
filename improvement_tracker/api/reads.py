"""What the read endpoints answer, built from the pages' own selectors: a plan's `Tracker`
(plan_tracker, filtered by the tracker's own filter form) turned into the API's schemas,
so that the API cannot disagree with the tracker page, its exports or its audit page.

A plan's answer is kept as JSON bytes under the plan's fingerprint, for the date and
filters written one way, exactly as the tracker page keeps its parts (ADR 0015, 0026):
`HOT_PATH=off` builds it every time.
"""

import datetime as dt
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from ninja.errors import ValidationError

from improvement_tracker.api.read_schemas import (
    ActionDetail,
    ActionOut,
    ActionRow,
    ActivityOut,
    DomainCount,
    DomainOut,
    DomainRef,
    FiltersOut,
    FlagCount,
    FlagOut,
    FlagsOut,
    KeyEntryOut,
    LeadOut,
    ObjectiveOut,
    PlanOut,
    PlanSummary,
    StatusChangeOut,
    StatusCount,
    SuggestionOut,
    SuggestionsOut,
    Table1Row,
    TimescaleOut,
    UpdateOut,
)
from improvement_tracker.api.schemas import StatusOut
from improvement_tracker.hotpath.page_cache import cached
from improvement_tracker.plans.forms import TrackerFilterForm
from improvement_tracker.plans.key_checks import FlagKind
from improvement_tracker.plans.models import Action, Domain, Plan
from improvement_tracker.plans.rag import Status, StatusKey, status_of
from improvement_tracker.plans.selectors import actions as actions_selectors
from improvement_tracker.plans.selectors import plans as plans_selectors
from improvement_tracker.plans.selectors import review as review_selectors
from improvement_tracker.plans.selectors.filters import filter_tracker
from improvement_tracker.plans.selectors.tracker import TrackedAction, Tracker, plan_tracker
from improvement_tracker.plans.tables import TOTALS, row_labels
from improvement_tracker.plans.tracker_query import read_tracker_query

API = "/api/v1"
# The tracker form's names for the filters where the API's differ (its `q` is `text`).
PARAM_OF = {"q": "text"}


class TrackerParams(Schema):
    """The tracker's as-at date and filters, as the tracker page reads them."""

    as_of: dt.date | None = Field(
        None, description="Show the plan as it stood on this date (YYYY-MM-DD); today if absent."
    )
    domain: int | None = Field(None, description="Only this domain (its position).")
    status: Status | None = Field(None, description="Only actions with this status (meaning).")
    lead: int | None = Field(None, description="Only actions of this lead (its id).")
    priority: bool = Field(False, description="Only high-priority actions.")
    flagged: bool = Field(False, description="Only flagged actions.")
    text: str = Field(
        "",
        max_length=200,
        description="Only actions whose words (action, lead, timescale, progress, evidence, "
        "extra fields, activities) contain this.",
    )

    def form_data(self) -> QueryDict:
        """The filters as the tracker's address writes them (its filter form's names)."""
        data = QueryDict(mutable=True)
        if self.as_of is not None:
            data["as_of"] = self.as_of.isoformat()
        values = {
            "domain": "" if self.domain is None else str(self.domain),
            "status": "" if self.status is None else self.status.value,
            "lead": "" if self.lead is None else str(self.lead),
            "priority": "on" if self.priority else "",
            "flagged": "on" if self.flagged else "",
            "q": self.text,
        }
        for key, value in values.items():
            if value:
                data[key] = value
        return data


def refuse(param: str, message: str) -> ValidationError:
    """A 422 naming the query parameter that was wrong (api/app.py answers it)."""
    return ValidationError([{"loc": ("query", param), "msg": message}])


def as_of_or_today(as_of: dt.date | None) -> dt.date:
    """The as-at date asked for, today by default; a date still to come is refused."""
    today = timezone.localdate()
    if as_of is not None and as_of > today:
        raise refuse("as_of", f"The as-at date must be today ({today.isoformat()}) or earlier.")
    return as_of or today


def filtered(whole: Tracker, params: TrackerParams) -> Tracker:
    """The tracker with the filters applied, read by the tracker's own filter form: a
    filter it would refuse (a domain or lead not in the plan, a status not in its key) is
    refused here too, naming the parameter."""
    data = params.form_data()
    if not any(key in data for key in TrackerFilterForm.KEYS):
        return whole
    form = TrackerFilterForm(data, tracker=whole)
    if not form.is_valid():
        refuse_filters(form)
    return filter_tracker(whole, form.filters)


def refuse_filters(form: TrackerFilterForm) -> None:
    """A 422 naming each filter the tracker's form refused, in its words."""
    raise ValidationError(
        [
            {"loc": ("query", PARAM_OF.get(name, name)), "msg": " ".join(map(str, messages))}
            for name, messages in form.errors.items()
        ]
    )


# A plan -------------------------------------------------------------------------------


def plan_urls(plan: Plan) -> tuple[str, str]:
    return f"{API}/plans/{plan.slug}", plan.get_absolute_url()


def plan_summary(plan: Plan) -> PlanSummary:
    url, web_url = plan_urls(plan)
    return PlanSummary(
        id=plan.pk,
        slug=plan.slug,
        title=plan.title,
        organisation=plan.organisation.name,
        archived=plan.archived_at is not None,
        url=url,
        web_url=web_url,
    )


def plan_read_json(*, plan: Plan, params: TrackerParams) -> bytes:
    """The plan as at the date with the filters, as JSON (PlanOut), kept under the
    plan's fingerprint for the date and filters written one way (plans/tracker_query.py)."""
    as_of = as_of_or_today(params.as_of)
    query = read_tracker_query(params.form_data())
    if query is None:  # a value the tracker's form refuses: found and named by `filtered`
        return plan_read(plan=plan, params=params, as_of=as_of).model_dump_json().encode()
    return cached(
        "api-plan",
        [plan.pk, timezone.localdate(), as_of, query.filters],
        lambda: plans_selectors.tracker_fingerprint(plan=plan),
        lambda: plan_read(plan=plan, params=params, as_of=as_of).model_dump_json().encode(),
    )


def plan_read(*, plan: Plan, params: TrackerParams, as_of: dt.date) -> PlanOut:
    whole = plan_tracker(plan=plan, as_of=as_of)
    tracker = filtered(whole, params)
    key = tracker.status_key
    url, web_url = plan_urls(plan)
    return PlanOut(
        id=plan.pk,
        slug=plan.slug,
        title=plan.title,
        organisation=plan.organisation.name,
        archived=plan.archived_at is not None,
        as_of=tracker.as_of,
        filters=FiltersOut(
            domain=tracker.filters.domain,
            status=tracker.filters.status.value if tracker.filters.status else None,
            lead=tracker.filters.lead,
            priority=tracker.filters.high_priority,
            flagged=tracker.filters.flagged,
            text=tracker.filters.text,
            description=tracker.filter_description,
        ),
        action_count=tracker.action_count,
        key=[
            KeyEntryOut(
                meaning=entry.status.value,
                label=entry.label,
                colour=entry.colour,
                description=entry.description,
            )
            for entry in map(key.entry, key.statuses)
        ],
        extra_fields=tracker.extra_fields,
        domains=[
            DomainOut(
                id=entry.domain.pk,
                position=entry.domain.position,
                label=entry.domain.label,
                title=entry.domain.title,
                actions=[action_out(a, entry.domain, plan) for a in entry.actions],
            )
            for entry in tracker.domains
        ],
        table1=table1_rows(tracker.table1, _positions(tracker), key),
        table2=status_counts(tracker.table2, key),
        flags=flags_out(tracker.flag_counts),
        url=url,
        web_url=web_url,
    )


def _positions(tracker: Tracker) -> dict[str, int]:
    return {entry.domain.label: entry.domain.position for entry in tracker.domains}


def status_out(value: str, key: StatusKey) -> StatusOut:
    return StatusOut(meaning=value, label=key.label(status_of(value)))


def _meanings(key: StatusKey) -> dict[str, str]:
    """Each label the tables may use, with its meaning: the key's own first."""
    meanings: dict[str, str] = {}
    for status in [*key.statuses, *Status]:
        meanings.setdefault(key.label(status), status.value)
    return meanings


def table1_rows(
    table: dict[str, dict[str, int]], positions: dict[str, int], key: StatusKey
) -> list[Table1Row]:
    """Table 1's rows as the page shows them (plans/tables.py: row_labels): each status
    of the key (Not rated only while some action has it), then Total."""
    meanings = _meanings(key)
    return [
        Table1Row(
            label=label,
            meaning=None if label == "Total" else meanings.get(label),
            domains=[
                DomainCount(position=positions[column], label=column, count=counts.get(label, 0))
                for column, counts in table.items()
                if column != TOTALS
            ],
            total=table[TOTALS].get(label, 0),
        )
        for label in row_labels(table, key)
    ]


def status_counts(counts: dict[str, int], key: StatusKey) -> list[StatusCount]:
    meanings = _meanings(key)
    return [
        StatusCount(
            label=label, meaning=None if label == "Total" else meanings.get(label), count=count
        )
        for label, count in counts.items()
    ]


def flags_out(counts: dict[str, int]) -> FlagsOut:
    return FlagsOut(
        by_kind=[
            FlagCount(kind=kind.value, label=kind.label, count=counts.get(kind.value, 0))
            for kind in FlagKind
        ],
        total=sum(counts.values()),
    )


# An action ----------------------------------------------------------------------------


def action_urls(plan: Plan, domain: Domain, action: TrackedAction) -> tuple[str, str]:
    web_url = reverse(
        "plans:action_detail",
        kwargs={"slug": plan.slug, "position": domain.position, "number": action.number},
    )
    return f"{API}/plans/{plan.slug}/actions/{action.pk}", web_url


def action_out(action: TrackedAction, domain: Domain, plan: Plan) -> ActionOut:
    return ActionOut(**_action_fields(action, domain, plan))


def _action_fields(action: TrackedAction, domain: Domain, plan: Plan) -> dict[str, Any]:
    key = action.status_key
    url, web_url = action_urls(plan, domain, action)
    objective = action.objective
    return {
        "id": action.pk,
        "reference": action.number,
        "domain": DomainRef(id=domain.pk, position=domain.position, label=domain.label),
        "text": action.text,
        "leads": [LeadOut(id=lead.pk, name=lead.name) for lead in action.leads],
        "lead_text": action.lead_text,
        "timescale_text": action.timescale_text,
        "timescale": TimescaleOut(kind=action.reading.kind.value, date=action.reading.date),
        "high_priority": action.high_priority,
        "status": status_out(action.status, key),
        "progress": action.progress,
        "evidence": action.evidence,
        "updated_on": action.latest.made_on if action.latest else None,
        "flags": [
            FlagOut(kind=flag.kind.value, label=flag.kind.label, words=flag.reason)
            for flag in action.flags
        ],
        "extra": dict(action.extra),
        "objective": None
        if objective is None
        else ObjectiveOut(number=objective.number, text=objective.text),
        "activities": [
            ActivityOut(
                number=activity.number,
                text=activity.text,
                lead_text=activity.lead_text,
                timescale_text=activity.timescale_text,
                status=status_out(activity.status, key),
            )
            for activity in action.activities
        ],
        "version": action.row.version,
        "url": url,
        "web_url": web_url,
    }


def action_rows(*, plan: Plan, params: TrackerParams) -> list[ActionRow]:
    """The same actions as the plan's answer, one flat row of scalars each."""
    as_of = as_of_or_today(params.as_of)
    tracker = filtered(plan_tracker(plan=plan, as_of=as_of), params)
    key = tracker.status_key
    return [
        ActionRow(
            plan=plan.slug,
            action_id=action.pk,
            domain_position=entry.domain.position,
            domain_label=entry.domain.label,
            reference=action.number,
            text=action.text,
            leads="; ".join(lead.name for lead in action.leads),
            lead_text=action.lead_text,
            timescale_text=action.timescale_text,
            timescale_date=action.reading.date,
            high_priority=action.high_priority,
            status=action.status,
            status_label=key.label(status_of(action.status)),
            progress=action.progress,
            evidence=action.evidence,
            updated_on=action.latest.made_on if action.latest else None,
            flags="; ".join(f"{flag.kind.label}: {flag.reason}" for flag in action.flags),
            extra="; ".join(f"{name}: {value}" for name, value in action.extra),
            as_of=as_of,
        )
        for entry in tracker.domains
        for action in entry.actions
    ]


def action_detail(*, plan: Plan, action: Action, as_of: dt.date | None) -> ActionDetail:
    """One action as at the date (its page's `tracked_action`), with its updates up to it."""
    day = as_of_or_today(as_of)
    tracked = actions_selectors.tracked_action(action=action, as_of=day)
    key = tracked.status_key
    history = [u for u in actions_selectors.action_history(action=action) if u.made_on <= day]
    return ActionDetail(
        **_action_fields(tracked, action.domain, plan),
        archived=action.archived_at is not None or action.domain.archived_at is not None,
        as_of=day,
        history=[
            UpdateOut(
                id=update.pk,
                made_on=update.made_on,
                period=update.period,
                author=update.author_name,
                status=status_out(update.status, key),
                progress=update.progress,
                evidence=update.evidence,
                status_change=None
                if getattr(update, "status_change", None) is None
                else StatusChangeOut(
                    from_status=status_out(update.status_change.from_status, key),
                    to_status=status_out(update.status_change.to_status, key),
                    by=update.author_name,
                    at=update.status_change.changed_at,
                    reason=update.status_change.reason,
                ),
            )
            for update in history
        ],
    )


def suggestions(*, plan: Plan, as_of: dt.date | None) -> SuggestionsOut:
    """The suggestions page's: a status for every action not rated, as at the plan's
    reporting date by default, as the page does."""
    today = timezone.localdate()
    day = as_of_or_today(as_of or min(plan.reporting_date or today, today))
    found = review_selectors.plan_suggestions(plan=plan, as_of=day)
    key = found.tracker.status_key
    return SuggestionsOut(
        as_of=day,
        suggestions=[
            SuggestionOut(
                action_id=item.action.pk,
                reference=item.action.number,
                domain=DomainRef(
                    id=item.domain.pk, position=item.domain.position, label=item.domain.label
                ),
                text=item.action.text,
                status=status_out(item.suggestion.status.value, key),
                reason=item.suggestion.reason,
            )
            for item in found.items
        ],
        table1=table1_rows(found.table1, _positions(found.tracker), key),
    )
