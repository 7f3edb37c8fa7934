"""The API tokens page's reads: whose tokens a person may see and revoke.

Their own, always; an organisation administrator's also those of their organisation's
people, so that a leaver's token can be stopped (ADR 0061). Any other token is None, which
the page answers as 404, saying nothing of whether it exists.
"""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from improvement_tracker.accounts.models import Membership, Organisation
from improvement_tracker.accounts.permissions import is_org_admin
from improvement_tracker.api.models import ApiToken


def administered_organisation(*, user: User) -> Organisation | None:
    """The organisation whose people's tokens `user` administers, if any."""
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not is_org_admin(user):
        return None
    return membership.organisation


def organisation_tokens(*, admin: User) -> QuerySet[ApiToken]:
    """The tokens of the other people of the organisation `admin` administers, newest
    first, with their holders; none for anyone who administers none."""
    organisation = administered_organisation(user=admin)
    if organisation is None:
        return ApiToken.objects.none()
    return (
        ApiToken.objects.filter(user__membership__organisation=organisation)
        .exclude(user=admin)
        .select_related("user")
        .order_by("-created_at", "-id")
    )


def token_to_revoke(*, token_id: int, by: User) -> ApiToken | None:
    """The token `by` may revoke: their own, or one of their organisation's people's if
    they administer it; None for anyone else's, and for one that does not exist."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None:
        return None
    if token.user_id == by.pk or organisation_tokens(admin=by).filter(pk=token.pk).exists():
        return token
    return None
