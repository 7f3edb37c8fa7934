"""The trends page: the plan's chart, a domain's, the exceptions', each an inline SVG with
its figures as a table; dates and domain chosen in the address (issue 20)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.plans.models import BoardPack
from improvement_tracker.plans.rag import Status
from tests.factories import ActionFactory, DomainFactory, record_update
from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(help_and_protection):
    plan = help_and_protection.plan
    leadership = DomainFactory(plan=plan, position=2, label="Leadership <and> care")
    ActionFactory(domain=leadership, number=1, timescale_text="Complete")
    return plan


def url(plan, **params):
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return reverse("plans:trends", args=[plan.slug]) + (f"?{query}" if query else "")


def tables(html):
    """Each table's caption and its rows' cells, as the page shows them."""
    found = []
    for table in re.findall(r"<table.*?</table>", html, re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S).group(1)
        rows = [
            [
                re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row, re.S)
            ]
            for row in re.findall(r"<tr.*?</tr>", table, re.S)
        ]
        found.append((caption, rows))
    return found


@time_machine.travel(dt.datetime(2021, 1, 15, 12, tzinfo=dt.UTC), tick=False)
def test_a_reader_sees_the_plans_chart_and_the_exceptions_with_their_figures(plan, member_of):
    response = member_of(plan).get(url(plan))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 2
    assert html.count('role="img"') == 2
    assert 'id="no-packs"' in html  # no pack issued: month ends
    (status_caption, status_rows), (_, exceptions_rows) = tables(html)
    assert status_caption.startswith(f"{plan.title}: actions by status")
    assert status_rows[0] == ["Date", "Red", "Amber", "Green", "Completed", "Not rated", "Total"]
    # Both first updates were made on 31 October 2020 (the factory's date).
    assert status_rows[9] == ["30 September 2020", "0", "0", "0", "0", "3", "3"]
    assert status_rows[10] == ["31 October 2020", "1", "0", "1", "0", "1", "3"]
    assert status_rows[-1] == ["15 January 2021", "1", "0", "1", "0", "1", "3"]
    assert exceptions_rows[0] == ["Date", "Overdue", "Flagged"]
    assert exceptions_rows[-1] == ["15 January 2021", "0", "1"]  # "Complete", not rated


def test_choosing_a_domain_adds_its_chart_and_board_dates_are_the_default(plan, member_of):
    action = plan.domains.get(position=1).actions.get(number="2")
    record_update(action, made_on=dt.date(2020, 12, 1), status=Status.ON_TRACK, progress="Back.")
    for board_date in (dt.date(2020, 11, 30), dt.date(2020, 12, 31)):
        BoardPack.objects.create(plan=plan, board_date=board_date, issued_at=timezone.now())
    response = member_of(plan).get(url(plan, domain="Leadership+%3Cand%3E+care"))
    html = response.content.decode()
    assert html.count("<svg") == 3
    captions = [caption for caption, _ in tables(html)]
    assert captions[1] == "Leadership &lt;and&gt; care: actions by status: the chart's figures"
    (_, plan_rows), (_, domain_rows), _ = tables(html)
    assert [row[0] for row in plan_rows[1:]] == ["30 November 2020", "31 December 2020"]
    assert plan_rows[-1] == ["31 December 2020", "0", "0", "2", "0", "1", "3"]
    assert domain_rows[-1][-2:] == ["1", "1"]  # Not rated, Total
    assert 'id="no-packs"' not in html
    months = member_of(plan).get(url(plan, dates="months")).content.decode()
    assert len(tables(months)[0][1]) == 14  # the header and thirteen dates


def test_dates_and_domains_not_offered_are_refused_by_name(plan, member_of):
    response = member_of(plan).get(url(plan, dates="weekly", domain="Finance"))
    assert_form_errors(
        response,
        {
            "id_dates": "Select board dates or month ends",
            "id_domain": "Select a domain from the list",
        },
    )
    assert response.content.decode().count("<svg") == 2  # the plan's charts, all the same


def test_the_tracker_links_to_the_trends(plan, member_of):
    html = member_of(plan).get(plan.get_absolute_url()).content.decode()
    assert f'href="{url(plan)}"' in html
