"""A demo plan with a year of monthly board cycles, made through the services people use
(issue 20), so that a fresh machine's pages show rounds, updates and trends that happened.

Everything is done by the services a person's clicks call (`plan_create`, `action_add`,
`round_open`, `action_record_update`, `round_close`, `action_edit`, `action_archive`), each
audited as real use is, by the demo's own people. Updates carry their historical
`made_on`, which the services accept. Where a service stamps "now" on a row because it
records when something happened — a round's `opened_at` and `closed_at`, an action's (and
the plan's) `created_at`, a pack's `issued_at` — the row is given its historical time
straight after the service made it (`_backdate`), so the plan reads as a year lived. The
audit trail is a hash chain and is never rewritten: its events keep the time they were
really recorded, the time the demo was loaded. So the changes that "what changed" reads
back from the trail (timescales moved, an action archived; ADR 0056) are made as the last
step, since the last board, and not backdated (ADR 0060).

Seeded: the same seed and the same day give the same plan. A second run finds the demo's
organisation and changes nothing.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from improvement_tracker.accounts.models import Organisation, Role
from improvement_tracker.accounts.services import organisation_person_add
from improvement_tracker.plans.demo_calendar import (
    RoundDates,
    month_end,
    month_ends,
    round_dates,
)
from improvement_tracker.plans.management.demo_words import (
    DOMAINS,
    EVIDENCE,
    LEADS,
    PROGRESS,
    PURPOSES,
    SUBJECTS,
    VERBS,
)
from improvement_tracker.plans.models import Action, BoardPack, Domain, Lead, Plan, UpdateRound
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.actions import action_add, action_edit
from improvement_tracker.plans.services.archiving import action_archive
from improvement_tracker.plans.services.domains import domain_add
from improvement_tracker.plans.services.leads import lead_add
from improvement_tracker.plans.services.plans import plan_create
from improvement_tracker.plans.services.roles import lead_people_set, plan_role_set
from improvement_tracker.plans.services.rounds import round_close, round_open
from improvement_tracker.plans.services.updates import action_record_update
from improvement_tracker.plans.timescales import Kind

# Not "demo-…": `generate_demo_data --replace` deletes those organisations, never this one.
ORGANISATION = "Eastbrook Borough Council (demo history)"
ORGANISATION_SLUG = "eastbrook-demo-history"
MONTHS = 12
ACTIONS_PER_DOMAIN = 10
# The round (0 the first) before which an action is added to the plan.
ADDED_IN_ROUND = 4
# Timescales moved since the last board: by how many months (a slip is later).
TIMESCALE_MOVES = (3, 2, -1)
# Of the actions a round asks about: the share updated in a closed round, and so far in
# the open one.
UPDATED_SHARE = 0.9
UPDATED_SO_FAR_SHARE = 0.5

LEAD_NAMES = LEADS[:6]
# The next status from the last, month by month: slower to complete than generate_demo_data's
# steps, so that a year leaves about a third of the plan done and some of it Red.
STEPS: dict[Status, list[tuple[Status, int]]] = {
    Status.NOT_RATED: [(Status.ON_TRACK, 5), (Status.AT_RISK, 2)],
    Status.ON_TRACK: [(Status.ON_TRACK, 14), (Status.AT_RISK, 3), (Status.COMPLETE, 1)],
    Status.AT_RISK: [(Status.AT_RISK, 7), (Status.ON_TRACK, 3), (Status.OFF_TRACK, 2)],
    Status.OFF_TRACK: [(Status.OFF_TRACK, 6), (Status.AT_RISK, 3)],
}


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    leads: tuple[str, ...] = ()  # the leads they act for; none for the plan manager

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


MANAGER = DemoPerson("alex.morgan", "Alex", "Morgan")
CONTRIBUTORS = (
    DemoPerson("sam.patel", "Sam", "Patel", (LEAD_NAMES[0],)),
    DemoPerson("jo.evans", "Jo", "Evans", (LEAD_NAMES[1], LEAD_NAMES[2])),
    DemoPerson("chris.okafor", "Chris", "Okafor", (LEAD_NAMES[3],)),
    DemoPerson("ruth.kaur", "Ruth", "Kaur", (LEAD_NAMES[4],)),
    DemoPerson("dan.hughes", "Dan", "Hughes", (LEAD_NAMES[5],)),
)

# Issues the board pack of a plan for a board date (documents' `pack_issue`, above plans).
IssuePack = Callable[[Plan, dt.date, User], BoardPack]


@dataclass
class DemoPlan:
    plan: Plan
    created: bool  # False when an earlier run had made it: nothing was changed
    people: list[tuple[User, str]] = field(default_factory=list)  # each with their role


def demo_history_load(
    *, seed: int, today: dt.date, issue_pack: IssuePack | None = None
) -> DemoPlan:
    """The demo plan with its year of history, made once; run again, it is only found.

    `issue_pack`, given, issues each past board's pack when its round closes.
    """
    existing = Plan.objects.filter(
        organisation__slug=ORGANISATION_SLUG, archived_at__isnull=True
    ).first()
    if existing is not None:
        return DemoPlan(existing, created=False, people=demo_people())
    history = _History(seed=seed, today=today, issue_pack=issue_pack)
    return DemoPlan(history.build(), created=True, people=demo_people())


def demo_people() -> list[tuple[User, str]]:
    """The demo's people, the plan manager first, each with the words for their role."""
    found = {user.username: user for user in User.objects.filter(username__in=_usernames())}
    people = [(found[MANAGER.username], "plan manager")] if MANAGER.username in found else []
    for person in CONTRIBUTORS:
        if person.username in found:
            words = f"lead contributor for {' and '.join(person.leads)}"
            people.append((found[person.username], words))
    return people


def _usernames() -> list[str]:
    return [MANAGER.username, *(person.username for person in CONTRIBUTORS)]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _backdate(model: type[models.Model], pk: int, **times: dt.datetime) -> None:
    """Give a row the historical time of what a service just recorded as happening now."""
    model._default_manager.filter(pk=pk).update(**times)


class _History:
    """Builds the plan, then lives its year round by round, in the order things happened."""

    def __init__(self, *, seed: int, today: dt.date, issue_pack: IssuePack | None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.today = today
        self.issue_pack = issue_pack
        self.rounds = round_dates(today=today, months=MONTHS)
        self.timescales = month_ends(self.rounds[0].board_date, 18)
        self.status: dict[int, Status] = {}
        self.acting: dict[str, User] = {}  # lead name -> the person who acts for it
        self.leads_of: dict[int, list[Lead]] = {}  # action id -> its leads, as added

    def build(self) -> Plan:
        organisation = Organisation.objects.create(name=ORGANISATION, slug=ORGANISATION_SLUG)
        self.manager = self.person(organisation, MANAGER, is_admin=True)
        start = self.rounds[0].opens_on
        self.plan = plan_create(
            organisation=organisation,
            title=f"Children's Services Improvement Plan {start.year} – {start.year + 2}",
            period_start=start,
            period_end=dt.date(start.year + 2, start.month, 1),
            reporting_date=self.rounds[-1].board_date,
            by=self.manager,
        )
        self.leads = self.register(organisation)
        self.contributors()
        self.domains = [
            domain_add(plan=self.plan, title=title, label=label, by=self.manager)
            for title, label in DOMAINS
        ]
        self.actions = [
            self.action(domain, str(number))
            for domain in self.domains
            for number in range(1, ACTIONS_PER_DOMAIN + 1)
        ]
        year_start = _at(start, 9)
        _backdate(Plan, self.plan.pk, created_at=year_start)
        Action.objects.filter(domain__plan=self.plan).update(created_at=year_start)
        for index, dates in enumerate(self.rounds):
            self.month(index, dates)
        return self.plan

    # The people and the plan's shape

    def person(self, organisation: Organisation, person: DemoPerson, *, is_admin: bool) -> User:
        return organisation_person_add(
            organisation=organisation,
            username=person.username,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            is_admin=is_admin,
            by=None,
        )

    def register(self, organisation: Organisation) -> dict[str, Lead]:
        return {
            name: lead_add(organisation=organisation, name=name, by=self.manager, plan=self.plan)
            for name in LEAD_NAMES
        }

    def contributors(self) -> None:
        for person in CONTRIBUTORS:
            user = self.person(self.plan.organisation, person, is_admin=False)
            plan_role_set(plan=self.plan, user=user, role=Role.LEAD_CONTRIBUTOR, by=self.manager)
            leads = [self.leads[name] for name in person.leads]
            lead_people_set(plan=self.plan, user=user, leads=leads, by=self.manager)
            self.acting.update(dict.fromkeys(person.leads, user))

    def action(self, domain: Domain, number: str) -> Action:
        rng = self.rng
        leads = rng.sample(list(self.leads.values()), k=rng.choice([1, 1, 1, 2]))
        if rng.random() < 0.2:
            timescale = rng.choice(
                ["Ongoing", f"Quarterly from {self.rounds[0].opens_on:%d/%m/%Y}"]
            )
        else:
            timescale = f"{rng.choice(self.timescales[2:]):%d/%m/%Y}"
        action = action_add(
            domain=domain,
            number=number,
            text=f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(PURPOSES)}.",
            lead_text=" & ".join(lead.name for lead in leads),
            leads=leads,
            timescale_text=timescale,
            high_priority=rng.random() < 0.2,
            by=self.manager,
        )
        self.leads_of[action.pk] = leads
        return action

    # The year, one round at a time

    def month(self, index: int, dates: RoundDates) -> None:
        if index == ADDED_IN_ROUND:
            self.add_action(dates)
        update_round = round_open(
            plan=self.plan, board_date=dates.board_date, deadline=dates.deadline, by=self.manager
        )
        _backdate(UpdateRound, update_round.pk, opened_at=_at(dates.opens_on, 9))
        is_open = index == len(self.rounds) - 1
        self.updates(update_round, dates, UPDATED_SO_FAR_SHARE if is_open else UPDATED_SHARE)
        if is_open:
            self.since_the_last_board(update_round)
            return
        round_close(update_round=update_round, by=self.manager)
        closed_on = dates.deadline + dt.timedelta(days=1)
        _backdate(UpdateRound, update_round.pk, closed_at=_at(closed_on, 10))
        if self.issue_pack is not None:
            pack = self.issue_pack(self.plan, dates.board_date, self.manager)
            _backdate(BoardPack, pack.pk, issued_at=_at(closed_on, 11))

    def updates(self, update_round: UpdateRound, dates: RoundDates, share: float) -> None:
        """Updates on most of the round's actions, each by a person acting for its lead."""
        last_day = min(dates.deadline, self.today)
        days = (last_day - dates.opens_on).days
        by_pk = {action.pk: action for action in self.actions}
        due = [by_pk[pk] for pk in sorted(update_round.actions.values_list("pk", flat=True))]
        chosen = [
            (dates.opens_on + dt.timedelta(days=self.rng.randint(0, max(days, 0))), action)
            for action in due
            if self.rng.random() < share
        ]
        for made_on, action in sorted(chosen, key=lambda pair: (pair[0], pair[1].pk)):
            before = self.status.get(action.pk, Status.NOT_RATED)
            options = STEPS[before]
            status = self.rng.choices([s for s, _ in options], [w for _, w in options])[0]
            action_record_update(
                action=action,
                by=self.author(action),
                made_on=made_on,
                period=f"{dates.board_date:%B %Y}",
                status=status,
                progress=f"{self.rng.choice(PROGRESS)}.",
                evidence=self.rng.choice(EVIDENCE),
                expected_version=action.version,
            )
            self.status[action.pk] = status

    def author(self, action: Action) -> User:
        return self.acting[self.leads_of[action.pk][0].name]

    def add_action(self, dates: RoundDates) -> None:
        """A new action, agreed at the board before this round: it is in the round."""
        domain = self.domains[1]
        action = self.action(domain, str(ACTIONS_PER_DOMAIN + 1))
        _backdate(Action, action.pk, created_at=_at(dates.opens_on, 9))
        self.actions.append(action)

    def since_the_last_board(self, update_round: UpdateRound) -> None:
        """Changes of shape made since the last board, today, when the audit trail records
        them: "what changed" reads an action's timescale and archiving as at a past date
        back from the trail (ADR 0056), so they are made now rather than backdated."""
        dated = [(a, a.timescale_date) for a in self.live() if a.timescale_date is not None]
        dated = [(a, date) for a, date in dated if a.timescale_kind == Kind.DATE]
        moves = zip(self.rng.sample(dated, k=len(TIMESCALE_MOVES)), TIMESCALE_MOVES, strict=True)
        for (action, date), months in moves:
            self.move_timescale(action, month_end(date, months))
        # One the board agreed to drop, once its lead had updated it in this round.
        answered = set(update_round.updates.values_list("action_id", flat=True))
        dropped = next(a for a in self.live() if a.pk in answered)
        action_archive(action=dropped, by=self.manager, expected_version=dropped.version)
        dropped.archived_at = timezone.now()

    def move_timescale(self, action: Action, moved: dt.date) -> None:
        action_edit(
            action=action,
            text=action.text,
            lead_text=action.lead_text,
            leads=self.leads_of[action.pk],
            timescale_text=f"{moved:%d/%m/%Y}",
            high_priority=action.high_priority,
            expected_version=action.version,
            by=self.manager,
        )
        action.timescale_text, action.timescale_date = f"{moved:%d/%m/%Y}", moved

    def live(self) -> list[Action]:
        """Live actions not yet complete, in the order they were made."""
        done = {Status.COMPLETE, Status.COMPLETE_ASSURED}
        return [
            a for a in self.actions if a.archived_at is None and self.status.get(a.pk) not in done
        ]
