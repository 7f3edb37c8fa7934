"""Every process-local cache is bounded by bytes, not only by entries (ADR 0026)."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import _caches
from govuk_frontend_django.components.tag import GovUKTag

from improvement_tracker.core.bounded import BoundedCache, approximate_size
from improvement_tracker.core.locmem import BoundedLocMemCache
from improvement_tracker.documents import colours
from improvement_tracker.hotpath import govuk, navigation
from improvement_tracker.hotpath.memo import memoised


def test_the_least_recently_used_go_first_when_the_bytes_run_out():
    kept = BoundedCache(max_bytes=3000, max_entries=100)
    for name in "abc":
        kept.set(name, "x", size=1000)
    assert kept.get("a") == "x"  # a is now the most recently used
    kept.set("d", "x", size=1000)
    assert "b" not in kept
    assert all(name in kept for name in "acd")
    assert kept.nbytes == 3000


def test_an_entry_bigger_than_the_bound_is_not_kept_and_evicts_nothing():
    kept = BoundedCache(max_bytes=3000, max_entries=100)
    kept.set("small", "x", size=1000)
    assert kept.set("huge", "x" * 10_000) is False
    assert "huge" not in kept
    assert "small" in kept
    assert kept.nbytes == 1000


def test_replacing_an_entry_counts_its_bytes_once():
    kept = BoundedCache(max_bytes=10_000, max_entries=100)
    for size in (4000, 1000, 3000):
        kept.set("same", "x", size=size)
    assert len(kept) == 1
    assert kept.nbytes == 3000


def test_the_entry_bound_holds_too():
    kept = BoundedCache(max_bytes=10**9, max_entries=3)
    for n in range(10):
        kept.set(n, n)
    assert len(kept) == 3
    assert [n in kept for n in (7, 8, 9)] == [True, True, True]


def test_sizes_count_what_containers_and_dataclasses_hold():
    assert approximate_size("x" * 10_000) > 10_000
    assert approximate_size({"k": ("x" * 10_000, ["y" * 5_000])}) > 15_000
    assert approximate_size(colours.Status.OFF_TRACK) < 1_000  # an enum member, not its class


@pytest.mark.hot_path  # tests the hot path's own cache
def test_a_memoised_function_keeps_within_its_bytes():
    calls = []

    @memoised(max_bytes=50_000, max_entries=1000)
    def shout(text):
        calls.append(text)
        return text.upper()

    assert shout("a") == shout("a") == "A"
    assert calls == ["a"]
    for n in range(100):
        shout(f"{n}" + "x" * 2_000)
    assert shout.cache.nbytes <= 50_000
    assert len(shout.cache) < 100


def test_djangos_cache_keeps_its_total_bytes_under_the_bound():
    cache = BoundedLocMemCache(
        "bounded-test", {"OPTIONS": {"MAX_BYTES": 100_000, "MAX_ENTRIES": 1000}}
    )
    try:
        for n in range(50):
            cache.set(f"page-{n}", "x" * 10_000)
            assert cache.nbytes <= 100_000
        assert cache.get("page-49") == "x" * 10_000  # the newest are kept
        assert cache.get("page-0") is None  # the oldest went
        assert 5 <= len(cache._cache) <= 10
        cache.set("too-big", "x" * 200_000)
        assert cache.get("too-big") is None
        assert cache.get("page-49") is not None  # a value too big to keep evicts nothing
    finally:
        cache.clear()
        _caches.pop("bounded-test", None)


def test_the_configured_cache_is_the_bounded_one():
    assert isinstance(caches["default"], BoundedLocMemCache)
    assert caches["default"].max_bytes == 8 * 1024 * 1024


@pytest.mark.hot_path  # tests the hot path's own cache
def test_rendered_components_stay_within_their_byte_bound():
    govuk._rendered.clear()
    for n in range(300):
        govuk.render(GovUKTag(text=f"{n} " + "typed " * 2_000))
    assert govuk._rendered.nbytes <= govuk.RENDERED_BYTES
    assert len(govuk._rendered) < 300
    again = govuk.render(GovUKTag(text="Red", classes="govuk-tag--red"))
    assert "Red" in again
    govuk._rendered.clear()


def test_colours_read_from_files_stay_within_their_byte_bound():
    colours._lab.cache_clear()
    for n in range(5_000):
        colours._lab(f"{n * 3299 % 0xFFFFFF:06X}")
    assert colours._lab.cache.nbytes <= colours._lab.cache.max_bytes
    assert len(colours._lab.cache) <= colours._lab.cache.max_entries
    colours._lab.cache_clear()


@pytest.mark.hot_path  # tests the hot path's own cache
def test_the_navigation_kept_for_many_people_stays_within_its_byte_bound():
    navigation._kept.cache_clear()
    sections = (("Plans", "/"), ("My actions", "/my-actions/"))
    for n in range(1000):  # as many people as the entry bound, with the longest names
        html = navigation._kept("/", sections, "/", f"{n:04d}-" + "n" * 145)
        assert f"{n:04d}-" in html
    kept = navigation._kept.cache
    assert 0 < kept.nbytes <= kept.max_bytes
    assert len(kept) < 1000
    navigation._kept.cache_clear()
    govuk._rendered.clear()
