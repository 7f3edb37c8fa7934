"""The "API tokens" page (linked from "Your account"): a person's own tokens, making one
(its secret shown once, on the answer to the form, and never again) and revoking one.

An organisation administrator also sees their organisation's people's tokens and may
revoke them, so that a leaver's token can be stopped (token_selectors.py). Making and
revoking are the services' (api/services.py), which audit both.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

from improvement_tracker.accounts.access import own_object, signed_in, user_of
from improvement_tracker.api.models import ApiToken, Scope
from improvement_tracker.api.selectors import tokens_of
from improvement_tracker.api.services import TokenRefused, api_token_create, api_token_revoke
from improvement_tracker.api.token_forms import RevokeForm, TokenForm
from improvement_tracker.api.token_selectors import (
    administered_organisation,
    organisation_tokens,
    token_to_revoke,
)


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    state: str  # Live, Expired or Revoked: the tag's word
    tag: str  # the tag's colour, which only repeats the word

    @property
    def live(self) -> bool:
        return self.state == "Live"


def _rows(tokens: list[ApiToken], now: dt.datetime) -> list[TokenRow]:
    rows = []
    for token in tokens:
        if token.revoked_at is not None:
            rows.append(TokenRow(token, "Revoked", "govuk-tag--red"))
        elif token.expires_at <= now:
            rows.append(TokenRow(token, "Expired", "govuk-tag--grey"))
        else:
            rows.append(TokenRow(token, "Live", "govuk-tag--green"))
    return rows


@signed_in
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    """The person's own tokens; an administrator's organisation's people's below them."""
    user = user_of(request)
    now = timezone.now()
    organisation = administered_organisation(user=user)
    context = {
        "back": reverse("account"),
        "rows": _rows(list(tokens_of(user=user)), now),
        "organisation": organisation,
        "organisation_rows": _rows(list(organisation_tokens(admin=user)), now)
        if organisation
        else [],
    }
    return render(request, "api/tokens.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def token_new(request: HttpRequest) -> HttpResponse:
    """The form; on success its answer is the one page that ever shows the secret. It is
    rendered, not redirected to, so the secret is kept in no session and no address."""
    user = user_of(request)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                scope=Scope(form.cleaned_data["scope"]),
                days=form.cleaned_data["days"],
                by=user,
            )
        except TokenRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            context = {
                "token": token,
                "secret": secret,
                "panel_text": f"‘{token.name}’: {token.get_scope_display().lower()}, "
                f"until {date_format(timezone.localtime(token.expires_at), 'j F Y')}",
                "me_url": request.build_absolute_uri(reverse("api:me")),
            }
            return render(request, "api/token_made.html", context)
    context = {"form": form, "back": reverse("api_tokens:list")}
    return render(request, "api/token_new.html", context)


@own_object
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Confirm, then revoke: the token stops working at once. Anyone else's token, unless
    the person administers its holder's organisation, is 404."""
    user = user_of(request)
    token = token_to_revoke(token_id=token_id, by=user)
    if token is None:
        raise Http404("No such API token of yours")
    if not token.is_live():
        messages.info(request, f"The token ‘{token.name}’ already does not work")
        return redirect("api_tokens:list")
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        api_token_revoke(token=token, by=user)
        whose = "" if token.user_id == user.pk else f" of {token.user.get_username()}"
        messages.success(request, f"The token ‘{token.name}’{whose} has been revoked")
        return redirect("api_tokens:list")
    context = {
        "token": token,
        "form": form,
        "own": token.user_id == user.pk,
        "back": reverse("api_tokens:list"),
    }
    return render(request, "api/token_revoke.html", context)
