"""The API's reads of its own tables: a live token by its secret, a person's tokens."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from improvement_tracker.api.models import ApiImport, ApiToken
from improvement_tracker.api.tokens import TOKEN_START, token_hash


def live_token(*, secret: str) -> ApiToken | None:
    """The token this secret is, if it is neither revoked nor expired and its person is
    active; with its person and their membership, which every permission check reads."""
    if not secret.startswith(TOKEN_START) or len(secret) > 100:
        return None
    found = (
        ApiToken.objects.select_related("user", "user__membership")
        .filter(key_hash=token_hash(secret))
        .first()
    )
    if found is None or not found.is_live() or not found.user.is_active:
        return None
    return found


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """A person's tokens, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def pending_import(*, key: str, user: User) -> ApiImport | None:
    """An import waiting to be confirmed, if it is this person's: anyone else's is None."""
    return ApiImport.objects.filter(key=key, user=user).first()
