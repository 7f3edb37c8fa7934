"""Pages that change a plan's shape: the plan itself, its domains and leads;
archiving and restoring. Its actions' pages are `action_edit_views.py`.

Views stay thin: they check access (declared with accounts.access), validate a form,
call one service and redirect. Archived plans, domains and actions are read-only.
"""

import datetime as dt
from collections.abc import Callable
from functools import partial, wraps
from typing import TypedDict, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts.access import View, signed_in, user_of
from improvement_tracker.accounts.models import Membership, Organisation
from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.plans import lead_merging
from improvement_tracker.plans.access import action_view, plan_view
from improvement_tracker.plans.archive_page import archive_page
from improvement_tracker.plans.edit_forms import DomainForm, PlanForm
from improvement_tracker.plans.forms import ConfirmForm
from improvement_tracker.plans.lead_forms import LeadForm, MergeLeadsForm
from improvement_tracker.plans.models import Action, Domain, Plan
from improvement_tracker.plans.permissions import PlanAccess, can_create_plans
from improvement_tracker.plans.rag import status_of
from improvement_tracker.plans.selectors import leads as leads_selectors
from improvement_tracker.plans.selectors import plans as plans_selectors
from improvement_tracker.plans.selectors import tracker as tracker_selectors
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services import domains as domains_services
from improvement_tracker.plans.services import leads as leads_services
from improvement_tracker.plans.services import next_year as next_year_services
from improvement_tracker.plans.services import plans as plans_services
from improvement_tracker.plans.services.rules import EditRefused, StaleAction
from improvement_tracker.plans.views import plan_change

T = TypeVar("T")


def _domain(plan: Plan, position: int) -> Domain:
    return get_object_or_404(Domain.objects.select_related("plan"), plan=plan, position=position)


def _refused(request: HttpRequest, plan: Plan, domain: Domain) -> HttpResponse:
    context = {"plan": plan, "domain": domain}
    return render(request, "plans/archived_refused.html", context, status=403)


def domain_change(ability: Ability) -> Callable[[View], View]:
    """A page that changes a domain or adds to it: plan_change's checks, then the domain at
    /…/<position>/, refused while archived. Called as view(request, plan, access, domain)."""

    def decorate(view: View) -> View:
        @plan_change(ability)
        @wraps(view)
        def wrapper(
            request: HttpRequest, plan: Plan, access: PlanAccess, position: int, **more: int
        ) -> HttpResponse:
            domain = _domain(plan, position)
            if domain.archived_at is not None:
                return _refused(request, plan, domain)
            return view(request, plan, access, domain, **more)  # more: its objective

        return wrapper

    return decorate


def _attempt(form: forms.Form, change: Callable[[], T]) -> T | None:
    """Make the change; a rule it breaks becomes an error beside the field it concerns."""
    try:
        return change()
    except EditRefused as refused:
        form.add_error(refused.field, refused.message)
        return None


def _form_page(request: HttpRequest, template: str, **context: object) -> HttpResponse:
    return render(request, f"plans/{template}", context)


def action_url(action: Action, name: str = "plans:action_detail") -> str:
    plan_slug = action.domain.plan.slug
    return reverse(name, args=[plan_slug, action.domain.position, action.number])


# Plans: a new one, and the next year of one.


class PlanData(TypedDict):
    title: str
    period_start: dt.date
    period_end: dt.date
    reporting_date: dt.date


def _plan_data(form: PlanForm) -> PlanData:
    data = form.cleaned_data
    return PlanData(
        title=data["title"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        reporting_date=data["reporting_date"],
    )


@signed_in
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new plan belongs to its creator's organisation; they become its plan manager.

    Open to anyone who belongs to an organisation (or administers the service, who
    then chooses the organisation).
    """
    if not can_create_plans(request.user):
        raise PermissionDenied
    member = Membership.objects.filter(user=user_of(request)).select_related("organisation").first()
    organisations = None if member else list(Organisation.objects.order_by("name"))
    form = PlanForm(request.POST or None, organisations=organisations, button="Create plan")
    if request.method == "POST" and form.is_valid():
        organisation = (
            member.organisation
            if member
            else Organisation.objects.get(pk=form.cleaned_data["organisation"])
        )
        create = partial(
            plans_services.plan_create,
            organisation=organisation,
            by=user_of(request),
            **_plan_data(form),
        )
        if created := _attempt(form, create):
            return redirect("plans:manage", created.slug)
    context = {"form": form, "organisation": member.organisation if member else None}
    return render(request, "plans/plan_create.html", context)


@plan_change(Ability.EDIT)
def plan_next_year(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    form = PlanForm(
        request.POST or None,
        organisations=None,
        button="Start the next plan year",
        initial=next_year_services.next_year_defaults(plan),
    )
    if request.method == "POST" and form.is_valid():
        start = partial(
            next_year_services.plan_start_next_year,
            plan=plan,
            by=user_of(request),
            **_plan_data(form),
        )
        if started := _attempt(form, start):
            return redirect(started.get_absolute_url())
    tracker = tracker_selectors.plan_tracker(plan=plan)
    carried = sum(1 for a in tracker.actions if not status_of(a.status).is_complete)
    context = {"plan": plan, "form": form, "tracker": tracker, "carried": carried}
    return render(request, "plans/plan_next_year.html", context)


# Archiving: nothing a board may have seen is deleted.


@plan_change(Ability.EDIT)
def plan_archive(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    return archive_page(
        request,
        plan=plan,
        heading=f"Archive {plan.title}",
        explanation=[
            "An archived plan is kept as it is: everyone who could read it still can, and "
            "its tracker and tables can still be reported.",
            "Nobody can change it, add to it or record progress on it afterwards.",
        ],
        button="Archive this plan",
        archive=partial(archiving_services.plan_archive, plan=plan, by=user_of(request)),
        back=plan.get_absolute_url(),
    )


# The plan's outline: its domains in order, each with its actions.


@plan_change(Ability.EDIT)
def manage(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    """Domains and actions to rearrange; the move buttons post back here (no JavaScript)."""
    if request.method == "POST":
        for key, up in (("move_up", True), ("move_down", False)):
            if key in request.POST:
                position = int(request.POST[key]) if request.POST[key].isdigit() else 0
                domain = _domain(plan, position)
                if domain.archived_at is not None:
                    return _refused(request, plan, domain)
                domains_services.domain_move(domain=domain, up=up, by=user_of(request))
        return redirect("plans:manage", plan.slug)
    context = {"plan": plan, "domains": plans_selectors.plan_outline(plan=plan)}
    return render(request, "plans/manage.html", context)


@plan_change(Ability.EDIT)
def domain_add(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    form = DomainForm(request.POST or None, button="Add domain")
    if request.method == "POST" and form.is_valid():
        add = partial(
            domains_services.domain_add, plan=plan, by=user_of(request), **form.cleaned_data
        )
        if _attempt(form, add):
            return redirect("plans:manage", plan.slug)
    return _form_page(request, "domain_form.html", plan=plan, form=form, heading="Add a domain")


@domain_change(Ability.EDIT)
def domain_edit(
    request: HttpRequest, plan: Plan, access: PlanAccess, domain: Domain
) -> HttpResponse:
    initial: dict[str, object] = {"title": domain.title, "label": domain.label}
    form = DomainForm(request.POST or None, initial=initial, button="Save domain")
    if request.method == "POST" and form.is_valid():
        rename = partial(
            domains_services.domain_rename, domain=domain, by=user_of(request), **form.cleaned_data
        )
        if _attempt(form, rename):
            return redirect("plans:manage", plan.slug)
    heading = f"Change the domain {domain.label}"
    return _form_page(request, "domain_form.html", plan=plan, form=form, heading=heading)


@domain_change(Ability.EDIT)
def domain_archive(
    request: HttpRequest, plan: Plan, access: PlanAccess, domain: Domain
) -> HttpResponse:
    count = domain.actions.filter(archived_at__isnull=True).count()
    return archive_page(
        request,
        plan=plan,
        heading=f"Archive {domain.label}",
        explanation=[
            f"The domain and its {count} action{'s' if count != 1 else ''} will leave the "
            "tracker, Table 1 and Table 2. They are kept, with their history, in the plan's "
            "list of archived items.",
        ],
        button="Archive this domain",
        archive=partial(archiving_services.domain_archive, domain=domain, by=user_of(request)),
        back=reverse("plans:manage", args=[plan.slug]),
    )


@plan_view(Ability.VIEW)
def archived_items(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    return _archived_items_page(request, plan, access)


def _archived_items_page(
    request: HttpRequest, plan: Plan, access: PlanAccess, problem: str = ""
) -> HttpResponse:
    context = {
        "plan": plan,
        "items": plans_selectors.plan_archived_items(plan=plan),
        "can_restore": access.can(Ability.EDIT) and plan.archived_at is None,
        "problem": problem,
    }
    return render(request, "plans/archived_items.html", context, status=409 if problem else 200)


# Restoring: a button beside each item on the archived items page; nothing to confirm,
# since nothing is lost. A refusal shows that page again, saying why. Nothing in an
# archived plan is restored: the plan is kept as it was.


def _restored(restore: Callable[[], object]) -> str:
    """Make the change; what stopped it, in words, or "" if nothing did."""
    try:
        restore()
    except EditRefused as refused:
        return refused.message
    except StaleAction:
        return "Someone else changed this action after you opened this page. Try again."
    return ""


@plan_view(Ability.EDIT)
@require_http_methods(["POST"])
def domain_restore(
    request: HttpRequest, plan: Plan, access: PlanAccess, position: int
) -> HttpResponse:
    domain = _domain(plan, position)
    if plan.archived_at is not None:
        return _refused(request, plan, domain)
    problem = _restored(
        partial(archiving_services.domain_restore, domain=domain, by=user_of(request))
    )
    if problem:
        return _archived_items_page(request, plan, access, problem)
    return redirect(f"{plan.get_absolute_url()}#domain-{domain.position}")


@action_view(Ability.EDIT)
@require_http_methods(["POST"])
def action_restore(
    request: HttpRequest, plan: Plan, access: PlanAccess, action: Action
) -> HttpResponse:
    if plan.archived_at is not None:
        return _refused(request, plan, action.domain)
    form = ConfirmForm(request.POST, button="Restore")
    seen = form.cleaned_data["version"] if form.is_valid() else None
    problem = _restored(
        partial(
            archiving_services.action_restore,
            action=action,
            by=user_of(request),
            expected_version=seen or 0,
        )
    )
    if problem:
        return _archived_items_page(request, plan, access, problem)
    return redirect(action_url(action))


# The register of leads: the organisation's roles and agencies, shared by its plans.


@plan_change(Ability.EDIT)
def leads(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    form = LeadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add = partial(
            leads_services.lead_add,
            organisation=plan.organisation,
            name=form.cleaned_data["name"],
            by=user_of(request),
            plan=plan,
        )
        if _attempt(form, add):
            return redirect("plans:leads", plan.slug)
    context = {
        "plan": plan,
        "leads": leads_selectors.lead_register(plan=plan),
        "form": form,
        "can_merge": access.can(Ability.ORGANISATION_LEADS),
    }
    return render(request, "plans/leads.html", context)


@plan_change(Ability.ORGANISATION_LEADS)
def leads_merge(request: HttpRequest, plan: Plan, access: PlanAccess) -> HttpResponse:
    """The register is the organisation's: its administrators merge (ADR 0022)."""
    register = leads_selectors.lead_register(plan=plan)
    form = MergeLeadsForm(request.POST or None, leads=register)
    back = "plans:leads" if access.can(Ability.EDIT) else "plans:tracker"
    if request.method == "POST" and form.is_valid():
        by_pk = {lead.pk: lead for lead in register}
        merge = partial(
            lead_merging.leads_merge,
            keep=by_pk[form.cleaned_data["keep"]],
            merge=by_pk[form.cleaned_data["merge"]],
            by=user_of(request),
        )
        if _attempt(form, merge):
            return redirect(back, plan.slug)
    return _form_page(request, "leads_merge.html", plan=plan, form=form, back=back)
