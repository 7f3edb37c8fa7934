"""The page that asks before archiving something of a plan, then archives it: one for the
plan, its domains, objectives, activities and extra fields. An action's own archive page
also carries the version read (action_edit_views.action_archive)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from improvement_tracker.plans.forms import ConfirmForm
from improvement_tracker.plans.models import Plan


def archive_page(
    request: HttpRequest,
    *,
    plan: Plan,
    heading: str,
    explanation: list[str],
    button: str,
    archive: Callable[[], object],
    back: str,
) -> HttpResponse:
    """Say what archiving will do; once confirmed, `archive` and go `back` (where Back and
    Cancel lead too)."""
    form = ConfirmForm(request.POST or None, button=button)
    if request.method == "POST" and form.is_valid():
        archive()
        return redirect(back)
    context = {
        "plan": plan,
        "heading": heading,
        "explanation": explanation,
        "form": form,
        "back": back,
    }
    return render(request, "plans/confirm.html", context)
