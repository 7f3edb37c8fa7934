"""The service navigation: the service's name, the sections a person may use, signing out."""

from django import template
from django.utils.safestring import SafeString

from improvement_tracker.hotpath import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def site_navigation(context: template.Context) -> SafeString:
    """Rendered by hotpath/navigation.py: the component each request, or its fast twin."""
    return navigation.site_navigation(context["request"])
