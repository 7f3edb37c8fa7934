"""An update round with leads, their people and a plan manager, and a real SMTP server on
loopback that the notices are sent to."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from improvement_tracker.accounts.models import Membership, Organisation, PlanRole, Role
from improvement_tracker.plans.models import Action, Lead, Plan, UpdateRound
from improvement_tracker.plans.services.rounds import round_open
from tests.factories import ActionFactory, DomainFactory, OrganisationFactory, PlanFactory
from tests.notices.smtp import Inbox, loopback_smtp

LONDON = ZoneInfo("Europe/London")
SITE = "https://tracker.example.gov.uk"
OPENED = dt.datetime(2027, 2, 15, 9, 0, tzinfo=LONDON)
DEADLINE = dt.date(2027, 3, 3)
BOARD = dt.date(2027, 3, 10)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def inbox(settings):
    """Django's SMTP backend pointed at a loopback aiosmtpd server for the test."""
    box = Inbox()
    with loopback_smtp(box) as port:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.DEFAULT_FROM_EMAIL = "improvement-tracker@example.gov.uk"
        settings.SITE_URL = SITE
        yield box


def person(username: str, organisation: Organisation, **fields: object) -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password="not-used-here", **fields
    )
    Membership.objects.create(user=user, organisation=organisation)
    return user


@dataclass
class Cycle:
    plan: Plan
    actions: dict[str, Action]  # by number
    people: dict[str, User]
    manager: User

    def open(self) -> UpdateRound:
        """Open the round for the board of BOARD, updates due by DEADLINE, as its manager."""
        return round_open(plan=self.plan, board_date=BOARD, deadline=DEADLINE, by=self.manager)


@pytest.fixture
def cycle(db) -> Cycle:
    """A council's plan of four actions: 1.1 led by the Head of Service, 1.2 by the Head
    and the police, 2.1 by the police, 2.2 by no one. Alice (council) acts for the Head;
    Bob (police, a lead contributor on the plan) for the police; Carol (police, no role on
    this plan) and Dave (another council) act for leads too but may not see the plan."""
    council = OrganisationFactory(name="Together for Children")
    police = OrganisationFactory(name="Northumbria Police")
    elsewhere = OrganisationFactory(name="Another Council")
    plan = PlanFactory(organisation=council, title="Children's services improvement plan")
    help_ = DomainFactory(plan=plan, position=1, label="Help and Protection")
    care = DomainFactory(plan=plan, position=2, label="Children in Care")
    head = Lead.objects.create(organisation=council, name="Head of Service", key="head")
    force = Lead.objects.create(organisation=council, name="Northumbria Police", key="police")
    actions = {
        "1.1": ActionFactory(domain=help_, number="1.1", text="Audit <b>referrals</b> & report"),
        "1.2": ActionFactory(domain=help_, number="1.2", text="Agree thresholds with partners"),
        "2.1": ActionFactory(domain=care, number="2.1", text="Review placements " * 20),
        "2.2": ActionFactory(domain=care, number="2.2", text="Refresh the sufficiency plan"),
    }
    actions["1.1"].leads.add(head)
    actions["1.2"].leads.add(head, force)
    actions["2.1"].leads.add(force)
    people = {
        "alice": person("alice", council, first_name="Alice", last_name="Ng"),
        "bob": person("bob", police, first_name="Bob", last_name="Hall"),
        "carol": person("carol", police),
        "dave": person("dave", elsewhere),
    }
    PlanRole.objects.create(plan=plan, user=people["bob"], role=Role.LEAD_CONTRIBUTOR)
    head.people.add(people["alice"], people["dave"])
    force.people.add(people["bob"], people["carol"])
    manager = person("mo", council, first_name="Mo", last_name="Khan")
    PlanRole.objects.create(plan=plan, user=manager, role=Role.MANAGER)
    return Cycle(plan, actions, people, manager)
