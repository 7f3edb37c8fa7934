"""import_plan and the service behind it: all or nothing, nothing lost, nothing invented."""

import re

import pytest
from django.core.management import CommandError, call_command

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.plans.models import (
    Action,
    ActionUpdate,
    Domain,
    Lead,
    Plan,
    RagKeyEntry,
)
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.timescales import Kind

pytestmark = pytest.mark.django_db

SLUG = "learning-and-improvement-plan-2020-2021"


def run_import(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def database_state():
    return (
        list(Plan.objects.values_list("slug", "archived_at", "updated_at")),
        Domain.objects.count(),
        Action.objects.count(),
        ActionUpdate.objects.count(),
        Lead.objects.count(),
        Organisation.objects.count(),
    )


def test_example_imports_with_its_summary_line(example_path):
    output = run_import(str(example_path))
    assert output.splitlines()[0] == f"Imported plan {SLUG}: 3 domains, 58 actions"
    assert "31/02/2020 is not a real date" in output
    assert "58 of 58 actions are not rated" in output
    plan = Plan.objects.get(slug=SLUG)
    assert plan.organisation.name == "Together for Children"
    assert plan.reporting_period == "October 2020"
    assert plan.reporting_date.isoformat() == "2020-10-31"
    assert [(d.label, d.actions.count()) for d in plan.domains.order_by("position")] == [
        ("Help and Protection", 28),
        ("Children in Care & Care Leavers", 11),
        ("Leadership", 19),
    ]
    assert RagKeyEntry.objects.filter(plan=plan).count() == 4
    updates = ActionUpdate.objects.filter(action__domain__plan=plan)
    assert updates.count() == 58
    assert set(updates.values_list("status", "made_on", "period", "source")) == {
        (
            Status.NOT_RATED,
            plan.reporting_date,
            "October 2020",
            "Imported from learning-and-improvement-plan-2020-21.txt",
        )
    }


def test_fields_are_stored_verbatim_and_timescales_read(example_plan):
    action = Action.objects.get(domain__plan=example_plan, domain__position=1, number=14)
    assert action.updates.get().progress.startswith("Complete. See action 16 below – RHI will now")
    assert action.lead_text == (
        "Director of Children's Social Care & Director of Corporate and Commercial"
    )
    assert sorted(action.leads.values_list("name", flat=True)) == [
        "Director of Children's Social Care",
        "Director of Corporate and Commercial",
    ]
    impossible = Action.objects.get(domain__plan=example_plan, domain__position=2, number=4)
    assert (impossible.timescale_text, impossible.timescale_kind, impossible.timescale_date) == (
        "31/02/2020",
        Kind.INVALID_DATE,
        None,
    )
    recurring = Action.objects.get(domain__plan=example_plan, domain__position=1, number=19)
    assert recurring.timescale_kind == Kind.RECURRING
    assert recurring.timescale_date.isoformat() == "2019-12-01"


def test_leads_are_shared_across_actions(example_plan):
    police = Lead.objects.get(name="Northumbria Police")
    assert police.actions.count() == 2
    corporate = Lead.objects.get(name="Director of Corporate & Commercial")
    assert corporate.actions.count() == 2


def test_second_import_without_replace_changes_nothing(example_path, example_plan):
    before = database_state()
    with pytest.raises(
        CommandError, match=re.escape("already exists. Nothing was changed. Use --replace")
    ):
        run_import(str(example_path))
    assert database_state() == before


def test_replace_archives_the_old_plan_and_imports_again(example_path, example_plan):
    output = run_import(str(example_path), "--replace")
    assert output.startswith(f"Imported plan {SLUG}: 3 domains, 58 actions")
    old = Plan.objects.get(pk=example_plan.pk)
    assert old.archived_at is not None
    assert old.slug.startswith(f"{SLUG}-replaced-")
    assert Domain.objects.filter(plan=old).count() == 3  # kept: a board may have seen it
    current = Plan.objects.get(slug=SLUG)
    assert current.pk != old.pk
    assert current.archived_at is None
    assert Lead.objects.filter(name="Northumbria Police").count() == 1


def test_dry_run_saves_nothing(example_path):
    output = run_import(str(example_path), "--dry-run")
    assert output.startswith(f"Dry run: nothing was saved. Would import plan {SLUG}:")
    assert "Help and Protection: 28 actions" in output
    assert database_state() == ([], 0, 0, 0, 0, 0)


def test_a_file_broken_halfway_leaves_no_trace(example_path, tmp_path, example_plan):
    before = database_state()
    text = example_path.read_text(encoding="utf-8")
    broken = tmp_path / "broken.txt"
    # Cut in the middle of a row, between its cells, as a half-copied file would be.
    half = text[: text.rindex("\t", 0, len(text) // 2)]
    broken.write_text(half.replace("Together for Children", "Another Trust"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.txt, line \d+: expected 6 tab-separated"):
        run_import(str(broken))
    assert database_state() == before
    assert not Organisation.objects.filter(name="Another Trust").exists()


def test_a_failure_while_saving_rolls_everything_back(example_path, monkeypatch):
    from improvement_tracker.plans.services import importing as importing_services

    calls = []
    original = importing_services._action

    def fail_on_the_third_domain(domain, entry):
        calls.append(domain.position)
        if domain.position == 3:
            raise RuntimeError("disk full")
        return original(domain, entry)

    monkeypatch.setattr(importing_services, "_action", fail_on_the_third_domain)
    with pytest.raises(RuntimeError, match=re.escape("disk full")):
        run_import(str(example_path))
    assert 3 in calls
    assert database_state() == ([], 0, 0, 0, 0, 0)


def test_organisation_option_names_the_owner(example_path):
    run_import(str(example_path), "--organisation", "Sunderland City Council")
    assert Plan.objects.get(slug=SLUG).organisation.name == "Sunderland City Council"


def test_same_title_in_another_organisation_gets_its_own_slug(example_path, example_plan):
    output = run_import(str(example_path), "--organisation", "Another Council")
    assert output.startswith(f"Imported plan another-council-{SLUG}:")
    assert Plan.objects.filter(archived_at__isnull=True).count() == 2
