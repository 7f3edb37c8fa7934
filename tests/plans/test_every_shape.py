"""Every page, key check, Table 1 and 2, suggestion, filter and as-at view over one
plan of every shape (issue 18, tests/every_shape.py): the plan's own labels, never the
example's where the key says otherwise, and every reference as written, in natural order.

An activity's status is its own (ADR 0041): it is shown, in the plan's label, on the
tracker, the action page and every export, but it does not count in Table 1 or 2, is not
checked against the key and is not suggested; only actions are. Pages, exports and
`plan_summary` alike count actions alone (docs/architecture.md, "Rules the code keeps").
"""

import datetime as dt
import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from improvement_tracker.accounts.models import Role
from improvement_tracker.documents.packs import pack_issue
from improvement_tracker.plans.models import (
    Action,
    Activity,
    BoardPack,
    ExtraField,
    Lead,
    Objective,
)
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.next_year import plan_start_next_year
from improvement_tracker.plans.services.rounds import round_open
from tests.accounts.test_authorisation import every_view
from tests.every_shape import REFERENCES, SHAPES_KEY, plan_of_every_shape

pytestmark = pytest.mark.django_db

# The plan's labels in its key's order, then Not rated and Total: Table 1's rows and
# Table 2's columns.
LABELS = ["Red", "Amber", "Green", "Complete & CSPI", "Not rated"]
COLOURS = {SHAPES_KEY.label(status): SHAPES_KEY.colour(status) for status in SHAPES_KEY.statuses}
# The example's labels that this key does not have, or has for another meaning.
NOT_THIS_KEYS = ["Completed", "At risk", "Not started"]
# Pages that only take a POST (a GET answers 405), each from a page that is walked.
POST_ONLY = {
    "plans:domain_restore",
    "plans:action_restore",
    "plans:objective_restore",
    "plans:activity_restore",
    "plans:extra_field_restore",
    "plan_person_remove",
}


def text(html):
    return html.replace("&amp;", "&").replace("&#x27;", "'")


def tags(html):
    """(colour, words) of every GOV.UK tag on a page."""
    return [
        (colour, " ".join(words.split()))
        for colour, words in re.findall(
            r'class="govuk-tag govuk-tag--(\w+)"[^>]*>(.*?)</strong>', text(html), re.S
        )
    ]


def assert_the_plans_labels(html, where):
    """Every status tag and option is one of the plan's labels, in its colour."""
    for colour, words in tags(html):
        if words in COLOURS:
            assert colour == COLOURS[words], (where, words, colour)
        assert words not in NOT_THIS_KEYS, (where, words)
    meanings = {status.value: status for status in Status}
    for meaning, label in re.findall(r'<option value="(\w+)"[^>]*>([^<]*)</option>', text(html)):
        if meaning in meanings:
            assert SHAPES_KEY.uses(meanings[meaning]), (where, meaning)
            assert label == SHAPES_KEY.label(meanings[meaning]), (where, meaning, label)


def references_linked(html, shape):
    """The second domain's references in the order a page links their actions."""
    prefix = f"/plans/{shape.plan.slug}/actions/{shape.awkward.position}/"
    found = re.findall(re.escape(prefix) + r'([^/"]+)/', html)
    return list(dict.fromkeys(found))


def in_natural_order(found):
    return [r for r in REFERENCES if r in found] == found


def round_of(plan):
    """The plan's update round, opened on its open actions the first time a page needs one."""
    found = plan.rounds.first()
    return found or round_open(
        plan=plan, board_date=dt.date(2099, 3, 10), deadline=dt.date(2099, 3, 3), by=None
    )


def url_of(route, plan, action, objective=None, activity=None):
    values = {
        "<slug:slug>": plan.slug,
        "<int:position>": str(action.domain.position),
        "<str:number>": action.number,
        "<int:user_id>": str(plan.roles.get(role=Role.LEAD_CONTRIBUTOR).user_id),
        "<str:file_format>": "csv",
        "<int:field_id>": str(ExtraField.objects.filter(plan=plan).first().pk),
        "<int:objective_id>": str(getattr(objective, "pk", "")),
        "<int:activity_id>": str(getattr(activity, "pk", "")),
        "<int:round_id>": str(round_of(plan).pk) if "<int:round_id>" in route else "",
        "<int:pack_id>": str(getattr(BoardPack.objects.filter(plan=plan).first(), "pk", "")),
    }
    url = "/" + route
    for placeholder, value in values.items():
        url = url.replace(placeholder, value)
    return url


def urls_of(route, shape):
    """The route's address for each action, objective or activity of the plan it takes,
    with the action it names (None where it names none)."""
    plan = shape.plan
    actions = list(Action.objects.filter(domain__plan=plan).select_related("domain"))
    if "<int:activity_id>" in route:
        for activity in Activity.objects.filter(action__domain__plan=plan):
            yield url_of(route, plan, activity.action, activity=activity), activity.action
    elif "<int:objective_id>" in route:
        for objective in Objective.objects.filter(domain__plan=plan):
            action = objective.domain.actions.first()
            yield url_of(route, plan, action, objective=objective), None
    elif "<str:number>" in route:
        for action in actions:
            yield url_of(route, plan, action), action
    else:
        yield url_of(route, plan, actions[0]), None


def plan_routes():
    return [(route, name, view) for route, name, view in every_view() if "<slug:slug>" in route]


def test_every_page_of_the_plan_answers_its_manager_with_its_labels_and_references(
    shape, shape_manager
):
    pack_issue(plan=shape.plan, board_date=dt.date(2026, 11, 18), by=None)  # its pages too
    checked = 0
    for route, name, _ in plan_routes():
        for url, action in urls_of(route, shape):
            response = shape_manager.get(url)
            expected = 405 if name in {n.split(":")[-1] for n in POST_ONLY} else 200
            assert response.status_code == expected, (url, response.status_code)
            if expected == 405 or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            assert_the_plans_labels(html, url)
            assert in_natural_order(references_linked(html, shape)), url
            if action is not None:  # a page about an action names it as the plan writes it
                assert f"action {action.number}" in text(html), url
            checked += 1
    assert checked > 50


def tracker(client, shape, **query):
    return client.get(shape.plan.get_absolute_url(), query).content.decode()


def rows_shown(html):
    """The actions a tracker shows, as "domain position-reference", in its order."""
    return re.findall(r'<tr class="govuk-table__row" id="action-([^"]+)"', html)


def table_labels(html, table_id):
    table = re.search(rf'id="{table_id}">.*?</table>', html, re.S)[0]
    columns = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]*)</th>', table)
    return [text(c) for c in columns], [text(r) for r in rows]


def table1_row(html, label):
    table = re.search(r'id="table1">.*?</table>', html, re.S)[0]
    row = re.search(rf'data-status="{re.escape(label)}">.*?</tr>', text(table), re.S)[0]
    return [int(n) for n in re.findall(r'numeric">(\d+)<', row)]


def test_the_tracker_shows_every_reference_as_written_in_natural_order(shape, shape_manager):
    html = tracker(shape_manager, shape)
    assert rows_shown(html) == [
        # The first domain: the action without an objective, then each objective's.
        "1-1",
        "1-2",
        "1-3",
        "1-4",
        *(f"2-{reference}" for reference in REFERENCES),
    ]
    assert REFERENCES == ["1", "1.2(a)", "2", "10", "C1.1.1", "CC1"]
    for reference in REFERENCES:
        assert f'<span class="govuk-visually-hidden">Action </span>{reference}</a>' in html


def test_table_1_and_2_are_the_plans_labels_in_key_order_counting_actions_alone(
    shape, shape_manager
):
    html = tracker(shape_manager, shape)
    _, rows = table_labels(html, "table1")
    assert rows == [*LABELS, "Total"]
    columns, _ = table_labels(html, "table2")
    assert columns[1:] == [*LABELS, "Total"]
    # Activities do not count: the first domain's Red activity (1.1.2) is no Red action.
    assert table1_row(html, "Red") == [0, 1, 1]
    assert table1_row(html, "Amber") == [1, 2, 3]
    assert table1_row(html, "Green") == [0, 1, 1]
    assert table1_row(html, "Complete & CSPI") == [0, 1, 1]
    assert table1_row(html, "Not rated") == [3, 1, 4]
    assert table1_row(html, "Total") == [4, 6, 10]


def test_key_checks_reason_on_meanings(shape, shape_manager):
    html = tracker(shape_manager, shape)
    flagged = re.findall(r'id="action-([^"]+)"[^>]*>(?:(?!</tr>).)*app-flag', html, re.S)
    # Amber past its date is flagged, named with its meaning; Amber still to come is not
    # "at risk"; Green (complete) past its date is not overdue; activities are not checked
    # (1.1.1 is Amber and long past its date).
    assert flagged == ["1-4", "2-1"]
    assert "Rated Amber (on track), but the agreed date (1 April 2021) has passed" in html
    exceptions = shape_manager.get(reverse("plans:exceptions", args=[shape.plan.slug]))
    page = exceptions.content.decode()
    assert references_linked(page, shape) == ["1"]
    assert "Rated Amber (on track)" in page
    out = io.StringIO()
    call_command("plan_exceptions", shape.plan.slug, "--json", stdout=out)
    assert [(flag["domain"], flag["number"]) for flag in json.loads(out.getvalue())] == [
        ("Std 1", "4"),
        ("Std 2", "1"),
    ]


def test_suggestions_propose_the_plans_labels(shape, shape_manager):
    html = shape_manager.get(reverse("plans:suggestions", args=[shape.plan.slug])).content.decode()
    # Not rated: the first domain's 1 to 3, past their date (Red), and CC1, due in 2099
    # (Amber: on track).
    accepted = re.findall(r"Accept: ([^<]*)<", text(html))
    assert sorted(accepted) == ["Amber", "Red", "Red", "Red"]
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]*)</th>', html)
    assert rows == ["Std 1, 1", "Std 1, 2", "Std 1, 3", "Std 2, CC1"]
    assert_the_plans_labels(html, "suggestions")
    # Accepted, each is stored as its meaning.
    url = reverse("plans:suggestions", args=[shape.plan.slug])
    assert shape_manager.post(url, {"accept_all": "1"}).status_code == 302
    cc1 = shape.action("CC1").updates.order_by("-pk").first()
    assert cc1.status == Status.ON_TRACK


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"domain": "2"}, [f"2-{reference}" for reference in REFERENCES]),
        ({"status": "on_track"}, ["1-4", "2-1", "2-2"]),
        ({"status": "complete"}, ["2-1.2(a)"]),
        ({"status": "complete_assured"}, ["2-C1.1.1"]),
        ({"status": "off_track"}, ["2-10"]),
        ({"lead": "Northumbria Police"}, ["2-2"]),
        ({"lead": "Medical Director"}, ["2-C1.1.1"]),
        ({"priority": "on"}, ["2-2", "2-10"]),
        ({"flagged": "on"}, ["1-4", "2-1"]),
        ({"q": "care leaver"}, ["2-1", "2-1.2(a)", "2-CC1"]),
        ({"q": "Q3 2098/99"}, ["2-2"]),
        # As at an earlier date, a filter reads that date's statuses: 2 was Red then.
        ({"as_of": "2021-01-01", "status": "off_track"}, ["2-2", "2-10"]),
        # …and its flags: before 1 April 2021 no Amber had passed its date.
        ({"as_of": "2021-03-31", "flagged": "on"}, []),
        ({"as_of": "2021-04-02", "flagged": "on"}, ["1-4", "2-1"]),
    ],
)
def test_each_tracker_filter_gives_the_right_actions(shape, shape_manager, query, shown):
    if "lead" in query:
        lead = Lead.objects.get(organisation=shape.plan.organisation, name=query["lead"])
        query = {"lead": str(lead.pk)}
    html = tracker(shape_manager, shape, **query)
    assert rows_shown(html) == shown
    assert_the_plans_labels(html, query)


def test_the_as_at_view_shows_the_statuses_of_that_date(shape, shape_manager):
    earlier = tracker(shape_manager, shape, as_of="2021-01-01")
    row = re.search(r'id="action-2-2".*?</tr>', earlier, re.S)[0]
    assert ("red", "Red") in tags(row) and ("orange", "Amber") not in tags(row)
    assert table1_row(earlier, "Red") == [0, 2, 2]
    now = re.search(r'id="action-2-2".*?</tr>', tracker(shape_manager, shape), re.S)[0]
    assert ("orange", "Amber") in tags(now)


def test_plan_summary_counts_as_the_pages_do():
    shape = plan_of_every_shape()
    out = io.StringIO()
    call_command("plan_summary", shape.plan.slug, "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert [entry["label"] for entry in summary["key"]] == LABELS
    assert summary["table1"]["Totals"] == {
        "Red": 1, "Amber": 3, "Green": 1, "Complete & CSPI": 1, "Not rated": 4, "Total": 10,
    }  # fmt: skip
    assert summary["table2"] == {
        "Red": 1, "Amber": 1, "Green": 0, "Complete & CSPI": 0, "Not rated": 0, "Total": 2,
    }  # fmt: skip


def test_a_status_change_is_audited_in_the_plans_labels(shape, shape_manager):
    """Recorded as at 30 June 2021, the second domain's action 2 went from Red to Amber
    (on track): its audit history must not call that Amber "Green", which in this plan
    means complete."""
    url = reverse("action_audit", args=[shape.plan.slug, shape.awkward.position, "2"])
    html = text(shape_manager.get(url).content.decode())
    assert "update dated 2021-06-30, status Red → Amber (on track)" in html
    assert "Green" not in html


def test_its_pages_are_the_same_with_the_hot_path_on_and_off(shape, shape_manager, settings):
    """The fast rows and kept parts (ADR 0033) write what the plain templates write, over
    references with brackets, objectives, activities, several lines and extra values."""
    urls = [
        shape.plan.get_absolute_url(),
        shape.plan.get_absolute_url() + "?status=on_track&q=care",
        shape.plan.get_absolute_url() + "?as_of=2021-01-01",
        *(
            reverse("plans:action_detail", args=[shape.plan.slug, position, number])
            for position, number in [(1, "2"), (2, "1.2(a)"), (2, "2"), (2, "C1.1.1")]
        ),
    ]

    def pages(hot):
        settings.HOT_PATH = hot
        cache.clear()
        return [
            re.sub(
                r'name="csrfmiddlewaretoken" value="[^"]*"',
                "",
                shape_manager.get(url).content.decode(),
            )
            for url in urls
        ]

    assert pages(True) == pages(False)


def test_its_next_plan_year_keeps_its_shape_less_what_was_done(shape, shape_manager):
    """Green (complete) and Complete & CSPI actions stay behind (ADR 0043); the rest keep
    their references in order, objectives, activities, extra values and the trust's key."""
    new = plan_start_next_year(
        plan=shape.plan,
        title="Every shape improvement plan, next year",
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2022, 3, 31),
        reporting_date=dt.date(2022, 3, 31),
        by=shape.plan.roles.get(role=Role.MANAGER).user,
    )
    html = shape_manager.get(new.get_absolute_url()).content.decode()
    assert rows_shown(html) == ["1-1", "1-2", "1-3", "1-4", "2-1", "2-2", "2-10", "2-CC1"]
    for words in ["Objective 1.1: To establish systems", "Draft the thresholds document.",
                  "<strong>Directorate:</strong> Housing"]:  # fmt: skip
        assert words in html, words
    assert_the_plans_labels(html, "next year")
    assert table_labels(html, "table1")[1] == [*LABELS, "Total"]
