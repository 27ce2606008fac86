"""Draw one chart of the dossier model (`compose.model.Chart`) with matplotlib, as PNG bytes.

Values are drawn as stated, and labelled with the source's own words: an exact count is a solid
bar, a lower bound an open bar with an arrow, a range a solid bar to its low end and a dotted
one to its high end. A figure without a number ("dozens") is never placed on a numeric axis:
it is named in a band of its own under the chart. A party's figure is drawn in grey. Dates
are drawn to scale, with a visible break where a long gap would crush the rest. Colours are
the Okabe-Ito palette; bars of different colours stand in panels or rows of their own, labelled,
so that a black-and-white print tells them apart without a pattern.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from PIL.Image import Image

    from dossier.compose.model import Chart, ChartPoint
    from dossier.render.terms import Terms

ALLEGED = "#bbbbbb"  # a party's claim, not a source's report
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]


def use_fonts(font_dir: Path, files: tuple[str, ...]) -> None:
    """Give matplotlib the document's fonts, once for all the charts it draws."""
    from matplotlib import font_manager

    for name in files:
        font_manager.fontManager.addfont(str(font_dir / name))


def draw_chart(chart: Chart, terms: Terms, pixels: tuple[int, int], print_dpi: int,
               web_dpi: int) -> tuple[bytes, bytes]:
    """The chart as a print PNG of `pixels` at print_dpi, and a web PNG at web_dpi."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image as PIL_Image

    with matplotlib.rc_context({
            "font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9, "axes.labelsize": 8,
            "xtick.labelsize": 7.5, "ytick.labelsize": 7.5, "hatch.linewidth": 0.6,
            "axes.spines.top": False, "axes.spines.right": False}):
        width, height = pixels
        # Panels of a broken time axis share their height, which only the constrained layout keeps.
        figure = Figure(figsize=(width / print_dpi, height / print_dpi), dpi=print_dpi, facecolor="white",
                        layout="constrained" if chart.kind == "over-time" else None)
        canvas = FigureCanvasAgg(figure)
        _DRAW[chart.kind](figure, chart, terms)
        if chart.kind != "over-time":
            figure.tight_layout()
        canvas.draw()
        # The PDF must not carry transparency: flatten matplotlib's RGBA to RGB.
        printed = PIL_Image.frombuffer("RGBA", canvas.get_width_height(),
                                       canvas.buffer_rgba()).convert("RGB")
    # Each web pixel is the mean of a square of print pixels (an odd last row or column is
    # averaged on its own).
    web = printed.reduce(print_dpi // web_dpi)
    return _png(printed, print_dpi), _png(web, web_dpi)


def _png(image: Image, dpi: int) -> bytes:
    out = io.BytesIO()
    # Level 3 writes files 10 % larger than the default 6 in half the time.
    image.save(out, format="PNG", dpi=(dpi, dpi), compress_level=3)
    return out.getvalue()


def _number(point: ChartPoint) -> int | None:
    """Where a point is drawn: the least count its value states; None for a word."""
    return point.value.least if point.value is not None else None


def _minutes(point: ChartPoint) -> int:
    """The minute of the day of a timeline's point."""
    if point.time is None:
        raise RuntimeError(f"timeline point {point.label!r} has no time")
    return point.time.hour * 60 + point.time.minute


def _style(index: int) -> dict[str, Any]:
    # No hatching: a pattern means the upper part of a range, as the Casualties section says.
    return {"facecolor": PALETTE[index % len(PALETTE)], "edgecolor": "#222222", "linewidth": 0.6}


def _words(point: ChartPoint, terms: Terms) -> str:
    """The point's figure in the source's words; a span as lowest to highest."""
    if point.span is not None:
        low, high = point.span
        if point.value is not None and point.value.kind != "range":  # one figure, in its wordings
            return low if low == high else f"{low}; {high}"
        return low if low == high else terms["range"].format(start=low, end=high)
    return "; ".join((point.as_given or "", *point.also_given))


def _bar(axes: Axes, y: float, point: ChartPoint, style: dict[str, Any], terms: Terms,
         right: float) -> None:
    """One figure as a horizontal bar, drawn as it is stated, labelled with its words."""
    value, low = point.value, _number(point)
    if value is None or low is None:
        raise RuntimeError(f"chart point {point.label!r} has no number to draw")
    if point.claim:  # a party's figure: grey, whatever its form
        style = {**style, "facecolor": ALLEGED, "hatch": "", "edgecolor": "#777777"}
    high = value.high if value.kind == "range" and value.high is not None else low
    end: float = high
    if value.kind in ("at_least", "more_than"):
        axes.barh(y, low, height=0.62, **{**style, "facecolor": "white", "linestyle": "--" if point.claim else "-"})
    elif value.kind == "range":
        axes.barh(y, low, height=0.62, **style)
        axes.barh(y, high - low, left=low, height=0.62, **{**style, "facecolor": "white", "hatch": "...."})
    else:
        axes.barh(y, low, height=0.62, **style)
    if value.kind in ("at_least", "more_than") or point.open_high:
        axes.annotate("", xy=(end + right * 0.06, y), xytext=(end, y),
                      arrowprops={"arrowstyle": "->", "color": "#222222", "lw": 1.0})
        end += right * 0.06
    axes.text(end + right * 0.012, y, _words(point, terms), va="center", fontsize=7.5)


def _word_band(axes: Axes, points: list[ChartPoint], terms: Terms) -> None:
    """Figures stated without a number, named in a band of their own: never on the axis."""
    from matplotlib.transforms import blended_transform_factory

    axes.axis("off")
    figure = cast("Figure", axes.figure)  # the chart's own figure: no subfigures are made
    size, left = 7.3, 0.02
    # The band runs the whole width of the image, from its left edge (where the panels' labels
    # are), wrapped to as many characters as that holds (an average character is about 0.55 em)
    # so that no line runs past the right edge, wherever the panels end up.
    width_pt = (1 - 2 * left) * figure.get_figwidth() * 72
    columns = int(width_pt / (size * 0.55))
    lines = [f"{terms['chart']['no_number']}:"]
    lines += [textwrap.fill(f"“{p.as_given}”: {_label(p, terms)}", columns, initial_indent="  ",
                            subsequent_indent="    ") for p in points]
    axes.text(left, 1, "\n".join(lines), va="top", ha="left", fontsize=size, style="italic",
              transform=blended_transform_factory(figure.transFigure, axes.transAxes))


def _label(point: ChartPoint, terms: Terms) -> str:
    """Who states a figure, as of when, and whether it is a party's."""
    return (point.label + (f", {terms['chart']['as_of']} {terms.date(point.as_of)}" if point.as_of else "")
            + (f" ({terms['chart']['claim']})" if point.claim else ""))


def _split(points: tuple[ChartPoint, ...]) -> tuple[list[ChartPoint], list[ChartPoint]]:
    """The points with a number to draw, and those stated only in words."""
    numbered = [p for p in points if _number(p) is not None]
    return numbered, [p for p in points if _number(p) is None]


def _panels(figure: Figure, rows: list[float], words: list[ChartPoint]) -> tuple[list[Axes], Axes | None]:
    """One panel per group of bars, and under them a band for the figures without a number."""
    ratios = [n + 0.6 for n in rows] + ([0.45 * (len(words) + 1)] if words else [])
    axes = figure.subplots(len(ratios), 1, gridspec_kw={"height_ratios": ratios}, squeeze=False)[:, 0]
    return list(axes[:len(rows)]), (axes[-1] if words else None)


def _draw_bars(figure: Figure, chart: Chart, terms: Terms) -> None:
    """One panel per quantity, each on its own scale, so that 2 and 3 are as legible as 100."""
    numbered, words = _split(chart.points)
    groups = list(dict.fromkeys(p.group for p in numbered))
    panels, band = _panels(figure, [sum(1 for p in numbered if p.group == g) for g in groups], words)
    for g_index, (group, axes) in enumerate(zip(groups, panels)):
        _panel(axes, group, [(textwrap.fill(_label(p, terms), 44), p, g_index)
                             for p in numbered if p.group == group], terms)
    _finish_panels(panels, band, words, terms)


def _panel(axes: Axes, title: str, rows: list[tuple[str, ChartPoint | None, int]], terms: Terms) -> None:
    """One titled panel on its own scale: a bar per row (label, point or none, style), top down."""
    right = max([p.value.most or 0 for _, p, _ in rows if p and p.value] + [1]) * 1.6
    for y, (_, point, style) in enumerate(rows):
        if point is not None:
            _bar(axes, y, point, _style(style), terms, right)
    axes.set_yticks(range(len(rows)), [label for label, _, _ in rows])
    axes.set_ylim(len(rows) - 0.4, -0.6)
    axes.set_xlim(0, right)
    axes.set_title(title, loc="left", fontsize=8.5, fontweight="bold")
    axes.tick_params(axis="y", length=0)


def _finish_panels(panels: list[Axes], band: Axes | None, words: list[ChartPoint], terms: Terms) -> None:
    """The axis label under the last panel, and the figures given only in words under it all."""
    if panels:
        panels[-1].set_xlabel(terms["chart"]["people"])
    if band is not None:
        _word_band(band, words, terms)


def _draw_parts(figure: Figure, chart: Chart, terms: Terms) -> None:
    """Parts of one total on one scale, one row each, with the total as a dashed line."""
    numbered, words = _split(chart.points)
    panels, band = _panels(figure, [len(numbered)], words)
    axes = panels[0]
    right = max([p.value.most or 0 for p in numbered if p.value] + [chart.reference or 0, 1]) * 1.5
    for y, point in enumerate(numbered):
        _bar(axes, y, point, _style(y), terms, right)
    labels = [f"{p.group} ({textwrap.shorten(p.label, 30, placeholder='…')})" for p in numbered]
    axes.set_yticks(range(len(numbered)), labels)
    axes.set_ylim(len(numbered) - 0.4, -0.9)
    axes.set_xlim(0, right)
    axes.tick_params(axis="y", length=0)
    if chart.reference is not None:
        axes.axvline(chart.reference, color="#222222", linestyle=(0, (5, 3)), linewidth=0.9)
        axes.text(chart.reference, -0.75, terms["chart"]["total"].format(n=chart.reference),
                  ha="center", va="bottom", fontsize=7.5)
    axes.set_xlabel(terms["chart"]["people"])
    if band is not None:
        _word_band(band, words, terms)


def _draw_compare(figure: Figure, chart: Chart, terms: Terms) -> None:
    """Each quantity in each scope, from the lowest to the highest figure a source states: one
    panel per quantity, each on its own scale, so that 17 to 18 is as legible as 100."""
    numbered, words = _split(chart.points)
    groups = list(dict.fromkeys(p.group for p in numbered))
    scopes = list(dict.fromkeys(p.label for p in numbered))
    panels, band = _panels(figure, [len(scopes)] * len(groups), words)
    for group, axes in zip(groups, panels):
        _panel(axes, group, [(scope, next((p for p in numbered if p.group == group and p.label == scope),
                                          None), s_index) for s_index, scope in enumerate(scopes)], terms)
    _finish_panels(panels, band, words, terms)


def _draw_over_time(figure: Figure, chart: Chart, terms: Terms) -> None:
    """Figures by the date they are as of, drawn to scale; a gap of months is a visible break."""
    from datetime import date

    numbered, words = _split(tuple(p for p in chart.points if p.as_of is not None))
    days = {p.as_of: date(p.as_of.year, p.as_of.month or 1, p.as_of.day or 1).toordinal()
            for p in numbered if p.as_of is not None}
    segments = _segments(sorted(set(days.values())))
    top = max([_number(p) or 0 for p in numbered] + [1])
    ratios = [max(last - first, 6) for first, last in segments]
    grid = figure.add_gridspec(2 if words else 1, len(segments), width_ratios=ratios, wspace=0.08,
                               height_ratios=[4, 0.45 * (len(words) + 1)] if words else None)
    panels = [figure.add_subplot(grid[0, i]) for i in range(len(segments))]
    for index, ((first, last), axes) in enumerate(zip(segments, panels)):
        shown = [p for p in numbered if p.as_of is not None and first <= days[p.as_of] <= last]
        for day in sorted({days[p.as_of] for p in shown if p.as_of is not None}):
            same = [p for p in shown if p.as_of is not None and days[p.as_of] == day]
            for k, point in enumerate(same):
                _time_point(axes, day + (k - (len(same) - 1) / 2) * 0.9, point, k, top, terms)
        axes.set_xlim(first - 3, last + 3)
        ticks = sorted({(days[p.as_of], p.as_of) for p in shown if p.as_of is not None})
        axes.set_xticks([d for d, _ in ticks], [textwrap.fill(terms.date(p), 12) for _, p in ticks],
                        fontsize=6.8)
        axes.set_ylim(0, top * 1.6)
        if index:  # the break: no left spine, and a pair of slashes on the axis
            axes.spines["left"].set_visible(False)
            axes.tick_params(axis="y", left=False, labelleft=False)
            axes.plot([0, 0], [0, 0], transform=axes.transAxes, marker=[(-1, -2), (1, 2)], markersize=8,
                      linestyle="none", color="#222222", clip_on=False)
    panels[0].set_ylabel(terms["chart"]["people"])
    if words:
        _word_band(figure.add_subplot(grid[1, :]), words, terms)


def _segments(days: list[int]) -> list[tuple[int, int]]:
    """Runs of dates with no gap of more than 45 days between them: each is drawn to scale."""
    segments: list[tuple[int, int]] = []
    for day in days:
        if segments and day - segments[-1][1] <= 45:
            segments[-1] = (segments[-1][0], day)
        else:
            segments.append((day, day))
    return segments or [(0, 1)]


def _time_point(axes: Axes, x: float, point: ChartPoint, k: int, top: int, terms: Terms) -> None:
    """One figure at its date: an open triangle pointing up for a lower bound, else a dot."""
    low = _number(point) or 0
    bound = point.value is not None and point.value.kind in ("at_least", "more_than")
    colour = ALLEGED if point.claim else PALETTE[0]
    axes.plot(x, low, marker="^" if bound else "o", markersize=7, markerfacecolor="white" if bound else colour,
              markeredgecolor=colour, markeredgewidth=1.4, linestyle="none")
    if bound:  # an open bound points up: the count is at least this
        axes.annotate("", xy=(x, low + top * 0.12), xytext=(x, low),
                      arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.0})
    label = f"{point.as_given}\n{textwrap.fill(point.label, 16)}"
    if point.claim:
        label += f"\n({terms['chart']['claim']})"
    below = k % 2 == 1  # neighbours on one date take turns above and below
    axes.annotate(label, (x, low), textcoords="offset points", xytext=(0, -10 if below else 9),
                  fontsize=6.5, ha="center", va="top" if below else "bottom")


def _draw_timeline(figure: Figure, chart: Chart, terms: Terms) -> None:
    axes = figure.add_subplot()
    minutes = [_minutes(p) for p in chart.points]
    if not minutes:
        return
    ends = [p.end_time.hour * 60 + p.end_time.minute for p in chart.points if p.end_time is not None]
    start, end = (min(minutes) // 60) * 60, (max(minutes + ends) // 60 + 1) * 60
    axes.axhline(0, color="#222222", linewidth=1)
    for index, (point, minute) in enumerate(zip(chart.points, minutes)):
        level = [1.0, -1.0, 2.0, -2.0][index % 4]
        if point.end_time is not None:  # how long it lasted, along the axis
            axes.plot([minute, point.end_time.hour * 60 + point.end_time.minute], [0, 0],
                      color=PALETTE[0], linewidth=4, solid_capstyle="butt")
        axes.plot([minute, minute], [0, level * 0.8], color="#555555", linewidth=0.6)
        inexact = point.approximate or point.bound is not None  # drawn open: not an exact time
        # One colour for every event (a colour would need a legend, and means nothing here).
        axes.plot(minute, 0, marker="o", color=PALETTE[0], markeredgecolor="#222222",
                  markerfacecolor="white" if inexact else PALETTE[0])
        label = f"{_time_words(point, terms)}: {textwrap.fill(point.label, 30)}"
        axes.text(minute, level * 0.85, label, fontsize=6.8, ha="center",
                  va="bottom" if level > 0 else "top")
    axes.set_xlim(start - 20, end + 20)
    axes.set_ylim(-3.2, 3.2)
    hours = range(start, end + 1, 60 if end - start <= 12 * 60 else 120)
    axes.set_xticks(list(hours), [f"{h // 60:02d}:00" for h in hours])
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.set_xlabel(terms["chart"]["hour"])


def _time_words(point: ChartPoint, terms: Terms) -> str:
    """The time as the chronology gives it: "around 14:00", "no later than 06:00", "17:20 to 18:00"."""
    when = str(point.time)
    if point.end_time is not None:
        when = terms["range"].format(start=when, end=point.end_time)
    if point.approximate:
        when = terms["approximate"].format(text=when)
    if point.bound is not None:
        when = terms["bound"][point.bound].format(text=when)
    return when


_DRAW = {"by-source": _draw_bars, "breakdown": _draw_parts, "compare-scopes": _draw_compare,
         "over-time": _draw_over_time, "timeline": _draw_timeline}
