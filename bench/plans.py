"""What the in-process benchmarks share: a plan document of any size, dealt the same way
each time, and a throw-away test database to import it into.

Import it after django.setup(), as the benchmarks' other imports are.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from improvement_tracker.plans.plan_document import (
    ActionEntry,
    ActivityEntry,
    DomainEntry,
    ObjectiveEntry,
    PlanDocument,
)
from improvement_tracker.plans.rag import Status

TIMESCALES = ["01/04/2021", "Quarterly from 01/12/2019", "2020", "Complete", "31/02/2020"]
# Columns real trackers carry that the product has no field for (ADR 0040).
EXTRA_FIELDS = ["Success measures", "Outcome", "Directorate", "KPI target", "Level for Action"]


def plan_document(
    actions: int,
    *,
    title: str,
    statuses: Sequence[Status],
    text: Callable[[int, int], str],
    progress: str,
    extra_fields: int = 0,
    layers: bool = False,
) -> PlanDocument:
    """`actions` actions dealt across three domains in turn, with every kind of timescale
    and `statuses` in rotation, every fourth a priority; text(number, domain) an action's words.
    `extra_fields` (at most five) gives the plan that many extra fields, a value under each
    on every action. `layers` puts every ten of a domain's actions under an objective and
    gives each action two activities (ADR 0041): domain, objective, action, activity."""
    names = EXTRA_FIELDS[:extra_fields]
    domains = []
    for d in range(3):
        entries = [
            ActionEntry(
                number=str(n + 1),
                text=text(n + 1, d + 1),
                lead="Director of Children's Social Care & Northumbria Police",
                timescale=TIMESCALES[n % len(TIMESCALES)],
                status=statuses[n % len(statuses)],
                progress=progress,
                high_priority=n % 4 == 0,
                extra={name: f"{name} of action {n + 1}: reported quarterly." for name in names},
            )
            for n in range(d, actions, 3)
        ]
        if layers:
            for index, entry in enumerate(entries):
                group = index // 10 + 1
                entry.objective = ObjectiveEntry(
                    f"{d + 1}.{group}", f"Objective {group} of domain {d + 1}.", "Head of Service"
                )
                entry.activities = [
                    ActivityEntry(
                        f"{entry.number}.{a}",
                        f"Activity {a} of action {entry.number}.",
                        "Service Manager",
                        TIMESCALES[(index + a) % len(TIMESCALES)],
                        statuses[(index + a) % len(statuses)],
                    )
                    for a in (1, 2)
                ]
        domains.append(
            DomainEntry(title=f"DOMAIN {d + 1}", label=f"Domain {d + 1}", actions=entries)
        )
    return PlanDocument(
        title=title,
        organisation="Benchmark Council",
        reporting_period="October 2020",
        domains=domains,
        extra_fields=list(names),
    )


@contextmanager
def throwaway_database() -> Iterator[None]:
    """A fresh test database for the run, destroyed after it, whatever happens."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()  # so that a script may use one after another
