"""The CSV export's records, joined by string methods, are csv.writer's (ADR 0033)."""

import csv
import io

from hypothesis import example, given
from hypothesis import strategies as st

from improvement_tracker.hotpath.csv_lines import csv_lines

# Text as trackers hold it, with every character CSV treats specially.
CELLS = st.lists(
    st.text(alphabet=st.sampled_from(list(",\"\r\n'=+-@\t ;ab–é")) | st.characters()),
    min_size=2,  # a plan's rows have nine cells (csv.writer quotes a lone empty one)
    max_size=9,
)


@given(CELLS)
@example(["a,b", 'a"b', "a\nb", "a\rb", "a\r\nb", "", " a ", "'=1"])  # each, for certain
def test_a_line_is_what_the_standard_csv_writer_writes(cells):
    """The hot path's twin (hotpath/csv_lines.py) against its plain one, csv.writer."""
    written = csv_lines.fast([cells])
    assert written == csv_lines.plain([cells])
    assert next(csv.reader(io.StringIO(written, newline=""))) == cells
