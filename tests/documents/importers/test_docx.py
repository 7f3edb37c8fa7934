"""The Word importer on trackers built as councils build them: shading, merges, splits."""

import re

import pytest

from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.plans.plan_document import ImportProblem
from improvement_tracker.plans.rag import Status
from tests.documents.builders import (
    KEY_SHADES,
    Domain,
    Row,
    add_banner_row,
    merge_vertically,
    word_tracker,
)


def two_domains(**row_options) -> list[Domain]:
    return [
        Domain(
            "THE EXPERIENCES AND PROGRESS OF CHILDREN WHO NEED HELP AND PROTECTION",
            [
                [
                    Row("1", "*Implement the FGC innovations.", fill=KEY_SHADES["COMPLETED"]),
                    Row("2", "Implement the MASH.", fill=KEY_SHADES["AMBER"]),
                ],
                [Row("3", "Police to work jointly with us.", fill=KEY_SHADES["RED"])],
            ],
        ),
        Domain(
            "LEADERSHIP: AREAS FOR DEVELOPMENT",
            [
                [
                    Row(
                        "1",
                        "Put in place a QA forward plan.",
                        fill=KEY_SHADES["GREEN"],
                        **row_options,
                    )
                ]
            ],
        ),
    ]


def read(data: bytes, name: str = "tracker.docx"):
    return read_plan_bytes(data, name=name)


def test_heading_key_and_domains_are_read_from_a_word_tracker():
    document = read(word_tracker(two_domains()))
    assert document.organisation == "Sunderland City Council"
    assert document.title == "Learning and Improvement Plan 2021 – 2022"
    assert document.reporting_period == "March 2021"
    assert document.rag_key[Status.OFF_TRACK] == "Agreed date passed - action not complete."
    assert len(document.rag_key) == 4
    assert [(d.title[:20], d.label, len(d.actions)) for d in document.domains] == [
        ("THE EXPERIENCES AND ", "Domain 1", 3),
        ("LEADERSHIP: AREAS FO", "Domain 2", 1),
    ]
    assert document.reported is not None
    assert document.reported.table1["Totals"] == {"Total": 0}


def test_shading_alone_gives_the_status_by_the_documents_own_key():
    document = read(word_tracker(two_domains()))
    statuses = [a.status for d in document.domains for a in d.actions]
    # Grey means Completed here only because this document's key says so.
    assert statuses == [Status.COMPLETE, Status.AT_RISK, Status.OFF_TRACK, Status.ON_TRACK]


def test_without_a_key_the_nearest_standard_colour_is_read_and_warned_about():
    domains = two_domains()
    domains[0].tables[0][1].fill = "FFC000"
    document = read(word_tracker(domains, key=False))
    statuses = [a.status for d in document.domains for a in d.actions]
    assert statuses == [Status.COMPLETE, Status.AT_RISK, Status.OFF_TRACK, Status.ON_TRACK]
    assert any("no RAG key was found" in warning for warning in document.warnings)


def test_a_written_status_wins_over_the_shading():
    domains = two_domains()
    domains[0].tables[0][0].status = "Green"
    document = read(word_tracker(domains))
    assert document.domains[0].actions[0].status is Status.ON_TRACK


def test_an_unknown_colour_is_reported_and_left_not_rated():
    domains = two_domains()
    domains[0].tables[0][1].fill = "7030A0"  # purple
    document = read(word_tracker(domains, key=False))
    assert document.domains[0].actions[1].status is Status.NOT_RATED
    assert any(
        re.search(r"tracker.docx, table \d+, row 3, column 5: .*#7030A0", warning)
        for warning in document.warnings
    )


def test_an_unknown_status_word_is_warned_naming_the_cell():
    domains = two_domains()
    domains[1].tables[0][0].status = "Purple"
    domains[1].tables[0][0].fill = None
    document = read(word_tracker(domains))
    assert document.domains[1].actions[0].status is Status.NOT_RATED
    assert any("'Purple' is not a status of the key" in warning for warning in document.warnings)


def test_asterisk_marks_high_priority_and_text_keeps_its_line_breaks():
    domains = two_domains(progress="First line.\nSecond line – with a dash.")
    document = read(word_tracker(domains))
    first = document.domains[0].actions[0]
    assert (first.text, first.high_priority) == ("Implement the FGC innovations.", True)
    assert document.domains[0].actions[1].high_priority is False
    assert document.domains[1].actions[0].progress == "First line.\nSecond line – with a dash."


def test_tables_split_across_pages_with_or_without_a_repeated_header_are_one_domain():
    for repeated in (True, False):
        domains = two_domains()
        domains[0].header_on_every_table = repeated
        document = read(word_tracker(domains))
        assert [a.number for a in document.domains[0].actions] == ["1", "2", "3"]


def test_a_lead_merged_across_two_actions_belongs_to_both():
    data = word_tracker(two_domains())
    first_action_table = 3  # key, Table 1, Table 2, then the actions
    data = merge_vertically(data, first_action_table, 2, 1, 2)
    document = read(data)
    leads = [a.lead for a in document.domains[0].actions[:2]]
    assert leads == ["Director of Early Help", "Director of Early Help"]


def test_a_merged_banner_row_and_empty_rows_do_not_break_the_import():
    domains = two_domains()
    domains[0].tables[0].insert(1, Row("", "", lead="", timescale="", progress=""))
    data = add_banner_row(word_tracker(domains), 3, "Actions added in 2021")
    document = read(data)
    assert [a.number for a in document.domains[0].actions] == ["1", "2", "3"]
    assert "tracker.docx, table 4, row 5: 'Actions added in 2021' spans the row" in "\n".join(
        document.warnings
    )


def test_duplicate_numbers_name_both_places():
    domains = two_domains()
    domains[0].tables[1][0].number = "2"
    with pytest.raises(ImportProblem) as raised:
        read(word_tracker(domains))
    message = str(raised.value)
    assert "tracker.docx, table 5, row 2: action 2 appears twice" in message
    assert "(first at table 4, row 3)" in message


def test_impossible_dates_are_kept_and_warned():
    domains = two_domains(timescale="31/02/2021")
    document = read(word_tracker(domains))
    assert document.domains[1].actions[0].timescale == "31/02/2021"
    assert any("February 2021 has 28 days" in warning for warning in document.warnings)


def test_a_document_without_an_action_header_is_refused():
    header = ["N", "WHAT", "WHO", "WHEN", "RAG", "NOTES"]
    with pytest.raises(ImportProblem) as raised:
        read(word_tracker(two_domains(), header=header))
    assert str(raised.value).startswith(
        "tracker.docx, table 4: the table has no recognisable header row: a header row needs "
        "at least a number column (No, Ref or Number) and an action column"
    )
