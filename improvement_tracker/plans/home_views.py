"""The home page, "what needs me?", and the organisation's portfolio of plans (issue 20).

Both show only what the person may see: the plans of `visible_plans`, the actions they
may update, the plans they manage by their role on each.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from improvement_tracker.accounts.access import signed_in, user_of
from improvement_tracker.plans.portfolio_forms import PortfolioFilterForm
from improvement_tracker.plans.selectors.home import home as home_selector
from improvement_tracker.plans.selectors.portfolio import portfolio as portfolio_selector

PLANS_PER_PAGE = 50


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """The first page after signing in: each section that applies to the person's roles."""
    return render(request, "plans/home.html", {"home": home_selector(user=user_of(request))})


@signed_in
def portfolio(request: HttpRequest) -> HttpResponse:
    """Every plan the person may see, side by side, filtered by the address."""
    form = PortfolioFilterForm(request.GET)
    found = portfolio_selector(
        user=user_of(request),
        filters=form.filters,
        page=request.GET.get("page"),
        per_page=PLANS_PER_PAGE,
    )
    context = {"portfolio": found, "filter_form": form, "query": form.query()}
    return render(request, "plans/portfolio.html", context)
