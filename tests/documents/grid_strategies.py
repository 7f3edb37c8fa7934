"""Hypothesis strategies for grids of any shape: text of every kind, the words trackers use,
fills, and cells merged down or across, for "the proposer never raises" and its kin."""

from hypothesis import strategies as st

from improvement_tracker.documents.importers.grid import GridCell, GridTable

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)

cells = st.builds(
    GridCell,
    st.one_of(
        texts,
        st.sampled_from(
            ["", "1", "1.1", "C1.1.1", "Green", "G", "2 On target", "Complete: done", "Aug 2015",
             "Who?", "Ref", "Action", "RAG", "Key: 1 Fully achieved", "Head of Service", "#"]
        ),
    ),
    st.none() | st.sampled_from(["0070C0", "FF0000", "7030A0", "FFFFFF", "00B050"]),
    st.sampled_from(["", "down", "across"]),
)  # fmt: skip
grid_tables = st.builds(
    GridTable,
    st.integers(1, 5),
    texts,
    st.lists(st.lists(cells, max_size=7), max_size=12),
    st.lists(texts, max_size=3),
    texts,
)
