"""Changes to API tokens: made and revoked, each audited in the same transaction."""

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.api.models import ApiToken, Scope
from improvement_tracker.api.tokens import new_token
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record

MAX_DAYS = 366  # a token lives at most a year: a forgotten one stops by itself


class TokenRefused(ValueError):
    """A token cannot be made as asked; the message says why, for the person asking."""


@transaction.atomic
def api_token_create(
    *, user: User, name: str, scope: Scope, days: int, by: User | None
) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is returned once and never kept."""
    name = name.strip()
    if not name:
        raise TokenRefused("Enter a name for the token")
    if len(name) > 100:
        raise TokenRefused("The token's name must be 100 characters or fewer")
    if not 1 <= days <= MAX_DAYS:
        raise TokenRefused(f"A token must last between 1 and {MAX_DAYS} days")
    if not user.is_active:
        raise TokenRefused(f"{user.get_username()} cannot sign in, so cannot hold a token")
    made = new_token()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=Scope(scope),
        prefix=made.prefix,
        key_hash=made.key_hash,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    audit_record(
        actor=by,
        verb=Verb.API_TOKEN,
        obj=token,
        summary=f"API token '{token.name}' ({token.prefix}…) made for {user.get_username()}, "
        f"{token.get_scope_display().lower()}, until {token.expires_at:%Y-%m-%d}",
        after={
            "user": user.get_username(),
            "name": token.name,
            "scope": token.scope,
            "prefix": token.prefix,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return token, made.secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None) -> ApiToken:
    """Stop a token working at once; revoking one already revoked changes nothing."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit_record(
        actor=by,
        verb=Verb.API_TOKEN,
        obj=locked,
        summary=f"API token '{locked.name}' ({locked.prefix}…) of "
        f"{locked.user.get_username()} revoked",
        before={"revoked_at": None},
        after={"revoked_at": locked.revoked_at.isoformat()},
    )
    return locked


def api_token_used(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once an hour (so reads write almost
    nothing); not audited, since it changes nothing a person did."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(hours=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
