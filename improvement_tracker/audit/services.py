"""Write audit events. Services call audit_record inside their own transaction."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model

from improvement_tracker.audit.models import AuditEvent, Verb


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
    """The address Django saw; behind a proxy, REMOTE_ADDR is set by the proxy layer."""
    meta = getattr(request, "META", {})
    address = meta.get("REMOTE_ADDR")
    return str(address) if address else None
