"""The portfolio's CSV and Excel downloads (issue 20): the page's plans and filters, only
those the person may export, each export in its plan's audit trail."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.documents.exporters.portfolio import HEADER
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.portfolio import PortfolioFilter, portfolio
from tests.factories import ActionFactory, DomainFactory, PlanFactory
from tests.people import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    world = make_world()
    for number, status in ((2, Status.OFF_TRACK), (3, Status.OFF_TRACK)):
        ActionFactory(domain=world.plan.domains.get(), number=number, status=status)
    PlanFactory(organisation=world.plan.organisation, title='=HYPERLINK("x")')
    return world


def download(world, who, file_format, **query):
    client = Client()
    client.force_login(world.people[who])
    url = reverse("documents:portfolio_export", args=[file_format])
    return client.get(url, query)


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_has_a_row_per_plan_shown_with_the_pages_figures(world):
    member = world.people["member"]
    shown = portfolio(user=member, filters=PortfolioFilter()).rows
    rows = csv_rows(download(world, "member", "csv"))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("x")',  # written as words, never run as a formula
        "Another plan of the council",
        "Learning and Improvement Plan",
    ]
    plan = next(row for row in rows if row[0] == "Learning and Improvement Plan")
    figures = next(r.figures for r in shown if r.plan.title == plan[0])
    counts = "Red: 2; Amber: 0; Green: 0; Completed: 0; Not rated: 2"  # as Table 1's rows
    assert plan[1:4] == ["Together for Children", "No", counts]
    assert plan[4:7] == [str(figures.total), str(figures.overdue), str(figures.flagged)]
    assert plan[4] == "4"


def test_the_download_keeps_the_pages_filters(world):
    rows = csv_rows(download(world, "member", "csv", status="off_track"))
    assert [row[0] for row in rows[1:]] == ["Learning and Improvement Plan"]
    rows = csv_rows(download(world, "member", "csv", q="another"))
    assert [row[0] for row in rows[1:]] == ["Another plan of the council"]


def test_the_excel_workbook_holds_the_same_rows_with_numbers_as_numbers(world):
    response = download(world, "member", "xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1][0] == '=HYPERLINK("x")'
    assert sheet["A2"].data_type == "s"  # text, not a formula
    plan = next(row for row in values if row[0] == "Learning and Improvement Plan")
    assert plan[3].startswith("Red: 2; Amber: 0;") and plan[4] == 4


def test_only_plans_the_person_may_export_are_in_the_file_and_each_is_audited(world):
    # A partner's lead contributor sees the plan but may not export it; its viewer may.
    assert csv_rows(download(world, "lead contributor", "csv"))[1:] == []
    rows = csv_rows(download(world, "viewer", "csv"))
    assert [row[0] for row in rows[1:]] == ["Learning and Improvement Plan"]
    exported = AuditEvent.objects.filter(verb=Verb.EXPORT, plan_id=world.plan.pk)
    assert exported.count() == 1
    assert exported.get().actor == world.people["viewer"]
    assert "in the portfolio as CSV" in exported.get().summary


def test_another_organisations_person_gets_none_of_its_plans(world):
    rows = csv_rows(download(world, "outsider", "csv"))
    assert [row[0] for row in rows[1:]] == ["Secret plan of another council"]
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT, plan_id=world.plan.pk).exists()


def test_an_unknown_format_is_not_found(world):
    assert download(world, "member", "pdf").status_code == 404


def test_an_empty_plan_is_a_row_of_noughts(world):
    DomainFactory(plan=PlanFactory(organisation=world.plan.organisation, title="Zero plan"))
    rows = csv_rows(download(world, "member", "csv", q="zero"))
    assert rows[1][3:7] == ["Red: 0; Amber: 0; Green: 0; Completed: 0", "0", "0", "0"]
