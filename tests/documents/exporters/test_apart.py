"""Word and Excel files are written by a process of their own, with the same bytes."""

import pytest

from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.documents.exporters.apart import write_apart
from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from improvement_tracker.plans.plan_document import ActionEntry, DomainEntry, PlanDocument
from improvement_tracker.plans.rag import Status


def document() -> PlanDocument:
    return PlanDocument(
        title="Learning & Improvement Plan <2020>",
        organisation="A council",
        reporting_period="October 2020",
        rag_key={Status.OFF_TRACK: "Off track", Status.ON_TRACK: "On track"},
        domains=[
            DomainEntry(
                title="Help and protection",
                label="Help and Protection",
                actions=[
                    ActionEntry(
                        number="1",
                        text="Audit the front door – weekly.",
                        lead="Head of Service",
                        timescale="31/02/2020",
                        status=Status.OFF_TRACK,
                        progress="See action 16 below.",
                        high_priority=True,
                    )
                ],
            )
        ],
        source_name="apart-test",
    )


def test_word_and_excel_are_written_apart():
    assert FORMATS["docx"].apart and FORMATS["xlsx"].apart
    assert not FORMATS["csv"].apart


def test_a_file_written_apart_is_the_one_written_here():
    doc = document()
    here = write_xlsx(doc)
    apart = write_apart(FORMATS["xlsx"].writer, doc)
    assert apart[:2] == b"PK"
    from io import BytesIO

    from openpyxl import load_workbook

    def cells(data: bytes) -> list[tuple]:
        book = load_workbook(BytesIO(data))
        return [row for sheet in book for row in sheet.iter_rows(values_only=True)]

    assert cells(apart) == cells(here)
    assert write_apart(FORMATS["docx"].writer, doc)[:2] == b"PK"
    assert len(write_docx(doc)) > 0


def test_only_known_exporters_run_apart():
    with pytest.raises(ValueError, match="Not an exporter"):
        write_apart("os:system", document())
