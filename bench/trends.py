"""Time the 1,000-action plan's trends cold: a year of month ends counted, the charts drawn.

Run with `.venv/bin/python bench/trends.py [--runs N]`. It builds the throw-away database
bench/cold_exports.py builds (generate_demo_data's 1,000-action plan, 24 monthly updates
per action, January 2019 to December 2020) under the production settings, and times:

- `plan_trends` over the thirteen dates of the updates' last year (target: 100 ms cold),
  and, beside it, the tracker built once per date, which it replaces;
- each chart, SVG and PNG or SVG alone, and the sparkline, with matplotlib's sparkline
  beside it (ADR 0057 says why the sparkline is written directly);
- the trends page through the test client.

For each it prints the median wall and CPU milliseconds and the queries made. Figures are
printed, never asserted; on a shared machine wall time swings with the load, CPU less.
"""

import argparse
import datetime as dt
import io
import shutil
import statistics
from collections.abc import Callable
from pathlib import Path

# Sets the environment (production settings, a throw-away database) and Django up.
import cold_exports
from django.db import connection
from django.test import Client
from django.urls import reverse

from improvement_tracker.plans.charts import (
    exceptions_chart,
    sparkline_svg,
    status_chart,
)
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.selectors.trends import plan_trends
from improvement_tracker.plans.trends import month_ends

# The demo's updates run monthly to the end of 2020: their last year, and its month ends.
YEAR = month_ends(dt.date(2020, 12, 31))


def matplotlib_sparkline(values: list[int]) -> str:
    """The sparkline as matplotlib would draw it: what writing it directly saves."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(0.8, 0.2))
    FigureCanvasAgg(figure)
    figure.add_axes((0, 0, 1, 1)).plot(values)
    out = io.BytesIO()
    figure.savefig(out, format="svg")
    return out.getvalue().decode()


def parts(plan: Plan, client: Client) -> dict[str, Callable[[], object]]:
    trends = plan_trends(plan, dates=YEAR)
    domain = trends.domains[0]
    totals = trends.counts("Total")
    return {
        f"plan_trends, {len(YEAR)} month ends": lambda: plan_trends(plan, dates=YEAR),
        f"plan_tracker x {len(YEAR)} (replaced)": lambda: [
            plan_tracker(plan=plan, as_of=day, references=False, leads=False) for day in YEAR
        ],
        "status_chart, SVG and PNG": lambda: status_chart(trends),
        "status_chart, SVG only": lambda: status_chart(trends, png=False),
        "status_chart of a domain, SVG": lambda: status_chart(trends, domain=domain, png=False),
        "exceptions_chart, SVG and PNG": lambda: exceptions_chart(trends),
        "sparkline_svg": lambda: sparkline_svg(totals, label="Actions"),
        "sparkline by matplotlib": lambda: matplotlib_sparkline(totals),
        "trends page (test client)": lambda: client.get(
            reverse("plans:trends", args=[plan.slug]) + "?dates=months"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=cold_exports.RUNS)
    args = parser.parse_args()
    plan, client = cold_exports.large_plan("trends-bench")
    work = parts(plan, client)
    actions = plan_tracker(plan=plan, references=False, leads=False).action_count
    print(f"{plan.title}: {actions} actions, cold ({connection.vendor}, production settings)")
    print(f"Load average before: {Path('/proc/loadavg').read_text().strip()}\n")
    print(f"{'':38} {'wall ms':>8} {'CPU ms':>8} {'min CPU':>8} {'queries':>8}")
    for name, part in work.items():
        cold_exports.cold(part)  # warm the code paths (and matplotlib's import), not the data
        runs = [cold_exports.cold(part) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"{name:38} {wall:8.1f} {cpu:8.1f} {min(r[1] for r in runs):8.1f} {runs[0][2]:8}")
    chart = status_chart(plan_trends(plan, dates=YEAR))
    print(f"\nstatus_chart sizes: SVG {len(chart.svg):,} bytes, PNG {len(chart.png):,} bytes")
    print(f"Load average after: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(cold_exports.SCRATCH, ignore_errors=True)
