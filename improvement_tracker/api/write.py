"""The API's write endpoints: a progress update, and accepting suggested statuses.

Each goes through the service the page calls (`plans/services/updates.py`), so it is
audited as the page's is; an update is checked by the page's own form, so the API
refuses what the form refuses, in the same words. An archived plan or action is refused
with 403, as the pages refuse it (`plans/views.py: unarchived`): being kept as it was is
a rule of the plan, not a clash with someone else's change that resending could mend.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError
from ninja.params import P, PathEx
from ninja.responses import Status as Reply

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.api.access import api_action, api_plan
from improvement_tracker.api.auth import require_write
from improvement_tracker.api.problems import problem
from improvement_tracker.api.schemas import Problem, StatusOut
from improvement_tracker.api.write_schemas import (
    LARGEST_ID,
    AcceptedOut,
    AcceptIn,
    Conflict,
    StatusChangeMade,
    TheirUpdate,
    UpdateIn,
    UpdateRecorded,
    YourUpdate,
)
from improvement_tracker.plans.forms import ActionUpdateForm
from improvement_tracker.plans.models import Action, ActionUpdate, Plan, StatusChange
from improvement_tracker.plans.rag import Status, StatusKey
from improvement_tracker.plans.selectors import actions as actions_selectors
from improvement_tracker.plans.selectors import review as review_selectors
from improvement_tracker.plans.services import updates as updates_services
from improvement_tracker.plans.services.rules import (
    EditRefused,
    StaleAction,
    UpdateRefused,
    _refuse_if_archived,
)

router = Router(tags=["Updates"])

# The update form's limits, which the suggestions page's updates keep too.
REASON_LONGEST: int = getattr(ActionUpdateForm.base_fields["reason"], "max_length", 2_000)
PERIOD_LONGEST: int = getattr(ActionUpdateForm.base_fields["period"], "max_length", 100)
Place = list[str | int]
PLAN_SLUG = "The plan's address name (its `slug`)."


@router.post(
    "/plans/{slug}/actions/{action_id}/updates",
    response={201: UpdateRecorded, 409: Conflict},
    summary="Record a progress update",
    description=(
        "Records a dated progress update of the action, as its 'Update' page does: the "
        "status (as its meaning), the progress, evidence and, if the status changes, why. "
        "Send the action's `version` as you read it: if someone changed the action since, "
        "nothing is stored and the answer is 409 with what you sent (`yours`), the action "
        "as it now stands (`theirs`) and its `current_version`. A lead contributor may "
        "update only the actions of the leads they act for; an archived plan, domain or "
        "action is refused (403). The answer's `Location` is the action's address."
    ),
    openapi_extra={"x-rule": "action: update"},
)
def action_update_create(
    request: HttpRequest,
    slug: PathEx[str, P(description=PLAN_SLUG)],
    action_id: PathEx[int, P(description="The action's id.", ge=1, le=LARGEST_ID)],
    body: UpdateIn,
    response: HttpResponse,
) -> Any:
    require_write(request)
    plan, access = api_plan(request, slug, Ability.UPDATE_OWN_ACTIONS)
    action = api_action(request, plan, access, action_id, update=True)
    _refuse_archived(plan, action)
    key = actions_selectors.tracked_action(action=action).status_key
    form = ActionUpdateForm(_form_data(body), key=key)
    if not form.is_valid():
        return _invalid(form)
    data = form.cleaned_data
    try:
        update = updates_services.action_record_update(
            action=action,
            by=user_of(request),
            made_on=data["made_on"],
            period=data["period"],
            status=Status(data["status"]),
            progress=data["progress"],
            evidence=data["evidence"],
            reason=data["reason"],
            expected_version=data["version"],
        )
    except StaleAction as stale:
        return _conflict(plan, stale.action, body)
    except EditRefused as refused:  # archived while this request was on its way
        raise HttpError(403, refused.message) from None
    except UpdateRefused as refused:
        return problem(422, str(refused), errors=[{"loc": ["body"], "msg": str(refused)}])
    response["Location"] = f"/api/v1/plans/{plan.slug}/actions/{action.pk}"
    return Reply(201, _update_out(update, action, key))


@router.post(
    "/plans/{slug}/suggestions/accept",
    response={201: AcceptedOut, 409: Problem},
    summary="Accept suggested statuses",
    description=(
        "Records the chosen status of each action not yet rated, as the 'Suggested "
        "statuses' page does: the suggested status or another of the plan's rated "
        "statuses, each an ordinary dated update keeping the action's words, with its "
        "reason (the page's words if none is given). All are recorded or none: a choice "
        "whose action is not in this plan, is already rated as at `made_on` or is chosen "
        "twice, or whose status the plan's key has not, refuses the whole request with 422 "
        "naming the choice by its index. For a plan manager; an archived plan is refused "
        "(403)."
    ),
    openapi_extra={"x-rule": "plan: edit"},
)
def suggestions_accept_create(
    request: HttpRequest, slug: PathEx[str, P(description=PLAN_SLUG)], body: AcceptIn
) -> Any:
    require_write(request)
    plan, _ = api_plan(request, slug, Ability.EDIT)
    _refuse_archived(plan)
    errors = _accept_errors(body)
    if errors:
        return _problem_422(errors)
    found = review_selectors.plan_suggestions(plan=plan, as_of=body.made_on)
    key = found.tracker.status_key
    waiting = {item.action.action.pk: item for item in found.items}
    in_plan = set(
        Action.objects.filter(
            domain__plan=plan, pk__in=[c.action_id for c in body.choices]
        ).values_list("pk", flat=True)
    )
    rated = {s.value for s in key.statuses if s is not Status.NOT_RATED}
    choices, seen = [], set()
    for index, choice in enumerate(body.choices):
        where: Place = ["body", "choices", index]
        if choice.action_id not in in_plan:
            errors.append(([*where, "action_id"], f"No action {choice.action_id} in this plan"))
        elif choice.action_id not in waiting:
            errors.append(
                (
                    [*where, "action_id"],
                    f"Action {choice.action_id} has no suggested status as at "
                    f"{body.made_on:%Y-%m-%d}: it is already rated, or archived",
                )
            )
        elif choice.action_id in seen:
            errors.append(([*where, "action_id"], f"Action {choice.action_id} is chosen twice"))
        if choice.status not in rated:
            errors.append(([*where, "status"], "Select one of this plan's rated statuses"))
        if errors or choice.action_id not in waiting:
            continue
        seen.add(choice.action_id)
        item = waiting[choice.action_id]
        status = Status(choice.status)
        reason = choice.reason or review_selectors.choice_reason(item, status, key)
        choices.append((item.action.action, status, reason))
    if errors:
        return _problem_422(errors)
    try:
        updates = updates_services.suggestions_accept(
            choices=choices, by=user_of(request), made_on=body.made_on, period=body.period
        )
    except StaleAction as stale:
        return problem(
            409,
            f"{stale.action} was changed by someone else while these were recorded; nothing "
            "was stored. Read the suggestions again and resend.",
        )
    except EditRefused as refused:
        raise HttpError(403, refused.message) from None
    actions = {action.pk: action for action, _, _ in choices}
    return Reply(
        201,
        AcceptedOut(updates=[_update_out(u, actions[u.action_id], key) for u in updates]),
    )


def _refuse_archived(plan: Plan, *things: Action) -> None:
    """The pages' refusal of a change to anything archived (403), with its reason."""
    try:
        _refuse_if_archived(plan, *things)
    except EditRefused as refused:
        raise HttpError(403, refused.message) from None


def _form_data(body: UpdateIn) -> dict[str, object]:
    """The body as the update form's fields, so that the form's checks and words apply."""
    return {
        "made_on_0": body.made_on.day,
        "made_on_1": body.made_on.month,
        "made_on_2": body.made_on.year,
        "period": body.period,
        "status": body.status,
        "progress": body.progress,
        "evidence": body.evidence,
        "reason": body.reason,
        "version": body.version,
    }


def _invalid(form: ActionUpdateForm) -> HttpResponse:
    return _problem_422(
        [
            (["body", field], str(message))
            for field, messages in form.errors.items()
            for message in messages
        ]
    )


def _accept_errors(body: AcceptIn) -> list[tuple[Place, str]]:
    """What the suggestions page would refuse before it looks at any action."""
    errors: list[tuple[Place, str]] = []
    if body.made_on > timezone.localdate():
        errors.append((["body", "made_on"], "The date of the updates must be today or in the past"))
    if len(body.period) > PERIOD_LONGEST:
        errors.append(
            (["body", "period"], f"Reporting period must be {PERIOD_LONGEST} characters or fewer")
        )
    if not body.choices:
        errors.append((["body", "choices"], "Choose a status for at least one action"))
    for index, choice in enumerate(body.choices):
        if len(choice.reason) > REASON_LONGEST:
            errors.append(
                (
                    ["body", "choices", index, "reason"],
                    f"Reason must be {REASON_LONGEST:,} characters or fewer",
                )
            )
    return errors


def _problem_422(errors: list[tuple[Place, str]]) -> HttpResponse:
    words = "; ".join(f"{'.'.join(str(p) for p in loc[1:])}: {msg}" for loc, msg in errors)
    return problem(
        422,
        f"Nothing was stored. {words}",
        errors=[{"loc": [str(p) for p in loc], "msg": msg} for loc, msg in errors],
    )


def _conflict(plan: Plan, action: Action, body: UpdateIn) -> HttpResponse:
    """Someone saved first: nothing stored; both versions, as the page shows them."""
    theirs = actions_selectors.tracked_action(action=action)
    latest = actions_selectors.latest_update(tracked=theirs)
    key = theirs.status_key
    status = Status(latest.status) if latest is not None else Status.NOT_RATED
    return problem(
        409,
        f"{action} was changed by someone else after you read it (your version "
        f"{body.version}, now {action.version}); nothing was stored. Compare yours with "
        "theirs and resend with the current version.",
        yours=YourUpdate(**body.model_dump()).model_dump(mode="json"),
        theirs=TheirUpdate(
            status=_status(status, key),
            progress=latest.progress if latest else "",
            evidence=latest.evidence if latest else "",
            made_on=latest.made_on if latest else None,
            author=_username(latest),
        ).model_dump(mode="json"),
        current_version=action.version,
    )


def _update_out(update: ActionUpdate, action: Action, key: StatusKey) -> UpdateRecorded:
    change = StatusChange.objects.filter(update=update).first()
    return UpdateRecorded(
        id=update.pk,
        action_id=action.pk,
        reference=action.number,
        made_on=update.made_on,
        period=update.period,
        status=_status(Status(update.status), key),
        progress=update.progress,
        evidence=update.evidence,
        author=_username(update),
        status_change=None
        if change is None
        else StatusChangeMade(
            from_status=_status(Status(change.from_status), key),
            to_status=_status(Status(change.to_status), key),
            reason=change.reason,
        ),
        version=action.version,
    )


def _status(status: Status, key: StatusKey) -> StatusOut:
    return StatusOut(meaning=status.value, label=key.label(status))


def _username(update: ActionUpdate | None) -> str | None:
    if update is None or update.author is None:
        return None
    return update.author.get_username()
