"""Text from profiles that fights back: it may not drive the terminal, reorder what is shown, or
turn into live links and images in Markdown."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clusterkit.cache import cache_dir
from clusterkit.render.escape import BIDI_CONTROLS, visible
from clusterkit.render.markdown import escape

Cli = Callable[..., Any]
INJECTED = "ACME ![x](http://evil.example/p.png) [login](http://evil.example/)"


def named(tmp_path: Path, write_profile: Callable[..., Path], cluster_yaml: Callable[..., str], name: str) -> Path:
    text = cluster_yaml().replace("name: Demo Cluster", f"name: {name!r}".replace("'", '"'))
    write_profile(tmp_path, "mine/clusters/demo.yaml", text)
    return tmp_path / "mine"


@pytest.mark.parametrize("code", BIDI_CONTROLS)
def test_a_bidirectional_control_is_shown_as_an_escape(code: int) -> None:
    shown = visible(f"abc{chr(code)}def")
    assert chr(code) not in shown
    assert shown == f"abc\\u{code:04x}def"


def test_names_with_bidi_overrides_reach_neither_the_terminal_nor_markdown(
    cli: Cli, tmp_path: Path, write_profile: Callable[..., Path], cluster_yaml: Callable[..., str]
) -> None:
    folder = named(tmp_path, write_profile, cluster_yaml, "Demo \\u202eevil\\u2069 Cluster")
    for fmt in ("table", "markdown"):
        result = cli("list", "-p", folder, "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "\u202e" not in result.stdout and "\u2069" not in result.stdout
        assert "\\u202e" in result.stdout


def test_markdown_from_profiles_holds_no_live_link_or_image(
    cli: Cli, tmp_path: Path, write_profile: Callable[..., Path], cluster_yaml: Callable[..., str]
) -> None:
    folder = named(tmp_path, write_profile, cluster_yaml, INJECTED)
    result = cli("list", "-p", folder, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "](http" not in result.stdout.replace("\\]", "")
    assert "![x]" not in result.stdout and "[login]" not in result.stdout
    assert "!\\[x\\](http://evil.example/p.png) \\[login\\](http://evil.example/)" in result.stdout


def test_markdown_escape_neutralises_links_images_and_autolinks() -> None:
    assert escape("[a](b)") == "\\[a\\](b)"
    assert escape("![a](b)") == "!\\[a\\](b)"
    assert escape("<http://evil.example/>") == "&lt;http://evil.example/&gt;"
    # What is not markup stays as it is.
    assert escape("Maroc Numeric Cluster (MNC)") == "Maroc Numeric Cluster (MNC)"


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache_dir() == Path(os.path.expanduser("~")) / ".cache" / "clusterkit"
    monkeypatch.setenv("XDG_CACHE_HOME", "/abs/cache")
    assert cache_dir() == Path("/abs/cache/clusterkit")
