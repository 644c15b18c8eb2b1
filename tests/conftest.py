"""Shared fixtures: a minimal valid cluster, a helper that writes profiles, and the CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from clusterkit.cli import app

TESTS = Path(__file__).resolve().parent
NEGATIVE = TESTS / "negative"
POSITIVE = TESTS / "positive"

# The ids of the bundled cluster profiles.
BUNDLED_CLUSTERS = ["agrinnov", "ahp", "c2tm", "ce3m", "chtc", "cise", "emc", "le2c", "mdc", "menara", "mnc", "solar"]

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


def cluster_yaml(cluster_id: str = "demo", extra: str = "") -> str:
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
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No user search path, colour or debug setting leaks in from the environment."""
    for name in ("CLUSTERKIT_PATH", "CLUSTERKIT_DEBUG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    yield


Cli = Callable[..., Result]


@pytest.fixture
def cli() -> Cli:
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
