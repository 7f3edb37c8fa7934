"""A CSV file read as a neutral grid (ADR 0051): one table, opened, decoded and bounded as
the strict CSV importer opens them, its separator the one its header is found under."""

import codecs
import time

import pytest

from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.importers.grid import GridCell, read_grid_bytes
from improvement_tracker.documents.importers.proposal import propose_mapping
from improvement_tracker.plans.plan_document import ImportProblem
from tests.documents import hostile
from tests.documents.builders import csv_tracker

ROWS = [
    ["Annual Delivery Plan 2016/17", "", ""],
    ["Ref", "Specific Actions", "Lead Officer(s)"],
    ["1.1", "Build homes – 100 a year", "Director of Housing\nHead of Planning"],
]


def texts(grid):
    [table] = grid.tables
    return [[cell.text for cell in row] for row in table.rows]


def test_a_csv_is_one_table_of_its_rows_with_lines_kept_inside_quoted_cells():
    grid = read_grid_bytes(csv_tracker(ROWS), name="plan.csv")
    assert grid.kind == "csv" and grid.headed_in_rows
    assert grid.title_lines == [] and grid.warnings == []
    [table] = grid.tables
    assert (table.number, table.name, table.above, table.sheet) == (1, "table 1", [], "")
    assert texts(grid) == ROWS
    assert table.rows[2][2] == GridCell("Director of Housing\nHead of Planning")


@pytest.mark.parametrize(
    ("encoding", "warned"),
    [("utf-8", False), ("utf-8-sig", False), ("utf-16", False), ("cp1252", True)],
)
def test_a_csv_is_decoded_as_the_strict_importer_decodes_it(encoding, warned):
    grid = read_grid_bytes(csv_tracker(ROWS, encoding=encoding), name="plan.csv")
    assert texts(grid) == ROWS  # the en dash read right in each
    assert grid.warnings == (
        [
            "plan.csv: the file is not UTF-8; it was read as Windows-1252 (what Excel saves as "
            "plain 'CSV'). Check that accented letters and dashes look right below."
        ]
        if warned
        else []
    )


def test_the_bom_of_csv_utf_8_is_not_part_of_the_first_cell():
    grid = read_grid_bytes(codecs.BOM_UTF8 + b"Ref,Action\r\n1,Do it\r\n", name="p.csv")
    assert texts(grid)[0] == ["Ref", "Action"]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_the_separator_is_the_one_the_header_is_found_under(separator):
    rows = [
        ["Improvement plan, 2024; draft"],
        ["NOS", "What?", "Who?", "When?"],
        ["1", "Review, then agree; the policy", "Head of Service", "Dec 2016"],
    ]
    grid = read_grid_bytes(csv_tracker(rows, delimiter=separator), name="plan.csv")
    assert texts(grid) == rows


def test_without_a_header_the_separator_is_the_one_that_splits_rows_into_cells():
    rows = [["1", "Review the policy", "Head of Service"], ["2", "Train staff", "Lead"]]
    grid = read_grid_bytes(csv_tracker(rows, delimiter=";"), name="plan.csv")
    assert texts(grid) == rows


def test_the_apostrophe_that_keeps_a_formula_from_running_is_undone_and_cells_trimmed():
    data = b"Ref,Action,Progress\r\n1, Do it ,'=SUM(A1)\r\n2,'Quoted,\r\n"
    assert texts(read_grid_bytes(data, name="plan.csv"))[1:] == [
        ["1", "Do it", "=SUM(A1)"],
        ["2", "'Quoted", ""],  # an apostrophe before words is the person's own
    ]


def test_without_rows_above_the_header_the_title_is_the_files_name():
    data = csv_tracker([["Ref", "Action", "Lead"], ["1", "Do it", "Director"]])
    grid = read_grid_bytes(data, name="improvement_plan-2024.csv")
    assert propose_mapping(grid).title == "improvement plan 2024"


# The hostile files of tests/documents/hostile.py that are CSV, with the refusals
# the strict importer gives them: the grid refuses each alike, by name, in seconds.
CSV_HOSTILE = [
    (label, entry) for label, entry in hostile.HOSTILE.items() if entry[0].endswith(".csv")
]
BROKEN = [
    ("nul.csv", b"No,Action\r\n1,Do\x00it\r\n", "nul.csv, line 2: the file holds a NUL character"),
    (
        "bad.csv",
        b"No,Action\r\n1,Do \x81 it\r\n",
        "bad.csv, line 2: the text is neither UTF-8 nor Windows-1252",
    ),
    (
        "bad16.csv",
        b"\xff\xfeN\x00o\x00\x00\xd8",
        "bad16.csv, line 1: the file says it is UTF-16-LE",
    ),
    ("plan.csv", b"", "plan.csv: the file is empty."),
    (
        "plan.csv",
        b"PK\x03\x04 not really",
        "plan.csv: this is not a text file: it is a damaged zip",
    ),
    ("plan.csv", b"%PDF-1.7", "plan.csv: this is not a text file: it is a PDF."),
]


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [entry for _, entry in CSV_HOSTILE] + [(n, lambda d=d: d, m) for n, d, m in BROKEN],
    ids=[label for label, _ in CSV_HOSTILE] + [n for n, _, _ in BROKEN],
)
def test_a_hostile_or_broken_csv_is_refused_by_name_in_seconds(name, make, message):
    data = make()
    started = time.monotonic()
    with pytest.raises(ImportProblem) as refused:
        read_grid_bytes(data, name=name)
    assert time.monotonic() - started < 10
    assert str(refused.value).startswith(message), str(refused.value)


def test_a_line_of_millions_of_separators_is_refused_before_it_is_split(settings):
    """Before the line was counted, the csv module built the whole row first: 22 s and
    150 MB for the strict importer on a 10 MB line of commas."""
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "cells": 50}
    wide = b"Ref;Action" + b";" * 51 + b"\r\n1;Do it\r\n"
    for read in (read_grid_bytes, read_plan_bytes):
        with pytest.raises(ImportProblem) as refused:
            read(wide, name="wide.csv")
        assert str(refused.value) == (
            "wide.csv, line 1: the line holds more than 50 separators (';'), more cells than "
            "the file may hold (the import limit). It was not imported."
        )
    fits = b"Ref;Action" + b";" * 48  # 50 cells: as many as the file may hold
    assert len(read_grid_bytes(fits, name="fits.csv").tables[0].rows[0]) == 50


def test_the_limits_on_rows_and_cells_are_the_settings(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "rows": 3}
    data = csv_tracker([["Ref", "Action"], *([str(n), "Do it."] for n in range(1, 4))])
    with pytest.raises(ImportProblem, match=r"^plan.csv: the file holds more than 3 rows"):
        read_grid_bytes(data, name="plan.csv")
