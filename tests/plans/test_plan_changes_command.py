"""`manage.py plan_changes`: the change list as JSON, its default dates and its refusals."""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from improvement_tracker.plans.models import BoardPack
from improvement_tracker.plans.rag import Status
from tests.factories import ActionFactory, DomainFactory, PlanFactory, record_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """Governance 3 went from Amber to Red on 20 February 2027; it is 3 March 2027."""
    with time_machine.travel(dt.datetime(2027, 1, 10, 12, tzinfo=dt.UTC), tick=False) as clock:
        plan = PlanFactory(slug="council-plan")
        governance = DomainFactory(plan=plan, label="Governance", position=1)
        action = ActionFactory(domain=governance, number="3", timescale_text="March 2028")
        record_update(action, made_on=dt.date(2027, 1, 10), status=Status.AT_RISK, progress="A")
        clock.move_to(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC))
        action.refresh_from_db()
        record_update(action, made_on=dt.date(2027, 2, 20), status=Status.OFF_TRACK, progress="B")
        clock.move_to(dt.datetime(2027, 3, 3, 12, tzinfo=dt.UTC))
        yield plan


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("plan_changes", *args, stdout=out)
    return out.getvalue()


WORSE = {
    "domain": "Governance",
    "reference": "3",
    "kind": "status_worse",
    "before": "Amber",
    "after": "Red",
    "words": "Amber → Red (worse)",
}


def test_json_lists_each_change_with_the_issues_keys(plan):
    rows = json.loads(
        run("council-plan", "--since", "2027-01-31", "--until", "2027-02-28", "--json")
    )
    assert rows[0] == WORSE
    assert [row["kind"] for row in rows] == ["status_worse", "newly_red"]


def test_by_default_it_runs_from_a_month_ago_to_today(plan):
    rows = json.loads(run("council-plan", "--json"))
    assert [row["kind"] for row in rows] == ["status_worse", "newly_red"]
    # From the last issued board, when there is one: after the move, nothing but no update.
    BoardPack.objects.create(plan=plan, board_date=dt.date(2027, 2, 25), issued_at=timezone.now())
    rows = json.loads(run("council-plan", "--json"))
    assert [row["kind"] for row in rows] == ["no_update"]


def test_without_json_it_prints_words_for_people(plan):
    out = run("council-plan", "--since", "2027-01-31", "--until", "2027-02-28")
    assert "from 31 January 2027 to 28 February 2027: 2 change(s)" in out
    assert "Governance 3: Amber → Red (worse)" in out


def test_nothing_changed_is_an_empty_list(plan):
    PlanFactory(slug="quiet-plan")
    assert json.loads(run("quiet-plan", "--json")) == []
    assert "0 change(s)" in run("quiet-plan")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-plan"], "There is no plan 'no-such-plan'."),
        (["council-plan", "--since", "31/01/2027"], "--since '31/01/2027' is not a date"),
        (["council-plan", "--until", "2027-02-30"], "--until '2027-02-30' is not a date"),
        (
            ["council-plan", "--since", "2027-03-01", "--until", "2027-02-01"],
            "--since (2027-03-01) is after --until (2027-02-01)",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(plan, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(*args)
