"""A plan's trend charts, drawn once by matplotlib as SVG (pages, the PDF) and PNG (Word),
each with its numbers as a table, and the portfolio's sparkline (issue 20, ADR 0057; pure).

Charts read without colour: each status's bars carry a hatch pattern as well as the fill
of its tag, and a legend names them in the plan's own words; the exceptions' lines differ
in marker and dash. The same figures give the same bytes (fixed hash salt, no dates, text
drawn as the bundled DejaVu glyphs), so an issued pack's files stay byte-stable.
"""

import datetime as dt
import html
import io
import re
import threading
from collections.abc import Sequence
from typing import Any

from improvement_tracker.plans.key_checks import long_date
from improvement_tracker.plans.plan_document import TrendChart
from improvement_tracker.plans.trends import Trends

# GOV.UK Frontend's tag colours (its compiled stylesheet): the fill is the tag's background,
# the edges and hatching its text colour, so a bar looks like the tag it counts.
TAG_COLOURS = {
    "grey": ("#cecece", "#0b0c0c"),
    "green": ("#cfe4dc", "#083d29"),
    "turquoise": ("#d0e6e7", "#0b4144"),
    "teal": ("#d0e6e7", "#0b4144"),
    "blue": ("#d2e2f1", "#0f385c"),
    "light-blue": ("#d2e2f1", "#0f385c"),
    "purple": ("#ddd6ec", "#2a1950"),
    "pink": ("#f4d7e5", "#651b3e"),
    "magenta": ("#f4d7e5", "#651b3e"),
    "red": ("#f4d7d7", "#651b1b"),
    "orange": ("#fde4d7", "#7a3c1c"),
    "yellow": ("#ffee80", "#7a3c1c"),
}
# One pattern per status row, in Table 1's order. Lines only: dotted hatches cost tens of
# kilobytes of SVG each.
HATCHES = ("//", "\\\\", "xx", "--", "||", "++", "/-", "\\|")
BLACK = "#0b0c0c"
# Matplotlib keeps its settings process-wide; one drawing at a time keeps them ours.
_DRAWING = threading.Lock()
_SETTINGS: dict[Any, object] = {
    "svg.hashsalt": "improvement-tracker",  # ids from content, not from a random number
    "svg.fonttype": "path",  # glyphs, not a font the reader may lack
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "hatch.linewidth": 0.8,
}


def status_chart(trends: Trends, *, domain: str | None = None, png: bool = True) -> TrendChart:
    """Stacked bars of the actions in each status at each date, for the plan or one domain.

    `png=False` leaves the PNG empty for a page, which shows only the SVG.
    """
    where = domain or trends.plan_title
    title = f"{where}: actions by status"
    labels = trends.status_labels(domain)
    totals = trends.counts("Total", domain)
    headers = ("Date", *labels, "Total")
    rows = tuple(
        (long_date(day), *(str(trends.counts(label, domain)[i]) for label in labels), str(total))
        for i, (day, total) in enumerate(zip(trends.dates, totals, strict=True))
    )
    desc = (
        f"Stacked bars of how many actions had each status at {_dates_words(trends.dates)}, "
        f"one pattern per status: {', '.join(labels)}. {_latest_words(headers, rows)}"
    )

    def draw(axes: Any) -> None:
        ticks = range(len(trends.dates))
        bottom = [0] * len(trends.dates)
        for index, label in enumerate(labels):
            counts = trends.counts(label, domain)
            fill, ink = TAG_COLOURS.get(trends.colour(label), TAG_COLOURS["grey"])
            axes.bar(
                ticks,
                counts,
                bottom=bottom,
                label=label,
                color=fill,
                edgecolor=ink,
                linewidth=0.8,
                hatch=HATCHES[index % len(HATCHES)],
            )
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]

    svg, image = _render(title, desc, trends.dates, draw, png=png)
    return TrendChart(title=title, svg=svg, png=image, headers=headers, rows=rows)


def exceptions_chart(trends: Trends, *, png: bool = True) -> TrendChart:
    """Lines of the overdue and the flagged actions at each date."""
    title = f"{trends.plan_title}: overdue and flagged actions"
    overdue = [point.overdue for point in trends.points]
    flagged = [point.flagged for point in trends.points]
    headers = ("Date", "Overdue", "Flagged")
    rows = tuple(
        (long_date(day), str(o), str(f))
        for day, o, f in zip(trends.dates, overdue, flagged, strict=True)
    )
    desc = (
        f"Lines of how many actions were overdue (solid, circles) and flagged by the key "
        f"checks (dashed, squares) at {_dates_words(trends.dates)}. "
        f"{_latest_words(headers, rows)}"
    )

    def draw(axes: Any) -> None:
        ticks = range(len(trends.dates))
        axes.plot(ticks, overdue, label="Overdue", color=BLACK, marker="o", linestyle="-")
        axes.plot(ticks, flagged, label="Flagged", color="#1d70b8", marker="s", linestyle="--")

    svg, image = _render(title, desc, trends.dates, draw, png=png)
    return TrendChart(title=title, svg=svg, png=image, headers=headers, rows=rows)


def sparkline_svg(values: Sequence[int], *, label: str) -> str:
    """A small line of `values` for the portfolio, its values in its accessible name.

    Written directly: one polyline, where drawing it with matplotlib costs as much as a
    whole chart, for every plan of a portfolio (ADR 0057).
    """
    width, height, pad = 80, 20, 2
    words = f"{label}: {', '.join(str(v) for v in values)}" if values else f"{label}: no figures"
    name = html.escape(words, quote=True)
    top = max(values, default=0) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = " ".join(
        f"{pad + i * step:.1f},{height - pad - (v / top) * (height - 2 * pad):.1f}"
        for i, v in enumerate(values)
    )
    line = (
        f'<polyline points="{points}" fill="none" stroke="{BLACK}" stroke-width="1.5"/>'
        if len(values) > 1
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{name}" focusable="false">'
        f"<title>{name}</title>{line}</svg>"
    )


def _dates_words(dates: Sequence[dt.date]) -> str:
    if not dates:
        return "no dates"
    if len(dates) == 1:
        return long_date(dates[0])
    return f"{len(dates)} dates from {long_date(dates[0])} to {long_date(dates[-1])}"


def _latest_words(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return "There are no figures."
    latest = rows[-1]
    figures = ", ".join(f"{h} {v}" for h, v in zip(headers[1:], latest[1:], strict=True))
    return f"At {latest[0]}: {figures}. The table with the chart gives every figure."


def _tick(day: dt.date) -> str:
    return f"{day.day} {long_date(day).split()[1][:3]} {day.year}"


def _render(
    title: str, desc: str, dates: Sequence[dt.date], draw: Any, *, png: bool
) -> tuple[str, bytes]:
    """The chart drawn once, saved as SVG (and PNG): axes, ticks and legend as every chart
    has them; `draw` adds the data."""
    # Heavy: imported when a chart is drawn, never at start-up.
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with _DRAWING, matplotlib.rc_context(_SETTINGS):
        figure = Figure(figsize=(8, 4.5), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        draw(axes)
        axes.set_xticks(range(len(dates)), [_tick(day) for day in dates])
        axes.tick_params(axis="x", labelrotation=45)
        for text in axes.get_xticklabels():
            text.set_horizontalalignment("right")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel("Actions")
        axes.set_ylim(bottom=0)
        axes.spines[["top", "right"]].set_visible(False)
        if axes.get_legend_handles_labels()[0]:  # a trend of no dates has nothing to name
            axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        # Fixed margins for the rotated dates and the legend: laying out to fit the text
        # (tight_layout) measures every label again, a quarter of a chart's time.
        figure.subplots_adjust(left=0.08, right=0.76, top=0.95, bottom=0.22)
        svg = io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        image = io.BytesIO()
        if png:
            figure.savefig(image, format="png", metadata={"Software": None})
    return _for_pages(svg.getvalue().decode(), title, desc), image.getvalue()


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_STYLE_ELEMENT = re.compile(r"\s*<style[^>]*>.*?</style>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
_SVG_TAG = re.compile(r"<svg\b([^>]*)>")
# Matplotlib's own ids (glyphs, clip paths, patterns) and what refers to them.
_IDS = re.compile(r'(\bid="|url\(#|xlink:href="#)([^")]+)')


def _as_attributes(match: re.Match[str]) -> str:
    declarations = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in declarations)


def _for_pages(svg: str, title: str, desc: str) -> str:
    """Matplotlib's SVG made fit for a page with no inline style (the site's policy): its
    styles become presentation attributes, and it is named by a title and description.

    Without its XML prologue and metadata, so it can sit inside HTML as it is.
    """
    svg = _METADATA.sub("", _PROLOGUE.sub("", svg))
    svg = _STYLE_ELEMENT.sub("", svg).replace("<defs>\n </defs>", "")
    svg = _STYLE_ATTRIBUTE.sub(_as_attributes, svg)
    ident = "chart-" + re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    # Several charts on one page each define the same glyphs: their ids are made theirs.
    svg = _IDS.sub(lambda m: f"{m.group(1)}{ident}-{m.group(2)}", svg)
    named = (
        f'<svg\\1 role="img" aria-labelledby="{ident}-title {ident}-desc" '
        'stroke-linejoin="round" stroke-linecap="butt">'
        f'\n <title id="{ident}-title">{html.escape(title)}</title>'
        f'\n <desc id="{ident}-desc">{html.escape(desc)}</desc>'
    )
    return _SVG_TAG.sub(lambda m: named.replace("\\1", m.group(1)), svg, count=1)
