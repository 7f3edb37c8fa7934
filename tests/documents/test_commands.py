"""export_plan, and import_plan's dry run for the new formats."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from improvement_tracker.plans.models import Plan
from tests.documents.builders import KEY_SHADES, Domain, Row, word_tracker

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("file_format", ["docx", "pdf", "xlsx", "csv"])
def test_export_plan_writes_each_format(example_plan, tmp_path, file_format):
    output = tmp_path / f"pack.{file_format}"
    printed = run("export_plan", example_plan.slug, "--format", file_format, "--output", output)
    assert printed.startswith(f"Wrote {output} (")
    assert "58 actions in 3 domains" in printed
    assert output.stat().st_size > 1000


def test_export_plan_as_of_a_date_says_updated_that_month(example_plan, tmp_path):
    output = tmp_path / "pack.xlsx"
    run(
        "export_plan", example_plan.slug, "--format", "xlsx", "--as-of", "2021-01-15",
        "--output", output,
    )  # fmt: skip
    assert load_workbook(output)["Summary"]["A3"].value == "(Updated January 2021)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-plan", "--format", "csv"], "There is no plan 'no-such-plan'."),
        (["--format", "odt"], "invalid choice: 'odt'"),
        (["--format", "csv", "--as-of", "31/01/2021"], "'31/01/2021' is not a date"),
    ],
)
def test_export_plan_refuses_bad_arguments(example_plan, tmp_path, args, message):
    if args[0].startswith("--"):
        args = [example_plan.slug, *args]
    with pytest.raises(CommandError, match=message):
        run("export_plan", *args, "--output", tmp_path / "x")


def test_dry_run_of_a_word_tracker_shows_counts_statuses_priorities_and_warnings(tmp_path):
    path = tmp_path / "tracker.docx"
    rows = [
        Row("1", "*First.", fill=KEY_SHADES["RED"]),
        Row("2", "Second.", status="Purple", timescale="31/02/2021"),
    ]
    path.write_bytes(word_tracker([Domain("HELP AND PROTECTION", [rows])]))
    output = run("import_plan", str(path), "--dry-run")
    assert output.splitlines()[:4] == [
        "Dry run: nothing was saved. Would import plan learning-and-improvement-plan-2021-2022:",
        "  Domain 1: 2 actions",
        "Statuses found: Red 1, Amber 0, Green 0, Completed 0, Not rated 1, Total 2",
        "High priority found: Red 1, Amber 0, Green 0, Completed 0, Not rated 0, Total 1",
    ]
    assert "'Purple' is not a status of the key" in output
    assert "February 2021 has 28 days" in output
    assert Plan.objects.count() == 0
