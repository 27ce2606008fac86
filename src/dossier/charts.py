"""Draw the dossier's charts (`document.Chart`) to PNG files, cached by the hash of their data.

Each chart is written twice: `<id>.png` (150 dpi, for slides and the web) and `<id>.print.png`
(300 dpi, RGB, the form the PDF embeds). A chart whose data, labels and style are unchanged is
not drawn again, and then matplotlib is not even imported. Values are drawn as stated: a lower
bound is an open bar with an arrow, a word is a hollow dashed outline (or only its label when no
count can be given), never an invented number. Colours are the Okabe-Ito palette, doubled by
hatching so that a black-and-white print still tells the series apart.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import tempfile
import textwrap
from importlib.metadata import version
from pathlib import Path

from dossier.document import Chart, ChartPoint
from dossier.templates import Terms

STYLE_VERSION = "3"  # bump when the drawing code changes, to invalidate cached charts
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
HATCHES = ["", "///", "...", "xx", "\\\\\\", "++", "oo"]
WIDTH_IN = 6.7
WEB_DPI, PRINT_DPI = 150, 300


def chart_key(chart: Chart, terms: Terms, font_file: Path) -> str:
    """A hash of everything that decides the chart's pixels."""
    payload = json.dumps([dataclasses.asdict(chart), terms["chart"], terms["value"], terms["months"],
                          STYLE_VERSION, version("matplotlib"), font_file.name],
                         default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def draw_charts(charts: tuple[Chart, ...], folder: Path, terms: Terms, font_dir: Path) -> dict[str, Path]:
    """Make sure every chart's PNGs are in folder; return chart id -> the print PNG."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / "charts.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    result: dict[str, Path] = {}
    changed = False
    for chart in charts:
        key = chart_key(chart, terms, font_dir / "DejaVuSans.ttf")
        web, printed = folder / f"{chart.id}.png", folder / f"{chart.id}.print.png"
        if manifest.get(chart.id) != key or not web.exists() or not printed.exists():
            images = _render(chart, terms, font_dir)
            _write_atomically(web, images[WEB_DPI])
            _write_atomically(printed, images[PRINT_DPI])
            manifest[chart.id] = key
            changed = True
        result[chart.id] = printed
    if changed:
        _write_atomically(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return result


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _render(chart: Chart, terms: Terms, font_dir: Path) -> dict[int, bytes]:
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from PIL import Image

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_manager.fontManager.addfont(str(font_dir / name))
    rc = {"font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9, "axes.labelsize": 8,
          "xtick.labelsize": 7.5, "ytick.labelsize": 7.5, "hatch.linewidth": 0.6,
          "axes.spines.top": False, "axes.spines.right": False}
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(WIDTH_IN, _height(chart)))
        axes = figure.add_subplot()
        _DRAW[chart.kind](axes, chart, terms)
        figure.tight_layout()
        images = {}
        for dpi in (WEB_DPI, PRINT_DPI):
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
            # The PDF must not carry transparency: flatten matplotlib's RGBA to RGB.
            rgb = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
            out = io.BytesIO()
            rgb.save(out, format="PNG", optimize=False)
            images[dpi] = out.getvalue()
    return images


def _height(chart: Chart) -> float:
    if chart.kind in ("by-source", "breakdown"):
        groups = len({p.group for p in chart.points})
        return min(7.5, 1.1 + 0.28 * (len(chart.points) + groups))
    return 3.0 if chart.kind != "timeline" else 3.4


def _style(index: int) -> dict:
    return {"facecolor": PALETTE[index % len(PALETTE)], "hatch": HATCHES[index % len(HATCHES)],
            "edgecolor": "#222222", "linewidth": 0.6}


def _bar(axes, y: float, point: ChartPoint, style: dict, terms: Terms, right: float) -> None:
    """One stated value as a horizontal bar, drawn as honestly as it is stated."""
    value = point.value
    text = terms.value(value) if value else ""
    if value is None or point.low is None:
        axes.text(0, y, f"  {text} ({terms['chart']['no_number']})", va="center", fontsize=7.5,
                  style="italic")
        return
    if value.kind == "word":
        axes.barh(y, point.low, height=0.62, facecolor="white", edgecolor="#222222", linewidth=0.9,
                  linestyle=(0, (3, 2)))
        axes.text(point.low + right * 0.01, y, f"{text} ({terms['chart']['no_number']})", va="center",
                  fontsize=7.5, style="italic")
        return
    if value.kind in ("at_least", "more_than"):
        axes.barh(y, point.low, height=0.62, **{**style, "facecolor": "white"})
        axes.annotate("", xy=(point.low + right * 0.06, y), xytext=(point.low, y),
                      arrowprops={"arrowstyle": "->", "color": "#222222", "lw": 1.0})
        axes.text(point.low + right * 0.07, y, text, va="center", fontsize=7.5)
        return
    if value.kind == "range":
        axes.barh(y, value.low, height=0.62, **style)
        axes.barh(y, value.high - value.low, left=value.low, height=0.62,
                  **{**style, "facecolor": "white", "hatch": "////"})
        axes.text(value.high + right * 0.01, y, text, va="center", fontsize=7.5)
        return
    axes.barh(y, point.low, height=0.62, **style)
    axes.text(point.low + right * 0.01, y, text, va="center", fontsize=7.5)


def _draw_bars(axes, chart: Chart, terms: Terms) -> None:
    right = max([p.low or 0 for p in chart.points] + [chart.reference or 0, 1]) * 1.3
    groups = list(dict.fromkeys(p.group for p in chart.points))
    labels, y = [], 0.0
    ticks = []
    for g_index, group in enumerate(groups):
        axes.text(-right * 0.005, y, group, fontweight="bold", fontsize=8, ha="right", va="center")
        ticks.append(y)
        labels.append("")
        y += 1
        for point in (p for p in chart.points if p.group == group):
            _bar(axes, y, point, _style(g_index), terms, right)
            when = f", {terms.date(point.as_of)}" if point.as_of else ""
            labels.append(textwrap.shorten(point.label, 46, placeholder="…") + when)
            ticks.append(y)
            y += 1
        y += 0.4
    if chart.reference is not None:
        axes.axvline(chart.reference, color="#222222", linestyle=(0, (5, 3)), linewidth=0.9)
        axes.text(chart.reference, -0.9, terms["chart"]["total"].format(n=chart.reference),
                  ha="center", fontsize=7.5)
    axes.set_yticks(ticks, labels)
    axes.invert_yaxis()
    axes.set_xlim(0, right)
    axes.set_xlabel(terms["chart"]["people"])
    axes.tick_params(axis="y", length=0)


def _draw_compare(axes, chart: Chart, terms: Terms) -> None:
    groups = list(dict.fromkeys(p.group for p in chart.points))
    scopes = list(dict.fromkeys(p.label for p in chart.points))
    right = max([p.value.high or p.value.low for p in chart.points] + [1]) * 1.25
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


def _draw_over_time(axes, chart: Chart, terms: Terms) -> None:
    points = [p for p in chart.points if p.as_of is not None and p.low is not None]
    ordinal = {p: _day_number(p.as_of) for p in points}
    for index, point in enumerate(points):
        marker = "o" if point.value.kind in ("exact", "about") else "^"
        face = PALETTE[0] if marker == "o" else "white"
        axes.plot(ordinal[point], point.low, marker=marker, markersize=8, markerfacecolor=face,
                  markeredgecolor=PALETTE[0], markeredgewidth=1.4, linestyle="none")
        label = f"{terms.value(point.value)}\n{textwrap.shorten(point.label, 34, placeholder='…')}"
        axes.annotate(label, (ordinal[point], point.low), textcoords="offset points",
                      xytext=(6, -16 if index % 2 else 6), fontsize=7)
    days = sorted(set(ordinal.values()))
    axes.set_xticks(days, [terms.date(next(p.as_of for p in points if ordinal[p] == d)) for d in days],
                    rotation=0)
    if days:
        span = max(days[-1] - days[0], 1)
        axes.set_xlim(days[0] - span * 0.08, days[-1] + span * 0.3)
    top = max([p.low for p in points] + [1])
    axes.set_ylim(0, top * 1.3)
    axes.set_ylabel(terms["chart"]["people"])
    axes.set_xlabel(terms["chart"]["as_of"])


def _draw_timeline(axes, chart: Chart, terms: Terms) -> None:
    minutes = [p.time.hour * 60 + p.time.minute for p in chart.points]
    if not minutes:
        return
    start, end = (min(minutes) // 60) * 60, (max(minutes) // 60 + 1) * 60
    axes.axhline(0, color="#222222", linewidth=1)
    for index, (point, minute) in enumerate(zip(chart.points, minutes)):
        level = [1.0, -1.0, 2.0, -2.0][index % 4]
        axes.plot([minute, minute], [0, level * 0.8], color="#555555", linewidth=0.6)
        axes.plot(minute, 0, marker="o", color=PALETTE[index % len(PALETTE)], markeredgecolor="#222222")
        label = f"{point.time} {textwrap.fill(point.label, 30)}"
        axes.text(minute, level * 0.85, label, fontsize=6.8, ha="center",
                  va="bottom" if level > 0 else "top")
    axes.set_xlim(start - 20, end + 20)
    axes.set_ylim(-3.2, 3.2)
    hours = range(start, end + 1, 60 if end - start <= 12 * 60 else 120)
    axes.set_xticks(list(hours), [f"{h // 60:02d}:00" for h in hours])
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.set_xlabel(terms["chart"]["hour"])


def _day_number(date) -> int:
    import datetime
    return datetime.date(date.year, date.month or 1, date.day or 1).toordinal()


_DRAW = {"by-source": _draw_bars, "breakdown": _draw_bars, "compare-scopes": _draw_compare,
         "over-time": _draw_over_time, "timeline": _draw_timeline}
