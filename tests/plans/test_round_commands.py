"""`manage.py open_round` and `manage.py list_plans`: their output, and their refusals
exiting non-zero with the reason."""

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from improvement_tracker.audit.models import AuditEvent
from improvement_tracker.plans.models import UpdateRound
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.archiving import plan_archive
from tests.factories import ActionFactory, DomainFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    moment = dt.datetime(2027, 2, 20, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def plan():
    domain = DomainFactory(plan__slug="children-2027", plan__title="Children's plan")
    ActionFactory(domain=domain, number="1", status=Status.ON_TRACK)
    ActionFactory(domain=domain, number="2", status=Status.OFF_TRACK)
    ActionFactory(domain=domain, number="3", status=Status.COMPLETE)
    return domain.plan


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def open_round(*args):
    return run("open_round", *args)


def test_open_round_opens_a_round_on_the_open_actions_audited_as_the_command(plan):
    out = open_round("children-2027", "--board-date", "2027-03-10", "--deadline", "2027-03-03")
    assert out == (
        "Opened an update round on Children's plan for the board of 10 March 2027: "
        "2 actions, updates due by 3 March 2027.\n"
    )
    opened = UpdateRound.objects.get(plan=plan)
    assert sorted(opened.actions.values_list("number", flat=True)) == ["1", "2"]
    event = AuditEvent.objects.get(object_type="plans.updateround")
    assert event.actor is None
    assert event.actor_name == "manage.py open_round"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["no-such-plan", "--board-date", "2027-03-10", "--deadline", "2027-03-03"],
            "There is no plan 'no-such-plan': see manage.py list_plans.",
        ),
        (
            ["children-2027", "--board-date", "2027-02-30", "--deadline", "2027-02-01"],
            "--board-date '2027-02-30' is not a date: give it as YYYY-MM-DD, for example "
            "2027-03-10.",
        ),
        (
            ["children-2027", "--board-date", "2027-03-10", "--deadline", "3 March"],
            "--deadline '3 March' is not a date: give it as YYYY-MM-DD, for example 2027-03-10.",
        ),
        (
            ["children-2027", "--board-date", "2027-03-10", "--deadline", "2027-03-11"],
            "--deadline: The deadline for updates must be on or before the board date.",
        ),
        (
            ["children-2027", "--board-date", "2027-02-19", "--deadline", "2027-02-12"],
            "--board-date: The board date must be today or in the future.",
        ),
    ],
)
def test_open_round_refuses_with_the_reason_and_opens_nothing(plan, args, message):
    with pytest.raises(CommandError) as refused:
        open_round(*args)
    assert str(refused.value) == message
    assert not UpdateRound.objects.exists()


def test_open_round_is_refused_while_a_round_is_open_and_on_an_archived_plan(plan):
    args = ["children-2027", "--board-date", "2027-03-10", "--deadline", "2027-03-03"]
    open_round(*args)
    with pytest.raises(CommandError, match="already has an open update round: close it first"):
        open_round(*args)
    UpdateRound.objects.update(closed_at=dt.datetime(2027, 2, 20, tzinfo=dt.UTC))
    plan_archive(plan=plan, by=None)
    with pytest.raises(CommandError, match="is archived and cannot be changed"):
        open_round(*args)
    assert UpdateRound.objects.count() == 1


def test_a_refusal_exits_non_zero_from_the_shell():
    """Run as an operator would: the reason on stderr, the exit status 1."""
    done = subprocess.run(
        [sys.executable, "manage.py", "open_round", "x", "--board-date", "soon", "--deadline", "y"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert done.returncode == 1
    assert "--board-date 'soon' is not a date" in done.stderr


@pytest.fixture
def plans():
    council = OrganisationFactory(name="Together for Children")
    PlanFactory(organisation=council, slug="children-2027", title="Children's plan")
    old = PlanFactory(organisation=council, slug="children-2026", title="Children's plan 2026")
    plan_archive(plan=old, by=None)
    PlanFactory(
        organisation=OrganisationFactory(name="Another Council"),
        slug="adults",
        title="Adults' “Safeguarding” plan",
    )


def test_list_plans_as_json_gives_exactly_slug_title_organisation_archived(plans):
    listed = json.loads(run("list_plans", "--json"))
    assert listed == [
        {
            "slug": "adults",
            "title": "Adults' “Safeguarding” plan",
            "organisation": "Another Council",
            "archived": False,
        },
        {
            "slug": "children-2027",
            "title": "Children's plan",
            "organisation": "Together for Children",
            "archived": False,
        },
        {
            "slug": "children-2026",
            "title": "Children's plan 2026",
            "organisation": "Together for Children",
            "archived": True,
        },
    ]


def test_list_plans_as_text_is_a_readable_table(plans):
    assert run("list_plans").splitlines() == [
        "Slug           Title                        Organisation           Archived",
        "-------------  ---------------------------  ---------------------  --------",
        "adults         Adults' “Safeguarding” plan  Another Council        no",
        "children-2027  Children's plan              Together for Children  no",
        "children-2026  Children's plan 2026         Together for Children  yes",
    ]


def test_list_plans_says_when_there_are_none():
    assert run("list_plans") == "There are no plans yet.\n"
    assert json.loads(run("list_plans", "--json")) == []
