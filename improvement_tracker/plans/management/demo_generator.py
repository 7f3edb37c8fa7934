"""The demo data generator's rows, made with the models and bulk_create (generate_demo_data).

One method per table, called in the order the foreign keys need; when a model gains a related
table, it gains one method here. The words it draws from are in `demo_words.py`, a year of
update rounds and board packs in `demo_rounds.py`. The same seed gives the same rows.
"""

import calendar
import datetime as dt
import random
from bisect import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import accumulate
from typing import NamedTuple, TypeVar

from django.db import models

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.plans.leads import lead_key
from improvement_tracker.plans.management.demo_rounds import Rounds
from improvement_tracker.plans.management.demo_words import (
    DOMAINS,
    EVIDENCE,
    EXTRA_FIELDS,
    FIRST_UPDATE,
    KINDS,
    LEADS,
    PLACES,
    PLAN_TITLES,
    PROGRESS,
    PURPOSES,
    STEPS,
    SUBJECTS,
    TIMESCALES,
    VERBS,
)
from improvement_tracker.plans.models import (
    Action,
    ActionUpdate,
    BoardPack,
    Domain,
    ExtraField,
    ExtraValue,
    Lead,
    Plan,
    RagKeyEntry,
    UpdateRound,
)
from improvement_tracker.plans.numbering import natural_key
from improvement_tracker.plans.rag import EXAMPLE_KEY, Status
from improvement_tracker.plans.services.status_key import key_entries
from improvement_tracker.plans.timescales import Timescale, parse_timescale

# Demo organisations' slugs start with this, so that --replace removes only demo data.
DEMO_PREFIX = "demo-"
LARGE_PLAN_SLUG = "demo-large-improvement-plan"
BATCH = 2000


T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


class Update(NamedTuple):
    """One simulated progress update, before it becomes an ActionUpdate row."""

    made_on: dt.date
    period: str
    author: str
    status: Status
    progress: str
    evidence: str


def month_end(months_after: int) -> dt.date:
    year, month = divmod(FIRST_UPDATE.month - 1 + months_after, 12)
    year += FIRST_UPDATE.year
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


@cache
def timescale(text: str) -> Timescale:
    return parse_timescale(text)


class Generator:
    """Makes the rows; one method per table, called in the order the foreign keys need."""

    def __init__(self, *, seed: int, updates_per_action: int, history_months: int = 0) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.updates_per_action = updates_per_action
        self.rows: Counter[str] = Counter()
        # A million updates for a large dataset: work out each month and step once.
        self.months = [(d, f"{d:%B %Y}") for d in map(month_end, range(updates_per_action))]
        self.rounds = Rounds([d for d, _ in self.months], history_months)
        self.steps = {
            status: ([s for s, _ in options], list(accumulate(w for _, w in options)))
            for status, options in STEPS.items()
        }

    def pick(self, options: Sequence[T]) -> T:
        return options[int(self.rng.random() * len(options))]

    def step(self, status: Status) -> Status:
        options, cumulative = self.steps[status]
        return options[bisect(cumulative, self.rng.random() * cumulative[-1])]

    def save(self, model: type[M], rows: Iterable[M]) -> list[M]:
        created = model._default_manager.bulk_create(list(rows), batch_size=BATCH)
        self.rows[model._meta.label] += len(created)
        return created

    # Organisations and their leads

    def organisations(self, count: int) -> list[Organisation]:
        names = [f"{place} {kind}" for kind in KINDS for place in PLACES]
        chosen = [
            names[i] if i < len(names) else f"{names[i % len(names)]} {i // len(names) + 1}"
            for i in range(count)
        ]
        return self.save(
            Organisation,
            (
                Organisation(name=f"{name} (demo)", slug=f"{DEMO_PREFIX}{i + 1:04d}")
                for i, name in enumerate(chosen)
            ),
        )

    def leads(self, organisation: Organisation) -> list[Lead]:
        names = self.rng.sample(LEADS, k=self.rng.randint(8, len(LEADS)))
        return self.save(
            Lead, (Lead(organisation=organisation, name=n, key=lead_key(n)) for n in names)
        )

    # Plans, their keys and domains

    def plans(self, organisation: Organisation, count: int) -> list[Plan]:
        plans = []
        for index in range(count):
            title = PLAN_TITLES[index % len(PLAN_TITLES)]
            start = 2019 + index // len(PLAN_TITLES)
            plans.append(
                self.plan(
                    organisation,
                    f"{title} {start} – {start + 2}",
                    f"{organisation.slug}-plan-{index + 1}",
                )
            )
        return self.save(Plan, plans)

    def plan(self, organisation: Organisation, title: str, slug: str) -> Plan:
        last = month_end(max(self.updates_per_action - 1, 0))
        return Plan(
            organisation=organisation,
            title=title,
            slug=slug,
            reporting_period=f"{last:%B %Y}",
            reporting_date=last,
            source_name="generate_demo_data",
        )

    def rag_keys(self, plans: list[Plan]) -> None:
        self.save(
            RagKeyEntry,
            (entry for plan in plans for entry in key_entries(plan, EXAMPLE_KEY)),
        )

    def domains(self, plans: list[Plan]) -> list[Domain]:
        return self.save(
            Domain,
            (
                Domain(plan=plan, position=position, title=title, label=label)
                for plan in plans
                for position, (title, label) in enumerate(DOMAINS, start=1)
            ),
        )

    # Actions, their leads and their history of updates

    def actions(
        self, domains: list[Domain], per_plan: int, leads: list[Lead]
    ) -> list[tuple[Action, list[Lead], list[Update]]]:
        made = []
        by_plan: dict[int, list[Domain]] = {}
        for domain in domains:
            by_plan.setdefault(domain.plan_id, []).append(domain)
        for plan_domains in by_plan.values():
            numbers = Counter[int]()
            for _ in range(per_plan):
                domain = self.rng.choice(plan_domains)
                numbers[domain.pk] += 1
                made.append(self.action(domain, str(numbers[domain.pk]), leads))
        created = self.save(Action, (action for action, _, _ in made))
        return [
            (action, action_leads, history)
            for action, (_, action_leads, history) in zip(created, made, strict=True)
        ]

    def action(
        self, domain: Domain, number: str, leads: list[Lead]
    ) -> tuple[Action, list[Lead], list[Update]]:
        rng = self.rng
        action_leads = rng.sample(leads, k=rng.choice([1, 1, 1, 2, 2, 3]))
        lead_text = " & ".join(lead.name for lead in action_leads)
        text = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(PURPOSES)}."
        timescale_text = rng.choice(TIMESCALES)
        history = self.history(author=action_leads[0].name)
        action = Action(
            domain=domain,
            number=number,
            number_order=natural_key(number),
            high_priority=rng.random() < 0.2,
            text=text,
            lead_text=lead_text,
            timescale_text=timescale_text,
            timescale_kind=timescale(timescale_text).kind,
            timescale_date=timescale(timescale_text).date,
        )
        return action, action_leads, history

    def history(self, *, author: str) -> list[Update]:
        status = Status.NOT_RATED
        updates = []
        for made_on, period in self.months:
            status = self.step(status)
            progress = f"{period}: {self.pick(PROGRESS)}."
            updates.append(Update(made_on, period, author, status, progress, self.pick(EVIDENCE)))
        return updates

    def action_leads(self, made: list[tuple[Action, list[Lead], list[Update]]]) -> None:
        through = Action.leads.through
        self.save(
            through,
            (
                through(action_id=action.pk, lead_id=lead.pk)
                for action, action_leads, _ in made
                for lead in action_leads
            ),
        )

    def update_history(self, made: list[tuple[Action, list[Lead], list[Update]]]) -> None:
        """Every simulated monthly update, as dated ActionUpdate rows."""
        self.save(
            ActionUpdate,
            (
                ActionUpdate(
                    action=action,
                    made_on=u.made_on,
                    period=u.period,
                    source=f"Demo update by {u.author}",
                    status=u.status,
                    progress=u.progress,
                    evidence=u.evidence,
                    round=self.rounds.answered(
                        action, index, history[index - 1].status if index else Status.NOT_RATED
                    ),
                )
                for action, _, history in made
                for index, u in enumerate(history)
            ),
        )

    def update_rounds(
        self, plans: list[Plan], made: list[tuple[Action, list[Lead], list[Update]]]
    ) -> None:
        """The plans' last months as update rounds, with their actions and boards' packs."""
        self.rounds.keep(self.save(UpdateRound, self.rounds.unsaved(plans)))
        statuses = [(action, [u.status for u in history]) for action, _, history in made]
        self.save(UpdateRound.actions.through, self.rounds.members(statuses))
        self.save(BoardPack, self.rounds.packs())

    def extra_fields(self, plan: Plan, actions: list[Action], count: int) -> None:
        """`count` of the plan's own columns, each with a value on most actions."""
        names = list(EXTRA_FIELDS)[:count]
        fields = self.save(
            ExtraField,
            (
                ExtraField(plan=plan, position=position, name=name)
                for position, name in enumerate(names, start=1)
            ),
        )
        self.save(
            ExtraValue,
            (
                ExtraValue(action=action, field=field, text=self.pick(EXTRA_FIELDS[field.name]))
                for action in actions
                for field in fields
                if self.rng.random() < 0.9
            ),
        )

    # One organisation at a time keeps memory flat however large the dataset.

    def organisation_plans(
        self, organisation: Organisation, plans: list[Plan], actions_per_plan: int
    ) -> list[Action]:
        self.rag_keys(plans)
        leads = self.leads(organisation)
        made = self.actions(self.domains(plans), actions_per_plan, leads)
        self.action_leads(made)
        if self.rounds:
            self.update_rounds(plans, made)
        self.update_history(made)
        return [action for action, _, _ in made]
