"""People with each role on a plan, for the pages that change plans."""

import pytest
from django.test import Client

from improvement_tracker.accounts.models import Role
from improvement_tracker.plans.rag import Status
from tests.factories import ActionFactory, DomainFactory, MembershipFactory, PlanRoleFactory


def calls_to(monkeypatch, module, name):
    """The keyword arguments of every call to module.name from now on (it still runs)."""
    calls = []
    original = getattr(module, name)

    def counted(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.fixture
def help_and_protection():
    """A plan's first domain, Help and Protection: action 1 on track (Green), 2 late (Red)."""
    domain = DomainFactory(position=1, label="Help and Protection")
    ActionFactory(domain=domain, number=1, status=Status.ON_TRACK, progress="On track.")
    ActionFactory(domain=domain, number=2, status=Status.OFF_TRACK, progress="Late.")
    return domain


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def manager_client(plan):
    """A signed-in client of a new plan manager of `plan`, from the plan's organisation."""
    role = PlanRoleFactory(plan=plan, role=Role.MANAGER)
    MembershipFactory(user=role.user, organisation=plan.organisation)
    return client_for(role.user)


@pytest.fixture
def manager_of():
    """manager_of(plan) is a signed-in client of a plan manager from the plan's organisation."""
    return manager_client


@pytest.fixture
def member_of():
    """member_of(plan): someone in the plan's organisation with no role on it (may read)."""

    def make(plan):
        return client_for(MembershipFactory(organisation=plan.organisation).user)

    return make


@pytest.fixture
def admin_of():
    """admin_of(plan): an organisation administrator of the plan's organisation, no role."""

    def make(plan):
        return client_for(MembershipFactory(organisation=plan.organisation, is_admin=True).user)

    return make
