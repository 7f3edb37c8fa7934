"""The text importer on the real example tracker: every field kept, nothing invented."""

import re

import pytest

from improvement_tracker.documents.importers import read_plan_file
from improvement_tracker.documents.importers.text import read_text_plan
from improvement_tracker.documents.reconcile import reconciliation
from improvement_tracker.plans.plan_document import ImportProblem
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.timescales import Kind, parse_timescale


@pytest.fixture(scope="module")
def document():
    from tests.conftest import EXAMPLE

    return read_plan_file(EXAMPLE)


def source_rows(path):
    """The action rows as the file has them, split independently of the importer."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 6 and cells[0].isdigit():
            rows.append(cells)
    return rows


def test_heading_key_and_domains_are_read(document):
    assert document.organisation == "Together for Children"
    assert document.title == "Learning and Improvement Plan 2020 – 2021"
    assert document.reporting_period == "October 2020"
    assert document.rag_key == {
        Status.OFF_TRACK: "Agreed date passed - action not complete.",
        Status.AT_RISK: "Action not on target for completion by agreed date.",
        Status.ON_TRACK: "Action on target to be completed by the agreed date.",
        Status.COMPLETE: "Action complete.",
    }
    assert [(d.label, len(d.actions)) for d in document.domains] == [
        ("Help and Protection", 28),
        ("Children in Care & Care Leavers", 11),
        ("Leadership", 19),
    ]
    assert document.domains[2].title == "LEADERSHIP: AREAS FOR DEVELOPMENT IN THE NEXT 12 MONTHS"


def test_every_field_equals_the_source_text(document, example_path):
    imported = [a for domain in document.domains for a in domain.actions]
    rows = source_rows(example_path)
    assert len(imported) == len(rows) == 58
    for action, (number, text, lead, timescale, status, progress) in zip(
        imported, rows, strict=True
    ):
        assert action.number == number.rstrip(".")
        assert action.text == text
        assert action.lead == lead
        assert action.timescale == timescale
        assert status == ""
        assert action.status is Status.NOT_RATED
        assert action.progress == progress


def test_special_characters_survive(document):
    help_and_protection = document.domains[0].actions
    assert help_and_protection[1].lead == (
        "Head of Service – Safeguarding to lead with all 3 Statutory partners"
    )
    assert "See action 16 below – RHI" in help_and_protection[13].progress
    assert document.domains[2].actions[8].lead == "Director of Corporate & Commercial"


EXPECTED_KINDS = {
    "Monthly from 01/04/2020": Kind.RECURRING,
    "Quarterly from 01/12/2019": Kind.RECURRING,
    "Bi-monthly from 01/02/2020": Kind.RECURRING,
    "Quarterly from 10/01/2020": Kind.RECURRING,
    "Ongoing on a monthly basis from 01/12/2019": Kind.RECURRING,
    "31/02/2020": Kind.INVALID_DATE,
    "Complete": Kind.COMPLETE,
    "2020": Kind.YEAR,
}


def test_every_timescale_is_parsed_to_its_expected_kind(document):
    kinds = {}
    for domain in document.domains:
        for action in domain.actions:
            kinds[action.timescale] = parse_timescale(action.timescale).kind
    for raw, kind in kinds.items():
        assert kind == EXPECTED_KINDS.get(raw, Kind.DATE), raw
    assert set(EXPECTED_KINDS) <= set(kinds)
    dates = [raw for raw, kind in kinds.items() if kind is Kind.DATE]
    assert {"1/10/2020", "31/12/20", "01/07/2020"} <= set(dates)


def test_the_impossible_date_is_warned_naming_the_action(document):
    assert document.warnings == [
        "Children in Care & Care Leavers, action 4 (line 92): timescale '31/02/2020': "
        "31/02/2020 is not a real date: February 2020 has 29 days. "
        "It is kept as written; correct it in the plan."
    ]
    action = document.domains[1].actions[3]
    assert action.timescale == "31/02/2020"


def test_reported_figures_are_the_documents_own_tables(document):
    assert document.reported.table1 == {
        "Help and Protection": {"Red": 0, "Amber": 2, "Green": 7, "Completed": 19, "Total": 28},
        "Children in Care & Care Leavers": {
            "Red": 0,
            "Amber": 2,
            "Green": 3,
            "Completed": 6,
            "Total": 11,
        },
        "Leadership": {"Red": 2, "Amber": 1, "Green": 7, "Completed": 9, "Total": 19},
        "Totals": {"Red": 2, "Amber": 5, "Green": 17, "Completed": 34, "Total": 58},
    }
    assert document.reported.table2 == {
        "Red": 1,
        "Amber": 1,
        "Green": 4,
        "Completed": 7,
        "Total": 13,
    }


def test_reconciliation_says_plainly_that_nothing_is_rated(document):
    report = "\n".join(reconciliation(document))
    assert "58 of 58 actions are not rated" in report
    assert "No status has been invented." in report
    assert "Completed   19 / 0 *" in report
    assert "Total       28 / 28" in report
    assert "The document reports 13 high-priority actions" in report


def test_asterisk_marks_high_priority_and_is_not_kept_in_the_text():
    text = (
        "Council\nPlan\n(Updated May 2021)\nTable 1\n\nCurrent Status\tOne\tTotals\n"
        "Red\t1\t1\nTotal\t1\t1\n\nONE DOMAIN\n"
        "NO\t*ACTION\tLEAD\tTIMESCALE\t**STATUS\tPROGRESS\n"
        "1\t*Do the thing.\tDirector\t2021\tR\tLate.\n"
    )
    document = read_text_plan(text, source_name="small.txt")
    action = document.domains[0].actions[0]
    assert (action.text, action.high_priority, action.status) == (
        "Do the thing.",
        True,
        Status.OFF_TRACK,
    )
    assert document.domains[0].label == "One"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "small.txt, line 1: the plan's title is missing."),
        (
            "Council\nPlan\nTable 1\n\nCurrent Status\tOne\tTotals\nRed\tx\t1\n",
            "small.txt, line 6: Table 1's Red/One should be a whole number, not 'x'.",
        ),
        (
            "Council\nPlan\nTable 1\nCurrent Status\tOne\tTotals\nRed\t1\t1\n\nDOMAIN\n"
            "1\tAction\tLead\t2020\n",
            "small.txt, line 8: expected 6 tab-separated cells "
            "(NO, ACTION, LEAD, TIMESCALE, STATUS, PROGRESS UPDATE), found 4.",
        ),
        (
            "Council\nPlan\nTable 1\nCurrent Status\tOne\tTotals\nRed\t1\t1\n\nDOMAIN\n"
            "1\tA\tL\t2020\t\tP\n1\tB\tL\t2020\t\tP\n",
            "small.txt, line 9: action 1 appears twice in 'DOMAIN' (first on line 8). "
            "Each action number must be unique within its domain.",
        ),
        (
            "Council\nPlan\nTable 1\nCurrent Status\tOne\tTotals\nRed\t1\t1\n",
            "small.txt: no domain with actions was found.",
        ),
    ],
)
def test_bad_text_names_the_line_and_the_problem(text, message):
    with pytest.raises(ImportProblem) as raised:
        read_text_plan(text, source_name="small.txt")
    assert str(raised.value) == message


def test_unknown_status_is_warned_and_left_unrated():
    text = (
        "Council\nPlan\nTable 1\nCurrent Status\tOne\tTotals\nRed\t1\t1\n\nDOMAIN\n"
        "1\tA\tL\t2020\tPurple\tP\n"
    )
    document = read_text_plan(text, source_name="small.txt")
    assert document.domains[0].actions[0].status is Status.NOT_RATED
    assert "small.txt, line 8: 'Purple' is not a status of the key" in document.warnings[0]


def test_empty_file_and_wrong_encoding_are_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(ImportProblem, match=re.escape("empty.txt: the file is empty.")):
        read_plan_file(empty)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"Council\nPlan \x96 2021\n")
    with pytest.raises(ImportProblem, match=re.escape("latin.txt, line 2: the text is not UTF-8")):
        read_plan_file(latin)
    other = tmp_path / "plan.pdf"
    other.write_bytes(b"%PDF")
    with pytest.raises(ImportProblem, match=re.escape("files ending '.pdf' cannot be imported")):
        read_plan_file(other)
