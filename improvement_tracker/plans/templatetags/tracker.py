"""Template helpers for the tracker: status tags and links between actions."""

import re
from functools import cache

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.tag import GovUKTag

from improvement_tracker.core.govuk import render
from improvement_tracker.plans.rag import Status, status_of

register = template.Library()

TAG_COLOURS = {
    Status.RED: "govuk-tag--red",
    Status.AMBER: "govuk-tag--orange",
    Status.GREEN: "govuk-tag--green",
    Status.COMPLETED: "govuk-tag--blue",
    Status.NOT_RATED: "govuk-tag--grey",
}

_ACTION_REFERENCE = re.compile(r"\b(action\s+(?:number\s+|no\.?\s*)?)(\d+)\b", re.IGNORECASE)


@cache
def _rendered_tag(status: Status) -> SafeString:
    # Five statuses, each rendered once by GOV.UK Frontend's own macro.
    return render(GovUKTag(text=status.label, classes=TAG_COLOURS[status]))


@register.simple_tag
def status_tag(status: str) -> SafeString:
    """The status as a GOV.UK tag: the word is always there; colour only repeats it."""
    return _rendered_tag(status_of(status))


@register.filter
def status_label(status: str) -> str:
    return Status(status).label


@register.simple_tag
def with_action_links(text: str, anchors: dict[int, str]) -> SafeString:
    """Escape the text, keep its line breaks, and link "action 16" to that action."""

    def link(match: re.Match[str]) -> str:
        anchor = anchors.get(int(match[2]))
        if anchor is None:
            return match[0]
        return str(format_html('<a class="govuk-link" href="#{}">{}</a>', anchor, match[0]))

    escaped = str(escape(text))
    linked = _ACTION_REFERENCE.sub(link, escaped)
    return mark_safe(linked.replace("\n", "<br>"))  # noqa: S308 - escaped above


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)


@register.filter
def contains(collection: object, item: str) -> bool:
    """`access.abilities|contains:"edit"`: whether a person may do something."""
    return item in collection  # type: ignore[operator]
