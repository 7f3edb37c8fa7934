"""{% govuk "tag" text="Red" classes="govuk-tag--red" %}: a GOV.UK component, rendered fast."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from govuk_frontend_django.components.service_navigation import (
    GovUKServiceNavigation,
    ServiceNavigationNavigation,
    ServiceNavigationSlots,
)

from improvement_tracker.core.govuk import component_class, render

register = template.Library()


@register.simple_tag
def govuk(name: str, **options: object) -> SafeString:
    return render(component_class(name)(**options))


@register.simple_tag(takes_context=True)
def site_navigation(context: template.Context) -> SafeString:
    """The service navigation: the service's name, its sections and signing out."""
    request = context["request"]
    items, end = [], None
    if request.user.is_authenticated:
        plans = reverse("plans:plan_list")
        items.append(
            ServiceNavigationNavigation(text="Plans", href=plans, active=request.path == plans)
        )
        end = format_html(
            '<li class="govuk-service-navigation__item">'
            '<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="govuk-button govuk-button--secondary '
            'govuk-!-margin-bottom-0 govuk-!-margin-top-2">Sign out '
            '<span class="govuk-visually-hidden">{}</span></button></form></li>',
            reverse("logout"),
            get_token(request),
            request.user.get_username(),
        )
    return render(
        GovUKServiceNavigation(
            serviceName="Improvement Tracker",
            serviceUrl=reverse("plans:plan_list"),
            navigation=items,
            slots=ServiceNavigationSlots(navigationEnd=end) if end else None,
        )
    )
