"""Every page type, checked with axe-core against WCAG 2.0, 2.1 and 2.2 A and AA.

A new page is one line in PAGE_TYPES: its name, its URL's name, and, if the page only
appears after a person does something (uploads a file, saves a form with a mistake), a
`then` step that does it (and `opens`, the URL's name of where that person starts). The
page is looked at by the improvement lead unless `person` names another fixture.
test_every_page_has_an_accessibility_check fails while a named URL has no line here, so
a page cannot land without its check.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from base64 import b32decode
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import TOTP

from improvement_tracker.accounts import two_factor
from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.accounts.services import person_one_time_password
from improvement_tracker.api.models import ApiToken, Scope
from improvement_tracker.api.services import api_token_create, api_token_revoke
from improvement_tracker.plans.models import (
    Action,
    Activity,
    BoardPack,
    ExtraField,
    ExtraValue,
    Objective,
)
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services.activities import activity_add, activity_archive
from improvement_tracker.plans.services.extra_fields import extra_field_add, extra_field_archive
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.objectives import objective_add, objective_archive
from improvement_tracker.plans.services.rounds import round_close, round_open
from improvement_tracker.plans.views import PLANS_PER_PAGE
from tests.browser.conftest import Person
from tests.browser.support import (
    assert_accessible,
    assert_lined_up_with_the_header,
    assert_reflows,
    assert_well_structured,
    axe_violations,
    expect,
    save_screenshot,
)
from tests.conftest import EXAMPLE
from tests.documents.stored_packs import stored_pack
from tests.factories import PlanFactory, record_update

if TYPE_CHECKING:
    from playwright.sync_api import Page

# URLs that are not pages, and why; the admin is Django's own.
NOT_PAGES = {
    # Only redirect: signing out, and "home", which sends each person to the home page
    # (plans:home), checked below.
    "logout": "a POST that signs out and redirects",
    "home": "redirects to the home page",
    # Actions a form on a checked page posts to; they redirect, they show nothing.
    "plan_person_remove": "POST only, from the plan's people page",
    "documents:import_cancel": "POST only, from the import preview",
    # POST only, from the archived items page; a refusal shows that page with an error
    # summary, checked as "a restore refused" (through plans:action_restore).
    "plans:domain_restore": "POST only, from the archived items page",
    "plans:objective_restore": "POST only, from the archived items page",
    "plans:activity_restore": "POST only, from the archived items page",
    "plans:extra_field_restore": "POST only, from the archived items page",
    # A file, not a page: the export journey opens the Word board pack it sends.
    "documents:export": "a file download (test_journeys checks the Word file)",
    "documents:changes_export": "a file download (tests/plans/test_changes_page.py reads it)",
    "documents:board_pack_file": "a file download, the bytes a pack was issued with",
    "documents:portfolio_export": "a file download (tests/documents/test_portfolio_export.py)",
    # The API's reads answer JSON (or a file), not pages: tests/api/test_reads.py.
    **{
        f"api:{name}": "JSON from the API, not a page (tests/api/test_reads.py)"
        for name in (
            "plans_list",
            "plan_detail",
            "plan_action_rows",
            "action_detail",
            "plan_audit",
            "action_audit",
            "plan_export_file",
            "plan_suggestions",
        )
    },
    # Redirects to the identity provider; answer 404 unless single sign-on is set up.
    "oidc_authentication_init": "redirects to the identity provider",
    "oidc_authentication_callback": "the identity provider's redirect back",
    # The admin site's sign-in sends people to the service's sign-in page (checked above).
    "admin_sign_in": "redirects to the sign-in page, or on to the admin",
    "person_two_factor_reset": "POST only, from the organisation's people page",
}
# The admin is Django's own; the JSON API's addresses are not pages (its reference page,
# `api_reference`, is): tests/api/test_authorisation.py and test_schemathesis.py walk them.
NOT_OURS = ("admin:", "api:")


@dataclass(frozen=True)
class World:
    """What a page type's URL and its first steps can refer to."""

    action: Action
    contributor: Person  # holds a role on the plan, and is a person with a reset link

    @property
    def route_arguments(self) -> dict[str, Any]:
        user = get_user_model().objects.get(username=self.contributor.username)
        return {
            "slug": self.action.domain.plan.slug,
            "position": self.action.domain.position,
            "number": self.action.number,
            "user_id": user.pk,
            # A password reset link, as the email sends it.
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "field_id": self.extra_field.pk,
            "objective_id": self.objective.pk,
            "activity_id": self.activity.pk,
            "pack_id": self.pack.pk,
        }

    @property
    def pack(self) -> BoardPack:
        """A board pack of the plan, with its figures, so its pages show them (issue 20)."""
        plan = self.action.domain.plan
        return BoardPack.objects.filter(plan=plan).first() or stored_pack(plan)

    @property
    def extra_field(self) -> ExtraField:
        """The plan's extra field, with a value on the action, so that every page showing
        the action shows it too."""
        plan = self.action.domain.plan
        field = ExtraField.objects.filter(plan=plan).first()
        if field is None:
            field = extra_field_add(plan=plan, name="Success measures", by=None)
            ExtraValue.objects.create(action=self.action, field=field, text="Fewer re-referrals")
            plan_changed(plan)
        return field

    @property
    def objective(self) -> Objective:
        """An objective over the action, so that the tracker and the action page show one."""
        domain = self.action.domain
        objective = Objective.objects.filter(domain=domain).first()
        if objective is None:
            objective = objective_add(
                domain=domain,
                number="1",
                text="To establish systems for referrals.",
                lead_text="Head of Service",
                by=None,
            )
            Action.objects.filter(pk=self.action.pk).update(objective=objective)
        return objective

    @property
    def activity(self) -> Activity:
        """An activity under the action, with its own lead, timescale and status."""
        activity = Activity.objects.filter(action=self.action).first()
        if activity is None:
            activity = activity_add(
                action=self.action,
                number="1.1",
                text="Agree the thresholds.",
                lead_text="Service Manager",
                timescale_text="August 2021",
                status=Status.ON_TRACK,
                by=None,
            )
        return activity


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
    record_update(
        world.action,
        made_on=timezone.localdate(),
        status=Status.ON_TRACK,
        progress="Saved by someone else first.",
    )
    page.get_by_role("radio", name="Amber").check()
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Someone else has updated this action"
    )


def blank(label: str, button: str) -> Callable[[Page, World], None]:
    """Empty a required field and save: the form comes back with an error summary."""

    def step(page: Page, world: World) -> None:
        page.get_by_label(label, exact=True).fill("")
        pressing(button)(page, world)

    return step


def choosing_an_email_not_offered(page: Page, world: World) -> None:
    """A choice the page does not offer (as a crafted form would send) is refused."""
    page.locator("input[name=notices]").first.evaluate("box => { box.value = 'sms'; }")
    pressing("Save email choices")(page, world)


def upload_a_tracker(page: Page, world: World) -> None:
    """Upload the example tracker under a new title, to reach its preview."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "Learning and Improvement Plan 2020 – 2021", "Uploaded Improvement Plan 2020 – 2021", 1
    )
    page.get_by_label("Tracker file").set_input_files(
        files=[{"name": "uploaded.txt", "mimeType": "text/plain", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("button", name="Import this plan")).to_be_visible()


def upload_another_bodys_tracker(page: Page, world: World) -> None:
    """Upload a Word tracker in another body's shape, to reach its proposed mapping."""
    from tests.documents.test_mapping_page import TRACKER

    page.get_by_label("Tracker file").set_input_files(
        files=[{"name": "tracker.docx", "mimeType": "application/octet-stream", "buffer": TRACKER}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check how the file will be read")


def upload_another_bodys_csv_tracker(page: Page, world: World) -> None:
    """Upload a CSV tracker in another body's shape, to reach its proposed mapping (ADR 0051)."""
    from tests.documents.builders import csv_tracker
    from tests.documents.test_csv_mapping import COUNCIL

    page.get_by_label("Tracker file").set_input_files(
        files=[{"name": "tracker.csv", "mimeType": "text/csv", "buffer": csv_tracker(COUNCIL)}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check how the file will be read")


def upload_another_bodys_tracker_then_two_leads(page: Page, world: World) -> None:
    """The mapping with two lead columns: its error summary names the table and column."""
    upload_another_bodys_tracker(page, world)
    page.get_by_label("Column 4, ‘When?’").select_option("lead")
    pressing("Preview")(page, world)


def upload_a_tracker_with_extra_columns(page: Page, world: World) -> None:
    """Upload a CSV tracker with columns no field reads, to reach a preview that lists them."""
    rows = [
        "Extra Columns Plan",
        "No,Action,Success measures,,Directorate",
        "1,Review the front door.,Fewer re-referrals,A note,Children's Services",
    ]
    page.get_by_label("Tracker file").set_input_files(
        files=[{"name": "extra.csv", "mimeType": "text/csv", "buffer": "\r\n".join(rows).encode()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("table", name="Columns kept as extra fields")).to_be_visible()


def with_archived_items(page: Page, world: World) -> None:
    """Archive the action and another domain, and an objective, an activity and a field of
    the plan, so the page lists them all with their buttons."""
    action = world.action
    domain = action.domain
    objective = objective_add(
        domain=domain, number="1", text="To establish systems.", lead_text="", by=None
    )
    objective_archive(objective=objective, by=None)
    activity = activity_add(
        action=action, number="1.1", text="Book the trainers.", lead_text="",
        timescale_text="", status=Status.ON_TRACK, by=None,
    )  # fmt: skip
    activity_archive(activity=activity, by=None)
    extra_field_archive(field=extra_field_add(plan=domain.plan, name="Outcome", by=None), by=None)
    archiving_services.action_archive(action=action, by=None, expected_version=action.version)
    other = action.domain.plan.domains.exclude(pk=action.domain_id).order_by("position").first()
    assert other is not None
    archiving_services.domain_archive(domain=other, by=None)
    page.reload()
    expect(
        page.get_by_role("button", name=f"Restore {other.label} with its actions")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Restore the field Outcome")).to_be_visible()


def restore_after_someone_else(page: Page, world: World) -> None:
    """Restore an action someone else restored first: the page says so."""
    with_archived_items(page, world)
    action = world.action
    button = page.get_by_role(
        "button", name=f"Restore {action.domain.label}, action {action.number}"
    )
    archiving_services.action_restore(action=action, by=None, expected_version=action.version)
    button.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def on_a_middle_page_of_plans(page: Page, world: World) -> None:
    """Enough plans in the organisation for three pages; then the second page."""
    organisation = world.action.domain.plan.organisation
    PlanFactory.create_batch(2 * PLANS_PER_PAGE, organisation=organisation)
    page.goto(page.url + "?page=2")
    expect(page.get_by_role("navigation", name="Pages of plans")).to_be_visible()


def with_an_open_round(page: Page, world: World) -> None:
    """An update round open on the plan, asking for every open action: the lead officer's
    action 2 among them."""
    plan = world.action.domain.plan
    today = timezone.localdate()
    round_open(
        plan=plan,
        board_date=today + dt.timedelta(days=14),
        deadline=today + dt.timedelta(days=7),
        by=None,
    )
    page.reload()
    expect(page.locator("#in-rounds")).to_be_visible()


def with_activities_they_lead(page: Page, world: World) -> None:
    """Activities led by the contributor's lead: under their own action 2, and under action
    3, which they do not lead (ADR 0048)."""
    domain = world.action.domain.plan.domains.get(position=1)
    contributor = get_user_model().objects.get(username=world.contributor.username)
    lead = contributor.leads.first()
    for number, status in (("2", Status.ON_TRACK), ("3", Status.OFF_TRACK)):
        activity_add(
            action=domain.actions.get(number=number),
            number=f"{number}.1",
            text="Brief the partners' front-line staff.",
            lead_text=lead.name,
            timescale_text="August 2015",
            status=status,
            by=None,
        )
    page.reload()
    expect(page.get_by_text("Activities you lead:").first).to_be_visible()


def with_the_plan_archived(page: Page, world: World) -> None:
    archiving_services.plan_archive(plan=world.action.domain.plan, by=None)
    page.reload()
    expect(page.get_by_role("link", name=world.action.domain.plan.title)).to_be_visible()


def contributing_to_another_plan(page: Page, world: World) -> None:
    """The contributor is a lead contributor on another plan of the organisation too, so
    their leads count there: only an organisation administrator may choose them."""
    plan = world.action.domain.plan
    another = PlanFactory(organisation=plan.organisation, title="Another plan")
    contributor = get_user_model().objects.get(username=world.contributor.username)
    PlanRole.objects.create(plan=another, user=contributor, role=Role.LEAD_CONTRIBUTOR)
    page.reload()
    expect(page.get_by_text("Only an organisation administrator")).to_be_visible()


def _round_opened(world: World, *, closed_first: bool = False) -> None:
    """An update round on the example plan's open actions, the board a fortnight away; with
    `closed_first`, an earlier round closed before it, one update recorded in that one."""
    plan = world.action.domain.plan
    today = timezone.localdate()
    if closed_first:
        earlier = round_open(plan=plan, board_date=today, deadline=today, by=None)
        record_update(world.action, made_on=today, status=Status.ON_TRACK, progress="Done.")
        round_close(update_round=earlier, by=None)
    round_open(
        plan=plan,
        board_date=today + dt.timedelta(days=14),
        deadline=today + dt.timedelta(days=7),
        by=None,
    )


def with_rounds(page: Page, world: World) -> None:
    _round_opened(world, closed_first=True)
    page.reload()
    expect(page.get_by_role("table", name=re.compile("2 rounds"))).to_be_visible()


def with_a_round_open(page: Page, world: World) -> None:
    _round_opened(world)
    page.reload()
    expect(page.get_by_text("Update due by").first).to_be_visible()


def with_a_round_already_open(page: Page, world: World) -> None:
    _round_opened(world)
    page.reload()
    expect(page.get_by_text("This plan already has an open update round")).to_be_visible()


def to_the_open_round(page: Page, world: World) -> None:
    _round_opened(world)
    page.reload()
    page.get_by_role("link", name=re.compile("^Board of ")).click()
    expect(page.get_by_text(re.compile(r"\d+ of \d+ actions updated"))).to_be_visible()


def to_closing_the_round(page: Page, world: World) -> None:
    to_the_open_round(page, world)
    page.get_by_role("link", name="Close this round").click()
    expect(page.get_by_role("button", name="Close the round")).to_be_visible()


def an_impossible_board_date(page: Page, world: World) -> None:
    for part, value in (("Day", "31"), ("Month", "2"), ("Year", "2026")):
        page.get_by_label(part, exact=True).fill(value)
    pressing("Issue the board pack")(page, world)


def issued_again(page: Page, world: World) -> None:
    """The pack issued again for its board: the page shows the first as archived."""
    first = world.pack
    BoardPack.objects.filter(pk=first.pk).update(archived_at=timezone.now())
    stored_pack(first.plan, first.board_date)
    page.reload()
    expect(page.locator("#archived-pack")).to_be_visible()


@pytest.fixture
def plan_manager(django_user_model: Any, example_plan: Any) -> Person:
    """A plan manager of the example plan who does not administer the organisation."""
    user = django_user_model.objects.create_user(username="plan-manager", password="unused-pw")
    Membership.objects.create(user=user, organisation=example_plan.organisation)
    PlanRole.objects.create(plan=example_plan, user=user, role=Role.MANAGER)
    return Person("plan-manager", "unused-pw")


def mismatched_passwords(page: Page, world: World) -> None:
    page.get_by_label("New password", exact=True).fill("a-long-new-password-1")
    page.get_by_label("New password confirmation").fill("a-different-password-2")
    pressing("Save password")(page, world)


def with_an_app_signing_in(page: Page, world: World) -> None:
    """The contributor has an authenticator app: their right password leads to the code."""
    user = get_user_model().objects.get(username=world.contributor.username)
    two_factor.two_factor_enable(user=user, secret=two_factor.new_secret(), ip_address=None)
    page.get_by_label("Username").fill(world.contributor.username)
    page.get_by_label("Password").fill(world.contributor.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )


def signing_in_with_a_one_time_password(page: Page, world: World) -> None:
    """The contributor was given a one-time password (add_person): they choose their own
    before anything else."""
    user = get_user_model().objects.get(username=world.contributor.username)
    one_time = person_one_time_password(user=user, by=None)
    page.get_by_label("Username").fill(world.contributor.username)
    page.get_by_label("Password").fill(one_time)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your own password")


def then_choosing_nothing(page: Page, world: World) -> None:
    signing_in_with_a_one_time_password(page, world)
    pressing("Change password")(page, world)


def then_a_wrong_code(page: Page, world: World) -> None:
    with_an_app_signing_in(page, world)
    page.get_by_label("Code").fill("not-a-code")
    pressing("Continue")(page, world)


def entering_the_apps_code(page: Page, world: World) -> None:
    """Type the key shown into an 'app' (the test computes the code), and confirm it."""
    key = page.locator("#secret").inner_text().strip()
    totp = TOTP(b32decode(key))
    totp.time = time.time()
    page.get_by_label("Code").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")


def _tokens_of_every_state(world: World) -> None:
    """The organisation's administrator (the improvement lead) holds a live, an expired and
    a revoked token; a colleague they administer holds one too."""
    organisation = world.action.domain.plan.organisation
    admin = Membership.objects.filter(organisation=organisation, is_admin=True).get().user
    api_token_create(user=admin, name="Power BI board report", scope=Scope.READ, days=90, by=admin)
    expired, _ = api_token_create(user=admin, name="Old export", scope=Scope.READ, days=1, by=admin)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    revoked, _ = api_token_create(user=admin, name="Loader", scope=Scope.WRITE, days=30, by=admin)
    api_token_revoke(token=revoked, by=admin)
    colleague = get_user_model().objects.create_user(username="analyst", password="unused-pw")
    Membership.objects.create(user=colleague, organisation=organisation)
    api_token_create(
        user=colleague, name="Nightly loader", scope=Scope.WRITE, days=30, by=colleague
    )


def with_tokens_of_every_state(page: Page, world: World) -> None:
    _tokens_of_every_state(world)
    page.reload()
    expect(page.get_by_role("heading", name="Nightly loader, of analyst")).to_be_visible()


def making_a_token(page: Page, world: World) -> None:
    page.get_by_label("Name", exact=True).fill("Power BI board report")
    page.get_by_role("radio", name="Read only").check()
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API token made")


def to_revoking_a_token(page: Page, world: World) -> None:
    _tokens_of_every_state(world)
    page.reload()
    page.get_by_role("link", name="Revoke Power BI board report").click()
    expect(page.get_by_role("button", name="Revoke this token")).to_be_visible()


@dataclass(frozen=True)
class PageType:
    name: str
    url_name: str
    query: str = ""
    person: str | None = "improvement_lead"  # the fixture of who looks; None: signed out
    then: Callable[[Page, World], None] | None = None  # what a person does there first
    opens: str | None = None  # the URL's name of where `then` starts, if not url_name
    arguments: dict[str, Any] = field(default_factory=dict)  # instead of the World's
    heading: str = ""  # the h1 to see, where one URL shows different pages


PAGE_TYPES = [
    PageType("sign-in", "login", person=None),
    PageType("sign-in with errors", "login", person=None, then=pressing("Sign in")),
    PageType("password reset", "password_reset", person=None),
    PageType(
        "password reset with errors", "password_reset", person=None, then=pressing("Send the link")
    ),
    PageType("password reset sent", "password_reset_done", person=None),
    PageType(
        "new password", "password_reset_confirm", person=None, heading="Choose a new password"
    ),
    PageType(
        "new password with errors",
        "password_reset_confirm",
        person=None,
        then=mismatched_passwords,
    ),
    PageType(
        "expired reset link",
        "password_reset_confirm",
        person=None,
        arguments={"token": "used-or-expired-token"},
        heading="This link has expired or been used",
    ),
    PageType("password reset complete", "password_reset_complete", person=None),
    PageType(
        "two-factor code",
        "two_factor_sign_in",
        person=None,
        opens="login",
        then=with_an_app_signing_in,
    ),
    PageType(
        "two-factor code with errors",
        "two_factor_sign_in",
        person=None,
        opens="login",
        then=then_a_wrong_code,
    ),
    PageType("your account", "account"),
    PageType("email notices", "notices:preferences"),
    PageType(
        "email notices with errors",
        "notices:preferences",
        then=choosing_an_email_not_offered,
    ),
    # Personal API tokens (issue 21)
    PageType("API tokens", "api_tokens:list"),
    PageType(
        "API tokens, live, expired, revoked and the organisation's",
        "api_tokens:list",
        then=with_tokens_of_every_state,
    ),
    PageType("make an API token", "api_tokens:new"),
    PageType("make an API token with errors", "api_tokens:new", then=pressing("Make the token")),
    PageType("API token made, shown once", "api_tokens:new", then=making_a_token),
    PageType(
        "revoke an API token",
        "api_tokens:revoke",
        opens="api_tokens:list",
        then=to_revoking_a_token,
    ),
    PageType("API reference", "api_reference"),
    PageType("change your password", "password_change"),
    PageType(
        "change your password with errors",
        "password_change",
        then=pressing("Change password"),
    ),
    PageType(
        "choose your own password",
        "password_change",
        person=None,
        opens="login",
        then=signing_in_with_a_one_time_password,
    ),
    PageType(
        "choose your own password with errors",
        "password_change",
        person=None,
        opens="login",
        then=then_choosing_nothing,
    ),
    PageType("set up two-factor sign-in", "two_factor_setup"),
    PageType(
        "set up two-factor sign-in with errors",
        "two_factor_setup",
        then=pressing("Turn on two-factor sign-in"),
    ),
    PageType("backup codes", "two_factor_setup", then=entering_the_apps_code),
    PageType("turn off two-factor sign-in", "two_factor_remove"),
    PageType(
        "turn off two-factor sign-in with errors",
        "two_factor_remove",
        then=pressing("Turn off two-factor sign-in"),
    ),
    PageType("home", "plans:home"),
    PageType("home of a lead contributor", "plans:home", person="lead_officer"),
    PageType(
        "home in an update round", "plans:home", person="lead_officer", then=with_an_open_round
    ),
    PageType("portfolio", "plans:portfolio"),
    PageType("portfolio with errors", "plans:portfolio", "?status=nonsense"),
    PageType("portfolio, a page of many", "plans:portfolio", then=on_a_middle_page_of_plans),
    PageType("plan list", "plans:plan_list"),
    PageType("plan list, a page of many", "plans:plan_list", then=on_a_middle_page_of_plans),
    PageType("archived plans", "plans:archived_plans", then=with_the_plan_archived),
    PageType("my actions", "plans:my_actions", person="lead_officer"),
    PageType(
        "my actions with activities",
        "plans:my_actions",
        person="lead_officer",
        then=with_activities_they_lead,
    ),
    PageType("tracker", "plans:tracker"),
    PageType("tracker with an as-at error", "plans:tracker", "?as_of_0=31&as_of_1=2&as_of_2=2021"),
    PageType("action", "plans:action_detail"),
    PageType("update form", "plans:action_update"),
    PageType("update form with errors", "plans:action_update", then=save_without_progress),
    PageType("conflict", "plans:action_update", then=save_after_someone_else),
    PageType("exceptions", "plans:exceptions"),
    PageType("what changed", "plans:changes", "?since=2020-01-01"),
    PageType(
        "what changed with errors",
        "plans:changes",
        "?since_0=31&since_1=2&since_2=2021&until_0=1&until_1=3&until_2=2021",
    ),
    PageType("suggestions", "plans:suggestions"),
    PageType("suggestions with an error", "plans:suggestions", then=pressing("Save my choices")),
    PageType("trends", "plans:trends"),
    PageType(
        "trends of a domain by month end",
        "plans:trends",
        "?dates=months&domain=Children+in+Care+%26+Care+Leavers",
    ),
    PageType("trends with errors", "plans:trends", "?dates=weekly&domain=Finance"),
    # Changing a plan's shape
    PageType("new plan", "plans:plan_create"),
    PageType("new plan with errors", "plans:plan_create", then=pressing("Create plan")),
    PageType("manage the plan", "plans:manage"),
    PageType("next plan year", "plans:plan_next_year"),
    PageType("archive a plan", "plans:plan_archive"),
    PageType("archived items", "plans:archived_items"),
    PageType("archived items to restore", "plans:archived_items", then=with_archived_items),
    PageType(
        "a restore refused",
        "plans:action_restore",
        opens="plans:archived_items",
        then=restore_after_someone_else,
    ),
    PageType("add a domain", "plans:domain_add"),
    PageType("add a domain with errors", "plans:domain_add", then=pressing("Add domain")),
    PageType("edit a domain", "plans:domain_edit"),
    PageType("archive a domain", "plans:domain_archive"),
    PageType("renumber a domain", "plans:domain_renumber"),
    PageType("add an action", "plans:action_add"),
    PageType("add an action with errors", "plans:action_add", then=pressing("Add action")),
    PageType("edit an action", "plans:action_edit"),
    PageType(
        "edit an action with errors", "plans:action_edit", then=blank("Action", "Save action")
    ),
    PageType("move an action", "plans:action_move"),
    PageType("archive an action", "plans:action_archive"),
    PageType("leads", "plans:leads"),
    PageType("extra fields", "plans:extra_fields"),
    PageType("extra fields with errors", "plans:extra_fields", then=pressing("Add field")),
    PageType("rename an extra field", "plans:extra_field_edit"),
    PageType(
        "rename an extra field with errors",
        "plans:extra_field_edit",
        then=blank("Field name", "Save field"),
    ),
    PageType("archive an extra field", "plans:extra_field_archive"),
    PageType("objectives", "plans:objectives"),
    PageType("objectives with errors", "plans:objectives", then=pressing("Add objective")),
    PageType("change an objective", "plans:objective_edit"),
    PageType(
        "change an objective with errors",
        "plans:objective_edit",
        then=blank("Objective", "Save objective"),
    ),
    PageType("archive an objective", "plans:objective_archive"),
    PageType("activities", "plans:activities"),
    PageType("activities with errors", "plans:activities", then=pressing("Add activity")),
    PageType("change an activity", "plans:activity_edit"),
    PageType(
        "change an activity with errors",
        "plans:activity_edit",
        then=blank("Activity", "Save activity"),
    ),
    PageType("archive an activity", "plans:activity_archive"),
    PageType("status key", "plans:status_key"),
    PageType(
        "status key with errors",
        "plans:status_key",
        then=blank("Label for off track", "Save the key"),
    ),
    PageType("merge leads", "plans:leads_merge"),
    # Update rounds (issue 20)
    PageType("update rounds", "plan_rounds"),
    PageType("update rounds, open and past", "plan_rounds", then=with_rounds),
    PageType("open an update round", "round_open"),
    PageType("open an update round with errors", "round_open", then=pressing("Open the round")),
    PageType(
        "open an update round while one is open", "round_open", then=with_a_round_already_open
    ),
    PageType("an update round", "round_detail", opens="plan_rounds", then=to_the_open_round),
    PageType(
        "an update round, a lead's own part first",
        "round_detail",
        opens="plan_rounds",
        person="lead_officer",
        then=to_the_open_round,
    ),
    PageType(
        "close an update round", "round_close", opens="plan_rounds", then=to_closing_the_round
    ),
    PageType("when reminders start", "plan_reminders"),
    PageType(
        "when reminders start with errors",
        "plan_reminders",
        then=blank("Days before the deadline that reminders start", "Save"),
    ),
    PageType(
        "my actions in an open round",
        "plans:my_actions",
        person="lead_officer",
        then=with_a_round_open,
    ),
    # People and roles
    PageType("plan people", "plan_people"),
    PageType("plan people with errors", "plan_people", then=pressing("Give this role")),
    PageType("a person's leads", "plan_person_leads"),
    PageType(
        "a person's leads, an administrator's to choose",
        "plan_person_leads",
        person="plan_manager",
        then=contributing_to_another_plan,
    ),
    PageType("organisation people", "organisation_people"),
    PageType("organisation people with errors", "organisation_people", then=pressing("Add person")),
    # Audit
    PageType("plan audit history", "plan_audit"),
    PageType("action audit history", "action_audit"),
    # Documents
    PageType("import a plan", "documents:import_new"),
    PageType(
        "import a plan with errors", "documents:import_new", then=pressing("Upload and preview")
    ),
    PageType(
        "import preview",
        "documents:import_confirm",
        opens="documents:import_new",
        then=upload_a_tracker,
    ),
    PageType(
        "import preview with extra fields",
        "documents:import_confirm",
        opens="documents:import_new",
        then=upload_a_tracker_with_extra_columns,
    ),
    PageType(
        "import mapping",
        "documents:import_mapping",
        opens="documents:import_new",
        then=upload_another_bodys_tracker,
    ),
    PageType(
        "import mapping of a CSV",
        "documents:import_mapping",
        opens="documents:import_new",
        then=upload_another_bodys_csv_tracker,
    ),
    PageType(
        "import mapping with errors",
        "documents:import_mapping",
        opens="documents:import_new",
        then=upload_another_bodys_tracker_then_two_leads,
    ),
    # Board packs (issue 20)
    PageType("board packs", "documents:board_packs"),
    PageType("issue a board pack", "documents:board_pack_issue"),
    PageType(
        "issue a board pack with errors",
        "documents:board_pack_issue",
        then=an_impossible_board_date,
    ),
    PageType("board pack", "documents:board_pack"),
    PageType("board pack archived", "documents:board_pack", then=issued_again),
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


def test_not_pages_are_urls():
    assert set(NOT_PAGES) - set(named_routes()) == set(), "NOT_PAGES names URLs that do not exist"


def page_url(page_type: PageType, world: World) -> str:
    name = page_type.opens or page_type.url_name
    arguments = {**world.route_arguments, **page_type.arguments}
    wanted = named_routes()[name]
    unknown = [name for name in wanted if name not in arguments]
    assert not unknown, f"Give World.route_arguments a value for {unknown}"
    return reverse(name, kwargs={k: arguments[k] for k in wanted}) + page_type.query


@pytest.mark.browser
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda page_type: page_type.name)
def test_page_type_meets_wcag_a_and_aa(
    request, page_type, page, sign_in_by_cookie, example_action, lead_officer
):
    world = World(action=example_action, contributor=lead_officer)
    check_page_type(request, page_type, page, sign_in_by_cookie, world)


def check_page_type(
    request: pytest.FixtureRequest,
    page_type: PageType,
    page: Page,
    sign_in_by_cookie: Callable[..., None],
    world: World,
) -> None:
    """Reach the page type as its person, then check it with axe, for structure, against
    the header's width and at 640 pixels."""
    if page_type.person:
        sign_in_by_cookie(page.context, request.getfixturevalue(page_type.person))
    response = page.goto(page_url(page_type, world))
    assert response is not None and response.ok
    if page_type.then:
        page_type.then(page, world)
    # The page checked is the page named (a `then` step can lead elsewhere).
    assert resolve(urlsplit(page.url).path).view_name == page_type.url_name
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if page_type.heading:
        expect(page.get_by_role("heading", level=1)).to_have_text(page_type.heading)

    # What a closed "details" holds is checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page)
    assert_well_structured(page)
    assert_lined_up_with_the_header(page)
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
