"""A board pack issued by clicking, and its file downloaded as issued (issue 20)."""

import hashlib

import pytest

from improvement_tracker.plans.models import BoardPack
from tests.browser.support import expect, save_screenshot, sign_in

pytestmark = pytest.mark.browser

PLAN_TITLE = "Learning and Improvement Plan 2020 – 2021"


def test_an_improvement_lead_issues_a_board_pack_and_downloads_its_pdf(
    page, improvement_lead, example_plan, tmp_path
):
    sign_in(page, improvement_lead.username, improvement_lead.password)
    page.get_by_role("link", name=PLAN_TITLE).click()
    page.get_by_role("link", name="Board packs issued for this plan").click()
    expect(page.get_by_text("No board pack has been issued for this plan yet.")).to_be_visible()
    page.get_by_role("link", name="Issue a board pack").click()
    expect(page.get_by_text("its 58 live actions in 3 domains")).to_be_visible()
    for part, value in (("Day", "30"), ("Month", "11"), ("Year", "2020")):
        page.get_by_label(part, exact=True).fill(value)
    save_screenshot(page, "board-pack-issue")
    page.get_by_role("button", name="Issue the board pack").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Board pack for 30 November 2020")
    pack = BoardPack.objects.get(plan=example_plan)
    as_at = page.locator(".govuk-summary-list__row", has_text="The plan as at")
    expect(as_at).to_contain_text("30 November 2020")
    save_screenshot(page, "board-pack")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    download = download_info.value
    stored = pack.files.get(kind="pdf")
    assert download.suggested_filename == stored.name
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == stored.sha256

    page.get_by_role("link", name="Back to the board packs").click()
    expect(page.get_by_role("table", name="1 board pack issued for this plan")).to_contain_text(
        "Live"
    )
