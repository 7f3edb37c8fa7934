"""Journeys as people make them: by clicking and typing, from the sign-in page on.

Each saves full-page screenshots of the pages it passes through (test-results/screenshots/).
"""

import re

import pytest

from tests.browser.support import expect, read_tracker, recount, save_screenshot, sign_in

pytestmark = pytest.mark.browser

PLAN_TITLE = "Learning and Improvement Plan 2020 – 2021"


def open_example_plan(page, person):
    sign_in(page, person.username, person.password)
    page.get_by_role("link", name=PLAN_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN_TITLE)


def test_a_board_member_signs_in_and_reads_tables_that_match_the_actions(
    page, improvement_lead, example_plan
):
    page.goto("/")
    save_screenshot(page, "sign-in")
    page.get_by_label("Username").fill(improvement_lead.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct username and password"
    )
    save_screenshot(page, "sign-in-with-an-error")
    sign_in(page, improvement_lead.username, improvement_lead.password)
    save_screenshot(page, "plan-list")
    page.get_by_role("link", name=PLAN_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN_TITLE)
    save_screenshot(page, "tracker")

    shown = read_tracker(page)
    table1, table2 = recount(shown.domains)
    assert shown.table1 == table1
    assert shown.table2 == table2
    assert list(shown.domains) == [
        "Help and Protection",
        "Children in Care & Care Leavers",
        "Leadership",
    ]
    assert shown.table1["Total"]["Totals"] == 58
    # Nothing in the imported file was rated, and nothing has been guessed.
    assert shown.table1["Not rated"]["Totals"] == 58
    # Every status is a word in its tag, not only a colour.
    for rows in shown.domains.values():
        for status, _, tag in rows:
            assert tag == status


def help_and_protection(page):
    return page.locator('table[data-domain="Help and Protection"]')


def test_a_lead_records_an_update_and_table1_changes(page, improvement_lead, example_plan):
    open_example_plan(page, improvement_lead)
    before = read_tracker(page).table1

    help_and_protection(page).get_by_role("link", name="Action 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help and Protection, action 1")
    expect(page.get_by_role("definition").filter(has_text="Not rated")).to_be_visible()
    save_screenshot(page, "action")
    page.get_by_role("link", name="Record a progress update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Update Help and Protection, action 1"
    )
    save_screenshot(page, "update-form")

    # Saving without a progress update is refused, and says what to fix.
    page.get_by_label("Progress update").fill("")
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_title("Error: Update Help and Protection, action 1 – Improvement Tracker")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    save_screenshot(page, "update-form-with-errors")
    summary.get_by_role("link", name="Enter the progress update").click()
    expect(page.get_by_label("Progress update")).to_be_focused()

    page.get_by_role("radio", name="Completed").check()
    page.get_by_label("Progress update").fill("Complete. The board signed it off in November.")
    page.get_by_label("Why has the status changed? (optional)").fill("Work finished.")
    page.get_by_role("button", name="Save update").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Help and Protection, action 1")
    history = page.locator(".app-history > li").first
    expect(history).to_contain_text("Complete. The board signed it off in November.")
    expect(history).to_contain_text("Status changed from Not rated to Completed")
    expect(history).to_contain_text("Why: Work finished.")
    save_screenshot(page, "action-after-update")

    page.get_by_role("link", name="Back to the tracker").click()
    after = read_tracker(page)
    assert after.table1["Completed"]["Help and Protection"] == (
        before["Completed"]["Help and Protection"] + 1
    )
    assert after.table1["Not rated"]["Help and Protection"] == (
        before["Not rated"]["Help and Protection"] - 1
    )
    assert after.table1["Completed"]["Totals"] == before["Completed"]["Totals"] + 1
    assert (after.table1, after.table2) == recount(after.domains)

    # As it stood at the plan's reporting date, before the update, nothing had changed.
    page.get_by_role("link", name="Show as at the plan's reporting date").click()
    expect(page.locator("#as-at")).to_contain_text("Shown as at 31 October 2020")
    assert read_tracker(page).table1 == before


def test_the_as_at_date_is_typed_and_a_wrong_date_is_explained(
    page, improvement_lead, example_plan
):
    open_example_plan(page, improvement_lead)
    page.get_by_text("Show the tracker as it stood on another date").click()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2021")
    page.get_by_role("button", name="Show").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    save_screenshot(page, "tracker-as-at-error")

    page.get_by_label("Day").fill("28")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#as-at")).to_contain_text("Shown as at 28 February 2021")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def test_two_people_save_the_same_action_and_the_second_chooses(
    page, new_context, improvement_lead, lead_officer, example_plan
):
    first, second = page, new_context().new_page()
    for person, browser_page in [(improvement_lead, first), (lead_officer, second)]:
        sign_in(browser_page, person.username, person.password)
        browser_page.get_by_role("link", name=PLAN_TITLE).click()
        help_and_protection(browser_page).get_by_role("link", name="Action 2", exact=True).click()
        browser_page.get_by_role("link", name="Record a progress update").click()

    first.get_by_role("radio", name="Green").check()
    first.get_by_label("Progress update").fill("On track: MASH partners meet weekly.")
    first.get_by_role("button", name="Save update").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Help and Protection, action 2")

    second.get_by_role("radio", name="Amber").check()
    second.get_by_label("Progress update").fill("Delayed by the partners' review.")
    second.get_by_role("button", name="Save update").click()
    expect(second.get_by_role("heading", level=1)).to_have_text(
        "Someone else has updated this action"
    )
    expect(second.locator("#theirs")).to_contain_text("Green")
    expect(second.locator("#theirs")).to_contain_text("On track: MASH partners meet weekly.")
    expect(second.locator("#mine")).to_contain_text("Amber")
    save_screenshot(second, "conflict")

    # The second person keeps their words and saves them on top; both stay in the history.
    second.get_by_role("button", name="Save update").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Help and Protection, action 2")
    history = second.locator(".app-history > li")
    expect(history.nth(0)).to_contain_text("Delayed by the partners' review.")
    expect(history.nth(1)).to_contain_text("On track: MASH partners meet weekly.")


def test_a_board_member_checks_exceptions_and_accepts_suggested_statuses(
    page, improvement_lead, example_plan
):
    open_example_plan(page, improvement_lead)
    link = page.get_by_role("link", name="Exceptions:")
    flagged = int(link.inner_text().split()[1])  # "Exceptions: 31 flags where …"
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exceptions")
    # The tracker's count, the counts by kind and the rows listed all agree.
    expect(page.locator("main")).to_contain_text(re.compile(rf"\b{flagged} flags?\b"))
    by_kind = page.locator("#flag-counts li").all_inner_texts()
    assert sum(int(item.rsplit(":", 1)[1]) for item in by_kind) == flagged > 0
    expect(page.locator("table.app-tracker-table > tbody > tr")).to_have_count(flagged)
    save_screenshot(page, "exceptions")

    page.get_by_role("link", name="Back to the tracker").click()
    page.get_by_role("link", name="Suggested statuses for actions not rated").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggested statuses")
    save_screenshot(page, "suggestions")

    page.get_by_role("button", name="Save my choices").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select a status for at least one action, or accept all suggestions"
    )
    save_screenshot(page, "suggestions-with-an-error")

    page.get_by_label("Status for Help and Protection, action 1", exact=True).select_option(
        label="Accept: Completed"
    )
    page.get_by_role("button", name="Save my choices").click()
    expect(page.locator("main")).to_contain_text("57 actions are not rated")
    page.get_by_role("button", name="Accept all 57 suggestions").click()
    expect(page.locator("main")).to_contain_text("Every action is rated as at this date.")

    page.get_by_role("link", name="Back to the tracker").click()
    shown = read_tracker(page)
    assert "Not rated" not in shown.table1
    assert (shown.table1, shown.table2) == recount(shown.domains)
    assert shown.table1["Total"]["Totals"] == 58
