"""Sign-in throttling: a limit per account across addresses, another per address across accounts.

django-axes records each failed sign-in (its AccessAttempt rows hold the username, the
address and the browser) and, with AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"],
counts them per account and per address. Its own handler compares the larger count with
one limit; this one gives each count its own (SIGN_IN_FAILURES_PER_ACCOUNT,
SIGN_IN_FAILURES_PER_ADDRESS), and answers axes in "limits reached", so that
AXES_FAILURE_LIMIT is 1: one limit reached locks the sign-in out. ADR 0024 has the numbers.

It also writes the failed sign-ins and lockouts to the audit trail, after axes has
counted them: at most one failed sign-in row per account and address a minute, and one
lockout row per locked account and per locked address each cool-off, so that a flood of
guesses cannot flood the trail.
"""

from datetime import datetime, timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.audit.services import audit_record

FAILED_SIGN_IN_ROW_EVERY = timedelta(minutes=1)


def limit_for(parameter: object) -> int:
    """The failures that one kind of count may reach before it locks sign-in out."""
    if parameter == "username":
        return int(settings.SIGN_IN_FAILURES_PER_ACCOUNT)
    if parameter == "ip_address":
        return int(settings.SIGN_IN_FAILURES_PER_ADDRESS)
    raise ValueError(f"No sign-in failure limit is set for the lockout parameter {parameter!r}")


# django-axes is untyped: to mypy its handler is Any, which it will not subclass.
class SignInLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def limits_reached(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> list[str]:
        """Which counts ("username", "ip_address") have reached their own limit."""
        reached = []
        parameters = settings.AXES_LOCKOUT_PARAMETERS
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if count >= limit_for(parameter):
                reached.append(str(parameter))
        return reached

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """Axes compares this with AXES_FAILURE_LIMIT = 1: any limit reached locks out."""
        return len(self.limits_reached(request, credentials))

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A successful sign-in clears that account's failures only.

        Axes would also clear every failure from the address, so an attacker with an
        account of their own could sign into it to wipe the count of their guesses at
        other people's.
        """
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return int(count)

    def user_login_failed(
        self,
        sender: object,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None:
            locked = getattr(request, "axes_locked_out", False)
            record_failure(
                request, credentials, self.limits_reached(request, credentials) if locked else []
            )


def _failures(username: str, address: str | None) -> int:
    total = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return int(total or 0)


def _recorded_since(since: datetime, **match: object) -> bool:
    return AuditEvent.objects.filter(at__gte=since, **match).exists()


def record_failure(request: HttpRequest, credentials: dict[str, Any], locked: list[str]) -> None:
    """Audit a failed sign-in (or a wrong code), or the lockout it met, rate-limited.

    A lockout is recorded once per cool-off for the account, and once for the address,
    whichever limits were reached: a locked address trying ever more usernames adds no
    more rows.
    """
    username = str(get_client_username(request, credentials) or "")[:150]
    address = getattr(request, "axes_ip_address", None)
    failures = _failures(username, address)
    now = timezone.now()
    if getattr(request, "axes_locked_out", False):
        since = now - (get_cool_off(request) or timedelta(minutes=15))
        lockouts: list[tuple[str, str, dict[str, object], str]] = [
            ("username", "account", {"actor_name": username}, f"Sign-in as '{username}'"),
            ("ip_address", "address", {"ip_address": address}, f"Sign-ins from {address}"),
        ]
        for parameter, kind, whose, what in lockouts:
            if parameter in locked and not _recorded_since(
                since, verb=Verb.LOCKOUT, after__locked=kind, **whose
            ):
                audit_record(
                    actor=None,
                    actor_name=username,
                    verb=Verb.LOCKOUT,
                    summary=f"{what} locked out after too many failed attempts",
                    after={"locked": kind, "failures_from_this_address": failures},
                    ip_address=address,
                )
        return
    if not _recorded_since(
        now - FAILED_SIGN_IN_ROW_EVERY,
        verb=Verb.SIGN_IN_FAILED,
        actor_name=username,
        ip_address=address,
    ):
        what = "two-factor code" if credentials.get("two_factor") else "sign-in"
        audit_record(
            actor=None,
            actor_name=username,
            verb=Verb.SIGN_IN_FAILED,
            summary=f"Failed {what} as '{username}' ({failures} from this address lately)",
            after={"failures_from_this_address": failures},
            ip_address=address,
        )
