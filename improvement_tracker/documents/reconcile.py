"""Set the figures a document reports (its Table 1 and Table 2) beside the rows' own.

A tracker's tables are typed by hand and its status colours are easily lost; the
report says where the two disagree and why, and never fills a gap by guessing.
"""

from improvement_tracker.plans.plan_document import PlanDocument
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.tables import TOTALS, Counted, table1, table2


def rows_figures(document: PlanDocument) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Table 1 and Table 2 as the document's own rows count them."""
    counted = [
        Counted(domain.label, action.status, action.high_priority)
        for domain in document.domains
        for action in domain.actions
    ]
    key = document.status_key
    labels = [domain.label for domain in document.domains]
    return table1(labels, counted, key), table2(counted, key)


def reconciliation(document: PlanDocument) -> list[str]:
    computed1, computed2 = rows_figures(document)
    total = document.action_count
    key = document.status_key
    unrated = computed1[TOTALS][key.label(Status.NOT_RATED)]
    lines: list[str] = []
    if unrated:
        lines.append(
            f"{unrated} of {total} actions are not rated: the file gives them no status "
            "(in a Word original the status is often only a cell's colour, which text "
            "does not keep). No status has been invented."
        )
    if document.reported is None:
        lines.append("The document has no Table 1 to reconcile with.")
        return lines
    lines.append("Table 1, reported by the document / computed from the rows:")
    columns = [*document.reported.table1]
    statuses = [*(key.label(s) for s in key.statuses), "Total"]
    widths = [max(len(column), 9) + 2 for column in columns]
    lines.append(
        "  " + "".ljust(12) + "".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    )
    differences = 0
    for status in statuses:
        cells = []
        for column, width in zip(columns, widths, strict=True):
            reported = document.reported.table1[column].get(status)
            computed = computed1.get(column, {}).get(status, 0)
            if reported is None and computed == 0:
                cells.append("-".ljust(width))
                continue
            mark = "" if reported == computed else " *"
            differences += reported != computed
            shown = "-" if reported is None else str(reported)
            cells.append(f"{shown} / {computed}{mark}".ljust(width))
        lines.append("  " + status.ljust(12) + "".join(cells))
    lines.append(
        f"  {differences} cells differ (marked *)." if differences else "  Every cell agrees."
    )
    if document.reported.table2 is not None:
        lines.append("Table 2 (high-priority actions), reported / computed:")
        lines.append(
            "  "
            + ", ".join(
                f"{status} {document.reported.table2.get(status, '-')} / {computed2[status]}"
                for status in statuses
                if status in document.reported.table2 or computed2[status]
            )
        )
        reported_priority = document.reported.table2.get("Total", 0)
        if reported_priority and not computed2["Total"]:
            lines.append(
                f"  The document reports {reported_priority} high-priority actions, but no "
                "row is marked high priority (an asterisk before the action text)."
            )
    return lines
