"""One plan with every shape issue 18 names, for the tests that walk every page, export,
check and permission over it: layered references in natural order (1, 1.2(a), 2, 10,
C1.1.1, CC1), objectives, activities with their own leads, timescales and statuses, several
leads and several timescales in a cell, month-year and phrase timescales, extra fields, and
a trust's own key (Amber meaning on track, Green meaning complete and shown in blue).

The layers are tests/plans/layers.py's, the key tests/custom_key.py's trust key with its
complete called Green; this adds a domain of awkward references and two dated updates.
"""

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import pytest
from django.test import Client

from improvement_tracker.accounts.models import Role
from improvement_tracker.plans.leads import lead_key, split_leads
from improvement_tracker.plans.models import Action, ActionUpdate, Domain, ExtraValue, Lead, Plan
from improvement_tracker.plans.rag import Status, StatusKey
from improvement_tracker.plans.services.extra_fields import extra_field_add
from improvement_tracker.plans.timescales import parse_timescale
from tests.custom_key import TRUST_KEY, use_key
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    PlanFactory,
    PlanRoleFactory,
    record_update,
)
from tests.plans.layers import Layered, layered_plan

# The trust's key, its complete called Green (in blue): "Green" and "Amber" here mean what
# the example calls Completed and Green.
SHAPES_KEY = StatusKey(
    tuple(
        replace(entry, label="Green") if entry.status is Status.COMPLETE else entry
        for entry in TRUST_KEY.entries
    )
)
FIRST_RATED = dt.date(2020, 10, 31)  # every action's first update
RATED_AGAIN = dt.date(2021, 6, 30)  # action 2 of the second domain: Red, then Amber
# Each awkward reference of the second domain (as a list, in natural order) with its
# words, lead cell, timescale cell, status, priority and extra values.
AWKWARD = [
    ("1", "Find every care leaver a home.", "Leaving Care Manager", "01/04/2021",
     Status.ON_TRACK, False, {}),
    ("1.2(a)", "Review the care leavers' offer.", "Head of Service, Children's Services",
     "March 2020", Status.COMPLETE, False, {"Directorate": "Children's Services"}),
    ("2", "Agree a joint housing protocol.",
     "Director of Children's Services\nNorthumbria Police", "August 2098\nQ3 2098/99",
     Status.ON_TRACK, True, {"Success measures": "Every leaver housed", "Directorate": "Housing"}),
    ("10", "Commission supported lodgings.", "Commissioning Manager",
     "Strategy agreed and in place by April 2099", Status.OFF_TRACK, True, {}),
    ("C1.1.1", "Assure the offer with partners.", "Medical Director, Safeguarding Lead",
     "To be confirmed", Status.COMPLETE_ASSURED, False, {}),
    ("CC1", "Ask care leavers what they think.", "Jane Smith, Participation Officer",
     "Dec 2099", Status.NOT_RATED, False, {"Success measures": "A reply from every leaver"}),
]  # fmt: skip
REFERENCES = [reference for reference, *_ in AWKWARD]


@dataclass
class EveryShape:
    plan: Plan
    layered: Layered  # the first domain: objectives, activities (tests/plans/layers.py)
    awkward: Domain  # the second: awkward references, several leads and timescales
    actions: dict[str, Action]  # the second domain's, by reference

    def action(self, reference: str) -> Action:
        return self.actions[reference]


def plan_of_every_shape(**plan: Any) -> EveryShape:
    """The plan (PlanFactory's fields as given: a named organisation, say, whose name holds
    no label) with every shape. Amber (on track) is the first domain's action 4, the second's
    1 (past its date: flagged) and 2 (rated Red at first); Green (complete) its 1.2(a), past its
    date and not overdue."""
    made = PlanFactory(**{"title": "Every shape improvement plan", **plan})
    use_key(made, SHAPES_KEY)
    layered = layered_plan(made)
    # The layers' action 4 is at risk, a meaning the trust's key has no label for.
    ActionUpdate.objects.filter(action__domain=layered.domain, action__number="4").update(
        status=Status.ON_TRACK
    )
    awkward = layered.other
    fields = {
        name: extra_field_add(plan=made, name=name, by=None)
        for name in ("Success measures", "Directorate")
    }
    actions = {}
    for reference, text, lead, timescale, status, priority, extra in AWKWARD:
        action = awkward.actions.filter(number=reference).first() or ActionFactory(
            domain=awkward, number=reference, text=text
        )
        Action.objects.filter(pk=action.pk).update(
            lead_text=lead, high_priority=priority, **_read(timescale)
        )
        action.leads.set(_leads(made, lead))
        first = Status.OFF_TRACK if reference == "2" else status
        ActionUpdate.objects.filter(action=action).update(status=first, made_on=FIRST_RATED)
        for name, value in extra.items():
            ExtraValue.objects.create(action=action, field=fields[name], text=value)
        action.refresh_from_db()
        actions[reference] = action
    record_update(
        actions["2"], made_on=RATED_AGAIN, status=Status.ON_TRACK, progress="Back on track."
    )
    made.refresh_from_db()
    return EveryShape(made, layered, awkward, actions)


@pytest.fixture
def shape(db: None) -> EveryShape:
    return plan_of_every_shape()


@pytest.fixture
def shape_manager(shape: EveryShape) -> Client:
    """The plan's manager, who also administers its organisation, signed in: every page of
    the plan is theirs (merging leads is the administrators', ADR 0022). A lead contributor
    holds a role too, for the pages about a person's leads."""
    role = PlanRoleFactory(plan=shape.plan, role=Role.MANAGER)
    MembershipFactory(user=role.user, organisation=shape.plan.organisation, is_admin=True)
    PlanRoleFactory(plan=shape.plan, role=Role.LEAD_CONTRIBUTOR, user__username="contributor")
    client = Client()
    client.force_login(role.user)
    return client


def _read(timescale: str) -> dict[str, object]:
    reading = parse_timescale(timescale)
    return {
        "timescale_text": timescale,
        "timescale_kind": reading.kind,
        "timescale_date": reading.date,
    }


def _leads(plan: Plan, cell: str) -> list[Lead]:
    """The register's leads a cell names, added to the plan's organisation as an import would."""
    return [
        Lead.objects.get_or_create(
            organisation=plan.organisation, key=lead_key(name), defaults={"name": name}
        )[0]
        for name in split_leads(cell)
    ]
