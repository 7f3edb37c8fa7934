"""A plan in layers (ADR 0041): a domain, objectives 1 and 2, actions under them and one
without, activities with their own references, leads, timescales and statuses."""

from dataclasses import dataclass

from improvement_tracker.plans.models import Action, Activity, Domain, Objective, Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.activities import activity_add
from improvement_tracker.plans.services.objectives import objective_add
from tests.factories import ActionFactory, DomainFactory, PlanFactory


@dataclass
class Layered:
    plan: Plan
    domain: Domain
    other: Domain
    first: Objective  # 1.1, serving actions 2 and 3
    second: Objective  # 1.2, serving action 4
    loose: Action  # action 1, no objective
    served: Action  # action 2, under 1.1, with two activities
    activities: list[Activity]


def layered_plan(plan: Plan | None = None) -> Layered:
    """The layers in `plan`, or in a new plan of their own."""
    plan = plan or PlanFactory(title="Layered plan")
    domain = DomainFactory(plan=plan, position=1, title="STANDARD 1 - REFERRALS", label="Std 1")
    other = DomainFactory(plan=plan, position=2, title="STANDARD 2 - CARE", label="Std 2")
    # Added second first: the tracker orders objectives by reference, not by when added.
    second = objective_add(
        domain=domain, number="1.2", text="To hear every child.", lead_text="", by=None
    )
    first = objective_add(
        domain=domain,
        number="1.1",
        text="To establish systems for referrals.",
        lead_text="Head of Service, Children's Services",
        by=None,
    )
    loose = ActionFactory(domain=domain, number=1, text="Audit the front door.")
    served = ActionFactory(domain=domain, number=2, text="Agree thresholds.", objective=first)
    ActionFactory(domain=domain, number=3, text="Publish thresholds.", objective=first)
    ActionFactory(
        domain=domain, number=4, text="Ask children.", objective=second, status=Status.AT_RISK
    )
    ActionFactory(domain=other, number=1, text="Find every care leaver a home.")
    activities = [
        activity_add(
            action=served,
            number="1.1.1",
            text="Draft the thresholds document.",
            lead_text="Service Manager, MASH",
            timescale_text="August 2015",
            status=Status.ON_TRACK,
            by=None,
        ),
        activity_add(
            action=served,
            number="1.1.2",
            text="Consult partners\non the draft.",
            lead_text="Partnership Manager\nPolice lead",
            timescale_text="Q3 2016/17",
            status=Status.OFF_TRACK,
            by=None,
        ),
    ]
    return Layered(plan, domain, other, first, second, loose, served, activities)
