"""A plan with its own status key, as an NHS trust writes it: Amber means on track, Blue
complete, and "Complete & CSPI" complete and assured (ADR 0039)."""

import datetime as dt

from improvement_tracker.plans.models import Plan, RagKeyEntry
from improvement_tracker.plans.rag import KeyEntry, Status, StatusKey
from improvement_tracker.plans.services.status_key import key_entries
from tests.factories import ActionFactory, DomainFactory, PlanFactory

TRUST_KEY = StatusKey(
    (
        KeyEntry(Status.OFF_TRACK, "Red", "red", "Not on track."),
        KeyEntry(Status.ON_TRACK, "Amber", "orange", "On Track."),
        KeyEntry(Status.COMPLETE, "Blue", "blue", "Complete."),
        KeyEntry(Status.COMPLETE_ASSURED, "Complete & CSPI", "purple", "Complete and assured."),
    )
)
LATER = "31/03/2099"  # an agreed date still to come, whatever today is


def use_key(plan: Plan, key: StatusKey) -> None:
    """Give a plan `key` in place of the example's it was made with (before any action)."""
    RagKeyEntry.objects.filter(plan=plan).delete()
    RagKeyEntry.objects.bulk_create(key_entries(plan, key))


def trust_plan() -> Plan:
    """Safety: 1 Amber (on track, due later), 2 Blue (complete), 3 Amber (on track, but its
    date has passed), 4 not rated (due later, no delay), 5 Complete & CSPI; all but 4 high
    priority."""
    # Named, not made up: a generated name ("Green, Fox and Banks") could hold a label.
    plan = PlanFactory(
        title="Serious incident review actions",
        slug="trust-plan",
        organisation__name="Northern Hospitals NHS Trust",
    )
    use_key(plan, TRUST_KEY)
    domain = DomainFactory(plan=plan, position=1, label="Safety", title="PATIENT SAFETY")
    made_on = dt.date(2020, 10, 31)
    for number, status, timescale, priority in [
        (1, Status.ON_TRACK, LATER, True),
        (2, Status.COMPLETE, LATER, True),
        (3, Status.ON_TRACK, "01/04/2020", True),
        (4, Status.NOT_RATED, LATER, False),
        (5, Status.COMPLETE_ASSURED, LATER, True),
    ]:
        ActionFactory(
            domain=domain,
            number=number,
            status=status,
            timescale_text=timescale,
            high_priority=priority,
            made_on=made_on,
            progress=f"Progress of action {number}.",
            text=f"Trust action {number}.",
            lead_text="Medical Director",
        )
    return plan
