"""The reads every request makes give what the ORM gives, on either database: each test
runs twice, with the hand-written SQL (hotpath/plans.py, people.py, sessions.py) and with
its plain ORM twin, in every run of the suite."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.hotpath.people import user_with_membership
from improvement_tracker.hotpath.plans import role_on_plan
from improvement_tracker.hotpath.sessions import SessionStore
from improvement_tracker.plans.models import Action, Plan
from improvement_tracker.plans.permissions import plan_access
from improvement_tracker.plans.selectors import actions as actions_selectors
from improvement_tracker.plans.selectors import plans as plans_selectors
from tests.factories import ActionFactory, DomainFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["fast", "plain"])
def twin(request, settings):
    settings.HOT_PATH = request.param == "fast"
    return request.param


def values(instance: Model) -> dict[str, tuple[type, object]]:
    """Every stored field's value and its type: a naive datetime, or 1 for True, differs."""
    return {
        field.attname: (type(getattr(instance, field.attname)), getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
    }


@pytest.fixture
def action():
    domain = DomainFactory(position=2, label="Children in Care")
    return ActionFactory(domain=domain, number=5, high_priority=True)


def test_a_person_and_their_membership_are_read_as_the_orm_reads_them(django_user_model):
    organisation = OrganisationFactory()
    person = django_user_model.objects.create_user(username="lead", password="x", is_staff=True)
    Membership.objects.create(user=person, organisation=organisation, is_admin=True)
    expected = User.objects.select_related("membership").get(pk=person.pk)

    read = user_with_membership(str(person.pk))  # as the session keeps it

    assert values(read) == values(expected)
    with CaptureQueriesContext(connection) as queries:
        assert values(read.membership) == values(expected.membership)
        assert read.membership.user is read
    assert len(queries) == 0


def test_a_person_without_a_membership_has_none_without_another_query(django_user_model):
    person = django_user_model.objects.create_user(username="partner", password="x")
    read = user_with_membership(person.pk)
    with CaptureQueriesContext(connection) as queries, pytest.raises(Membership.DoesNotExist):
        read.membership  # noqa: B018 - reading it is the test
    assert len(queries) == 0


@pytest.mark.parametrize("user_id", [987654, "not-a-number", None])
def test_no_person_for_an_unknown_or_malformed_id(user_id):
    assert user_with_membership(user_id) is None


def test_a_plan_and_its_organisation_are_read_as_the_orm_reads_them(action):
    plan = action.domain.plan
    Plan.objects.filter(pk=plan.pk).update(
        archived_at=dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    )
    expected = Plan.objects.select_related("organisation").get(pk=plan.pk)

    read = plans_selectors.plan_by_slug(slug=plan.slug)

    assert values(read) == values(expected)
    with CaptureQueriesContext(connection) as queries:
        assert values(read.organisation) == values(expected.organisation)
    assert len(queries) == 0
    assert plans_selectors.plan_by_slug(slug="no-such-plan") is None


def test_an_action_and_its_domain_are_read_as_the_orm_reads_them(action):
    plan = plans_selectors.plan_by_slug(slug=action.domain.plan.slug)
    expected = Action.objects.select_related("domain").get(pk=action.pk)

    read = actions_selectors.action_in_plan(plan=plan, position=2, number="5")

    assert values(read) == values(expected)
    with CaptureQueriesContext(connection) as queries:
        assert values(read.domain) == values(expected.domain)
        assert read.domain.plan is plan
    assert len(queries) == 0
    assert actions_selectors.action_in_plan(plan=plan, position=2, number="6") is None
    assert actions_selectors.action_in_plan(plan=plan, position=1, number="5") is None


def test_another_plans_action_is_not_found(action):
    other = DomainFactory(position=2, label="Children in Care").plan
    assert actions_selectors.action_in_plan(plan=other, position=2, number="5") is None


def test_a_role_on_the_plan_gives_its_abilities_and_only_on_that_plan(action, django_user_model):
    person = django_user_model.objects.create_user(username="manager", password="x")
    plan = action.domain.plan
    other = DomainFactory(position=1, label="Leadership").plan
    PlanRole.objects.create(plan=plan, user=person, role=Role.MANAGER)
    assert plan_access(person, plan).can(Ability.EDIT)
    assert not plan_access(person, other).can(Ability.VIEW)


def test_a_role_is_read_as_the_orm_reads_it(action, django_user_model):
    plan = action.domain.plan
    for role in Role:
        person = django_user_model.objects.create_user(username=f"role-{role}", password="x")
        PlanRole.objects.create(plan=plan, user=person, role=role)
        assert role_on_plan(plan_id=plan.pk, user_id=person.pk) == role
    nobody = django_user_model.objects.create_user(username="no-role", password="x")
    assert role_on_plan(plan_id=plan.pk, user_id=nobody.pk) is None


def test_a_session_is_read_until_it_expires(django_user_model):
    store = SessionStore()
    store["board"] = "Tuesday"
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == {"board": "Tuesday"}

    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=past)
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None  # dropped, so a new one is made, as Django does
