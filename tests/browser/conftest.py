"""Browser tests: Debian's Chromium driven by Playwright against a live server on loopback.

Without Chromium (or playwright) these tests skip with how to install it; with CI=true
they fail instead, so CI can never pass by skipping them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from improvement_tracker.accounts.models import Membership, Organisation, PlanRole, Role
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, INSTALL_HINT, browser_missing
from tests.browser.support import SCREENSHOTS

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Playwright,
        Response,
    )
    from pytest_django.live_server_helper import LiveServer

    from improvement_tracker.plans.models import Action, Plan

    NewContext = Callable[..., BrowserContext]

DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "a-long-test-password-1"


def require_browser() -> None:
    """Skip here without Chromium; fail in CI, where a skipped journey would hide a bug."""
    problem = browser_missing()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {problem}. {INSTALL_HINT}", pytrace=False)
    pytest.skip(INSTALL_HINT)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    count = sum(INSTALL_HINT in str(report.longrepr) for report in skipped)
    if count:
        terminalreporter.write_line(
            f"{count} browser tests did not run. {INSTALL_HINT}", yellow=True
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests run last: the quick tests report first, and none of them runs while
    # Playwright's event loop is alive in this thread (see the `playwright` fixture).
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Remembered so that the `page` fixture can keep a screenshot of a failure.
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    require_browser()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in the test thread, and Django
    # refuses ORM calls from a thread with a running loop. The test thread only sets up
    # data and reads it back, never concurrently with itself, so the guard is lifted here.
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as running:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(browser: Browser, live_server: LiveServer) -> Iterator[NewContext]:
    """Opens a fresh browser profile (cookies, viewport) for each person in a test."""
    contexts: list[BrowserContext] = []

    def open_context(viewport: dict[str, int] = DESKTOP, **options: object) -> BrowserContext:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale="en-GB",
            timezone_id="Europe/London",
            reduced_motion="reduce",
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, new_context: NewContext) -> Iterator[Page]:
    """A page in its own profile. JavaScript errors and failed loads fail the test; a
    failing test leaves a screenshot, FAILED-<test>.png, beside the others."""
    from playwright.sync_api import Error as PlaywrightError

    page = new_context().new_page()
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        # A page sent with an error status (409 for a conflict) is logged as a failed load;
        # failed loads are judged by `response` below instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console: {message.text}")

    def response(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} for {response.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield page
    if request.node.stash.get(CALL_FAILED, False) and not page.is_closed():
        with contextlib.suppress(PlaywrightError):
            page.screenshot(path=SCREENSHOTS / f"FAILED-{request.node.name}.png")
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


@dataclass
class Person:
    username: str
    password: str


@pytest.fixture
def improvement_lead(django_user_model: Any, example_plan: Plan) -> Person:
    """The council's improvement lead: administers its people, manages the example plan."""
    user = django_user_model.objects.create_user(username="improvement-lead", password=PASSWORD)
    Membership.objects.create(user=user, organisation=example_plan.organisation, is_admin=True)
    PlanRole.objects.create(plan=example_plan, user=user, role=Role.MANAGER)
    return Person("improvement-lead", PASSWORD)


@pytest.fixture
def lead_officer(django_user_model: Any, example_plan: Plan) -> Person:
    """A lead contributor from a partner agency, acting for the lead of Help and
    Protection's action 2 (Head of Service – Safeguarding, with the statutory partners)."""
    user = django_user_model.objects.create_user(username="lead-officer", password=PASSWORD)
    partner = Organisation.objects.create(name="Partner agency", slug="partner-agency")
    Membership.objects.create(user=user, organisation=partner)
    PlanRole.objects.create(plan=example_plan, user=user, role=Role.LEAD_CONTRIBUTOR)
    action_2 = example_plan.domains.get(position=1).actions.get(number=2)
    for lead in action_2.leads.all():
        lead.people.add(user)
    return Person("lead-officer", PASSWORD)


@pytest.fixture
def sign_in_by_cookie(live_server: LiveServer) -> Callable[[BrowserContext, Person], None]:
    """A faster sign-in for tests about a page rather than a journey: a session cookie."""

    def sign_in(context: BrowserContext, person: Person) -> None:
        client = Client()
        client.force_login(get_user_model().objects.get(username=person.username))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    return sign_in


@pytest.fixture
def signed_in_page(
    page: Page,
    improvement_lead: Person,
    sign_in_by_cookie: Callable[[BrowserContext, Person], None],
) -> Page:
    sign_in_by_cookie(page.context, improvement_lead)
    return page


@pytest.fixture
def example_action(example_plan: Plan) -> Action:
    """The action the tests update: the first action of the first domain."""
    return example_plan.domains.get(position=1).actions.get(number=1)
