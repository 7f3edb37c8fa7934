"""The service navigation, kept per person and section, with this request's CSRF token
put into the sign-out form afterwards.

Plain twin: build the GovUKServiceNavigation component and render the sign-out form's
template (accounts/_sign_out.html, with the real token) on every request. Every page
renders the navigation, and building the component and its cache key cost about a
tenth of a small page's time, so the fast twin keeps the HTML for the last people seen,
per section, within a byte bound (ADR 0026), rendered with a stand-in for the token.
"""

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.service_navigation import (
    GovUKServiceNavigation,
    ServiceNavigationNavigation,
    ServiceNavigationSlots,
)

from improvement_tracker.accounts.permissions import is_org_admin
from improvement_tracker.hotpath.govuk import render
from improvement_tracker.hotpath.memo import memoised
from improvement_tracker.hotpath.twins import twin_of

Sections = tuple[tuple[str, str], ...]


def sections_for(admin: bool) -> Sections:
    """The sections a person may use, as (text, address)."""
    names = [
        ("Home", "plans:home"),
        ("Plans", "plans:plan_list"),
        ("Portfolio", "plans:portfolio"),
        ("My actions", "plans:my_actions"),
    ]
    if admin:
        names.append(("People", "organisation_people"))
    names.append(("Your account", "account"))
    return tuple((text, reverse(name)) for text, name in names)


def build(sections: Sections, current: str | None, username: str | None, token: str) -> str:
    """The navigation with these sections, `current` marked, and a sign-out form for
    `username` carrying `token` (none when nobody is signed in)."""
    end = None
    if username is not None:
        context = {"username": username, "csrf_token": token}
        end = render_to_string("accounts/_sign_out.html", context)
    return str(
        render(
            GovUKServiceNavigation(
                serviceName="Improvement Tracker",
                serviceUrl=reverse("plans:home"),
                navigation=[
                    ServiceNavigationNavigation(text=text, href=href, active=href == current)
                    for text, href in sections
                ],
                slots=ServiceNavigationSlots(navigationEnd=end) if end else None,
            )
        )
    )


def _for_request(request: HttpRequest) -> tuple[Sections, str | None, str | None]:
    user = request.user
    if not user.is_authenticated:
        return (), None, None
    sections = sections_for(is_org_admin(user))
    current = next((href for _, href in sections if href == request.path), None)
    return sections, current, user.get_username()


def site_navigation_plain(request: HttpRequest) -> SafeString:
    sections, current, username = _for_request(request)
    return mark_safe(build(sections, current, username, get_token(request)))  # noqa: S308


@twin_of(site_navigation_plain)
def site_navigation(request: HttpRequest) -> SafeString:
    sections, current, username = _for_request(request)
    html = _kept(get_script_prefix(), sections, current, username)
    # The token differs on every request; the rest is the same for this person in this
    # section, so it is rendered (and kept) with a stand-in for the token.
    placeholder = f'value="{CSRF_STAND_IN}"'
    token = f'value="{get_token(request)}"'
    return mark_safe(html.replace(placeholder, token, 1))  # noqa: S308 - the token is hex


# The prefix is the WSGI SCRIPT_NAME, which a proxy may pass on from a request header;
# the addresses depend on it, so it is in the key.
@memoised(max_bytes=1024 * 1024, max_entries=1024)
def _kept(prefix: str, sections: Sections, current: str | None, username: str | None) -> str:
    return build(sections, current, username, CSRF_STAND_IN)


CSRF_STAND_IN = "csrf-value-goes-here"
