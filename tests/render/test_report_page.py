"""The report page reads well: signed gap bars, grouped bars for few dimensions, tables that fit a phone."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clusterkit.loading import Catalog
from clusterkit.render import render
from clusterkit.render.html.charts import bars_svg
from clusterkit.report import build_report
from clusterkit.views import View
from clusterkit.views.blocks import Bar, BarChart
from clusterkit.views.report import report_view


def _report(profiles: Path, cluster: str = "alpha", **kwargs: str) -> View:
    return report_view(build_report(Catalog([profiles]), cluster, framework="mini", **kwargs))


def _rects(svg: str) -> list[tuple[float, float, str]]:
    """The value bars of a bar chart: their left edge, width and fill."""
    found = re.findall(
        r'<rect class="bar-value-rect[^"]*" x="([-0-9.]+)" y="[^"]*" width="([0-9.]+)"[^>]*fill="([^"]+)"', svg
    )
    return [(float(x), float(w), fill) for x, w, fill in found]


def _baseline(svg: str) -> float:
    match = re.search(r'<line class="baseline" x1="([0-9.]+)"', svg)
    assert match is not None
    return float(match.group(1))


def test_signed_bars_grow_from_a_zero_line_negative_to_the_left() -> None:
    chart = BarChart(
        "t",
        "d",
        (Bar("behind", -2.0, "-2.00 points"), Bar("ahead", 1.0, "+1.00 points")),
        scale_max=1.0,
        scale_min=-2.0,
        ticks="points",
    )
    svg = bars_svg("g", chart)
    zero = _baseline(svg)
    (neg_x, neg_w, neg_fill), (pos_x, pos_w, pos_fill) = _rects(svg)
    assert abs(neg_x + neg_w - zero) < 0.01 and neg_w > 0  # ends at zero: drawn to the left
    assert abs(pos_x - zero) < 0.01 and pos_w > 0  # starts at zero: drawn to the right
    assert neg_w > pos_w
    assert neg_fill == "#b3261e" and pos_fill != neg_fill  # the bad tone for the negative one
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg)
    assert "-2" in ticks and "0" in ticks and "+1" in ticks


def test_unsigned_bars_still_start_at_the_left_edge() -> None:
    svg = bars_svg("b", BarChart("t", "d", (Bar("x", 0.5, "50 %"),), scale_max=1.0))
    assert _rects(svg)[0][0] == _baseline(svg) == 340.0
    assert "+" not in "".join(re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg))


def test_report_gap_chart_draws_the_gaps_as_negative(report_profiles: Path) -> None:
    page = render(_report(report_profiles, benchmark="beta"), "html")
    body = re.search(r'<figure id="fig-gaps">(.*?)</figure>', page, flags=re.S)
    assert body is not None
    svg = body.group(1)
    zero = _baseline(svg)
    rects = _rects(svg)
    assert rects and all(abs(x + w - zero) < 0.01 for x, w, _ in rects)
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg)
    assert any(t.startswith("-") for t in ticks) and not any(t.startswith("+") for t in ticks)


def test_every_table_scrolls_in_its_own_box_and_citations_do_not_break(report_profiles: Path) -> None:
    page = render(_report(report_profiles, benchmark="beta", audit="plan"), "html")
    tables = page.count("<table")
    assert tables > 0 and len(re.findall(r'<div class="scroll"><table[ >]', page)) == tables
    screen = re.search(r"@media screen \{([^}]*)\}", page)
    assert screen is not None and ".scroll" in screen.group(1) and "overflow-x: auto" in screen.group(1)
    assert re.search(r"\.cite[^{]*\{ white-space: nowrap; \}", page)


def test_long_bar_labels_wrap_onto_two_lines_instead_of_being_cut() -> None:
    label = '"Must have" priority e-government projects implemented'
    svg = bars_svg("t", BarChart("t", "d", (Bar(label, 0.5, "50 %"), Bar("Short", 0.2, "20 %")), scale_max=1.0))
    lines = re.findall(r'<text class="bar-label"[^>]*><title>[^<]*</title>((?:<tspan[^>]*>[^<]*</tspan>)+)', svg)
    assert len(lines) == 1
    shown = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", lines[0])
    assert len(shown) == 2 and " ".join(shown) == label.replace('"', "&quot;")
    assert "…" not in svg


def test_bundled_audit_targets_show_whole_names() -> None:
    page = render(report_view(build_report(Catalog(), "mnc", benchmark="le2c", audit="mn2013")), "html")
    body = re.search(r'<figure id="fig-audit-targets">(.*?)</svg>', page, flags=re.S)
    assert body is not None
    labels = re.findall(r'<text class="bar-label"[^>]*><title>([^<]*)</title>(.*?)</text>', body.group(1))
    assert labels and any("<tspan" in shown for _, shown in labels)  # some names need two lines
    for title, shown in labels:
        assert re.sub(r"<[^>]+>", " ", shown).split() == title.split()  # every word shown, none cut


def test_compare_page_shows_its_title_once(cli: Callable[..., Any]) -> None:
    result = cli("compare", "mnc", "le2c", "--format", "html")
    assert result.exit_code == 0, result.output
    page = result.stdout
    h1 = re.findall(r"<h1>([^<]*)</h1>", page)
    assert len(h1) == 1
    title = html.unescape(h1[0])
    headings = [html.unescape(t) for t in re.findall(r"<(?:h2|h3|caption)[^>]*>([^<]*)</", page)]
    assert title not in headings
    assert "<table" in page and headings  # the tables and the later sections are still there


def test_indicator_table_shows_the_evidence_of_each_level_collapsed() -> None:
    page = render(report_view(build_report(Catalog(), "mnc", benchmark="le2c")), "html")
    section = re.search(r'<section id="indicators".*?</section>', page, flags=re.S)
    assert section is not None
    rows = re.findall(r"<tr><td>.*?</tr>", section.group(0))
    details = re.findall(
        r'<details class="evidence"><summary>[^<]+</summary><ul>(.*?)</ul></details>', section.group(0)
    )
    assert rows and len(details) == len(rows)  # one per indicator, closed until opened (no script)
    assert "<details open" not in page and "<script" not in page
    sme = next(d for d in details if "mnc, level 2: SMEs and large companies are both members" in d)
    assert "[el-idrissi-2020 §2.2]</li>" in sme and "le2c, level 4" in sme  # quotes with their citation
    assert any("mnc: level unknown" in d for d in details)  # unknown stays unknown
    assert any("(measured: 42)" in d for d in details)  # a measured level names its value


def test_printed_evidence_is_left_to_the_sources_column(report_profiles: Path) -> None:
    page = render(_report(report_profiles, benchmark="beta"), "html")
    assert re.search(r"@media print \{ details\.evidence \{ display: none; \} \}", page)
