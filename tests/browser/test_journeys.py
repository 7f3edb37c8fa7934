"""Journeys as people make them: by clicking and typing, from the sign-in page on.

Each saves full-page screenshots of the pages it passes through (test-results/screenshots/).
"""

import datetime as dt
import re
import time
from base64 import b32decode

import docx
import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from tests.browser.support import (
    assert_accessible,
    expect,
    read_tracker,
    recount,
    save_screenshot,
    sign_in,
)
from tests.conftest import EXAMPLE
from tests.factories import PlanFactory

pytestmark = pytest.mark.browser

PLAN_TITLE = "Learning and Improvement Plan 2020 – 2021"


def save_update(page, *, status, progress, reason=None):
    """Fill in the progress update form as a person would, and save it."""
    page.get_by_role("radio", name=status).check()
    page.get_by_label("Progress update").fill(progress)
    if reason is not None:
        page.get_by_label("Why has the status changed? (optional)").fill(reason)
    page.get_by_role("button", name="Save update").click()


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

    save_update(
        page,
        status="Completed",
        progress="Complete. The board signed it off in November.",
        reason="Work finished.",
    )

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
    sign_in(first, improvement_lead.username, improvement_lead.password)
    sign_in(second, lead_officer.username, lead_officer.password, lands_on="My actions")
    second.get_by_role("link", name="Plans", exact=True).click()
    for browser_page in (first, second):
        browser_page.get_by_role("link", name=PLAN_TITLE).click()
        help_and_protection(browser_page).get_by_role("link", name="Action 2", exact=True).click()
        browser_page.get_by_role("link", name="Record a progress update").click()

    save_update(first, status="Green", progress="On track: MASH partners meet weekly.")
    expect(first.get_by_role("heading", level=1)).to_have_text("Help and Protection, action 2")

    save_update(second, status="Amber", progress="Delayed by the partners' review.")
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


def test_an_improvement_lead_imports_a_tracker_through_the_upload_page(
    page, improvement_lead, example_plan, tmp_path
):
    # The example tracker under a new title, as a person would save next year's copy.
    title = "Learning and Improvement Plan 2021 – 2022"
    upload = tmp_path / "tracker-2021-22.txt"
    upload.write_text(EXAMPLE.read_text(encoding="utf-8").replace(PLAN_TITLE, title, 1))

    sign_in(page, improvement_lead.username, improvement_lead.password)
    page.get_by_role("link", name="Import a plan from a Word, Excel, CSV or text tracker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a plan")
    page.get_by_label("Tracker file").set_input_files(upload)
    save_screenshot(page, "import-upload")
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text("58 in 3 domains")
    domains = page.locator("#preview-domains > tbody > tr")
    expect(domains).to_have_count(3)
    expect(domains.nth(0)).to_contain_text("Help and Protection")
    expect(domains.nth(0).locator("td").last).to_have_text("28")
    expect(page.get_by_role("heading", name="Warnings")).to_be_visible()
    save_screenshot(page, "import-preview")

    page.get_by_role("button", name="Import this plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    shown = read_tracker(page)
    assert shown.table1["Total"] == {
        "Help and Protection": 28,
        "Children in Care & Care Leavers": 11,
        "Leadership": 19,
        "Totals": 58,
    }
    assert (shown.table1, shown.table2) == recount(shown.domains)
    save_screenshot(page, "imported-tracker")


def test_an_improvement_lead_imports_another_bodys_tracker_changing_a_columns_meaning(
    page, improvement_lead, example_plan, tmp_path
):
    """Issue 19: a Word tracker in another body's shape, its proposed mapping corrected
    (its success measures are progress, not an extra field), previewed, then imported."""
    from improvement_tracker.plans.models import Plan
    from tests.documents.test_mapping_page import TRACKER

    upload = tmp_path / "childrens-tracker.docx"
    upload.write_bytes(TRACKER)
    sign_in(page, improvement_lead.username, improvement_lead.password)
    page.get_by_role("link", name="Import a plan from a Word, Excel, CSV or text tracker").click()
    page.get_by_label("Tracker file").set_input_files(upload)
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check how the file will be read")
    column = page.get_by_label("Column 6, ‘Success measures’")
    expect(column).to_have_value("extra field")
    column.select_option("progress")
    save_screenshot(page, "import-mapping")
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Children's Services Action Tracker")
    expect(page.locator("main")).to_contain_text("2 in 1 domain")
    expect(page.locator("#how-read")).to_contain_text("The file is read as you chose.")
    expect(page.locator("#preview-extra-fields")).to_have_count(0)
    save_screenshot(page, "import-mapping-preview")
    page.get_by_role("link", name="Change how the file is read").click()
    expect(page.get_by_label("Column 6, ‘Success measures’")).to_have_value("progress")
    page.get_by_role("button", name="Preview").click()

    page.get_by_role("button", name="Import this plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children's Services Action Tracker")
    plan = Plan.objects.get(title="Children's Services Action Tracker")
    first = plan.domains.get().actions.order_by("number_order").first()
    assert (first.number, first.lead_text) == ("1.1", "Head of Early Help")
    assert first.updates.get().progress == "Fewer"
    assert plan.organisation == example_plan.organisation  # the importer's own
    assert not plan.extra_fields.exists()


def test_a_board_member_downloads_the_word_board_pack(
    page, improvement_lead, example_plan, tmp_path
):
    open_example_plan(page, improvement_lead)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word document (.docx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    word = docx.Document(str(path))
    paragraphs = [paragraph.text for paragraph in word.paragraphs]
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert PLAN_TITLE in paragraphs
    assert "Table 1" in paragraphs
    domain = example_plan.domains.get(position=1)
    texts = list(domain.actions.values_list("text", flat=True))
    assert len(texts) == 28
    missing = [text for text in texts if not any(text in cell for cell in cells)]
    assert missing == []


def test_a_filtered_tracker_is_shared_by_its_address(
    page, new_context, improvement_lead, lead_officer, example_plan
):
    open_example_plan(page, improvement_lead)
    every = read_tracker(page)
    page.get_by_text("Filter and search the actions").click()
    page.get_by_label("Search the text").fill("safeguarding")
    page.get_by_role("button", name="Show these actions").click()

    expect(page.locator("#filter-summary")).to_contain_text("Showing")
    expect(page.locator("#table1 > caption")).to_contain_text("filtered")
    expect(page.locator("#table2 > caption")).to_contain_text("filtered")
    filtered = read_tracker(page)
    assert 0 < filtered.table1["Total"]["Totals"] < every.table1["Total"]["Totals"]
    assert (filtered.table1, filtered.table2) == recount(filtered.domains)
    save_screenshot(page, "tracker-filtered")

    # Someone else, signed in in their own browser, opens the same address.
    other = new_context().new_page()
    sign_in(other, lead_officer.username, lead_officer.password, lands_on="My actions")
    other.goto(page.url)
    expect(other.locator("#table1 > caption")).to_contain_text("filtered")
    assert read_tracker(other) == filtered
    expect(other.locator("#filter-summary")).to_have_text(
        page.locator("#filter-summary").inner_text()
    )


def test_a_lead_contributor_finds_their_actions_and_cannot_see_other_plans(
    page, lead_officer, example_plan, django_user_model
):
    # They also act for the lead of Help and Protection's action 1, due before action 2.
    person = django_user_model.objects.get(username=lead_officer.username)
    for lead in example_plan.domains.get(position=1).actions.get(number=1).leads.all():
        lead.people.add(person)
    other_plan = PlanFactory(title="Another council's confidential plan")
    # From the sign-in page itself, to the home page, and from there to "My actions".
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(lead_officer.username)
    page.get_by_label("Password").fill(lead_officer.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")
    page.locator(".govuk-service-navigation").get_by_role("link", name="My actions").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    table = page.locator("#my-actions")
    expect(table).to_contain_text("Help and Protection, action 1")
    expect(table).to_contain_text("Help and Protection, action 2")
    save_screenshot(page, "my-actions")
    # Most urgent first: every overdue action before any that is not, the longest
    # overdue at the top.
    rows = table.locator("tbody > tr").all()
    overdue = [row.get_attribute("data-overdue") == "true" for row in rows]
    assert overdue == sorted(overdue, reverse=True)
    due = [row.locator("td").nth(1).inner_text().removesuffix("Overdue").strip() for row in rows]
    dated = [
        dt.datetime.strptime(f"{text} +0000", "%d %B %Y %z").date()
        for text, late in zip(due, overdue, strict=True)
        if late and re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", text)
    ]
    assert len(dated) >= 2
    assert dated == sorted(dated)

    page.get_by_role("link", name="Update Help and Protection, action 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Update Help and Protection, action 2"
    )

    response = page.goto(other_plan.get_absolute_url())
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text(other_plan.title)
    assert_accessible(page)
    save_screenshot(page, "page-not-found")


def test_an_update_appears_in_the_plans_audit_history(page, improvement_lead, example_plan):
    open_example_plan(page, improvement_lead)
    help_and_protection(page).get_by_role("link", name="Action 1", exact=True).click()
    page.get_by_role("link", name="Record a progress update").click()
    save_update(page, status="Amber", progress="Delayed: the new FGC coordinator starts in March.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Help and Protection, action 1")

    page.get_by_role("link", name="Back to the tracker").click()
    page.get_by_role("link", name="Audit history").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit history")
    event = page.locator("#audit > tbody > tr").first
    expect(event.get_by_role("rowheader")).to_contain_text(
        "Status changed: Help and Protection, action 1"
    )
    expect(event).to_contain_text(improvement_lead.username)
    before, after = event.locator("td").nth(2), event.locator("td").nth(3)
    expect(before).to_contain_text("not_rated")
    expect(before).to_contain_text("Complete.")
    expect(after).to_contain_text("at_risk")
    expect(after).to_contain_text("Delayed: the new FGC coordinator starts in March.")
    save_screenshot(page, "audit-history")


def app_code(key: str) -> str:
    """What an authenticator app given this key shows now."""
    totp = TOTP(b32decode(key))
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_a_person_turns_on_two_factor_sign_in_and_signs_in_with_a_code(
    page, improvement_lead, example_plan
):
    sign_in(page, improvement_lead.username, improvement_lead.password)
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    key = page.locator("#secret").inner_text().strip()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    save_screenshot(page, "two-factor-set-up")
    page.get_by_label("Code").fill(app_code(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")
    backup_codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(backup_codes) == 10
    save_screenshot(page, "two-factor-backup-codes")
    page.get_by_role("button", name=re.compile("Sign out")).click()

    page.get_by_label("Username").fill(improvement_lead.username)
    page.get_by_label("Password").fill(improvement_lead.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    save_screenshot(page, "two-factor-code")
    # A backup code, as someone without their phone would.
    page.get_by_label("Code").fill(backup_codes[0])
    page.get_by_role("button", name="Continue").click()
    # On the home page, the plan they manage.
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")
    expect(page.get_by_role("link", name=PLAN_TITLE, exact=True)).to_be_visible()
