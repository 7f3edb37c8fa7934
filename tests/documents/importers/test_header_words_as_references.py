"""A reference that is also a header's word ("NO", "Ref", "ID") is an action's number.

A row is skipped as the header repeated further down only when its action cell is a
header too; found by the hypothesis round trip drawing the reference "NO".
"""

import pytest

from improvement_tracker.documents.exporters.csv import write_csv
from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.plans.plan_document import ActionEntry, DomainEntry, PlanDocument
from improvement_tracker.plans.rag import Status

WRITERS = {"csv": write_csv, "docx": write_docx, "xlsx": write_xlsx}


@pytest.mark.parametrize("file_format", WRITERS)
def test_references_that_are_header_words_come_back_as_actions(file_format):
    numbers = ["NO", "Ref", "ID", "1"]
    document = PlanDocument(
        title="Plan",
        organisation="Council",
        domains=[
            DomainEntry(
                title="HELP",
                label="Help",
                actions=[
                    ActionEntry(number, f"Action {number}.", "Director", "", Status.ON_TRACK)
                    for number in numbers
                ],
            )
        ],
    )
    data = WRITERS[file_format](document)
    back = read_plan_bytes(data, name=f"plan.{file_format}")
    actions = back.domains[0].actions
    assert [(a.number, a.text) for a in actions] == [(n, f"Action {n}.") for n in numbers]
