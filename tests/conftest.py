"""Shared fixtures: a minimal valid cluster, a helper that writes profiles, and the CLI runner.

Tests take these as fixtures (``write_profile``, ``cluster_yaml``, ``cli``...) rather than importing
this module, so that other ``conftest.py`` files in sub-folders cannot shadow it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from clusterkit.cli import app

TESTS = Path(__file__).resolve().parent

MINIMAL_CLUSTER = """\
kind: cluster
schema_version: 1
id: demo
name: Demo Cluster
location:
  country: MA
  city: Rabat
  source: el-idrissi-2020 Table 1
"""


def make_cluster_yaml(cluster_id: str = "demo", extra: str = "") -> str:
    """The minimal valid cluster with another id and extra top-level YAML appended."""
    return MINIMAL_CLUSTER.replace("id: demo", f"id: {cluster_id}") + extra


def write_profile(tmp_path: Path, name: str, text: str | bytes) -> Path:
    """Write a document under ``tmp_path`` (``name`` may hold folders: ``clusters/demo.yaml``)."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No user search path, colour, debug, cache or language setting leaks in; each test has its own cache folder."""
    for name in ("CLUSTERKIT_PATH", "CLUSTERKIT_DEBUG", "CLUSTERKIT_NO_CACHE", "NO_COLOR", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    # NOTE: English unless a test asks for French: the language follows the locale (docs/translating.md).
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("COLUMNS", "120")
    yield


@pytest.fixture
def minimal_cluster() -> str:
    """The text of the smallest valid cluster profile (id ``demo``)."""
    return MINIMAL_CLUSTER


@pytest.fixture(name="cluster_yaml")
def cluster_yaml_fixture() -> Callable[..., str]:
    """``cluster_yaml(cluster_id="demo", extra="")``: the minimal cluster under another id."""
    return make_cluster_yaml


@pytest.fixture(name="write_profile")
def write_profile_fixture() -> Callable[[Path, str, str | bytes], Path]:
    """``write_profile(tmp_path, name, text)``: write a document and return its path."""
    return write_profile


@pytest.fixture
def negative_dir() -> Path:
    """Broken example documents, one problem each (tests/negative)."""
    return TESTS / "negative"


@pytest.fixture
def positive_dir() -> Path:
    """Valid example documents: references, a cluster, a framework, practices, a strategy (tests/positive)."""
    return TESTS / "positive"


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run ``clusterkit ARGS...`` in-process; ``env`` adds environment variables.

    Every run is checked for a Python traceback, which must never reach a user without --debug.
    """
    runner = CliRunner()

    def invoke(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> Result:
        result = runner.invoke(app, [str(a) for a in args], env=env)
        assert "Traceback" not in result.output, result.output
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"unexpected exception: {result.exception!r}\n{result.output}")
        return result

    return invoke
