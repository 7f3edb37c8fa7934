"""What changed, as a person finds it: from the tracker after an update, filtered as the
tracker is, to the action it names (issue 20, item 4)."""

import pytest

from tests.browser.support import expect, save_screenshot
from tests.browser.test_journeys import help_and_protection, open_example_plan, save_update

pytestmark = pytest.mark.browser


def test_an_improvement_lead_sees_what_changed_since_an_update_and_filters_it(
    page, improvement_lead, example_plan
):
    open_example_plan(page, improvement_lead)
    help_and_protection(page).get_by_role("link", name="Action 1", exact=True).click()
    page.get_by_role("link", name="Record a progress update").click()
    save_update(page, status="Completed", progress="Complete. Signed off by the board.")
    page.get_by_role("link", name="Back to the tracker").click()

    page.get_by_role("link", name="What changed since the last board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed")
    counts = page.locator("#change-counts")
    expect(counts).to_contain_text("Completed: 1")
    # The example's other 57 actions had no update in the month.
    expect(counts).to_contain_text("No update: 57")
    completed = page.locator("table", has=page.locator("caption", has_text="Completed:"))
    expect(completed).to_contain_text("Completed: Not rated → Completed")
    save_screenshot(page, "what-changed")

    page.get_by_text("Filter the actions, as on the tracker").click()
    page.get_by_label("Status").select_option(label="Completed")
    page.get_by_role("button", name="Show these actions").click()
    expect(page.locator("#filter-summary")).to_contain_text("filtered by status Completed")
    expect(page.locator("#change-counts li")).to_have_count(2)  # rated, and completed
    expect(page.get_by_role("link", name="CSV (comma-separated values)")).to_be_visible()
    save_screenshot(page, "what-changed-filtered")

    completed.get_by_role("link", name="1 (Help and Protection)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help and Protection, action 1")
