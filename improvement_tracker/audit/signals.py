"""Sign-in, sign-out and failed sign-in are Django's own events; record each one."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record, client_ip


@receiver(user_logged_in)
def record_sign_in(sender: object, request: Any, user: Any, **kwargs: object) -> None:
    audit_record(actor=user, verb=Verb.SIGN_IN, summary="Signed in", ip_address=client_ip(request))


@receiver(user_logged_out)
def record_sign_out(sender: object, request: Any, user: Any, **kwargs: object) -> None:
    if user is not None:
        audit_record(
            actor=user, verb=Verb.SIGN_OUT, summary="Signed out", ip_address=client_ip(request)
        )


@receiver(user_login_failed)
def record_failed_sign_in(
    sender: object, credentials: dict[str, Any], request: Any = None, **kwargs: object
) -> None:
    # Django has already removed the password from `credentials`.
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        actor_name=username,
        verb=Verb.SIGN_IN_FAILED,
        summary=f"Failed sign-in as '{username}'",
        ip_address=client_ip(request),
    )
