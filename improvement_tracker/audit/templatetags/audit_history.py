"""The audit history page's filters (audit/display.py)."""

from django import template
from django.utils.safestring import SafeString

from improvement_tracker.audit import display
from improvement_tracker.audit.models import AuditEvent

register = template.Library()


@register.filter
def what_happened(event: AuditEvent) -> str:
    return display.what_happened(event.verb, event.summary)


@register.filter
def shown_values(values: object) -> SafeString:
    if isinstance(values, dict) and values:
        return display.shown_values(values)
    return display.shown_value(values)
