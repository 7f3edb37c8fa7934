"""The CSV export: one row per action, UTF-8, formulas never run."""

import copy
import csv
import io

from improvement_tracker.documents.exporters.csv import HEADER, write_csv


def test_one_row_per_action_in_utf8_with_a_byte_order_mark(board_document):
    data = write_csv(board_document)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADER
    assert len(rows) == 1 + 58
    first = rows[1]
    assert first[:3] == ["Help and Protection", board_document.domains[0].title, "1"]
    assert first[6:8] == ["Red", "Yes"]
    assert "Head of Service – Safeguarding to lead with all 3 Statutory partners" in rows[2]


def test_a_cell_that_would_run_as_a_formula_is_escaped(board_document):
    document = copy.deepcopy(board_document)
    document.domains[0].actions[0].lead = "=cmd|' /C calc'!A0"
    rows = list(csv.reader(io.StringIO(write_csv(document).decode("utf-8-sig"))))
    assert rows[1][4] == "'=cmd|' /C calc'!A0"


def test_the_whole_file_is_what_the_standard_csv_writer_writes(board_document):
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(write_csv(board_document).decode("utf-8-sig"), newline="")):
        writer.writerow(row)
    assert write_csv(board_document) == expected.getvalue().encode("utf-8-sig")
