"""GET /api/v1/me: who is calling and what the request may do; the first call a client
makes to check its token."""

from django.http import HttpRequest
from ninja import Router

from improvement_tracker.accounts.access import user_of
from improvement_tracker.api.auth import token_of
from improvement_tracker.api.schemas import Person

router = Router(tags=["You"])


@router.get(
    "/me",
    response=Person,
    summary="Who is calling",
    description=(
        "The person the token (or session) is, their organisation, and whether this "
        "request may change things (`scope`). Call it first to check a new token."
    ),
    openapi_extra={"x-rule": "signed in"},
)
def me(request: HttpRequest) -> Person:
    user = user_of(request)
    token = token_of(request)
    membership = getattr(user, "membership", None)
    return Person(
        username=user.get_username(),
        name=user.get_full_name(),
        organisation=membership.organisation.name if membership is not None else None,
        via="token" if token is not None else "session",
        scope="write" if token is None or token.may_write else "read",
        token_name=token.name if token is not None else None,
        token_expires_at=token.expires_at.isoformat() if token is not None else None,
    )
