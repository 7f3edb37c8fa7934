"""A mapping as JSON: written, read back the same, and a hand-edited one checked with
messages naming the table, column, status or row and the field that is wrong."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from improvement_tracker.documents.importers.grid import Grid
from improvement_tracker.documents.importers.mapping import (
    SINGLE,
    ColumnMapping,
    Mapping,
    Meaning,
    RowKind,
    RowMapping,
    StatusMapping,
    StatusSource,
    TableMapping,
)
from improvement_tracker.documents.importers.mapping_json import (
    MappingProblem,
    mapping_from_json,
    mapping_to_json,
)
from improvement_tracker.documents.importers.proposal import propose_mapping
from improvement_tracker.plans.rag import Status
from tests.documents.grid_strategies import grid_tables, texts


@st.composite
def columns(draw):
    chosen = draw(st.lists(st.sampled_from(list(Meaning)), max_size=8))
    found, seen = [], set()
    for number, meaning in enumerate(chosen, start=1):
        if meaning in SINGLE and meaning in seen:
            meaning = Meaning.IGNORE
        seen.add(meaning)
        name = draw(texts.filter(lambda text: " ".join(text.split()) == text and text))
        field = name if meaning is Meaning.EXTRA else ""
        found.append(ColumnMapping(number, draw(texts), meaning, draw(texts), field))
    return tuple(found)


@st.composite
def tables(draw, number):
    found = draw(columns())
    has_action = any(column.meaning is Meaning.ACTION for column in found)
    number_in_text = draw(st.booleans())
    return TableMapping(
        table=number,
        name=draw(texts),
        use=draw(st.booleans()) and (has_action or number_in_text),
        reason=draw(texts),
        header_row=draw(st.none() | st.integers(1, 10_000)),
        section=draw(texts),
        columns=found,
        statuses=tuple(
            draw(
                st.lists(
                    st.builds(
                        StatusMapping,
                        texts,
                        st.sampled_from(list(StatusSource)),
                        st.sampled_from(list(Status)),
                        texts,
                        st.integers(0, 10_000),
                    ),
                    max_size=4,
                )
            )
        ),
        rows=tuple(
            draw(
                st.lists(
                    st.builds(
                        RowMapping,
                        st.integers(1, 10_000),
                        st.sampled_from(list(RowKind)),
                        texts,
                        texts,
                    ),
                    max_size=4,
                )
            )
        ),
        number_in_text=number_in_text,
    )


@st.composite
def mappings(draw):
    count = draw(st.integers(0, 4))
    return Mapping(
        source=draw(texts),
        title=draw(texts),
        tables=tuple(draw(tables(number)) for number in range(1, count + 1)),
        closest=draw(texts),
    )


@settings(max_examples=200, deadline=None)
@given(mappings())
def test_a_mapping_written_as_json_reads_back_the_same(mapping):
    assert mapping_from_json(mapping_to_json(mapping), source="m.json") == mapping


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["docx", "xlsx"]),
    st.lists(texts, max_size=3),
    st.lists(grid_tables, max_size=4),
)
def test_the_proposer_never_raises_and_its_proposal_always_reads_back(kind, title, found):
    for number, table in enumerate(found, start=1):
        table.number = number
    mapping = propose_mapping(Grid("g." + kind, kind, title, found))
    assert mapping_from_json(mapping_to_json(mapping), source="m.json") == mapping


def proposal() -> dict:
    mapping = Mapping(
        source="plan.docx",
        title="Plan",
        tables=(
            TableMapping(
                1,
                "table 1",
                True,
                "its rows are actions",
                header_row=1,
                columns=(
                    ColumnMapping(1, "Ref", Meaning.REFERENCE),
                    ColumnMapping(2, "What?", Meaning.ACTION),
                    ColumnMapping(3, "How?", Meaning.EXTRA, field="How?"),
                ),
                statuses=(StatusMapping("G", StatusSource.LETTER, Status.ON_TRACK, "", 2),),
                rows=(RowMapping(2, RowKind.SECTION, "Standard 1"),),
            ),
        ),
    )
    return json.loads(mapping_to_json(mapping))


def refusal(data) -> str:
    with pytest.raises(MappingProblem) as refused:
        mapping_from_json(json.dumps(data), source="mapping.json")
    return str(refused.value)


def test_the_json_shape_is_versioned_and_lists_the_choices_for_the_person_editing_it():
    data = proposal()
    assert data["version"] == 1
    assert data["choices"]["meaning"] == [
        "reference", "action", "objective", "lead", "timescale", "status", "progress",
        "evidence", "priority", "section", "extra field", "ignore",
    ]  # fmt: skip
    assert data["tables"][0]["columns"][2] == {
        "column": 3, "header": "How?", "meaning": "extra field", "field": "How?", "reason": "",
    }  # fmt: skip
    assert data["tables"][0]["statuses"][0] == {
        "found": "G", "from": "letter", "meaning": "on_track", "count": 2, "reason": "",
    }  # fmt: skip


def test_every_mistake_in_a_hand_edited_mapping_is_named_with_its_place():
    data = proposal()
    table = data["tables"][0]
    table["columns"][0]["meaning"] = "leed"
    table["columns"][2]["field"] = "  "
    table["columns"].append({"column": 4, "meaning": "action"})
    table["statuses"][0]["meaning"] = "blue"
    table["rows"][0]["kind"] = "title"
    table["header_row"] = 0
    table["colour"] = "red"
    assert refusal(data) == (
        "mapping.json: the mapping cannot be used:\n"
        "- tables[0]: 'colour' is not a key here (columns, header_row, name, number_in_text, "
        "reason, rows, section, statuses, table, use)\n"
        "- table 1: 'header_row' should be a row number or null, not the number 0\n"
        "- table 1, column 1: 'meaning' is \"leed\"; it must be one of: reference, action, "
        "objective, lead, timescale, status, progress, evidence, priority, section, extra field, "
        "ignore\n"
        "- table 1, column 3: an extra field needs its name in 'field'\n"
        "- table 1, status 'G': 'meaning' is \"blue\"; it must be one of: not_started, off_track, "
        "at_risk, on_track, complete, complete_assured, not_rated\n"
        "- table 1, row 2: 'kind' is \"title\"; it must be one of: section, objective, activity, "
        "header\n"
        "- table 1: columns 2 and 4 are both 'action'; a table has one (make the other an extra "
        "field)"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=2), "'version' must be 1; this mapping says 2"),
        (lambda d: d.pop("tables"), "'tables' is missing"),
        (lambda d: d.update(tables={}), "'tables' should be a list [...], not an object"),
        (
            lambda d: d["tables"][0]["columns"][1].update(meaning="ignore"),
            "table 1: is used, but no column's meaning is 'action'",
        ),
        (
            lambda d: d["tables"].append(d["tables"][0]),
            "table 1: appears twice in 'tables'",
        ),
        (
            lambda d: d["tables"][0]["columns"][1].update(column="2"),
            "'column' should be a whole number, not the text \"2\"",
        ),
        (
            lambda d: d["tables"][0].update(use="yes"),
            "table 1: 'use' should be true or false, not the text \"yes\"",
        ),
    ],
)
def test_a_mapping_that_cannot_be_used_says_why(change, message):
    data = proposal()
    change(data)
    assert message in refusal(data)


def test_a_mapping_that_is_not_json_says_where():
    with pytest.raises(MappingProblem) as refused:
        mapping_from_json('{"version": 1,', source="mapping.json")
    assert str(refused.value).startswith("mapping.json: the mapping is not JSON: line 1, column")


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"version": ' + "9" * 5000 + "}"])
def test_a_hostile_mapping_is_refused_with_a_message_not_a_crash(text):
    with pytest.raises(MappingProblem) as refused:
        mapping_from_json(text, source="mapping.json")
    assert str(refused.value).startswith("mapping.json: the mapping cannot be read as a mapping")
