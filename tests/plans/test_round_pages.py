"""A plan's update rounds in the browser's pages (issue 20): opening one, its page, closing
it, the reminder setting, and what "My actions" says of each action's round."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.plans.models import UpdateRound
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.archiving import plan_archive
from improvement_tracker.plans.services.rounds import round_close, round_open
from tests.factories import (
    ActionFactory,
    DomainFactory,
    LeadFactory,
    PlanRoleFactory,
    plan_of_actions,
    record_update,
)
from tests.plans.conftest import client_for, manager_client

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 2, 20)
BOARD, DEADLINE = dt.date(2027, 3, 10), dt.date(2027, 3, 3)


@pytest.fixture(autouse=True)
def today():
    moment = dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan():
    """Two domains: Help and Protection's 1 (the Police's) and 2 (complete), Care's 1."""
    help_ = DomainFactory(position=1, label="Help and Protection")
    plan = help_.plan
    care = DomainFactory(plan=plan, position=2, label="Care <Leavers>")
    police = LeadFactory(organisation=plan.organisation, name="Northumbria Police")
    ActionFactory(domain=help_, number="1", status=Status.ON_TRACK).leads.add(police)
    ActionFactory(domain=help_, number="2", status=Status.COMPLETE)
    ActionFactory(domain=care, number="1", status=Status.AT_RISK)
    return plan


def lead_contributor(plan):
    """Someone of a partner organisation who acts for the Police on this plan."""
    role = PlanRoleFactory(plan=plan, role=Role.LEAD_CONTRIBUTOR)
    plan.organisation.leads.get(name="Northumbria Police").people.add(role.user)
    return client_for(role.user), role.user


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def dates(board, deadline):
    return {
        "board_date_0": str(board.day),
        "board_date_1": str(board.month),
        "board_date_2": str(board.year),
        "deadline_0": str(deadline.day),
        "deadline_1": str(deadline.month),
        "deadline_2": str(deadline.year),
    }


def open_url(plan):
    return reverse("round_open", args=[plan.slug])


def action_pk(plan, position, number):
    return str(plan.domains.get(position=position).actions.get(number=number).pk)


def test_the_open_page_ticks_every_action_not_complete_grouped_by_domain(plan):
    html = manager_client(plan).get(open_url(plan)).content.decode()
    ticked = set(re.findall(r'value="(\d+)"[^>]*checked', html))
    assert ticked == {action_pk(plan, 1, "1"), action_pk(plan, 2, "1")}
    assert action_pk(plan, 1, "2") in html  # offered, not ticked
    assert "Help and Protection: actions to update" in html
    assert "Care &lt;Leavers&gt;: actions to update" in html  # escaped


def test_an_actions_words_are_escaped_on_every_round_page(plan):
    help_ = plan.domains.get(position=1)
    ActionFactory(domain=help_, number="3", text="Stop <script>alert(1)</script> now.")
    client = manager_client(plan)
    opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
    for url in (
        reverse("round_detail", args=[plan.slug, opened.pk]),
        reverse("plan_rounds", args=[plan.slug]),
    ):
        assert "<script>alert" not in client.get(url).content.decode()
    round_close(update_round=opened, by=None)
    html = client.get(open_url(plan)).content.decode()
    assert "Action 3: Stop &lt;script&gt;alert(1)&lt;/script&gt; now." in html
    assert "<script>alert" not in html


def test_a_manager_opens_a_round_on_the_actions_they_chose(plan):
    chosen = action_pk(plan, 2, "1")
    response = manager_client(plan).post(
        open_url(plan), {**dates(BOARD, DEADLINE), "domain_2": [chosen]}
    )
    opened = UpdateRound.objects.get(plan=plan)
    assert response.url == reverse("round_detail", args=[plan.slug, opened.pk])
    assert (opened.board_date, opened.deadline) == (BOARD, DEADLINE)
    assert [str(pk) for pk in opened.actions.values_list("pk", flat=True)] == [chosen]


LATE = "The deadline for updates must be on or before the board date"
PAST = "The board date must be today or in the future"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (dates(BOARD, dt.date(2027, 3, 11)), "deadline", LATE),
        (dates(dt.date(2027, 2, 19), dt.date(2027, 2, 1)), "board_date", PAST),
        (
            {**dates(BOARD, DEADLINE), "board_date_1": "13"},
            "board_date",
            "The board date must be a real date",
        ),
        (
            {**dates(BOARD, DEADLINE), "deadline_0": ""},
            "deadline",
            "The deadline for updates must include a day",
        ),
        ({"board_date_0": ""}, "board_date", "Enter the board date"),
    ],
)
def test_bad_dates_are_named_beside_their_field_and_nothing_is_opened(plan, data, field, message):
    chosen = {"domain_1": [action_pk(plan, 1, "1")]}
    response = manager_client(plan).post(open_url(plan), {**data, **chosen})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field] == [message]
    assert not UpdateRound.objects.exists()


def test_a_round_must_ask_about_at_least_one_action(plan):
    response = manager_client(plan).post(open_url(plan), dates(BOARD, DEADLINE))
    assert response.context["form"].errors["domain_1"] == [
        "Select at least one action to ask for an update on"
    ]
    assert not UpdateRound.objects.exists()


def test_a_crafted_action_of_another_plan_is_refused_by_name(plan):
    elsewhere = ActionFactory(domain=DomainFactory(position=1))
    data = {**dates(BOARD, DEADLINE), "domain_1": [str(elsewhere.pk)]}
    response = manager_client(plan).post(open_url(plan), data)
    assert response.context["form"].errors["domain_1"] == [
        "Select actions of Help and Protection from the list"
    ]
    assert not UpdateRound.objects.exists()


def test_a_plan_without_actions_is_told_so():
    empty = DomainFactory(position=1).plan
    empty.domains.all().delete()
    response = manager_client(empty).post(open_url(empty), dates(BOARD, DEADLINE))
    assert response.context["form"].non_field_errors() == [
        "This plan has no actions to ask for updates on: add some first"
    ]
    assert "This plan has no actions to ask for updates on" in response.content.decode()
    assert not UpdateRound.objects.exists()


def test_opening_is_refused_with_a_clear_message_while_a_round_is_open(plan):
    opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
    client = manager_client(plan)
    page = text(client.get(open_url(plan)))
    assert "This plan already has an open update round, for the board of 10 March 2027" in page
    response = client.post(open_url(plan), {**dates(dt.date(2027, 4, 1), dt.date(2027, 3, 25))})
    assert "close it before you open another" in text(response)
    assert list(UpdateRound.objects.all()) == [opened]


def test_the_rounds_page_lists_rounds_newest_first_with_their_state_and_counts(plan):
    first = round_open(plan=plan, board_date=dt.date(2027, 2, 20), deadline=TODAY, by=None)
    record_update(
        plan.domains.get(position=1).actions.get(number="1"),
        made_on=TODAY,
        status=Status.ON_TRACK,
        progress="Done for February.",
    )
    round_close(update_round=first, by=None)
    round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
    page = text(manager_client(plan).get(reverse("plan_rounds", args=[plan.slug])))
    assert re.search(
        r"Board of 10 March 2027 3 March 2027 Open 0 of 2 .*"
        r"Board of 20 February 2027 20 February 2027 Closed 1 of 2",
        page,
    )
    assert "Reminders start 3 days before the deadline, and on the day" in page
    assert "Open an update round" not in page  # one is open


def test_the_open_round_is_found_whatever_the_order_of_boards(plan):
    later = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
    round_close(update_round=later, by=None)
    round_open(plan=plan, board_date=dt.date(2027, 3, 1), deadline=TODAY, by=None)
    page = text(manager_client(plan).get(reverse("plan_rounds", args=[plan.slug])))
    assert page.index("Board of 10 March 2027") < page.index("Board of 1 March 2027")
    assert "Open an update round" not in page


def test_the_rounds_page_offers_opening_and_the_setting_to_managers_only(plan, member_of):
    url = reverse("plan_rounds", args=[plan.slug])
    assert "Open an update round" in text(manager_client(plan).get(url))
    reader = text(member_of(plan).get(url))
    assert "Open an update round" not in reader
    assert "Reminders start" not in reader


def test_the_round_page_says_per_lead_and_per_action_what_is_updated(plan):
    opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
    record_update(
        plan.domains.get(position=1).actions.get(number="1"),
        made_on=TODAY,
        status=Status.ON_TRACK,
        progress="On track.",
    )
    response = manager_client(plan).get(reverse("round_detail", args=[plan.slug, opened.pk]))
    page = text(response)
    assert "1 of 2 actions updated" in page
    assert "State Open" in page
    assert "Northumbria Police 1 of 1 None: every action updated" in page
    assert "No lead in the register 0 of 1 Care &lt;Leavers&gt;, action 1" in page
    assert "Help and Protection, action 1 Northumbria Police Updated" in page
    assert "Not updated yet" in page
    html = response.content.decode()
    detail = reverse("plans:action_detail", args=[plan.slug, 2, "1"])
    assert f'href="{detail}"' in html
    assert "Close this round" in page


def test_a_lead_contributor_reads_the_whole_round_with_their_own_part_first(plan):
    opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
    client, _ = lead_contributor(plan)
    page = text(client.get(reverse("round_detail", args=[plan.slug, opened.pk])))
    mine = page.index("Your actions in this round")
    assert page.index("Northumbria Police 0 of 1", mine) < page.index("By lead")
    assert "Care &lt;Leavers&gt;, action 1" in page  # the whole round, as the tracker shows
    assert "Close this round" not in page
    html = client.get(reverse("round_detail", args=[plan.slug, opened.pk])).content.decode()
    assert f'href="{reverse("plans:action_update", args=[plan.slug, 1, "1"])}"' in html
    assert reverse("plans:action_update", args=[plan.slug, 2, "1"]) not in html  # not theirs


def test_the_round_pages_read_as_many_queries_for_forty_actions_as_for_three():
    counts = []
    for size in (3, 40):
        plan = plan_of_actions(size)
        opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
        client = manager_client(plan)
        for lead in plan.organisation.leads.all():  # so My actions lists every action
            lead.people.add(*PlanRole.objects.filter(plan=plan).values_list("user", flat=True))
        for url in (
            reverse("round_detail", args=[plan.slug, opened.pk]),
            reverse("plan_rounds", args=[plan.slug]),
            reverse("plans:my_actions"),
        ):
            client.get(url)  # the session and the person read once
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append((url.split("/")[-2], len(queries)))
    assert counts[:3] == [
        (name, n) for (name, _), (_, n) in zip(counts[:3], counts[3:], strict=True)
    ]


def test_closing_asks_first_then_closes(plan):
    opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
    client = manager_client(plan)
    url = reverse("round_close", args=[plan.slug, opened.pk])
    page = text(client.get(url))
    assert "Close the update round for the board of 10 March 2027" in page
    assert "0 of 2 actions have been updated in this round" in page
    opened.refresh_from_db()
    assert opened.is_open
    response = client.post(url, {"version": ""})
    assert response.url == reverse("round_detail", args=[plan.slug, opened.pk])
    opened.refresh_from_db()
    assert not opened.is_open
    assert client.get(url).status_code == 302  # nothing left to close


def test_a_round_of_another_plan_is_not_found(plan):
    other = DomainFactory(plan__organisation=plan.organisation).plan
    ActionFactory(domain=other.domains.get())
    theirs = round_open(plan=other, board_date=BOARD, deadline=DEADLINE, by=None)
    client = manager_client(plan)
    assert client.get(reverse("round_detail", args=[plan.slug, theirs.pk])).status_code == 404
    assert client.post(reverse("round_close", args=[plan.slug, theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open


def test_an_archived_plans_rounds_are_read_only(plan):
    opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
    client = manager_client(plan)
    plan_archive(plan=plan, by=None)
    assert client.get(reverse("round_detail", args=[plan.slug, opened.pk])).status_code == 200
    assert client.post(reverse("round_close", args=[plan.slug, opened.pk])).status_code == 403
    assert (
        client.post(reverse("plan_reminders", args=[plan.slug]), {"days": "5"}).status_code == 403
    )
    opened.refresh_from_db()
    assert opened.is_open


def test_the_reminder_setting_is_changed_on_its_form(plan):
    client = manager_client(plan)
    url = reverse("plan_reminders", args=[plan.slug])
    assert 'value="3"' in client.get(url).content.decode()
    assert client.post(url, {"days": "7"}).url == reverse("plan_rounds", args=[plan.slug])
    plan.refresh_from_db()
    assert plan.reminder_days_before == 7


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("31", "Days before the deadline must be 30 or fewer"),
        ("-1", "Days before the deadline must be 0 or more"),
        ("three", "Days before the deadline must be a whole number, for example 3"),
        ("", "Enter the number of days before the deadline"),
    ],
)
def test_a_bad_reminder_setting_is_named_and_nothing_changes(plan, days, message):
    response = manager_client(plan).post(
        reverse("plan_reminders", args=[plan.slug]), {"days": days}
    )
    assert response.context["form"].errors["days"] == [message]
    plan.refresh_from_db()
    assert plan.reminder_days_before == 3


def test_my_actions_puts_actions_awaited_by_an_open_round_first_with_its_dates(plan, today):
    client, user = lead_contributor(plan)
    other = DomainFactory(plan=plan, position=3, label="Early Help")
    late = ActionFactory(domain=other, number="9", timescale_text="01/01/2021")
    late.leads.add(plan.organisation.leads.get(name="Northumbria Police"))
    url = reverse("plans:my_actions")
    before = text(client.get(url))
    assert before.index("Early Help, action 9") < before.index("Help and Protection, action 1")
    assert "Update due by" not in before

    asked = plan.domains.get(position=1).actions.get(number="1")
    round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None, actions=[asked])
    page = text(client.get(url))
    assert page.index("Help and Protection, action 1") < page.index("Early Help, action 9")
    assert "Update due by 3 March 2027, for the board of 10 March 2027: Not updated yet" in page
    assert "Deadline close" not in page
    for day, words in ((1, "Deadline close"), (4, "Deadline passed")):
        today.move_to(dt.datetime(2027, 3, day, 12, tzinfo=ZoneInfo("Europe/London")))
        client.force_login(user)  # a session idle for days has ended
        assert f"Not updated yet {words}" in text(client.get(url))
    today.move_to(dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo("Europe/London")))
    client.force_login(user)

    record_update(asked, made_on=TODAY, status=Status.ON_TRACK, progress="Done.", by=user)
    page = text(client.get(url))
    assert "Update due by 3 March 2027, for the board of 10 March 2027: Updated" in page
    assert page.index("Early Help, action 9") < page.index("Help and Protection, action 1")
