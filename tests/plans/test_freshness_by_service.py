"""Every service that changes what a plan's pages show says so (plans/services/freshness.py,
ADR 0035), and its change shows on the very next request to the cached tracker; those that
change nothing shown leave it kept. Auditing alone moves nothing (test_tracker_freshness.py)."""

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

import improvement_tracker
from improvement_tracker.accounts.models import Role
from improvement_tracker.audit.models import AuditEvent
from improvement_tracker.audit.services import audit_record
from improvement_tracker.documents.services import document_import
from improvement_tracker.plans.lead_merging import leads_merge
from improvement_tracker.plans.models import (
    Action,
    Activity,
    Domain,
    ExtraField,
    ExtraValue,
    Lead,
    Objective,
    Plan,
    UpdateRound,
)
from improvement_tracker.plans.plan_document import ActionEntry, DomainEntry, PlanDocument
from improvement_tracker.plans.rag import EXAMPLE_KEY, KeyEntry, Status
from improvement_tracker.plans.selectors import tracker as tracker_selectors
from improvement_tracker.plans.selectors.plans import tracker_fingerprint
from improvement_tracker.plans.services.actions import (
    action_add,
    action_edit,
    action_move,
    domain_renumber,
)
from improvement_tracker.plans.services.activities import (
    activity_add,
    activity_archive,
    activity_edit,
)
from improvement_tracker.plans.services.archiving import (
    action_archive,
    action_restore,
    activity_restore,
    domain_archive,
    domain_restore,
    extra_field_restore,
    objective_restore,
    plan_archive,
)
from improvement_tracker.plans.services.domains import domain_add, domain_move, domain_rename
from improvement_tracker.plans.services.extra_fields import (
    extra_field_add,
    extra_field_archive,
    extra_field_move,
    extra_field_rename,
)
from improvement_tracker.plans.services.importing import plan_import
from improvement_tracker.plans.services.leads import lead_add
from improvement_tracker.plans.services.objectives import (
    objective_add,
    objective_archive,
    objective_edit,
)
from improvement_tracker.plans.services.roles import (
    lead_people_set,
    plan_role_remove,
    plan_role_set,
)
from improvement_tracker.plans.services.rounds import round_close, round_open
from improvement_tracker.plans.services.status_key import plan_key_set
from improvement_tracker.plans.services.updates import action_record_update, suggestions_accept
from improvement_tracker.plans.slugs import plan_slug
from tests.factories import (
    ActionFactory,
    DomainFactory,
    LeadFactory,
    MembershipFactory,
    PlanFactory,
    PlanRoleFactory,
    UserFactory,
)
from tests.plans.conftest import calls_to
from tests.plans.pages import table1_total

pytestmark = pytest.mark.django_db


LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass
class World:
    """A plan with something for every service to change, and a plan manager."""

    plan: Plan
    help: Domain  # HELP AND PROTECTION: actions 1 and 2, and 9 archived
    care: Domain  # CARE LEAVERS: action 1, not rated
    gone: Domain  # an archived domain
    first: Action
    second: Action
    unrated: Action
    archived: Action
    kept: Lead
    merged: Lead
    manager: User

    def fresh(self) -> Plan:
        return Plan.objects.select_related("organisation").get(pk=self.plan.pk)


@pytest.fixture
def world() -> World:
    plan = PlanFactory(title="Freshness plan", slug=plan_slug("Freshness plan"))
    help_ = DomainFactory(plan=plan, position=1, title="HELP AND PROTECTION", label="Help")
    care = DomainFactory(plan=plan, position=2, title="CARE LEAVERS", label="Care")
    gone = DomainFactory(
        plan=plan, position=3, title="A DOMAIN BROUGHT BACK", label="Gone", archived_at=LONG_AGO
    )
    kept = LeadFactory(organisation=plan.organisation, name="Head of Safeguarding")
    merged = LeadFactory(organisation=plan.organisation, name="Safeguarding Head")
    first = ActionFactory(
        domain=help_, number=1, text="Keep children safe.", status=Status.ON_TRACK
    )
    first.leads.add(kept)
    second = ActionFactory(
        domain=help_, number=2, text="Train every social worker.", status=Status.ON_TRACK
    )
    second.leads.add(merged)
    unrated = ActionFactory(domain=care, number=1, text="Find every care leaver a home.")
    archived = ActionFactory(
        domain=help_, number=9, text="An action brought back.", archived_at=LONG_AGO
    )
    # Two extra fields with values on the first action (ADR 0040).
    for position, name, text in [(1, "Directorate", "Children's"), (2, "Outcome", "Fewer")]:
        field = ExtraField.objects.create(plan=plan, position=position, name=name)
        ExtraValue.objects.create(action=first, field=field, text=text)
    # An objective over the second action, and an activity under the first (ADR 0041).
    objective = Objective(domain=help_, text="To train everyone.", position=1)
    objective.set_number("1.1")
    objective.save()
    Action.objects.filter(pk=second.pk).update(objective=objective)
    Activity.objects.create(
        action=first, position=1, number="1.1.1", text="Book the trainers.", timescale_kind=""
    )
    # An archived objective over the unrated action, an archived activity under the first,
    # and an archived field with a value on the first: each to be brought back.
    gone_objective = Objective(
        domain=care, text="An objective brought back.", position=1, archived_at=LONG_AGO
    )
    gone_objective.set_number("2.9")
    gone_objective.save()
    Action.objects.filter(pk=unrated.pk).update(objective=gone_objective)
    Activity.objects.create(
        action=first,
        position=2,
        number="1.1.9",
        text="An activity brought back.",
        timescale_kind="",
        archived_at=LONG_AGO,
    )
    gone_field = ExtraField.objects.create(
        plan=plan, position=3, name="Brought back", archived_at=LONG_AGO
    )
    ExtraValue.objects.create(action=first, field=gone_field, text="A value kept")
    manager = PlanRoleFactory(plan=plan).user
    MembershipFactory(user=manager, organisation=plan.organisation)
    # Long ago, so that any move of updated_at shows, however quickly the test runs.
    Plan.objects.filter(pk=plan.pk).update(updated_at=LONG_AGO)
    plan.refresh_from_db()
    return World(plan, help_, care, gone, first, second, unrated, archived, kept, merged, manager)


def replacing_document(world: World) -> PlanDocument:
    """The plan again, as a file that replaces it."""
    return PlanDocument(
        title=world.plan.title,
        organisation=world.plan.organisation.name,
        domains=[DomainEntry("HELP AND PROTECTION", "Help", [ActionEntry("1", "Do it.", "", "")])],
        source_name="tracker.docx",
    )


@dataclass(frozen=True)
class Change:
    """A service's change, and what the tracker shows only once it is made."""

    make: Callable[[World], object]
    shows: Callable[[str, World], bool]
    query: tuple[tuple[str, str], ...] = ()


def showing(text: str) -> Callable[[str, World], bool]:
    return lambda html, world: text in html


def not_showing(text: str) -> Callable[[str, World], bool]:
    return lambda html, world: text not in html


def linking_to_its_new_address(html: str, world: World) -> bool:
    """A replaced plan moves to a new address, which its kept action links must follow."""
    slug = world.fresh().slug
    return "-replaced-" in slug and f"/plans/{slug}/actions/" in html


def today() -> dt.date:
    return timezone.localdate()


# Every service that changes what a plan's pages show, by name (plans/services/freshness.py).
SHOWN: dict[str, Change] = {
    "plans.services.actions.action_add": Change(
        lambda w: action_add(
            domain=w.help,
            number="3",
            text="Publish what the audit found.",
            lead_text="",
            leads=[],
            timescale_text="01/04/2021",
            high_priority=False,
            by=None,
        ),
        showing("Publish what the audit found."),
    ),
    "plans.services.actions.action_edit": Change(
        lambda w: action_edit(
            action=w.first,
            text="Keep every child safe, checked monthly.",
            lead_text="",
            leads=[],
            timescale_text="01/04/2021",
            high_priority=False,
            expected_version=w.first.version,
            by=None,
        ),
        showing("Keep every child safe, checked monthly."),
    ),
    "plans.services.actions.action_move": Change(
        lambda w: action_move(
            action=w.first, domain=w.care, number="5", expected_version=w.first.version, by=None
        ),
        showing('id="action-2-5"'),
    ),
    "plans.services.actions.domain_renumber": Change(
        lambda w: domain_renumber(
            domain=w.help,
            numbers={w.first.pk: "7", w.second.pk: "8"},
            expected_versions={w.first.pk: w.first.version, w.second.pk: w.second.version},
            by=None,
        ),
        showing('id="action-1-7"'),
    ),
    "plans.services.extra_fields.extra_field_add": Change(
        # The value is written straight to the table: only the service says the plan changed.
        lambda w: ExtraValue.objects.create(
            action=w.second,
            field=extra_field_add(plan=w.plan, name="KPI target", by=None),
            text="95% within 10 days",
        ),
        showing("<strong>KPI target:</strong> 95% within 10 days"),
    ),
    "plans.services.extra_fields.extra_field_rename": Change(
        lambda w: extra_field_rename(
            field=ExtraField.objects.get(name="Directorate"), name="Service area", by=None
        ),
        showing("<strong>Service area:</strong>"),
    ),
    "plans.services.extra_fields.extra_field_move": Change(
        lambda w: extra_field_move(field=ExtraField.objects.get(name="Outcome"), up=True, by=None),
        lambda html, w: html.index("Outcome:</strong>") < html.index("Directorate:</strong>"),
    ),
    "plans.services.extra_fields.extra_field_archive": Change(
        lambda w: extra_field_archive(field=ExtraField.objects.get(name="Outcome"), by=None),
        not_showing("<strong>Outcome:</strong>"),
    ),
    "plans.services.objectives.objective_add": Change(
        # The action is put under it straight in the table: only the service says so.
        lambda w: Action.objects.filter(pk=w.unrated.pk).update(
            objective=objective_add(
                domain=w.care, number="2.1", text="To house care leavers.", lead_text="", by=None
            )
        ),
        showing("Objective 2.1: To house care leavers."),
    ),
    "plans.services.objectives.objective_edit": Change(
        lambda w: objective_edit(
            objective=Objective.objects.get(number="1.1"),
            number="A",
            text="To train everyone, twice.",
            lead_text="",
            by=None,
        ),
        showing("Objective A: To train everyone, twice."),
    ),
    "plans.services.objectives.objective_archive": Change(
        lambda w: objective_archive(objective=Objective.objects.get(number="1.1"), by=None),
        not_showing("To train everyone."),
    ),
    "plans.services.activities.activity_add": Change(
        lambda w: activity_add(
            action=w.second,
            number="",
            text="Book a room.",
            lead_text="",
            timescale_text="",
            status=Status.ON_TRACK,
            by=None,
        ),
        showing("<li>Book a room."),
    ),
    "plans.services.activities.activity_edit": Change(
        lambda w: activity_edit(
            activity=Activity.objects.get(number="1.1.1"),
            number="1.1.1",
            text="Book the trainers by June.",
            lead_text="",
            timescale_text="",
            status=Status.ON_TRACK,
            by=None,
        ),
        showing("Book the trainers by June."),
    ),
    "plans.services.activities.activity_archive": Change(
        lambda w: activity_archive(activity=Activity.objects.get(number="1.1.1"), by=None),
        not_showing("Book the trainers."),
    ),
    "plans.services.archiving.plan_archive": Change(
        lambda w: plan_archive(plan=w.plan, by=None), showing("This plan was archived")
    ),
    "plans.services.archiving.domain_archive": Change(
        lambda w: domain_archive(domain=w.care, by=None), not_showing("CARE LEAVERS")
    ),
    "plans.services.archiving.domain_restore": Change(
        lambda w: domain_restore(domain=w.gone, by=None), showing("A DOMAIN BROUGHT BACK")
    ),
    "plans.services.archiving.action_archive": Change(
        lambda w: action_archive(action=w.first, by=None, expected_version=w.first.version),
        not_showing("Keep children safe."),
    ),
    "plans.services.archiving.action_restore": Change(
        lambda w: action_restore(action=w.archived, by=None, expected_version=w.archived.version),
        showing("An action brought back."),
    ),
    "plans.services.archiving.objective_restore": Change(
        lambda w: objective_restore(objective=Objective.objects.get(number="2.9"), by=None),
        showing("Objective 2.9: An objective brought back."),
    ),
    "plans.services.archiving.activity_restore": Change(
        lambda w: activity_restore(activity=Activity.objects.get(number="1.1.9"), by=None),
        showing("An activity brought back."),
    ),
    "plans.services.archiving.extra_field_restore": Change(
        lambda w: extra_field_restore(field=ExtraField.objects.get(name="Brought back"), by=None),
        showing("<strong>Brought back:</strong> A value kept"),
    ),
    "plans.services.status_key.plan_key_set": Change(
        lambda w: plan_key_set(
            plan=w.plan,
            entries=[
                *(e for e in EXAMPLE_KEY.entries if e.status is not Status.COMPLETE),
                KeyEntry(Status.COMPLETE, "Done and dusted", "purple", "Action complete."),
            ],
            by=None,
        ),
        showing("Done and dusted"),
    ),
    "plans.services.domains.domain_add": Change(
        lambda w: domain_add(plan=w.plan, title="YOUNG CARERS", label="Carers", by=None),
        showing("YOUNG CARERS"),
    ),
    "plans.services.domains.domain_rename": Change(
        lambda w: domain_rename(domain=w.help, title="HELP FOR FAMILIES", label="Help", by=None),
        showing("HELP FOR FAMILIES"),
    ),
    "plans.services.domains.domain_move": Change(
        lambda w: domain_move(domain=w.care, up=True, by=None),
        lambda html, w: html.index("CARE LEAVERS") < html.index("HELP AND PROTECTION"),
    ),
    "plans.services.updates.action_record_update": Change(
        lambda w: action_record_update(
            action=w.first,
            by=None,
            made_on=today(),
            status=Status.OFF_TRACK,
            progress="Deadline missed in November.",
            expected_version=w.first.version,
        ),
        showing("Deadline missed in November."),
    ),
    "plans.services.updates.suggestions_accept": Change(
        lambda w: suggestions_accept(
            choices=[(w.unrated, Status.AT_RISK, "Rated at the board.")],
            by=None,
            made_on=today(),
            period="",
        ),
        lambda html, w: table1_total(html, "Amber") == "1",
    ),
    "plans.lead_merging.leads_merge": Change(
        lambda w: leads_merge(keep=w.kept, merge=w.merged, by=None),
        not_showing(">Safeguarding Head<"),  # the lead filter offers the kept spelling only
        query=(("q", ""),),
    ),
    "plans.services.importing.plan_import": Change(
        lambda w: plan_import(document=replacing_document(w), replace=True),
        linking_to_its_new_address,
    ),
    "documents.services.document_import": Change(
        lambda w: document_import(document=replacing_document(w), person=w.manager, replace=True),
        linking_to_its_new_address,
    ),
}

# Services that change nothing a plan's tracker, action pages or exports show, and why.
NOT_SHOWN: dict[str, str] = {
    "plans.services.plans.plan_create": "a new plan: nothing of it can have been kept",
    "plans.services.next_year.plan_start_next_year": (
        "a new plan; the earlier one is not changed (its carried-forward links are read "
        "on every request, ADR 0015)"
    ),
    "plans.services.leads.lead_add": "a lead no action names is on no plan's pages",
    "plans.services.roles.plan_role_set": "roles: the kept parts are the same for everyone",
    "plans.services.roles.plan_role_remove": "roles: the kept parts are the same for everyone",
    "plans.services.roles.lead_people_set": "who acts for a lead is not on the kept parts",
    # Update rounds (issue 20) are on their own pages, read afresh on every request.
    "plans.services.rounds.round_open": "a round is not on the tracker, action pages or exports",
    "plans.services.rounds.round_close": "a round is not on the tracker, action pages or exports",
    "plans.services.rounds.plan_reminder_days_set": "shown on the rounds pages alone",
    "accounts.services.organisation_person_add": "a person's account",
    "accounts.services.person_one_time_password": "a person's account",
    "accounts.passwords.password_change": "a person's account",
    "accounts.passwords.password_reset_complete": "a person's account",
    "accounts.two_factor.two_factor_enable": "a person's account",
    "accounts.two_factor.two_factor_remove": "a person's account",
    "accounts.two_factor.check_code": "a person's account",
    "notices.services.notice_preferences_set": "a person's choice of email notices",
    "notices.services.notices_sent": "emails sent about a round: nothing of the plan changes",
    "documents.packs.pack_store": (
        "a board pack: frozen copies of the plan kept beside it, on its own pages only"
    ),
    "documents.services.portfolio_export": "a download of the portfolio: nothing changes",
    "api.services.api_token_create": "a person's API token: nothing of any plan changes",
    "api.services.api_token_revoke": "a person's API token: nothing of any plan changes",
}


def services_that_audit() -> set[str]:
    """Every service (a function in one transaction) of every module that writes audit
    events, outside the audit app itself, by its name below improvement_tracker."""
    found = set()
    for info in pkgutil.walk_packages(improvement_tracker.__path__, "improvement_tracker."):
        if ".migrations" in info.name or info.name.startswith("improvement_tracker.audit"):
            continue
        module = importlib.import_module(info.name)
        if getattr(module, "audit_record", None) is not audit_record:
            continue
        for name, function in vars(module).items():
            if (
                inspect.isfunction(function)
                and function.__module__ == module.__name__
                and hasattr(function, "__wrapped__")  # transaction.atomic
            ):
                found.add(f"{info.name.removeprefix('improvement_tracker.')}.{name}")
    return found


def test_every_service_says_whether_it_changes_what_a_plans_pages_show():
    """A new service that audits must be listed in SHOWN (and call plan_changed) or in
    NOT_SHOWN with why: a service that forgot would leave pages cached after its change."""
    assert services_that_audit() == set(SHOWN) | set(NOT_SHOWN)
    assert not set(SHOWN) & set(NOT_SHOWN)


@pytest.mark.hot_path  # the cached tracker itself
@pytest.mark.parametrize("service", sorted(SHOWN))
def test_each_service_that_changes_a_plan_says_so_and_its_tracker_shows_it_at_once(
    service, world, signed_in_client
):
    change = SHOWN[service]
    url = world.plan.get_absolute_url()
    signed_in_client.get(url, dict(change.query))  # built and kept
    kept = signed_in_client.get(url, dict(change.query)).content.decode()
    assert not change.shows(kept, world), "the change already shows before it is made"
    fingerprint = tracker_fingerprint(plan=world.plan)

    change.make(world)

    plan = world.fresh()
    assert plan.updated_at > LONG_AGO, f"{service} did not call plan_changed"
    assert tracker_fingerprint(plan=plan) != fingerprint
    html = signed_in_client.get(plan.get_absolute_url(), dict(change.query)).content.decode()
    assert change.shows(html, world)


UNSHOWN_CHANGES: dict[str, Callable[[World], object]] = {
    "plan_role_set": lambda w: plan_role_set(
        plan=w.plan, user=UserFactory(), role=Role.VIEWER, by=None
    ),
    "plan_role_remove": lambda w: plan_role_remove(plan=w.plan, user=w.manager, by=None),
    "lead_people_set": lambda w: lead_people_set(
        plan=w.plan, user=w.manager, leads=[w.kept], by=None
    ),
    "lead_add": lambda w: lead_add(
        organisation=w.plan.organisation, name="Head of Early Help", by=None, plan=w.plan
    ),
    "round_open": lambda w: round_open(
        plan=w.plan, board_date=dt.date(2030, 1, 31), deadline=dt.date(2030, 1, 24), by=None
    ),
    "round_close": lambda w: round_close(
        update_round=UpdateRound.objects.create(
            plan=w.plan,
            board_date=dt.date(2030, 1, 31),
            deadline=dt.date(2030, 1, 24),
            opened_at=timezone.now(),
        ),
        by=None,
    ),
}


@pytest.mark.hot_path  # the cached tracker itself
@pytest.mark.parametrize("service", sorted(UNSHOWN_CHANGES))
def test_a_change_nothing_on_the_page_shows_leaves_the_tracker_kept(
    service, world, signed_in_client, monkeypatch
):
    """Audited against the plan, and still no reason to build its pages again."""
    built = calls_to(monkeypatch, tracker_selectors, "plan_tracker")
    url = world.plan.get_absolute_url()
    signed_in_client.get(url)
    fingerprint = tracker_fingerprint(plan=world.plan)

    UNSHOWN_CHANGES[service](world)

    assert AuditEvent.objects.filter(plan_id=world.plan.pk).exists()
    assert world.fresh().updated_at == LONG_AGO
    assert tracker_fingerprint(plan=world.plan) == fingerprint
    signed_in_client.get(url)
    assert len(built) == 1
