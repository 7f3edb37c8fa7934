"""What every form page must show when it refuses input, in GOV.UK markup; and what a
page costs in queries."""

import re
from html import escape

from django.core.cache import cache
from django.db import connection


def assert_form_errors(response, errors):
    """`errors` maps a field's id ("id_title") to the message expected beside it.

    The page is re-shown (200) with "Error:" in its title, one error summary at the top
    linking to each field, and each message beside its field.
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
        # crispy-forms-gds writes <span id="id_x_1_error">, GOV.UK's macro <p id="id_x-error">.
        beside = re.compile(
            rf'<(span|p) id="{field_id}(_\d+_error|-error)" class="govuk-error-message">\s*'
            rf'<span class="govuk-visually-hidden">Error:</span> {re.escape(text)}\s*</(span|p)>'
        )
        assert beside.search(html), (field_id, message)
    return html


def cold_queries(client, url):
    """The queries a page makes when nothing is cached (the first view after a change)."""
    cache.clear()
    made = []

    def count(execute, sql, params, many, context):
        made.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(made)


def table1_total(html: str, status: str) -> str:
    """The total of a status's row in the tracker's Table 1."""
    row = re.search(rf'<tr class="govuk-table__row" data-status="{status}">(.*?)</tr>', html, re.S)
    assert row, f"Table 1 has no {status} row"
    return re.findall(r">(\d+)</td>", row[1])[-1]
