"""Recording an update with the keyboard alone, the focus visible at every stop."""

import pytest
from django.urls import reverse

from tests.browser.support import expect, focused, press_until, read_tracker

pytestmark = pytest.mark.browser


def is_link(name):
    return lambda now: now["tag"] == "a" and now["name"] == name


def test_a_lead_records_an_update_with_the_keyboard_alone(
    signed_in_page, example_plan, example_action
):
    page = signed_in_page
    page.goto(example_plan.get_absolute_url())
    before = read_tracker(page).table1
    page.goto(reverse("plans:action_detail", args=[example_plan.slug, 1, 1]))

    # From here on, only the keyboard.
    first = press_until(page, "Tab", lambda now: True)
    assert first["name"] == "Skip to main content"
    press_until(page, "Tab", is_link("Record a progress update"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Update Help and Protection, action 1"
    )

    # The skip link takes the focus past the navigation to the form.
    assert press_until(page, "Tab", lambda now: True)["name"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert press_until(page, "Tab", lambda now: True)["name"] == "Day"

    # The status radios are one stop; the arrow keys move the choice within them.
    now = press_until(page, "Tab", lambda now: now["type"] == "radio")
    assert (now["name"], now["checked"]) == ("Not rated", True)
    for expected in ["Red", "Amber", "Green", "Completed"]:
        page.keyboard.press("ArrowDown")
        now = focused(page)
        assert (now["name"], now["checked"], now["visible"]) == (expected, True, True)

    press_until(page, "Tab", lambda now: now["name"] == "Progress update")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Complete. Signed off at the November board.")
    # Back to the radios: the focus returns to the one chosen.
    now = press_until(page, "Shift+Tab", lambda now: now["type"] == "radio")
    assert (now["name"], now["checked"]) == ("Completed", True)

    press_until(page, "Tab", lambda now: now["tag"] == "button" and now["name"] == "Save update")
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("Help and Protection, action 1")
    latest = page.locator(".app-history > li").first
    expect(latest).to_contain_text("Complete. Signed off at the November board.")
    expect(latest).to_contain_text("Status changed from Not rated to Completed")

    press_until(page, "Tab", is_link("Back to the tracker"))
    page.keyboard.press("Enter")
    expect(page.locator("#table1")).to_be_visible()
    after = read_tracker(page).table1
    assert after["Completed"]["Help and Protection"] == (
        before["Completed"]["Help and Protection"] + 1
    )
