"""The trends page in a real browser: reached from the tracker, its charts drawn in their
colours and patterns under the site's content security policy, and fitting a narrow
window (issue 20)."""

import pytest

from tests.browser.support import expect, save_screenshot

pytestmark = pytest.mark.browser


def test_the_trend_charts_draw_in_colour_under_the_sites_policy(signed_in_page, example_plan):
    page = signed_in_page
    page.goto(example_plan.get_absolute_url())
    page.get_by_role("link", name="Trends: Table 1 and the exceptions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trends")
    chart = page.get_by_role("img", name=f"{example_plan.title}: actions by status")
    expect(chart).to_be_visible()
    # Each bar is filled by its status's pattern, on its tag's colour: a refused inline
    # style would have left them black (and the page fails on any console error).
    fills = chart.locator("path[fill^='url(#']").evaluate_all(
        "paths => paths.map(p => getComputedStyle(p).fill)"
    )
    assert fills and all(fill.startswith("url(") for fill in fills)
    grounds = chart.locator("pattern rect").evaluate_all(
        "rects => rects.map(r => getComputedStyle(r).fill)"
    )
    # Red's tag, and grey for the example's 58 actions not rated.
    assert {"rgb(244, 215, 215)", "rgb(206, 206, 206)"} <= set(grounds)
    save_screenshot(page, "trends")
    page.set_viewport_size({"width": 320, "height": 800})
    width = chart.evaluate("svg => svg.getBoundingClientRect().width")
    assert width <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
