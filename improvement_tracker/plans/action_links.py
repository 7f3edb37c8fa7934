"""An update's words as HTML: escaped, line breaks kept, and each "action 16" a link to the
action it meant (ADR 0010). Used by the `with_action_links` template tag and by the
tracker's rows."""

import html
import re
from collections.abc import Iterable, Mapping

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from improvement_tracker.plans.models import Action, ActionReference, Domain
from improvement_tracker.plans.references import ACTION_REFERENCE, written_reference


def with_action_links(
    text: str,
    references: Mapping[str, Action] | Iterable[ActionReference],
    anchors: Mapping[int, str] | None = None,
    domain: Domain | None = None,
) -> SafeString:
    """Escape the text, keep its line breaks, and link each "action 16" to the action it meant.

    `references` are the update's resolved references (docs/decisions/0010): the link
    goes to where that action is now, on this page (`anchors`, by action id) or on its
    own page, and says its number now if that has changed since the words were written.
    """
    if not isinstance(references, Mapping):
        references = {reference.number: reference.action for reference in references}
    anchors = anchors or {}

    def link(match: re.Match[str]) -> str:
        written = written_reference(match)
        target = references.get(written)
        if target is None:
            return match[0]
        anchor = anchors.get(target.pk)
        href = f"#{anchor}" if anchor else _action_url(target)
        return str(
            format_html(
                '<a class="govuk-link" href="{}">{}</a>{}',
                href,
                match[0],
                _now(target, written, domain),
            )
        )

    escaped = html.escape(text)
    linked = ACTION_REFERENCE.sub(link, escaped)
    return mark_safe(linked.replace("\n", "<br>"))  # noqa: S308 - escaped above


def _action_url(action: Action) -> str:
    domain = action.domain
    return reverse("plans:action_detail", args=[domain.plan.slug, domain.position, action.number])


def _now(target: Action, written: str, domain: Domain | None) -> str:
    """Say "(now action 18)" when the action meant has moved since the words were written."""
    if domain is not None and target.domain.plan_id != domain.plan_id:
        return f" ({target.domain.plan.title}: {target.domain.label}, action {target.number})"
    if domain is not None and target.domain_id != domain.pk:
        return f" (now {target.domain.label}, action {target.number})"
    if target.number != written:
        return f" (now action {target.number})"
    return ""
