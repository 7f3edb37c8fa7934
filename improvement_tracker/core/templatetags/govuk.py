"""{% govuk "tag" text="Red" classes="govuk-tag--red" %}: a GOV.UK component, rendered fast."""

from django import template
from django.utils.safestring import SafeString

from improvement_tracker.core.govuk import component_class, render

register = template.Library()


@register.simple_tag
def govuk(name: str, **options: object) -> SafeString:
    return render(component_class(name)(**options))
