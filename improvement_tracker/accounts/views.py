"""Signing in and out, password reset, an organisation's people, and where a person lands.
A plan's people are `plans/people_views.py`."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts import passwords, services, two_factor
from improvement_tracker.accounts.access import org_admin, public, signed_in, user_of
from improvement_tracker.accounts.account_email import SetPasswordEmailForm
from improvement_tracker.accounts.forms import (
    NewPasswordForm,
    PersonForm,
    ResetRequestForm,
    SignInForm,
)
from improvement_tracker.accounts.middleware import SETUP_FIRST
from improvement_tracker.accounts.models import Membership
from improvement_tracker.accounts.two_factor_views import begin_pending_sign_in
from improvement_tracker.audit.services import client_ip


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """Everyone lands on the home page, which shows what needs them in each of their roles
    (issue 20). Named here, below plans, so that sign-in can send people to it."""
    return redirect("plans:home")


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "sso_enabled": settings.OIDC_ENABLED}

    def get_success_url(self) -> str:
        # Someone who opened the service's front page lands on the home page.
        url = super().get_success_url()
        return str(resolve_url("home")) if url == resolve_url("plans:home") else url

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        """The password was right: ask for the code first if the person has an app."""
        user = form.get_user()
        if two_factor.has_two_factor(user):
            return begin_pending_sign_in(self.request, user, self.get_success_url())
        response = super().form_valid(form)
        if two_factor.requires_two_factor(user):
            self.request.session[SETUP_FIRST] = True
            return redirect("two_factor_setup")
        return response


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    # Quoted: SetPasswordForm is generic in django-stubs only, not at run time.
    def form_valid(self, form: "SetPasswordForm[User]") -> HttpResponse:
        passwords.password_reset_complete(form=form, ip_address=client_ip(self.request))
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


sign_in = public(SignInView.as_view())


sign_out = public(auth_views.LogoutView.as_view())


password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=ResetRequestForm,
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("password_reset_done"),
    )
)


password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)


password_reset_confirm = public(
    ResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=NewPasswordForm,
        success_url=reverse_lazy("password_reset_complete"),
    )
)


password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


@org_admin
@require_http_methods(["GET", "POST"])
def organisation_people(request: HttpRequest) -> HttpResponse:
    """An organisation administrator's list of their people, and adding a person."""
    membership = Membership.objects.select_related("organisation").filter(user=user_of(request))
    organisation = membership.get().organisation if membership.exists() else None
    if organisation is None:
        return render(request, "accounts/no_organisation.html", status=403)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.organisation_person_add(
            organisation=organisation,
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            is_admin=data["is_admin"],
            by=user_of(request),
        )
        _send_set_password_email(request, person)
        return redirect("organisation_people")
    people = Membership.objects.filter(organisation=organisation).select_related("user")
    context = {
        "organisation": organisation,
        "people": people,
        "form": form,
        "two_factor_on": two_factor.people_with_two_factor(organisation=organisation),
    }
    return render(request, "accounts/organisation_people.html", context)


def _send_set_password_email(request: HttpRequest, person: User) -> None:
    reset = SetPasswordEmailForm(person)
    if reset.is_valid():
        reset.save(
            request=request,
            use_https=request.is_secure(),
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
        )
    if not reset.sent:
        messages.warning(
            request,
            f"{person.get_username()} was added, but the email asking them to choose a "
            "password could not be sent. The failure is in the audit trail; once "
            "the mail settings are fixed, set their password in the admin site.",
        )
