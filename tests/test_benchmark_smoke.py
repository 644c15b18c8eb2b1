"""A small run of the benchmark harness, so the documented command keeps working."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_smoke_run_prints_every_target() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for row in (
        "clusterkit --version",
        "clusterkit list --format json",
        "clusterkit compare mnc le2c --format json",
        "clusterkit score mnc --format json",
        "loop: compare X le2c --format json, 11 clusters",
        "the same loop against 11 imports of typer, pydantic, yaml",
        "rank over 200 profiles, cold",
        "rank over 200 profiles, warm",
        "peak memory of the 200-profile rank",
        "growth 20 -> 200 profiles",
        "sensitivity, 10,000 draws, 12 clusters",
        "read 50 submissions (read_submissions)",
        "import of 50 submissions",
        "peak memory of the 50-submission import",
    ):
        assert row in out, out
