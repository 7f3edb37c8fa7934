"""An action's shape as at a moment, read back from its audited edits (plans/shape_history.py):
over any timeline of values, and over a history made through the services."""

import datetime as dt
import itertools
import random

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.audit.models import AuditEvent
from improvement_tracker.plans.models import Action
from improvement_tracker.plans.selectors.changes import read_changes
from improvement_tracker.plans.services import actions as action_services
from improvement_tracker.plans.services import archiving, domains
from improvement_tracker.plans.shape_history import Edit, renumbering_edits, shape_at, value_at
from tests.factories import ActionFactory, DomainFactory, PlanFactory

START = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
states = st.fixed_dictionaries(
    {
        "number": st.sampled_from("123"),
        "timescale_text": st.sampled_from(["March 2027", "June 2027"]),
    }
)


@given(timeline=st.lists(states, min_size=1, max_size=8), moment=st.integers(0, 9))
def test_any_timeline_is_read_back_at_every_moment(timeline, moment):
    """State i held from day i; each change is an edit on that day naming what it changed."""
    edits = []
    for day, (old, new) in enumerate(itertools.pairwise(timeline), start=1):
        changed = {key for key in old if old[key] != new[key]}
        at = START + dt.timedelta(days=day)
        edits.append(Edit(at, {k: old[k] for k in changed}, {k: new[k] for k in changed}))
    when = START + dt.timedelta(days=moment, hours=12)
    expected = timeline[min(moment, len(timeline) - 1)]
    assert shape_at(timeline[-1], edits, when)[0] == expected
    for key in expected:
        assert value_at(key, timeline[-1][key], edits, when).value == expected[key]


def test_a_renumbering_is_an_edit_of_each_action_it_renumbered():
    edits = renumbering_edits(
        START, {"numbers": {"7": "1", "8": "2"}}, {"numbers": {"7": "2", "8": "1"}}
    )
    assert edits == {
        7: Edit(START, {"number": "1"}, {"number": "2"}),
        8: Edit(START, {"number": "2"}, {"number": "1"}),
    }
    assert renumbering_edits(START, {"label": "A"}, {"label": "B"}) == {}


@pytest.mark.django_db
def test_a_history_made_through_the_services_is_read_back_as_it_stood_each_day():
    """Twenty days of random edits, moves, renumberings, renames, archiving and restoring;
    what each action was at the end of each day is what the reading says it was."""
    rng = random.Random(20)  # noqa: S311 - a fixed history, not a secret
    with time_machine.travel(START, tick=False) as clock:
        plan = PlanFactory()
        first = DomainFactory(plan=plan, label="Governance", position=1)
        second = DomainFactory(plan=plan, label="Finance", position=2)
        for number in range(1, 5):
            ActionFactory(
                domain=first if number % 2 else second, number=number, timescale_text="March 2028"
            )
        seen: dict[dt.date, dict[int, tuple[str, str, str, bool]]] = {}
        for day in range(1, 21):
            clock.move_to(START + dt.timedelta(days=day, hours=10))
            _random_change(rng, plan, day)
            seen[(START + dt.timedelta(days=day)).date()] = {
                a.pk: (
                    a.domain.label,
                    a.number,
                    a.timescale_text,
                    a.archived_at is None and a.domain.archived_at is None,
                )
                for a in Action.objects.filter(domain__plan=plan).select_related("domain")
            }
        clock.move_to(START + dt.timedelta(days=30))
        summaries = " ".join(AuditEvent.objects.filter(plan=plan).values_list("summary", flat=True))
        for verb in ("Changed", "Moved", "Renumbered", "Renamed", "Archived", "Restored"):
            assert verb in summaries  # the history tried every kind of change
        days = sorted(seen)
        for since, until in itertools.pairwise(days):
            reading = read_changes(plan, since=since, until=until)
            got = {
                pk: (a.domain, a.reference, a.timescale_text, a.live)
                for pk, a in reading.at_until.items()
            }
            assert got == seen[until], until


def _random_change(rng: random.Random, plan, day: int) -> None:
    actions = list(
        Action.objects.filter(
            domain__plan=plan, archived_at__isnull=True, domain__archived_at__isnull=True
        )
    )
    live_domains = list(plan.domains.filter(archived_at__isnull=True))
    choice = rng.choice(["edit", "move", "renumber", "rename", "archive", "restore"])
    action = rng.choice(actions) if actions else None
    if choice == "edit" and action:
        action_services.action_edit(
            action=action,
            text=action.text,
            lead_text="",
            leads=[],
            timescale_text=rng.choice(["March 2028", "June 2028", "31/12/2027"]),
            high_priority=False,
            expected_version=action.version,
            by=None,
        )
    elif choice == "move" and action:
        action_services.action_move(
            action=action,
            domain=rng.choice(live_domains),
            number=f"{day}x",
            expected_version=action.version,
            by=None,
        )
    elif choice == "renumber" and action:
        mine = [a for a in actions if a.domain_id == action.domain_id]
        action_services.domain_renumber(
            domain=action.domain,
            numbers={a.pk: f"{a.number}.{day}" for a in mine},
            expected_versions={a.pk: a.version for a in mine},
            by=None,
        )
    elif choice == "rename":
        domain = rng.choice(live_domains)
        domains.domain_rename(
            domain=domain, title=domain.title, label=f"{domain.label[:20]} {day}", by=None
        )
    elif choice == "archive" and action and len(actions) > 2:
        archiving.action_archive(action=action, by=None, expected_version=action.version)
    else:
        archived = Action.objects.filter(domain__plan=plan, archived_at__isnull=False).first()
        if archived is not None:
            archiving.action_restore(action=archived, by=None, expected_version=archived.version)
