"""Values kept per plan for pages that show many plans at once (the home page and the
portfolio, issue 20), each checked against its plan's fingerprint (ADR 0015).

Plain twin: build every plan's value on every request. The fast twin reads the
fingerprints of all the plans asked for in one query, takes what was kept under the
fingerprint each plan has now, and builds only the rest, together, in one call: so a
page of many plans makes the same few queries whether it shows five plans or five
hundred, and a warm page builds nothing. All plans' values of a kind are kept in one
entry, as the cache holds a few dozen entries.
"""

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from improvement_tracker.hotpath.plans import tracker_fingerprint_plain
from improvement_tracker.hotpath.rows import Selected
from improvement_tracker.hotpath.twins import twin_of
from improvement_tracker.plans.models import Action, ActionUpdate, Domain, Plan

T = TypeVar("T")
SECONDS = 60 * 60


def plan_fingerprints_plain(plan_ids: Sequence[int]) -> dict[int, str]:
    """Each plan's tracker fingerprint (hotpath/plans.py), by plan id."""
    return {pk: tracker_fingerprint_plain(plan=Plan(pk=pk)) for pk in plan_ids}


@twin_of(plan_fingerprints_plain)
def plan_fingerprints(plan_ids: Sequence[int]) -> dict[int, str]:
    """tracker_fingerprint's query for many plans at once, grouped by plan: one query
    instead of one a plan. Each plan's answer is the one tracker_fingerprint gives."""
    if not plan_ids:
        return {}
    plans, domains = Selected(Plan, "p"), Selected(Domain, "d")
    actions, updates = Selected(Action, "a"), Selected(ActionUpdate, "u")
    newest_of_action = (
        f"SELECT {updates.col('id')} FROM {updates.table}"  # noqa: S608 - names from the models
        f" WHERE {updates.col('action')} = {actions.col('id')}"
        f" ORDER BY {updates.col('id')} DESC LIMIT 1"
    )
    marks = ", ".join(["%s"] * len(plan_ids))
    sql = (
        f"SELECT {plans.col('id')}, {plans.col('updated_at')}, COUNT({actions.col('id')}),"  # noqa: S608
        f" MAX({actions.col('updated_at')}), MAX(({newest_of_action}))"
        f" FROM {plans.table}"
        f" LEFT JOIN {domains.table} ON {domains.col('plan')} = {plans.col('id')}"
        f" LEFT JOIN {actions.table} ON {actions.col('domain')} = {domains.col('id')}"
        f" WHERE {plans.col('id')} IN ({marks})"
        f" GROUP BY {plans.col('id')}, {plans.col('updated_at')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(plan_ids))
        rows = cursor.fetchall()
    return {row[0]: "|".join(str(part) for part in row[1:]) for row in rows}


def kept_per_plan_plain(
    kind: str,
    plan_ids: Sequence[int],
    identity: Sequence[object],
    build: Callable[[Sequence[int]], dict[int, T]],
    per_plan: Mapping[int, object] | None = None,
) -> dict[int, T]:
    """Each plan's value, by plan id: `build(plan_ids)`, which builds them together.
    `identity` names what else the values are built from (a date, say), and `per_plan`
    what else each plan's is built from that its fingerprint does not cover (the date
    its "what changed" starts from, say)."""
    return build(plan_ids)


@twin_of(kept_per_plan_plain)
def kept_per_plan(
    kind: str,
    plan_ids: Sequence[int],
    identity: Sequence[object],
    build: Callable[[Sequence[int]], dict[int, T]],
    per_plan: Mapping[int, object] | None = None,
) -> dict[int, T]:
    """Every plan's value is kept in one cache entry for `kind` and `identity`, each with
    the fingerprint (and `per_plan` part) it was built from: one entry, not one a plan,
    since the cache holds a few dozen entries (ADR 0026) and a page shows fifty plans."""
    if not plan_ids:
        return {}
    now = plan_fingerprints(plan_ids)
    own = per_plan or {}
    raw = "|".join(str(part) for part in identity)
    key = f"{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"
    kept: dict[int, tuple[str | None, str, T]] = cache.get(key) or {}
    found: dict[int, T] = {}
    for pk in plan_ids:
        entry = kept.get(pk)
        if entry is not None and entry[:2] == (now.get(pk), str(own.get(pk))):
            found[pk] = entry[2]
    missing = [pk for pk in plan_ids if pk not in found]
    if missing:
        built = build(missing)
        kept = {
            **kept,
            **{pk: (now.get(pk), str(own.get(pk)), value) for pk, value in built.items()},
        }
        cache.set(key, kept, SECONDS)
        found |= built
    return found
