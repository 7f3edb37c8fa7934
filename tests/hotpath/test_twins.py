"""Each fast piece of the hot path gives what its plain twin gives (ADR 0033).

The twins are called directly (`.fast`, `.plain`), so these run the same way whatever
HOT_PATH says for the run. The reads every request makes are compared field by field in
test_reads.py, which runs each test with both twins.
"""

import datetime as dt
import importlib
import pkgutil
from pathlib import Path

import pytest
from django.db.models import F
from django.utils import timezone

from improvement_tracker import hotpath
from improvement_tracker.hotpath import plans as hot_plans
from improvement_tracker.hotpath import tracker as hot_tracker
from improvement_tracker.hotpath.memo import memoised
from improvement_tracker.hotpath.twins import Twins
from improvement_tracker.plans.models import Action, ActionUpdate, Domain, ExtraField, Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.services.activities import activity_add, activity_archive
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    DomainFactory,
    LeadFactory,
    plan_of_actions,
)
from tests.plans.layers import layered_plan

pytestmark = pytest.mark.django_db

TESTS = Path(__file__).resolve().parent


def every_twin() -> list[tuple[str, Twins]]:
    found = []
    for module in pkgutil.iter_modules(hotpath.__path__, f"{hotpath.__name__}."):
        loaded = importlib.import_module(module.name)
        found += [
            (f"{module.name}.{name}", value)
            for name, value in vars(loaded).items()
            if isinstance(value, Twins)
        ]
    return found


@pytest.mark.django_db(False)
def test_every_fast_piece_is_held_to_its_twin_by_a_test_here():
    tests = "".join(path.read_text(encoding="utf-8") for path in TESTS.glob("test_*.py"))
    twins = every_twin()
    assert len(twins) >= 7  # the reads, the loaders, the page splicing at least
    untested = [name for name, twin in twins if twin.fast.__name__ not in tests]
    assert untested == []


def test_the_switch_chooses_the_twin(settings):
    calls = []
    piece = Twins(lambda: calls.append("plain") or "plain", lambda: calls.append("fast") or "fast")
    settings.HOT_PATH = True
    assert piece() == "fast"
    settings.HOT_PATH = False
    assert piece() == "plain"
    assert calls == ["fast", "plain"]


def test_a_memoised_function_runs_every_time_with_the_hot_path_off(settings):
    calls = []

    @memoised(max_bytes=10_000, max_entries=10)
    def double(n: int) -> int:
        calls.append(n)
        return 2 * n

    settings.HOT_PATH = True
    assert [double(2), double(2)] == [4, 4]
    settings.HOT_PATH = False
    assert [double(2), double(2)] == [4, 4]
    assert calls == [2, 2, 2]


@pytest.fixture
def plan():
    """Two domains, actions with and without leads and updates, one archived."""
    first, second = DomainFactory(position=1), DomainFactory(position=2)
    second.plan = first.plan
    second.save()
    leads = LeadFactory.create_batch(3, organisation=first.plan.organisation)
    for number, domain in [(3, first), (1, first), (2, second), (1, second)]:
        action = ActionFactory(domain=domain, number=number, status=Status.AT_RISK)
        action.leads.add(*leads[: number % 3 + 1])
    ActionFactory(domain=first, number=7, first_update=None)  # no update, no lead
    ActionFactory(domain=second, number=9, archived_at=timezone.now())
    return first.plan


def _domains(plan: Plan) -> list[Domain]:
    return list(Domain.objects.filter(plan=plan).order_by("position"))


def _actions(plan: Plan):
    return Action.objects.filter(domain__plan=plan, archived_at__isnull=True)


def test_the_tracker_reads_the_same_actions_as_rows_as_it_does_as_models(plan):
    domains = _domains(plan)
    fast = hot_tracker.live_actions.fast(domains=domains, actions=_actions(plan))
    plain = hot_tracker.live_actions.plain(domains=domains, actions=_actions(plan))
    assert fast.keys() == plain.keys()
    for pk in fast:
        assert [row.number for row in fast[pk]] == [action.number for action in plain[pk]]
        for row, action in zip(fast[pk], plain[pk], strict=True):
            for name in hot_tracker.ROW_FIELDS:
                assert getattr(row, name) == getattr(action, name), name
            domain = next(d for d in domains if d.pk == row.domain_id)
            built = hot_tracker.action_from_row(row, domain)
            assert built.pk == action.pk and built.text == action.text
            assert built.domain is domain and action.domain is domain


def test_a_plans_activities_are_the_same_as_rows_as_they_are_as_models():
    layered = layered_plan()
    activity_archive(activity=layered.activities[0], by=None)
    activity_add(
        action=layered.loose,
        number="",
        text="Walk the front door.",
        lead_text="",
        timescale_text="",
        status=Status.NOT_RATED,
        by=None,
    )
    fast = hot_tracker.plan_activities.fast(plan=layered.plan)
    plain = hot_tracker.plan_activities.plain(plan=layered.plan)
    assert fast.keys() == plain.keys() == {layered.served.pk, layered.loose.pk}
    for pk in fast:
        assert len(fast[pk]) == len(plain[pk])
        for row, activity in zip(fast[pk], plain[pk], strict=True):
            for name in hot_tracker.ACTIVITY_FIELDS:
                assert getattr(row, name) == getattr(activity, name), name
    assert [row.number for row in fast[layered.served.pk]] == ["1.1.2"]  # live ones only


def test_a_plans_domains_and_what_they_have_are_the_same_either_way(plan):
    """The domains in order with what each has, live things only: an archived objective,
    activities only under an archived action, and an archived field count for nothing."""
    layered = layered_plan()
    third = DomainFactory(plan=layered.plan, position=3, label="Std 3")
    gone = ActionFactory(domain=third, number=1)
    activity_add(
        action=gone,
        number="",
        text="Left with its action.",
        lead_text="",
        timescale_text="",
        status=Status.NOT_RATED,
        by=None,
    )
    Action.objects.filter(pk=gone.pk).update(archived_at=timezone.now())
    ExtraField.objects.create(plan=plan, position=1, name="Gone", archived_at=timezone.now())

    def seen(twin, of):
        return [(d.pk, d.position, d.title, o, a, e) for d, o, a, e in twin(plan=of)]

    for of in (layered.plan, plan):
        assert seen(hot_tracker.domains_and_layers.fast, of) == seen(
            hot_tracker.domains_and_layers.plain, of
        )
    assert [row[3:] for row in seen(hot_tracker.domains_and_layers.fast, layered.plan)] == [
        (True, True, False),
        (False, False, False),
        (False, False, False),
    ]
    assert {row[3:] for row in seen(hot_tracker.domains_and_layers.fast, plan)} == {
        (False, False, False)
    }
    ExtraField.objects.create(plan=layered.plan, position=1, name="Outcome")
    assert all(row[5] for row in seen(hot_tracker.domains_and_layers.fast, layered.plan))


def test_each_action_has_the_same_leads_either_way_in_the_same_order(plan):
    fast = hot_tracker.leads_by_action.fast(actions=_actions(plan))
    plain = hot_tracker.leads_by_action.plain(actions=_actions(plan))
    with_leads = {pk: [lead.pk for lead in leads] for pk, leads in plain.items() if leads}
    assert {pk: [lead.pk for lead in leads] for pk, leads in fast.items()} == with_leads
    assert len(with_leads) == 4


def test_the_whole_tracker_is_the_same_either_way(plan, settings):
    def seen(hot: bool):
        settings.HOT_PATH = hot
        tracker = plan_tracker(plan=plan, as_of=dt.date(2021, 1, 1))
        return (
            tracker.table1,
            tracker.table2,
            [
                (a.pk, a.number, a.status, a.progress, [lead.pk for lead in a.leads], a.flags)
                for a in tracker.actions
            ],
        )

    assert seen(True) == seen(False)


@pytest.mark.parametrize("twin", ["fast", "plain"])
def test_the_fingerprint_holds_until_anything_the_tracker_shows_changes(plan, twin):
    fingerprint = getattr(hot_plans.tracker_fingerprint, twin)

    def now() -> str:
        return fingerprint(plan=Plan.objects.get(pk=plan.pk))

    seen = [now()]
    assert now() == seen[-1]  # nothing changed
    changes = [
        # Each as the admin or a shell would make it, past the services.
        lambda: Plan.objects.filter(pk=plan.pk).update(
            updated_at=F("updated_at") + dt.timedelta(seconds=1)
        ),
        lambda: (
            _actions(plan)
            .filter(number=3)
            .update(updated_at=F("updated_at") + dt.timedelta(seconds=1))
        ),
        lambda: ActionUpdateFactory(action=_actions(plan).get(number=3, domain__position=1)),
        lambda: ActionFactory(domain=Domain.objects.filter(plan=plan).first(), number=20),
        lambda: ActionUpdate.objects.filter(action__domain__plan=plan).order_by("-pk")[0].delete(),
    ]
    for change in changes:
        change()
        assert now() not in seen
        seen.append(now())


def test_an_actions_updates_and_what_was_carried_on_from_it_are_the_same_either_way(plan):
    action = _actions(plan).get(number=3)
    ActionUpdateFactory.create_batch(2, action=action)
    carried = ActionFactory(carried_from=action)
    for pk in (action.pk, carried.pk, _actions(plan).get(number=7).pk):
        fast = hot_plans.updates_and_carried_on.fast(action_id=pk)
        assert fast == hot_plans.updates_and_carried_on.plain(action_id=pk)
    assert hot_plans.updates_and_carried_on.fast(action_id=action.pk).carried_on
    assert hot_plans.updates_and_carried_on.fast(action_id=action.pk).updates == 3


def test_the_same_plan_size_costs_the_same_queries_either_way_as_it_grows(
    django_assert_max_num_queries, settings
):
    """The plain twins may make a query or two more, never one per action."""
    small, large = plan_of_actions(3), plan_of_actions(30)
    for hot in (True, False):
        settings.HOT_PATH = hot
        with django_assert_max_num_queries(12) as small_queries:
            plan_tracker(plan=small)
        with django_assert_max_num_queries(12) as large_queries:
            plan_tracker(plan=large)
        assert len(small_queries) == len(large_queries)
