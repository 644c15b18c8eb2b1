"""HTML: one self-contained page, readable on screen and printed to PDF.

A :class:`~clusterkit.report.Report` becomes a full report with inline SVG charts (a radar of the
dimensions, bars of the largest gaps, and, with an audit, achievement per axis and attainment per
target); any other result becomes a page of its tables. The page holds one ``<style>`` block, no
script, and nothing that a browser would fetch: no external ``src`` or ``href`` (links point only
at anchors in the page, URLs are shown as text), and a Content-Security-Policy that forbids loading
anything. Every chart has a caption citing its sources and a text alternative (a description and a
table of the plotted values). Every text is escaped; the same result gives the same bytes.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from clusterkit import __version__
from clusterkit.listing import QUALIFIER_WORDS
from clusterkit.models import citation_key
from clusterkit.render import RenderOptions
from clusterkit.report import Report, reference_text
from clusterkit.scoring import ClusterScore
from clusterkit.tabular import Column, Table, format_cell, format_share

NUMERIC = ("number", "score", "gap", "share", "level")
# Series colours (subject, benchmark, others), chosen to stay apart for colour-blind readers and
# in greyscale print; the benchmark is also dashed and marked with squares.
SERIES_COLOURS = ("#1f5fa8", "#c2491d", "#2e7d32", "#6a3d9a")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
LABEL_CHARS = 46

STYLE = """
:root { --ink: #1d232b; --muted: #5b6470; --line: #d5dae0; --soft: #f3f5f8; --accent: #1f5fa8;
  --bench: #c2491d; --good: #2e7d32; --bad: #b3261e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1040px; margin: 0 auto; padding: 28px 32px 48px; }
header.top { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 18px; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 6px; }
h2 { font-size: 1.35rem; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.08rem; margin: 22px 0 8px; }
p { margin: 6px 0 10px; }
.meta { color: var(--muted); margin: 0; }
.meta b { color: var(--ink); font-weight: 600; }
nav.toc { background: var(--soft); border-radius: 6px; padding: 8px 14px; margin: 0 0 8px; font-size: .92rem; }
nav.toc ol { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; }
nav.toc a { color: var(--accent); text-decoration: none; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0 6px; }
.card { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: #fff; }
.card .k { color: var(--muted); font-size: .82rem; text-transform: uppercase; letter-spacing: .03em; }
.card .v { font-size: 1.45rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .s { color: var(--muted); font-size: .82rem; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: .9rem; }
caption { text-align: left; color: var(--muted); font-size: .85rem; padding: 0 0 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; border-bottom: 2px solid var(--line); }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td { overflow-wrap: break-word; }
table.profile td.v { overflow-wrap: anywhere; }
table.profile th[scope="row"] { width: 17%; }
table.profile td.src { width: 24%; }
.unknown { color: var(--muted); font-style: italic; }
.neg { color: var(--bad); }
.pos { color: var(--good); }
.note { color: var(--muted); font-size: .85rem; }
.cite { color: var(--accent); text-decoration: none; font-size: .85em; }
.cite.unresolved { color: var(--bad); }
.cites { color: var(--muted); font-size: .85rem; }
figure { margin: 16px 0 20px; padding: 12px 14px; border: 1px solid var(--line); border-radius: 6px; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: .88rem; color: var(--muted); margin-top: 8px; }
figcaption b { color: var(--ink); }
figure table { font-size: .85rem; margin-top: 10px; }
svg text { font-family: inherit; fill: var(--ink); }
svg .axis-label { font-size: 13px; font-weight: 600; }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .bar-label { font-size: 12.5px; }
svg .bar-value { font-size: 12px; font-variant-numeric: tabular-nums; }
svg .unknown-text { font-size: 12px; font-style: italic; fill: var(--muted); }
svg .legend { font-size: 12.5px; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .label { font-size: 12.5px; }
svg .whisker { stroke: var(--accent); stroke-width: 2; }
svg .median { fill: var(--accent); }
svg .nominal { fill: #fff; stroke: var(--ink); stroke-width: 1.5; }
svg .unknown { font-size: 12px; font-style: italic; fill: var(--muted); }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 0 28px; }
ul.plain { margin: 4px 0 10px; padding-left: 20px; }
ol.recs { list-style: none; padding: 0; margin: 0; }
ol.recs > li { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 6px;
  padding: 10px 14px; margin: 0 0 12px; }
ol.recs > li.p-medium { border-left-color: #8a6d1a; }
ol.recs > li.p-low { border-left-color: var(--muted); }
.rec-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.rank { font-weight: 700; font-size: 1.1rem; color: var(--accent); }
.rec-title { font-weight: 650; font-size: 1.02rem; }
.tag { display: inline-block; font-size: .75rem; font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
  padding: 1px 7px; border-radius: 10px; border: 1px solid currentColor; }
.tag.high, .tag.critical { color: var(--bad); }
.tag.medium { color: #8a6d1a; }
.tag.low { color: var(--muted); }
.rec ol { margin: 4px 0 6px; padding-left: 22px; }
.rec-body { display: grid; grid-template-columns: 1.15fr 1fr; gap: 0 24px; }
.rec-body p { margin: 6px 0; }
ol.refs { padding-left: 0; list-style: none; }
ol.refs li { margin: 0 0 8px; padding-left: 0; overflow-wrap: anywhere; }
ol.refs .key { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem;
  color: var(--muted); }
ul.findings { list-style: none; padding: 0; }
ul.findings li { margin: 0 0 8px; }
.bar { display: inline-block; width: 60px; height: 8px; background: var(--soft); border: 1px solid var(--line);
  margin-right: 6px; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: var(--accent); }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted);
  font-size: .82rem; }
@media (max-width: 720px) { .columns, .rec-body { grid-template-columns: 1fr; } .page { padding: 16px; } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2, h3 { break-after: avoid; }
  figure, ol.recs > li, .card, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a.cite { color: inherit; }
}
""".strip()


def esc(value: Any) -> str:
    """Text made safe for HTML and SVG content and attribute values."""
    return html.escape(str(value), quote=True)


def num(value: float, digits: int = 2) -> str:
    """A coordinate or value with a fixed number of decimals, never ``-0``."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.lower())


# --- shared pieces ------------------------------------------------------------------------------


def _cell(value: Any, column: Column) -> str:
    text = format_cell(value, column.kind)
    classes: list[str] = []
    if column.kind in NUMERIC:
        classes.append("num")
    if value is None:
        classes.append("unknown")
    elif column.kind == "gap" and isinstance(value, int | float) and not isinstance(value, bool):
        classes.append("neg" if value < 0 else "pos" if value > 0 else "")
    inner = esc(text)
    if column.kind == "score" and isinstance(value, int | float) and not isinstance(value, bool):
        width = max(0.0, min(100.0, float(value)))
        inner = f'<span class="bar" aria-hidden="true"><span style="width:{num(width, 1)}%"></span></span>{inner}'
    cls = " ".join(c for c in classes if c)
    return f'<td class="{cls}">{inner}</td>' if cls else f"<td>{inner}</td>"


def table_html(table: Table, caption: str | None = None) -> str:
    """A table of a result as an HTML table (headers, one row per record, unknown shown as such)."""
    head = "".join(
        f'<th scope="col" class="num">{esc(c.header)}</th>'
        if c.kind in NUMERIC
        else f'<th scope="col">{esc(c.header)}</th>'
        for c in table.columns
    )
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    if not table.rows:
        parts.append(f'<tr><td colspan="{len(table.columns)}" class="unknown">None.</td></tr>')
    for row in table.rows:
        parts.append("<tr>" + "".join(_cell(row.get(c.key), c) for c in table.columns) + "</tr>")
    parts.append("</tbody></table>")
    if table.note:
        parts.append(f'<p class="note">{esc(table.note)}</p>')
    return "".join(parts)


def _head(title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="clusterkit {esc(__version__)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
    )


def _foot(options: RenderOptions) -> str:
    stamp = f" · generated {esc(options.timestamp)}" if options.timestamp else ""
    return f"<footer>clusterkit {esc(__version__)}{stamp}</footer>\n</div>\n</body>\n</html>\n"


def _generic_page(result: Any, options: RenderOptions) -> str:
    tables: list[Table] = result.tables()
    name = str(getattr(result, "payload_name", "result"))
    title = getattr(result, "document_title", None) or (tables[0].title if tables else name)
    parts = [_head(str(title)), '<div class="page">\n', f'<header class="top"><h1>{esc(title)}</h1>']
    parts.append(f'<p class="meta">clusterkit {esc(name)}</p></header>\n<main>\n')
    if name == "sensitivity":
        parts.append(_sensitivity_figure(result))
    for table in tables:
        parts.append(f'<section id="{esc(_slug(table.name))}">\n<h2>{esc(table.title)}</h2>\n')
        parts.append(table_html(table))
        parts.append("\n</section>\n")
    parts.append("</main>\n")
    parts.append(_foot(options))
    return "".join(parts)


# --- citations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cites:
    """Turns citations into links to the page's reference list (or marks them as undefined)."""

    known: frozenset[str]

    def one(self, citation: str) -> str:
        key = citation_key(citation)
        if key in self.known:
            return f'<a class="cite" href="#ref-{esc(key)}">[{esc(citation)}]</a>'
        return f'<span class="cite unresolved" title="not in the references">[{esc(citation)}]</span>'

    def many(self, citations: Iterable[str]) -> str:
        items = list(dict.fromkeys(citations))
        if not items:
            return '<span class="unknown">no source</span>'
        return " ".join(self.one(c) for c in items)

    def keys(self, citations: Iterable[str]) -> str:
        """The reference keys behind citations, each once, as links."""
        return self.many(dict.fromkeys(citation_key(c) for c in citations))


# --- SVG charts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One cluster's values on the radar's axes (None: unknown)."""

    id: str
    name: str
    values: list[float | None]


def radar_svg(fig_id: str, axes: Sequence[str], series: Sequence[Series], title: str) -> str:
    """A radar chart: one axis per dimension, rings at 25/50/75/100, one polygon per series.

    Unknown values get no vertex: the polygon joins the known values only, and the axis says
    which series are unknown there.
    """
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
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart radar" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{fig_id}-title {fig_id}-desc">',
        f'<title id="{fig_id}-title">{esc(title)}</title>',
        f'<desc id="{fig_id}-desc">{esc(radar_description(axes, series))}</desc>',
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
            tip = f"<title>{esc(s.name)}: {esc(axes[i])} {num(v, 1)}</title>"
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
        lines.append("unknown: " + ", ".join(unknown))
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
            f'<text class="legend" x="{num(x + 32)}" y="{num(yy)}">{esc(_short(s.name, 40))} ({esc(s.id)})</text>'
        )
    out.append("</g>")
    return "".join(out)


def radar_description(axes: Sequence[str], series: Sequence[Series]) -> str:
    """The radar's values in words, for screen readers."""
    parts = []
    for s in series:
        values = ", ".join(f"{a} {'unknown' if v is None else num(v, 1)}" for a, v in zip(axes, s.values, strict=True))
        parts.append(f"{s.name}: {values}")
    return "Scores out of 100. " + "; ".join(parts) + "."


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart (value None: unknown)."""

    label: str
    value: float | None
    text: str
    detail: str = ""


def bars_svg(
    fig_id: str,
    bars: Sequence[Bar],
    title: str,
    description: str,
    *,
    scale_max: float,
    colour: str,
    reference: float | None = None,
    reference_label: str = "",
    tick_format: str = "share",
    axis_title: str = "",
) -> str:
    """A horizontal bar chart; a dashed line marks ``reference`` (e.g. 100 %); unknown bars are hatched outlines.

    The scale runs from 0 to at least ``scale_max``, in round steps.
    """
    width = 760
    label_w, left, right = 330.0, 340.0, 640.0
    row_h, top = 30.0, 30.0
    height = int(top + row_h * len(bars) + (50 if axis_title else 34))
    span = right - left
    step = _nice(max(scale_max, 1e-9) / 4)
    ticks = max(1, math.ceil(scale_max / step - 1e-9))
    scale_max = step * ticks

    def x_of(value: float) -> float:
        return left + span * max(0.0, min(value, scale_max)) / scale_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{fig_id}-title {fig_id}-desc">',
        f'<title id="{fig_id}-title">{esc(title)}</title>',
        f'<desc id="{fig_id}-desc">{esc(description)}</desc>',
        f'<defs><pattern id="{fig_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#b8bfc7" stroke-width="2"/>'
        "</pattern></defs>",
    ]
    for k in range(ticks + 1):
        value = step * k
        x = x_of(value)
        tick = format_share(value) if tick_format == "share" else f"{value:g}"
        out.append(
            f'<line class="gridline" x1="{num(x)}" y1="{num(top - 6)}" x2="{num(x)}" '
            f'y2="{num(top + row_h * len(bars))}" stroke="#e3e7ec" stroke-width="1"/>'
            f'<text class="tick" text-anchor="middle" x="{num(x)}" y="{num(top + row_h * len(bars) + 16)}">'
            f"{esc(tick)}</text>"
        )
    for index, bar in enumerate(bars):
        y = top + index * row_h
        mid = y + row_h / 2
        out.append(
            f'<text class="bar-label" text-anchor="end" x="{num(label_w)}" y="{num(mid + 4)}">'
            f"<title>{esc(bar.label)}</title>{esc(_short(bar.label))}</text>"
        )
        if bar.value is None:
            out.append(
                f'<rect class="bar-unknown" x="{num(left)}" y="{num(y + 6)}" width="{num(span)}" '
                f'height="{num(row_h - 12)}" fill="url(#{fig_id}-hatch)" fill-opacity="0.5" stroke="#8a939d" '
                f'stroke-dasharray="4 3"><title>{esc(bar.label)}: unknown</title></rect>'
                f'<text class="unknown-text" x="{num(left + 8)}" y="{num(mid + 4)}">unknown{esc(bar.detail)}</text>'
            )
            continue
        end = x_of(bar.value)
        out.append(
            f'<rect class="bar-value-rect" x="{num(left)}" y="{num(y + 6)}" width="{num(max(end - left, 0.0))}" '
            f'height="{num(row_h - 12)}" fill="{colour}" rx="2"><title>{esc(bar.label)}: {esc(bar.text)}</title></rect>'
            f'<text class="bar-value" x="{num(max(end, left) + 6)}" y="{num(mid + 4)}">{esc(bar.text)}'
            f"{esc(bar.detail)}</text>"
        )
    out.append(
        f'<line class="baseline" x1="{num(left)}" y1="{num(top - 6)}" x2="{num(left)}" '
        f'y2="{num(top + row_h * len(bars))}" stroke="#5b6470" stroke-width="1"/>'
    )
    if axis_title:
        out.append(
            f'<text class="tick" text-anchor="middle" x="{num((left + right) / 2)}" '
            f'y="{num(top + row_h * len(bars) + 34)}">{esc(axis_title)}</text>'
        )
    if reference is not None:
        x = x_of(reference)
        out.append(
            f'<line class="reference" x1="{num(x)}" y1="{num(top - 12)}" x2="{num(x)}" '
            f'y2="{num(top + row_h * len(bars) + 2)}" stroke="#1d232b" stroke-width="1.5" stroke-dasharray="5 3"/>'
            f'<text class="tick" text-anchor="middle" x="{num(x)}" y="{num(top - 16)}">{esc(reference_label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _figure(fig_id: str, number: int, svg: str, caption: str, table: str) -> str:
    return (
        f'<figure id="{fig_id}">\n{svg}\n<figcaption><b>Figure {number}.</b> {caption}</figcaption>\n'
        f'<table class="alt">{table}</table>\n</figure>\n'
    )


def _rows(header: Sequence[tuple[str, bool]], rows: Sequence[Sequence[tuple[str, bool, bool]]], caption: str) -> str:
    """Inner HTML of a small table: ``header`` as (text, numeric), cells as (html, numeric, unknown)."""
    head = "".join(
        f'<th scope="col" class="num">{esc(h)}</th>' if n else f'<th scope="col">{esc(h)}</th>' for h, n in header
    )
    body = []
    for row in rows:
        cells = []
        for k, (inner, numeric, unknown) in enumerate(row):
            cls = " ".join(c for c in ("num" if numeric else "", "unknown" if unknown else "") if c)
            attr = f' class="{cls}"' if cls else ""
            tag = "th" if k == 0 else "td"
            scope = ' scope="row"' if k == 0 else ""
            cells.append(f"<{tag}{scope}{attr}>{inner}</{tag}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"


def _value(value: float | None, fmt: str = "score") -> tuple[str, bool, bool]:
    if value is None:
        return "unknown", True, True
    if fmt == "share":
        return esc(format_share(value)), True, False
    if fmt == "gap":
        return esc(f"{value:+.1f}"), True, False
    if fmt == "level":
        return esc(str(value)), True, False
    return esc(num(value, 1)), True, False


def whiskers_svg(
    fig_id: str, rows: Sequence[tuple[str, float | None, float | None, float | None, float | None]]
) -> str:
    """Score intervals: a line from the 5th to the 95th percentile, a dot at the median, a diamond at
    the nominal score, on a 0-100 axis; one row per cluster ``(label, p5, median, p95, nominal)``."""
    left, right, top, step = 150.0, 620.0, 30.0, 26.0
    height = top + step * len(rows) + 30

    def x_of(value: float) -> float:
        return left + (right - left) * max(0.0, min(100.0, value)) / 100

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 660 {num(height, 0)}" role="img" '
        f'aria-labelledby="{fig_id}-title {fig_id}-desc" class="chart whiskers">',
        f'<title id="{fig_id}-title">Score intervals under method uncertainty</title>',
        f'<desc id="{fig_id}-desc">For each cluster, the 5th to 95th percentile of its score over the draws '
        "as a line, the median as a dot, and the nominal score as a diamond.</desc>",
    ]
    for tick in (0, 25, 50, 75, 100):
        x = x_of(tick)
        out.append(
            f'<line x1="{num(x)}" y1="{num(top - 10)}" x2="{num(x)}" y2="{num(height - 25)}" class="grid"/>'
            f'<text x="{num(x)}" y="{num(height - 10)}" class="tick" text-anchor="middle">{tick}</text>'
        )
    for i, (label, low, median, high, nominal) in enumerate(rows):
        y = top + step * i + step / 2
        out.append(
            f'<text x="{num(left - 8)}" y="{num(y + 4)}" class="label" text-anchor="end">{esc(_short(label))}</text>'
        )
        if low is None or high is None or median is None:
            out.append(f'<text x="{num(left + 4)}" y="{num(y + 4)}" class="unknown">unknown</text>')
            continue
        out.append(
            f'<line x1="{num(x_of(low))}" y1="{num(y)}" x2="{num(x_of(high))}" y2="{num(y)}" class="whisker"/>'
            f'<line x1="{num(x_of(low))}" y1="{num(y - 6)}" x2="{num(x_of(low))}" y2="{num(y + 6)}" class="whisker"/>'
            f'<line x1="{num(x_of(high))}" y1="{num(y - 6)}" x2="{num(x_of(high))}" y2="{num(y + 6)}" class="whisker"/>'
            f'<circle cx="{num(x_of(median))}" cy="{num(y)}" r="4" class="median"/>'
        )
        if nominal is not None:
            x = x_of(nominal)
            out.append(
                f'<polygon points="{num(x)},{num(y - 6)} {num(x + 6)},{num(y)} {num(x)},{num(y + 6)} '
                f'{num(x - 6)},{num(y)}" class="nominal"/>'
            )
    out.append("</svg>")
    return "".join(out)


def _sensitivity_figure(result: Any) -> str:
    rows = [(c.id, c.score_p5, c.median_score, c.score_p95, c.nominal_score) for c in result.clusters]
    svg = whiskers_svg("fig-1", rows)
    table = _rows(
        [("cluster", False), ("p5", True), ("median", True), ("p95", True), ("nominal", True)],
        [[(esc(r[0]), False, False), _value(r[1]), _value(r[2]), _value(r[3]), _value(r[4])] for r in rows],
        "Values plotted in the interval chart (scores 0-100)",
    )
    caption = (
        f"Scores of each cluster over {result.draws:,} draws (seed {result.seed}): weights varied within "
        f"±{result.spread * 100:g} %, arithmetic or geometric aggregation, one indicator or none left out. "
        "Line: 5th to 95th percentile; dot: median; diamond: nominal score."
    )
    return (
        '<section id="intervals">\n<h2>Score intervals</h2>\n'
        + _figure("fig-1", 1, svg, esc(caption), table)
        + "</section>\n"
    )


# --- the report page ----------------------------------------------------------------------------


class _Page:
    """Builds the report page, numbering figures as it goes."""

    def __init__(self, report: Report, options: RenderOptions) -> None:
        self.report = report
        self.options = options
        self.cites = Cites(frozenset(r.key for r in report.references))
        self.figures = 0

    def next_figure(self) -> int:
        self.figures += 1
        return self.figures

    def render(self) -> str:
        r = self.report
        sections: list[tuple[str, str, str]] = [("profile", "Profile", self.profile())]
        sections.append(("scores", "Scores", self.scores()))
        if r.comparison is not None:
            sections.append(("gaps", "Largest gaps", self.gaps()))
            sections.append(("strengths", "Strengths and weaknesses", self.strengths()))
            sections.append(("recommendations", "Recommendations", self.recommendations()))
        sections.append(("indicators", "Indicators", self.indicators()))
        if r.audit is not None:
            sections.append(("audit", f"Audit of {r.audit.strategy.name}", self.audit()))
        sections.append(("references", "References", self.references()))
        toc = "".join(f'<li><a href="#{sid}">{esc(title)}</a></li>' for sid, title, _ in sections)
        parts = [_head(r.title), '<div class="page">\n', self.header()]
        parts.append(f'<nav class="toc" aria-label="Contents"><ol>{toc}</ol></nav>\n<main>\n')
        for sid, title, body in sections:
            parts.append(f'<section id="{sid}" aria-labelledby="{sid}-h">\n<h2 id="{sid}-h">{esc(title)}</h2>\n')
            parts.append(body)
            parts.append("</section>\n")
        parts.append("</main>\n")
        parts.append(_foot(self.options))
        return "".join(parts)

    # header and key figures -------------------------------------------------------------

    def header(self) -> str:
        r = self.report
        meta = [f"<b>Framework</b> {esc(r.framework.name)}"]
        if r.framework.source:
            meta[-1] += " " + self.cites.one(r.framework.source)
        assessed = esc(r.score.assessment or "undated")
        if r.comparison is not None:
            assessed += f" ({esc(r.comparison.b.cluster)}: {esc(r.comparison.b.assessment or 'undated')})"
        meta.append(f"<b>Assessment</b> {assessed}")
        if r.comparison is not None:
            meta.append(f"<b>Benchmark</b> {esc(r.comparison.b.name)} ({esc(r.comparison.b.cluster)})")
        if r.audit is not None:
            meta.append(f"<b>Strategy audited</b> {esc(r.audit.strategy.name)} ({esc(r.audit.strategy.id)})")
        cards = [self._card("Overall score", r.score.overall, f"coverage {format_share(r.score.coverage)}")]
        if r.comparison is not None:
            b = r.comparison.b
            cards.append(self._card(f"{b.cluster} overall", b.overall, f"coverage {format_share(b.coverage)}"))
            gap = r.comparison.overall_gap
            cards.append(
                '<div class="card"><div class="k">Gap</div>'
                f'<div class="v{" neg" if gap is not None and gap < 0 else ""}">'
                f"{'unknown' if gap is None else esc(f'{gap:+.1f}')}</div>"
                '<div class="s">points, overall</div></div>'
            )
        if r.audit is not None:
            index = r.audit.index
            cards.append(
                '<div class="card"><div class="k">Implementation index</div>'
                f'<div class="v">{esc(format_share(index.value, 1))}</div>'
                f'<div class="s">{esc(r.audit.strategy.id)}</div></div>'
            )
        return (
            f'<header class="top"><h1>{esc(r.title)}</h1>\n<p class="meta">'
            + " · ".join(meta)
            + "</p>\n"
            + f'<div class="cards">{"".join(cards)}</div></header>\n'
        )

    @staticmethod
    def _card(label: str, value: float | None, sub: str) -> str:
        shown = "unknown" if value is None else num(value, 1)
        cls = "v unknown" if value is None else "v"
        return (
            f'<div class="card"><div class="k">{esc(label)}</div><div class="{cls}">{esc(shown)}</div>'
            f'<div class="s">{esc(sub)}</div></div>'
        )

    # sections ---------------------------------------------------------------------------

    def profile(self) -> str:
        rows = []
        for row in self.report.summary():
            note = f'<br><span class="note">{esc(row.note)}</span>' if row.note else ""
            sources = self.cites.many(row.sources) if row.sources else ""
            rows.append(
                f'<tr><th scope="row">{esc(row.label)}</th><td class="v">{esc(row.value)}{note}</td>'
                f'<td class="src">{sources}</td></tr>'
            )
        return (
            '<table class="profile"><thead><tr><th scope="col">field</th><th scope="col">value</th>'
            f'<th scope="col">source</th></tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
        )

    def _scores(self) -> list[ClusterScore]:
        r = self.report
        return [r.score] + ([r.comparison.b] if r.comparison is not None else [])

    def scores(self) -> str:
        r = self.report
        scores = self._scores()
        dims = r.score.dimensions
        series = [Series(s.cluster, s.name, [s.dimension(d.id).score for d in dims]) for s in scores]
        names = " against ".join(s.name for s in scores)
        fig_id = "fig-radar"
        svg = radar_svg(fig_id, [d.name for d in dims], series, f"Dimension scores: {names}")
        evidence = [c for ind in r.score.indicators for c in r.indicator_sources(ind.id)]
        framework = f"the framework &ldquo;{esc(r.framework.name)}&rdquo;"
        if r.framework.source:
            framework += " " + self.cites.one(r.framework.source)
        caption = (
            f"Scores (0-100) of {esc(names)} on the framework's dimensions. Unknown dimensions get no vertex. "
            f"Source: computed with {framework} from the profiles' cited facts and assessments; "
            f"evidence from {self.cites.keys(evidence)}."
        )
        header = [("dimension", False)] + [(s.cluster, True) for s in scores]
        header += [(f"{s.cluster} coverage", True) for s in scores]
        rows = []
        for d in dims:
            row = [(esc(d.name), False, False)]
            row += [_value(s.dimension(d.id).score) for s in scores]
            row += [_value(s.dimension(d.id).coverage, "share") for s in scores]
            rows.append(row)
        overall = [("Overall", False, False)] + [_value(s.overall) for s in scores]
        overall += [_value(s.coverage, "share") for s in scores]
        rows.append(overall)
        table = _rows(header, rows, "Values plotted in the radar chart (scores 0-100; coverage: weight known)")
        return _figure(fig_id, self.next_figure(), svg, caption, table) + (
            '<p class="note">Coverage is the share of the framework\'s weight that the sources make known; '
            "a dimension with nothing known has no score, never a score of zero.</p>\n"
        )

    def gaps(self) -> str:
        r = self.report
        comparison = r.comparison
        assert comparison is not None
        a, b = comparison.a.cluster, comparison.b.cluster
        gaps = r.gaps()
        if not gaps:
            return f'<p class="unknown">No known indicator where {esc(a)} is behind {esc(b)}.</p>\n'
        top = max(-(g.weighted_gap or 0.0) for g in gaps)
        bars = [
            Bar(
                g.name,
                -(g.weighted_gap or 0.0),
                f"{g.weighted_gap or 0.0:+.2f} points",
                f"  (level {g.a_level} vs {g.b_level})",
            )
            for g in gaps
        ]
        description = f"Points of overall score {a} loses against {b} on its largest gaps: " + "; ".join(
            f"{g.name} {g.weighted_gap or 0.0:+.2f} (levels {g.a_level} and {g.b_level})" for g in gaps
        )
        fig_id = "fig-gaps"
        svg = bars_svg(
            fig_id,
            bars,
            f"Largest indicator gaps of {a} against {b}",
            description,
            scale_max=top,
            colour="#b3261e",
            tick_format="points",
            axis_title="points of overall score at stake",
        )
        sources = [c for g in gaps for c in r.indicator_sources(g.id)]
        caption = (
            f"The {len(gaps)} largest weighted gaps of {esc(a)} against {esc(b)}: the points of overall score "
            f"at stake on each indicator (gap in indicator score × the indicator's weight in the overall score). "
            f"Source: indicator levels from {self.cites.many(sources)}."
        )
        header = [
            ("indicator", False),
            ("dimension", False),
            (a, True),
            (b, True),
            ("gap (0-100)", True),
            ("weighted gap", True),
        ]
        rows = [
            [
                (esc(g.name), False, False),
                (esc(g.dimension), False, False),
                _value(g.a_level, "level") if g.a_level is not None else _value(None),
                _value(g.b_level, "level") if g.b_level is not None else _value(None),
                _value(g.gap, "gap"),
                (esc(f"{g.weighted_gap or 0.0:+.2f}"), True, False),
            ]
            for g in gaps
        ]
        table = _rows(header, rows, "Values plotted in the gap chart (levels 0-4, gaps in points)")
        return _figure(fig_id, self.next_figure(), svg, caption, table)

    def strengths(self) -> str:
        comparison = self.report.comparison
        assert comparison is not None
        by_id = {g.id: g for g in comparison.indicators}
        a, b = comparison.a.cluster, comparison.b.cluster

        def items(ids: list[str]) -> str:
            if not ids:
                return '<p class="unknown">None known.</p>'
            lis = []
            for i in ids:
                g = by_id[i]
                lis.append(
                    f'<li>{esc(g.name)} <span class="note">(level {esc(g.a_level)} vs {esc(g.b_level)}; '
                    f"{esc(f'{g.weighted_gap or 0.0:+.2f}')} points)</span></li>"
                )
            return f'<ul class="plain">{"".join(lis)}</ul>'

        unknown = [g for g in comparison.indicators if g.gap is None]
        note = ""
        if unknown:
            note = (
                f'<p class="note">{len(unknown)} of {len(comparison.indicators)} indicators cannot be compared: '
                f"unknown for {esc(a)}, {esc(b)} or both.</p>"
            )
        return (
            '<div class="columns">'
            f'<div><h3>Strengths of {esc(a)}</h3><p class="note">Indicators where {esc(a)} matches or beats '
            f"{esc(b)}.</p>{items(comparison.strengths)}</div>"
            f'<div><h3>Weaknesses of {esc(a)}</h3><p class="note">Largest weighted gap first.</p>'
            f"{items(comparison.weaknesses)}</div>"
            f"</div>{note}\n"
        )

    def recommendations(self) -> str:
        comparison = self.report.comparison
        assert comparison is not None
        if not comparison.recommendations:
            return (
                '<p class="unknown">No practice on the search path addresses a known gap of '
                f"{esc(comparison.a.cluster)}.</p>\n"
            )
        names = {g.id: g.name for g in comparison.indicators}
        items = []
        for rec in comparison.recommendations:
            closes = ", ".join(f"{g.name} ({g.weighted_gap:+.2f})" for g in rec.addresses)
            steps = "".join(f"<li>{esc(step)}</li>" for step in rec.steps)
            unknown = ""
            if rec.unknown:
                also = ", ".join(names.get(i, i) for i in rec.unknown)
                unknown = f'<p class="note">Also addresses, unknown so far: {esc(also)}.</p>'
            items.append(
                f'<li class="rec p-{esc(rec.priority)}"><div class="rec-head"><span class="rank">#{rec.rank}</span>'
                f'<span class="rec-title">{esc(rec.title)}</span><span class="tag {esc(rec.priority)}">'
                f"{esc(rec.priority)} priority</span></div>"
                f'<div class="rec-body"><div><p>{esc(rec.summary)}</p>'
                f"<p><b>Closes gaps in</b> {esc(closes)}: {esc(f'{rec.weight:.2f}')} points of overall score.</p>"
                f"{unknown}</div><div><p><b>First steps</b></p><ol>{steps}</ol></div></div>"
                f'<p class="cites">Sources: {self.cites.many(rec.sources)} · practices {esc(rec.practices)}</p></li>'
            )
        return (
            f'<p class="note">Practices of {esc(comparison.b.name)} and the benchmark literature, ranked by the '
            f"points of overall score their gaps hold; priority: high from half the top score, medium from a "
            f'fifth.</p>\n<ol class="recs">{"".join(items)}</ol>\n'
        )

    def indicators(self) -> str:
        r = self.report
        b = r.benchmark_score
        head = '<th scope="col">dimension</th><th scope="col">indicator</th>'
        head += f'<th scope="col" class="num">{esc(r.score.cluster)}</th>'
        if b is not None:
            head += f'<th scope="col" class="num">{esc(b.cluster)}</th>'
        head += '<th scope="col" class="num">weight</th><th scope="col">source</th>'
        rows = []
        for ind in r.score.indicators:
            cells = [f"<td>{esc(ind.dimension)}</td>", f"<td>{esc(ind.name)}</td>", _level_td(ind.level)]
            if b is not None:
                cells.append(_level_td(b.indicator(ind.id).level))
            cells.append(f'<td class="num">{esc(format_cell(ind.weight, "number"))}</td>')
            sources = r.indicator_sources(ind.id)
            cells.append(f"<td>{self.cites.many(sources) if sources else ''}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return (
            '<p class="note">Levels 0-4; a measured indicator reads a profile fact, an assessed one rests on '
            'quoted evidence; "unknown" means the sources do not say.</p>\n'
            f'<table class="indicators"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
        )

    def audit(self) -> str:
        r = self.report
        result = r.audit
        assert result is not None
        index = result.index
        parts = [
            f"<p>Implementation index <b>{esc(format_share(index.value, 1))}</b>: implementation "
            f"{esc(format_share(index.implementation, 1))} over {len(index.axes_covered)} of {index.axes_total} axes; "
            f"attainment {esc(format_share(index.attainment, 1))} over {len(index.targets_covered)} of "
            f'{index.targets_total} targets.</p>\n<p class="note">{esc(index.formula)}.</p>\n'
        ]
        if result.strategy.evaluation:
            source = self.cites.one(result.strategy.evaluation_source) if result.strategy.evaluation_source else ""
            parts.append(f'<p class="note">Evaluation: {esc(result.strategy.evaluation)} {source}</p>\n')
        parts.append(self._axes_figure())
        parts.append(self._targets_figure())
        for table in result.tables():
            if table.name in ("budget",):
                parts.append(f"<h3>{esc(table.title)}</h3>\n{table_html(table)}\n")
        parts.append(self._findings())
        parts.append(self._inconsistencies())
        return "".join(parts)

    def _axes_figure(self) -> str:
        result = self.report.audit
        assert result is not None
        axes = result.axes
        bars = [
            Bar(
                a.name + (" (measure)" if a.kind == "measure" else ""),
                a.achievement_rate,
                format_share(a.achievement_rate),
                f"  ({a.achievement_basis})" if a.achievement_basis == "derived" else "",
            )
            for a in axes
        ]
        top = max([1.0] + [a.achievement_rate for a in axes if a.achievement_rate is not None])
        description = "Share of planned actions achieved, per axis, against 100 %: " + "; ".join(
            f"{a.name} {format_share(a.achievement_rate)}" for a in axes
        )
        fig_id = "fig-audit-axes"
        svg = bars_svg(
            fig_id,
            bars,
            f"{result.strategy.name}: achievement per axis",
            description,
            scale_max=top,
            colour="#1f5fa8",
            reference=1.0,
            reference_label="100 %",
        )
        sources = [c for a in axes for c in a.sources]
        caption = (
            f"Achievement per axis of {esc(result.strategy.name)}: the share of the planned actions achieved, "
            "against the 100 % the strategy planned; hatched: unknown. "
            f"Source: {self.cites.many(sources)}."
        )
        header = [("axis", False), ("planned", True), ("achievement rate", True), ("basis", False), ("source", False)]
        rows = [
            [
                (esc(a.name), False, False),
                (esc(format_cell(a.planned, "number")), True, a.planned is None),
                _value(a.achievement_rate, "share"),
                (esc(a.achievement_basis or "unknown"), False, a.achievement_basis is None),
                (self.cites.many(a.sources) if a.sources else "", False, False),
            ]
            for a in axes
        ]
        table = _rows(header, rows, "Values plotted in the achievement chart")
        return _figure(fig_id, self.next_figure(), svg, caption, table)

    def _targets_figure(self) -> str:
        result = self.report.audit
        assert result is not None
        targets = result.targets
        if not targets:
            return '<p class="unknown">The strategy sets no quantified target.</p>\n'
        bars = [Bar(t.name, t.attainment, format_share(t.attainment)) for t in targets]
        top = max([1.0] + [t.attainment for t in targets if t.attainment is not None])
        description = "Attainment of each target, against 100 %: " + "; ".join(
            f"{t.name} {format_share(t.attainment)}" for t in targets
        )
        fig_id = "fig-audit-targets"
        svg = bars_svg(
            fig_id,
            bars,
            f"{result.strategy.name}: attainment per target",
            description,
            scale_max=top,
            colour="#2e7d32",
            reference=1.0,
            reference_label="100 %",
        )
        sources = [c for t in targets for c in t.sources]
        caption = (
            f"Attainment of each target of {esc(result.strategy.name)} against 100 %; hatched: unknown (no actual "
            "figure or no target in the sources), not zero. "
            f"Source: {self.cites.many(sources)}."
        )
        header = [
            ("target", False),
            ("unit", False),
            ("baseline", True),
            ("target", True),
            ("actual", True),
            ("attainment", True),
            ("formula or why unknown", False),
            ("source", False),
        ]
        rows = [
            [
                (esc(t.name), False, False),
                (esc(t.unit), False, False),
                _figure_cell(t.baseline, t.qualifiers.get("baseline"), t.baseline_year),
                _figure_cell(t.target, t.qualifiers.get("target"), t.target_year),
                _figure_cell(t.actual, t.qualifiers.get("actual"), t.actual_year),
                _value(t.attainment, "share"),
                (esc(t.formula or t.unknown_reason or ""), False, False),
                (self.cites.many(t.sources) if t.sources else "", False, False),
            ]
            for t in targets
        ]
        table = _rows(header, rows, "Values plotted in the attainment chart")
        return _figure(fig_id, self.next_figure(), svg, caption, table)

    def _findings(self) -> str:
        result = self.report.audit
        assert result is not None
        if not result.findings:
            return '<h3>Findings</h3>\n<p class="unknown">None recorded.</p>\n'
        items = "".join(
            f'<li><span class="tag {esc(f.severity)}">{esc(f.severity)}</span> {esc(f.text)} '
            f"{self.cites.many(f.sources)}</li>"
            for f in result.findings
        )
        return f'<h3>Findings</h3>\n<ul class="findings">{items}</ul>\n'

    def _inconsistencies(self) -> str:
        result = self.report.audit
        assert result is not None
        if not result.inconsistencies:
            return '<h3>Inconsistencies in the data</h3>\n<p class="unknown">None found.</p>\n'
        items = "".join(
            f"<li><b>{esc(i.axis or i.field)}</b> ({esc(i.kind)}): {esc(i.text)} {self.cites.many(i.sources)}</li>"
            for i in result.inconsistencies
        )
        return (
            '<h3>Inconsistencies in the data</h3>\n<p class="note">Where the sources\' own figures disagree; '
            f'shown, not corrected.</p>\n<ul class="plain">{items}</ul>\n'
        )

    def references(self) -> str:
        r = self.report
        items = [
            f'<li id="ref-{esc(ref.key)}"><span class="key">[{esc(ref.key)}]</span> {esc(reference_text(ref))}'
            + (f' <span class="note">{esc(ref.note)}</span>' if ref.note else "")
            + "</li>"
            for ref in r.references
        ]
        items += [
            f'<li><span class="key">[{esc(key)}]</span> <span class="cite unresolved">not defined in any references '
            "document</span></li>"
            for key in r.unresolved
        ]
        if not items:
            return '<p class="unknown">Nothing cited.</p>\n'
        return (
            '<p class="note">Every reference cited in this report. Addresses are shown as text; '
            f'the report loads nothing.</p>\n<ol class="refs">{"".join(items)}</ol>\n'
        )


def _figure_cell(value: float | None, qualifier: str | None, year: int | None) -> tuple[str, bool, bool]:
    """A target's figure as the source gives it: qualifier, value, year (``less than 0.71``, ``0.14 (2008)``)."""
    if value is None:
        return "unknown", True, True
    shown = f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"
    text = QUALIFIER_WORDS.get(qualifier or "exact", "") + shown + (f" ({year})" if year else "")
    return esc(text), True, False


def _level_td(level: int | None) -> str:
    if level is None:
        return '<td class="num unknown">unknown</td>'
    return f'<td class="num">{level}</td>'


def _nice(value: float) -> float:
    """The smallest round step (1, 2, 2.5 or 5 times a power of ten) at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * power:
            return step * power
    return 10 * power


def render(result: Any, options: RenderOptions) -> str:
    if isinstance(result, Report):
        return _Page(result, options).render()
    return _generic_page(result, options)
