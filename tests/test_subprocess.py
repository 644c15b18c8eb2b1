"""The installed ``clusterkit`` command, run as a real process from an unrelated directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

BUNDLED_CLUSTERS = ["agrinnov", "ahp", "c2tm", "ce3m", "chtc", "cise", "emc", "le2c", "mdc", "menara", "mnc", "solar"]


def clusterkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("clusterkit")
    if exe is None:
        pytest.skip("the clusterkit command is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("CLUSTERKIT_PATH", "CLUSTERKIT_DEBUG")}
    return subprocess.run([exe, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_list_json_from_any_directory_holds_the_bundled_clusters(tmp_path: Path) -> None:
    proc = clusterkit("list", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["schema_version"] == 1
    assert [c["id"] for c in doc["clusters"]] == BUNDLED_CLUSTERS


def test_show_an_unknown_id_exits_2_with_a_suggestion(tmp_path: Path) -> None:
    proc = clusterkit("show", "nmc", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "error: no cluster with id 'nmc' on the search path; did you mean 'mnc'?\n"


def test_a_broken_profile_gives_one_located_line_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "mine" / "clusters").mkdir(parents=True)
    (tmp_path / "mine" / "clusters" / "demo.yaml").write_text(
        "kind: cluster\nschema_version: 1\nid: demo\nname: Demo\nlocation:\n  country: MA\n  cty: Rabat\n"
        "  source: el-idrissi-2020\n",
        encoding="utf-8",
    )
    proc = clusterkit("show", "demo", "--profiles-dir", "mine", "-o", "out.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "mine/clusters/demo.yaml:7:3: location.cty: unknown field; did you mean 'city'?\n"
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out.json").exists()
