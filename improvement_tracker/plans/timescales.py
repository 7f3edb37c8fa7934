"""Read the timescale text of an action as the example plans write it.

The raw text is always kept by the caller; this module only says what it means.
It never moves an impossible date to a real one: it says what is wrong instead.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from improvement_tracker.hotpath.memo import memoised


class Kind(StrEnum):
    DATE = "date"
    RECURRING = "recurring"
    YEAR = "year"
    COMPLETE = "complete"
    BLANK = "blank"
    INVALID_DATE = "invalid_date"
    UNRECOGNISED = "unrecognised"


class Cadence(StrEnum):
    MONTHLY = "monthly"
    BI_MONTHLY = "bi-monthly"
    QUARTERLY = "quarterly"

    @property
    def months(self) -> int:
        return {"monthly": 1, "bi-monthly": 2, "quarterly": 3}[self.value]


@dataclass(frozen=True)
class Timescale:
    raw: str
    kind: Kind
    date: dt.date | None = None  # the deadline, or a recurring action's start
    cadence: Cadence | None = None
    year: int | None = None
    problem: str | None = None  # why the text could not be read as a date

    @property
    def due(self) -> dt.date | None:
        """The date by which a one-off action is due, or None."""
        if self.kind is Kind.DATE:
            return self.date
        if self.kind is Kind.YEAR and self.year is not None:
            return dt.date(self.year, 12, 31)
        return None

    def describe(self) -> str:
        """The reading in words, to show back to a person."""
        if self.kind is Kind.DATE and self.date:
            return f"By {_long(self.date)}"
        if self.kind is Kind.RECURRING and self.cadence and self.date:
            return f"{self.cadence.value.capitalize()}, from {_long(self.date)}"
        if self.kind is Kind.YEAR:
            return f"During {self.year} (due by 31 December {self.year})"
        if self.kind is Kind.COMPLETE:
            return "Marked complete in the timescale"
        if self.kind is Kind.BLANK:
            return "No timescale given"
        return self.problem or "Not understood"


_DATE = r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})"
_RECURRING = re.compile(
    r"^(?:(?P<ongoing>ongoing on a monthly basis)|(?P<cadence>monthly|bi-?monthly|quarterly))"
    rf"\s+from\s+{_DATE}$",
    re.IGNORECASE,
)
_PLAIN_DATE = re.compile(rf"^{_DATE}$")
_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})$")
_COMPLETE = re.compile(r"^complete(?:d)?\.?$", re.IGNORECASE)


@memoised(max_bytes=1024 * 1024, max_entries=4096)
def parse_timescale(raw: str) -> Timescale:
    """What the text means. Remembered by the exact text (which the reading keeps as
    `raw`): a plan repeats a few dozen timescales across its actions, and every tracker,
    export and check reads them all again. A Timescale is frozen, so sharing is safe.
    What is remembered is bounded by bytes, as a cell can be long (ADR 0026)."""
    text = " ".join(raw.split())
    if not text:
        return Timescale(raw, Kind.BLANK)
    if _COMPLETE.match(text):
        return Timescale(raw, Kind.COMPLETE)
    if match := _YEAR.match(text):
        return Timescale(raw, Kind.YEAR, year=int(match["year"]))
    if match := _PLAIN_DATE.match(text):
        day, problem = _read_date(match)
        if problem:
            return Timescale(raw, Kind.INVALID_DATE, problem=problem)
        return Timescale(raw, Kind.DATE, date=day)
    if match := _RECURRING.match(text):
        cadence = _cadence(match)
        day, problem = _read_date(match)
        if problem:
            return Timescale(raw, Kind.INVALID_DATE, cadence=cadence, problem=problem)
        return Timescale(raw, Kind.RECURRING, date=day, cadence=cadence)
    return Timescale(
        raw,
        Kind.UNRECOGNISED,
        problem=f"'{text}' is not a timescale this tracker understands, "
        "for example 31/03/2021, 'Quarterly from 01/12/2019' or 2020",
    )


def _cadence(match: re.Match[str]) -> Cadence:
    if match["ongoing"]:
        return Cadence.MONTHLY
    word = match["cadence"].lower().replace("-", "")
    return {"monthly": Cadence.MONTHLY, "bimonthly": Cadence.BI_MONTHLY}.get(
        word, Cadence.QUARTERLY
    )


def _read_date(match: re.Match[str]) -> tuple[dt.date | None, str | None]:
    day, month, year_text = int(match["day"]), int(match["month"]), match["year"]
    # Two-digit years in these plans are this century: 31/12/20 is 2020.
    year = int(year_text) + 2000 if len(year_text) == 2 else int(year_text)
    written = f"{match['day']}/{match['month']}/{year_text}"
    if not 1 <= month <= 12:
        return None, f"{written} is not a real date: there is no month {month}"
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = calendar.month_name[month]
        return None, (f"{written} is not a real date: {month_name} {year} has {days_in_month} days")
    return dt.date(year, month, day), None


def _long(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
