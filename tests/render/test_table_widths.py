"""Terminal tables at 60, 80, 100, 120 and 200 columns, in English and in French: every command's table
output against its snapshot.

Besides the snapshot (tests/snapshots/<command>@<width>.txt, in French <command>@<width>.fr.txt; regenerate them with
``CLUSTERKIT_UPDATE_SNAPSHOTS=1 python -m pytest tests/render/test_table_widths.py``), each output must
keep what a reader relies on, whatever the snapshot says: no line wider than the terminal (but a URL
longer than the terminal, alone on its line), every row's name and every number whole, in plain text
and in colour.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

import clusterkit.render
from clusterkit import text as spell
from clusterkit.i18n import LOCALE_VARIABLES, use_language
from clusterkit.render import RenderOptions
from clusterkit.render.escape import visible
from clusterkit.render.layout import text_width
from clusterkit.render.table import prose
from clusterkit.views import NUMERIC_KINDS, View
from terminal import on_terminal

Cli = Callable[..., Result]
TESTS = Path(__file__).resolve().parents[1]
SNAPSHOTS = TESTS / "snapshots"
HISTORY = TESTS / "data" / "history"
WIDTHS = (60, 80, 100, 120, 200)
LANGUAGES = ("en", "fr")
UPDATE = os.environ.get("CLUSTERKIT_UPDATE_SNAPSHOTS") == "1"
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")

COMMANDS: dict[str, list[str]] = {
    "list": ["list"],
    "show-mnc": ["show", "mnc"],
    "show-le2c": ["show", "le2c"],
    "validate": ["validate"],
    "score-mnc": ["score", "mnc"],
    "score-mnc-le2c-ahp": ["score", "mnc", "le2c", "ahp"],
    "score-mnc-explain": ["score", "mnc", "--explain"],
    "rank": ["rank"],
    "rank-d-processes": ["rank", "-d", "processes"],
    "compare-mnc-le2c": ["compare", "mnc", "le2c"],
    "compare-mnc-le2c-ahp": ["compare", "mnc", "le2c", "ahp"],
    "audit-mn2013": ["audit", "mn2013"],
    "framework": ["framework"],
    "history-demo": ["history", "demo", "-p", str(HISTORY)],
    "references": ["references"],
    "sensitivity-mnc-le2c": ["sensitivity", "mnc", "le2c", "--draws", "20"],
    "label-mnc": ["label", "mnc"],
    "config": ["config"],
}
# NOTE: these write their own lines (validate its summary on stderr), not a view's tables.
NO_VIEW = frozenset({"config", "validate"})
# A JSON dimension's score and gap (a comparison's ``a``, ``b`` and ``gap``).
SCORE_KEYS = frozenset({"score", "a", "b", "gap"})


@pytest.fixture(autouse=True)
def _steady_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No locale of the environment (each run says its language with --lang) and no clusterkit.toml of the folder."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def views(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[View]]:
    """The views the commands run in this test hand to the renderer."""
    seen: list[View] = []
    real = clusterkit.render.render

    def recording(view: View, fmt: str, options: RenderOptions | None = None) -> str | bytes:
        seen.append(view)
        return real(view, fmt, options)

    monkeypatch.setattr(clusterkit.render, "render", recording)
    yield seen


def too_wide(text: str, width: int) -> list[str]:
    """Lines wider than ``width``, but for a lone word (a URL) wider than ``width`` by itself."""
    return [
        line
        for line in text.splitlines()
        if text_width(line) > width and not (" " not in line.strip() and text_width(line.strip()) > width)
    ]


# Words of letters joined by hyphens, which text columns may break after a hyphen (render/layout.py).
COMPOUND = r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})+"


def whole(token: str) -> re.Pattern[str]:
    """A token not run into another word or number: ``-50.0`` matches neither ``-50.`` nor ``-50.05``."""
    return re.compile(rf"(?<![\w.]){re.escape(token)}(?![\w]|\.\d)")


def missing_names(view: View, text: str) -> list[str]:
    """The rows' names (each table's first shown text column) whose words do not appear whole, in order."""
    missing = []
    for table in view.tables:
        names = [c for c in table.shown_columns if c.kind not in NUMERIC_KINDS][:1]
        for row, column in ((r, c) for r in table.rows for c in names):
            shown = visible(spell.cell(row.get(column.key), column.kind))
            at = 0
            # NOTE: a compound of words may break after its hyphen ("industry-" / "training"): its parts count.
            words = [
                part
                for word in shown.split()
                for part in (re.split(r"(?<=-)", word) if prose(column) and re.fullmatch(COMPOUND, word) else [word])
            ]
            for word in words:
                # NOTE: the part before a hyphen is followed by the next part when the line did not break there.
                found = (whole(word) if not word.endswith("-") else re.compile(rf"(?<![\w.]){re.escape(word)}")).search(
                    text, at
                )
                if found is None:
                    missing.append(shown)
                    break
                at = found.end()
    return missing


def missing_numbers(view: View, text: str) -> list[str]:
    """Numbers of the tables that do not appear whole as often as the tables hold them."""
    wanted: dict[str, int] = {}
    for table in view.tables:
        for row in table.rows:
            for column in table.shown_columns:
                value = row.get(column.key)
                if column.kind in NUMERIC_KINDS and isinstance(value, int | float):
                    shown = visible(spell.cell(value, column.kind))
                    wanted[shown] = wanted.get(shown, 0) + 1
    return [shown for shown, count in wanted.items() if len(whole(shown).findall(text)) < count]


def json_scores(doc: Any) -> set[str]:
    """The overall and dimension scores (and their gaps) of a JSON document, spelled with one decimal."""
    found: set[float] = set()

    def numbers(node: Any) -> list[float]:
        if isinstance(node, dict):
            return [v for k, v in node.items() if k in SCORE_KEYS and isinstance(v, int | float)]
        return [node] if isinstance(node, int | float) and not isinstance(node, bool) else []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "overall":
                    found.update(numbers(value))
                elif key == "dimensions":
                    items = (
                        value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else []
                    )
                    found.update(n for item in items for n in numbers(item))
                elif key not in ("indicators", "benchmarks"):  # NOTE: a table shows the benchmark they make
                    walk(value)

    walk(doc)
    return {spell.score(float(n)) for n in found}


def run_table(cli: Cli, args: list[str], width: int, lang: str = "en") -> str:
    """What a command writes for a terminal ``width`` columns wide, in ``lang`` (validate writes only to stderr)."""
    # NOTE: English is the default: without --lang, so that ``config`` shows where the language came from.
    chosen = [] if lang == "en" else ["--lang", lang]
    result = cli(*chosen, *args, env={"COLUMNS": str(width)})
    assert result.exit_code in (0, 1), result.output
    return result.stdout or result.stderr


def check_snapshot(slug: str, width: int, text: str, lang: str = "en") -> None:
    path = SNAPSHOTS / (f"{slug}@{width}.txt" if lang == "en" else f"{slug}@{width}.{lang}.txt")
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path.name}: run with CLUSTERKIT_UPDATE_SNAPSHOTS=1 to write it"
    assert text == path.read_text(encoding="utf-8"), f"{slug} at {width} columns differs from {path.name}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("slug", COMMANDS)
def test_a_table_fits_its_width_and_keeps_names_and_numbers_whole(
    cli: Cli, views: list[View], slug: str, width: int, lang: str
) -> None:
    text = run_table(cli, COMMANDS[slug], width, lang)
    check_snapshot(slug, width, text, lang)
    assert too_wide(text, width) == []
    if slug in NO_VIEW:
        return
    (view,) = views
    result = cli("--lang", lang, *COMMANDS[slug], "--format", "json")
    assert result.exit_code in (0, 1), result.output
    # NOTE: the numbers are spelled as the run's language spells them ("34,9" in French).
    with use_language(lang):
        assert missing_names(view, text) == []
        assert missing_numbers(view, text) == []
        scores = json_scores(json.loads(result.stdout))
        assert [s for s in sorted(scores) if not whole(s).search(text)] == []
        # The same view in colour, as a terminal shows it.
        options = RenderOptions(color=True, width=width)
        coloured = ESCAPES.sub("", str(clusterkit.render.render(view, "table", options)))
        assert too_wide(coloured, width) == []
        assert missing_names(view, coloured) == []
        assert missing_numbers(view, coloured) == []


URLS = {
    "mnc": "http://www.marocnumericcluster.org/index.php?option=com_content&view=article&id=20&Itemid=58&lang=fr",
    "le2c": "https://www.clustercollaboration.eu/cluster-organisations/lombardy-energy-cleantech-cluster",
}


@pytest.mark.parametrize("cluster", URLS)
def test_a_url_is_never_cut(cli: Cli, cluster: str) -> None:
    for width in WIDTHS:
        text = run_table(cli, ["show", cluster], width)
        assert URLS[cluster] in text.split()
        if len(URLS[cluster]) > width:  # alone on its line
            assert URLS[cluster] in text.splitlines()


def test_a_grid_that_cannot_fit_becomes_records(cli: Cli) -> None:
    narrow, wide = run_table(cli, ["list"], 60), run_table(cli, ["list"], 200)
    assert not any(line.startswith("--------") for line in narrow.splitlines())
    assert any(line.startswith("ce3m  Electronic, Microelectronic") for line in narrow.splitlines())
    assert "    place: Mohammedia, MA" in narrow.splitlines()
    assert any(line.startswith("--------") for line in wide.splitlines())
    assert any(line.split()[:2] == ["ce3m", "Electronic,"] for line in wide.splitlines())


@pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("slug", ["compare-mnc-le2c", "audit-mn2013", "score-mnc"])
def test_a_coloured_table_on_a_terminal_crops_nothing(cli: Cli, views: list[View], slug: str, width: int) -> None:
    code, out = on_terminal(COMMANDS[slug], {"COLUMNS": str(width)})
    assert code == 0
    text = ESCAPES.sub("", out).replace("\r", "")
    assert "\x1b" in out  # in colour
    assert too_wide(text, width) == []
    doc = json.loads(cli(*COMMANDS[slug], "--format", "json").stdout)
    assert [s for s in sorted(json_scores(doc)) if not whole(s).search(text)] == []
    views.clear()
    run_table(cli, COMMANDS[slug], width)
    (view,) = views
    assert missing_names(view, text) == []
    assert missing_numbers(view, text) == []
