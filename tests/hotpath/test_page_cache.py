"""Kept values are served while their fingerprint holds, and replaced, not added to."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from improvement_tracker.hotpath.page_cache import cached
from improvement_tracker.plans.models import Action

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


def _without_tokens(html: str) -> str:
    """A page's HTML without its CSRF tokens, which differ on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "?status=green", "?as_of=2020-10-31&q=COVID", "?domain=99", "?as_of=nonsense"]
)
def test_render_around_parts_gives_the_page_the_template_engine_gives(
    signed_in_client, example_plan, settings, query
):
    """The tracker and an action's page, spliced around their kept parts as bytes (twice:
    built, then kept) and rendered plainly, are the same pages."""
    pages = {}
    for hot in (True, False):
        settings.HOT_PATH = hot
        cache.clear()
        for url in (example_plan.get_absolute_url() + query, _first_action_url(example_plan)):
            built = signed_in_client.get(url)
            kept = signed_in_client.get(url)
            assert built.status_code == kept.status_code == 200
            pages.setdefault(url, []).extend(
                _without_tokens(response.content.decode()) for response in (built, kept)
            )
    for url, seen in pages.items():
        assert len(set(seen)) == 1, url


def _first_action_url(plan):
    action = Action.objects.filter(domain__plan=plan).order_by("domain__position", "number")[0]
    return reverse("plans:action_detail", args=[plan.slug, action.domain.position, action.number])
