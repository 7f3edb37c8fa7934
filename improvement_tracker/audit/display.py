"""How an audit event reads on the history pages: what happened, and its values.

Stored events are never changed (ADR 0025), so the page makes them readable: the verb is
not said twice, and values before and after are shown as words and lists, not as Python.
"""

from collections.abc import Mapping

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from improvement_tracker.audit.models import Verb

# A progress update's summary names the action and the date, not what was done; the
# verb says whether the status changed. Every other summary is a sentence that says it.
SUMMARY_NEEDS_VERB = frozenset({Verb.UPDATE, Verb.STATUS})


def what_happened(verb: str, summary: str) -> str:
    """The event's summary, after its verb only where the summary does not say it."""
    if verb in SUMMARY_NEEDS_VERB:
        return f"{Verb(verb).label}: {summary}"
    return summary


def shown_value(value: object) -> SafeString:
    """A stored value as HTML a reader can follow, every piece of text escaped.

    Lists are bulleted, mappings are a key above each value, nothing is a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return format_html("{}", "–")
    if isinstance(value, bool):
        return format_html("{}", "Yes" if value else "No")
    if isinstance(value, list | tuple):
        items = format_html_join("", "<li>{}</li>", ((shown_value(item),) for item in value))
        return format_html(
            '<ul class="govuk-list govuk-list--bullet app-values__list">{}</ul>', items
        )
    if isinstance(value, Mapping):
        return shown_values(value)
    return format_html("{}", value)


def shown_values(values: Mapping[object, object]) -> SafeString:
    """A mapping of values: each key, as words, above its value."""
    rows = format_html_join(
        "",
        "<dt>{}</dt><dd>{}</dd>",
        ((str(key).replace("_", " "), shown_value(value)) for key, value in values.items()),
    )
    return format_html('<dl class="app-values">{}</dl>', rows)
