"""The tracker's filters, applied in memory to the rows already read."""

from improvement_tracker.plans.rag import status_of
from improvement_tracker.plans.selectors.tracker import Tracker, TrackerDomain, TrackerFilter
from improvement_tracker.plans.tables import Counted, table1, table2


def filter_tracker(tracker: Tracker, filters: TrackerFilter) -> Tracker:
    """The tracker with only the actions the filter keeps, and its tables counted over them.

    In memory: as at a date, status and flags are not columns (ADR 0005), and this
    costs no query, so a filtered page makes as many queries as the whole one.
    """
    if not filters:
        return tracker
    entries = [
        TrackerDomain(entry.domain, [a for a in entry.actions if filters.keeps(a)])
        for entry in tracker.domains
        if filters.domain is None or entry.domain.position == filters.domain
    ]
    counted = [
        Counted(entry.domain.label, status_of(action.status), action.high_priority)
        for entry in entries
        for action in entry.actions
    ]
    return Tracker(
        plan=tracker.plan,
        as_of=tracker.as_of,
        key=tracker.key,
        domains=entries,
        table1=table1([entry.domain.label for entry in entries], counted, tracker.status_key),
        table2=table2(counted, tracker.status_key),
        filters=filters,
        unfiltered_count=tracker.action_count,
        filter_description=_describe(filters, tracker),
        # The plan's fields, not only those the kept actions fill: exports head their columns.
        extra_fields=tracker.extra_fields,
    )


def _describe(filters: TrackerFilter, tracker: Tracker) -> str:
    """The filter in words, for the tables' captions: "status Red; high priority only"."""
    parts = []
    if filters.domain is not None:
        labels = [e.domain.label for e in tracker.domains if e.domain.position == filters.domain]
        parts.append(f"domain {labels[0] if labels else filters.domain}")
    if filters.status is not None:
        parts.append(f"status {tracker.status_key.label(filters.status)}")
    if filters.lead is not None:
        names = [lead.name for lead in tracker.leads if lead.pk == filters.lead]
        parts.append(f"lead {names[0] if names else 'not in this plan'}")
    if filters.high_priority:
        parts.append("high priority only")
    if filters.flagged:
        parts.append("flagged only")
    if filters.text:
        parts.append(f"text containing “{filters.text}”")
    return "; ".join(parts)
