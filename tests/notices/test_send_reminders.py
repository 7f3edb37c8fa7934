"""send_reminders through a real SMTP server on loopback: who is emailed, what the emails
say and link to, each notice once, and a failed send retried on the next run."""

import re

import pytest
from django.core.management import call_command

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.notices.models import SentNotice
from improvement_tracker.notices.sending import send_due_notices
from improvement_tracker.plans.models import UpdateRound
from tests.notices.conftest import OPENED, SITE
from tests.notices.smtp import parts

pytestmark = pytest.mark.django_db


def update_link(cycle, number):
    action = cycle.actions[number]
    return f"{SITE}/plans/{cycle.plan.slug}/actions/{action.domain.position}/{number}/update/"


@pytest.fixture
def opened(cycle, time_machine):
    time_machine.move_to(OPENED, tick=False)
    return cycle.open()


def test_an_opened_round_emails_each_lead_person_once_with_their_actions(cycle, opened, inbox):
    summary = send_due_notices()

    assert summary.sent == 2
    assert sorted(m["To"] for m in inbox.messages) == ["alice@example.org", "bob@example.org"]
    (alice,) = inbox.to("alice@example.org")
    assert alice["Subject"] == "Updates due by 3 March 2027: Children's services improvement plan"
    assert alice["From"] == "improvement-tracker@example.gov.uk"
    text, html = parts(alice)
    assert "Dear Alice Ng," in text
    assert "board meeting on 10 March 2027" in text
    # Her two actions, in the plan's order, each with its status in words and its link.
    assert text.index("Help and Protection, action 1.1 (Not rated)") < text.index(
        "Help and Protection, action 1.2 (Not rated)"
    )
    assert f"Update it: {update_link(cycle, '1.1')}" in text
    assert f"Update it: {update_link(cycle, '1.2')}" in text
    assert "action 2.1" not in text
    # What a person typed is escaped in the HTML part, and shown as typed in the text.
    assert "Audit <b>referrals</b> & report" in text
    assert "Audit &lt;b&gt;referrals&lt;/b&gt; &amp; report" in html
    assert f'href="{update_link(cycle, "1.1")}"' in html
    # Plain HTML: no images, no remote content beyond the links themselves.
    assert "<img" not in html and "src=" not in html and "@import" not in html
    assert "font-family:'GDS Transport',arial,sans-serif" in html

    (bob,) = inbox.to("bob@example.org")
    text, _ = parts(bob)
    assert "action 1.2" in text and "action 2.1" in text and "action 1.1" not in text
    # A long action text is shortened.
    assert "Review placements Review placements" in text
    assert text.count("Review placements") < 20


def test_people_who_may_not_see_the_plan_are_never_emailed(cycle, opened, inbox):
    """Carol acts for the police but has no role on this plan; Dave is of another council."""
    send_due_notices()

    addresses = {m["To"] for m in inbox.messages}
    assert "carol@example.org" not in addresses
    assert "dave@example.org" not in addresses
    assert not SentNotice.objects.filter(person__username__in=["carol", "dave"]).exists()


def test_running_twice_sends_nothing_twice(cycle, opened, inbox):
    first = send_due_notices()
    second = send_due_notices()

    assert (first.sent, second.sent, second.failed) == (2, 0, 0)
    assert len(inbox.messages) == 2
    assert SentNotice.objects.filter(sent_at__isnull=False).count() == 2


def test_each_notice_sent_is_in_the_plans_audit_trail(cycle, opened, inbox):
    send_due_notices()

    events = AuditEvent.objects.filter(verb=Verb.NOTICE, plan_id=cycle.plan.pk)
    assert events.count() == 2
    alice = events.get(after__to="alice@example.org")
    assert alice.object_type == "notices.sentnotice"
    assert alice.after["actions"] == [
        "Help and Protection, action 1.1",
        "Help and Protection, action 1.2",
    ]
    assert "Emailed alice" in alice.summary


def test_a_mail_server_refusing_leaves_the_notice_unsent_and_the_next_run_sends_it(
    cycle, opened, inbox
):
    inbox.refuse = "451 Requested action aborted: local problem in processing"

    refused = send_due_notices()

    assert (refused.sent, refused.failed) == (0, 2)
    assert inbox.messages == []
    for notice in SentNotice.objects.all():
        assert notice.sent_at is None
        assert notice.attempts == 1
        assert "451" in notice.last_error
    assert not AuditEvent.objects.filter(verb=Verb.NOTICE).exists()

    inbox.refuse = None
    retried = send_due_notices()

    assert (retried.sent, retried.failed) == (2, 0)
    assert sorted(m["To"] for m in inbox.messages) == ["alice@example.org", "bob@example.org"]
    assert all(n.attempts == 2 and n.sent_at for n in SentNotice.objects.all())


def test_an_unreachable_mail_server_leaves_every_notice_for_the_next_run(
    cycle, opened, inbox, settings
):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there

    assert send_due_notices().failed == 2
    assert SentNotice.objects.filter(sent_at__isnull=True, attempts=1).count() == 2

    settings.EMAIL_PORT = port
    assert send_due_notices().sent == 2


def test_a_notice_that_keeps_failing_is_given_up_after_the_most_attempts(
    cycle, opened, inbox, settings
):
    settings.NOTICE_MAX_ATTEMPTS = 2
    inbox.refuse = "550 Mailbox unavailable"
    send_due_notices()
    send_due_notices()

    third = send_due_notices()

    assert (third.sent, third.failed) == (0, 0)
    assert SentNotice.objects.filter(attempts=2, sent_at__isnull=True).count() == 2


def test_a_person_without_an_email_address_is_skipped_and_counted(cycle, opened, inbox):
    cycle.people["bob"].email = ""
    cycle.people["bob"].save()

    summary = send_due_notices()

    assert (summary.sent, summary.no_address) == (1, 1)
    assert [m["To"] for m in inbox.messages] == ["alice@example.org"]


def test_a_closed_round_sends_nothing_more(cycle, opened, inbox):
    UpdateRound.objects.filter(pk=opened.pk).update(closed_at=OPENED)

    assert send_due_notices().sent == 0
    assert inbox.messages == []


def test_the_command_prints_its_summary_and_reads_now(cycle, opened, inbox, capsys):
    call_command("send_reminders", "--now", "2027-02-15T10:00")
    out = capsys.readouterr().out

    assert re.fullmatch(r"send_reminders: 2 sent, 0 failed, 0 skipped \(.*\)\n", out), out
    assert len(inbox.messages) == 2


def test_the_command_refuses_a_moment_it_cannot_read(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--now must be an ISO date and time"):
        call_command("send_reminders", "--now", "next Tuesday")


def test_batches_go_side_by_side_each_email_once_and_a_refusal_kept_to_its_own(
    cycle, opened, inbox, settings
):
    settings.NOTICE_BATCH_SIZE = 1  # Alice's and Bob's in batches of their own
    settings.NOTICE_CONNECTIONS = 2  # sent at once, over two connections
    inbox.refuse = "450 Mailbox busy"
    inbox.refuse_for = {"bob@example.org"}

    summary = send_due_notices()

    assert (summary.sent, summary.failed) == (1, 1)
    assert [m["To"] for m in inbox.messages] == ["alice@example.org"]
    assert SentNotice.objects.get(person=cycle.people["bob"]).last_error.startswith(
        "SMTPDataError: (450"
    )
    inbox.refuse = None
    assert send_due_notices().sent == 1
    assert sorted(m["To"] for m in inbox.messages) == ["alice@example.org", "bob@example.org"]
    assert AuditEvent.objects.filter(verb=Verb.NOTICE).count() == 2


def test_an_action_shows_its_current_status_in_the_plans_own_words(cycle, inbox, time_machine):
    from improvement_tracker.plans.models import RagKeyEntry
    from improvement_tracker.plans.rag import Status
    from tests.factories import record_update

    RagKeyEntry.objects.filter(plan=cycle.plan, status=Status.AT_RISK).update(label="Slipping")
    time_machine.move_to(OPENED, tick=False)
    record_update(
        cycle.actions["2.1"], made_on=OPENED.date(), status=Status.AT_RISK, progress="Late."
    )
    cycle.open()

    send_due_notices()

    text, html = parts(inbox.to("bob@example.org")[0])
    assert "Children in Care, action 2.1 (Slipping)" in text
    assert "Help and Protection, action 1.2 (Not rated)" in text
    assert "(Slipping)" in html


def test_an_archived_plans_open_round_sends_nothing(cycle, opened, inbox):
    from improvement_tracker.plans.models import Plan

    Plan.objects.filter(pk=cycle.plan.pk).update(archived_at=OPENED)

    assert send_due_notices().sent == 0
    assert inbox.messages == []
