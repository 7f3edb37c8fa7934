"""A service says here that it changed what a plan's pages and exports show (ADR 0035).

The tracker, the action page and the exports are kept under a fingerprint that starts
with the plan's `updated_at` (ADR 0015, `hotpath/plans.py: tracker_fingerprint`);
moving it is what makes every app server build them afresh on the next request.
"""

from django.utils import timezone

from improvement_tracker.plans.models import Plan


def plan_changed(*plans: Plan) -> None:
    """Move each plan's `updated_at` on, in the calling service's transaction, so that its
    cached pages and exports are rebuilt once the change is committed.

    Called by every service that changes what a plan's tracker, action pages or exports
    show, whatever else it saved; never by one that changes nothing shown (an export, a
    role, a sign-in). A plan the service has just created needs none: nothing of it can
    have been kept.
    """
    now = timezone.now()
    Plan.objects.filter(pk__in=[plan.pk for plan in plans]).update(updated_at=now)
    for plan in plans:
        plan.updated_at = now
