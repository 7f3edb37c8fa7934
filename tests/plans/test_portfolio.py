"""The portfolio (issue 20): every plan a person may see, side by side, each counted as its
own tracker's Table 1 counts it, filtered by the address, in a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.portfolio import (
    Archived,
    PortfolioFilter,
    plan_figures,
    portfolio,
)
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.selectors.trends import plan_trends
from improvement_tracker.plans.services import archiving as archiving_services
from tests.every_shape import plan_of_every_shape
from tests.factories import (
    ActionFactory,
    DomainFactory,
    OrganisationFactory,
    PlanFactory,
    UserFactory,
    record_update,
)
from tests.people import make_world

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def plan_with(organisation, title, statuses, *, timescale="31/12/2099"):
    """A plan of one domain, an action per status, each due on `timescale`."""
    plan = PlanFactory(organisation=organisation, title=title)
    domain = DomainFactory(plan=plan, position=1)
    for number, status in enumerate(statuses, start=1):
        ActionFactory(domain=domain, number=number, status=status, timescale_text=timescale)
    return plan


@pytest.fixture
def council():
    return OrganisationFactory(name="Together for Children")


@pytest.fixture
def member(council):
    person = UserFactory(username="council-member")
    Membership.objects.create(user=person, organisation=council)
    return person


def test_each_plans_totals_are_its_trackers_table_1_in_its_own_labels(council, member):
    shape = plan_of_every_shape(organisation=council, title="Every shape plan").plan
    red = plan_with(council, "Mostly red", [Status.OFF_TRACK, Status.OFF_TRACK, Status.ON_TRACK])
    empty = PlanFactory(organisation=council, title="A plan with nothing yet")
    DomainFactory(plan=empty)
    unrated = plan_with(council, "Not rated yet", [Status.NOT_RATED])
    rows = portfolio(user=member, filters=PortfolioFilter()).rows
    assert [row.plan.title for row in rows] == [
        "A plan with nothing yet",
        "Every shape plan",
        "Mostly red",
        "Not rated yet",
    ]
    for row, plan in zip(rows, [empty, shape, red, unrated], strict=True):
        tracker = plan_tracker(plan=plan)
        expected = tuple((label, tracker.table1["Totals"][label]) for label in tracker.table1_rows)
        assert row.figures.totals == expected, plan.title
    by_title = {row.plan.title: row.figures for row in rows}
    assert dict(by_title["Mostly red"].totals)["Red"] == 2
    # The trust's own key calls complete "Green" (tests/every_shape.py).
    assert "Green" in dict(by_title["Every shape plan"].totals)
    assert "Not rated" in dict(by_title["Not rated yet"].totals)
    assert "Not rated" not in dict(by_title["Mostly red"].totals)


def test_overdue_and_flagged_are_counted_as_my_actions_and_the_exceptions_page_count(
    council, member
):
    late = plan_with(council, "Late", [Status.ON_TRACK, Status.COMPLETE], timescale="01/04/2021")
    figures = plan_figures([late.pk], today=TODAY)[late.pk]
    assert figures.overdue == 1  # the complete one is not overdue
    tracker = plan_tracker(plan=late)
    assert figures.flagged == sum(1 for action in tracker.actions if action.flags)
    assert dict(figures.flags) == tracker.flag_counts


def test_the_page_shows_every_plan_the_person_may_see_and_no_other(council, member):
    plan_with(council, "Council plan", [Status.ON_TRACK])
    elsewhere = plan_with(OrganisationFactory(name="Elsewhere"), "Secret plan", [Status.AT_RISK])
    client = Client()
    client.force_login(member)
    html = client.get(reverse("plans:portfolio")).content.decode()
    assert "Council plan" in html and "Secret plan" not in html
    assert "Green: 1" in html  # words, not colour
    # A role on a plan shows that plan alone: a partner's viewer sees it, not its siblings.
    partner = UserFactory(username="partner-viewer")
    Membership.objects.create(user=partner, organisation=OrganisationFactory(name="Partner"))
    PlanRole.objects.create(plan=elsewhere, user=partner, role=Role.VIEWER)
    client.force_login(partner)
    html = client.get(reverse("plans:portfolio")).content.decode()
    assert "Secret plan" in html and "Council plan" not in html


def test_each_filter_keeps_only_its_plans(council, member):
    plan_with(council, "Housing plan", [Status.ON_TRACK])
    plan_with(council, "Red plan", [Status.OFF_TRACK], timescale="01/04/2021")
    old = plan_with(council, "Old plan", [Status.COMPLETE])
    archiving_services.plan_archive(plan=old, by=None)

    def titles(**filters):
        return [
            row.plan.title
            for row in portfolio(user=member, filters=PortfolioFilter(**filters)).rows
        ]

    assert titles() == ["Housing plan", "Red plan"]
    assert titles(text="housing") == ["Housing plan"]
    assert titles(text="together for") == ["Housing plan", "Red plan"]  # the organisation
    assert titles(status=Status.OFF_TRACK) == ["Red plan"]
    assert titles(status=Status.AT_RISK) == []
    assert titles(overdue=True) == ["Red plan"]
    assert titles(archived=Archived.ARCHIVED) == ["Old plan"]
    assert titles(archived=Archived.BOTH) == ["Housing plan", "Old plan", "Red plan"]
    assert titles(archived=Archived.BOTH, status=Status.COMPLETE) == ["Old plan"]


def test_the_filters_come_from_the_address_and_a_bad_one_is_named(council, member):
    plan_with(council, "Housing plan", [Status.ON_TRACK])
    plan_with(council, "Red plan", [Status.OFF_TRACK])
    client = Client()
    client.force_login(member)
    url = reverse("plans:portfolio")
    html = client.get(url, {"status": "off_track"}).content.decode()
    assert "Red plan" in html and "Housing plan" not in html
    assert "1 plan, filtered" in html
    assert reverse("documents:portfolio_export", args=["csv"]) + "?status=off_track" in html
    html = client.get(url, {"status": "purple", "q": "plan"}).content.decode()
    assert "Select a status from the list" in html
    assert "Red plan" in html and "Housing plan" in html  # the bad filter is not applied
    html = client.get(url, {"q": "nothing like it"}).content.decode()
    assert "No plans match these filters" in html


def test_a_page_of_many_plans_keeps_its_filters_in_the_page_links(council, member):
    for number in range(55):
        PlanFactory(organisation=council, title=f"Plan {number:02}")
    client = Client()
    client.force_login(member)
    html = client.get(reverse("plans:portfolio"), {"q": "plan", "page": 2}).content.decode()
    assert "Plans 51 to 55 of 55" in html
    assert "?q=plan&amp;page=1" in html


@pytest.mark.hot_path
def test_the_portfolio_reads_a_bounded_number_of_queries_whatever_the_number_of_plans(
    council, member
):
    """Kept (warm), the same few queries for 2 plans as for 65, filtered or not. Cold
    (nothing kept), each plan shown reads its trend for its sparkline (plan_trends), so a
    page costs at most its 50 plans' trends: the same for 55 plans as for 65."""
    client = Client()
    client.force_login(member)
    client.get(reverse("plans:portfolio"))  # the session's first write
    made = iter(range(1000))

    def plans(count):
        for _ in range(count):
            plan_with(council, f"Plan {next(made):03}", [Status.ON_TRACK, Status.OFF_TRACK])

    def queries(query, *, warm):
        cache.clear()
        if warm:
            client.get(reverse("plans:portfolio"), query)
        with CaptureQueriesContext(connection) as done:
            assert client.get(reverse("plans:portfolio"), query).status_code == 200
        return len(done)

    filtered = {"overdue": "on", "status": "on_track"}
    plans(2)
    warm = [queries({}, warm=True), queries(filtered, warm=True)]
    assert max(warm) <= 12
    plans(53)
    cold = queries({}, warm=False)
    assert [queries({}, warm=True), queries(filtered, warm=True)] == warm
    plans(10)
    assert [queries({}, warm=True), queries(filtered, warm=True)] == warm
    assert queries({}, warm=False) == cold


def test_a_page_built_afresh_reads_no_more_for_more_plans_than_fit_on_it(council, member):
    """With nothing kept (or the hot path off, when nothing ever is), the first page of
    60 plans and of 70 reads the same: its 50 plans' figures together, their trends one
    plan at a time."""
    for number in range(60):
        plan_with(council, f"Plan {number:03}", [Status.ON_TRACK])
    client = Client()
    client.force_login(member)
    client.get(reverse("plans:portfolio"))  # the session's first write

    def cold():
        cache.clear()
        with CaptureQueriesContext(connection) as done:
            client.get(reverse("plans:portfolio"))
        return len(done)

    first = cold()
    for number in range(60, 70):
        plan_with(council, f"Plan {number:03}", [Status.ON_TRACK])
    assert cold() == first


@pytest.mark.hot_path
def test_kept_figures_are_rebuilt_when_a_plan_changes_and_not_otherwise(
    council, member, django_assert_max_num_queries
):
    plan = plan_with(council, "Council plan", [Status.ON_TRACK])
    ids = [plan.pk]
    first = plan_figures(ids, today=TODAY)
    with django_assert_max_num_queries(1):  # the fingerprints alone
        assert plan_figures(ids, today=TODAY) == first
    action = plan.domains.get().actions.get()
    record_update(action, made_on=TODAY, status=Status.OFF_TRACK, progress="Slipped.")
    assert dict(plan_figures(ids, today=TODAY)[plan.pk].totals)["Red"] == 1


def test_the_portfolio_shows_a_plan_to_its_organisation_and_its_roles_alone(db):
    """Beyond the page's access rule (tests/accounts/test_authorisation.py): the plan is
    listed for its organisation's people and those with a role on it, never for others."""
    world = make_world()
    for who, sees in [
        ("outsider", False),
        ("member", True),
        ("viewer", True),
        ("lead contributor", True),
        ("manager of another plan", True),
    ]:
        client = Client()
        client.force_login(world.people[who])
        html = client.get(reverse("plans:portfolio")).content.decode()
        assert (world.plan.title in html) is sees, who


def test_a_plans_last_board_is_its_latest_issued_packs_date(council, member):
    plan = plan_with(council, "Council plan", [Status.ON_TRACK])
    plan.board_packs.create(board_date=dt.date(2026, 10, 31), issued_at=timezone.now())
    client = Client()
    client.force_login(member)
    html = client.get(reverse("plans:portfolio")).content.decode()
    row = re.search(r'<tr class="govuk-table__row" id="plan-[^"]+">.*?</tr>', html, re.S).group(0)
    assert "31 October 2026" in row


def test_each_plan_has_a_sparkline_of_its_off_track_actions_named_by_its_numbers(council, member):
    plan = plan_with(council, "Council plan", [Status.OFF_TRACK, Status.OFF_TRACK])
    client = Client()
    client.force_login(member)
    html = client.get(reverse("plans:portfolio")).content.decode()
    trends = plan_trends(plan)
    numbers = ", ".join(str(n) for n in trends.counts("Red"))
    assert f'aria-label="Red actions at each month end: {numbers}"' in html
    assert html.count("<svg") == 1
