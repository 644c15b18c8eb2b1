"""Inline SVG charts drawn from the chart data of a view: radar, horizontal bars, score intervals, trends.

Each chart is an ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>`` (a description in
words, for screen readers); unknown values are drawn as unknown (no vertex, a hatched outline, the
word), never as zero. Every number a person reads is spelled by :mod:`clusterkit.text`; the same
chart gives the same bytes. :func:`narrow_svg` draws a chart again for a phone's width, its labels
on lines of their own, so that its text is not scaled down there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from clusterkit import text as spell
from clusterkit.i18n import _
from clusterkit.render.html.markup import LABEL_CHARS, esc, num, short
from clusterkit.views.blocks import Bar, BarChart, Chart, GroupedBarChart, IntervalChart, RadarChart, Series, TrendChart

# Series colours (subject, benchmark, others), chosen to stay apart for colour-blind readers and
# in greyscale print; the benchmark is also dashed and marked with squares.
SERIES_COLOURS = ("#1f5fa8", "#c2491d", "#2e7d32", "#6a3d9a")
TONES = {"accent": "#1f5fa8", "bad": "#b3261e", "good": "#2e7d32"}
# The width of a chart drawn for a phone: about the room a 390-pixel screen leaves it, so that its
# text is shown at about its size (a wide chart there would be scaled to less than half).
NARROW = 360
# The height of a line of a narrow chart's labels, and the widths (in em) of a letter and a digit.
LINE = 16.0
EM_PER_CHAR = 0.56
# Where a narrow chart's labels start: right of its scale's start, so as not to hide the line there.
LABEL_X = 20


def narrow_svg(fig_id: str, chart: Chart) -> str:
    """The chart drawn for a phone (shown instead of the other below a width, by the style sheet).

    It is :data:`NARROW` wide, about the width a phone gives it, so its text keeps its size: each
    label has a line of its own above its bars, and a radar is drawn as grouped bars. Its ids end in ``-n``.
    """
    nid = f"{fig_id}-n"
    if isinstance(chart, RadarChart):
        return _grouped_narrow(nid, chart.title, chart.axes, chart.series)
    if isinstance(chart, GroupedBarChart):
        return _grouped_narrow(nid, chart.title, chart.groups, chart.series)
    if isinstance(chart, BarChart):
        return _bars_narrow(nid, chart)
    if isinstance(chart, TrendChart):
        return trend_svg(nid, chart, narrow=True)
    return _whiskers_narrow(nid, chart)


def chart_svg(fig_id: str, chart: Chart) -> str:
    """The SVG of any chart of a view."""
    if isinstance(chart, RadarChart):
        return radar_svg(fig_id, chart)
    if isinstance(chart, GroupedBarChart):
        return grouped_svg(fig_id, chart)
    if isinstance(chart, BarChart):
        return bars_svg(fig_id, chart)
    if isinstance(chart, TrendChart):
        return trend_svg(fig_id, chart)
    return whiskers_svg(fig_id, chart)


def labelled_by(fig_id: str) -> str:
    """The ids of a chart's ``<title>`` and ``<desc>``, for its ``aria-labelledby``."""
    return f"{fig_id}-title {fig_id}-desc"


def svg_labels(fig_id: str, title: str, description: str) -> list[str]:
    """A chart's ``<title>`` and ``<desc>`` (its description in words), which label the ``<svg>``."""
    return [f'<title id="{fig_id}-title">{esc(title)}</title>', f'<desc id="{fig_id}-desc">{esc(description)}</desc>']


def svg_open(fig_id: str, cls: str, width: int, height: int, title: str, description: str) -> list[str]:
    """The opening ``<svg>`` of a chart of a fixed size, labelled by its title and description."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{labelled_by(fig_id)}">',
        *svg_labels(fig_id, title, description),
    ]


# --- radar ----------------------------------------------------------------------------------------


def radar_svg(fig_id: str, chart: RadarChart) -> str:
    """A radar chart: one axis per dimension, rings at 25/50/75/100, one polygon per series.

    Unknown values get no vertex: the polygon joins the known values only, and the axis says
    which series are unknown there.
    """
    axes, series = chart.axes, chart.series
    width, height = 640, 410
    cx, cy, radius = 320.0, 222.0, 155.0
    n = max(len(axes), 1)

    def at(i: int, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def point(i: int, value: float) -> tuple[float, float]:
        return at(i, radius * max(0.0, min(100.0, value)) / 100)

    def pts(points: Iterable[tuple[float, float]]) -> str:
        return " ".join(f"{num(x)},{num(y)}" for x, y in points)

    out = [
        *svg_open(fig_id, "chart radar", width, height, chart.title, radar_description(axes, series)),
        '<g class="radar-grid" fill="none" stroke="#c9cfd6" stroke-width="1">',
    ]
    for ring in (25, 50, 75, 100):
        dash = "" if ring == 100 else ' stroke-dasharray="3 3"'
        if n >= 3:
            out.append(f'<polygon class="radar-ring" points="{pts(point(i, ring) for i in range(n))}"{dash}/>')
        else:
            out.append(
                f'<circle class="radar-ring" cx="{num(cx)}" cy="{num(cy)}" r="{num(radius * ring / 100)}"{dash}/>'
            )
    for i in range(n):
        x, y = point(i, 100)
        out.append(f'<line class="radar-axis" x1="{num(cx)}" y1="{num(cy)}" x2="{num(x)}" y2="{num(y)}"/>')
    out.append("</g>")
    for ring in (0, 25, 50, 75, 100):
        x, y = point(0, ring)
        out.append(f'<text class="tick" x="{num(x + 6)}" y="{num(y + 12)}">{ring}</text>')
    for i, name in enumerate(axes):
        out.append(_radar_label(i, n, name, series, at(i, radius + 16), cx))
    for index, s in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        dash = ' stroke-dasharray="7 4"' if index % 2 else ""
        known = [(i, v) for i, v in enumerate(s.values) if v is not None]
        points = pts(point(i, v) for i, v in known)
        out.append(
            f'<polygon class="radar-series radar-series-{index + 1}" data-cluster="{esc(s.id)}" points="{points}" '
            f'fill="{colour}" fill-opacity="0.14" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round"{dash}>'
            f"<title>{esc(s.name)}</title></polygon>"
        )
        for i, v in known:
            x, y = point(i, v)
            tip = f"<title>{esc(s.name)}: {esc(axes[i])} {esc(spell.score(v))}</title>"
            if index % 2:
                out.append(
                    f'<rect class="radar-point" x="{num(x - 4)}" y="{num(y - 4)}" width="8" height="8" '
                    f'fill="#fff" stroke="{colour}" stroke-width="2">{tip}</rect>'
                )
            else:
                out.append(
                    f'<circle class="radar-point" cx="{num(x)}" cy="{num(y)}" r="4.5" fill="{colour}">{tip}</circle>'
                )
    out.append(_legend(series, 12, height - 12 - 20 * (len(series) - 1)))
    out.append("</svg>")
    return "".join(out)


def _radar_label(i: int, n: int, name: str, series: Sequence[Series], at: tuple[float, float], cx: float) -> str:
    x, y = at
    anchor = "middle" if abs(x - cx) < 1 else "start" if x > cx else "end"
    lines = _wrap(name, 18)
    unknown = [s.id for s in series if i < len(s.values) and s.values[i] is None]
    if unknown:
        lines.append(unknown_names(unknown))
    angle = -math.pi / 2 + 2 * math.pi * i / n
    # Labels above the centre grow upwards, the others downwards.
    top = y - (len(lines) - 1) * 16 if math.sin(angle) < -0.5 else y
    parts = [f'<text class="axis-label" text-anchor="{anchor}" x="{num(x)}" y="{num(top)}">']
    for k, line in enumerate(lines):
        cls = ' class="unknown-text"' if unknown and k == len(lines) - 1 else ""
        dy = "0" if k == 0 else "16"
        parts.append(f'<tspan x="{num(x)}" dy="{dy}"{cls}>{esc(line)}</tspan>')
    parts.append("</text>")
    return "".join(parts)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines or [""]


def _legend(series: Sequence[Series], x: float, y: float) -> str:
    out = ['<g class="legend">']
    for index, s in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        dash = ' stroke-dasharray="7 4"' if index % 2 else ""
        yy = y + index * 20
        out.append(
            f'<line x1="{num(x)}" y1="{num(yy - 4)}" x2="{num(x + 26)}" y2="{num(yy - 4)}" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/>'
            f'<text class="legend" x="{num(x + 32)}" y="{num(yy)}">{esc(short(s.name, 40))} ({esc(s.id)})</text>'
        )
    out.append("</g>")
    return "".join(out)


def unknown_names(names: Sequence[str]) -> str:
    """``unknown: mnc, le2c``: the series or dates where a value is unknown."""
    return _("unknown: {names}").format(names=", ".join(names))


def radar_description(axes: Sequence[str], series: Sequence[Series]) -> str:
    """The radar's values in words, for screen readers."""
    parts = []
    for s in series:
        values = ", ".join(f"{a} {spell.score(v)}" for a, v in zip(axes, s.values, strict=True))
        parts.append(f"{s.name}: {values}")
    return _("Scores out of 100.") + " " + "; ".join(parts) + "."


# --- grouped bars ---------------------------------------------------------------------------------


def grouped_svg(fig_id: str, chart: GroupedBarChart) -> str:
    """Scores on a 0-100 axis, one group of bars per dimension and one bar per series, each value written.

    The first series is filled, the others outlined over a light fill (apart in greyscale too); an
    unknown value is a hatched outline with the word, never a zero bar.
    """
    groups, series = chart.groups, chart.series
    per = max(len(series), 1)
    label_w, left, right = 196.0, 206.0, 626.0
    bar_h, row_h, gap, top = 16.0, 22.0, 16.0, 16.0
    group_h = row_h * per
    bottom = top + len(groups) * (group_h + gap) - gap
    width, height = 720, int(bottom + 32 + 20 * len(series))

    def x_of(value: float) -> float:
        return left + (right - left) * max(0.0, min(100.0, value)) / 100

    out = [
        *svg_open(fig_id, "chart grouped", width, height, chart.title, radar_description(groups, series)),
        f'<defs><pattern id="{fig_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#b8bfc7" stroke-width="2"/>'
        "</pattern></defs>",
    ]
    for tick in (0, 25, 50, 75, 100):
        x = x_of(tick)
        out.append(
            f'<line class="gridline" x1="{num(x)}" y1="{num(top - 6)}" x2="{num(x)}" y2="{num(bottom + 4)}" '
            f'stroke="#e3e7ec" stroke-width="1"/>'
            f'<text class="tick" text-anchor="middle" x="{num(x)}" y="{num(bottom + 18)}">{tick}</text>'
        )
    for g, name in enumerate(groups):
        y0 = top + g * (group_h + gap)
        lines = _wrap(name, 20)[:3]
        first = y0 + group_h / 2 + 4 - (len(lines) - 1) * 8
        tspans = "".join(
            f'<tspan x="{num(label_w)}" dy="{"0" if k == 0 else "16"}">{esc(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        out.append(
            f'<text class="axis-label" text-anchor="end" x="{num(label_w)}" y="{num(first)}">'
            f"<title>{esc(name)}</title>{tspans}</text>"
        )
        out.append(f'<g class="group" data-dimension="{esc(name)}">')
        for index, s in enumerate(series):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            y = y0 + index * row_h + (row_h - bar_h) / 2
            mid = y + bar_h / 2 + 4
            value = s.values[g] if g < len(s.values) else None
            if value is None:
                out.append(
                    f'<rect class="group-bar-unknown" data-cluster="{esc(s.id)}" x="{num(left)}" y="{num(y)}" '
                    f'width="{num(right - left)}" height="{num(bar_h)}" fill="url(#{fig_id}-hatch)" '
                    f'fill-opacity="0.5" stroke="#8a939d" stroke-dasharray="4 3">'
                    f"<title>{esc(s.name)}: {esc(name)} {esc(_(spell.UNKNOWN))}</title></rect>"
                    f'<text class="unknown-text" x="{num(left + 8)}" y="{num(mid)}">'
                    f"{esc(s.id)}: {esc(_(spell.UNKNOWN))}</text>"
                )
                continue
            end = x_of(value)
            fill = f'fill="{colour}"' if index == 0 else f'fill="{colour}" fill-opacity="0.25"'
            out.append(
                f'<rect class="group-bar group-bar-{index + 1}" data-cluster="{esc(s.id)}" x="{num(left)}" '
                f'y="{num(y)}" width="{num(max(end - left, 0.0))}" height="{num(bar_h)}" {fill} stroke="{colour}" '
                f'stroke-width="1.5" rx="2"><title>{esc(s.name)}: {esc(name)} {esc(spell.score(value))}</title></rect>'
                f'<text class="bar-value" x="{num(end + 6)}" y="{num(mid)}">{esc(spell.score(value))} '
                f'<tspan class="tick">{esc(s.id)}</tspan></text>'
            )
        out.append("</g>")
    out.append(
        f'<line class="baseline" x1="{num(left)}" y1="{num(top - 6)}" x2="{num(left)}" y2="{num(bottom + 4)}" '
        f'stroke="#5b6470" stroke-width="1"/>'
    )
    out.append('<g class="legend">')
    for index, s in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        fill = f'fill="{colour}"' if index == 0 else f'fill="{colour}" fill-opacity="0.25"'
        yy = bottom + 44 + index * 20
        out.append(
            f'<rect x="{num(left)}" y="{num(yy - 10)}" width="22" height="12" {fill} stroke="{colour}" '
            f'stroke-width="1.5" rx="2"/>'
            f'<text class="legend" x="{num(left + 30)}" y="{num(yy)}">{esc(short(s.name, 60))} ({esc(s.id)})</text>'
        )
    out.append("</g></svg>")
    return "".join(out)


# --- horizontal bars ------------------------------------------------------------------------------


def bars_svg(fig_id: str, chart: BarChart) -> str:
    """A horizontal bar chart; a dashed line marks ``reference`` (e.g. 100 %); unknown bars are hatched outlines.

    The scale runs from 0 to at least ``scale_max``, in round steps; with a ``scale_min`` below 0 the
    bars are signed: drawn from a zero line, negative ones to the left (bad tone), positive ones to
    the right (good tone), the ticks signed.
    """
    bars: Sequence[Bar] = chart.bars
    signed = chart.scale_min < 0
    width = 800 if signed else 760
    # NOTE: a signed chart leaves room right of the zero line for the value of a negative bar.
    label_w, left, right = 330.0, 340.0, 600.0 if signed else 640.0
    row_h, top = 30.0, 30.0
    height = int(top + row_h * len(bars) + (50 if chart.axis_title else 34))
    span = right - left
    scale_min, scale_max, step = bar_scale(chart)

    def x_of(value: float) -> float:
        return left + span * (max(scale_min, min(value, scale_max)) - scale_min) / (scale_max - scale_min)

    def tick_text(value: float) -> str:
        return bar_tick(chart, value)

    x0 = x_of(0.0)
    out = [
        *svg_open(
            fig_id, "chart bars signed" if signed else "chart bars", width, height, chart.title, chart.description
        ),
        f'<defs><pattern id="{fig_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#b8bfc7" stroke-width="2"/>'
        "</pattern></defs>",
    ]
    bottom = top + row_h * len(bars)
    for k in range(round((scale_max - scale_min) / step) + 1):
        value = scale_min + step * k
        x = x_of(value)
        out.append(
            f'<line class="gridline" x1="{num(x)}" y1="{num(top - 6)}" x2="{num(x)}" '
            f'y2="{num(bottom)}" stroke="#e3e7ec" stroke-width="1"/>'
            f'<text class="tick" text-anchor="middle" x="{num(x)}" y="{num(bottom + 16)}">'
            f"{esc(tick_text(value))}</text>"
        )
    for index, bar in enumerate(bars):
        y = top + index * row_h
        mid = y + row_h / 2
        out.append(_bar_label(bar.label, label_w, mid))
        if bar.value is None:
            out.append(
                f'<rect class="bar-unknown" x="{num(left)}" y="{num(y + 6)}" width="{num(span)}" '
                f'height="{num(row_h - 12)}" fill="url(#{fig_id}-hatch)" fill-opacity="0.5" stroke="#8a939d" '
                f'stroke-dasharray="4 3"><title>{esc(bar.label)}: {esc(_(spell.UNKNOWN))}</title></rect>'
                f'<text class="unknown-text" x="{num(left + 8)}" y="{num(mid + 4)}">'
                f"{esc(_(spell.UNKNOWN))}{esc(bar.detail)}</text>"
            )
            continue
        end = x_of(bar.value)
        tone = ("bad" if bar.value < 0 else "good") if signed else chart.tone
        colour = TONES[tone]
        cls = "bar-value-rect neg" if signed and bar.value < 0 else "bar-value-rect"
        out.append(
            f'<rect class="{cls}" x="{num(min(x0, end))}" y="{num(y + 6)}" width="{num(abs(end - x0))}" '
            f'height="{num(row_h - 12)}" fill="{colour}" rx="2"><title>{esc(bar.label)}: {esc(bar.text)}</title></rect>'
            f'<text class="bar-value" x="{num(max(end, x0) + 6)}" y="{num(mid + 4)}">{esc(bar.text)}'
            f"{esc(bar.detail)}</text>"
        )
    out.append(
        f'<line class="baseline" x1="{num(x0)}" y1="{num(top - 6)}" x2="{num(x0)}" '
        f'y2="{num(bottom)}" stroke="#5b6470" stroke-width="1"/>'
    )
    if chart.axis_title:
        out.append(
            f'<text class="tick" text-anchor="middle" x="{num((left + right) / 2)}" '
            f'y="{num(bottom + 34)}">{esc(chart.axis_title)}</text>'
        )
    if chart.reference is not None:
        x = x_of(chart.reference)
        out.append(
            f'<line class="reference" x1="{num(x)}" y1="{num(top - 12)}" x2="{num(x)}" '
            f'y2="{num(bottom + 2)}" stroke="#1d232b" stroke-width="1.5" stroke-dasharray="5 3"/>'
            f'<text class="tick" text-anchor="middle" x="{num(x)}" y="{num(top - 16)}">'
            f"{esc(chart.reference_label)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def bar_scale(chart: BarChart) -> tuple[float, float, float]:
    """A bar chart's scale: its lowest and highest value and the round step between its ticks."""
    signed = chart.scale_min < 0
    low, high = min(chart.scale_min, 0.0), max(chart.scale_max, 0.0)
    step = nice_step(max(high - low, 1e-9) / 4)
    scale_min = step * math.floor(low / step + 1e-9)
    scale_max = step * max(math.ceil(high / step - 1e-9), 0 if signed else 1)
    if scale_max - scale_min <= 0:
        scale_max = scale_min + step
    return scale_min, scale_max, step


def bar_tick(chart: BarChart, value: float) -> str:
    """The text of a tick of a bar chart's scale: a share, or a number (signed on a signed chart)."""
    if chart.ticks == "share":
        return spell.share(value)
    if chart.scale_min < 0 and value > 0:
        return "+" + spell.number(float(value))
    return spell.number(float(value))


def _bar_label(label: str, x: float, mid: float) -> str:
    """A bar's label, right-aligned at ``x``: on one line, or wrapped onto two (the second cut if need be)."""
    words = label.split()
    if len(label) <= LABEL_CHARS or len(words) < 2:
        return (
            f'<text class="bar-label" text-anchor="end" x="{num(x)}" y="{num(mid + 4)}">'
            f"<title>{esc(label)}</title>{esc(short(label))}</text>"
        )
    # NOTE: split at the space nearest the middle, so that neither line is a lone word.
    cut = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
    lines = [short(" ".join(words[:cut])), short(" ".join(words[cut:]))]
    second = lines[1]
    return (
        f'<text class="bar-label" text-anchor="end" x="{num(x)}" y="{num(mid - 3)}">'
        f'<title>{esc(label)}</title><tspan x="{num(x)}" dy="0">{esc(lines[0])}</tspan>'
        f'<tspan x="{num(x)}" dy="14">{esc(second)}</tspan></text>'
    )


def nice_step(value: float) -> float:
    """The smallest round step (1, 2, 2.5 or 5 times a power of ten) at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * power:
            return step * power
    return 10 * power


# --- score intervals ------------------------------------------------------------------------------


def whiskers_svg(fig_id: str, chart: IntervalChart) -> str:
    """Score intervals: a line from the 5th to the 95th percentile, a dot at the median, a diamond at
    the nominal score, on a 0-100 axis; one row per cluster."""
    rows = chart.rows
    left, right, top, step = 150.0, 620.0, 30.0, 26.0
    height = top + step * len(rows) + 30

    def x_of(value: float) -> float:
        return left + (right - left) * max(0.0, min(100.0, value)) / 100

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 660 {num(height, 0)}" role="img" '
        f'aria-labelledby="{labelled_by(fig_id)}" class="chart whiskers">',
        *svg_labels(fig_id, chart.title, chart.description),
    ]
    for tick in (0, 25, 50, 75, 100):
        x = x_of(tick)
        out.append(
            f'<line x1="{num(x)}" y1="{num(top - 10)}" x2="{num(x)}" y2="{num(height - 25)}" class="grid"/>'
            f'<text x="{num(x)}" y="{num(height - 10)}" class="tick" text-anchor="middle">{tick}</text>'
        )
    for i, row in enumerate(rows):
        y = top + step * i + step / 2
        out.append(
            f'<text x="{num(left - 8)}" y="{num(y + 4)}" class="label" text-anchor="end">{esc(short(row.label))}</text>'
        )
        low, median, high = row.low, row.median, row.high
        if low is None or high is None or median is None:
            out.append(f'<text x="{num(left + 4)}" y="{num(y + 4)}" class="unknown">{esc(_(spell.UNKNOWN))}</text>')
            continue
        out.append(
            f'<line x1="{num(x_of(low))}" y1="{num(y)}" x2="{num(x_of(high))}" y2="{num(y)}" class="whisker"/>'
            f'<line x1="{num(x_of(low))}" y1="{num(y - 6)}" x2="{num(x_of(low))}" y2="{num(y + 6)}" class="whisker"/>'
            f'<line x1="{num(x_of(high))}" y1="{num(y - 6)}" x2="{num(x_of(high))}" y2="{num(y + 6)}" class="whisker"/>'
            f'<circle cx="{num(x_of(median))}" cy="{num(y)}" r="4" class="median"/>'
        )
        if row.nominal is not None:
            x = x_of(row.nominal)
            out.append(
                f'<polygon points="{num(x)},{num(y - 6)} {num(x + 6)},{num(y)} {num(x)},{num(y + 6)} '
                f'{num(x - 6)},{num(y)}" class="nominal"/>'
            )
    out.append("</svg>")
    return "".join(out)


# --- scores over time -----------------------------------------------------------------------------

# The first series of a trend (the overall score) is drawn thick and dark; the others in the series
# colours, each with its own dash and marker, so that they stay apart in greyscale too.
TREND_FIRST = "#1d232b"
TREND_DASHES = ("", "7 4", "2 3", "10 3 2 3")
TREND_MARKERS = ("circle", "square", "triangle", "diamond")


def _marker(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    if shape == "square":
        return (
            f'<rect class="trend-point" x="{num(x - 4)}" y="{num(y - 4)}" width="8" height="8" fill="#fff" '
            f'stroke="{colour}" stroke-width="2">{tip}</rect>'
        )
    if shape == "triangle":
        points = f"{num(x)},{num(y - 5)} {num(x + 5)},{num(y + 4)} {num(x - 5)},{num(y + 4)}"
        return f'<polygon class="trend-point" points="{points}" fill="{colour}">{tip}</polygon>'
    if shape == "diamond":
        points = f"{num(x)},{num(y - 5)} {num(x + 5)},{num(y)} {num(x)},{num(y + 5)} {num(x - 5)},{num(y)}"
        return (
            f'<polygon class="trend-point" points="{points}" fill="#fff" stroke="{colour}" '
            f'stroke-width="2">{tip}</polygon>'
        )
    return f'<circle class="trend-point" cx="{num(x)}" cy="{num(y)}" r="4.5" fill="{colour}">{tip}</circle>'


def trend_svg(fig_id: str, chart: TrendChart, narrow: bool = False) -> str:
    """Scores over time: a 0-100 axis, the dates placed by ``at``, one line per series.

    An unknown value gets no point and breaks its line (no value is drawn between two known ones
    across it); the legend names the dates at which a series is unknown. ``narrow`` draws it for a
    phone: :data:`NARROW` wide, the legend under the plot.
    """
    width, height = (NARROW, 0) if narrow else (760, 340)
    left, right, top, bottom = (40.0, NARROW - 14.0, 16.0, 216.0) if narrow else (52.0, 520.0, 24.0, 280.0)
    first, last = (min(chart.at), max(chart.at)) if chart.at else (0.0, 1.0)
    pad = (last - first) * 0.06 or 1.0

    def x_of(at: float) -> float:
        return left + (right - left) * (at - first + pad) / (last - first + 2 * pad)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * max(0.0, min(100.0, value)) / 100

    out: list[str] = []
    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick)
        out.append(
            f'<line class="grid" x1="{num(left)}" y1="{num(y)}" x2="{num(right)}" y2="{num(y)}" '
            f'stroke="#e3e7ec" stroke-width="1"/>'
            f'<text class="tick" text-anchor="end" x="{num(left - 8)}" y="{num(y + 4)}">'
            f"{esc(spell.number(tick))}</text>"
        )
    for date, at in zip(chart.dates, chart.at, strict=True):
        x = x_of(at)
        out.append(
            f'<line class="grid" x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}" '
            f'stroke="#e3e7ec" stroke-width="1"/>'
            f'<text class="tick" text-anchor="middle" x="{num(x)}" y="{num(bottom + 18)}">{esc(date)}</text>'
        )
    out.append(
        f'<line class="baseline" x1="{num(left)}" y1="{num(bottom)}" x2="{num(right)}" y2="{num(bottom)}" '
        f'stroke="#5b6470" stroke-width="1"/>'
    )
    legend_y = bottom + 48 if narrow else top + 8
    for index, s in enumerate(chart.series):
        colour = TREND_FIRST if index == 0 else SERIES_COLOURS[(index - 1) % len(SERIES_COLOURS)]
        dash = TREND_DASHES[(index - 1) % len(TREND_DASHES)] if index else ""
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        stroke = "3.5" if index == 0 else "2.5"
        shape = TREND_MARKERS[index % len(TREND_MARKERS)]
        runs: list[list[tuple[float, float]]] = [[]]
        marks: list[str] = []
        for date, at, value in zip(chart.dates, chart.at, s.values, strict=True):
            if value is None:
                runs.append([])
                continue
            x, y = x_of(at), y_of(value)
            runs[-1].append((x, y))
            tip = f"<title>{esc(s.name)}, {esc(date)}: {esc(spell.score(value))}</title>"
            marks.append(_marker(shape, x, y, colour, tip))
        out.append(f'<g class="trend-series trend-series-{index + 1}" data-series="{esc(s.id)}">')
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{num(x)},{num(y)}" for x, y in run)
                out.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="{stroke}" '
                    f'stroke-linejoin="round"{dash_attr}/>'
                )
        out.extend(marks)
        out.append("</g>")
        unknown = [d for d, v in zip(chart.dates, s.values, strict=True) if v is None]
        lx = 8.0 if narrow else right + 24
        out.append(
            f'<g class="legend"><line x1="{num(lx)}" y1="{num(legend_y - 4)}" x2="{num(lx + 26)}" '
            f'y2="{num(legend_y - 4)}" stroke="{colour}" stroke-width="{stroke}"{dash_attr}/>'
            f"{_marker(shape, lx + 13, legend_y - 4, colour, '')}"
        )
        chars = 44 if narrow else 26
        for k, line in enumerate(_wrap(s.name, chars)[:3]):
            legend_y += 16 if k else 0
            out.append(
                f'<text class="legend" x="{num(lx + 34)}" y="{num(legend_y)}">{esc(short(line, chars + 4))}</text>'
            )
        if unknown:
            legend_y += 16
            out.append(
                f'<text class="unknown-text" x="{num(lx + 34)}" y="{num(legend_y)}">'
                f"{esc(short(unknown_names(unknown), 30))}</text>"
            )
        out.append("</g>")
        legend_y += 22
    height = height or int(legend_y)
    cls = "narrow narrow-trend" if narrow else "chart trend"
    return "".join([*svg_open(fig_id, cls, width, height, chart.title, chart.description), *out, "</svg>"])


# --- charts for a phone ---------------------------------------------------------------------------


def _text_width(text: str, size: float) -> float:
    """About how wide ``text`` is at a font size (a guess: no font is measured)."""
    return len(text) * size * EM_PER_CHAR


def _label_lines(text: str, y: float, cls: str, size: float = 13.0, limit: int = 3) -> tuple[str, float]:
    """A label over the width of a narrow chart, wrapped; the ``<text>`` and the ``y`` below it."""
    lines = _wrap(text, int((NARROW - LABEL_X - 8) / (size * EM_PER_CHAR)))
    if len(lines) > limit:
        lines = [*lines[: limit - 1], short(" ".join(lines[limit - 1 :]), len(lines[limit - 1]))]
    tspans = "".join(
        f'<tspan x="{LABEL_X}" dy="{"0" if k == 0 else num(LINE)}">{esc(line)}</tspan>' for k, line in enumerate(lines)
    )
    return (
        f'<text class="{cls}" x="{LABEL_X}" y="{num(y + 12)}"><title>{esc(text)}</title>{tspans}</text>',
        y + LINE * len(lines),
    )


def _hatch(fig_id: str) -> str:
    return (
        f'<defs><pattern id="{fig_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#b8bfc7" stroke-width="2"/>'
        "</pattern></defs>"
    )


def _axis(ticks: Sequence[tuple[float, str]], top: float, bottom: float) -> str:
    """The grid lines of a narrow chart's scale, with their texts under them."""
    return "".join(
        f'<line class="gridline" x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}" stroke="#e3e7ec" '
        f'stroke-width="1"/><text class="tick" text-anchor="middle" x="{num(x)}" y="{num(bottom + 15)}">'
        f"{esc(label)}</text>"
        for x, label in ticks
    )


def _bars_narrow(fig_id: str, chart: BarChart) -> str:
    """A bar chart for a phone: each label on its own line(s), its bar and value under it."""
    signed = chart.scale_min < 0
    scale_min, scale_max, step = bar_scale(chart)
    texts = [(_(spell.UNKNOWN) if b.value is None else b.text) + b.detail for b in chart.bars]
    # NOTE: the bars end where the longest value text still fits after them.
    room = min(max((_text_width(t, 12.5) for t in texts), default=0.0) + 10, NARROW * 0.45)
    left, right = 16.0, NARROW - 8 - room
    top = 30.0 if chart.reference is not None else 8.0

    def x_of(value: float) -> float:
        span = (max(scale_min, min(value, scale_max)) - scale_min) / (scale_max - scale_min)
        return left + (right - left) * span

    x0, y, rows = x_of(0.0), top, []
    for bar, text in zip(chart.bars, texts, strict=True):
        label, y = _label_lines(bar.label, y, "bar-label")
        if bar.value is None:
            rows.append(
                f'{label}<rect class="narrow-bar-unknown" x="{num(left)}" y="{num(y + 2)}" width="{num(right - left)}" '
                f'height="14" fill="url(#{fig_id}-hatch)" fill-opacity="0.5" stroke="#8a939d" stroke-dasharray="4 3"/>'
                f'<text class="unknown-text" x="{num(left + 6)}" y="{num(y + 13)}">{esc(text)}</text>'
            )
        else:
            end = x_of(bar.value)
            colour = TONES[("bad" if bar.value < 0 else "good") if signed else chart.tone]
            rows.append(
                f'{label}<rect class="narrow-bar" x="{num(min(x0, end))}" y="{num(y + 2)}" '
                f'width="{num(abs(end - x0))}" height="14" fill="{colour}" rx="2"/>'
                f'<text class="bar-value" x="{num(max(end, x0) + 6)}" y="{num(y + 14)}">{esc(text)}</text>'
            )
        y += 26
    count = round((scale_max - scale_min) / step) + 1
    ticks = [(x_of(scale_min + step * k), bar_tick(chart, scale_min + step * k)) for k in range(count)]
    out = [_hatch(fig_id), _axis(ticks, top - 4, y), *rows]
    out.append(
        f'<line class="baseline" x1="{num(x0)}" y1="{num(top - 4)}" x2="{num(x0)}" y2="{num(y)}" '
        f'stroke="#5b6470" stroke-width="1"/>'
    )
    if chart.reference is not None:
        x = x_of(chart.reference)
        out.append(
            f'<line class="reference" x1="{num(x)}" y1="{num(top - 10)}" x2="{num(x)}" y2="{num(y)}" '
            f'stroke="#1d232b" stroke-width="1.5" stroke-dasharray="5 3"/><text class="tick" text-anchor="middle" '
            f'x="{num(min(x, NARROW - 30))}" y="{num(top - 14)}">{esc(chart.reference_label)}</text>'
        )
    if chart.axis_title:
        out.append(f'<text class="tick" x="8" y="{num(y + 34)}">{esc(chart.axis_title)}</text>')
    height = int(y + (44 if chart.axis_title else 24))
    cls = "narrow narrow-bars"
    return "".join([*svg_open(fig_id, cls, NARROW, height, chart.title, chart.description), *out, "</svg>"])


def _grouped_narrow(fig_id: str, title: str, groups: Sequence[str], series: Sequence[Series]) -> str:
    """Scores on a 0-100 scale for a phone: each dimension's name on its own line, a bar per series under it."""
    left, right = 16.0, NARROW - 86.0

    def x_of(value: float) -> float:
        return left + (right - left) * max(0.0, min(100.0, value)) / 100

    y, rows = 8.0, []
    for g, name in enumerate(groups):
        label, y = _label_lines(name, y, "axis-label", size=13.5)
        for index, s in enumerate(series):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            value = s.values[g] if g < len(s.values) else None
            if value is None:
                label += (
                    f'<rect class="narrow-bar-unknown" x="{num(left)}" y="{num(y + 2)}" width="{num(right - left)}" '
                    f'height="14" fill="url(#{fig_id}-hatch)" fill-opacity="0.5" stroke="#8a939d" '
                    f'stroke-dasharray="4 3"/><text class="unknown-text" x="{num(left + 6)}" y="{num(y + 13)}">'
                    f"{esc(s.id)}: {esc(_(spell.UNKNOWN))}</text>"
                )
            else:
                fill = f'fill="{colour}"' if index == 0 else f'fill="{colour}" fill-opacity="0.25"'
                label += (
                    f'<rect class="narrow-bar" x="{num(left)}" y="{num(y + 2)}" width="{num(x_of(value) - left)}" '
                    f'height="14" {fill} stroke="{colour}" stroke-width="1.5" rx="2"/>'
                    f'<text class="bar-value" x="{num(x_of(value) + 6)}" y="{num(y + 14)}">'
                    f'{esc(spell.score(value))} <tspan class="tick">{esc(s.id)}</tspan></text>'
                )
            y += 20
        rows.append(label)
        y += 10
    out = [_hatch(fig_id), _axis([(x_of(t), str(t)) for t in (0, 25, 50, 75, 100)], 4, y - 6), *rows]
    y += 34
    for index, s in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        fill = f'fill="{colour}"' if index == 0 else f'fill="{colour}" fill-opacity="0.25"'
        out.append(
            f'<rect x="8" y="{num(y - 10)}" width="22" height="12" {fill} stroke="{colour}" stroke-width="1.5" '
            f'rx="2"/><text class="legend" x="38" y="{num(y)}">{esc(short(s.name, 34))} ({esc(s.id)})</text>'
        )
        y += 20
    description = radar_description(groups, series)
    cls = "narrow narrow-grouped"
    return "".join([*svg_open(fig_id, cls, NARROW, int(y), title, description), *out, "</svg>"])


def _whiskers_narrow(fig_id: str, chart: IntervalChart) -> str:
    """Score intervals for a phone: each cluster's name on its own line, its interval under it."""
    left, right = 16.0, NARROW - 16.0

    def x_of(value: float) -> float:
        return left + (right - left) * max(0.0, min(100.0, value)) / 100

    y, rows = 8.0, []
    for row in chart.rows:
        label, y = _label_lines(row.label, y, "label", limit=2)
        mid = y + 10
        if row.low is None or row.high is None or row.median is None:
            rows.append(
                f'{label}<text class="unknown" x="{num(left)}" y="{num(mid + 4)}">{esc(_(spell.UNKNOWN))}</text>'
            )
        else:
            lo, hi, x = x_of(row.low), x_of(row.high), x_of(row.nominal) if row.nominal is not None else None
            rows.append(
                f'{label}<line x1="{num(lo)}" y1="{num(mid)}" x2="{num(hi)}" y2="{num(mid)}" class="whisker"/>'
                f'<line x1="{num(lo)}" y1="{num(mid - 6)}" x2="{num(lo)}" y2="{num(mid + 6)}" class="whisker"/>'
                f'<line x1="{num(hi)}" y1="{num(mid - 6)}" x2="{num(hi)}" y2="{num(mid + 6)}" class="whisker"/>'
                f'<circle cx="{num(x_of(row.median))}" cy="{num(mid)}" r="4" class="median"/>'
            )
            if x is not None:
                rows[-1] += (
                    f'<polygon points="{num(x)},{num(mid - 6)} {num(x + 6)},{num(mid)} {num(x)},{num(mid + 6)} '
                    f'{num(x - 6)},{num(mid)}" class="nominal"/>'
                )
        y += 26
    out = [_axis([(x_of(t), str(t)) for t in (0, 25, 50, 75, 100)], 4, y), *rows]
    cls = "narrow narrow-whiskers"
    return "".join([*svg_open(fig_id, cls, NARROW, int(y + 24), chart.title, chart.description), *out, "</svg>"])
