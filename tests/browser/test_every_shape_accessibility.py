"""The pages of a plan of every shape (tests/every_shape.py), checked with axe as every
page type is in test_accessibility.py: references such as 1.2(a) and C1.1.1, objectives,
activities, several leads and timescales in a cell, extra fields and the trust's own key.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.plans.models import Action
from tests.browser.conftest import Person
from tests.browser.test_accessibility import PAGE_TYPES, PageType, World, check_page_type
from tests.every_shape import plan_of_every_shape

# The page types that show what a plan's shape holds, looked at over that plan.
SHOWN = {
    "tracker",
    "action",
    "update form",
    "exceptions",
    "what changed",
    "suggestions",
    "trends",
    "manage the plan",
    "archived items",
    "edit an action",
    "status key",
    "extra fields",
    "rename an extra field",
    "objectives",
    "change an objective",
    "activities",
    "change an activity",
    "plan audit history",
    "action audit history",
    "board pack",  # Table 1 as issued, in the plan's own labels
}
SECOND_DOMAIN = {"position": 2}
SHAPE_PAGES = [page_type for page_type in PAGE_TYPES if page_type.name in SHOWN] + [
    PageType(
        "action with several leads, timescales and extra values",
        "plans:action_detail",
        arguments={**SECOND_DOMAIN, "number": "2"},
    ),
    PageType(
        "action 1.2(a)", "plans:action_detail", arguments={**SECOND_DOMAIN, "number": "1.2(a)"}
    ),
    PageType("tracker filtered by the plan's Amber", "plans:tracker", "?status=on_track"),
    PageType("tracker as at an earlier date", "plans:tracker", "?as_of=2021-01-01"),
]


def test_every_page_type_named_here_exists():
    assert SHOWN - {page_type.name for page_type in PAGE_TYPES} == set()


@pytest.fixture
def shaped_action(django_user_model: Any, example_plan: Any, improvement_lead: Person) -> Action:
    """The first domain's action 2 of a plan of every shape in the example's organisation,
    which the improvement lead manages: under an objective, with two activities."""
    shape = plan_of_every_shape(organisation=example_plan.organisation, slug="every-shape")
    user = get_user_model().objects.get(username=improvement_lead.username)
    PlanRole.objects.create(plan=shape.plan, user=user, role=Role.MANAGER)
    return shape.layered.served


@pytest.mark.browser
@pytest.mark.parametrize("page_type", SHAPE_PAGES, ids=lambda page_type: page_type.name)
def test_page_of_a_plan_of_every_shape_meets_wcag_a_and_aa(
    request, page_type, page, sign_in_by_cookie, shaped_action, lead_officer
):
    world = World(action=shaped_action, contributor=lead_officer)
    check_page_type(request, page_type, page, sign_in_by_cookie, world)
