"""The rows of a domain's table on the tracker, written in Python.

Plain twin: the template plans/_tracker_rows.html, a loop over the actions in the same
GOV.UK table markup. The tracker of a large plan renders a thousand rows, and the
template engine's per-value lookups cost several times more than this (the ledger in
docs/performance.md). Every value is escaped by html.escape, which is what Django's
escape calls, without the check for lazy strings around it that took half the rows'
time; `tests/hotpath/test_govuk_twins.py` holds the two to the same output.
"""

import html
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Protocol
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from improvement_tracker.hotpath.twins import twin_of
from improvement_tracker.plans.action_links import with_action_links
from improvement_tracker.plans.key_checks import Flag
from improvement_tracker.plans.models import Action, Activity, Domain, Objective
from improvement_tracker.plans.rag import KeyEntry, Status, StatusKey, status_of
from improvement_tracker.plans.status_tags import labelled_tag


class Row(Protocol):
    """What a row shows of an action as at a date (plans/selectors/tracker.py: TrackedAction)."""

    @property
    def number(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def lead_text(self) -> str: ...
    @property
    def timescale_text(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def high_priority(self) -> bool: ...
    @property
    def progress(self) -> str: ...
    @property
    def extra(self) -> Sequence[tuple[str, str]]: ...
    @property
    def objective(self) -> Objective | None: ...
    @property
    def activities(self) -> Sequence[Activity]: ...
    @property
    def references(self) -> Mapping[str, Action]: ...
    @property
    def flags(self) -> Sequence[Flag]: ...


class DomainRows(Protocol):
    """A domain and its actions as the tracker shows them (TrackerDomain)."""

    @property
    def domain(self) -> Domain: ...
    @property
    def actions(self) -> Sequence[Row]: ...
    @property
    def anchors(self) -> Mapping[str, str]: ...


def tracker_rows_plain(
    entry: DomainRows, anchors: Mapping[int, str], plan_slug: str, key: StatusKey
) -> SafeString:
    context = {"entry": entry, "anchors": anchors, "plan_slug": plan_slug, "key": key}
    return render_to_string("plans/_tracker_rows.html", context)


ROW = (
    '\n<tr class="govuk-table__row" id="{anchor}" data-status="{status}"'
    ' data-high-priority="{high}">\n'
    '  <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{url}">'
    '<span class="govuk-visually-hidden">Action </span>{number}</a></th>\n'
    '  <td class="govuk-table__cell">{priority}{text}</td>\n'
    '  <td class="govuk-table__cell">{lead}</td>\n'
    '  <td class="govuk-table__cell">{timescale}</td>\n'
    '  <td class="govuk-table__cell">{tag}{flags}</td>\n'
    '  <td class="govuk-table__cell">{progress}</td>\n'
    "</tr>"
)
HIGH_PRIORITY = (
    '<strong><span aria-hidden="true">*</span>'
    '<span class="govuk-visually-hidden">High priority: </span></strong>'
)


@twin_of(tracker_rows_plain)
def tracker_rows(
    entry: DomainRows, anchors: Mapping[int, str], plan_slug: str, key: StatusKey
) -> SafeString:
    first = reverse("plans:action_detail", args=[plan_slug, entry.domain.position, 1])
    action_url = html.escape(first[: -len("1/")])  # escaped once; the numbers are below
    # The plan's tags, each status's once, by the value an action holds.
    tags = {status.value: _tag(key.entry(status)) for status in Status}
    rows = []
    objective: Objective | None = None
    for action in entry.actions:
        if action.objective is not None and action.objective != objective:
            rows.append(_objective_row(action.objective))
        objective = action.objective
        flags = "".join(
            f'<span class="app-flag"><strong>{html.escape(f.kind.label)}:</strong> '
            f"{html.escape(f.reason)}</span>"
            for f in action.flags
        )
        progress = with_action_links(action.progress, action.references, anchors, entry.domain)
        # Most references (16, 1.2, C1.1.1) are the same quoted, escaped or neither.
        number = action.number
        plain = _PLAIN_REFERENCE.fullmatch(number) is not None
        text = _lines(action.text)
        if action.extra:
            text += _extra(action.extra)
        if action.activities:
            text += _activities(action.activities, key)
        rows.append(
            ROW.format(
                anchor=html.escape(entry.anchors.get(number, "")),
                status=html.escape(action.status),
                high="true" if action.high_priority else "false",
                url=f"{action_url}{number if plain else quote(number, safe='()')}/",
                number=number if plain else html.escape(number),
                priority=HIGH_PRIORITY if action.high_priority else "",
                text=text,
                lead=_lines(action.lead_text),
                timescale=_lines(action.timescale_text),
                tag=tags[action.status],
                flags=flags,
                progress=progress,
            )
        )
    return mark_safe("".join(rows) + "\n")  # noqa: S308 - every value escaped above


def _extra(values: Sequence[tuple[str, str]]) -> str:
    """The action's values under the plan's extra fields, a line each below its text."""
    return "".join(
        f'<div class="govuk-!-margin-top-2"><strong>{html.escape(name)}:</strong> '
        f"{_lines(value)}</div>"
        for name, value in values
    )


def _objective_row(objective: Objective) -> str:
    """A row spanning the table: the objective the actions below it serve (ADR 0041)."""
    number = f" {html.escape(objective.number)}" if objective.number else ""
    lead = f"<br>Lead: {_lines(objective.lead_text)}" if objective.lead_text else ""
    return (
        '\n<tr class="govuk-table__row app-objective"><td colspan="6"'
        f' class="govuk-table__cell"><strong>Objective{number}: {_lines(objective.text)}</strong>'
        f"{lead}</td></tr>"
    )


def _activities(activities: Sequence[Activity], key: StatusKey) -> str:
    """The action's activities, a line each below its text, with their own lead, timescale
    and status."""
    if not activities:
        return ""
    items = []
    for activity in activities:
        number = f"<strong>{html.escape(activity.number)}</strong> " if activity.number else ""
        lead = f"<br>Lead: {_lines(activity.lead_text)}" if activity.lead_text else ""
        timescale = (
            f"<br>Timescale: {_lines(activity.timescale_text)}" if activity.timescale_text else ""
        )
        tag = _tag(key.entry(status_of(activity.status)))
        items.append(f"<li>{number}{_lines(activity.text)}{lead}{timescale}<br>{tag}</li>")
    return f'<ul class="govuk-list govuk-!-margin-top-2 app-activities">{"".join(items)}</ul>'


@cache
def _tag(entry: KeyEntry) -> SafeString:
    """A plan's few statuses, each label and colour rendered once."""
    return labelled_tag(entry.label, entry.colour)


def _lines(text: str) -> str:
    """Like the linebreaksbr filter: escaped, with its line breaks kept."""
    return html.escape(_NEWLINES.sub("\n", text)).replace("\n", "<br>")


_NEWLINES = re.compile(r"\r\n|\r")  # as django.utils.text.normalize_newlines
# A reference that quote(safe="()") and html.escape() both leave as it is: what
# plans/numbering.py lets one be (16, 1.2, C1.1(a)), and any other is quoted and escaped.
_PLAIN_REFERENCE = re.compile(r"[A-Za-z0-9.()_-]*")
