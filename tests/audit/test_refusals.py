"""Refused access is audited (finding 10): who, what, where from; at most one event per
person (or address) per window, with a count of the refusals not recorded one by one."""

import datetime as dt

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.audit.models import AuditEvent, RefusalWindow, Verb
from improvement_tracker.audit.refusals import record_refusal
from improvement_tracker.audit.verification import verify_chain

pytestmark = pytest.mark.django_db


def refused():
    return list(AuditEvent.objects.filter(verb=Verb.REFUSED).order_by("id"))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def later(monkeypatch, minutes):
    moment = timezone.now() + dt.timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_another_organisations_plan_answers_404_and_is_audited_outside_its_history(world):
    outsider = world.people["outsider"]
    url = reverse("plans:tracker", args=[world.plan.slug])
    assert client_for(outsider).get(url).status_code == 404
    (event,) = refused()
    assert (event.actor, event.ip_address) == (outsider, "127.0.0.1")
    assert (event.object_type, event.object_id) == ("plans.plan", str(world.plan.pk))
    assert event.plan is None  # the plan's own people do not see who probed it
    assert event.summary == f"Refused GET {url}: not found (or not theirs to see)"
    assert event.after["status"] == 404


def test_a_forbidden_change_is_audited_in_the_plans_history(world):
    viewer = world.people["viewer"]
    url = reverse("plans:plan_archive", args=[world.plan.slug])
    assert client_for(viewer).post(url).status_code == 403
    (event,) = refused()
    assert (event.actor, event.plan, event.after["status"]) == (viewer, world.plan, 403)
    assert event.summary == f"Refused POST {url}: not allowed"


def test_an_organisation_page_refused_to_a_non_administrator_is_audited(world):
    member = world.people["member"]
    url = reverse("organisation_people")
    assert client_for(member).get(url).status_code == 403
    (event,) = refused()
    assert (event.actor, event.plan_id, event.after["path"]) == (member, None, url)


def test_a_flood_of_refusals_is_one_event_per_window_with_a_count(world, monkeypatch):
    client = client_for(world.people["outsider"])
    url = reverse("plans:tracker", args=[world.plan.slug])
    for _ in range(30):
        assert client.get(url).status_code == 404
    assert len(refused()) == 1
    assert RefusalWindow.objects.get().suppressed == 29
    later(monkeypatch, minutes=11)
    assert client.get(url).status_code == 404
    first, second = refused()
    assert (first.after["not_recorded_before"], second.after["not_recorded_before"]) == (0, 29)
    assert second.after["window_minutes"] == 10
    assert verify_chain().intact


@override_settings(AUDIT_REFUSED_EVERY_MINUTES=1)
def test_a_passed_windows_count_is_written_with_the_next_refusal_by_anyone(world, monkeypatch):
    url = reverse("plans:tracker", args=[world.plan.slug])
    outsider = client_for(world.people["outsider"])
    for _ in range(3):
        outsider.get(url)
    later(monkeypatch, minutes=2)
    client_for(world.people["member"]).post(reverse("plans:plan_archive", args=[world.plan.slug]))
    outsiders_first, members, outsiders_count = refused()
    assert outsiders_first.after["not_recorded_before"] == 0
    assert members.actor == world.people["member"]
    assert outsiders_count.actor == world.people["outsider"]
    assert outsiders_count.after["not_recorded"] == 2
    assert outsiders_count.summary.startswith("2 more refused requests in the 1 minutes from")
    assert list(RefusalWindow.objects.values_list("who", flat=True)) == [
        f"person:{world.people['member'].pk}"
    ]


def test_signed_out_refusals_are_counted_by_address(db):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    for address in ("192.0.2.1", "192.0.2.1", "192.0.2.2"):
        request = RequestFactory().get("/plans/x/", REMOTE_ADDR=address)
        request.user = AnonymousUser()
        record_refusal(request, Http404())
    events = refused()
    assert [(e.actor_name, e.ip_address) for e in events] == [
        ("signed out", "192.0.2.1"),
        ("signed out", "192.0.2.2"),
    ]
    assert RefusalWindow.objects.get(who="address:192.0.2.1").suppressed == 1
