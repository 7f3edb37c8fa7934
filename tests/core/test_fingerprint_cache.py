"""Kept values are served while their fingerprint holds, and replaced, not added to."""

from django.core.cache import cache

from improvement_tracker.core.fingerprint_cache import cached


def test_a_value_is_built_once_per_fingerprint_and_replaced_when_it_changes():
    built = []

    def build(label):
        def make():
            built.append(label)
            return label

        return make

    assert cached("page", [1, "2020-10-31"], "v1", build("first")) == "first"
    assert cached("page", [1, "2020-10-31"], "v1", build("again")) == "first"
    assert cached("page", [1, "2020-10-31"], "v2", build("second")) == "second"
    assert cached("page", [1, "2020-10-31"], "v1", build("third")) == "third"  # no going back
    assert cached("page", [2, "2020-10-31"], "v1", build("other")) == "other"
    assert built == ["first", "second", "third", "other"]


def test_a_plan_that_keeps_changing_keeps_one_entry():
    cache.clear()
    for version in range(20):
        cached("page", [1], f"v{version}", lambda: "x" * 1000)
    assert len(cache._cache) == 1  # LocMemCache, as configured
