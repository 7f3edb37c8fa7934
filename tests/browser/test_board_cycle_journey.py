"""The monthly board cycle as its people live it (issue 20), by clicking and typing: a plan
manager opens an update round, the lead contributor follows the link in the email that
`send_reminders` sends through a real SMTP server on loopback and records an update, the
manager sees it on the round's page, issues the board pack and reads what changed.

Each step saves a full-page screenshot (test-results/screenshots/).
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from improvement_tracker.plans.models import BoardPack
from tests.browser.support import expect, save_screenshot, sign_in
from tests.notices.smtp import Inbox, loopback_smtp, parts

pytestmark = pytest.mark.browser

PLAN_TITLE = "Learning and Improvement Plan 2020 – 2021"
LEAD_EMAIL = "lead-officer@example.org"


@pytest.fixture
def inbox(settings, live_server):
    """Django's SMTP backend pointed at a real SMTP server on loopback, and the emails'
    links at the live server the browser uses."""
    box = Inbox()
    with loopback_smtp(box) as port:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.SITE_URL = live_server.url
        yield box


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_round_opened_answered_from_the_email_seen_issued_and_what_changed(
    page, new_context, improvement_lead, lead_officer, example_plan, inbox
):
    User.objects.filter(username=lead_officer.username).update(email=LEAD_EMAIL)
    today = timezone.localdate()
    board, deadline = today + dt.timedelta(days=14), today + dt.timedelta(days=7)
    board_words = f"{board:%-d %B %Y}"

    # The plan manager opens a round for the next board, every open action ticked.
    sign_in(page, improvement_lead.username, improvement_lead.password)
    page.get_by_role("link", name=PLAN_TITLE).click()
    page.get_by_role("link", name=re.compile("^Update rounds")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update rounds")
    page.get_by_role("link", name="Open an update round").click()
    fill_date(page, "Board date", board)
    fill_date(page, "Deadline for updates", deadline)
    save_screenshot(page, "board-cycle-open-round")
    page.get_by_role("button", name="Open the round").click()
    heading = f"Update round for the board of {board_words}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#round-count")).to_have_text("0 of 58 actions updated")
    round_page = page.url

    # The notices go out; the lead contributor's email links to their action's update page.
    call_command("send_reminders")
    [email] = inbox.to(LEAD_EMAIL)
    text, html = parts(email)
    links = re.findall(r"Update it: (\S+)", text)
    assert links and all(link.startswith(page.url.split("/plans/")[0]) for link in links)
    link = next(link for link in links if "/1/2/update/" in link)
    assert f'href="{link}"' in html

    lead = new_context().new_page()
    lead.goto(link)
    expect(lead).to_have_title("Sign in – Improvement Tracker")
    lead.get_by_label("Username").fill(lead_officer.username)
    lead.get_by_label("Password").fill(lead_officer.password)
    lead.get_by_role("button", name="Sign in").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(
        "Update Help and Protection, action 2"
    )
    lead.get_by_role("radio", name="Amber").check()
    lead.get_by_label("Progress update").fill("MASH partners agreed the thresholds in March.")
    save_screenshot(lead, "board-cycle-lead-updates-from-the-email")
    lead.get_by_role("button", name="Save update").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Help and Protection, action 2")

    # The manager sees it on the round's page: one action updated, by its lead.
    page.goto(round_page)
    expect(page.locator("#round-count")).to_have_text("1 of 58 actions updated")
    updated = page.locator('#round-actions tr[data-updated="true"]')
    expect(updated).to_have_count(1)
    expect(updated).to_contain_text("Help and Protection, action 2")
    save_screenshot(page, "board-cycle-round-updated")

    # The manager issues the board's pack, and its Word file downloads as issued.
    page.get_by_role("link", name="Back to update rounds").click()
    page.get_by_role("link", name="Back to the tracker").click()
    page.get_by_role("link", name="Board packs issued for this plan").click()
    page.get_by_role("link", name="Issue a board pack").click()
    fill_date(page, "Board date", board)
    page.get_by_role("button", name="Issue the board pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Board pack for {board_words}")
    save_screenshot(page, "board-cycle-pack-issued")
    pack = BoardPack.objects.get(plan=example_plan, board_date=board)
    with page.expect_download() as download:
        page.locator("#pack-files").get_by_role("link", name=re.compile("^Word")).click()
    assert Path(download.value.path()).read_bytes() == bytes(pack.files.get(kind="docx").content)

    # And reads what changed: the lead's update among the status moves.
    page.get_by_role("link", name="Back to the board packs").click()
    page.get_by_role("link", name="Back to the tracker").click()
    page.get_by_role("link", name="What changed since the last board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed")
    action_2 = page.get_by_role("link", name="2 (Help and Protection)")
    moved = page.get_by_role("row").filter(has=action_2).filter(has_text="Not rated")
    expect(moved).to_have_count(1)
    expect(moved).to_contain_text("Amber")
    save_screenshot(page, "board-cycle-what-changed")
