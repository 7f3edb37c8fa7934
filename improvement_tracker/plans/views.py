"""Pages about plans. Views stay thin: they fetch through selectors and render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from improvement_tracker.plans import selectors
from improvement_tracker.plans.models import Plan


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/plan_list.html", {"plans": selectors.plan_list()})


@login_required
def tracker(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), slug=slug)
    return render(request, "plans/tracker.html", {"tracker": selectors.plan_tracker(plan=plan)})
