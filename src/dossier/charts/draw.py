"""Draw one chart of the dossier model (`compose.model.Chart`) with matplotlib, as PNG bytes.

Values are drawn as stated: a lower bound is an open bar with an arrow, a word is a hollow
diamond at the count the methodology assigns to it, labelled with the word (or only the label
when no count can be given), never a bar of invented length. Colours are the Okabe-Ito palette,
doubled by hatching so that a black-and-white print still tells the series apart.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from PIL.Image import Image

    from dossier.case.values import FigureValue
    from dossier.compose.model import Chart, ChartPoint
    from dossier.render.terms import Terms

ALLEGED = "#bbbbbb"  # a party's claim, not a source's report
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
HATCHES = ["", "///", "...", "xx", "\\\\\\", "++", "oo"]


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
        figure = Figure(figsize=(width / print_dpi, height / print_dpi), dpi=print_dpi, facecolor="white")
        canvas = FigureCanvasAgg(figure)
        _DRAW[chart.kind](figure, chart, terms)
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


def _stated(point: ChartPoint) -> FigureValue:
    """The value of a point that states one (every point but a timeline's)."""
    if point.value is None:
        raise RuntimeError(f"chart point {point.label!r} has no value")
    return point.value


def _minutes(point: ChartPoint) -> int:
    """The minute of the day of a timeline's point."""
    if point.time is None:
        raise RuntimeError(f"timeline point {point.label!r} has no time")
    return point.time.hour * 60 + point.time.minute


def _style(index: int) -> dict[str, Any]:
    return {"facecolor": PALETTE[index % len(PALETTE)], "hatch": HATCHES[index % len(HATCHES)],
            "edgecolor": "#222222", "linewidth": 0.6}


def _bar(axes: Axes, y: float, point: ChartPoint, style: dict[str, Any], terms: Terms,
         right: float) -> None:
    """One stated value as a horizontal bar, drawn as honestly as it is stated."""
    value, low = point.value, point.low
    text = terms.value(value) if value else ""
    if point.stated and value is not None and value.kind == "range":
        first, last = point.stated
        text = terms["range"].format(start=terms.value(first), end=terms.value(last))
    elif point.stated:
        text = terms.value(point.stated[0])
    pad = right * 0.012
    if value is None or low is None:
        axes.text(pad, y, f"{text} ({terms['chart']['no_number']})", va="center", fontsize=7.5,
                  style="italic")
        return
    if value.kind == "word":  # a word has no length: a marker where the rule counts it, and the word
        axes.plot(low, y, marker="D", markersize=6, markerfacecolor="white",
                  markeredgecolor="#222222", markeredgewidth=1.0, linestyle="none")
        axes.text(low + pad * 2, y, f"{text} ({terms['chart']['no_number']})", va="center",
                  fontsize=7.5, style="italic")
        return
    if point.alleged:
        style = {**style, "facecolor": ALLEGED, "hatch": ""}
    high = value.high if value.kind == "range" and value.high is not None else low
    end: float = high
    if value.kind in ("at_least", "more_than"):
        axes.barh(y, low, height=0.62, **{**style, "facecolor": "white"})
    elif value.kind == "range" and point.stated and point.stated[0].kind == "word":
        # The low end is a word: no solid bar of a length no source gives.
        axes.barh(y, high, height=0.62, **{**style, "facecolor": "white", "hatch": "...."})
    elif value.kind == "range":
        axes.barh(y, low, height=0.62, **style)
        axes.barh(y, high - low, left=low, height=0.62,
                  **{**style, "facecolor": "white", "hatch": "...."})
    else:
        axes.barh(y, low, height=0.62, **style)
    if value.kind in ("at_least", "more_than") or point.open_high:
        axes.annotate("", xy=(end + right * 0.06, y), xytext=(end, y),
                      arrowprops={"arrowstyle": "->", "color": "#222222", "lw": 1.0})
        end += right * 0.06
    axes.text(end + pad, y, text, va="center", fontsize=7.5)


def _draw_bars(figure: Figure, chart: Chart, terms: Terms) -> None:
    """One panel per quantity, each on its own scale, so that 2 and 3 are as legible as 100."""
    groups = list(dict.fromkeys(p.group for p in chart.points))
    sizes = [sum(1 for p in chart.points if p.group == g) for g in groups]
    panels = figure.subplots(len(groups), 1, gridspec_kw={"height_ratios": [n + 0.6 for n in sizes]},
                             squeeze=False)[:, 0]
    words = any(p.value is not None and p.value.kind == "word" for p in chart.points)
    for g_index, (group, axes) in enumerate(zip(groups, panels)):
        points = [p for p in chart.points if p.group == group]
        top = max([p.low or 0 for p in points] + [1])
        right = top * (2.2 if words else 1.6)
        for y, point in enumerate(points):
            _bar(axes, y, point, _style(g_index), terms, right)
        labels = [textwrap.fill(p.label + (f", {terms['chart']['as_of']} {terms.date(p.as_of)}"
                                           if p.as_of else ""), 44) for p in points]
        axes.set_yticks(range(len(points)), labels)
        axes.set_ylim(len(points) - 0.4, -0.6)
        axes.set_xlim(0, right)
        axes.set_title(group, loc="left", fontsize=8.5, fontweight="bold")
        axes.tick_params(axis="y", length=0)
    panels[-1].set_xlabel(terms["chart"]["people"])


def _draw_parts(figure: Figure, chart: Chart, terms: Terms) -> None:
    """Parts of one total on one scale, one row each, with the total as a dashed line."""
    axes = figure.add_subplot()
    right = max([p.low or 0 for p in chart.points] + [chart.reference or 0, 1]) * 1.5
    for y, point in enumerate(chart.points):
        _bar(axes, y, point, _style(y), terms, right)
    labels = [f"{p.group} ({textwrap.shorten(p.label, 30, placeholder='…')})" for p in chart.points]
    axes.set_yticks(range(len(chart.points)), labels)
    axes.set_ylim(len(chart.points) - 0.4, -0.9)
    axes.set_xlim(0, right)
    axes.tick_params(axis="y", length=0)
    if chart.reference is not None:
        axes.axvline(chart.reference, color="#222222", linestyle=(0, (5, 3)), linewidth=0.9)
        axes.text(chart.reference, -0.75, terms["chart"]["total"].format(n=chart.reference),
                  ha="center", va="bottom", fontsize=7.5)
    axes.set_xlabel(terms["chart"]["people"])


def _draw_compare(figure: Figure, chart: Chart, terms: Terms) -> None:
    axes = figure.add_subplot()
    groups = list(dict.fromkeys(p.group for p in chart.points))
    scopes = list(dict.fromkeys(p.label for p in chart.points))
    right = max([_stated(p).high or _stated(p).low or 0 for p in chart.points] + [1]) * 1.6
    for s_index, scope in enumerate(scopes):
        for g_index, group in enumerate(groups):
            point = next((p for p in chart.points if p.group == group and p.label == scope), None)
            if point is None:
                continue
            y = g_index * (len(scopes) + 0.8) + s_index
            _bar(axes, y, point, _style(s_index), terms, right)
    axes.set_yticks([g * (len(scopes) + 0.8) + (len(scopes) - 1) / 2 for g in range(len(groups))], groups)
    axes.invert_yaxis()
    axes.set_xlim(0, right)
    axes.set_xlabel(terms["chart"]["people"])
    from matplotlib.patches import Patch
    axes.legend(handles=[Patch(**_style(i), label=s) for i, s in enumerate(scopes)], fontsize=7.5,
                frameon=False, loc="lower right")


def _draw_over_time(figure: Figure, chart: Chart, terms: Terms) -> None:
    """Figures by the date they are as of, one evenly spaced slot per date (not to scale)."""
    axes = figure.add_subplot()
    points = [(p.as_of, p.low, p) for p in chart.points if p.as_of is not None and p.low is not None]
    top = max([low for _, low, _ in points] + [1])
    dates = sorted({as_of for as_of, _, _ in points})
    slot = {d: i for i, d in enumerate(dates)}
    for d in dates:
        same = [(low, p) for as_of, low, p in points if as_of == d]
        for k, (low, point) in enumerate(same):
            x = slot[d] + (k - (len(same) - 1) / 2) * 0.22
            bound = _stated(point).kind in ("at_least", "more_than")
            colour = ALLEGED if point.alleged else PALETTE[0]
            axes.plot(x, low, marker="^" if bound else "o", markersize=8,
                      markerfacecolor="white" if bound else colour, markeredgecolor=colour,
                      markeredgewidth=1.4, linestyle="none")
            if bound:  # an open bound points up: the count is at least this
                axes.annotate("", xy=(x, low + top * 0.12), xytext=(x, low),
                              arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.0})
            label = f"{terms.value(_stated(point))}\n{textwrap.fill(point.label, 18)}"
            if point.alleged:
                label += f"\n({terms['chart']['claim']})"
            below = k % 2 == 1  # neighbours on one date take turns above and below
            axes.annotate(label, (x, low), textcoords="offset points",
                          xytext=(0, -10 if below else 9), fontsize=6.8, ha="center",
                          va="top" if below else "bottom")
    axes.set_xticks(range(len(dates)), [terms.date(d) for d in dates])
    axes.set_xlim(-0.7, len(dates) - 0.3)
    axes.set_ylim(0, top * 1.6)
    axes.set_ylabel(terms["chart"]["people"])
    axes.set_xlabel(terms["chart"]["as_of"])


def _draw_timeline(figure: Figure, chart: Chart, terms: Terms) -> None:
    axes = figure.add_subplot()
    minutes = [_minutes(p) for p in chart.points]
    if not minutes:
        return
    start, end = (min(minutes) // 60) * 60, (max(minutes) // 60 + 1) * 60
    axes.axhline(0, color="#222222", linewidth=1)
    for index, (point, minute) in enumerate(zip(chart.points, minutes)):
        level = [1.0, -1.0, 2.0, -2.0][index % 4]
        axes.plot([minute, minute], [0, level * 0.8], color="#555555", linewidth=0.6)
        axes.plot(minute, 0, marker="o", color=PALETTE[index % len(PALETTE)], markeredgecolor="#222222")
        when = terms["approximate"].format(text=point.time) if point.approximate else str(point.time)
        label = f"{when}: {textwrap.fill(point.label, 30)}"
        axes.text(minute, level * 0.85, label, fontsize=6.8, ha="center",
                  va="bottom" if level > 0 else "top")
    axes.set_xlim(start - 20, end + 20)
    axes.set_ylim(-3.2, 3.2)
    hours = range(start, end + 1, 60 if end - start <= 12 * 60 else 120)
    axes.set_xticks(list(hours), [f"{h // 60:02d}:00" for h in hours])
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.set_xlabel(terms["chart"]["hour"])


_DRAW = {"by-source": _draw_bars, "breakdown": _draw_parts, "compare-scopes": _draw_compare,
         "over-time": _draw_over_time, "timeline": _draw_timeline}
