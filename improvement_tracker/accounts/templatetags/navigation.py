"""The service navigation: the service's name, the sections a person may use, signing out."""

from django import template
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.service_navigation import (
    GovUKServiceNavigation,
    ServiceNavigationNavigation,
    ServiceNavigationSlots,
)

from improvement_tracker.accounts.permissions import is_org_admin
from improvement_tracker.core.govuk import render
from improvement_tracker.hotpath.memo import memoised

register = template.Library()


@register.simple_tag(takes_context=True)
def site_navigation(context: template.Context) -> SafeString:
    request = context["request"]
    user, prefix = request.user, get_script_prefix()
    if user.is_authenticated:
        sections = _sections(prefix, is_org_admin(user))
        current = next((href for _, href in sections if href == request.path), None)
        html = _navigation(prefix, sections, current, user.get_username())
    else:
        html = _navigation(prefix, (), None, None)
    # The CSRF token differs on every request; the rest is the same for this person in
    # this section, so it is rendered (and kept) with a stand-in for the token.
    placeholder = f'value="{CSRF_STAND_IN}"'
    return mark_safe(html.replace(placeholder, f'value="{get_token(request)}"', 1))  # noqa: S308


# The prefix is the WSGI SCRIPT_NAME, which a proxy may pass on from a request header.
@memoised(max_bytes=64 * 1024, max_entries=32)
def _sections(prefix: str, admin: bool) -> tuple[tuple[str, str], ...]:
    """The sections a person may use, as (text, address); addresses depend on the prefix."""
    names = [("Plans", "plans:plan_list"), ("My actions", "plans:my_actions")]
    if admin:
        names.append(("People", "organisation_people"))
    names.append(("Your account", "account"))
    return tuple((text, reverse(name)) for text, name in names)


# Every page renders the navigation, and building the component and its cache key cost
# about a tenth of a small page's time: kept for the last people seen, per section,
# within a byte bound (ADR 0026).
@memoised(max_bytes=1024 * 1024, max_entries=1024)
def _navigation(
    prefix: str,  # in the key because the addresses below depend on it
    sections: tuple[tuple[str, str], ...],
    current: str | None,
    username: str | None,
) -> str:
    items = [
        ServiceNavigationNavigation(text=text, href=href, active=href == current)
        for text, href in sections
    ]
    end = None
    if username is not None:
        end = format_html(
            '<li class="govuk-service-navigation__item">'
            '<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="app-service-navigation__button">Sign out '
            '<span class="govuk-visually-hidden">{}</span></button></form></li>',
            reverse("logout"),
            CSRF_STAND_IN,
            username,
        )
    return str(
        render(
            GovUKServiceNavigation(
                serviceName="Improvement Tracker",
                serviceUrl=reverse("plans:plan_list"),
                navigation=items,
                slots=ServiceNavigationSlots(navigationEnd=end) if end else None,
            )
        )
    )


CSRF_STAND_IN = "csrf-value-goes-here"
