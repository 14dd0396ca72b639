"""Server-side SVG charts of the report (matplotlib), for the page and the PDF alike.

The object API (`matplotlib.figure.Figure`, no pyplot) keeps no global figure state,
so concurrent requests cannot draw into each other's charts. Text stays text
(`svg.fonttype = "none"`): the SVG is smaller and the PDF's text is searchable and
readable back. A fixed hash salt and no date make the same data give the same bytes,
which also lets `chart_svg` be memoized.
"""

import base64
from functools import lru_cache
from io import BytesIO

import matplotlib

# Agg before anything imports a backend: servers and Celery workers have no display.
matplotlib.use("Agg")

# After the backend is chosen.
from matplotlib.figure import Figure

# Global rcParams are set once, here, rather than in rc_context() per chart:
# rc_context swaps the process-wide dict and would race between request threads.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "casetracker-report",
        "svg.id": None,
        # DejaVu Sans ships with matplotlib and covers Cyrillic.
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 9,
    }
)

BAR_COLOR = "#417690"  # the admin's header blue
ACCENT_COLOR = "#ba2121"
# Long category lists are cut for the chart; the table beside it has every row.
MAX_BARS = 20
MAX_LABEL = 38
# Time series with more points than this are drawn as a line, not as bars.
MAX_TIME_BARS = 62

KINDS = ("bar", "column", "time", "line")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _new_figure(height: float) -> tuple[Figure, object]:
    figure = Figure(figsize=(7.2, height), dpi=96, layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _horizontal_bars(axes, labels: list[str], values: list[int]) -> None:
    positions = range(len(labels))
    axes.barh(positions, values, color=BAR_COLOR)
    axes.set_yticks(list(positions), [_short(label) for label in labels])
    axes.invert_yaxis()  # largest first, as in the table
    axes.xaxis.get_major_locator().set_params(integer=True)


def _columns(axes, labels: list[str], values: list[int], *, color: str = BAR_COLOR) -> None:
    positions = range(len(labels))
    axes.bar(positions, values, color=color)
    axes.set_xticks(list(positions), [_short(label) for label in labels])
    # Rotate only when the labels would overlap (about 7 px a character at 9 pt).
    if len(labels) * max(len(label) for label in labels) > 60:
        axes.tick_params(axis="x", labelrotation=60)
        for tick in axes.get_xticklabels():
            tick.set_horizontalalignment("right")
    axes.yaxis.get_major_locator().set_params(integer=True)


def _line(axes, labels: list[str], values: list[int]) -> None:
    positions = list(range(len(labels)))
    axes.fill_between(positions, values, step="mid", color=BAR_COLOR, alpha=0.35, linewidth=0)
    axes.step(positions, values, where="mid", color=BAR_COLOR, linewidth=1)
    step = max(1, len(labels) // 10)
    ticks = positions[::step]
    axes.set_xticks(ticks, [labels[index] for index in ticks])
    axes.tick_params(axis="x", labelrotation=45)
    for tick in axes.get_xticklabels():
        tick.set_horizontalalignment("right")
    axes.set_xlim(-0.5, len(labels) - 0.5)
    axes.set_ylim(bottom=0)
    axes.yaxis.get_major_locator().set_params(integer=True)


@lru_cache(maxsize=256)
def chart_svg(kind: str, title: str, rows: tuple[tuple[str, int], ...], x_label: str = "", y_label: str = "") -> bytes:
    """One chart of `rows` (label, count) as SVG bytes.

    kind: "bar" (horizontal bars, categories), "column" (vertical bars, e.g. histogram
    bins), "time" (vertical bars in time order, a line when there are many points),
    "line". Callers pass translated strings and leave out suppressed (None) counts.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown chart kind {kind!r}; expected one of {KINDS}")
    if not rows:
        raise ValueError("No rows to chart: show the 'No data' line instead")
    labels = [str(label) for label, _count in rows]
    values = [count for _label, count in rows]
    if kind == "bar":
        labels, values = labels[:MAX_BARS], values[:MAX_BARS]
        figure, axes = _new_figure(height=1.1 + 0.24 * len(labels))
        _horizontal_bars(axes, labels, values)
    else:
        figure, axes = _new_figure(height=3.2)
        if kind == "line" or (kind == "time" and len(labels) > MAX_TIME_BARS):
            _line(axes, labels, values)
        else:
            _columns(axes, labels, values)
    axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
    if x_label:
        axes.set_xlabel(x_label)
    if y_label:
        axes.set_ylabel(y_label)
    return _to_svg(figure)


def _to_svg(figure: Figure) -> bytes:
    buffer = BytesIO()
    # No "Date" metadata: the same data gives byte-identical SVG.
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "casetracker"})
    return buffer.getvalue()


def svg_data_uri(svg: bytes) -> str:
    """The SVG as a data: URI for <img src>: the page's CSP (style-src 'self') would block
    matplotlib's inline style attributes in an inline <svg>, but not inside an image."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
