"""Trend charts: SVG fit for a page (named, no script, no inline style), PNG for Word, the
same bytes for the same figures, and their numbers as a table (issue 20, ADR 0057)."""

import datetime as dt
import hashlib
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from improvement_tracker.plans.charts import exceptions_chart, sparkline_svg, status_chart
from improvement_tracker.plans.rag import EXAMPLE_KEY
from improvement_tracker.plans.trends import Basis, TrendPoint, Trends
from tests.custom_key import TRUST_KEY

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DATES = [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]


def table(red: int, green: int, unrated: int, labels: tuple[str, str] = ("Red", "Green")):
    counts = {
        labels[0]: red,
        labels[1]: green,
        "Not rated": unrated,
        "Total": red + green + unrated,
    }
    return counts


def trends(title: str = "Children's services <improvement> & care") -> Trends:
    points = tuple(
        TrendPoint(
            day,
            {
                "Help": table(red, 1, 0),
                "Leadership": table(0, green, unrated),
                "Totals": table(red, green + 1, unrated),
            },
            overdue=red,
            flagged=red + unrated,
        )
        for day, red, green, unrated in zip(DATES, [3, 2, 0], [1, 2, 4], [2, 1, 0], strict=True)
    )
    return Trends(title, EXAMPLE_KEY, ("Help", "Leadership"), points, Basis.MONTH_ENDS)


def parsed(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - well-formed, or this raises
    assert root.tag == f"{SVG}svg"
    return root


def test_a_status_chart_is_a_named_image_with_its_labels_and_no_script_or_inline_style():
    chart = status_chart(trends())
    root = parsed(chart.svg)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert (
        title is not None
        and title.text == "Children's services <improvement> & care: actions by status"
    )
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    for label in ("Red", "Green", "Not rated"):
        assert label in desc.text
        assert f"<!-- {label} -->" in chart.svg  # the legend's words, drawn as glyphs
    assert "<script" not in chart.svg
    assert "style=" not in chart.svg and "<style" not in chart.svg  # the site's policy
    assert "<?xml" not in chart.svg and "<!DOCTYPE" not in chart.svg
    assert "&lt;improvement&gt; &amp; care" in chart.svg


def test_each_status_has_its_own_pattern_and_its_tags_colours():
    chart = status_chart(trends())
    patterns = parsed(chart.svg).iter(f"{SVG}pattern")
    assert len(list(patterns)) == 3  # Red, Green, Not rated
    assert 'fill="#f4d7d7"' in chart.svg  # the red tag's background
    assert 'stroke="#651b1b"' in chart.svg  # and its text colour, for edges and hatching


def test_a_plans_own_labels_and_colours_are_used():
    points = tuple(
        TrendPoint(day, {"Totals": table(1, 2, 0, ("Red", "Amber"))}, 0, 0) for day in DATES
    )
    chart = status_chart(Trends("Trust plan", TRUST_KEY, (), points, Basis.BOARD_DATES))
    assert chart.headers == ("Date", "Red", "Amber", "Total")
    assert "<!-- Amber -->" in chart.svg
    assert 'fill="#fde4d7"' in chart.svg  # the trust's Amber is orange


def test_the_table_holds_the_charts_numbers():
    chart = status_chart(trends())
    assert chart.headers == ("Date", "Red", "Green", "Not rated", "Total")
    assert chart.rows == (
        ("31 January 2026", "3", "2", "2", "7"),
        ("28 February 2026", "2", "3", "1", "6"),
        ("31 March 2026", "0", "5", "0", "5"),
    )
    domain = status_chart(trends(), domain="Leadership")
    assert domain.title == "Leadership: actions by status"
    assert [row[2] for row in domain.rows] == ["1", "2", "4"]
    exceptions = exceptions_chart(trends())
    assert exceptions.headers == ("Date", "Overdue", "Flagged")
    assert exceptions.rows[0] == ("31 January 2026", "3", "5")


def test_charts_on_one_page_share_no_ids():
    ids = [
        {element.get("id") for element in parsed(chart.svg).iter() if element.get("id")}
        for chart in (status_chart(trends()), status_chart(trends(), domain="Help"))
    ]
    assert ids[0] and ids[1] and not ids[0] & ids[1]


def test_the_same_figures_give_the_same_bytes_and_a_png():
    first, second = status_chart(trends()), status_chart(trends())
    assert first == second
    assert first.png.startswith(PNG_SIGNATURE)
    assert exceptions_chart(trends()).png.startswith(PNG_SIGNATURE)
    assert status_chart(trends(), png=False).png == b""


def test_a_trend_of_no_dates_is_an_empty_chart_that_says_so(recwarn):
    empty = Trends("Plan", EXAMPLE_KEY, (), (), Basis.CHOSEN)
    for chart in (status_chart(empty), exceptions_chart(empty)):
        assert chart.rows == ()
        assert "There are no figures." in parsed(chart.svg).find(f"{SVG}desc").text
    assert not recwarn.list  # matplotlib warns of a legend with nothing in it


def test_the_exceptions_chart_is_a_named_image_without_inline_style():
    root = parsed(exceptions_chart(trends()).svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.endswith(": overdue and flagged actions")
    assert not [element for element in root.iter() if element.get("style")]


def fingerprint() -> str:
    chart = status_chart(trends())
    return hashlib.sha256(chart.svg.encode() + chart.png).hexdigest()


def test_another_process_draws_the_same_bytes():
    """What an issued pack keeps must not depend on the process that drew it."""
    code = (
        "import django; django.setup(); "
        "from tests.plans.test_charts import fingerprint; print(fingerprint())"
    )
    other = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]},
    )
    assert other.stdout.strip() == fingerprint()


@pytest.mark.parametrize("values", [[4, 2, 7], [3], []])
def test_a_sparkline_names_its_values(values):
    svg = sparkline_svg(values, label="Red actions <at> board dates")
    root = parsed(svg)
    words = ", ".join(str(v) for v in values) or "no figures"
    assert root.get("role") == "img"
    assert root.get("aria-label") == f"Red actions <at> board dates: {words}"
    assert root.find(f"{SVG}title").text == root.get("aria-label")
    assert (root.find(f"{SVG}polyline") is not None) == (len(values) > 1)
    assert "<script" not in svg and "style=" not in svg


def test_typst_which_lays_out_the_pdf_pack_reads_the_chart(tmp_path):
    import typst

    (tmp_path / "chart.svg").write_text(status_chart(trends(), png=False).svg)
    (tmp_path / "pack.typ").write_text('#image("chart.svg", width: 100%)\n')
    pdf = typst.compile(str(tmp_path / "pack.typ"), format="pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
