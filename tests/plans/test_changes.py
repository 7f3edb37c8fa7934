"""One action as at two dates compared (plans/changes.py), without the database."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.plans.changes import (
    STATUS_SCALE,
    ActionAsAt,
    Change,
    ChangeKind,
    action_changes,
    direction,
    timescale_words,
)
from improvement_tracker.plans.rag import EXAMPLE_KEY, KeyEntry, Status, StatusKey
from improvement_tracker.plans.timescales import parse_timescale

SINCE, UNTIL = dt.date(2027, 1, 31), dt.date(2027, 2, 28)
BEFORE = ActionAsAt(
    domain="Governance",
    reference="3",
    text="Publish the plan.",
    timescale_text="March 2028",
    status=Status.AT_RISK,
    last_update=dt.date(2027, 1, 20),
    live=True,
)
UPDATED = replace(BEFORE, last_update=dt.date(2027, 2, 20))


def kinds(before: ActionAsAt | None, after: ActionAsAt | None, key: StatusKey = EXAMPLE_KEY):
    found = action_changes(before, after, since=SINCE, until=UNTIL, key=key)
    return [change.kind for change in found]


def only(before: ActionAsAt | None, after: ActionAsAt, kind: ChangeKind) -> Change:
    found = action_changes(before, after, since=SINCE, until=UNTIL, key=EXAMPLE_KEY)
    matching = [change for change in found if change.kind is kind]
    assert len(matching) == 1, found
    return matching[0]


def test_an_action_updated_and_otherwise_unchanged_has_no_change():
    assert kinds(BEFORE, UPDATED) == []


def test_no_update_between_the_dates_is_a_change_of_its_own():
    change = only(BEFORE, BEFORE, ChangeKind.NO_UPDATE)
    assert change.words == (
        "No update between 31 January 2027 and 28 February 2027 (last update 20 January 2027)"
    )
    never = replace(BEFORE, last_update=None, status=Status.NOT_RATED)
    assert "(never)" in only(never, never, ChangeKind.NO_UPDATE).words


@pytest.mark.parametrize(
    ("was", "now", "kind", "said"),
    [
        (Status.AT_RISK, Status.ON_TRACK, ChangeKind.STATUS_BETTER, "Amber → Green (better)"),
        (Status.ON_TRACK, Status.AT_RISK, ChangeKind.STATUS_WORSE, "Green → Amber (worse)"),
        (Status.COMPLETE, Status.COMPLETE_ASSURED, ChangeKind.STATUS_BETTER, "(better)"),
        (Status.NOT_RATED, Status.ON_TRACK, ChangeKind.STATUS_MOVED, "no direction"),
        (Status.ON_TRACK, Status.NOT_STARTED, ChangeKind.STATUS_MOVED, "no direction"),
    ],
)
def test_a_status_move_has_its_direction_in_the_plans_words(was, now, kind, said):
    change = only(replace(BEFORE, status=was), replace(UPDATED, status=now), kind)
    assert said in change.words
    assert (change.before, change.after) == (EXAMPLE_KEY.label(was), EXAMPLE_KEY.label(now))


def test_the_words_are_the_plans_own_labels():
    key = StatusKey(
        (
            KeyEntry(Status.AT_RISK, "Slipping", "orange"),
            KeyEntry(Status.ON_TRACK, "Fine", "green"),
        )
    )
    found = action_changes(
        BEFORE, replace(UPDATED, status=Status.ON_TRACK), since=SINCE, until=UNTIL, key=key
    )
    assert [c.words for c in found] == ["Slipping → Fine (better)"]


def test_completing_is_better_and_completed():
    after = replace(UPDATED, status=Status.COMPLETE)
    assert kinds(BEFORE, after) == [ChangeKind.STATUS_BETTER, ChangeKind.COMPLETED]


def test_newly_off_track_is_worse_and_newly_red():
    after = replace(UPDATED, status=Status.OFF_TRACK)
    assert kinds(BEFORE, after) == [ChangeKind.STATUS_WORSE, ChangeKind.NEWLY_RED]
    # Off track at both dates is not new.
    assert kinds(replace(BEFORE, status=Status.OFF_TRACK), after) == []


def test_a_date_passed_between_the_dates_is_newly_overdue_and_flagged():
    before = replace(BEFORE, timescale_text="15/02/2027", status=Status.ON_TRACK)
    after = replace(before, last_update=dt.date(2027, 2, 20))
    assert kinds(before, after) == [ChangeKind.NEWLY_OVERDUE, ChangeKind.FLAG_NEW]
    change = only(before, after, ChangeKind.NEWLY_OVERDUE)
    assert change.words == "Due 15 February 2027, passed and not complete (rated Green)"
    # Passed before `since` already: not new.
    passed = replace(before, timescale_text="15/01/2027")
    assert kinds(passed, replace(passed, last_update=dt.date(2027, 2, 20))) == []


def test_a_flag_cleared_is_said():
    before = replace(BEFORE, timescale_text="Complete", status=Status.ON_TRACK)
    after = replace(before, status=Status.COMPLETE, last_update=dt.date(2027, 2, 20))
    assert ChangeKind.FLAG_CLEARED in kinds(before, after)
    assert only(before, after, ChangeKind.FLAG_CLEARED).before == "Timescale says complete"


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("March 2027", "June 2027", "Moved from March 2027 to June 2027 (3 months later)"),
        ("June 2027", "May 2027", "Moved from June 2027 to May 2027 (1 month earlier)"),
        ("2027", "Q1 2028/29", "Moved from 2027 to Q1 2028/29 (6 months later)"),
        ("01/03/2027", "15/03/2027", "Moved from 1 March 2027 to 15 March 2027 (14 days later)"),
        ("Ongoing", "March 2027", "Changed from ‘Ongoing’ to March 2027"),
        ("Mar 2027", "March 2027", "Reworded from March 2027 to March 2027 (the same date)"),
    ],
)
def test_a_timescale_moved_says_by_how_much(old, new, words):
    assert timescale_words(parse_timescale(old), parse_timescale(new)) == words
    before = replace(BEFORE, timescale_text=old)
    change = only(before, replace(UPDATED, timescale_text=new), ChangeKind.TIMESCALE_MOVED)
    assert (change.before, change.after, change.words) == (old, new, words)


def test_an_action_moved_or_renumbered_says_from_where():
    after = replace(UPDATED, domain="Finance", reference="7")
    change = only(BEFORE, after, ChangeKind.MOVED)
    assert (change.domain, change.reference) == ("Finance", "7")
    assert change.words == "Moved from Governance 3 to Finance 7"


def test_an_added_action_is_added_with_what_holds_for_it():
    assert kinds(None, UPDATED) == [ChangeKind.ADDED]
    assert only(None, UPDATED, ChangeKind.ADDED).words == "Added: Publish the plan."
    red = replace(UPDATED, status=Status.OFF_TRACK)
    assert kinds(None, red) == [ChangeKind.ADDED, ChangeKind.NEWLY_RED]


def test_an_archived_action_is_archived_and_nothing_more():
    gone = replace(BEFORE, live=False, archived_on=dt.date(2027, 2, 3), status=Status.OFF_TRACK)
    change = only(BEFORE, gone, ChangeKind.ARCHIVED)
    assert kinds(BEFORE, gone) == [ChangeKind.ARCHIVED]
    assert change.words == "Archived on 3 February 2027; it was Amber"


def test_a_restored_action_reads_as_added_back():
    archived = replace(BEFORE, live=False)
    assert only(archived, UPDATED, ChangeKind.ADDED).words.startswith("Restored from the archive")


def test_an_action_out_of_the_plan_at_both_dates_or_not_yet_made_has_none():
    archived = replace(BEFORE, live=False)
    assert kinds(archived, archived) == []
    assert kinds(None, None) == []
    assert kinds(BEFORE, None) == []


def test_as_json_has_the_issues_keys():
    change = only(BEFORE, replace(UPDATED, status=Status.ON_TRACK), ChangeKind.STATUS_BETTER)
    assert change.as_json() == {
        "domain": "Governance",
        "reference": "3",
        "kind": "status_better",
        "before": "Amber",
        "after": "Green",
        "words": "Amber → Green (better)",
    }


statuses = st.sampled_from(list(Status))


@given(was=statuses, now=statuses)
def test_direction_is_one_order_and_its_reverse(was, now):
    there, back = direction(was, now), direction(now, was)
    if was is now:
        assert there is None
    elif was in STATUS_SCALE and now in STATUS_SCALE:
        assert {there, back} == {ChangeKind.STATUS_BETTER, ChangeKind.STATUS_WORSE}
    else:
        assert there is back is ChangeKind.STATUS_MOVED


def test_every_kind_has_a_heading():
    assert all(kind.heading for kind in ChangeKind)
