"""The service navigation: the service's name, the sections a person may use, signing out."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.service_navigation import (
    GovUKServiceNavigation,
    ServiceNavigationNavigation,
    ServiceNavigationSlots,
)

from improvement_tracker.accounts.permissions import is_org_admin
from improvement_tracker.core.govuk import render

register = template.Library()


@register.simple_tag(takes_context=True)
def site_navigation(context: template.Context) -> SafeString:
    request = context["request"]
    items, end = [], None
    if request.user.is_authenticated:
        for text, name in [("Plans", "plans:plan_list"), ("My actions", "plans:my_actions")]:
            href = reverse(name)
            items.append(
                ServiceNavigationNavigation(text=text, href=href, active=request.path == href)
            )
        if is_org_admin(request.user):
            href = reverse("organisation_people")
            items.append(
                ServiceNavigationNavigation(text="People", href=href, active=request.path == href)
            )
        end = format_html(
            '<li class="govuk-service-navigation__item">'
            '<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="govuk-button govuk-button--secondary '
            'govuk-!-margin-bottom-0 govuk-!-margin-top-2">Sign out '
            '<span class="govuk-visually-hidden">{}</span></button></form></li>',
            reverse("logout"),
            CSRF_STAND_IN,
            request.user.get_username(),
        )
    html = render(
        GovUKServiceNavigation(
            serviceName="Improvement Tracker",
            serviceUrl=reverse("plans:plan_list"),
            navigation=items,
            slots=ServiceNavigationSlots(navigationEnd=end) if end else None,
        )
    )
    # The CSRF token differs on every request; the rest is the same for this person on
    # this page, so the component is rendered (and kept) with a stand-in for the token.
    placeholder = f'value="{CSRF_STAND_IN}"'
    return mark_safe(html.replace(placeholder, f'value="{get_token(request)}"', 1))  # noqa: S308


CSRF_STAND_IN = "csrf-value-goes-here"
