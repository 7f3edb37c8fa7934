import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from improvement_tracker.plans.rag import Status
from tests.factories import ActionFactory, DomainFactory, PlanFactory

pytestmark = pytest.mark.django_db


def summary(slug):
    out = StringIO()
    call_command("plan_summary", slug, "--json", stdout=out)
    return json.loads(out.getvalue())


def counts(red=0, amber=0, green=0, completed=0, not_rated=0):
    row = {"Red": red, "Amber": amber, "Green": green, "Completed": completed}
    row["Not rated"] = not_rated
    row["Total"] = red + amber + green + completed + not_rated
    return row


def test_summary_matches_hand_computed_figures():
    plan = PlanFactory(slug="small-plan")
    first = DomainFactory(plan=plan, position=1, label="Help and Protection")
    second = DomainFactory(plan=plan, position=2, label="Leadership")
    for number, status, priority in [
        (1, Status.OFF_TRACK, True),
        (2, Status.ON_TRACK, False),
        (3, Status.ON_TRACK, True),
        (4, Status.COMPLETE, False),
    ]:
        ActionFactory(domain=first, number=number, status=status, high_priority=priority)
    for number, status, priority in [
        (1, Status.AT_RISK, True),
        (2, Status.NOT_RATED, False),
        (3, Status.COMPLETE, True),
    ]:
        ActionFactory(domain=second, number=number, status=status, high_priority=priority)

    assert summary("small-plan") == {
        "plan": "small-plan",
        "as_of": timezone.localdate().isoformat(),
        "domains": ["Help and Protection", "Leadership"],
        "table1": {
            "Help and Protection": counts(red=1, green=2, completed=1),
            "Leadership": counts(amber=1, completed=1, not_rated=1),
            "Totals": counts(red=1, amber=1, green=2, completed=2, not_rated=1),
        },
        "table2": counts(red=1, amber=1, green=1, completed=1),
        "reported": None,
        # Due 01/04/2021 and long past: two Greens and an Amber contradict the key.
        "flags": {"contradicts_key": 3},
        "key": [
            {"label": "Red", "colour": "red", "meaning": "off_track"},
            {"label": "Amber", "colour": "orange", "meaning": "at_risk"},
            {"label": "Green", "colour": "green", "meaning": "on_track"},
            {"label": "Completed", "colour": "blue", "meaning": "complete"},
            {"label": "Not rated", "colour": "grey", "meaning": "not_rated"},
        ],
    }


def test_summary_of_the_example_carries_the_reported_figures(example_plan):
    result = summary(example_plan.slug)
    assert result["domains"] == [
        "Help and Protection",
        "Children in Care & Care Leavers",
        "Leadership",
    ]
    assert result["table1"]["Totals"] == counts(not_rated=58)
    assert result["table2"] == counts()
    assert result["reported"]["table1"]["Totals"] == {
        "Red": 2,
        "Amber": 5,
        "Green": 17,
        "Completed": 34,
        "Total": 58,
    }
    assert result["reported"]["table2"]["Total"] == 13


@pytest.mark.parametrize("command", ["plan_summary", "plan_exceptions"])
def test_unknown_slug_is_a_clear_error(command):
    with pytest.raises(CommandError, match=re.escape("There is no plan 'nope'.")):
        call_command(command, "nope", "--json")


@pytest.mark.parametrize("command", ["plan_summary", "plan_exceptions"])
def test_a_date_not_written_as_iso_is_a_clear_error(example_plan, command):
    with pytest.raises(CommandError, match=re.escape("--as-of '31/10/2020' is not a date")):
        call_command(command, example_plan.slug, "--as-of", "31/10/2020")
