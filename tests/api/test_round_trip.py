"""The round trip: for the same as-at date and filters, what the API reads equals what the
tracker page shows and what its CSV export writes; its tables equal the page's, its
export is the page's file, byte for byte, and its audit history the page's events."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from improvement_tracker.accounts.models import Role
from improvement_tracker.documents.exporters import ACTION_ROW
from improvement_tracker.plans.models import Action
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.services.updates import action_record_update
from tests.every_shape import RATED_AGAIN
from tests.factories import PlanRoleFactory

pytestmark = pytest.mark.django_db


class TrackerRows(HTMLParser):
    """The tracker page's action rows: each cell's text (a <br> as a new line), and the
    words of the first status tag in the status cell."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.row: dict | None = None
        self.cell: list[str] | None = None
        self.in_tag = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and (attrs.get("id") or "").startswith("action-"):
            self.row = {"id": attrs["id"], "cells": [], "status": None}
        elif self.row is not None and tag in ("th", "td"):
            self.cell = []
        elif self.cell is not None and tag == "br":
            self.cell.append("\n")
        elif self.cell is not None and "govuk-tag" in (attrs.get("class") or ""):
            self.in_tag = self.row["status"] is None and len(self.row["cells"]) == 4
            if self.in_tag:
                self.row["status"] = ""

    def handle_endtag(self, tag):
        if self.row is not None and tag in ("th", "td") and self.cell is not None:
            self.row["cells"].append("".join(self.cell))
            self.cell = None
        elif self.row is not None and tag == "tr":
            self.rows.append(self.row)
            self.row = None
        elif self.in_tag and tag == "strong":
            self.in_tag = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.in_tag:
            self.row["status"] += data.strip()


def page_rows(html: str) -> list[dict]:
    parser = TrackerRows()
    parser.feed(html)
    return [
        {
            "reference": row["cells"][0].removeprefix("Action "),
            "cell": row["cells"][1],
            "lead_text": row["cells"][2],
            "timescale_text": row["cells"][3],
            "status": row["status"],
            "progress": " ".join(row["cells"][5].split()),
        }
        for row in parser.rows
    ]


def csv_rows(data: bytes) -> list[dict]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    found = [dict(zip(header, row, strict=True)) for row in body]
    if "Row type" in header:
        found = [row for row in found if row["Row type"] == ACTION_ROW]
    return found


def unescaped(cell: str) -> str:
    """A CSV cell as written before its formula escape (documents/exporters/csv.py)."""
    return cell[1:] if cell.startswith("'") and cell[1:].lstrip("'")[:1] in "=+-@\t\r" else cell


def api_actions(client, plan, query):
    answer = client.get(f"/api/v1/plans/{plan.slug}", query)
    assert answer.status_code == 200, answer.content
    return answer.json(), [a for d in answer.json()["domains"] for a in d["actions"]]


def table_row(html, table_id, label):
    table = re.search(rf'id="{table_id}">.*?</table>', html, re.S)[0]
    table = table.replace("&amp;", "&").replace("&#x27;", "'")
    row = re.search(rf'data-status="{re.escape(label)}">.*?</tr>', table, re.S)[0]
    return [int(n) for n in re.findall(r'numeric">(\d+)<', row)]


QUERIES = [
    {},
    {"as_of": RATED_AGAIN.isoformat()},
    {"status": "on_track"},
    {"priority": "on", "as_of": RATED_AGAIN.isoformat()},
    {"q": "care"},
    {"domain": "1", "flagged": "on"},
]


@pytest.fixture(params=["every shape", "example"])
def plan_and_client(request, db):
    if request.param == "every shape":
        plan = request.getfixturevalue("shape").plan
    else:
        plan = request.getfixturevalue("example_plan")
    client = Client()
    client.force_login(PlanRoleFactory(plan=plan, role=Role.MANAGER).user)
    return plan, client


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "&".join(q) or "whole")
def test_the_apis_actions_and_tables_are_the_tracker_pages_and_the_csv_exports(
    plan_and_client, query
):
    plan, client = plan_and_client
    # The API names the tracker's `q` `text`, and reads its checkboxes as booleans.
    api_query = {
        ("text" if key == "q" else key): ("true" if value == "on" else value)
        for key, value in query.items()
    }
    answer, actions = api_actions(client, plan, api_query)
    page = client.get(plan.get_absolute_url(), query)
    assert page.status_code == 200
    html = page.content.decode()
    shown = page_rows(html)
    exported = client.get(reverse("documents:export", args=[plan.slug, "csv"]), query)
    written = csv_rows(exported.content)
    assert len(actions) == len(shown) == len(written) == answer["action_count"]
    if not query or "q" in query:  # each of the others finds some in the plan of every shape
        assert actions

    for action, row, line in zip(actions, shown, written, strict=True):
        assert action["reference"] == row["reference"] == unescaped(line["No"])
        prefix = "*High priority: " if action["high_priority"] else ""
        assert row["cell"].startswith(prefix + action["text"])
        assert action["text"] == unescaped(line["Action"])
        assert action["lead_text"] == row["lead_text"] == unescaped(line["Lead"])
        timescale = unescaped(line["Timescale/ deadline"])
        assert action["timescale_text"] == row["timescale_text"] == timescale
        assert action["status"]["label"] == row["status"] == line["Status"]
        assert " ".join(action["progress"].split()) == row["progress"]
        assert action["progress"] == unescaped(line["Progress update"])
        assert (line["High priority"] == "Yes") is action["high_priority"]
        for name, value in action["extra"].items():
            assert unescaped(line[name]) == value
    flat = client.get(f"/api/v1/plans/{plan.slug}/actions", api_query).json()
    assert [(r["reference"], r["status_label"], r["progress"]) for r in flat] == [
        (a["reference"], a["status"]["label"], a["progress"]) for a in actions
    ]

    for table_row_json in answer["table1"]:
        counts = [d["count"] for d in table_row_json["domains"]] + [table_row_json["total"]]
        assert table_row(html, "table1", table_row_json["label"]) == counts
    page_table2 = re.findall(
        r'numeric">(\d+)<', re.search(r'id="table2">.*?</table>', html, re.S)[0]
    )
    assert [int(n) for n in page_table2] == [c["count"] for c in answer["table2"]]


def test_the_evidence_is_the_trackers_as_at_the_date(shape):
    client = Client()
    client.force_login(PlanRoleFactory(plan=shape.plan, role=Role.MANAGER).user)
    for as_of in (None, RATED_AGAIN):
        query = {"as_of": as_of.isoformat()} if as_of else {}
        _, actions = api_actions(client, shape.plan, query)
        tracker = plan_tracker(plan=shape.plan, as_of=as_of)
        assert [(a["id"], a["evidence"], a["progress"]) for a in actions] == [
            (t.pk, t.evidence, t.progress) for t in tracker.actions
        ]


@pytest.mark.parametrize("query", [{}, {"as_of": RATED_AGAIN.isoformat(), "status": "on_track"}])
def test_the_apis_export_is_the_pages_file_byte_for_byte(shape, query):
    client = Client()
    client.force_login(PlanRoleFactory(plan=shape.plan, role=Role.MANAGER).user)
    page = client.get(reverse("documents:export", args=[shape.plan.slug, "csv"]), query)
    api = client.get(f"/api/v1/plans/{shape.plan.slug}/export/csv", query)
    assert api.status_code == page.status_code == 200
    assert api.content == page.content
    assert api["Content-Type"] == page["Content-Type"]
    assert api["Content-Disposition"] == page["Content-Disposition"]


def test_the_audit_endpoints_events_are_the_history_pages(world):
    client = Client()
    client.force_login(world.people["plan manager"])
    for n in range(3):  # a few events of the plan besides the world's own
        client.get(f"/api/v1/plans/{world.plan.slug}/export/csv", {"as_of": f"2020-10-0{n + 1}"})
    page = client.get(reverse("plan_audit", args=[world.plan.slug])).content.decode()
    whats = re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>', page, re.S)
    answer = client.get(f"/api/v1/plans/{world.plan.slug}/audit").json()
    assert [escape(event["what"]) for event in answer["results"]] == whats
    assert answer["count"] == int(re.search(r"(\d+) events?</caption>", page)[1])


def test_an_actions_audit_endpoint_is_its_history_pages_events(world):
    client = Client()
    client.force_login(world.people["plan manager"])
    action = world.own_action
    for progress in ("Begun.", "Going well."):
        action_record_update(
            action=action,
            by=world.people["plan manager"],
            made_on=timezone.localdate(),
            period="",
            status=Status.ON_TRACK,
            progress=progress,
            evidence="",
            reason="",
            expected_version=Action.objects.get(pk=action.pk).version,
        )
    where = {"slug": world.plan.slug, "position": action.domain.position, "number": action.number}
    page = client.get(reverse("action_audit", kwargs=where)).content.decode()
    whats = re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>', page, re.S)
    answer = client.get(f"/api/v1/plans/{world.plan.slug}/actions/{action.pk}/audit").json()
    assert len(whats) == 2
    assert [escape(event["what"]) for event in answer["results"]] == whats
