"""A plan's trends page: Table 1 over time as charts, for the plan, a domain and its
exceptions, each with its figures as a table (issue 20). Anyone who may read the plan may
read it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans.access import plan_view
from improvement_tracker.plans.charts import exceptions_chart, status_chart
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.selectors.trends import plan_trends
from improvement_tracker.plans.trends import Basis
from improvement_tracker.plans.trends_forms import TrendsForm


@plan_view(Ability.VIEW)
def trends(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    asked = request.GET.get("dates", "")
    basis = Basis(asked) if asked in {Basis.BOARD_DATES, Basis.MONTH_ENDS} else None
    found = plan_trends(plan, basis=basis)
    data = request.GET.copy()
    data.setdefault("dates", found.basis.value)
    form = TrendsForm(data, domains=found.domains)
    charts = [status_chart(found, png=False)]
    if form.chosen_domain is not None:
        charts.append(status_chart(found, domain=form.chosen_domain, png=False))
    charts.append(exceptions_chart(found, png=False))
    context = {
        "plan": plan,
        "trends": found,
        "form": form,
        # Board dates asked for (or the default), but no pack has been issued yet.
        "no_packs": found.basis is Basis.MONTH_ENDS and basis is not Basis.MONTH_ENDS,
        # The charts' own SVG: every word in it was escaped as it was written (charts.py).
        "charts": [(chart, mark_safe(chart.svg)) for chart in charts],  # noqa: S308
    }
    return render(request, "plans/trends.html", context)
