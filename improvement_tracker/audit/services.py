"""Write audit events. Services call audit_record inside their own transaction."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model
from django.utils import timezone

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.core import client_address

# Events that change nothing a page about the plan shows.
READ_ONLY_VERBS = frozenset(
    {
        Verb.EXPORT,
        Verb.SIGN_IN,
        Verb.SIGN_IN_FAILED,
        Verb.SIGN_OUT,
        Verb.PASSWORD,
        Verb.PASSWORD_RESET,
        Verb.TWO_FACTOR,
        Verb.LOCKOUT,
        Verb.REFUSED,
    }
)


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    verb: Verb,
    summary: str,
    obj: Model | None = None,
    plan: Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
    actor_name: str = "",
) -> AuditEvent:
    user = actor if isinstance(actor, User) else None
    if plan is not None and verb not in READ_ONLY_VERBS:
        # Whatever changed the plan, its cached pages are now out of date (ADR 0015).
        type(plan)._default_manager.filter(pk=plan.pk).update(updated_at=timezone.now())
    return AuditEvent.objects.create(
        actor=user,
        actor_name=actor_name or (user.get_username() if user else "system"),
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        plan_id=plan.pk if plan is not None else None,
        summary=summary[:500],
        before=before,
        after=after,
        ip_address=ip_address,
    )


def client_ip(request: object) -> str | None:
    """The address the lockout uses too (core/client_address.py): one answer for both."""
    return client_address.client_ip(request)
