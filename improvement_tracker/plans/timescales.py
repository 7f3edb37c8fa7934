"""Read the timescale text of an action as trackers write it.

The raw text is always kept by the caller; this module only says what it means.
It never moves an impossible date to a real one: it says what is wrong instead.

Trackers write a deadline as a day (31/03/2021, 31 March 2021, 2021-03-31), a month
(August 2015, Dec 2016, End Oct 03: due on its last day), a quarter or a financial year
(Q3 2016/17, 2012/13: due on their last day), a year (2021), a cadence from a start
(Quarterly from 01/12/2019), a start alone (From Oct 03), or no date yet (To be
confirmed, Ongoing). A date inside longer words is found ("in place by April 2012");
where the words give several, the latest is the deadline ("Phase 1 completed / Phase 2
Mar 2017"). A cell of several lines is several timescales, one per line (one per
sub-action), due when the last of them is.
"""

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from improvement_tracker.hotpath.memo import memoised


class Kind(StrEnum):
    DATE = "date"
    MONTH = "month"  # due on the month's last day
    PERIOD = "period"  # a quarter or a financial year, due on its last day
    YEAR = "year"
    RECURRING = "recurring"
    FROM = "from"  # a start with no end
    OPEN = "open"  # no date yet, said in words
    SEVERAL = "several"  # one timescale per line, due when the last is
    COMPLETE = "complete"
    BLANK = "blank"
    INVALID_DATE = "invalid_date"
    UNRECOGNISED = "unrecognised"


# The kinds whose `date` is a deadline.
DEADLINES = frozenset({Kind.DATE, Kind.MONTH, Kind.PERIOD, Kind.SEVERAL})


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
    date: dt.date | None = None  # the deadline, or a recurring or open-ended start
    cadence: Cadence | None = None
    year: int | None = None
    problem: str | None = None  # why the text could not be read as a date
    period: str = ""  # the month, quarter or year the deadline ends, as read: "August 2015"
    in_words: bool = False  # the date was found inside longer words
    parts: tuple["Timescale", ...] = ()  # for SEVERAL: each line's reading

    @property
    def due(self) -> dt.date | None:
        """The date by which a one-off action is due, or None."""
        if self.kind in DEADLINES:
            return self.date
        if self.kind is Kind.YEAR and self.year is not None:
            return dt.date(self.year, 12, 31)
        return None

    def describe(self) -> str:
        """The reading in words, to show back to a person."""
        found = self.in_words and self.kind not in (Kind.INVALID_DATE, Kind.UNRECOGNISED)
        return self._described() + (" (a date found in the words)" if found else "")

    def _described(self) -> str:
        if self.kind is Kind.DATE and self.date:
            return f"By {_long(self.date)}"
        if self.kind in (Kind.MONTH, Kind.PERIOD) and self.date:
            return f"By the end of {self.period} ({_long(self.date)})"
        if self.kind is Kind.SEVERAL and self.date:
            each = "; ".join(part.describe() for part in self.parts)
            return f"{len(self.parts)} timescales: {each}. All due by {_long(self.date)}"
        if self.kind is Kind.RECURRING and self.cadence and self.date:
            return f"{self.cadence.value.capitalize()}, from {_long(self.date)}"
        if self.kind is Kind.FROM and self.date:
            return f"From {_long(self.date)}, with no end date"
        if self.kind is Kind.YEAR:
            return f"During {self.year} (due by 31 December {self.year})"
        if self.kind is Kind.OPEN:
            return "No date yet"
        if self.kind is Kind.COMPLETE:
            return "Marked complete in the timescale"
        if self.kind is Kind.BLANK:
            return "No timescale given"
        return self.problem or "Not understood"


_MONTH_NAMES = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_MONTH = r"(?P<month_name>" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_YEAR_2_OR_4 = r"'?(?P<year>(?:19|20)\d{2}|\d{2})"
_B = r"(?<![\w/.-])"  # not inside another number or word
_E = r"(?![\w/-]|\.\d)"

# 31/03/2021 or 31/03/21; with dots or dashes only with four-digit years (1.2.21 is
# more often a reference than a date).
_SLASHED = r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})"
_DOTTED = r"(?P<day>\d{1,2})[.-](?P<month>\d{1,2})[.-](?P<year>\d{4})"
# "Phase 2 Mar 2017" is phase 2, due in March, not the 2nd of March.
_NOT_A_DAY = "".join(
    rf"(?<!{word}\s)" for word in ("phase", "stage", "step", "part", "action", "level", "no.")
)
# Each form a date may take, most precise first; each also found inside longer words.
_FORMS = [
    ("iso", re.compile(rf"{_B}(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}}){_E}")),
    ("numeric", re.compile(rf"{_B}{_SLASHED}{_E}")),
    ("numeric", re.compile(rf"{_B}{_DOTTED}{_E}")),
    (
        "day_month",
        re.compile(
            rf"{_B}{_NOT_A_DAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+"
            rf"{_YEAR_2_OR_4}{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"{_B}(?:Q|quarter\s*)(?P<quarter>[1-4])\s*,?\s*(?:of\s+)?(?:FY\s*)?"
            rf"(?P<first>(?:19|20)\d{{2}})(?:\s*[/-]\s*(?P<second>\d{{4}}|\d{{2}}))?{_E}",
            re.IGNORECASE,
        ),
    ),
    (
        "financial_year",
        re.compile(
            rf"{_B}(?P<first>(?:19|20)\d{{2}})\s*[/-]\s*(?P<second>\d{{4}}|\d{{2}}){_E}",
            re.IGNORECASE,
        ),
    ),
    ("month", re.compile(rf"(?<![\w/.-]){_MONTH},?\s+{_YEAR_2_OR_4}{_E}", re.IGNORECASE)),
]

_RECURRING = re.compile(
    r"^(?:(?P<ongoing>ongoing on a monthly basis)|(?P<cadence>monthly|bi-?monthly|quarterly))"
    r"\s+(?:from|starting|commencing)\s+(?P<start>.+)$",
    re.IGNORECASE,
)
_FROM = re.compile(r"^(?:from|starting|commencing|started)\s+(?P<start>.+)$", re.IGNORECASE)
_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})$")
_COMPLETE = re.compile(r"^complete(?:d)?\.?$", re.IGNORECASE)
_OPEN = re.compile(
    r"^(?:to be (?:confirmed|agreed|decided|determined)|tb[cad]|ongoing|on-going|on going"
    r"|as required|as and when(?: required)?|continuous|n/?a)\.?$",
    re.IGNORECASE,
)
_UNREAD = (
    "is not a timescale this tracker understands, for example 31/03/2021, "
    "March 2021, Q3 2021/22, 2021, 'Quarterly from 01/12/2019' or 'To be confirmed'"
)


@memoised(max_bytes=1024 * 1024, max_entries=4096)
def parse_timescale(raw: str) -> Timescale:
    """What the text means. Remembered by the exact text (which the reading keeps as
    `raw`): a plan repeats a few dozen timescales across its actions, and every tracker,
    export and check reads them all again. A Timescale is frozen, so sharing is safe.
    What is remembered is bounded by bytes, as a cell can be long (ADR 0026)."""
    lines = [line for line in raw.splitlines() if line.strip()]
    if len(lines) > 1:
        return _several(raw, [_one(line) for line in lines])
    return _one(raw)


def _several(raw: str, parts: list[Timescale]) -> Timescale:
    """One timescale per line: due when the last is; a line that cannot be read is the
    whole cell's problem, named with its line."""
    for number, part in enumerate(parts, start=1):
        if part.kind in (Kind.INVALID_DATE, Kind.UNRECOGNISED):
            problem = f"Line {number}: {part.problem}"
            return Timescale(raw, part.kind, problem=problem, parts=tuple(parts))
    dues = [part.due for part in parts if part.due is not None]
    if not dues:
        # No line sets a deadline (cadences, starts, "to be confirmed"): the first says most.
        first = parts[0]
        return Timescale(raw, first.kind, first.date, first.cadence, first.year, parts=tuple(parts))
    return Timescale(raw, Kind.SEVERAL, date=max(dues), parts=tuple(parts))


def _one(raw: str) -> Timescale:
    text = " ".join(raw.split())
    if not text:
        return Timescale(raw, Kind.BLANK)
    if _COMPLETE.match(text):
        return Timescale(raw, Kind.COMPLETE)
    if _OPEN.match(text):
        return Timescale(raw, Kind.OPEN)
    if match := _YEAR.match(text):
        return Timescale(raw, Kind.YEAR, year=int(match["year"]))
    if match := _RECURRING.match(text):
        cadence = _cadence(match)
        start = _first_date(match["start"], raw)
        if start.kind is Kind.INVALID_DATE:
            return Timescale(raw, Kind.INVALID_DATE, cadence=cadence, problem=start.problem)
        if start.date is not None:
            return Timescale(raw, Kind.RECURRING, date=_start_of(start), cadence=cadence)
    elif match := _FROM.match(text):
        start = _first_date(match["start"], raw)
        if start.kind is Kind.INVALID_DATE:
            return start
        if start.date is not None:
            return Timescale(raw, Kind.FROM, date=_start_of(start))
    found = _dates_in(text, raw)
    invalid = next((one for one in found if one.kind is Kind.INVALID_DATE), None)
    if invalid is not None:
        return invalid
    if found:
        latest = max(found, key=lambda one: (one.date, one.kind is Kind.DATE))
        if latest.in_words or len(found) > 1:
            return replace(latest, in_words=True)
        return latest
    return Timescale(raw, Kind.UNRECOGNISED, problem=f"'{text}' {_UNREAD}")


def _first_date(text: str, raw: str) -> Timescale:
    found = _dates_in(text, raw)
    if not found:
        return Timescale(raw, Kind.UNRECOGNISED)
    return min(found, key=lambda one: one.date or dt.date.min)


def _start_of(reading: Timescale) -> dt.date:
    """A start written as a month or period starts on its first day, not its last."""
    assert reading.date is not None  # noqa: S101 - only called with a date
    if reading.kind is Kind.MONTH:
        return reading.date.replace(day=1)
    return reading.date


def _dates_in(text: str, raw: str) -> list[Timescale]:
    """Every date the words give, each read once (the most precise reading of a stretch
    of text wins: 31 March 2021 is a day, not March 2021)."""
    found: list[Timescale] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in _FORMS:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            reading = _READERS[form](match, raw)
            if reading is None:
                continue
            taken.append(match.span())
            whole = match.start() == 0 and match.end() == len(text)
            found.append(reading if whole else replace(reading, in_words=True))
    return found


def _year(text: str) -> int:
    """Two-digit years in these plans are this century: 31/12/20 is 2020, Oct 03 is 2003."""
    return int(text) + 2000 if len(text) == 2 else int(text)


def _day(match: re.Match[str], raw: str, month: int) -> Timescale:
    day, year = int(match["day"]), _year(match["year"])
    written = match[0]
    if not 1 <= month <= 12:
        problem = f"{written} is not a real date: there is no month {month}"
        return Timescale(raw, Kind.INVALID_DATE, problem=problem)
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = calendar.month_name[month]
        problem = f"{written} is not a real date: {month_name} {year} has {days_in_month} days"
        return Timescale(raw, Kind.INVALID_DATE, problem=problem)
    return Timescale(raw, Kind.DATE, date=dt.date(year, month, day))


def _numeric(match: re.Match[str], raw: str) -> Timescale:
    return _day(match, raw, int(match["month"]))


def _named_day(match: re.Match[str], raw: str) -> Timescale:
    return _day(match, raw, _MONTH_NAMES[match["month_name"].lower()])


def _month(match: re.Match[str], raw: str) -> Timescale:
    month, year = _MONTH_NAMES[match["month_name"].lower()], _year(match["year"])
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return Timescale(raw, Kind.MONTH, date=last, period=f"{calendar.month_name[month]} {year}")


def _financial_year(match: re.Match[str], raw: str) -> Timescale | None:
    """2012/13: April 2012 to March 2013. Two years that do not follow on are not one."""
    first = int(match["first"])
    second = int(match["second"])
    if len(match["second"]) == 2:
        second += first // 100 * 100 + (100 if second < first % 100 else 0)
    if second != first + 1:
        return None
    period = f"{first}/{str(second)[2:]}"
    return Timescale(raw, Kind.PERIOD, date=dt.date(second, 3, 31), period=period)


def _quarter(match: re.Match[str], raw: str) -> Timescale | None:
    """Q3 2016/17 is a financial year's third quarter (October to December 2016); Q3 2016,
    without a second year, the calendar's (July to September)."""
    quarter, first = int(match["quarter"]), int(match["first"])
    if match["second"]:
        year = _financial_year(match, raw)
        if year is None:
            return None
        # Financial quarters end in June, September, December and March.
        end_year, end_month = (first, 3 * quarter + 3) if quarter < 4 else (first + 1, 3)
        period = f"Q{quarter} {year.period}"
    else:
        end_year, end_month = first, 3 * quarter
        period = f"Q{quarter} {first}"
    last = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return Timescale(raw, Kind.PERIOD, date=last, period=period)


_READERS: dict[str, Callable[[re.Match[str], str], Timescale | None]] = {
    "iso": _numeric,
    "numeric": _numeric,
    "day_month": _named_day,
    "quarter": _quarter,
    "financial_year": _financial_year,
    "month": _month,
}


def _cadence(match: re.Match[str]) -> Cadence:
    if match["ongoing"]:
        return Cadence.MONTHLY
    word = match["cadence"].lower().replace("-", "")
    return {"monthly": Cadence.MONTHLY, "bimonthly": Cadence.BI_MONTHLY}.get(
        word, Cadence.QUARTERLY
    )


def _long(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
