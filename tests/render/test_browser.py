"""The HTML report in a real browser: headless Chromium driven by Playwright.

CI installs both (Debian's ``chromium`` package and the ``playwright`` Python package) and sets
``CLUSTERKIT_REQUIRE_BROWSER=1``: then a missing one fails the tests, saying what to install. On a
machine without them (the README's test command on a fresh machine) the tests are skipped, saying why.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hostile import EVIL_NAME
from typer.testing import CliRunner

from clusterkit.cli import app

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
BUNDLED = Path(__file__).resolve().parents[2] / "profiles"


def _missing(why: str) -> None:
    if os.environ.get("CLUSTERKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(why, pytrace=False)
    pytest.skip(f"{why} (CLUSTERKIT_REQUIRE_BROWSER=1 makes this a failure, as in CI)")


def _require_browser() -> None:
    if importlib.util.find_spec("playwright") is None:
        _missing("the browser tests need Playwright's Python package: pip install playwright")
    if not Path(CHROMIUM).exists():
        found = shutil.which("chromium")
        hint = f" (a chromium was found at {found})" if found else ""
        _missing(f"the browser tests need Chromium at {CHROMIUM}: apt-get install chromium{hint}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """What happened while a page was open: requests, console errors, page errors, dialogs."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def _open(browser: Any, path: Path, width: int = 1200) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=True)
    page = context.new_page()
    visit = Visit(page)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda msg: visit.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: visit.errors.append(str(exc)))

    def on_dialog(dialog: Any) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    try:
        yield visit
    finally:
        context.close()


def _write_report(tmp_path: Path, *args: str | Path) -> Path:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", *[str(a) for a in args], "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _assert_offline_and_quiet(visit: Visit, path: Path) -> None:
    assert visit.requests == [path.as_uri()], visit.requests
    assert visit.errors == []
    assert visit.dialogs == []
    assert visit.page.evaluate("document.scripts.length") == 0


def test_report_renders_offline_with_its_charts(browser: Any, tmp_path: Path, report_profiles: Path) -> None:
    path = _write_report(
        tmp_path, "alpha", "--benchmark", "beta", "--audit", "plan", "--framework", "mini", "-p", report_profiles
    )
    with _open(browser, path) as visit:
        page = visit.page
        # Three dimensions: grouped bars, a bar per cluster and dimension, each drawn with a size.
        bars = page.locator("#fig-radar svg.grouped rect.group-bar")
        assert bars.count() == 6
        for i in range(6):
            box = bars.nth(i).bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0
        assert page.locator("#fig-gaps rect.bar-value-rect").count() == 3
        assert page.locator("#fig-audit-axes rect.bar-value-rect").count() == 1
        assert page.locator("#fig-audit-targets rect.bar-unknown").count() == 1
        assert page.locator("ol.recs > li").count() == 2
        _assert_offline_and_quiet(visit, path)
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")


def test_a_hostile_profile_is_shown_as_text_and_runs_nothing(
    browser: Any, tmp_path: Path, report_profiles: Path
) -> None:
    path = _write_report(
        tmp_path, "evil", "--benchmark", "beta", "--audit", "plan", "--framework", "mini", "-p", report_profiles
    )
    with _open(browser, path) as visit:
        page = visit.page
        assert page.locator("h1").inner_text() == f"{EVIL_NAME}: cluster report"
        assert page.title() == f"{EVIL_NAME}: cluster report"
        assert EVIL_NAME in (page.locator("svg.grouped g.legend").text_content() or "")
        assert page.locator("table.profile tbody tr").first.inner_text().startswith(f"Name\t{EVIL_NAME}")
        assert page.locator("img").count() == 0
        assert page.locator("body script").count() == 0
        # A bar, or an unknown outline, for each of the two clusters on each of the three dimensions.
        assert page.locator("svg.grouped rect.group-bar, svg.grouped rect.group-bar-unknown").count() == 6
        _assert_offline_and_quiet(visit, path)


def test_bundled_report_mnc_le2c_mn2013(browser: Any, tmp_path: Path) -> None:
    if not (BUNDLED / "frameworks" / "default.yaml").exists():
        pytest.fail("the bundled default framework is missing", pytrace=False)
    path = _write_report(tmp_path, "mnc", "--benchmark", "le2c", "--audit", "mn2013")
    with _open(browser, path) as visit:
        page = visit.page
        assert page.locator("#fig-radar svg.grouped rect.group-bar").count() == 6  # 3 dimensions, 2 clusters
        assert page.locator("#fig-gaps rect.bar-value-rect").count() >= 1
        assert page.locator("#fig-audit-axes svg.chart").count() == 1
        assert page.locator("#fig-audit-targets svg.chart").count() == 1
        assert page.locator("#recommendations").count() == 1
        _assert_offline_and_quiet(visit, path)


def test_bundled_report_fits_a_phone_without_sideways_scrolling(browser: Any, tmp_path: Path) -> None:
    if not (BUNDLED / "frameworks" / "default.yaml").exists():
        pytest.fail("the bundled default framework is missing", pytrace=False)
    path = _write_report(tmp_path, "mnc", "--benchmark", "le2c", "--audit", "mn2013")
    with _open(browser, path, width=390) as visit:
        page = visit.page
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Every table sits in its own box, which scrolls when the table is wider than the phone.
        assert page.locator("table").count() == page.locator("div.scroll > table").count() > 0
        assert page.evaluate(
            "[...document.querySelectorAll('div.scroll')].every(d => getComputedStyle(d).overflowX === 'auto')"
        )
        assert page.evaluate(
            "[...document.querySelectorAll('.cite')].every(c => getComputedStyle(c).whiteSpace === 'nowrap')"
        )
        _assert_offline_and_quiet(visit, path)
