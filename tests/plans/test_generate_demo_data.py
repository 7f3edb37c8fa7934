import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Prefetch

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.plans.leads import lead_key, split_leads
from improvement_tracker.plans.models import (
    Action,
    ActionUpdate,
    BoardPack,
    ExtraValue,
    Plan,
    UpdateRound,
)
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.timescales import parse_timescale

pytestmark = pytest.mark.django_db

SMALL = [
    "--organisations=3",
    "--plans-per-organisation=2",
    "--actions-per-plan=20",
    "--updates-per-action=6",
    "--large-plan-actions=50",
]


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_demo_data", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    """Every generated row by what it says, not by its id or timestamps."""
    actions = Action.objects.select_related("domain__plan__organisation").prefetch_related(
        "leads", Prefetch("updates", queryset=ActionUpdate.objects.order_by("made_on", "id"))
    )
    return [
        (
            a.domain.plan.organisation.name,
            a.domain.plan.slug,
            a.domain.plan.title,
            a.domain.plan.reporting_period,
            a.domain.label,
            a.number,
            a.text,
            a.lead_text,
            sorted(lead.name for lead in a.leads.all()),
            a.timescale_text,
            [
                (u.made_on, u.period, u.source, u.status, u.progress, u.evidence)
                for u in a.updates.all()
            ],
            a.high_priority,
        )
        for a in actions.order_by("domain__plan__slug", "domain__position", "number")
    ]


def test_the_same_seed_gives_the_same_rows():
    generate(*SMALL, "--seed=42")
    first = snapshot()
    generate(*SMALL, "--seed=42", "--replace")
    assert snapshot() == first
    assert len(first) == 3 * 2 * 20 + 50


def test_another_seed_gives_other_rows():
    generate(*SMALL, "--seed=1")
    first = snapshot()
    generate(*SMALL, "--seed=2", "--replace")
    assert snapshot() != first


def test_sizes_are_as_asked_plus_one_large_plan():
    output = generate(*SMALL, "--seed=3")
    assert Organisation.objects.count() == 3 + 1
    assert Plan.objects.count() == 3 * 2 + 1
    for plan in Plan.objects.exclude(slug="demo-large-improvement-plan"):
        assert Action.objects.filter(domain__plan=plan).count() == 20
        assert plan.rag_key.count() == 4
    large = Plan.objects.get(slug="demo-large-improvement-plan")
    assert Action.objects.filter(domain__plan=large).count() == 50
    assert "Large plan: /plans/demo-large-improvement-plan/ (50 actions)" in output
    assert re.search(r"Inserted [\d,]+ rows in [\d.]+ s: [\d,]+ rows per second \(seed 3\)", output)


def test_the_default_large_plan_has_1000_actions():
    generate("--organisations=0", "--seed=4")
    large = Plan.objects.get(slug="demo-large-improvement-plan")
    assert Action.objects.filter(domain__plan=large).count() == 1000
    assert large.domains.count() == 3


def test_each_action_gets_its_monthly_updates_and_the_tracker_shows_the_latest():
    generate(*SMALL, "--seed=5")
    plan = Plan.objects.exclude(slug="demo-large-improvement-plan").first()
    assert plan.reporting_period == "June 2019"  # the sixth monthly update
    for action in Action.objects.filter(domain__plan=plan):
        updates = list(action.updates.order_by("made_on"))
        assert [u.period for u in updates] == [
            "January 2019", "February 2019", "March 2019", "April 2019", "May 2019", "June 2019"
        ]  # fmt: skip
        assert all("Evidence" in u.evidence for u in updates)
    latest = plan_tracker(plan=plan).actions
    assert all(a.progress.startswith("June 2019: ") for a in latest)
    assert {a.status for a in latest} <= {s.value for s in Status}
    # Six months of updates move most actions off "not rated".
    assert sum(a.status != Status.NOT_RATED for a in latest) > len(latest) // 2


def test_without_updates_every_action_is_not_rated():
    generate(*SMALL, "--updates-per-action=0", "--seed=6")
    assert not ActionUpdate.objects.exists()
    plan = Plan.objects.exclude(slug="demo-large-improvement-plan").first()
    assert plan_tracker(plan=plan).unrated_count == 20


def test_leads_and_timescales_read_as_an_import_would():
    generate(*SMALL, "--seed=7")
    for action in Action.objects.prefetch_related("leads"):
        assert sorted(lead_key(n) for n in split_leads(action.lead_text)) == sorted(
            lead.key for lead in action.leads.all()
        )
        reading = parse_timescale(action.timescale_text)
        assert (action.timescale_kind, action.timescale_date) == (reading.kind, reading.date)


def test_existing_demo_data_is_kept_without_replace():
    generate(*SMALL, "--seed=8")
    before = snapshot()
    with pytest.raises(CommandError, match="Demo data is already here"):
        generate(*SMALL, "--seed=9")
    assert snapshot() == before


def test_replace_keeps_plans_that_are_not_demo_data(example_plan):
    generate(*SMALL, "--seed=10")
    generate(*SMALL, "--seed=11", "--replace")
    assert Plan.objects.filter(pk=example_plan.pk).exists()
    assert Action.objects.filter(domain__plan=example_plan).count() == 58


def test_a_generated_plan_shows_every_action_on_its_tracker(signed_in_client):
    generate(*SMALL, "--seed=12")
    large = Plan.objects.get(slug="demo-large-improvement-plan")
    html = signed_in_client.get(large.get_absolute_url()).content.decode()
    assert len(re.findall(r'<tr class="govuk-table__row" id="action-', html)) == 50


def test_on_postgresql_the_planner_statistics_are_brought_up_to_date():
    output = generate(*SMALL, "--seed=8")
    if connection.vendor != "postgresql":
        assert "ANALYZE" not in output  # SQLite has no autovacuum to be ahead of
        return
    # Inside the test's transaction VACUUM cannot run; ANALYZE can, and counts the rows.
    assert re.search(r"^ANALYZE in [\d.]+ s\.$", output, re.M)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", ["plans_actionupdate"])
        assert cursor.fetchone()[0] == ActionUpdate.objects.count()


def test_the_large_plan_can_carry_extra_fields_with_values_on_its_actions():
    out = generate(*SMALL, "--seed=7", "--large-plan-extra-fields=5")

    assert "(50 actions, 5 extra fields)" in out
    plan = Plan.objects.get(slug="demo-large-improvement-plan")
    assert list(plan.extra_fields.values_list("name", flat=True)) == [
        "Success measures",
        "Outcome – (report for Q1, Q2, Q3, Q4)",
        "Directorate",
        "KPI target",
        "Level for Action",
    ]
    values = ExtraValue.objects.filter(action__domain__plan=plan)
    assert 0.8 * 250 < values.count() <= 250
    assert not ExtraValue.objects.exclude(action__domain__plan=plan).exists()
    tracker = plan_tracker(plan=plan)
    assert tracker.extra_fields == list(plan.extra_fields.values_list("name", flat=True))
    assert sum(len(action.extra) for action in tracker.actions) == values.count()


def test_more_extra_fields_than_it_has_names_for_is_refused():
    with pytest.raises(CommandError, match="at most 5 extra fields"):
        generate(*SMALL, "--large-plan-extra-fields=6")
    assert not Plan.objects.exists()


def test_history_months_make_monthly_rounds_that_hold_their_months_updates():
    generate(*SMALL, "--history-months=4", "--seed=13")
    assert Plan.objects.count() == 3 * 2 + 1
    for plan in Plan.objects.all():
        rounds = list(plan.rounds.order_by("board_date"))
        # The last four of the six monthly updates: March to June 2019, June's still open.
        assert [r.deadline for r in rounds] == [
            dt.date(2019, 3, 31), dt.date(2019, 4, 30), dt.date(2019, 5, 31), dt.date(2019, 6, 30)
        ]  # fmt: skip
        assert all(r.board_date == r.deadline + dt.timedelta(days=7) for r in rounds)
        assert [r.is_open for r in rounds] == [False, False, False, True]
        packs = list(plan.board_packs.order_by("board_date"))
        assert [p.board_date for p in packs] == [r.board_date for r in rounds[:-1]]
        assert [p.since for p in packs] == [None, *(r.board_date for r in rounds[:-2])]
    updates = ActionUpdate.objects.select_related("round")
    assert not updates.filter(made_on__lt=dt.date(2019, 3, 1), round__isnull=False).exists()
    for update in updates.filter(round__isnull=False):
        assert update.round.deadline == update.made_on
        assert update.round.actions.filter(pk=update.action_id).exists()
    # A round asks about every action not complete before it, and only those.
    for update in updates.filter(made_on__gte=dt.date(2019, 3, 1)):
        before = (
            ActionUpdate.objects.filter(action=update.action_id, made_on__lt=update.made_on)
            .order_by("-made_on")
            .first()
        )
        done = before is not None and before.status == Status.COMPLETE
        assert (update.round is None) == done


def test_history_months_beyond_the_updates_are_refused_and_nothing_is_made():
    with pytest.raises(CommandError, match="--history-months must be at most"):
        generate(*SMALL, "--history-months=7", "--seed=14")
    assert not Plan.objects.exists()


def test_replace_removes_generated_rounds_and_packs_too():
    generate(*SMALL, "--history-months=3", "--seed=15")
    generate(*SMALL, "--history-months=2", "--seed=15", "--replace")
    assert UpdateRound.objects.count() == 7 * 2
    assert BoardPack.objects.count() == 7 * 1


def test_without_history_months_there_are_no_rounds():
    generate(*SMALL, "--seed=16")
    assert not UpdateRound.objects.exists() and not BoardPack.objects.exists()
