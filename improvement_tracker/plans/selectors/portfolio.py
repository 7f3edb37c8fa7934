"""An organisation's plans side by side (issue 20): each plan's Table 1 totals in its own
labels, its overdue and flagged actions, its last board; filtered as the portfolio page
asks. Read for many plans at once in a fixed number of queries, and kept per plan with
the fingerprint it was built from (hotpath/portfolio.py), so a page of five plans and a
page of five hundred make the same few queries.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from improvement_tracker.hotpath.portfolio import kept_per_plan
from improvement_tracker.plans.charts import sparkline_svg
from improvement_tracker.plans.key_checks import is_overdue
from improvement_tracker.plans.models import Action, BoardPack, Domain, Plan
from improvement_tracker.plans.permissions import visible_plans
from improvement_tracker.plans.rag import Status, status_of
from improvement_tracker.plans.selectors.status_keys import status_keys
from improvement_tracker.plans.selectors.tracker import _track
from improvement_tracker.plans.selectors.trends import plan_trends
from improvement_tracker.plans.tables import TOTALS, Counted, row_labels, table1
from improvement_tracker.plans.trends import Basis


@dataclass(frozen=True)
class PlanFigures:
    """What the portfolio and the home page show of a plan as at a day: plain values, kept."""

    # Table 1's totals as the tracker shows them: (label, count) in the key's order,
    # "Not rated" only while an action has no status, "Total" last.
    totals: tuple[tuple[str, int], ...]
    meanings: frozenset[Status]  # the statuses at least one action holds
    overdue: int  # actions due before the day and not complete (as "My actions" says)
    flagged: int  # actions the key checks flag
    flags: tuple[tuple[str, int], ...] = ()  # flags by kind, as the tracker counts them

    @property
    def total(self) -> int:
        return dict(self.totals).get("Total", 0)


def plan_figures(plan_ids: Sequence[int], *, today: dt.date) -> dict[int, PlanFigures]:
    """Each plan's figures as at `today`, by plan id; kept per plan (hotpath/portfolio.py)."""
    return kept_per_plan(
        "plan-figures", plan_ids, [today], lambda missing: _figures(missing, today)
    )


def _figures(plan_ids: Sequence[int], today: dt.date) -> dict[int, PlanFigures]:
    """Five queries whatever the number of plans: their live domains, their live actions,
    the actions' latest updates and the plans' keys (by `_track`, for the flags), and the
    keys of every plan, those without actions included."""
    domains = list(
        Domain.objects.filter(plan_id__in=plan_ids, archived_at__isnull=True).order_by(
            "plan_id", "position"
        )
    )
    actions = list(
        Action.objects.filter(domain__in=domains, archived_at__isnull=True).select_related("domain")
    )
    tracked = _track(actions, today)
    labels: dict[int, list[str]] = {pk: [] for pk in plan_ids}
    for domain in domains:
        labels[domain.plan_id].append(domain.label)
    counted: dict[int, list[Counted]] = defaultdict(list)
    overdue: Counter[int] = Counter()
    flagged: Counter[int] = Counter()
    flags: dict[int, Counter[str]] = defaultdict(Counter)
    for action in actions:
        item, plan_id = tracked[action.pk], action.domain.plan_id
        counted[plan_id].append(
            Counted(action.domain.label, status_of(item.status), action.high_priority)
        )
        overdue[plan_id] += is_overdue(
            timescale=item.reading,
            status=status_of(item.status),
            update_dates=item.update_dates,
            as_of=today,
        )
        flagged[plan_id] += bool(item.flags)
        flags[plan_id].update(flag.kind.value for flag in item.flags)
    keys = status_keys(plan_ids)
    found = {}
    for pk in plan_ids:
        table = table1(labels[pk], counted[pk], keys[pk])
        found[pk] = PlanFigures(
            totals=tuple((label, table[TOTALS][label]) for label in row_labels(table, keys[pk])),
            meanings=frozenset(entry.status for entry in counted[pk]),
            overdue=overdue[pk],
            flagged=flagged[pk],
            flags=tuple(sorted(flags[pk].items())),
        )
    return found


def last_board_dates(plan_ids: Sequence[int]) -> dict[int, dt.date]:
    """The board date of each plan's latest live issued pack, for the plans that have one:
    one query (`plans/selectors/changes.py: last_board_date` answers it for one plan)."""
    packs = BoardPack.objects.filter(plan_id__in=plan_ids, archived_at__isnull=True)
    found = packs.values("plan_id").annotate(last=Max("board_date"))
    return {row["plan_id"]: row["last"] for row in found}


class Archived:
    """Which plans the portfolio lists: live ones (the default), archived ones, or both."""

    LIVE, ARCHIVED, BOTH = "live", "archived", "both"


@dataclass(frozen=True)
class PortfolioFilter:
    """The portfolio's filters, from the address; empty, it lists every live plan."""

    text: str = ""  # in the plan's title or its organisation's name
    status: Status | None = None  # plans where at least one action has this status
    overdue: bool = False  # plans with an overdue action
    archived: str = Archived.LIVE

    @property
    def needs_figures(self) -> bool:
        """Whether the filter reads the plans' figures, not only their rows."""
        return self.status is not None or self.overdue

    def keeps(self, figures: PlanFigures) -> bool:
        if self.status is not None and self.status not in figures.meanings:
            return False
        return not (self.overdue and figures.overdue == 0)


@dataclass
class PortfolioRow:
    plan: Plan
    figures: PlanFigures
    last_board: dt.date | None
    trend: str = ""  # the sparkline's SVG, when the plan has a trend to draw


@dataclass
class Portfolio:
    rows: list[PortfolioRow]  # the plans of the page asked for (all of them, unpaged)
    page: Page[Plan]
    today: dt.date
    filters: PortfolioFilter = field(default_factory=PortfolioFilter)


def portfolio_plans(
    user: AbstractBaseUser | AnonymousUser, filters: PortfolioFilter
) -> QuerySet[Plan]:
    """The plans this person may see that the filter's text and archived choice keep,
    by title: a role on a plan shows that plan alone (plans/permissions.py)."""
    plans = Plan.objects.filter(pk__in=visible_plans(user).values("pk"))
    if filters.archived == Archived.LIVE:
        plans = plans.filter(archived_at__isnull=True)
    elif filters.archived == Archived.ARCHIVED:
        plans = plans.filter(archived_at__isnull=False)
    if filters.text:
        words = filters.text
        plans = plans.filter(Q(title__icontains=words) | Q(organisation__name__icontains=words))
    return plans.select_related("organisation").order_by("title", "pk")


def portfolio(
    *,
    user: AbstractBaseUser | AnonymousUser,
    filters: PortfolioFilter,
    page: str | int | None = 1,
    per_page: int | None = None,
    today: dt.date | None = None,
) -> Portfolio:
    """The plans the filter keeps, a page of `per_page` of them (all, if None), each with
    its figures and last board.

    Only a filter on the figures reads every plan's; otherwise only the page's are read,
    so a page of a long list costs what a short list does.
    """
    today = today or timezone.localdate()
    plans = portfolio_plans(user, filters)
    figures: dict[int, PlanFigures] = {}
    listed: QuerySet[Plan] | list[Plan] = plans
    if filters.needs_figures:
        every = list(plans)
        figures = plan_figures([plan.pk for plan in every], today=today)
        listed = [plan for plan in every if filters.keeps(figures[plan.pk])]
    if per_page is None:  # every plan kept, on one page
        listed = list(listed)
        per_page = max(len(listed), 1)
    shown = Paginator(listed, per_page).get_page(page)
    missing = [plan.pk for plan in shown if plan.pk not in figures]
    figures |= plan_figures(missing, today=today)
    boards = last_board_dates([plan.pk for plan in shown])
    lines = trend_lines(list(shown), boards, today=today)
    rows = [
        PortfolioRow(plan, figures[plan.pk], boards.get(plan.pk), lines[plan.pk]) for plan in shown
    ]
    return Portfolio(rows, shown, today, filters)


def trend_lines(plans: list[Plan], boards: dict[int, dt.date], *, today: dt.date) -> dict[int, str]:
    """Each plan's sparkline (plans/charts.py): its off-track actions, in its own label, at
    each date of its trends (plan_trends: its board dates, else the last year's month ends).
    Kept per plan with its fingerprint and its last board, which adds a date."""
    by_id = {plan.pk: plan for plan in plans}

    def build(missing: Sequence[int]) -> dict[int, str]:
        found = {}
        for pk in missing:
            trends = plan_trends(by_id[pk])
            label = trends.key.label(Status.OFF_TRACK)
            dates = "each board date" if trends.basis is Basis.BOARD_DATES else "each month end"
            found[pk] = sparkline_svg(trends.counts(label), label=f"{label} actions at {dates}")
        return found

    return kept_per_plan("plan-trend-line", list(by_id), [today], build, per_plan=boards)
