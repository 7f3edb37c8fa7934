"""factory_boy factories for the models the tests build by hand."""

import datetime as dt
from typing import Any

import factory
from django.contrib.auth.models import User
from factory.django import DjangoModelFactory

from improvement_tracker.accounts.models import Membership, Organisation, PlanRole, Role
from improvement_tracker.plans.leads import lead_key
from improvement_tracker.plans.models import (
    Action,
    ActionUpdate,
    Domain,
    Lead,
    Plan,
    RagKeyEntry,
)
from improvement_tracker.plans.numbering import natural_key
from improvement_tracker.plans.rag import EXAMPLE_KEY, Status
from improvement_tracker.plans.services.status_key import key_entries
from improvement_tracker.plans.timescales import parse_timescale


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Faker("company")
    slug = factory.Sequence(lambda n: f"organisation-{n}")


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Improvement plan {n}")
    slug = factory.Sequence(lambda n: f"improvement-plan-{n}")
    reporting_period = "October 2020"

    @factory.post_generation
    def key(self, create, extracted, **kwargs):
        if create:
            RagKeyEntry.objects.bulk_create(key_entries(self, EXAMPLE_KEY))


class DomainFactory(DjangoModelFactory):
    class Meta:
        model = Domain

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"DOMAIN NUMBER {n}")
    label = factory.Sequence(lambda n: f"Domain {n}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    domain = factory.SubFactory(DomainFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    text = factory.Faker("sentence")
    lead_text = factory.Faker("job")
    timescale_text = "01/04/2021"
    timescale_kind = factory.LazyAttribute(lambda a: parse_timescale(a.timescale_text).kind)
    timescale_date = factory.LazyAttribute(lambda a: parse_timescale(a.timescale_text).date)

    @classmethod
    def _adjust_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        # ActionFactory(number=16) is action "16": references are text (ADR 0038).
        kwargs["number"] = str(kwargs["number"])
        kwargs["number_order"] = natural_key(kwargs["number"])
        return kwargs

    class Params:
        # The action's first dated update; ActionFactory(status=Status.OFF_TRACK) rates it.
        status = Status.NOT_RATED
        progress = factory.Faker("paragraph")
        made_on = dt.date(2020, 10, 31)

    first_update = factory.RelatedFactory(
        "tests.factories.ActionUpdateFactory",
        factory_related_name="action",
        status=factory.SelfAttribute("..status"),
        progress=factory.SelfAttribute("..progress"),
        made_on=factory.SelfAttribute("..made_on"),
    )


class ActionUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory, first_update=None)
    made_on = dt.date(2020, 10, 31)
    status = Status.NOT_RATED
    progress = factory.Faker("paragraph")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person-{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class PlanRoleFactory(DjangoModelFactory):
    """PlanRoleFactory(plan=plan) makes a plan manager; pass role= for another role."""

    class Meta:
        model = PlanRole

    plan = factory.SubFactory(PlanFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MANAGER


class LeadFactory(DjangoModelFactory):
    class Meta:
        model = Lead

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Head of Service {n}")
    key = factory.LazyAttribute(lambda lead: lead_key(lead.name))


def record_update(
    action: Action,
    *,
    made_on: dt.date,
    status: Status,
    progress: str,
    by: User | None = None,
    **more: Any,
) -> ActionUpdate:
    """A progress update recorded through the service, as someone would from the action as
    read (`expected_version=` an older version to save from an old copy)."""
    from improvement_tracker.plans.services.updates import action_record_update

    more.setdefault("expected_version", action.version)
    return action_record_update(
        action=action, by=by, made_on=made_on, status=status, progress=progress, **more
    )


def plan_of_actions(size: int) -> Plan:
    """A plan of `size` actions, each with two leads and an update that refers to another
    action, every third recurring: what the tracker reads for each row, to count queries."""
    domain = DomainFactory()
    leads = LeadFactory.create_batch(2, organisation=domain.plan.organisation)
    for number in range(1, size + 1):
        timescale = "Quarterly from 01/12/2019" if number % 3 == 0 else "01/04/2021"
        action = ActionFactory(domain=domain, number=number, timescale_text=timescale)
        action.leads.add(*leads)
        record_update(
            action,
            made_on=dt.date(2020, 11, 1),
            status=Status.ON_TRACK,
            progress=f"See action {max(number - 1, 1)}.",
        )
    return domain.plan
