"""Every page type, checked with axe-core against WCAG 2.0, 2.1 and 2.2 A and AA.

A new page is one line in PAGE_TYPES: its name, its URL's name, and, if the page only
appears after a person does something (uploads a file, saves a form with a mistake), a
`then` step that does it. test_every_page_has_an_accessibility_check fails while a named
URL has no line here, so a page cannot land without its check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from improvement_tracker.plans import services
from improvement_tracker.plans.rag import Status
from tests.browser.support import (
    assert_accessible,
    assert_reflows,
    assert_well_structured,
    axe_violations,
    expect,
    save_screenshot,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from improvement_tracker.plans.models import Action

# Pages that are not pages: signing out only redirects; the admin is Django's own.
NOT_PAGES = {"logout"}
NOT_OURS = ("admin:",)


@dataclass(frozen=True)
class World:
    """What a page type's URL and its first steps can refer to."""

    action: Action

    @property
    def route_arguments(self) -> dict[str, Any]:
        return {
            "slug": self.action.domain.plan.slug,
            "position": self.action.domain.position,
            "number": self.action.number,
        }


# Each step ends by waiting for what it leads to, so that axe never reads the page before.


def pressing(button: str) -> Callable[[Page, World], None]:
    """Press a button that leads to an error summary."""

    def step(page: Page, world: World) -> None:
        page.get_by_role("button", name=button).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()

    return step


def save_without_progress(page: Page, world: World) -> None:
    page.get_by_label("Progress update").fill("")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def save_after_someone_else(page: Page, world: World) -> None:
    services.action_record_update(
        action=world.action,
        by=None,
        made_on=timezone.localdate(),
        status=Status.GREEN,
        progress="Saved by someone else first.",
        expected_version=world.action.version,
    )
    page.get_by_role("radio", name="Amber").check()
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Someone else has updated this action"
    )


@dataclass(frozen=True)
class PageType:
    name: str
    url_name: str
    query: str = ""
    signed_in: bool = True
    then: Callable[[Page, World], None] | None = None  # what a person does there first


PAGE_TYPES = [
    PageType("sign-in", "login", signed_in=False),
    PageType("sign-in with errors", "login", signed_in=False, then=pressing("Sign in")),
    PageType("plan list", "plans:plan_list"),
    PageType("tracker", "plans:tracker"),
    PageType("tracker with an as-at error", "plans:tracker", "?as_of_0=31&as_of_1=2&as_of_2=2021"),
    PageType("action", "plans:action_detail"),
    PageType("update form", "plans:action_update"),
    PageType("update form with errors", "plans:action_update", then=save_without_progress),
    PageType("conflict", "plans:action_update", then=save_after_someone_else),
    PageType("exceptions", "plans:exceptions"),
    PageType("suggestions", "plans:suggestions"),
    PageType("suggestions with an error", "plans:suggestions", then=pressing("Save my choices")),
]


def named_routes() -> dict[str, list[str]]:
    """Every named URL of the project, with the arguments its route takes."""
    found: dict[str, list[str]] = {}

    def walk(patterns: list[Any], namespace: str, arguments: list[str]) -> None:
        for entry in patterns:
            own = list(getattr(entry.pattern, "converters", {}))
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, arguments + own)
            elif isinstance(entry, URLPattern) and entry.name:
                found[f"{namespace}{entry.name}"] = arguments + own

    walk(get_resolver().url_patterns, "", [])
    return found


def test_every_page_has_an_accessibility_check():
    pages = {
        name for name in named_routes() if name not in NOT_PAGES and not name.startswith(NOT_OURS)
    }
    checked = {page_type.url_name for page_type in PAGE_TYPES}
    assert pages - checked == set(), "Add these pages to PAGE_TYPES"
    assert checked - pages == set(), "PAGE_TYPES names URLs that do not exist"


def page_url(page_type: PageType, world: World) -> str:
    arguments = world.route_arguments
    wanted = named_routes()[page_type.url_name]
    unknown = [name for name in wanted if name not in arguments]
    assert not unknown, f"Give World.route_arguments a value for {unknown}"
    return reverse(page_type.url_name, kwargs={k: arguments[k] for k in wanted}) + page_type.query


@pytest.mark.browser
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda page_type: page_type.name)
def test_page_type_meets_wcag_a_and_aa(
    page_type, page, improvement_lead, sign_in_by_cookie, example_action
):
    world = World(action=example_action)
    if page_type.signed_in:
        sign_in_by_cookie(page.context, improvement_lead)
    response = page.goto(page_url(page_type, world))
    assert response is not None and response.ok
    if page_type.then:
        page_type.then(page, world)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # What a closed "details" holds is checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page)
    assert_well_structured(page)
    assert_reflows(page, 640)


@pytest.mark.browser
def test_the_tracker_works_at_200_percent_zoom(signed_in_page, example_plan):
    page = signed_in_page
    # 640 CSS pixels is what a 1280-pixel-wide window shows at 200% zoom.
    page.set_viewport_size({"width": 640, "height": 900})
    page.goto(example_plan.get_absolute_url())
    assert_accessible(page)
    assert_reflows(page, 640)
    # The domain tables keep their columns and scroll in their own regions, which the
    # keyboard can reach.
    region = page.get_by_role("region", name="Help and Protection: 28 actions")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    expect(region).to_have_attribute("tabindex", "0")
    save_screenshot(page, "tracker-at-200-percent-zoom")


@pytest.mark.browser
def test_the_accessibility_check_finds_violations(page):
    # A check that never fails proves nothing: this page breaks three WCAG A rules.
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "label"} <= found
