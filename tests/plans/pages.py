"""What every form page must show when it refuses input, in GOV.UK markup; and what a
page costs in queries."""

import re
from html import escape

from django.core.cache import cache
from django.db import connection


def assert_form_errors(response, errors):
    """`errors` maps a field's id ("id_title") to the message expected beside it.

    The page is re-shown (200) with "Error:" in its title, one error summary at the top
    linking to each field, and each message beside its field, all in the one markup
    crispy-forms-gds writes (ADR 0034): no other error message is on the page.
    """
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "<title>Error: " in html
    assert html.count('class="govuk-error-summary"') == 1
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    first_field = html.index('class="govuk-form-group')
    assert html.index('class="govuk-error-summary"') < first_field  # at the top
    for field_id, message in errors.items():
        text = escape(message)
        # A date input's error may link to the part (day, month, year) that is wrong.
        link = re.compile(rf'<a href="#{field_id}(_\d)?">{re.escape(text)}</a>')
        assert link.search(summary), (field_id, message)
        beside = re.compile(
            rf'<span id="{field_id}_\d+_error" class="govuk-error-message">\s*'
            rf'<span class="govuk-visually-hidden">Error:</span> {re.escape(text)}\s*</span>'
        )
        assert beside.search(html), (field_id, message)
    # Every error message on the page is one crispy wrote: no second markup.
    written = re.findall(r'<(\w+)([^>]*)\bclass="[^"]*govuk-error-message', html)
    assert written, "no message beside any field"
    for tag, attributes in written:
        assert tag == "span" and re.fullmatch(r' id="\w+_\d+_error" ', attributes), (
            tag,
            attributes,
        )
    return html


def cold_queries(client, url):
    """How many queries a page makes when nothing is cached (the first view after a change)."""
    return len(cold_sql(client, url))


def cold_sql(client, url):
    """The SQL of each query a page makes when nothing is cached."""
    cache.clear()
    made = []

    def count(execute, sql, params, many, context):
        made.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return made


def table1_total(html: str, status: str) -> str:
    """The total of a status's row in the tracker's Table 1."""
    row = re.search(rf'<tr class="govuk-table__row" data-status="{status}">(.*?)</tr>', html, re.S)
    assert row, f"Table 1 has no {status} row"
    return re.findall(r">(\d+)</td>", row[1])[-1]
