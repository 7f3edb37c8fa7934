"""What the API lets a person reach: the pages' own rules (`plans/permissions.py`), with
their answers: a plan the person may not see is 404, whatever else they ask of it; a plan
they may see but may not do this with is 403; each refusal audited as the pages' are
(`audit/refusals.py`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.audit.refusals import record_refusal
from improvement_tracker.plans.models import Action, Plan
from improvement_tracker.plans.permissions import PlanAccess, plan_access
from improvement_tracker.plans.selectors import plans as plans_selectors


def refusal_audited(
    request: HttpRequest,
    refusal: Http404 | PermissionDenied,
    *,
    plan: Plan | None = None,
    plan_visible: bool = False,
) -> None:
    """Audit a refusal (`audit/refusals.py`), once per request: the rules below record it
    with its plan, and `app.py`'s error handlers record any other 403 or 404 an endpoint
    answers (a read-only token's change, a CSRF failure, someone else's import)."""
    if getattr(request, "_api_refusal_audited", False):
        return
    request._api_refusal_audited = True  # type: ignore[attr-defined]
    record_refusal(request, refusal, plan=plan, plan_visible=plan_visible)


def api_plan(request: HttpRequest, slug: str, ability: Ability) -> tuple[Plan, PlanAccess]:
    """The plan at `slug` and what this person may do with it, if they may `ability`."""
    plan = plans_selectors.plan_by_slug(slug=slug)
    access = None if plan is None else plan_access(request.user, plan)
    visible = access is not None and access.can(Ability.VIEW)
    try:
        if plan is None or access is None or not visible:
            raise Http404("No such plan, or not one you may see.")
        if not access.can(ability):
            raise PermissionDenied(f"Your role on this plan does not let you {WORDS[ability]}.")
    except (Http404, PermissionDenied) as refusal:
        refusal_audited(request, refusal, plan=plan, plan_visible=visible)
        raise
    return plan, access


def api_action(
    request: HttpRequest, plan: Plan, access: PlanAccess, action_id: int, *, update: bool = False
) -> Action:
    """The live or archived action `action_id` of this plan (another plan's is 404).

    With `update`, the person must be able to update it: a lead contributor only the
    actions of the leads they act for (403 otherwise).
    """
    action = None
    if 0 < action_id <= MAX_ID:  # a larger number is no action, and no database can compare it
        action = (
            Action.objects.select_related("domain", "objective")
            .filter(pk=action_id, domain__plan=plan)
            .first()
        )
    try:
        if action is None:
            raise Http404("No such action in this plan.")
        if update and not access.can_update(action):
            raise PermissionDenied("You may not update this action: it is not one of your leads'.")
    except (Http404, PermissionDenied) as refusal:
        refusal_audited(request, refusal, plan=plan, plan_visible=True)
        raise
    action.domain.plan = plan
    return action


MAX_ID = 2**63 - 1

WORDS = {
    Ability.VIEW: "see it",
    Ability.EXPORT: "export it",
    Ability.UPDATE_OWN_ACTIONS: "update its actions",
    Ability.UPDATE_ANY_ACTION: "update its actions",
    Ability.EDIT: "change it",
    Ability.MANAGE_ROLES: "manage its people",
    Ability.AUDIT: "read its audit history",
    Ability.ORGANISATION_LEADS: "change the organisation's leads",
}
