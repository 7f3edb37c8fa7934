"""Signing in and out, password reset, and where a signed-in person lands."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy

from improvement_tracker.accounts.access import public, signed_in
from improvement_tracker.accounts.forms import SignInForm
from improvement_tracker.accounts.models import PlanRole, Role


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """Lead contributors land on their own actions; everyone else on the plan list."""
    contributes = PlanRole.objects.filter(user=request.user, role=Role.LEAD_CONTRIBUTOR).exists()
    return redirect("plans:my_actions" if contributes else "plans:plan_list")


sign_in = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=SignInForm
    )
)
sign_out = public(auth_views.LogoutView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("password_reset_done"),
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("password_reset_complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
