"""Claiming notices in the database: a run that claimed a notice keeps it from any other run
at the same time, until its claim goes stale (ADR 0055)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from improvement_tracker.notices.models import SentNotice
from improvement_tracker.notices.schedule import DayKind
from improvement_tracker.notices.services import notices_claim, notices_plan
from tests.notices.conftest import OPENED

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(cycle, time_machine):
    time_machine.move_to(OPENED, tick=False)
    update_round = cycle.open()
    people = [cycle.people["alice"].pk, cycle.people["bob"].pk]
    notices_plan(update_round, DayKind.OPENED, people)
    return update_round


def claim(update_round, now, size=10):
    return notices_claim(update_round, [DayKind.OPENED], after=0, now=now, size=size)


def test_two_runs_at_once_never_claim_the_same_notice(planned):
    first = claim(planned, OPENED, size=1)
    second = claim(planned, OPENED)
    third = claim(planned, OPENED)

    assert len(first) == len(second) == 1
    assert {n.pk for n in first}.isdisjoint({n.pk for n in second})
    assert third == []


def test_a_stale_claim_is_taken_over_by_a_later_run(planned, settings):
    settings.NOTICE_CLAIM_MINUTES = 15
    claimed = claim(planned, OPENED)

    assert claim(planned, OPENED + dt.timedelta(minutes=14)) == []
    taken_over = claim(planned, OPENED + dt.timedelta(minutes=16))

    assert {n.pk for n in taken_over} == {n.pk for n in claimed}
    assert len({n.claim for n in taken_over} | {n.claim for n in claimed}) == 2


def test_making_the_same_notice_again_keeps_the_one_row(planned, cycle):
    notices_plan(planned, DayKind.OPENED, [cycle.people["alice"].pk])

    assert SentNotice.objects.filter(person=cycle.people["alice"]).count() == 1


def test_the_database_refuses_a_second_row_for_the_same_notice(planned, cycle):
    with pytest.raises(IntegrityError), transaction.atomic():
        SentNotice.objects.create(
            round=planned, person=cycle.people["alice"], kind="round_opened", day_kind="opened"
        )


def test_a_sent_notice_is_never_claimed_again(planned):
    SentNotice.objects.update(sent_at=OPENED)

    assert claim(planned, OPENED + dt.timedelta(days=1)) == []


def test_a_run_started_while_another_is_sending_sends_none_of_its_notices(
    cycle, inbox, time_machine, monkeypatch
):
    """The second run starts while the first holds its claimed batch, mid-send."""
    from improvement_tracker.notices import sending

    time_machine.move_to(OPENED, tick=False)
    cycle.open()
    send_batches = sending._send_batches
    meanwhile = []

    def another_run_starts_first(*args, **kwargs):
        if not meanwhile:
            meanwhile.append(sending.send_due_notices())
        return send_batches(*args, **kwargs)

    monkeypatch.setattr(sending, "_send_batches", another_run_starts_first)

    first = sending.send_due_notices()

    (second,) = meanwhile
    assert (second.sent, second.failed) == (0, 0)
    assert first.sent == 2
    assert sorted(m["To"] for m in inbox.messages) == ["alice@example.org", "bob@example.org"]
