"""Starting a plan from nothing."""

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from improvement_tracker.accounts.models import Organisation, PlanRole, Role
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import (
    Plan,
    RagKeyEntry,
)
from improvement_tracker.plans.rag import EXAMPLE_KEY
from improvement_tracker.plans.services.rules import EditRefused
from improvement_tracker.plans.services.status_key import key_entries
from improvement_tracker.plans.slugs import free_slug, plan_slug


def _check_period(period_start: dt.date, period_end: dt.date) -> None:
    if period_end <= period_start:
        raise EditRefused("The end of the plan period must be after its start", field="period_end")


def _plan_values(plan: Plan) -> dict[str, object]:
    return {
        "title": plan.title,
        "slug": plan.slug,
        "organisation": plan.organisation.name,
        "period_start": plan.period_start.isoformat() if plan.period_start else None,
        "period_end": plan.period_end.isoformat() if plan.period_end else None,
        "reporting_date": plan.reporting_date.isoformat() if plan.reporting_date else None,
    }


def _new_plan(
    *,
    organisation: Organisation,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    reporting_date: dt.date,
    by: User,
) -> Plan:
    """A plan with nothing in it yet, whose creator is its plan manager."""
    _check_period(period_start, period_end)
    plan = Plan.objects.create(
        organisation=organisation,
        title=title,
        slug=free_slug(plan_slug(title)),
        reporting_period=f"{reporting_date:%B %Y}",
        reporting_date=reporting_date,
        period_start=period_start,
        period_end=period_end,
    )
    PlanRole.objects.update_or_create(plan=plan, user=by, defaults={"role": Role.MANAGER})
    return plan


@transaction.atomic
def plan_create(
    *,
    organisation: Organisation,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    reporting_date: dt.date,
    by: User,
) -> Plan:
    """Start an empty plan with the example's RAG key; its creator becomes its plan manager."""
    plan = _new_plan(
        organisation=organisation,
        title=title,
        period_start=period_start,
        period_end=period_end,
        reporting_date=reporting_date,
        by=by,
    )
    RagKeyEntry.objects.bulk_create(key_entries(plan, EXAMPLE_KEY))
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=plan,
        plan=plan,
        summary=f"Created the plan '{title}'",
        after=_plan_values(plan),
    )
    return plan
