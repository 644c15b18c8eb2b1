"""The report on a phone and on paper: charts drawn for a narrow screen, and the print rules.

The style-sheet tests run everywhere; the one that measures the text in a browser needs Chromium
and Playwright and is skipped without them (a failure with ``CLUSTERKIT_REQUIRE_BROWSER=1``, as in CI).
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from clusterkit.render.html import style
from clusterkit.render.html.charts import NARROW

Cli = Callable[..., Result]
REPORT = ["report", "mnc", "--benchmark", "le2c", "--audit", "mn2013"]
CHROMIUM = "/usr/bin/chromium"
# The width a 390-pixel phone leaves a figure's chart (page and figure padding, the figure's border).
PHONE_CHART = 390 - 2 * 16 - 2 * 8 - 2
SMALLEST = 11.0  # CSS pixels


def _rules(css: str) -> dict[str, str]:
    """Each selector of a style sheet (outside or inside @media) with the declarations it gets."""
    found: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        for selector in selectors.split(","):
            key = " ".join(selector.split()).removeprefix("@media print ").strip()
            found[key] = found.get(key, "") + body
    return found


def _block(css: str, query: str) -> str:
    """The text of the first ``@media`` block whose query starts with ``query``."""
    start = css.index("@media " + query)
    depth, i = 0, css.index("{", start)
    for j in range(i, len(css)):
        depth += {"{": 1, "}": -1}.get(css[j], 0)
        if depth == 0:
            return css[i + 1 : j]
    raise AssertionError(f"unclosed @media {query}")


def _report_html(cli: Cli, tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    result = cli(*REPORT, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def test_a_phone_gets_the_narrow_charts_and_their_text_keeps_its_size(cli: Cli, tmp_path: Path) -> None:
    page = _report_html(cli, tmp_path).read_text(encoding="utf-8")
    css = style()
    assert "svg.narrow" in _rules(css) and "display: none" in _rules(css)["svg.narrow"]
    phone = _block(css, "screen and (max-width: 560px)")
    assert re.search(r"figure > svg\.chart \{ display: none; \}", phone)
    assert re.search(r"figure > svg\.narrow \{ display: block;", phone)
    narrow = re.findall(r'<svg [^>]*class="narrow[^"]*"[^>]*viewBox="0 0 (\d+) \d+"(.*?)</svg>', page, flags=re.S)
    assert len(narrow) == page.count("<figure ") == 4
    sizes = {k.removeprefix("svg.narrow ."): v for k, v in _rules(css).items() if k.startswith("svg.narrow .")}
    for width, body in narrow:
        assert int(width) == NARROW
        # Every text of a narrow chart has a size of its own there, which stays readable at a phone's width.
        for cls in set(re.findall(r'<(?:text|tspan) class="([^"]+)"', body)):
            match = re.search(r"font-size: ([\d.]+)px", sizes.get(cls, ""))
            assert match, cls
            assert float(match.group(1)) * PHONE_CHART / NARROW >= SMALLEST, cls
        # Nothing is drawn past its edges.
        for x, w in re.findall(r'<rect [^>]*?x="([-\d.]+)" y="[-\d.]+" width="([\d.]+)"', body):
            assert float(x) >= 0 and float(x) + float(w) <= NARROW


def test_print_rules_keep_pages_full() -> None:
    css = style()
    rules = _rules(_block(css, "print {\n  @page"))
    # A chart shrinks to part of a page and stays with its caption; headings stay with what follows.
    assert "max-height" in rules["figure > svg"] and "break-after: avoid" in rules["figure > svg"]
    assert "break-before: avoid" in rules["figcaption"]
    assert "break-after: avoid" in rules["h2"] and "break-after: avoid" in rules["h3"]
    # A big table breaks between rows, its head repeated on each page.
    assert "break-inside: avoid" in rules["tr"] and "display: table-header-group" in rules["thead"]
    assert "break-after: avoid" in rules["thead"] and "break-before: avoid" in rules["tbody > tr:first-child"]
    # A recommendation may go on over a break, but its head stays with its body; its body is not a grid
    # (a grid's row would not break).
    assert "break-inside: avoid" not in rules.get("ol.recs > li", "")
    assert "break-after: avoid" in rules[".rec-head"] and "break-inside: avoid" in rules[".rec-head"]
    assert re.search(r"height: (\d+)mm; margin-bottom: -\1mm", rules[".rec-head::after"])
    assert "display: flow-root" in rules[".rec-body"]


@pytest.mark.browser
def test_chart_text_is_readable_on_a_phone_and_a_desktop_in_a_browser(cli: Cli, tmp_path: Path) -> None:
    why = None
    if importlib.util.find_spec("playwright") is None:
        why = "measuring the charts in a browser needs Playwright's Python package: pip install playwright"
    elif not Path(CHROMIUM).exists():
        why = f"measuring the charts in a browser needs Chromium at {CHROMIUM}: apt-get install chromium"
    if why:
        if os.environ.get("CLUSTERKIT_REQUIRE_BROWSER") == "1":
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    path = _report_html(cli, tmp_path)
    measure = """() => [...document.querySelectorAll('figure > svg')]
        .filter(s => getComputedStyle(s).display !== 'none')
        .map(s => {
            const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
            const sizes = [...s.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
            return [s.parentElement.id, s.getAttribute('class').split(' ')[0], Math.min(...sizes)];
        })"""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            for width, kind in ((390, "narrow"), (1280, "chart")):
                page = browser.new_page(viewport={"width": width, "height": 844})
                page.goto(path.as_uri())
                shown = page.evaluate(measure)
                assert len(shown) == 4, (width, shown)  # one drawing of each figure
                for figure, drawn, smallest in shown:
                    assert drawn == kind, (width, figure)
                    assert smallest >= SMALLEST - 0.05, (width, figure, smallest)
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                page.close()
        finally:
            browser.close()
