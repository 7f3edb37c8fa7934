"""The read endpoints' schemas (`api/read.py`): a public contract, so names are stable and
every field says what it is (the OpenAPI description and reference page are made of them).

Statuses are written as their stable meanings with the plan's own label (`StatusOut`);
ids are the database's, and every action carries its human reference too.
"""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from improvement_tracker.api.schemas import StatusOut


class PlanSummary(Schema):
    """A plan as listed: enough to find it and read it."""

    id: int = Field(description="The plan's id.")
    slug: str = Field(description="The plan's address name, used in every plan endpoint.")
    title: str = Field(description="The plan's title.")
    organisation: str = Field(description="The organisation whose plan it is.")
    archived: bool = Field(description="Whether the plan is archived (read only).")
    url: str = Field(description="Its API address (a path on this server).")
    web_url: str = Field(description="Its tracker page (a path on this server).")


class PlanPage(Schema):
    """One page of the plans the caller may see."""

    count: int = Field(description="How many plans there are on every page together.")
    page: int = Field(description="This page's number, from 1.")
    page_size: int = Field(description="At most how many plans each page holds.")
    next: str | None = Field(description="The next page's address, or null on the last.")
    previous: str | None = Field(description="The previous page's address, or null on the first.")
    results: list[PlanSummary] = Field(
        description="The plans on this page: live ones by organisation and title, archived "
        "ones newest archived first."
    )


class DomainRef(Schema):
    id: int = Field(description="The domain's id.")
    position: int = Field(description="Its position in the plan, from 1 (the `domain` filter).")
    label: str = Field(description="Its label, as Table 1 heads its column.")


class LeadOut(Schema):
    id: int = Field(description="The lead's id in the organisation's register (the `lead` filter).")
    name: str = Field(description="The lead's name.")


class TimescaleOut(Schema):
    kind: str = Field(
        description="How the timescale text reads: date, month, period, year, recurring, "
        "from, open, several, complete, blank, invalid_date or unrecognised."
    )
    date: dt.date | None = Field(
        description="The deadline (or a recurring or open-ended start) read from it, or null."
    )


class FlagOut(Schema):
    kind: str = Field(
        description="What needs attention: contradicts_key, review_overdue, "
        "complete_not_completed, impossible_date or unreadable_timescale."
    )
    label: str = Field(description="The kind in words, as the tracker shows it.")
    words: str = Field(description="Why it is flagged, as the tracker says it.")


class ObjectiveOut(Schema):
    number: str = Field(description="The objective's number as the plan writes it (may be empty).")
    text: str = Field(description="The objective's words.")


class ActivityOut(Schema):
    number: str = Field(description="The activity's reference as the plan writes it.")
    text: str = Field(description="What the activity is.")
    lead_text: str = Field(description="Its lead, as written.")
    timescale_text: str = Field(description="Its timescale, as written.")
    status: StatusOut = Field(description="Its status.")


class ActionOut(Schema):
    """An action as it stood at the as-at date."""

    id: int = Field(description="The action's id.")
    reference: str = Field(
        description="Its human reference as the plan writes it: 16, 1.2, C1.1.1."
    )
    domain: DomainRef = Field(description="The domain it is in.")
    text: str = Field(description="What the action is.")
    leads: list[LeadOut] = Field(description="The leads its lead text names, by name.")
    lead_text: str = Field(description="Its lead, as written.")
    timescale_text: str = Field(description="Its timescale, as written.")
    timescale: TimescaleOut = Field(description="Its timescale as read.")
    high_priority: bool = Field(description="Whether it is a high-priority action (Table 2).")
    status: StatusOut = Field(description="Its status as at the date.")
    progress: str = Field(description="The latest update's progress words as at the date.")
    evidence: str = Field(description="The latest update's evidence of impact as at the date.")
    updated_on: dt.date | None = Field(
        description="The date of the latest update as at the date, or null if none."
    )
    flags: list[FlagOut] = Field(description="What the key says needs attention.")
    extra: dict[str, str] = Field(description="Its values under the plan's extra fields, by name.")
    objective: ObjectiveOut | None = Field(description="The objective it serves, or null.")
    activities: list[ActivityOut] = Field(description="Its live activities, in order.")
    version: int = Field(description="Its version: send it with an update (a stale one is 409).")
    url: str = Field(description="Its API address (a path on this server).")
    web_url: str = Field(description="Its page (a path on this server).")


class KeyEntryOut(Schema):
    meaning: str = Field(description="The stable meaning.")
    label: str = Field(description="The plan's word for it.")
    colour: str = Field(description="The GOV.UK tag colour the plan gives it.")
    description: str = Field(description="What it means in this plan, as its key says.")


class DomainOut(Schema):
    id: int = Field(description="The domain's id.")
    position: int = Field(description="Its position in the plan, from 1.")
    label: str = Field(description="Its label.")
    title: str = Field(description="Its title.")
    actions: list[ActionOut] = Field(description="Its live actions shown, in the tracker's order.")


class DomainCount(Schema):
    position: int = Field(description="The domain's position.")
    label: str = Field(description="The domain's label (Table 1's column).")
    count: int = Field(description="How many of its actions have this status.")


class Table1Row(Schema):
    label: str = Field(description="The row's status label, or 'Total' for the last row.")
    meaning: str | None = Field(description="The status's meaning; null for the Total row.")
    domains: list[DomainCount] = Field(description="The count under each domain, in order.")
    total: int = Field(description="The count in the Totals column.")


class StatusCount(Schema):
    label: str = Field(description="The status label, or 'Total'.")
    meaning: str | None = Field(description="The status's meaning; null for Total.")
    count: int = Field(description="How many actions.")


class FlagCount(Schema):
    kind: str = Field(description="The kind of flag.")
    label: str = Field(description="The kind in words.")
    count: int = Field(description="How many flags of this kind.")


class FlagsOut(Schema):
    by_kind: list[FlagCount] = Field(description="Every kind of flag with its count (0 too).")
    total: int = Field(description="Every flag together, as the tracker's exceptions link says.")


class FiltersOut(Schema):
    domain: int | None = Field(description="The domain position shown, or null for every domain.")
    status: str | None = Field(description="The status meaning shown, or null for any.")
    lead: int | None = Field(description="The lead id shown, or null for any.")
    priority: bool = Field(description="Whether only high-priority actions are shown.")
    flagged: bool = Field(description="Whether only flagged actions are shown.")
    text: str = Field(description="The words searched for, or empty.")
    description: str = Field(description="The filter in the tracker's words; empty for none.")


class PlanOut(Schema):
    """A plan as at a date, as its tracker page shows it."""

    id: int = Field(description="The plan's id.")
    slug: str = Field(description="Its address name.")
    title: str = Field(description="Its title.")
    organisation: str = Field(description="The organisation whose plan it is.")
    archived: bool = Field(description="Whether it is archived (read only).")
    as_of: dt.date = Field(description="The date it is shown as at.")
    filters: FiltersOut = Field(description="The filters applied.")
    action_count: int = Field(description="How many actions are shown.")
    key: list[KeyEntryOut] = Field(description="The plan's status key, in its order.")
    extra_fields: list[str] = Field(description="The plan's extra fields' names, in order.")
    domains: list[DomainOut] = Field(description="Its domains shown, each with its actions.")
    table1: list[Table1Row] = Field(description="Table 1: status by domain, with totals.")
    table2: list[StatusCount] = Field(description="Table 2: high-priority actions by status.")
    flags: FlagsOut = Field(description="Flags where a rating or timescale needs attention.")
    url: str = Field(description="Its API address (a path on this server).")
    web_url: str = Field(description="Its tracker page (a path on this server).")


class ActionRow(Schema):
    """One action as one flat row of scalars: what Power BI and Excel read as a table."""

    plan: str = Field(description="The plan's slug.")
    action_id: int = Field(description="The action's id.")
    domain_position: int = Field(description="Its domain's position.")
    domain_label: str = Field(description="Its domain's label.")
    reference: str = Field(description="Its human reference.")
    text: str = Field(description="What the action is.")
    leads: str = Field(description="The leads it names, joined with '; '.")
    lead_text: str = Field(description="Its lead, as written.")
    timescale_text: str = Field(description="Its timescale, as written.")
    timescale_date: dt.date | None = Field(description="The date read from it, or null.")
    high_priority: bool = Field(description="Whether it is high priority.")
    status: str = Field(description="Its status's meaning as at the date.")
    status_label: str = Field(description="Its status in the plan's words.")
    progress: str = Field(description="The latest progress words as at the date.")
    evidence: str = Field(description="The latest evidence of impact as at the date.")
    updated_on: dt.date | None = Field(description="The latest update's date, or null.")
    flags: str = Field(description="Its flags as 'kind: words', joined with '; '.")
    extra: str = Field(description="Its extra fields as 'name: value', joined with '; '.")
    as_of: dt.date = Field(description="The date it is shown as at.")


class StatusChangeOut(Schema):
    from_status: StatusOut = Field(description="The status before.")
    to_status: StatusOut = Field(description="The status after.")
    by: str = Field(description="Who changed it.")
    at: dt.datetime = Field(description="When it was recorded.")
    reason: str = Field(description="Why, as they said it (may be empty).")


class UpdateOut(Schema):
    id: int = Field(description="The update's id.")
    made_on: dt.date = Field(description="The date the update is for.")
    period: str = Field(description="The reporting period it names, e.g. 'October 2020'.")
    author: str = Field(description="Who made it.")
    status: StatusOut = Field(description="The status it gave.")
    progress: str = Field(description="Its progress words.")
    evidence: str = Field(description="Its evidence of impact.")
    status_change: StatusChangeOut | None = Field(
        description="The status change it made, or null if the status stayed."
    )


class ActionDetail(ActionOut):
    """An action as at a date, with its updates made up to that date, newest first."""

    archived: bool = Field(description="Whether the action, or its domain, is archived.")
    as_of: dt.date = Field(description="The date it is shown as at.")
    history: list[UpdateOut] = Field(description="Its updates up to the date, newest first.")


class AuditEventOut(Schema):
    id: int = Field(description="The event's id.")
    at: dt.datetime = Field(description="When it happened.")
    who: str = Field(description="Who did it, as the history page names them.")
    verb: str = Field(description="What kind of event: create, change, status, update, export …")
    what: str = Field(description="What happened, in the history page's words.")
    before: Any = Field(None, description="The values before, as recorded (null if none).")
    after: Any = Field(None, description="The values after, as recorded (null if none).")


class AuditPage(Schema):
    count: int = Field(description="How many events there are on every page together.")
    page: int = Field(description="This page's number, from 1.")
    page_size: int = Field(description="At most how many events each page holds.")
    next: str | None = Field(description="The next (older) page's address, or null.")
    previous: str | None = Field(description="The previous (newer) page's address, or null.")
    results: list[AuditEventOut] = Field(description="The events, newest first.")


class SuggestionOut(Schema):
    action_id: int = Field(description="The action's id.")
    reference: str = Field(description="Its human reference.")
    domain: DomainRef = Field(description="Its domain.")
    text: str = Field(description="What the action is.")
    status: StatusOut = Field(description="The status suggested.")
    reason: str = Field(description="Why it is suggested.")


class SuggestionsOut(Schema):
    """A suggested status, with its reason, for every action not rated at the date."""

    as_of: dt.date = Field(description="The date the suggestions are for.")
    suggestions: list[SuggestionOut] = Field(description="One per action not rated.")
    table1: list[Table1Row] = Field(description="Table 1 if every suggestion were accepted.")
