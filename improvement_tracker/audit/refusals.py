"""Refused access is audited (Verb.REFUSED), at most one event per person per window.

The access decorators (accounts/access.py, plans/access.py) call record_refusal when
they answer 404 or 403. A flood of refusals cannot flood the trail: the first refusal by
a person (or, signed out, an address) in AUDIT_REFUSED_EVERY_MINUTES is an event; later
ones in that window are only counted, and the count is written with the next event for them, or as
a closing event once their window has passed and any refusal is recorded (ADR 0025).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Model
from django.http import Http404, HttpRequest
from django.utils import timezone

from improvement_tracker.audit.models import RefusalWindow, Verb
from improvement_tracker.audit.services import audit_record, client_ip

# Closing counts written at once, at most, so that one refusal never does unbounded work.
SWEEP = 50


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.AUDIT_REFUSED_EVERY_MINUTES)


def record_refusal(
    request: HttpRequest,
    refusal: Http404 | PermissionDenied,
    *,
    plan: Model | None = None,
    plan_visible: bool = False,
) -> None:
    """Audit a 404 or 403 from an access rule, unless this person's window is open.

    The plan links the event to the plan's history only if the person may see the plan:
    an outsider's probing is not shown to the plan's own people (ADR 0025).
    """
    user = request.user if request.user.is_authenticated else None
    address = client_ip(request)
    who = f"person:{user.pk}" if user is not None else f"address:{address}"
    now = timezone.now()
    with transaction.atomic():
        window = RefusalWindow.objects.select_for_update().filter(who=who).first()
        if window is not None and window.started_at > now - _window():
            RefusalWindow.objects.filter(pk=window.pk).update(suppressed=F("suppressed") + 1)
            return
        suppressed = window.suppressed if window is not None else 0
        RefusalWindow.objects.update_or_create(
            who=who,
            defaults={"actor": user, "ip_address": address, "started_at": now, "suppressed": 0},
        )
        status = 404 if isinstance(refusal, Http404) else 403
        answer = "not found (or not theirs to see)" if status == 404 else "not allowed"
        audit_record(
            actor=user,
            actor_name="" if user is not None else "signed out",
            verb=Verb.REFUSED,
            summary=f"Refused {request.method} {request.path[:400]}: {answer}",
            obj=plan,
            plan=plan if plan_visible else None,
            after={
                "status": status,
                "method": request.method,
                "path": request.path[:400],
                "not_recorded_before": suppressed,
                "window_minutes": settings.AUDIT_REFUSED_EVERY_MINUTES,
            },
            ip_address=address,
        )
        _close_passed_windows(now, keep=who)


def _close_passed_windows(now: dt.datetime, *, keep: str) -> None:
    """Write the count of each passed window, then forget it, so the table stays small."""
    passed = RefusalWindow.objects.filter(started_at__lte=now - _window()).exclude(who=keep)
    for window in passed.filter(suppressed__gt=0).select_related("actor")[:SWEEP]:
        audit_record(
            actor=window.actor,
            actor_name="" if window.actor is not None else "signed out",
            verb=Verb.REFUSED,
            summary=(
                f"{window.suppressed} more refused requests in the "
                f"{settings.AUDIT_REFUSED_EVERY_MINUTES} minutes from "
                f"{timezone.localtime(window.started_at):%d %b %Y %H:%M}, not recorded one by one"
            ),
            after={"not_recorded": window.suppressed, "from": window.started_at.isoformat()},
            ip_address=window.ip_address,
        )
        RefusalWindow.objects.filter(pk=window.pk).delete()
    passed.filter(suppressed=0).delete()
