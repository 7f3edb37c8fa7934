"""The audit history reads as sentences and lists: the verb is not said twice, and a
stored list or mapping is not shown as Python. Every piece of text is escaped."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from improvement_tracker.audit.display import shown_value, shown_values, what_happened
from improvement_tracker.audit.models import AuditEvent, Verb


@pytest.mark.django_db
def test_an_import_reads_once_and_its_warnings_are_a_list(example_plan, signed_in_client):
    event = AuditEvent.objects.get(verb=Verb.IMPORT)
    (warning,) = event.after["warnings"]  # the example's 31/02/2020
    html = signed_in_client.get(reverse("plan_audit", args=[example_plan.slug])).content.decode()
    assert (
        f'<th scope="row" class="govuk-table__header">Imported &#x27;{example_plan.title}' in html
    )
    assert "Imported: Imported" not in html
    assert "[&#x27;" not in html and "[&quot;" not in html  # no Python list
    assert '<dt>warnings</dt><dd><ul class="govuk-list govuk-list--bullet' in html
    assert f"<li>{escape(warning)}</li>" in html


@pytest.mark.parametrize(
    ("verb", "summary", "shown"),
    [
        (Verb.IMPORT, "Imported 'Plan' from plan.docx", "Imported 'Plan' from plan.docx"),
        (Verb.ARCHIVE, "Archived the plan 'Plan'", "Archived the plan 'Plan'"),
        (Verb.CREATE, "Added the domain Leadership", "Added the domain Leadership"),
        (
            Verb.ADMIN,
            "Added plan role 'x' in the admin site",
            "Added plan role 'x' in the admin site",
        ),
        # A progress update's summary names the action; the verb says what happened to it.
        (
            Verb.STATUS,
            "Help, action 3: update dated 2020-11-02",
            "Status changed: Help, action 3: update dated 2020-11-02",
        ),
        (
            Verb.UPDATE,
            "Help, action 3: update dated 2020-11-02",
            "Progress update: Help, action 3: update dated 2020-11-02",
        ),
    ],
)
def test_the_verb_is_said_once(verb, summary, shown):
    assert what_happened(verb, summary) == shown


def test_lists_mappings_and_empty_values_read_as_words():
    assert shown_value(["one", "two"]) == (
        '<ul class="govuk-list govuk-list--bullet app-values__list"><li>one</li><li>two</li></ul>'
    )
    assert shown_values({"archived_at": None, "carried": True, "leads": []}) == (
        '<dl class="app-values"><dt>archived at</dt><dd>–</dd>'
        "<dt>carried</dt><dd>Yes</dd><dt>leads</dt><dd>–</dd></dl>"
    )
    assert shown_value({"kept": {"name": "Director", "actions": [3, 4]}}) == (
        '<dl class="app-values"><dt>kept</dt><dd><dl class="app-values"><dt>name</dt>'
        '<dd>Director</dd><dt>actions</dt><dd><ul class="govuk-list govuk-list--bullet '
        'app-values__list"><li>3</li><li>4</li></ul></dd></dl></dd></dl>'
    )
    assert shown_value(0) == "0"
    assert shown_value(None) == shown_value("") == shown_value({}) == "–"


def test_every_piece_of_text_is_escaped_at_every_depth():
    hostile = "<script>alert(1)</script>"
    html = shown_values({hostile: [hostile, {"name": hostile}]})
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
