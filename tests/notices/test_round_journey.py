"""A round's notices as time moves (time-machine): opened, the first reminder, the deadline
day, the escalation after it, and nothing once closed; each to those it is still for."""

import datetime as dt

import pytest

from improvement_tracker.notices.models import SentNotice
from improvement_tracker.notices.sending import send_due_notices
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.rounds import round_close
from tests.factories import record_update
from tests.notices.conftest import DEADLINE, OPENED, at
from tests.notices.smtp import parts

pytestmark = pytest.mark.django_db


def run_at(time_machine, moment):
    time_machine.move_to(moment, tick=False)
    return send_due_notices()


def subjects(inbox):
    found = [(m["To"], m["Subject"]) for m in inbox.messages]
    inbox.messages.clear()
    return sorted(found)


def test_a_round_from_opening_to_closing(cycle, inbox, time_machine):
    plan = "Children's services improvement plan"
    time_machine.move_to(OPENED, tick=False)
    update_round = cycle.open()

    # Opened: the opening email to each lead's people, and nothing else that day.
    run_at(time_machine, OPENED)
    run_at(time_machine, OPENED + dt.timedelta(hours=3))
    assert subjects(inbox) == [
        ("alice@example.org", f"Updates due by 3 March 2027: {plan}"),
        ("bob@example.org", f"Updates due by 3 March 2027: {plan}"),
    ]

    # Before the first reminder day (3 days before the deadline): nothing.
    assert run_at(time_machine, at(dt.date(2027, 2, 27), 18)).sent == 0

    # Alice updates both her actions in the round; Bob updates 1.2 (shared with Alice).
    record_update(
        cycle.actions["1.1"],
        made_on=dt.date(2027, 2, 27),
        status=Status.ON_TRACK,
        progress="On it.",
    )
    record_update(
        cycle.actions["1.2"],
        made_on=dt.date(2027, 2, 27),
        status=Status.OFF_TRACK,
        progress="Slipping.",
    )

    # The first reminder day: only Bob, whose 2.1 has no update, and it lists only that.
    run_at(time_machine, at(dt.date(2027, 2, 28)))
    (bob,) = inbox.messages
    assert bob["To"] == "bob@example.org"
    assert bob["Subject"] == f"Reminder: updates due by 3 March 2027: {plan}"
    text, _ = parts(bob)
    assert "Children in Care, action 2.1 (Not rated)" in text
    assert "action 1.2" not in text
    inbox.messages.clear()
    # Later reminder days before the deadline send no second reminder.
    assert run_at(time_machine, at(dt.date(2027, 3, 2))).sent == 0

    # The deadline day: Bob again, once.
    run_at(time_machine, at(DEADLINE, 8))
    run_at(time_machine, at(DEADLINE, 17))
    assert subjects(inbox) == [("bob@example.org", f"Updates due today, 3 March 2027: {plan}")]

    # After the deadline: one escalation to the plan manager, naming what is missing by lead.
    run_at(time_machine, at(dt.date(2027, 3, 4)))
    run_at(time_machine, at(dt.date(2027, 3, 5)))
    (escalation,) = inbox.messages
    assert escalation["To"] == "mo@example.org"
    assert escalation["Subject"] == f"Updates missing after the 3 March 2027 deadline: {plan}"
    text, html = parts(escalation)
    assert "2 actions have no update" in text
    police = text.index("Northumbria Police:")
    no_lead = text.index("No lead named:")
    assert police < text.index("Children in Care, action 2.1") < no_lead
    assert no_lead < text.index("Children in Care, action 2.2")
    assert "action 1.1" not in text and "action 1.2" not in text
    assert "<h2" in html and "Northumbria Police</h2>" in html
    inbox.messages.clear()

    # Closed: nothing more, whatever is still missing.
    round_close(update_round=update_round, by=cycle.manager)
    assert run_at(time_machine, at(dt.date(2027, 3, 6))).sent == 0
    assert inbox.messages == []
    assert SentNotice.objects.filter(sent_at__isnull=True).count() == 0


def test_no_reminder_on_the_day_a_round_opens_even_inside_the_reminder_days(
    cycle, inbox, time_machine
):
    time_machine.move_to(at(dt.date(2027, 3, 1)), tick=False)
    cycle.open()

    run_at(time_machine, at(dt.date(2027, 3, 1)))
    assert {m["Subject"].rsplit(": ", 1)[0] for m in inbox.messages} == {
        "Updates due by 3 March 2027"
    }
    inbox.messages.clear()

    run_at(time_machine, at(dt.date(2027, 3, 2)))
    assert {m["Subject"].rsplit(": ", 1)[0] for m in inbox.messages} == {
        "Reminder: updates due by 3 March 2027"
    }


def test_no_escalation_when_every_action_was_updated(cycle, inbox, time_machine):
    time_machine.move_to(OPENED, tick=False)
    cycle.open()
    for action in cycle.actions.values():
        record_update(action, made_on=OPENED.date(), status=Status.ON_TRACK, progress="Done.")
    inbox.messages.clear()

    assert run_at(time_machine, at(dt.date(2027, 3, 4))).sent == 2  # the opening emails only
    assert {m["To"] for m in inbox.messages} == {"alice@example.org", "bob@example.org"}


def test_a_reminder_made_but_not_sent_before_everything_was_updated_is_dropped(
    cycle, inbox, time_machine, settings
):
    time_machine.move_to(OPENED, tick=False)
    cycle.open()
    run_at(time_machine, OPENED)
    inbox.refuse = "451 Try again later"
    run_at(time_machine, at(dt.date(2027, 2, 28)))  # Alice's and Bob's reminders fail
    for number in ("1.2", "2.1"):
        record_update(
            cycle.actions[number],
            made_on=dt.date(2027, 2, 28),
            status=Status.ON_TRACK,
            progress=".",
        )
    inbox.refuse = None
    inbox.messages.clear()

    summary = run_at(time_machine, at(dt.date(2027, 2, 28), 10))

    # Alice still has 1.1 to update; Bob has nothing left, so his reminder goes unsent.
    assert [m["To"] for m in inbox.messages] == ["alice@example.org"]
    assert (summary.sent, summary.nothing_left) == (1, 1)
