"""The demo plan's year of history (`load_demo_history`, ADR 0060): what every page of the board
cycle reads on a fresh machine is there, made through the services, and made once."""

import datetime as dt
import itertools
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.documents.management.commands.load_demo_history import DEFAULT_SEED
from improvement_tracker.plans.demo_calendar import DEADLINE_BEFORE_BOARD
from improvement_tracker.plans.demo_history import ORGANISATION_SLUG, demo_history_load
from improvement_tracker.plans.models import (
    Action,
    ActionUpdate,
    BoardPack,
    BoardPackFile,
    Plan,
    StatusChange,
    UpdateRound,
)
from improvement_tracker.plans.rag import Status
from tests.test_readme import commands

pytestmark = pytest.mark.django_db

# From better to worse: a status change between two of these moved one way or the other.
ORDER = [Status.COMPLETE, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK]


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo_history", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def output() -> str:
    return load()


@pytest.fixture
def plan() -> Plan:
    """The demo plan: the one `output` loaded (asked for first), else made without packs,
    which take most of the command's time and are tested on their own."""
    return demo_history_load(seed=DEFAULT_SEED, today=timezone.localdate()).plan


def rounds_of(plan: Plan) -> list[UpdateRound]:
    return list(plan.rounds.order_by("board_date"))


def test_a_year_of_monthly_rounds_all_closed_but_the_current_one(plan):
    rounds = rounds_of(plan)
    today = timezone.localdate()
    assert len(rounds) == 12
    assert [r.is_open for r in rounds] == [False] * 11 + [True]
    months = [(r.board_date.year * 12 + r.board_date.month) for r in rounds]
    assert months == list(range(months[0], months[0] + 12))
    assert rounds[-1].board_date >= today > rounds[-2].board_date
    for earlier, update_round in itertools.pairwise(rounds):
        assert update_round.deadline == update_round.board_date - DEADLINE_BEFORE_BOARD
        # Opened the day after the last board, in the past: times as they happened.
        assert timezone.localdate(update_round.opened_at) == earlier.board_date + dt.timedelta(1)
    for closed in rounds[:-1]:
        assert closed.deadline < timezone.localdate(closed.closed_at) < closed.board_date
        assert closed.closed_by.username == "alex.morgan"


def test_each_round_holds_the_updates_made_in_it_on_its_actions(plan):
    rounds = rounds_of(plan)
    updates = ActionUpdate.objects.filter(action__domain__plan=plan).select_related("round")
    assert updates.count() > 200
    assert not updates.filter(round__isnull=True).exists()
    for update in updates:
        opened = timezone.localdate(update.round.opened_at)
        assert opened <= update.made_on <= update.round.deadline
        assert update.round.actions.filter(pk=update.action_id).exists()
    # Most of a closed round's actions were updated in it; the open one is under way.
    for closed in rounds[:-1]:
        assert closed.updates.count() >= closed.actions.count() * 0.7
    current = rounds[-1]
    assert 0 < current.updates.count() < current.actions.count()


def test_every_update_is_by_a_person_acting_for_a_lead_of_its_action(plan):
    updates = ActionUpdate.objects.filter(action__domain__plan=plan).select_related("author")
    for update in updates.prefetch_related("action__leads__people"):
        acting = {p.pk for lead in update.action.leads.all() for p in lead.people.all()}
        assert update.author_id in acting
        assert PlanRole.objects.get(plan=plan, user=update.author).role == Role.LEAD_CONTRIBUTOR


def test_statuses_move_both_ways_some_complete_and_some_go_red(plan):
    changes = StatusChange.objects.filter(action__domain__plan=plan)
    moves = {(Status(c.from_status), Status(c.to_status)) for c in changes}
    rated = [(a, b) for a, b in moves if a in ORDER and b in ORDER]
    assert any(ORDER.index(b) > ORDER.index(a) for a, b in rated), "nothing got worse"
    assert any(ORDER.index(b) < ORDER.index(a) for a, b in rated), "nothing got better"
    assert changes.filter(to_status=Status.COMPLETE).count() >= 3
    assert changes.filter(to_status=Status.OFF_TRACK).count() >= 3
    assert all(update.progress for update in ActionUpdate.objects.filter(action__domain__plan=plan))


def test_an_action_is_added_during_the_year_and_one_archived_since_the_last_board(plan):
    rounds = rounds_of(plan)
    actions = Action.objects.filter(domain__plan=plan)
    added = actions.exclude(created_at=rounds[0].opened_at)
    assert added.count() == 1
    assert rounds[0].board_date < timezone.localdate(added.get().created_at) < rounds[-1].board_date
    assert 0 < added.get().rounds.count() < len(rounds)
    # Archived now, as the audit trail says: after the last board, once updated in the round.
    archived = actions.get(archived_at__isnull=False)
    assert archived.archived_at > rounds[-2].closed_at
    assert archived.updates.filter(round=rounds[-1]).exists()  # kept with its history


def test_timescales_moved_since_the_last_board_both_ways(plan):
    moved = AuditEvent.objects.filter(plan=plan, verb=Verb.CHANGE, object_type="plans.action")
    slips = [e for e in moved if e.before["timescale_date"] != e.after["timescale_date"]]
    assert len(slips) == 3
    assert sum(e.after["timescale_date"] > e.before["timescale_date"] for e in slips) == 2
    assert sum(e.after["timescale_date"] < e.before["timescale_date"] for e in slips) == 1


def test_every_change_is_audited_as_its_service_records_it(plan):
    events = AuditEvent.objects.filter(plan=plan)
    updates = ActionUpdate.objects.filter(action__domain__plan=plan).count()
    assert events.filter(verb__in=[Verb.STATUS, Verb.UPDATE]).count() == updates
    round_events = events.filter(object_type="plans.updateround")
    assert round_events.filter(verb=Verb.CREATE).count() == 12
    assert round_events.filter(verb=Verb.CHANGE).count() == 11  # closed


def test_its_people_have_example_org_addresses_and_sign_in_with_the_lines_printed(output, plan):
    people = User.objects.filter(membership__organisation=plan.organisation)
    assert people.count() == 6
    assert all(person.email.endswith("@example.org") for person in people)
    roles = dict(PlanRole.objects.filter(plan=plan).values_list("user__username", "role"))
    assert roles.pop("alex.morgan") == Role.MANAGER
    assert set(roles.values()) == {Role.LEAD_CONTRIBUTOR}
    for lead in plan.organisation.leads.all():
        assert lead.people.exists(), f"nobody acts for {lead}"
    lines = dict(re.findall(r"Sign in as: (\S+) / (\S+) \(", output))
    assert set(lines) == {person.username for person in people}
    client = Client()
    response = client.post(
        "/sign-in/", {"username": "sam.patel", "password": lines["sam.patel"]}, follow=True
    )
    assert "Choose your own password" in response.content.decode()  # one-time, as add_person


def test_a_second_run_changes_nothing_but_the_one_time_passwords(output):
    said = {
        UpdateRound: ("board_date", "opened_at", "closed_at", "closed_by"),
        BoardPack: ("board_date", "since", "issued_at", "archived_at"),
        BoardPackFile: ("pack", "kind", "sha256"),
        ActionUpdate: ("action", "made_on", "status", "progress", "author", "round"),
        Action: ("domain", "number", "timescale_text", "archived_at", "version", "created_at"),
        User: ("username", "email", "first_name"),
    }

    def rows() -> list[list[tuple]]:
        return [list(m.objects.order_by("pk").values_list(*f)) for m, f in said.items()]

    before = rows()
    again = load()
    assert "The demo history is already loaded." in again
    assert rows() == before
    first = dict(re.findall(r"Sign in as: (\S+) / (\S+) \(", output))
    second = dict(re.findall(r"Sign in as: (\S+) / (\S+) \(", again))
    assert first.keys() == second.keys()
    assert all(first[name] != second[name] for name in first)


def test_each_past_board_has_its_pack_issued_as_its_round_closed_and_downloadable(output):
    plan = Plan.objects.get(organisation__slug=ORGANISATION_SLUG)
    closed = [r for r in rounds_of(plan) if not r.is_open]
    packs = list(plan.board_packs.order_by("board_date"))
    assert [p.board_date for p in packs] == [r.board_date for r in closed]
    assert [p.since for p in packs] == [None, *(r.board_date for r in closed[:-1])]
    for pack, update_round in zip(packs, closed, strict=True):
        assert pack.archived_at is None and pack.issued_by.username == "alex.morgan"
        assert (
            update_round.closed_at
            < pack.issued_at
            < timezone.make_aware(dt.datetime.combine(pack.board_date, dt.time()))
        )
        assert sorted(pack.files.values_list("kind", flat=True)) == ["csv", "docx", "pdf", "xlsx"]
    manager = User.objects.get(username="alex.morgan")
    # As after their first sign-in, when they chose their own password.
    Membership.objects.filter(user=manager).update(one_time_password_expires=None)
    client = Client()
    client.force_login(manager)
    pack = packs[-1]
    stored = pack.files.get(kind="xlsx")
    response = client.get(f"/plans/{plan.slug}/board-packs/{pack.pk}/file.xlsx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == (
        bytes(stored.content)
    )


class _Undo(Exception):
    pass


def test_the_same_seed_on_the_same_day_gives_the_same_plan():
    def made(seed: int) -> list[tuple]:
        """The updates a run with `seed` makes, then undone, as if it had never run."""
        updates: list[tuple] = []
        with pytest.raises(_Undo), transaction.atomic():
            load(f"--seed={seed}")
            updates += ActionUpdate.objects.order_by(
                "made_on", "action__domain__position", "action__number"
            ).values_list("action__number", "made_on", "status", "progress", "author__username")
            raise _Undo
        return updates

    first = made(7)
    assert first
    assert made(7) == first
    assert made(8) != first


@pytest.mark.parametrize("target", ["run", "serve"])
def test_make_run_and_serve_load_the_demo_history_after_the_example(target):
    run = commands(target)
    assert "manage.py load_example" in run
    assert run.index("manage.py load_example") < run.index("manage.py load_demo_history")
