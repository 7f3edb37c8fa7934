"""Write audit events, each chained to the one before (ADR 0025). Services call
audit_record inside their own transaction. It records and changes nothing else: a
service that changes what a plan's pages show says so itself (plans/services/freshness.py,
ADR 0035)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from improvement_tracker.audit.chain import GENESIS, link_hash
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.core import client_address

# PostgreSQL's transaction-level advisory lock that serialises appends to the chain.
CHAIN_LOCK = 0x61756469745F63  # "audit_c"

# Events that change nothing of any plan: exports, sign-ins, passwords, refusals, notices.
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
        Verb.NOTICE,
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
    return _append(
        AuditEvent(
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
    )


def _append(event: AuditEvent) -> AuditEvent:
    """Chain the event to the newest one and save it, one appender at a time (ADR 0025).

    The lock (PostgreSQL) or the write lock an IMMEDIATE transaction takes when it
    begins (SQLite, config/settings/base.py) is held until the caller's transaction
    ends, so two transactions never chain to the same predecessor.
    """
    with transaction.atomic(savepoint=False):  # joins the caller's transaction, if any
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event.at = timezone.now()
        event.previous_hash = GENESIS if head is None else head
        event.hash = link_hash(_fields(event), key=settings.AUDIT_CHAIN_KEY)
        event.save(force_insert=True)
    return event


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at,
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "verb": event.verb,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "plan_id": event.plan_id,
        "summary": event.summary,
        "before": event.before,
        "after": event.after,
        "ip_address": event.ip_address,
        "previous_hash": event.previous_hash,
    }


def client_ip(request: object) -> str | None:
    """The address the lockout uses too (core/client_address.py): one answer for both."""
    return client_address.client_ip(request)
