"""Pages for a plan's extra fields (ADR 0040): list, add, rename, move and archive them.

Plan managers only, never on an archived plan (plan_change); like the other pages that
change a plan's shape, they validate a form, call one service and redirect.
"""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from improvement_tracker.accounts.access import user_of
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans.archive_page import archive_page
from improvement_tracker.plans.edit_views import _attempt
from improvement_tracker.plans.extra_field_forms import ExtraFieldForm
from improvement_tracker.plans.models import ExtraField, Plan
from improvement_tracker.plans.permissions import PlanAccess
from improvement_tracker.plans.selectors import extra_fields as extra_fields_selectors
from improvement_tracker.plans.services import extra_fields as extra_fields_services
from improvement_tracker.plans.views import plan_change


def _live_field(plan: Plan, field_id: int) -> ExtraField:
    """One of this plan's fields in use; another plan's, or an archived one, is not found."""
    return get_object_or_404(ExtraField, plan=plan, pk=field_id, archived_at__isnull=True)


@plan_change(Ability.EDIT)
def extra_fields(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    """The plan's fields, a form to add one; the move buttons post back here."""
    form = ExtraFieldForm(button="Add field", label="Add a field")
    if request.method == "POST":
        for key, up in (("move_up", True), ("move_down", False)):
            if key in request.POST:
                raw = request.POST[key]
                field = _live_field(plan, int(raw) if raw.isdigit() else 0)
                extra_fields_services.extra_field_move(field=field, up=up, by=user_of(request))
                return redirect("plans:extra_fields", plan.slug)
        form = ExtraFieldForm(request.POST, button="Add field", label="Add a field")
        if form.is_valid():
            add = partial(
                extra_fields_services.extra_field_add,
                plan=plan,
                name=form.cleaned_data["name"],
                by=user_of(request),
            )
            if _attempt(form, add):
                return redirect("plans:extra_fields", plan.slug)
    fields = extra_fields_selectors.extra_fields(plan=plan)
    context = {
        "plan": plan,
        "live": [field for field in fields if field.archived_at is None],
        "archived": [field for field in fields if field.archived_at is not None],
        "form": form,
    }
    return render(request, "plans/extra_fields.html", context)


@plan_change(Ability.EDIT)
def extra_field_edit(
    request: HttpRequest, plan: Plan, access: PlanAccess, field_id: int
) -> HttpResponse:
    field = _live_field(plan, field_id)
    form = ExtraFieldForm(
        request.POST or None, initial={"name": field.name}, button="Save field", label="Field name"
    )
    if request.method == "POST" and form.is_valid():
        rename = partial(
            extra_fields_services.extra_field_rename,
            field=field,
            name=form.cleaned_data["name"],
            by=user_of(request),
        )
        if _attempt(form, rename):
            return redirect("plans:extra_fields", plan.slug)
    context = {"plan": plan, "form": form, "heading": f"Rename the field {field.name}"}
    return render(request, "plans/extra_field_form.html", context)


@plan_change(Ability.EDIT)
def extra_field_archive(
    request: HttpRequest, plan: Plan, access: PlanAccess, field_id: int
) -> HttpResponse:
    field = _live_field(plan, field_id)
    archive = partial(extra_fields_services.extra_field_archive, field=field, by=user_of(request))
    return archive_page(
        request,
        plan=plan,
        heading=f"Archive the field {field.name}",
        explanation=[
            "The field will leave the action pages, the tracker and the exports. It and the "
            "values actions hold under it are kept in the plan's record.",
        ],
        button="Archive this field",
        archive=archive,
        back=reverse("plans:extra_fields", args=[plan.slug]),
    )
