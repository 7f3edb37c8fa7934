"""What a tracker address asks for, written one way: the key its cached parts are kept
under, and the data its forms are bound to (ADR 0026).

The tracker and its exports read the as-at date and the filters, nothing else. Any other
parameter (`utm_source`, a cache-buster) is dropped, and each value the filters accept is
written as the form reads it (`q= covid ` is `q=covid`, `priority=yes` is `priority=on`,
an empty filter is no filter), so addresses that show the same thing share one entry. An
address with a value the forms would refuse is not read at all: the page shows it with
its error messages, and it is never cached.
"""

import datetime as dt
from dataclasses import dataclass

from django.http import QueryDict

from improvement_tracker.plans.forms import AsAtForm, TrackerFilterForm
from improvement_tracker.plans.rag import Status

SEARCH_MAX_LENGTH = 200  # TrackerFilterForm.q's max_length
_STATUSES = frozenset(status.value for status in Status)


@dataclass(frozen=True)
class TrackerQuery:
    as_of: dt.date | None  # None when the address names no date (today, on the page)
    filters: tuple[tuple[str, str], ...]  # (key, value) in TrackerFilterForm.KEYS order

    def data(self) -> QueryDict:
        """The query the page is built from: the date (if one was named) and the filters."""
        data = QueryDict(mutable=True)
        if self.as_of is not None:
            data["as_of"] = self.as_of.isoformat()
        for key, value in self.filters:
            data[key] = value
        return data


def read_tracker_query(params: QueryDict) -> TrackerQuery | None:
    """The date and filters `params` ask for; None if a value is one the forms refuse.

    A domain or lead is checked here only for its form (a whole number); whether the plan
    has it is the filter form's to say, with the tracker in hand.
    """
    as_of: dt.date | None = None
    if "as_of_0" in params:  # the date form's three fields
        form = AsAtForm(params)
        if not form.is_valid():
            return None
        as_of = form.cleaned_data["as_of"]
    elif written := params.get("as_of", ""):
        try:
            as_of = dt.date.fromisoformat(str(written))
        except ValueError:
            as_of = None  # the page shows today, as for no date at all
    filters = []
    for key in TrackerFilterForm.KEYS:
        value = _filter_value(key, str(params.get(key, "")))
        if value is None:
            return None
        if value:
            filters.append((key, value))
    return TrackerQuery(as_of=as_of, filters=tuple(filters))


def _filter_value(key: str, raw: str) -> str | None:
    """The value as TrackerFilterForm reads it ("" for no filter), or None if it refuses it."""
    if key in ("priority", "flagged"):  # checkboxes: absent, empty or "false" is unticked
        return "" if raw.lower() in ("", "false") else "on"
    if key == "q":
        text = raw.strip()
        return None if len(text) > SEARCH_MAX_LENGTH or "\x00" in text else text
    if raw == "":
        return ""
    if key == "status":
        return raw if raw in _STATUSES else None
    # domain and lead: a choice's value, which is a whole number written plainly
    return raw if raw.isascii() and raw.isdigit() and str(int(raw)) == raw else None
