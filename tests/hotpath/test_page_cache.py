"""Kept values are served while their fingerprint holds, and replaced, not added to."""

import pytest
from django.core.cache import cache

from improvement_tracker.hotpath.page_cache import cached

pytestmark = pytest.mark.hot_path


def test_a_value_is_built_once_per_fingerprint_and_replaced_when_it_changes():
    built = []

    def build(label):
        def make():
            built.append(label)
            return label

        return make

    def version(name):
        return lambda: name

    day = "2020-10-31"
    assert cached("page", [1, day], version("v1"), build("first")) == "first"
    assert cached("page", [1, day], version("v1"), build("again")) == "first"
    assert cached("page", [1, day], version("v2"), build("second")) == "second"
    assert cached("page", [1, day], version("v1"), build("third")) == "third"  # no going back
    assert cached("page", [2, day], version("v1"), build("other")) == "other"
    assert built == ["first", "second", "third", "other"]


def test_a_plan_that_keeps_changing_keeps_one_entry():
    cache.clear()
    for version in range(20):
        cached("page", [1], lambda version=version: f"v{version}", lambda: "x" * 1000)
    assert len(cache._cache) == 1  # LocMemCache, as configured


def test_with_the_hot_path_off_a_value_is_built_every_time_and_no_fingerprint_read(settings):
    settings.HOT_PATH = False
    built, read = [], []

    def fingerprint():
        read.append(1)
        return "v1"

    def build(label):
        return lambda: built.append(label) or label

    for label in ("first", "second"):
        assert cached("page", [1], fingerprint, build(label)) == label
    assert built == ["first", "second"]
    assert read == []
    assert len(cache._cache) == 0
