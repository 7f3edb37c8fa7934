"""What a cold tracker and a cold export read of a plan's extra fields, objectives and
activities (ADRs 0040, 0041): nothing more than its domains' query for a plan without
them, and for a plan with them a number of queries that does not grow with its actions."""

import re

import pytest
from django.urls import reverse

from improvement_tracker.plans.models import Action, ExtraField, ExtraValue
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.activities import activity_add
from improvement_tracker.plans.services.objectives import objective_add
from tests.factories import plan_of_actions
from tests.plans.pages import cold_queries, cold_sql

pytestmark = pytest.mark.django_db

LAYER_TABLES = ("plans_extrafield", "plans_extravalue", "plans_objective", "plans_activity")
FORMATS = ["csv", "docx", "xlsx"]


def in_layers(plan):
    """Every action under an objective with two activities, and a value under each of two
    extra fields: the plan's every layer, on every action."""
    domain = plan.domains.get()
    objective = objective_add(domain=domain, number="1.1", text="Objective.", lead_text="", by=None)
    fields = [ExtraField.objects.create(plan=plan, position=n, name=f"Field {n}") for n in (1, 2)]
    for action in Action.objects.filter(domain__plan=plan):
        action.objective = objective
        action.save(update_fields=["objective"])
        for n in (1, 2):
            activity_add(
                action=action,
                number=f"{action.number}.{n}",
                text=f"Activity {n}.",
                lead_text="Service Manager",
                timescale_text="August 2015",
                status=Status.ON_TRACK,
                by=None,
            )
        for field in fields:
            ExtraValue.objects.create(action=action, field=field, text=f"{field.name} value")
    return plan


def urls(plan):
    exports = [reverse("documents:export", args=[plan.slug, f]) for f in FORMATS]
    return [plan.get_absolute_url(), *exports]


def layer_reads(sql):
    """The queries that read a layer's table: any but the domains' own, whose EXISTS ask
    only whether there is one."""
    return [q for q in sql if any(t in q for t in LAYER_TABLES) and not _reads_domains(q)]


def _reads_domains(sql):
    """The domains' query, by the ORM (plain) or in SQL (hot path): its last EXISTS, then
    its own table."""
    return re.search(r'EXISTS.*\)(?: AS "\w+")? FROM "plans_domain"', sql) is not None


def test_a_plan_without_layers_or_extra_fields_makes_no_query_for_them(signed_in_client):
    plain, layered = plan_of_actions(3), in_layers(plan_of_actions(3))
    signed_in_client.get(plain.get_absolute_url())  # the session, once
    for plain_url, layered_url in zip(urls(plain), urls(layered), strict=True):
        made = cold_sql(signed_in_client, plain_url)
        assert layer_reads(made) == [], plain_url
        # The domains' query is the one that says so: one query, as without any check.
        assert len([q for q in made if _reads_domains(q)]) == 1
        # The same plan in layers reads them: its fields and values, objectives, activities.
        assert len(layer_reads(cold_sql(signed_in_client, layered_url))) == 3, layered_url


def test_a_layered_plans_cold_queries_do_not_grow_with_its_actions(signed_in_client):
    small, large = in_layers(plan_of_actions(3)), in_layers(plan_of_actions(12))
    signed_in_client.get(small.get_absolute_url())  # the session, once
    for small_url, large_url in zip(urls(small), urls(large), strict=True):
        queries = cold_queries(signed_in_client, small_url)
        assert queries == cold_queries(signed_in_client, large_url), large_url
    html = signed_in_client.get(large.get_absolute_url()).content.decode()
    assert html.count("Activity 2.") == 12
    assert html.count("<strong>Field 2:</strong> Field 2 value") == 12


def test_a_plan_with_fields_but_no_domains_still_heads_its_export_with_them(signed_in_client):
    plan = plan_of_actions(1)
    ExtraField.objects.create(plan=plan, position=1, name="Success measures")
    plan.domains.update(archived_at="2020-01-01T00:00:00Z")
    response = signed_in_client.get(reverse("documents:export", args=[plan.slug, "csv"]))
    assert "Success measures" in response.content.decode("utf-8-sig").splitlines()[0]
