"""Only what our Word pack marks is read as an extra value, an objective or an activity
(ADR 0042): a council's own "Outcome: better" and bulleted lines stay its action's words."""

import io

import docx

from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    ActivityEntry,
    DomainEntry,
    PlanDocument,
)
from improvement_tracker.plans.rag import Status
from tests.documents.builders import Domain, Row, add_banner_row, word_tracker

OWN_WORDS = (
    "Review the front door.\n"
    "Outcome: better\n"
    "• Audit ten cases\n"
    "- Train staff; Lead: Head of Service; Status: Red\n"
    "1.1 Draft the thresholds; Lead: Me; Timescale: 31/03/2021; Status: Green"
)


def test_a_word_tracker_s_own_lines_that_look_like_ours_stay_words_of_the_action():
    data = word_tracker([Domain("HELP", [[Row("1", OWN_WORDS)]])], tables_1_and_2=False)
    # The same lines again, in bold and in Word's own bulleted style, without our styles.
    word = docx.Document(io.BytesIO(data))
    cell = word.tables[-1].rows[1].cells[1]
    cell.add_paragraph().add_run("Outcome: ").bold = True
    cell.paragraphs[-1].add_run("better still")
    cell.add_paragraph("Audit again", style="List Bullet")
    out = io.BytesIO()
    word.save(out)
    data = add_banner_row(out.getvalue(), len(word.tables) - 1, "Objective 1: To listen.")

    imported = read_plan_bytes(data, name="plan.docx")

    action = imported.domains[0].actions[0]
    assert action.text == f"{OWN_WORDS}\nOutcome: better still\nAudit again"
    assert (action.extra, action.activities, action.objective) == ({}, [], None)
    assert imported.extra_fields == []
    assert any("'Objective 1: To listen.' spans the row" in w for w in imported.warnings)


def test_a_marked_line_someone_has_reworded_is_kept_as_words_and_warned_about():
    document = PlanDocument(
        title="Plan",
        organisation="Council",
        domains=[
            DomainEntry(
                "HELP",
                "Help",
                [
                    ActionEntry(
                        "1",
                        "Review.",
                        "",
                        "",
                        activities=[ActivityEntry("1.1", "Draft.", status=Status.ON_TRACK)],
                    )
                ],
            )
        ],
    )
    word = docx.Document(io.BytesIO(write_docx(document)))
    line = next(
        p for t in word.tables for c in t._cells for p in c.paragraphs if "Draft." in p.text
    )
    for run in line.runs:
        run.bold = True  # all of it bold: no longer as our export writes an activity
    out = io.BytesIO()
    word.save(out)

    imported = read_plan_bytes(out.getvalue(), name="plan.docx")

    action = imported.domains[0].actions[0]
    assert action.activities == []
    assert action.text == "Review.\n1.1 Draft.; Status: Green"
    assert any(
        "has the style 'Plan activity' but is not written as our export writes it" in w
        for w in imported.warnings
    )
