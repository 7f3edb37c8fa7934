"""The "Email notices" page: a person sees and changes which notices they get, audited, and
send_reminders keeps to it."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.notices.models import NoticePreference, SentNotice
from improvement_tracker.notices.schedule import NoticeKind
from improvement_tracker.notices.sending import send_due_notices
from improvement_tracker.notices.services import notice_preferences_set
from tests.notices.conftest import OPENED, at

pytestmark = pytest.mark.django_db
URL = "/account/email-notices/"


def ticked(html):
    """The values of the ticked checkboxes."""
    return set(re.findall(r'value="(\w+)"\s+checked', html))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_is_reached_from_your_account_and_starts_with_every_notice_on(cycle):
    client = client_for(cycle.people["alice"])

    account = client.get(reverse("account")).content.decode()
    assert f'href="{URL}"' in account
    html = client.get(URL).content.decode()

    assert '<h1 class="govuk-heading-l">Email notices</h1>' in html
    assert "alice@example.org" in html
    assert ticked(html) == {"round_opened", "reminder", "escalation"}
    assert "Only while some of your actions have no update in the round" in html


def test_unticking_reminders_saves_the_choice_and_audits_it(cycle):
    alice = cycle.people["alice"]
    client = client_for(alice)

    response = client.post(URL, {"notices": ["round_opened", "escalation"]}, follow=True)

    assert "Your email choices have been saved" in response.content.decode()
    preference = NoticePreference.objects.get(person=alice)
    assert (preference.round_opened, preference.reminder, preference.escalation) == (
        True,
        False,
        True,
    )
    event = AuditEvent.objects.get(verb=Verb.CHANGE, object_type="notices.noticepreference")
    assert event.actor_id == alice.pk
    assert event.before == {"notices": ["round_opened", "reminder", "escalation"]}
    assert event.after == {"notices": ["round_opened", "escalation"]}
    assert ticked(client.get(URL).content.decode()) == {"round_opened", "escalation"}


def test_a_choice_not_offered_is_refused_naming_the_field_and_nothing_is_saved(cycle):
    client = client_for(cycle.people["alice"])

    response = client.post(URL, {"notices": ["round_opened", "sms"]})

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Select only the emails listed" in html
    assert html.count('href="#id_notices') >= 1
    assert not NoticePreference.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(db):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_each_person_changes_only_their_own_choice(cycle):
    client_for(cycle.people["bob"]).post(URL, {"notices": []})

    assert NoticePreference.objects.get(person=cycle.people["bob"]).chosen() == []
    assert not NoticePreference.objects.filter(person=cycle.people["alice"]).exists()


def test_a_person_who_turned_reminders_off_gets_the_opening_email_only(cycle, inbox, time_machine):
    notice_preferences_set(
        person=cycle.people["bob"], wanted={NoticeKind.ROUND_OPENED}, by=cycle.people["bob"]
    )
    time_machine.move_to(OPENED, tick=False)
    cycle.open()
    send_due_notices()
    time_machine.move_to(at(dt.date(2027, 2, 28)), tick=False)

    summary = send_due_notices()

    assert [m["To"] for m in inbox.messages if m["Subject"].startswith("Reminder")] == [
        "alice@example.org"
    ]
    assert summary.turned_off == 1
    assert not SentNotice.objects.filter(person=cycle.people["bob"], kind="reminder").exists()


def test_turning_a_notice_off_drops_one_waiting_to_be_sent(cycle, inbox, time_machine):
    time_machine.move_to(OPENED, tick=False)
    cycle.open()
    inbox.refuse = "451 Try again later"
    send_due_notices()  # both opening emails wait for the next run
    alice = cycle.people["alice"]

    notice_preferences_set(person=alice, wanted=set(), by=alice)
    inbox.refuse = None
    send_due_notices()

    assert [m["To"] for m in inbox.messages] == ["bob@example.org"]
    assert not SentNotice.objects.filter(person=alice).exists()


def test_a_manager_who_turned_escalations_off_is_not_sent_one(cycle, inbox, time_machine):
    manager = cycle.manager
    notice_preferences_set(person=manager, wanted={NoticeKind.REMINDER}, by=manager)
    time_machine.move_to(OPENED, tick=False)
    cycle.open()
    time_machine.move_to(at(dt.date(2027, 3, 4)), tick=False)

    send_due_notices()

    assert "mo@example.org" not in {m["To"] for m in inbox.messages}
