"""The decorators plan pages declare their rule with: /plans/<slug>/… and its actions.

Built on `accounts/access.py` (the rule recorded on the view, sign-in first, each refusal
audited): someone who cannot see the plan gets 404, someone who can see it but may not
do this gets 403. Plan views receive the plan (and the action) already checked.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from improvement_tracker.accounts.access import Rule, View, _declare
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.audit.refusals import record_refusal
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.permissions import PlanAccess, plan_access
from improvement_tracker.plans.selectors import actions as actions_selectors
from improvement_tracker.plans.selectors import plans as plans_selectors


def plan_view(ability: Ability) -> Callable[[View], View]:
    """For /plans/<slug>/…: the view is called as view(request, plan, access, …)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            plan = plans_selectors.plan_by_slug(slug=slug)
            access = None if plan is None else plan_access(request.user, plan)
            visible = access is not None and access.can(Ability.VIEW)
            try:
                if access is None or not visible:
                    raise Http404("No such plan")
                if not access.can(ability):
                    raise PermissionDenied
                # An action view's own refusals (action_view) are caught here too.
                return view(request, plan, access, *args, **kwargs)
            except (Http404, PermissionDenied) as refusal:
                record_refusal(request, refusal, plan=plan, plan_visible=visible)
                raise

        return _declare(wrapper, Rule(f"plan: {ability.value}", ability))

    return decorate


def action_view(ability: Ability) -> Callable[[View], View]:
    """For …/actions/<position>/<number>/: called as view(request, plan, access, action).

    With UPDATE_OWN_ACTIONS, the person must lead this action (or update any action).
    """

    def decorate(view: View) -> View:
        @plan_view(Ability.VIEW)
        @wraps(view)
        def wrapper(
            request: HttpRequest,
            plan: Plan,
            access: PlanAccess,
            position: int,
            number: str,
            **more: int,  # what the address names within the action: its activity
        ) -> HttpResponse:
            action = actions_selectors.action_in_plan(plan=plan, position=position, number=number)
            if action is None:
                raise Http404("No such action")
            if ability is Ability.UPDATE_OWN_ACTIONS:
                if not access.can_update(action):
                    raise PermissionDenied
            elif not access.can(ability):
                raise PermissionDenied
            return view(request, plan, access, action, **more)

        return _declare(wrapper, Rule(f"action: {ability.value}", ability))

    return decorate
