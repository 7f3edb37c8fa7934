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
