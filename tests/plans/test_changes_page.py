"""The "What changed" page: its dates, groups by kind, filters as the tracker's, its words
when nothing changed, and its downloads (documents/changes_views.py)."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Activity, Lead
from improvement_tracker.plans.rag import Status
from tests.factories import ActionFactory, DomainFactory, PlanFactory, record_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """Governance 3 (high priority) went Amber → Red, Finance 1 Green → Completed in February
    2027; Finance 2 (flagged) was not updated. It is 3 March 2027."""
    with time_machine.travel(dt.datetime(2027, 1, 10, 12, tzinfo=dt.UTC), tick=False) as clock:
        plan = PlanFactory(slug="council-plan", title="Council plan")
        governance = DomainFactory(plan=plan, label="Governance", position=1)
        finance = DomainFactory(plan=plan, label="Finance", position=2)
        red = ActionFactory(
            domain=governance, number="3", timescale_text="March 2028", high_priority=True
        )
        done = ActionFactory(
            domain=finance, number="1", timescale_text="March 2028", text="Balance the books."
        )
        # Flagged at both dates: its timescale says complete, its rating does not.
        quiet = ActionFactory(domain=finance, number="2", timescale_text="Complete")
        Activity.objects.create(action=done, position=1, number="1.1", text="Audit the ledgers.")
        lead = Lead.objects.create(organisation=plan.organisation, name="Treasurer", key="t")
        done.leads.add(lead)
        for action, status in [
            (red, Status.AT_RISK),
            (done, Status.ON_TRACK),
            (quiet, Status.ON_TRACK),
        ]:
            record_update(action, made_on=dt.date(2027, 1, 10), status=status, progress="Begun.")
        clock.move_to(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC))
        for action, status in [(red, Status.OFF_TRACK), (done, Status.COMPLETE)]:
            action.refresh_from_db()
            record_update(action, made_on=dt.date(2027, 2, 20), status=status, progress="Moved.")
        clock.move_to(dt.datetime(2027, 3, 3, 12, tzinfo=dt.UTC))
        yield plan


@pytest.fixture
def reader(plan, member_of):
    return member_of(plan)


def page(client, plan, **params) -> str:
    response = client.get(reverse("plans:changes", args=[plan.slug]), params)
    assert response.status_code == 200
    return response.content.decode()


FEBRUARY = {"since": "2027-01-31", "until": "2027-02-28"}


def test_changes_are_grouped_by_kind_with_counts_and_link_to_their_actions(plan, reader):
    html = page(reader, plan, **FEBRUARY)
    assert "Between 31 January 2027 and 28 February 2027: <strong>" in html
    assert "<strong>5 changes</strong>" in html
    for heading, count in [
        ("Status better", 1),
        ("Status worse", 1),
        ("Completed", 1),
        ("Newly off track", 1),
        ("No update", 1),
    ]:
        assert f'">{heading}</a>: {count}</li>' in html
    assert "Amber → Red (worse)" in html
    url = reverse("plans:action_detail", args=[plan.slug, 2, "1"])
    assert f'href="{url}"' in html


def test_by_default_from_a_month_ago_to_today(plan, reader):
    html = page(reader, plan)
    assert "Between 3 February 2027 and 3 March 2027: <strong>" in html
    for name, value in [("since_0", "3"), ("since_1", "2"), ("until_0", "3"), ("until_1", "3")]:
        assert f'name="{name}" value="{value}"' in html


def test_nothing_changed_is_said_plainly(plan, member_of):
    quiet = PlanFactory(organisation=plan.organisation, slug="quiet-plan")
    DomainFactory(plan=quiet, label="Governance", position=1)
    html = page(member_of(quiet), quiet, **FEBRUARY)
    assert "Nothing changed between 31 January 2027 and 28 February 2027." in html
    assert "<table" not in html


@pytest.mark.parametrize(
    ("filters", "kept", "left_out"),
    [
        ({"status": "off_track"}, ["Amber → Red (worse)"], ["Completed: Green"]),
        ({"domain": "2"}, ["Completed: Green"], ["Amber → Red"]),
        ({"q": "balance the books"}, ["Completed: Green"], ["Amber → Red", "No update"]),
        ({"q": "audit the ledgers"}, ["Completed: Green"], ["Amber → Red", "No update"]),
        ({"priority": "on"}, ["Amber → Red (worse)"], ["Completed: Green", "No update"]),
        ({"flagged": "on"}, ["No update between"], ["Amber → Red", "Completed: Green"]),
    ],
)
def test_the_trackers_filters_apply_to_each_action_as_at_the_end_date(
    plan, reader, filters, kept, left_out
):
    html = page(reader, plan, **FEBRUARY, **filters)
    for words in kept:
        assert words in html
    for words in left_out:
        assert words not in html
    assert 'id="filter-summary"' in html


def test_the_lead_filter(plan, reader):
    lead = Lead.objects.get(name="Treasurer")
    html = page(reader, plan, **FEBRUARY, lead=str(lead.pk))
    assert "Completed: Green → Completed" in html
    assert "Amber → Red" not in html
    assert "filtered by lead Treasurer" in html


def test_a_filter_keeping_nothing_says_nothing_changed_in_those_actions(plan, reader):
    html = page(reader, plan, **FEBRUARY, status="not_rated")
    assert "Nothing changed between 31 January 2027 and 28 February 2027 in the actions" in html
    assert "in the actions filtered by status" in html


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            {
                "since_0": "1",
                "since_1": "3",
                "since_2": "2027",
                "until_0": "1",
                "until_1": "2",
                "until_2": "2027",
            },
            "The start date must be on or before the end date",
        ),
        (
            {
                "since_0": "31",
                "since_1": "2",
                "since_2": "2027",
                "until_0": "1",
                "until_1": "3",
                "until_2": "2027",
            },
            "The start date must be a real date",
        ),
        (
            {
                "since_0": "",
                "since_1": "",
                "since_2": "",
                "until_0": "1",
                "until_1": "3",
                "until_2": "2027",
            },
            "Enter the start date",
        ),
    ],
)
def test_bad_dates_are_named_in_an_error_summary(plan, reader, dates, message):
    html = page(reader, plan, **dates)
    assert "govuk-error-summary" in html
    assert message in html
    assert "<title>Error: What changed" in html


def test_the_date_inputs_show_the_changes_between_them(plan, reader):
    dates = {
        "since_0": "31",
        "since_1": "1",
        "since_2": "2027",
        "until_0": "28",
        "until_1": "2",
        "until_2": "2027",
    }
    assert "<strong>5 changes</strong>" in page(reader, plan, **dates)


def test_csv_export_has_the_pages_changes_and_is_audited(plan, reader):
    url = reverse("documents:changes_export", args=[plan.slug, "csv"])
    response = reader.get(url, {**FEBRUARY, "status": "off_track"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="council-plan-changes-2027-01-31-to-2027-02-28.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Domain", "Reference", "Kind", "Before", "After", "Words"],
        ["Governance", "3", "status_worse", "Amber", "Red", "Amber → Red (worse)"],
        ["Governance", "3", "newly_red", "Amber", "Red", "Now Red: was Amber"],
    ]
    event = AuditEvent.objects.filter(verb=Verb.EXPORT, plan=plan).get()
    assert event.after == {
        "format": "csv",
        "changes": 2,
        "since": "2027-01-31",
        "until": "2027-02-28",
    }


def test_excel_export_opens_with_a_row_a_change(plan, reader):
    url = reverse("documents:changes_export", args=[plan.slug, "xlsx"])
    response = reader.get(url, FEBRUARY)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Council plan: what changed after 31 January 2027 up to 28 February 2027"
    assert rows[1] == ["Domain", "Reference", "Kind", "Before", "After", "Words"]
    assert len(rows) == 2 + 5


def test_an_unknown_export_format_is_not_found(plan, reader):
    url = reverse("documents:changes_export", args=[plan.slug, "docx"])
    assert reader.get(url, FEBRUARY).status_code == 404


def test_a_formula_in_the_words_is_written_as_text(plan, reader):
    other = PlanFactory(organisation=plan.organisation)
    domain = DomainFactory(plan=other, label="=SUM(A1)", position=1)
    ActionFactory(domain=domain, number="1", timescale_text="March 2028")
    url = reverse("documents:changes_export", args=[other.slug, "csv"])
    text = reader.get(url, FEBRUARY).content.decode("utf-8-sig")
    assert "'=SUM(A1)" in text


def test_the_tracker_links_to_what_changed_up_to_its_date(plan, reader):
    html = reader.get(plan.get_absolute_url(), {"as_of": "2027-02-28"}).content.decode()
    url = reverse("plans:changes", args=[plan.slug])
    assert f'href="{url}?until=2027-02-28">What changed since the last board</a>' in html


def test_the_page_makes_as_many_queries_for_a_larger_plan(plan, reader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page(reader, plan)  # the session's first request reads more than the page
    with CaptureQueriesContext(connection) as few:
        page(reader, plan, **FEBRUARY, q="books")
    finance = plan.domains.get(label="Finance")
    for number in range(10, 40):
        action = ActionFactory(
            domain=finance, number=number, timescale_text="March 2028", first_update=None
        )
        action.leads.add(Lead.objects.get(name="Treasurer"))
        record_update(
            action, made_on=dt.date(2027, 2, 20), status=Status.ON_TRACK, progress="Books."
        )
    with CaptureQueriesContext(connection) as many:
        html = page(reader, plan, **FEBRUARY, q="books")
    assert "Completed: Green → Completed" in html
    assert '">Added</a>: 30</li>' in html  # each new action is a changed one, read in bulk
    assert len(many) == len(few)
