"""Action references as plans write them, and their natural order (plans/numbering.py)."""

import functools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.plans.numbering import (
    KEY_LENGTH,
    clean_reference,
    natural_key,
    next_reference,
    reference_problem,
)

references = st.from_regex(r"[A-Za-z0-9.()\-]{1,20}", fullmatch=True)
# Shapes real trackers use, so that numbers with layers and letters are drawn often.
layered = st.builds(
    lambda prefix, parts, suffix: prefix + ".".join(str(p) for p in parts) + suffix,
    st.sampled_from(["", "C", "CC", "R", "c", "S-"]),
    st.lists(st.integers(0, 120), min_size=1, max_size=4),
    st.sampled_from(["", "a", "B", "(a)", "-1"]),
).filter(lambda r: len(r) <= 20)
any_reference = st.one_of(references, layered)


def plain_natural_order(a: str, b: str) -> int:
    """The specification: runs of digits compare as numbers, runs of letters ignoring case,
    a number before letters, fewer parts first; ties broken by the text itself."""

    def parts(reference: str) -> list[tuple[int, int | str]]:
        return [
            (0, int(run)) if run.isdigit() else (1, run.lower())
            for run in re.findall(r"[0-9]+|[A-Za-z]+", reference)
        ]

    first, second = (parts(a), a), (parts(b), b)
    return (first > second) - (first < second)


@given(st.lists(any_reference, max_size=12))
def test_sorting_by_the_key_is_natural_order(refs):
    assert sorted(refs, key=natural_key) == sorted(
        refs, key=functools.cmp_to_key(plain_natural_order)
    )


@given(any_reference)
def test_the_key_is_lowercase_letters_and_digits_only_and_fits_its_column(reference):
    key = natural_key(reference)
    assert re.fullmatch(r"[a-z0-9]+", key)
    assert len(key) <= KEY_LENGTH


def test_the_longest_key_fits():
    assert len(natural_key("1a" * 10)) <= KEY_LENGTH


@given(any_reference, any_reference)
def test_different_references_have_different_keys(a, b):
    assert (natural_key(a) == natural_key(b)) == (a == b)


def test_plans_numbering_sorts_as_people_read_it():
    written = ["R3", "10", "1.10", "CC1", "2", "C1.1.1", "1.2", "1", "1.1", "c1.2", "1a"]
    assert sorted(written, key=natural_key) == [
        "1", "1.1", "1.2", "1.10", "1a", "2", "10", "C1.1.1", "c1.2", "CC1", "R3",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("16", None),
        ("C1.1.1", None),
        ("1(a)-2", None),
        ("", "Enter the action number"),
        ("1/2", "Action number must only include letters, digits, full stops, hyphens and "
         "brackets, like 16, 1.2 or C1.1.1"),
        ("1 2", "Action number must only include letters, digits, full stops, hyphens and "
         "brackets, like 16, 1.2 or C1.1.1"),
        ("é1", "Action number must only include letters, digits, full stops, hyphens and "
         "brackets, like 16, 1.2 or C1.1.1"),
        ("1" * 21, "Action number must be 20 characters or fewer"),
    ],
)  # fmt: skip
def test_a_reference_is_letters_digits_and_a_little_punctuation(typed, problem):
    assert reference_problem(typed) == problem


@pytest.mark.parametrize(
    ("typed", "kept"),
    [(" 1.1 ", "1.1"), ("16.", "16"), ("1.1.", "1.1"), ("C1", "C1"), ("0..", "0"), ("2 . ", "2")],
)
def test_a_reference_is_kept_as_written_without_spaces_or_a_closing_full_stop(typed, kept):
    assert clean_reference(typed) == kept
    assert clean_reference(kept) == kept  # read back from an export, it is the same


@pytest.mark.parametrize(
    ("taken", "proposed"),
    [
        ([], "1"),
        (["1", "2", "16"], "17"),
        (["1.1", "1.4", "1.2"], "1.5"),
        (["C1.1.8", "C1.1.9"], "C1.1.10"),
        (["R3", "R4"], "R5"),
        (["1a"], "2a"),
        (["1.4", "1.5"], "1.6"),
        (["CC"], "CC1"),
        (["9" * 20], "1"),
    ],
)
def test_the_next_number_follows_the_last_in_its_last_part(taken, proposed):
    assert next_reference(taken) == proposed
