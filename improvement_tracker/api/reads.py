"""What the read endpoints answer, built from the pages' own selectors: a plan's `Tracker`
(plan_tracker, filtered by the tracker's own filter form) written as the JSON values of
the schemas in read_schemas.py, so that the API cannot disagree with the tracker page or
its exports. Plain values, not schema objects: building a thousand actions' objects
through ninja's schemas cost over a second; tests/api/test_reads.py holds the values to
their schemas' fields.

A plan's answer is kept as JSON bytes under the plan's fingerprint, for the date and
filters written one way, exactly as the tracker page keeps its parts (ADR 0015, 0026):
`HOT_PATH=off` builds it every time.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import TypeAdapter, ValidationInfo, field_validator

from improvement_tracker.hotpath.page_cache import cached
from improvement_tracker.plans.forms import TrackerFilterForm
from improvement_tracker.plans.key_checks import FlagKind
from improvement_tracker.plans.models import Action, Domain, Plan
from improvement_tracker.plans.rag import Status, StatusKey, status_of
from improvement_tracker.plans.selectors import actions as actions_selectors
from improvement_tracker.plans.selectors import plans as plans_selectors
from improvement_tracker.plans.selectors import review as review_selectors
from improvement_tracker.plans.selectors.filters import filter_tracker
from improvement_tracker.plans.selectors.tracker import (
    TrackedAction,
    Tracker,
    TrackerDomain,
    plan_tracker,
)
from improvement_tracker.plans.tables import TOTALS, row_labels
from improvement_tracker.plans.tracker_query import read_tracker_query

API = "/api/v1"
Json = dict[str, Any]  # a value of the schema in read_schemas.py, as plain JSON values
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

    @field_validator("as_of", "domain", "status", "lead", "priority", "flagged", mode="before")
    @classmethod
    def empty_is_absent(cls, value: object, info: ValidationInfo) -> object:
        """An empty parameter (`status=`, as a spreadsheet's query may write it) is no
        filter, as on the tracker page (plans/tracker_query.py)."""
        if value != "":
            return value
        return False if info.field_name in ("priority", "flagged") else None

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


def as_json(value: object) -> bytes:
    """JSON as ninja's schemas write it (dates in ISO 8601), by pydantic's own writer: a
    thousand actions' answer in a third of the standard library's time."""
    return _ANY.dump_json(value)


_ANY = TypeAdapter(Any)


# A plan -------------------------------------------------------------------------------


def plan_urls(plan: Plan) -> tuple[str, str]:
    return f"{API}/plans/{plan.slug}", plan.get_absolute_url()


def plan_summary(plan: Plan) -> Json:
    url, web_url = plan_urls(plan)
    return {
        "id": plan.pk,
        "slug": plan.slug,
        "title": plan.title,
        "organisation": plan.organisation.name,
        "archived": plan.archived_at is not None,
        "url": url,
        "web_url": web_url,
    }


def plan_read_json(*, plan: Plan, params: TrackerParams) -> bytes:
    """The plan as at the date with the filters, as PlanOut's JSON."""
    return _kept_json("api-plan", plan, params, plan_read)


def action_rows_json(*, plan: Plan, params: TrackerParams) -> bytes:
    """The plan's actions as at the date with the filters, as a list of ActionRow's JSON."""
    return _kept_json("api-rows", plan, params, action_rows)


def _kept_json(kind: str, plan: Plan, params: TrackerParams, read: Callable[..., object]) -> bytes:
    """`read`'s answer as JSON, kept under the plan's fingerprint for the date and filters
    written one way (plans/tracker_query.py), as the tracker page keeps its parts: a first
    read of a 1,000-action plan costs tens of milliseconds, a kept one a few. An address
    the tracker's form refuses is answered (with its 422) and never kept."""
    as_of = as_of_or_today(params.as_of)
    query = read_tracker_query(params.form_data())

    def build() -> bytes:
        return as_json(read(plan=plan, params=params, as_of=as_of))

    if query is None:  # a value the tracker's form refuses: found and named by `filtered`
        return build()
    return cached(
        kind,
        [plan.pk, timezone.localdate(), as_of, query.filters],
        lambda: plans_selectors.tracker_fingerprint(plan=plan),
        build,
    )


def plan_read(*, plan: Plan, params: TrackerParams, as_of: dt.date) -> Json:
    whole = plan_tracker(plan=plan, as_of=as_of)
    tracker = filtered(whole, params)
    key = tracker.status_key
    url, web_url = plan_urls(plan)
    return {
        "id": plan.pk,
        "slug": plan.slug,
        "title": plan.title,
        "organisation": plan.organisation.name,
        "archived": plan.archived_at is not None,
        "as_of": tracker.as_of,
        "filters": {
            "domain": tracker.filters.domain,
            "status": tracker.filters.status.value if tracker.filters.status else None,
            "lead": tracker.filters.lead,
            "priority": tracker.filters.high_priority,
            "flagged": tracker.filters.flagged,
            "text": tracker.filters.text,
            "description": tracker.filter_description,
        },
        "action_count": tracker.action_count,
        "key": [
            {
                "meaning": entry.status.value,
                "label": entry.label,
                "colour": entry.colour,
                "description": entry.description,
            }
            for entry in map(key.entry, key.statuses)
        ],
        "extra_fields": tracker.extra_fields,
        "domains": [
            {
                "id": entry.domain.pk,
                "position": entry.domain.position,
                "label": entry.domain.label,
                "title": entry.domain.title,
                "actions": domain_actions(entry, plan),
            }
            for entry in tracker.domains
        ],
        "table1": table1_rows(tracker.table1, _positions(tracker), key),
        "table2": status_counts(tracker.table2, key),
        "flags": flags_out(tracker.flag_counts),
        "url": url,
        "web_url": web_url,
    }


def _positions(tracker: Tracker) -> dict[str, int]:
    return {entry.domain.label: entry.domain.position for entry in tracker.domains}


def domain_ref(domain: Domain) -> Json:
    return {"id": domain.pk, "position": domain.position, "label": domain.label}


def status_out(value: str, key: StatusKey) -> Json:
    return {"meaning": value, "label": key.label(status_of(value))}


def _meanings(key: StatusKey) -> dict[str, str]:
    """Each label the tables may use, with its meaning: the key's own first."""
    meanings: dict[str, str] = {}
    for status in [*key.statuses, *Status]:
        meanings.setdefault(key.label(status), status.value)
    return meanings


def table1_rows(
    table: dict[str, dict[str, int]], positions: dict[str, int], key: StatusKey
) -> list[Json]:
    """Table 1's rows as the page shows them (plans/tables.py: row_labels): each status
    of the key (Not rated only while some action has it), then Total."""
    meanings = _meanings(key)
    return [
        {
            "label": label,
            "meaning": None if label == "Total" else meanings.get(label),
            "domains": [
                {"position": positions[column], "label": column, "count": counts.get(label, 0)}
                for column, counts in table.items()
                if column != TOTALS
            ],
            "total": table[TOTALS].get(label, 0),
        }
        for label in row_labels(table, key)
    ]


def status_counts(counts: dict[str, int], key: StatusKey) -> list[Json]:
    meanings = _meanings(key)
    return [
        {
            "label": label,
            "meaning": None if label == "Total" else meanings.get(label),
            "count": count,
        }
        for label, count in counts.items()
    ]


def flags_out(counts: dict[str, int]) -> Json:
    return {
        "by_kind": [
            {"kind": kind.value, "label": kind.label, "count": counts.get(kind.value, 0)}
            for kind in FlagKind
        ],
        "total": sum(counts.values()),
    }


# An action ----------------------------------------------------------------------------


def action_web_url(plan: Plan, domain: Domain) -> Callable[[str], str]:
    """The address of an action's page by its reference, reversed once for the domain:
    reversing each of a thousand actions' addresses cost a plan's first read 15 ms. The
    reference is quoted as `reverse` quotes it (django/urls/resolvers.py)."""
    marker = "0reference0"
    kwargs = {"slug": plan.slug, "position": domain.position, "number": marker}
    before, after = reverse("plans:action_detail", kwargs=kwargs).split(marker)
    return lambda reference: before + quote(reference, safe=RFC3986_SUBDELIMS + "/~:@") + after


def domain_actions(entry: TrackerDomain, plan: Plan) -> list[Json]:
    web_url = action_web_url(plan, entry.domain)
    return [action_out(a, entry.domain, plan, web_url(a.number)) for a in entry.actions]


def action_out(action: TrackedAction, domain: Domain, plan: Plan, web_url: str) -> Json:
    """An action as ActionOut's JSON."""
    key = action.status_key
    objective = action.objective
    return {
        "id": action.pk,
        "reference": action.number,
        "domain": domain_ref(domain),
        "text": action.text,
        "leads": [{"id": lead.pk, "name": lead.name} for lead in action.leads],
        "lead_text": action.lead_text,
        "timescale_text": action.timescale_text,
        "timescale": {"kind": action.reading.kind.value, "date": action.reading.date},
        "high_priority": action.high_priority,
        "status": status_out(action.status, key),
        "progress": action.progress,
        "evidence": action.evidence,
        "updated_on": action.latest.made_on if action.latest else None,
        "flags": [
            {"kind": flag.kind.value, "label": flag.kind.label, "words": flag.reason}
            for flag in action.flags
        ],
        "extra": dict(action.extra),
        "objective": None
        if objective is None
        else {"number": objective.number, "text": objective.text},
        "activities": [
            {
                "number": activity.number,
                "text": activity.text,
                "lead_text": activity.lead_text,
                "timescale_text": activity.timescale_text,
                "status": status_out(activity.status, key),
            }
            for activity in action.activities
        ],
        "version": action.row.version,
        "url": f"{API}/plans/{plan.slug}/actions/{action.pk}",
        "web_url": web_url,
    }


def action_rows(*, plan: Plan, params: TrackerParams, as_of: dt.date) -> list[Json]:
    """The same actions as the plan's answer, one flat row of scalars each."""
    tracker = filtered(plan_tracker(plan=plan, as_of=as_of), params)
    key = tracker.status_key
    return [
        {
            "plan": plan.slug,
            "action_id": action.pk,
            "domain_position": entry.domain.position,
            "domain_label": entry.domain.label,
            "reference": action.number,
            "text": action.text,
            "leads": "; ".join(lead.name for lead in action.leads),
            "lead_text": action.lead_text,
            "timescale_text": action.timescale_text,
            "timescale_date": action.reading.date,
            "high_priority": action.high_priority,
            "status": action.status,
            "status_label": key.label(status_of(action.status)),
            "progress": action.progress,
            "evidence": action.evidence,
            "updated_on": action.latest.made_on if action.latest else None,
            "flags": "; ".join(f"{flag.kind.label}: {flag.reason}" for flag in action.flags),
            "extra": "; ".join(f"{name}: {value}" for name, value in action.extra),
            "as_of": as_of,
        }
        for entry in tracker.domains
        for action in entry.actions
    ]


def action_detail(*, plan: Plan, action: Action, as_of: dt.date | None) -> Json:
    """One action as at the date (its page's `tracked_action`), with its updates up to it."""
    day = as_of_or_today(as_of)
    tracked = actions_selectors.tracked_action(action=action, as_of=day)
    key = tracked.status_key
    history = [u for u in actions_selectors.action_history(action=action) if u.made_on <= day]
    web_url = action_web_url(plan, action.domain)(action.number)
    return {
        **action_out(tracked, action.domain, plan, web_url),
        "archived": action.archived_at is not None or action.domain.archived_at is not None,
        "as_of": day,
        "history": [
            {
                "id": update.pk,
                "made_on": update.made_on,
                "period": update.period,
                "author": update.author_name,
                "status": status_out(update.status, key),
                "progress": update.progress,
                "evidence": update.evidence,
                "status_change": None
                if getattr(update, "status_change", None) is None
                else {
                    "from_status": status_out(update.status_change.from_status, key),
                    "to_status": status_out(update.status_change.to_status, key),
                    "by": update.author_name,
                    "at": update.status_change.changed_at,
                    "reason": update.status_change.reason,
                },
            }
            for update in history
        ],
    }


def suggestions(*, plan: Plan, as_of: dt.date | None) -> Json:
    """The suggestions page's: a status for every action not rated, as at the plan's
    reporting date by default, as the page does."""
    today = timezone.localdate()
    day = as_of_or_today(as_of or min(plan.reporting_date or today, today))
    found = review_selectors.plan_suggestions(plan=plan, as_of=day)
    key = found.tracker.status_key
    return {
        "as_of": day,
        "suggestions": [
            {
                "action_id": item.action.pk,
                "reference": item.action.number,
                "domain": domain_ref(item.domain),
                "text": item.action.text,
                "status": status_out(item.suggestion.status.value, key),
                "reason": item.suggestion.reason,
            }
            for item in found.items
        ],
        "table1": table1_rows(found.table1, _positions(found.tracker), key),
    }
