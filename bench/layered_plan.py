"""The load benchmark's layered plan: 1,000 actions in three levels (domain → objective →
action, two activities under each action) with five extra fields, as real trackers of
issue 18 are, stored by the import service as an uploaded tracker would be.

Made in the benchmark's own process after generate_demo_data, which makes the flat
1,000-action plan; its tracker is measured the same way (cached, and first after a
change). Its actions carry one update each, the import's, where the flat plan's carry
24: the tracker shows only the latest.
"""

from bench.plans import plan_document

LAYERED_TITLE = "Layered Improvement Plan (benchmark)"


def make_layered_plan(actions: int) -> str:
    """Store the layered plan; its slug."""
    from improvement_tracker.plans.rag import Status
    from improvement_tracker.plans.services.importing import plan_import

    document = plan_document(
        actions,
        title=LAYERED_TITLE,
        statuses=[*Status.rated(), Status.NOT_RATED],
        text=lambda n, d: f"Action {n} of domain {d}: improve the quality of practice.",
        progress="Progress is reported to the board quarterly.",
        extra_fields=5,
        layers=True,
    )
    return plan_import(document=document).slug
