import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.plans.timescales import Cadence, Kind, parse_timescale

# Every form the example plan uses, and the edges around them.
READINGS = [
    # raw, kind, date, cadence, year
    ("01/07/2020", Kind.DATE, dt.date(2020, 7, 1), None, None),
    ("1/10/2020", Kind.DATE, dt.date(2020, 10, 1), None, None),
    ("31/12/20", Kind.DATE, dt.date(2020, 12, 31), None, None),
    ("30/11/19", Kind.DATE, dt.date(2019, 11, 30), None, None),
    ("29/02/2020", Kind.DATE, dt.date(2020, 2, 29), None, None),
    (" 01/05/2021 ", Kind.DATE, dt.date(2021, 5, 1), None, None),
    ("Monthly from 01/04/2020", Kind.RECURRING, dt.date(2020, 4, 1), Cadence.MONTHLY, None),
    ("Bi-monthly from 01/02/2020", Kind.RECURRING, dt.date(2020, 2, 1), Cadence.BI_MONTHLY, None),
    ("bimonthly from 01/02/2020", Kind.RECURRING, dt.date(2020, 2, 1), Cadence.BI_MONTHLY, None),
    ("Quarterly from 01/12/2019", Kind.RECURRING, dt.date(2019, 12, 1), Cadence.QUARTERLY, None),
    ("Quarterly from 10/01/2020", Kind.RECURRING, dt.date(2020, 1, 10), Cadence.QUARTERLY, None),
    (
        "Ongoing on a monthly basis from 01/12/2019",
        Kind.RECURRING,
        dt.date(2019, 12, 1),
        Cadence.MONTHLY,
        None,
    ),
    ("2020", Kind.YEAR, None, None, 2020),
    ("Complete", Kind.COMPLETE, None, None, None),
    ("Completed.", Kind.COMPLETE, None, None, None),
    ("", Kind.BLANK, None, None, None),
    ("   ", Kind.BLANK, None, None, None),
    ("31/02/2020", Kind.INVALID_DATE, None, None, None),
    ("29/02/2021", Kind.INVALID_DATE, None, None, None),
    ("01/13/2020", Kind.INVALID_DATE, None, None, None),
    ("Quarterly from 31/04/2020", Kind.INVALID_DATE, None, Cadence.QUARTERLY, None),
    # Trackers' own ways: a month is due on its last day; a quarter or financial year on
    # its last day (financial quarters run from April); two-digit years are this century.
    ("August 2015", Kind.MONTH, dt.date(2015, 8, 31), None, None),
    ("Dec 2016", Kind.MONTH, dt.date(2016, 12, 31), None, None),
    ("Sept. 2016", Kind.MONTH, dt.date(2016, 9, 30), None, None),
    ("June 03", Kind.MONTH, dt.date(2003, 6, 30), None, None),
    ("Dec '16", Kind.MONTH, dt.date(2016, 12, 31), None, None),
    ("End Oct 03", Kind.MONTH, dt.date(2003, 10, 31), None, None),
    ("February 2020", Kind.MONTH, dt.date(2020, 2, 29), None, None),
    ("31st March 2021", Kind.DATE, dt.date(2021, 3, 31), None, None),
    ("1 Apr 21", Kind.DATE, dt.date(2021, 4, 1), None, None),
    ("2021-03-31", Kind.DATE, dt.date(2021, 3, 31), None, None),
    ("31.03.2021", Kind.DATE, dt.date(2021, 3, 31), None, None),
    ("Q3 2016/17", Kind.PERIOD, dt.date(2016, 12, 31), None, None),
    ("Q4 2016/17", Kind.PERIOD, dt.date(2017, 3, 31), None, None),
    ("Q1 2021-22", Kind.PERIOD, dt.date(2021, 6, 30), None, None),
    ("Q2 2016", Kind.PERIOD, dt.date(2016, 6, 30), None, None),
    ("2012/13", Kind.PERIOD, dt.date(2013, 3, 31), None, None),
    ("2019/2020", Kind.PERIOD, dt.date(2020, 3, 31), None, None),
    ("1999/00", Kind.PERIOD, dt.date(2000, 3, 31), None, None),
    ("Strategy agreed and in place by April 2012", Kind.MONTH, dt.date(2012, 4, 30), None, None),
    ("Phase 1 completed / Phase 2 Mar 2017", Kind.MONTH, dt.date(2017, 3, 31), None, None),
    (
        "Interim report 31/01/2021, final by March 2021",
        Kind.MONTH,
        dt.date(2021, 3, 31),
        None,
        None,
    ),
    ("Quarterly from Dec 2019", Kind.RECURRING, dt.date(2019, 12, 1), Cadence.QUARTERLY, None),
    ("From Oct 03", Kind.FROM, dt.date(2003, 10, 1), None, None),
    ("To be confirmed", Kind.OPEN, None, None, None),
    ("TBC", Kind.OPEN, None, None, None),
    ("Ongoing", Kind.OPEN, None, None, None),
    ("by 31/02/2021", Kind.INVALID_DATE, None, None, None),
    ("2019/21", Kind.UNRECOGNISED, None, None, None),  # not one financial year
    ("1.2.21", Kind.UNRECOGNISED, None, None, None),  # more often a reference than a date
    ("Autumn 2021", Kind.UNRECOGNISED, None, None, None),
    ("ASAP", Kind.UNRECOGNISED, None, None, None),
]


@pytest.mark.parametrize(("raw", "kind", "day", "cadence", "year"), READINGS)
def test_each_form_is_read_as_its_kind(raw, kind, day, cadence, year):
    timescale = parse_timescale(raw)
    assert (timescale.kind, timescale.date, timescale.cadence, timescale.year) == (
        kind,
        day,
        cadence,
        year,
    )
    assert timescale.raw == raw


def test_impossible_date_is_explained_not_moved():
    timescale = parse_timescale("31/02/2020")
    assert timescale.date is None
    assert timescale.problem == "31/02/2020 is not a real date: February 2020 has 29 days"


def test_month_out_of_range_is_explained():
    assert parse_timescale("01/13/2020").problem == (
        "01/13/2020 is not a real date: there is no month 13"
    )


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("01/07/2020", dt.date(2020, 7, 1)),
        ("2020", dt.date(2020, 12, 31)),
        ("Quarterly from 01/12/2019", None),
        ("Complete", None),
        ("31/02/2020", None),
    ],
)
def test_due_date_for_one_off_actions_only(raw, due):
    assert parse_timescale(raw).due == due


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("Quarterly from 01/12/2019", "Quarterly, from 1 December 2019"),
        ("Bi-monthly from 01/02/2020", "Bi-monthly, from 1 February 2020"),
        ("01/07/2020", "By 1 July 2020"),
        ("2020", "During 2020 (due by 31 December 2020)"),
        ("Complete", "Marked complete in the timescale"),
        ("", "No timescale given"),
    ],
)
def test_reading_is_described_in_words(raw, words):
    assert parse_timescale(raw).describe() == words


@pytest.mark.hot_path  # tests the hot path's own cache
@given(st.sampled_from([raw for raw, *_ in READINGS]) | st.text(max_size=60))
def test_a_remembered_reading_is_the_same_as_a_fresh_one(raw):
    assert parse_timescale(raw) == parse_timescale.__wrapped__(raw)
    assert parse_timescale(raw) is parse_timescale(raw)


def test_texts_that_read_the_same_each_keep_their_own_raw_text():
    assert parse_timescale("2020").raw == "2020"
    assert parse_timescale(" 2020 ").raw == " 2020 "
    assert parse_timescale(" 2020 ").year == 2020


@pytest.mark.hot_path  # tests the hot path's own cache
def test_the_remembered_readings_are_bounded_by_bytes():
    parse_timescale.cache_clear()
    bound = parse_timescale.cache.max_bytes
    for n in range(400):
        parse_timescale(f"{n:05d} " + "x" * 10_000)  # long cells, each read once
    assert 0 < parse_timescale.cache.nbytes <= bound
    assert len(parse_timescale.cache) < 400
    parse_timescale.cache_clear()


def test_a_month_or_period_says_what_it_was_read_as():
    assert (
        parse_timescale("Dec 2016").describe() == "By the end of December 2016 (31 December 2016)"
    )
    assert parse_timescale("Q3 2016/17").describe() == (
        "By the end of Q3 2016/17 (31 December 2016)"
    )
    assert parse_timescale("in place by April 2012").describe() == (
        "By the end of April 2012 (30 April 2012) (a date found in the words)"
    )
    assert parse_timescale("From Oct 03").describe() == "From 1 October 2003, with no end date"
    assert parse_timescale("To be confirmed").describe() == "No date yet"


def test_several_lines_are_several_timescales_due_when_the_last_is():
    reading = parse_timescale("31/03/2021\nJune 2021\n\nQ1 2021/22")
    assert reading.kind is Kind.SEVERAL
    assert reading.due == dt.date(2021, 6, 30)
    assert [part.kind for part in reading.parts] == [Kind.DATE, Kind.MONTH, Kind.PERIOD]
    assert reading.describe().startswith("3 timescales: By 31 March 2021; ")


def test_a_line_that_cannot_be_read_is_named():
    reading = parse_timescale("31/03/2021\nwhen funding allows")
    assert reading.kind is Kind.UNRECOGNISED
    assert reading.problem.startswith("Line 2: 'when funding allows' is not a timescale")
    impossible = parse_timescale("March 2021\n30/02/2021")
    assert impossible.kind is Kind.INVALID_DATE
    assert impossible.problem == "Line 2: 30/02/2021 is not a real date: February 2021 has 28 days"


def test_lines_that_set_no_deadline_keep_the_first_lines_reading():
    reading = parse_timescale("Monthly from 01/04/2020\nTo be confirmed")
    assert (reading.kind, reading.date, reading.cadence) == (
        Kind.RECURRING,
        dt.date(2020, 4, 1),
        Cadence.MONTHLY,
    )


@given(
    st.text(alphabet=st.sampled_from(list("0123456789/.-' \nQqAugDecFromTBCbyend")), max_size=80)
)
def test_any_text_gets_a_reading_it_can_describe(raw):
    reading = parse_timescale.__wrapped__(raw)
    assert reading.raw == raw
    assert reading.describe()
    if reading.due is not None:
        assert dt.date(1900, 1, 1) <= reading.due <= dt.date(2100, 12, 31)
    if reading.kind in (Kind.INVALID_DATE, Kind.UNRECOGNISED):
        assert reading.problem
