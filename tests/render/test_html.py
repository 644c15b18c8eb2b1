"""The HTML renderer: a self-contained, escaped, deterministic page, with charts that have text alternatives."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile import EVIL_DESCRIPTION, EVIL_NAME

from clusterkit.comparison import compare
from clusterkit.loading import Catalog
from clusterkit.render import RenderOptions, render
from clusterkit.render.html.charts import radar_svg
from clusterkit.report import build_report
from clusterkit.scoring import rank, score
from clusterkit.views import View
from clusterkit.views.blocks import RadarChart, Series
from clusterkit.views.comparison import comparison_view
from clusterkit.views.listing import cluster_list_view, cluster_view
from clusterkit.views.report import report_view
from clusterkit.views.scoring import ranking_view, scores_view


class Page(HTMLParser):
    """What a browser's parser would build: element tags with their attributes, and the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if "id" in attrs}

    def joined(self) -> str:
        return "".join(self.text)


def _report(profiles: Path, cluster: str = "alpha", **kwargs: str) -> View:
    return report_view(build_report(Catalog([profiles]), cluster, framework="mini", **kwargs))


@pytest.fixture
def full(report_profiles: Path) -> str:
    return render(_report(report_profiles, benchmark="beta", audit="plan"), "html")


def test_page_structure(full: str) -> None:
    assert full.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert full.endswith("</html>\n")
    page = Page(full)
    assert len(page.all("style")) == 1
    assert len(page.all("h1")) == 1
    csp = [m for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]["content"]
    sections = {"profile", "scores", "gaps", "strengths", "recommendations", "indicators", "audit", "references"}
    assert sections <= page.ids()
    assert "@media print" in full
    text = page.joined()
    for expected in ("Alpha Cluster", "Beta Cluster", "Run joint projects", "Call for joint projects.", "Plan 2020"):
        assert expected in text


def test_every_chart_is_a_figure_with_a_caption_a_source_and_a_text_alternative(full: str) -> None:
    figures = re.findall(r"<figure id=\"([^\"]+)\">(.*?)</figure>", full, flags=re.S)
    assert [fid for fid, _ in figures] == ["fig-radar", "fig-gaps", "fig-audit-axes", "fig-audit-targets"]
    for fid, body in figures:
        page = Page(body)
        # Drawn twice, wide and for a phone (the style sheet shows one), each with its own text alternative.
        svg = page.all("svg")
        assert [s["class"].split()[0] for s in svg] == ["chart", "narrow"], fid
        for drawing, prefix in zip(svg, (fid, f"{fid}-n"), strict=True):
            assert drawing["role"] == "img"
            labelled = drawing["aria-labelledby"].split()
            assert labelled == [f"{prefix}-title", f"{prefix}-desc"]
            assert set(labelled) <= page.ids()
        ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
        assert len(ids) == len(set(ids)), fid
        assert len(page.all("figcaption")) == 1
        assert "Source:" in body and 'class="cite"' in body, fid
        assert len(page.all("table")) == 1 and page.all("caption"), fid


def test_nothing_can_run_or_be_fetched(full: str) -> None:
    assert "<script" not in full.lower()
    assert "javascript:" not in full.lower()
    assert "@import" not in full
    for url in re.findall(r"url\(([^)]*)\)", full):
        assert url.startswith("#"), url
    page = Page(full)
    ids = page.ids()
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs["href"]
            assert attrs["href"][1:] in ids, attrs["href"]
    for tag in ("script", "iframe", "object", "embed", "img", "link", "base", "form", "image"):
        assert not page.all(tag), tag


def test_radar_draws_one_polygon_per_cluster() -> None:
    axes = ("A", "B", "C", "D", "E")
    chart = RadarChart("t", axes, (Series("x", "X", (10.0,) * 5), Series("y", "Y", (90.0,) * 5)))
    svg = radar_svg("r", chart)
    assert len(re.findall(r"<polygon class=\"radar-series ", svg)) == 2
    assert 'data-cluster="x"' in svg and 'data-cluster="y"' in svg
    # Rings at 25, 50, 75 and 100, one axis per dimension.
    assert svg.count('class="radar-ring"') == 4
    assert svg.count('class="radar-axis"') == 5


def test_few_dimensions_are_drawn_as_grouped_bars_per_cluster(report_profiles: Path) -> None:
    with_benchmark = render(_report(report_profiles, benchmark="beta"), "html")
    alone = render(_report(report_profiles), "html")
    # The mini framework has three dimensions: a bar per cluster in each of three groups, no radar.
    assert 'class="radar-series' not in with_benchmark
    assert with_benchmark.count('class="group"') == 3
    assert len(re.findall(r'<rect class="group-bar ', with_benchmark)) == 6
    assert len(re.findall(r'<rect class="group-bar ', alone)) == 3
    assert 'data-cluster="alpha"' in with_benchmark and 'data-cluster="beta"' in with_benchmark
    # Without a benchmark there is nothing to compare: no gaps, no recommendations.
    assert 'id="gaps"' not in alone and 'id="recommendations"' not in alone


def test_radar_leaves_unknown_values_out_and_says_so() -> None:
    chart = RadarChart("t", ("A", "B", "C"), (Series("x", "X", (50.0, None, 100.0)), Series("y", "Y", (None,) * 3)))
    svg = radar_svg("r", chart)
    polygons = re.findall(r'<polygon class="radar-series[^"]*"[^>]*points="([^"]*)"', svg)
    assert len(polygons) == 2
    assert len(polygons[0].split()) == 2
    assert polygons[1] == ""
    assert "unknown: x, y" in svg and "unknown: y" in svg
    assert "B unknown" in svg  # the description read by screen readers


def test_unknown_attainment_is_drawn_as_unknown_not_zero(full: str) -> None:
    targets = re.search(r'<figure id="fig-audit-targets">(.*?)</figure>', full, flags=re.S)
    assert targets is not None
    body = targets.group(1)
    assert body.count('class="bar-unknown"') == 1
    assert body.count('class="bar-value-rect"') == 1
    assert "Profiles trained: unknown" in body
    row = re.search(r"<tr><th scope=\"row\">Profiles trained</th>(.*?)</tr>", body)
    assert row is not None and "0 %" not in row.group(1) and "unknown" in row.group(1)
    axes = re.search(r'<figure id="fig-audit-axes">(.*?)</figure>', full, flags=re.S)
    assert axes is not None
    assert axes.group(1).count('class="bar-unknown"') == 1  # the second axis reports no status
    assert 'class="reference"' in axes.group(1) and "100 %" in axes.group(1)


def test_gap_bars_show_the_largest_weighted_gaps_first(full: str) -> None:
    body = re.search(r'<figure id="fig-gaps">\s*(<svg[^>]*class="chart.*?</svg>)', full, flags=re.S)
    assert body is not None
    labels = re.findall(r'<text class="bar-label"[^>]*><title>([^<]*)</title>', body.group(1))
    assert sorted(labels[:2]) == ["Collaborative projects", "Committed members"]  # both -16.67 points
    assert labels[2:] == ["Documented strategy"]  # -12.5; a strength (networking) is not drawn
    values = [float(v) for v in re.findall(r'<text class="bar-value"[^>]*>([-+0-9.]+) points', body.group(1))]
    assert values == sorted(values) and len(values) == 3


def test_every_profile_text_is_escaped(report_profiles: Path) -> None:
    out = render(_report(report_profiles, "evil", benchmark="beta", audit="plan"), "html")
    assert "<script" not in out.lower()
    assert "<img" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "Tom &amp; Jerry &quot;quoted&quot; &#x27;single&#x27; &lt;b&gt;bold&lt;/b&gt;" in out
    page = Page(out)
    assert not page.all("script") and not page.all("img")
    assert not [attrs for tag, attrs in page.tags if tag == "b" and attrs]
    text = page.joined()
    assert EVIL_NAME in text
    assert EVIL_DESCRIPTION in text
    assert "javascript:alert(4)" in text  # shown as text, never as a link
    assert '"><img src=x onerror=alert(2)>' in text


def test_output_is_deterministic_and_stamped_only_when_asked(report_profiles: Path) -> None:
    first = render(_report(report_profiles, benchmark="beta", audit="plan"), "html")
    second = render(_report(report_profiles, benchmark="beta", audit="plan"), "html")
    assert first.encode() == second.encode()
    assert "generated" not in first
    stamped = render(_report(report_profiles, benchmark="beta"), "html", RenderOptions(timestamp="2024-01-02T03:04Z"))
    assert "generated 2024-01-02T03:04Z" in stamped


def test_references_close_the_report_and_citations_link_to_them(full: str) -> None:
    page = Page(full)
    refs = [attrs["id"] for _, attrs in page.tags if attrs.get("id", "").startswith("ref-")]
    assert refs == ["ref-fixture-paper", "ref-fixture-site"]
    assert full.rindex('id="references"') > full.rindex('id="audit"')
    assert "https://example.org/fixture-paper" in page.joined()  # the address as text
    cited = {attrs["href"] for attrs in page.all("a") if attrs.get("class") == "cite"}
    assert cited == {"#ref-fixture-paper", "#ref-fixture-site"}


def test_generic_pages_for_other_results(report_profiles: Path) -> None:
    catalog = Catalog([report_profiles])
    framework = catalog.framework("mini")
    alpha, beta = score(catalog.cluster("alpha"), framework), score(catalog.cluster("beta"), framework)
    evil = catalog.cluster("evil")
    results = [
        scores_view([alpha, beta], "mini", explain=True),
        ranking_view(rank([alpha, beta], framework="mini")),
        comparison_view(compare(alpha, beta, framework, catalog.practices())),
        cluster_list_view(catalog.clusters()),
        cluster_view(evil),
    ]
    for result in results:
        out = render(result, "html")
        assert out.startswith("<!DOCTYPE html>")
        page = Page(out)
        assert not page.all("script") and not page.all("img")
        assert all(not attrs.get("href", "#").startswith(("http", "//")) for _, attrs in page.tags)
        for table in result.tables:
            assert table.title in page.joined()
        assert render(result, "html") == out
    assert EVIL_NAME in Page(render(cluster_view(evil), "html")).joined()
