"""Every change is one transaction: when its last step (the audit record) fails, nothing stays."""

import datetime as dt

import pytest

from improvement_tracker.accounts.models import PlanRole
from improvement_tracker.plans.models import Action, ActionUpdate, Domain, Lead, Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services import actions as actions_services
from improvement_tracker.plans.services import domains as domains_services
from improvement_tracker.plans.services import leads as leads_services
from improvement_tracker.plans.services import plans as plans_services
from tests.factories import ActionFactory, DomainFactory, LeadFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def domain():
    domain = DomainFactory(position=1, label="Leadership")
    ActionFactory(domain=domain, number=1, status=Status.ON_TRACK, text="The words.")
    LeadFactory(organisation=domain.plan.organisation, name="CEx of TfC")
    return domain


@pytest.fixture
def failing_audit(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    for module in (actions_services, domains_services, leads_services, plans_services):
        monkeypatch.setattr(module, "audit_record", fail)


def state():
    return (
        list(Plan.objects.values_list("pk", "title", "slug", "archived_at")),
        list(Domain.objects.values_list("pk", "position", "title", "label", "archived_at")),
        list(
            Action.objects.values_list(
                "pk", "domain_id", "number", "text", "timescale_text", "high_priority", "version"
            )
        ),
        list(Action.leads.through.objects.values_list("action_id", "lead_id")),
        list(ActionUpdate.objects.values_list("pk", "progress")),
        list(Lead.objects.values_list("pk", "name", "merged_into")),
        list(PlanRole.objects.values_list("plan_id", "user_id", "role")),
    )


CHANGES = {
    "add a domain": lambda d: domains_services.domain_add(
        plan=d.plan, title="T", label="L", by=None
    ),
    "rename a domain": lambda d: domains_services.domain_rename(
        domain=d, title="T", label="L", by=None
    ),
    "add an action": lambda d: actions_services.action_add(
        domain=d,
        number="2",
        text="New.",
        lead_text="CEx of TfC",
        leads=list(Lead.objects.all()),
        timescale_text="2021",
        high_priority=True,
        by=None,
    ),
    "change an action": lambda d: actions_services.action_edit(
        action=d.actions.get(),
        text="Changed.",
        lead_text="CEx of TfC",
        leads=list(Lead.objects.all()),
        timescale_text="Quarterly from 01/12/2019",
        high_priority=True,
        expected_version=1,
        by=None,
    ),
    "add a lead": lambda d: leads_services.lead_add(
        organisation=d.plan.organisation, name="Head of Service", by=None
    ),
    "create a plan": lambda d: plans_services.plan_create(
        organisation=d.plan.organisation,
        title="Another plan",
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2022, 3, 31),
        reporting_date=dt.date(2021, 10, 31),
        by=UserFactory(),
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_that_fails_at_its_last_step_leaves_nothing_behind(domain, failing_audit, change):
    before = state()
    with pytest.raises(RuntimeError):
        CHANGES[change](domain)
    assert state() == before


@pytest.mark.parametrize("change", CHANGES)
def test_the_same_change_is_saved_when_nothing_fails(domain, change):
    before = state()
    CHANGES[change](domain)
    assert state() != before  # so the test above can tell
