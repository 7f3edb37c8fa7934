"""The portfolio's kept figures (hotpath/portfolio.py) against their plain twins."""

import datetime as dt

import pytest

from improvement_tracker.hotpath.plans import tracker_fingerprint
from improvement_tracker.hotpath.portfolio import kept_per_plan, plan_fingerprints
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.portfolio import _figures
from tests.factories import ActionFactory, DomainFactory, PlanFactory, record_update

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def plans():
    made = []
    for count in (0, 1, 3):
        plan = PlanFactory()
        domain = DomainFactory(plan=plan)
        for number in range(1, count + 1):
            ActionFactory(domain=domain, number=number, status=Status.AT_RISK)
        made.append(plan)
    return made


def test_each_plans_fingerprint_is_the_one_its_tracker_reads(plans):
    ids = [plan.pk for plan in plans]
    assert plan_fingerprints.fast(ids) == {
        plan.pk: tracker_fingerprint.fast(plan=plan) for plan in plans
    }
    assert plan_fingerprints.plain(ids) == {
        plan.pk: tracker_fingerprint.plain(plan=plan) for plan in plans
    }
    assert plan_fingerprints.fast([]) == {}


def test_kept_figures_are_the_figures_built_now(plans, settings):
    settings.HOT_PATH = True
    ids = [plan.pk for plan in plans]

    def build(missing):
        return _figures(missing, TODAY)

    assert kept_per_plan.fast("test", ids, [TODAY], build) == build(ids)
    action = plans[2].domains.get().actions.first()
    record_update(action, made_on=TODAY, status=Status.COMPLETE, progress="Done.")
    fast = kept_per_plan.fast("test", ids, [TODAY], build)
    assert fast == kept_per_plan.plain("test", ids, [TODAY], build) == build(ids)
    assert dict(fast[plans[2].pk].totals)["Completed"] == 1


def test_a_kept_value_is_rebuilt_when_what_else_it_was_built_from_changes(plans, settings):
    settings.HOT_PATH = True
    ids = [plan.pk for plan in plans]
    built = []

    def build(missing):
        built.append(list(missing))
        return {pk: len(built) for pk in missing}

    kept_per_plan.fast("test", ids, [], build, per_plan={ids[0]: "a"})
    kept_per_plan.fast("test", ids, [], build, per_plan={ids[0]: "a"})
    assert built == [ids]  # the second call built nothing
    assert kept_per_plan.fast("test", ids, [], build, per_plan={ids[0]: "b"})[ids[0]] == 2
    assert built == [ids, [ids[0]]]
