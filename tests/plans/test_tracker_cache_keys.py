"""The tracker and its exports are kept under what they show (the date and the filters),
never under parameters nothing reads, and the cache stays within its bytes (ADR 0026)."""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from improvement_tracker.documents import plan_export as document_views
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors import tracker as tracker_selectors
from tests.factories import ActionFactory, DomainFactory, LeadFactory
from tests.plans.conftest import calls_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    domain = DomainFactory(position=1, label="Help and Protection")
    lead = LeadFactory(organisation=domain.plan.organisation, name="CEx of TfC")
    for number, status in enumerate([Status.OFF_TRACK, Status.ON_TRACK, Status.AT_RISK], start=1):
        action = ActionFactory(
            domain=domain,
            number=number,
            status=status,
            high_priority=number == 1,
            progress=f"Progress on covid recovery, step {number}.",
        )
        action.leads.add(lead)
    return domain.plan


@pytest.fixture
def built(monkeypatch):
    """Every time the tracker is built from the database, by the page or an export."""
    calls = calls_to(monkeypatch, tracker_selectors, "plan_tracker")
    original = document_views.plan_tracker

    def counted(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(document_views, "plan_tracker", counted)
    return calls


def entries():
    return len(caches["default"]._cache)


def held_bytes():
    return sum(len(key) + len(value) for key, value in caches["default"]._cache.items())


def page(client, url, params=None):
    """The page as a person sees it, without the CSRF token that differs every time."""
    response = client.get(url, params or {})
    assert response.status_code == 200
    return re.sub(r'value="[A-Za-z0-9]{64}"', 'value="csrf"', response.content.decode())


@pytest.mark.hot_path  # tests the hot path's own cache
def test_parameters_the_page_does_not_read_add_no_cache_entries(signed_in_client, plan, built):
    url = plan.get_absolute_url()
    plain = page(signed_in_client, url)
    assert entries() == 1
    for n in range(40):
        junk = {"nc": str(n), "utm_source": f"newsletter-{n}", f"x{n}": "1"}
        assert page(signed_in_client, url, junk) == plain
    assert entries() == 1
    assert len(built) == 1


@pytest.mark.hot_path  # tests the hot path's own cache
def test_filters_written_differently_share_one_entry_and_one_page(signed_in_client, plan, built):
    url = plan.get_absolute_url()
    lead = plan.organisation.leads.get().pk
    same_pages = [
        [{}, {"q": ""}, {"q": "   "}, {"priority": "false"}, {"as_of": "not a date"}],
        [{"q": "covid"}, {"q": "  covid "}, {"q": ["ignored", "covid"]}, {"q": "covid", "a": "b"}],
        [{"priority": "on"}, {"priority": "yes"}, {"priority": "on", "utm_medium": "email"}],
        [
            {"status": "off_track", "lead": str(lead)},
            {"lead": str(lead), "status": "off_track", "page": "2"},
        ],
        [
            {"as_of": "2020-10-31"},
            {"as_of_0": "31", "as_of_1": "10", "as_of_2": "2020"},
            {"as_of_0": " 31", "as_of_1": "10 ", "as_of_2": "2020", "show": ""},
        ],
    ]
    for addresses in same_pages:
        first = page(signed_in_client, url, addresses[0])
        for params in addresses[1:]:
            assert page(signed_in_client, url, params) == first, params
    assert entries() == len(same_pages)
    assert len(built) == len(same_pages)


def test_the_page_is_the_same_from_the_cache_as_built_cold(signed_in_client, plan):
    url = plan.get_absolute_url()
    lead = plan.organisation.leads.get().pk
    for params in [
        {},
        {"status": "off_track"},
        {"q": "covid", "as_of": "2020-10-31"},
        {"lead": lead},
    ]:
        caches["default"].clear()
        cold = page(signed_in_client, url, params)
        warm = page(signed_in_client, url, params)
        assert warm == cold, params
        assert "Progress on covid recovery" in cold


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"domain": "99"}, "Select a domain from the list"),
        ({"domain": "first"}, "Select a domain from the list"),
        ({"lead": "01"}, "Select a lead from the list"),
        ({"status": "purple"}, "Select a status from the list"),
        ({"q": "x" * 201}, "Search text must be 200 characters or fewer"),
        ({"as_of_0": "31", "as_of_1": "02", "as_of_2": "2021"}, "must be a real date"),
    ],
)
def test_a_refused_filter_is_shown_with_its_error_and_never_kept(
    signed_in_client, plan, built, params, message
):
    url = plan.get_absolute_url()
    for _ in range(3):
        html = signed_in_client.get(url, params).content.decode()
        assert "<title>Error: " in html
        assert message in html
        assert 'id="action-1-1"' in html  # the rows, as HTML and not as escaped text
        assert "&lt;table" not in html
    assert entries() == 0
    assert len(built) == 3


@pytest.mark.hot_path  # tests the hot path's own cache
def test_distinct_valid_filters_beyond_the_bound_evict_and_stay_under_it(signed_in_client, plan):
    url = plan.get_absolute_url()
    configured = settings.CACHES["default"]
    small = {**configured, "OPTIONS": {**configured["OPTIONS"], "MAX_BYTES": 120_000}}
    with override_settings(CACHES={"default": small}):
        caches["default"].clear()
        pages = {}
        for n in range(30):
            pages[n] = page(signed_in_client, url, {"q": f"covid step {n}"})
            assert held_bytes() <= 120_000
        assert 1 < entries() < 30
        for n in (0, 29):  # one long evicted, one kept: the same page either way
            assert page(signed_in_client, url, {"q": f"covid step {n}"}) == pages[n]
        caches["default"].clear()


@pytest.mark.hot_path  # tests the hot path's own cache
def test_exports_ignore_parameters_they_do_not_read(signed_in_client, plan, built):
    url = f"{plan.get_absolute_url()}export.csv"
    first = signed_in_client.get(url, {"status": "off_track"}).content
    for n in range(20):
        response = signed_in_client.get(url, {"status": "off_track", "utm_source": str(n)})
        assert response.content == first
    assert entries() == 1
    assert len(built) == 1


def test_an_export_with_a_refused_filter_is_made_but_not_kept(signed_in_client, plan, built):
    url = f"{plan.get_absolute_url()}export.csv"
    for n in range(5):
        assert signed_in_client.get(url, {"domain": str(90 + n)}).status_code == 200
    assert entries() == 0
    assert len(built) == 5


def test_export_links_carry_the_pages_date_and_filters_only(signed_in_client, plan):
    params = {"as_of_0": "31", "as_of_1": "10", "as_of_2": "2020", "status": "off_track", "nc": "7"}
    html = signed_in_client.get(plan.get_absolute_url(), params).content.decode()
    assert (
        f'href="{plan.get_absolute_url()}export.csv?as_of=2020-10-31&amp;status=off_track"' in html
    )
    assert "nc=7" not in html
