"""Template helpers for the tracker: status tags and links between actions."""

import html
import re
from collections.abc import Container, Iterable, Mapping
from functools import cache

from django import forms, template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import FieldsetLegend, GovUKComponent
from govuk_frontend_django.components.button import GovUKButton
from govuk_frontend_django.components.checkboxes import CheckboxesItems, GovUKCheckboxes
from govuk_frontend_django.components.error_message import GovUKErrorMessage
from govuk_frontend_django.components.fieldset import GovUKFieldset
from govuk_frontend_django.components.hint import GovUKHint
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.label import GovUKLabel
from govuk_frontend_django.components.select import GovUKSelect, SelectItems
from govuk_frontend_django.components.tag import GovUKTag

from improvement_tracker.core.forms import choice_field
from improvement_tracker.hotpath.govuk import render
from improvement_tracker.plans.models import Action, ActionReference, Domain
from improvement_tracker.plans.rag import Status, status_of
from improvement_tracker.plans.references import ACTION_REFERENCE
from improvement_tracker.plans.selectors.tracker import TrackerDomain

register = template.Library()

TAG_COLOURS = {
    Status.RED: "govuk-tag--red",
    Status.AMBER: "govuk-tag--orange",
    Status.GREEN: "govuk-tag--green",
    Status.COMPLETED: "govuk-tag--blue",
    Status.NOT_RATED: "govuk-tag--grey",
}


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
def with_action_links(
    text: str,
    references: Mapping[int, Action] | Iterable[ActionReference],
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
        target = references.get(int(match[2]))
        if target is None:
            return match[0]
        anchor = anchors.get(target.pk)
        href = f"#{anchor}" if anchor else _action_url(target)
        return str(
            format_html(
                '<a class="govuk-link" href="{}">{}</a>{}',
                href,
                match[0],
                _now(target, int(match[2]), domain),
            )
        )

    escaped = html.escape(text)
    linked = ACTION_REFERENCE.sub(link, escaped)
    return mark_safe(linked.replace("\n", "<br>"))  # noqa: S308 - escaped above


def _action_url(action: Action) -> str:
    domain = action.domain
    return reverse("plans:action_detail", args=[domain.plan.slug, domain.position, action.number])


def _now(target: Action, written: int, domain: Domain | None) -> str:
    """Say "(now action 18)" when the action meant has moved since the words were written."""
    if domain is not None and target.domain.plan_id != domain.plan_id:
        return f" ({target.domain.plan.title}: {target.domain.label}, action {target.number})"
    if domain is not None and target.domain_id != domain.pk:
        return f" (now {target.domain.label}, action {target.number})"
    if target.number != written:
        return f" (now action {target.number})"
    return ""


@register.simple_tag
def filter_fields(form: forms.Form) -> SafeString:
    """The tracker's filter form, rendered by the cached GOV.UK components (ADR 0004).

    Everyone opens the tracker; crispy-forms takes about 10 ms for these seven fields,
    the cached macros well under one. Validation stays the form's.
    """

    def error(name: str) -> GovUKErrorMessage | None:
        messages = form.errors.get(name) if form.is_bound else None
        return GovUKErrorMessage(text=" ".join(map(str, messages))) if messages else None

    def label(name: str) -> GovUKLabel:
        return GovUKLabel(text=str(form[name].label), classes="govuk-label--s")

    parts: list[GovUKComponent] = []
    for name in ("domain", "status", "lead"):
        field = form[name]
        current = "" if field.value() is None else str(field.value())
        choices = choice_field(form, name).choices
        assert isinstance(choices, list)  # noqa: S101 - narrows the type: Django stores a list
        items = [
            SelectItems(value=str(value), text=str(text), selected=str(value) == current)
            for value, text in choices
        ]
        parts.append(
            GovUKSelect(
                id=field.auto_id,
                name=name,
                items=items,
                label=label(name),
                errorMessage=error(name),
            )
        )
    search = form["q"]
    parts.append(
        GovUKInput(
            id=search.auto_id,
            name="q",
            value=search.value() or "",
            label=label("q"),
            hint=GovUKHint(text=str(form.fields["q"].help_text)),
            classes="govuk-!-width-two-thirds",
            spellcheck=False,
            errorMessage=error("q"),
        )
    )
    parts.append(
        GovUKCheckboxes(
            name="priority",
            classes="govuk-checkboxes--small",
            fieldset=GovUKFieldset(
                legend=FieldsetLegend(
                    text="Only", classes="govuk-fieldset__legend--s", isPageHeading=False
                )
            ),
            items=[
                CheckboxesItems(
                    id=form[name].auto_id,
                    name=name,
                    value="on",
                    text=str(form[name].label),
                    checked=bool(form[name].value()),
                )
                for name in ("priority", "flagged")
            ],
        )
    )
    hidden = format_html(
        '<input type="hidden" name="as_of" value="{}">', form["as_of"].value() or ""
    )
    rendered = [render(part) for part in parts]
    button = render(GovUKButton(text="Show these actions"))
    return mark_safe("".join([*rendered, hidden, button]))  # noqa: S308 - rendered escaped


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)


@register.filter
def contains(collection: Container[str], item: str) -> bool:
    """`access.abilities|contains:"edit"`: whether a person may do something."""
    return item in collection


@register.simple_tag
def tracker_rows(entry: TrackerDomain, anchors: Mapping[int, str], plan_slug: str) -> SafeString:
    """A domain table's rows. Written here rather than as a template loop because the
    tracker of a large plan renders a thousand of them, and the template engine's
    per-value lookups cost several times more (docs/performance.md); the markup is the
    same GOV.UK table markup the rest of the page uses, every value escaped. Escaped by
    html.escape, which is what Django's escape calls, without the check for lazy strings
    around it that took half the rows' time (tests hold the two to the same output)."""
    first = reverse("plans:action_detail", args=[plan_slug, entry.domain.position, 1])
    action_url = first[: -len("1/")] + "{}/"
    rows = []
    for action in entry.actions:
        priority = (
            '<strong><span aria-hidden="true">*</span>'
            '<span class="govuk-visually-hidden">High priority: </span></strong>'
            if action.high_priority
            else ""
        )
        flags = "".join(
            f'<span class="app-flag"><strong>{html.escape(f.kind.label)}:</strong> '
            f"{html.escape(f.reason)}</span>"
            for f in action.flags
        )
        progress = with_action_links(action.progress, action.references, anchors, entry.domain)
        rows.append(
            '<tr class="govuk-table__row" id="{anchor}" data-status="{status}" '
            'data-high-priority="{high}">'
            '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="{url}">'
            '<span class="govuk-visually-hidden">Action </span>{number}</a></th>'
            '<td class="govuk-table__cell">{priority}{text}</td>'
            '<td class="govuk-table__cell">{lead}</td>'
            '<td class="govuk-table__cell">{timescale}</td>'
            '<td class="govuk-table__cell">{tag}{flags}</td>'
            '<td class="govuk-table__cell">{progress}</td></tr>'.format(
                anchor=html.escape(entry.anchors.get(action.number, "")),
                status=html.escape(action.status),
                high="true" if action.high_priority else "false",
                url=html.escape(action_url.format(action.number)),
                number=action.number,
                priority=priority,
                text=_lines(action.text),
                lead=_lines(action.lead_text),
                timescale=html.escape(action.timescale_text),
                tag=_rendered_tag(status_of(action.status)),
                flags=flags,
                progress=progress,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped above


def _lines(text: str) -> str:
    """Like the linebreaksbr filter: escaped, with its line breaks kept."""
    return html.escape(_NEWLINES.sub("\n", text)).replace("\n", "<br>")


_NEWLINES = re.compile(r"\r\n|\r")  # as django.utils.text.normalize_newlines
