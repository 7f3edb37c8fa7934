"""Two-factor sign-in pages, the person's own account page, and an administrator's reset.

After a right password, someone with an authenticator app is not signed in yet: the
sign-in page keeps who they are in the session (PENDING) and sends them to the code
page, which signs them in once a code is right. Wrong codes count as failed sign-ins
for the lockout (accounts/lockout.py), each device throttles them, and a pending
sign-in takes a few before the password must be entered again.
"""

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, update_session_auth_hash
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from improvement_tracker.accounts import passwords, two_factor
from improvement_tracker.accounts.access import org_admin, public, signed_in, user_of
from improvement_tracker.accounts.middleware import SETUP_FIRST
from improvement_tracker.accounts.models import Membership
from improvement_tracker.accounts.one_time_passwords import must_choose_password
from improvement_tracker.accounts.two_factor_forms import (
    ChangePasswordForm,
    PasswordConfirmForm,
    SetUpForm,
    SignInCodeForm,
)
from improvement_tracker.audit.services import client_ip

PENDING = "two_factor_pending"
PENDING_SECONDS = 5 * 60


def begin_pending_sign_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Called by the sign-in page after a right password, for someone with an app."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url,
        "started": int(time.time()),
        "tries": 0,
    }
    return redirect("two_factor_sign_in")


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    state = request.session.get(PENDING)
    if not isinstance(state, dict) or time.time() - state.get("started", 0) > PENDING_SECONDS:
        return None
    user_id = state.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return (user, state) if user is not None else None


def _locked_out(request: HttpRequest, credentials: dict[str, Any]) -> HttpResponse:
    """AxesMiddleware turns this into the lockout page."""
    request.session.pop(PENDING, None)
    # django-axes' own marks, which its middleware reads; HttpRequest does not declare them.
    request.axes_locked_out = True  # type: ignore[attr-defined]
    request.axes_credentials = credentials  # type: ignore[attr-defined]
    return HttpResponse(status=429)


@public
@require_http_methods(["GET", "POST"])
def two_factor_sign_in(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    user, state = pending
    credentials = {"username": user.get_username()}
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request, credentials)
        check = two_factor.check_code(
            user=user, code=form.cleaned_data["code"], ip_address=client_ip(request)
        )
        if check.accepted:
            del request.session[PENDING]
            login(request, user, backend=state["backend"])
            next_url = state.get("next") or ""
            safe = url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            return redirect(next_url if safe else "home")
        user_login_failed.send(
            sender=__name__, credentials={**credentials, "two_factor": True}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request, credentials)
        state["tries"] += 1
        request.session[PENDING] = state
        if state["tries"] >= settings.TWO_FACTOR_TRIES_PER_SIGN_IN:
            del request.session[PENDING]
            return redirect("login")
        form.add_error(
            "code",
            "Wait a few seconds, then enter the code your app shows now"
            if check.wait
            else "The code is not correct. Enter the code your app shows now",
        )
    return render(request, "accounts/two_factor_sign_in.html", {"form": form})


@signed_in
def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin site's sign-in page: anyone not signed in goes through the service's own
    (code and lockout included); staff go on to the admin, anyone else to their start page
    (sending them back to the admin would only bring them here again)."""
    if not request.user.is_staff:
        return redirect("home")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    return redirect(next_url)


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    """The person's own account: their password and two-factor sign-in."""
    user = user_of(request)
    context = {
        "local": two_factor.is_local_account(user),
        "two_factor": two_factor.has_two_factor(user),
        "required": two_factor.requires_two_factor(user),
    }
    return render(request, "accounts/account.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not two_factor.is_local_account(user):
        return redirect("account")
    form = SetUpForm(request.POST or None, user_id=user.pk)
    secret = None
    if request.method == "POST" and form.is_valid():
        secret = form.cleaned_data["secret"]
        if two_factor.code_matches_secret(secret, form.cleaned_data["code"]):
            codes = two_factor.two_factor_enable(
                user=user, secret=secret, ip_address=client_ip(request)
            )
            request.session.pop(SETUP_FIRST, None)
            return render(request, "accounts/two_factor_backup_codes.html", {"codes": codes})
        form.add_error(
            "code",
            "The code is not correct. Check the key in your app and enter the code it shows now",
        )
    if secret is None and request.method == "POST":
        secret = form.cleaned_data.get("secret") if hasattr(form, "cleaned_data") else None
    if secret is None:
        # A page whose key expired or was tampered with gets a fresh key.
        secret = two_factor.new_secret()
    enrolment = two_factor.enrolment(user, secret)
    import segno  # only this page draws QR codes; not loaded at start-up (ADR 0017)

    context = {
        "form": form,
        "signed_secret": form.signed(secret),
        "enrolment": enrolment,
        "qr_code": segno.make(enrolment.uri, error="m").svg_data_uri(scale=4, border=2),
        "required": request.session.get(SETUP_FIRST, False),
        "replacing": two_factor.has_two_factor(user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Remove the app and backup codes, after entering the password again."""
    user = user_of(request)
    form = PasswordConfirmForm(request.POST or None, button="Turn off two-factor sign-in")
    if request.method == "POST" and form.is_valid():
        # Through authenticate(), so wrong passwords here count towards the lockout.
        confirmed = authenticate(
            request, username=user.get_username(), password=form.cleaned_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            return HttpResponse(status=429)
        if confirmed is not None and confirmed.pk == user.pk:
            two_factor.two_factor_remove(user=user, by=user, ip_address=client_ip(request))
            if two_factor.requires_two_factor(user):
                request.session[SETUP_FIRST] = True
            return redirect("account")
        form.add_error("password", "The password is not correct. Enter it again")
    return render(request, "accounts/two_factor_remove.html", {"form": form})


@signed_in
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not two_factor.is_local_account(user):
        return redirect("account")
    one_time = must_choose_password(user)
    form = ChangePasswordForm(user, request.POST or None, request=request, one_time=one_time)
    valid = request.method == "POST" and form.is_valid()
    if getattr(request, "axes_locked_out", False):
        return HttpResponse(status=429)  # AxesMiddleware shows the lockout page
    if valid:
        passwords.password_change(
            user=user,
            password=form.cleaned_data["new_password1"],
            by=user,
            ip_address=client_ip(request),
        )
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has been changed")
        return redirect("home" if one_time else "account")
    return render(request, "accounts/password_change.html", {"form": form, "one_time": one_time})


@org_admin
@require_POST
def person_two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """An organisation administrator resets the two-factor sign-in of one of their people."""
    admin = user_of(request)
    organisation = get_object_or_404(Membership, user=admin).organisation
    person = get_object_or_404(User, pk=user_id, membership__organisation=organisation)
    if two_factor.two_factor_remove(user=person, by=admin, ip_address=client_ip(request)):
        messages.success(
            request,
            f"{person.get_username()}'s two-factor sign-in has been reset. They sign in with "
            "their password, and set it up again if they must",
        )
    return redirect("organisation_people")
