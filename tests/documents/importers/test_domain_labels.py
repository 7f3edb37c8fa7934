"""A domain's label read as a person wrote its heading: apostrophes and capitals kept, a
heading in capitals made readable, never longer than a label may be."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.documents.importers.apply_mapping import document_from_mapping
from improvement_tracker.documents.importers.domain_labels import LONGEST_LABEL, domain_label
from improvement_tracker.documents.importers.grid import read_grid_bytes
from improvement_tracker.documents.importers.proposal import propose_mapping
from tests.documents.family import WordTable, word_document

EXAMPLES = [
    # Written in capitals and small letters: as written.
    ("Children's services action tracker", "Children's services action tracker"),
    ("Children's Services Action Tracker", "Children's Services Action Tracker"),
    ("NHS Trust serious incident review", "NHS Trust serious incident review"),
    ("SEND and inclusion", "SEND and inclusion"),
    ("Working with the CQC", "Working with the CQC"),
    ("PRIORITY 1a Early Help and Prevention", "PRIORITY 1a Early Help and Prevention"),
    ("Standard 1 - Referrals", "Standard 1 - Referrals"),
    # In capitals throughout: made readable.
    ("DOMAIN 1: HELP AND PROTECTION", "Domain 1: Help and Protection"),
    ("HELP AND PROTECTION", "Help and Protection"),
    ("CHILDREN'S SERVICES", "Children's Services"),
    ("NHS PARTNERS AND THE CQC", "NHS Partners and the CQC"),
    ("SEND AND INCLUSION", "SEND and Inclusion"),
    ("STANDARD 1 - THE REFERRALS", "Standard 1 - The Referrals"),
    ("PRIORITY 1A EARLY HELP", "Priority 1A Early Help"),
    ("WORKING WITH PARTNERS (LSCB)", "Working with Partners (LSCB)"),
    (
        "LEADERSHIP: AREAS FOR DEVELOPMENT IN THE NEXT 12 MONTHS",
        "Leadership: Areas for Development in the Next 12 Months",
    ),
    # In small letters alone: a capital to start.
    ("children in care", "Children in care"),
    # One line, and cut after a whole word.
    ("Help and\nprotection  in  Sunderland", "Help and protection in Sunderland"),
    ("Help " * 20, ("Help " * 16).strip()),
]  # fmt: skip


@pytest.mark.parametrize(("title", "label"), EXAMPLES)
def test_a_label_reads_as_a_person_wrote_the_heading(title, label):
    assert domain_label(title) == label


@given(st.text(max_size=300))
def test_a_label_is_one_line_never_longer_than_80_and_never_empty_for_a_heading_with_text(title):
    label = domain_label(title)
    assert len(label) <= LONGEST_LABEL
    assert label == " ".join(label.split())
    assert bool(label) == bool(title.strip())


# Letters whose case changes no other letter: "ß" or "İ" would (Python's "İ".lower() is two).
HEADING_LETTERS = string.ascii_letters + string.digits + " '’&()-–:,./éÉ\n"


@given(st.text(HEADING_LETTERS, max_size=LONGEST_LABEL))
def test_a_label_changes_only_the_case_of_a_short_heading(title):
    assert domain_label(title).casefold() == " ".join(title.split()).casefold()


def test_a_mapped_document_of_a_title_and_one_table_gets_its_title_as_written_as_its_label():
    table = WordTable([["NOS", "What?", "Who?"], ["1", "Set up a panel", "Head of Service"]])
    grid = read_grid_bytes(
        word_document(["Children's services action tracker"], [table]), name="tracker.docx"
    )
    document = document_from_mapping(grid, propose_mapping(grid))
    assert [(domain.title, domain.label) for domain in document.domains] == [
        ("Children's services action tracker", "Children's services action tracker")
    ]
