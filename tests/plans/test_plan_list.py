"""The plan lists, a page at a time: a provider hosting many councils has hundreds of plans,
and every plan year archives one more for each."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from improvement_tracker.plans import views
from improvement_tracker.plans.models import Plan
from tests.factories import MembershipFactory, PlanFactory
from tests.plans.conftest import client_for

pytestmark = pytest.mark.django_db


def listed(html):
    return re.findall(r'href="/plans/(improvement-plan-\d+)/"', html)


@pytest.fixture
def five_plans(monkeypatch):
    """Five plans of one organisation, two to a page; a member of it to read them."""
    monkeypatch.setattr(views, "PLANS_PER_PAGE", 2)
    member = MembershipFactory()
    plans = [PlanFactory(organisation=member.organisation, title=f"Plan {n}") for n in range(1, 6)]
    return client_for(member.user), [plan.slug for plan in plans]


def test_each_page_lists_its_share_of_the_plans_in_order_and_says_where_it_is(five_plans):
    client, slugs = five_plans
    url = reverse("plans:plan_list")
    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2, 3)]
    assert [listed(page) for page in pages] == [slugs[0:2], slugs[2:4], slugs[4:5]]
    assert "Plans 1 to 2 of 5" in pages[0]
    assert "Plans 5 to 5 of 5" in pages[2]
    assert "<title>Plans (page 2 of 3)" in pages[1]
    nav = re.search(r'<nav class="govuk-pagination".*?</nav>', pages[1], re.S)
    assert nav is not None
    assert 'aria-label="Pages of plans"' in nav.group()
    assert 'href="?page=1" rel="prev"' in nav.group()
    assert 'href="?page=3" rel="next"' in nav.group()
    assert 'aria-current="page"' in nav.group()


@pytest.mark.parametrize(("asked", "shown"), [("0", 3), ("99", 3), ("two", 1), ("", 1)])
def test_a_page_out_of_range_or_not_a_number_shows_the_first_or_last(five_plans, asked, shown):
    client, slugs = five_plans
    html = client.get(reverse("plans:plan_list"), {"page": asked}).content.decode()
    assert listed(html) == slugs[(shown - 1) * 2 : shown * 2]


def test_one_page_of_plans_has_no_page_links(five_plans, monkeypatch):
    client, slugs = five_plans
    monkeypatch.setattr(views, "PLANS_PER_PAGE", 50)
    html = client.get(reverse("plans:plan_list")).content.decode()
    assert listed(html) == slugs
    assert "govuk-pagination" not in html
    assert "5 plans" in html


def test_other_organisations_plans_are_neither_listed_nor_counted(five_plans):
    client, slugs = five_plans
    PlanFactory.create_batch(3)  # another organisation's
    html = client.get(reverse("plans:plan_list"), {"page": 3}).content.decode()
    assert "of 5" in html
    assert listed(html) == slugs[4:]


def test_archived_plans_have_pages_of_their_own_newest_archived_first(five_plans):
    client, slugs = five_plans
    for day, slug in enumerate(slugs[:3], start=1):
        Plan.objects.filter(slug=slug).update(archived_at=dt.datetime(2021, 4, day, tzinfo=dt.UTC))
    PlanFactory(archived_at=dt.datetime(2021, 5, 1, tzinfo=dt.UTC))  # another organisation's

    listing = client.get(reverse("plans:plan_list")).content.decode()
    assert listed(listing) == slugs[3:]
    assert ">3 archived plans</a>" in listing
    url = reverse("plans:archived_plans")
    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2)]
    assert [listed(page) for page in pages] == [[slugs[2], slugs[1]], [slugs[0]]]
    assert "Archived plans 1 to 2 of 3" in pages[0]
    assert 'aria-label="Pages of archived plans"' in pages[0]


def test_without_archived_plans_the_list_says_nothing_of_them(five_plans):
    client, _ = five_plans
    assert "archived plan" not in client.get(reverse("plans:plan_list")).content.decode()
    page = client.get(reverse("plans:archived_plans")).content.decode()
    assert "There are no archived plans." in page
