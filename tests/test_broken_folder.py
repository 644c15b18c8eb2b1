"""One broken document in a folder does not hide the others; ``--strict`` stops at it; validate's progress.

A command that reads every document of a kind (``list``, ``rank``, min-max ranges, the practices
of ``compare`` and ``report``, the references of ``show``) prints each problem of an invalid
document, writes its output from the valid ones and exits 1; ``--strict`` exits 2 with nothing on
stdout; a document asked for by id still exits 2 (docs/errors.md, "Invalid documents in a folder").
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from clusterkit import collection
from clusterkit.collection import summaries
from clusterkit.errors import LoadError
from clusterkit.loading import Catalog, search_dirs
from clusterkit.validation import validate_catalog, validate_files
from terminal import pty_output

Cli = Callable[..., Result]

BUNDLED = ["agrinnov", "ahp", "c2tm", "ce3m", "chtc", "cise", "emc", "le2c", "mdc", "menara", "mnc", "solar"]
SKELETON = "pf/clusters/xyz.yaml"
LEFT_OUT = f"error: 1 invalid document left out: {SKELETON}; see clusterkit validate\n"
BROKEN_PRACTICES = "kind: practices\nschema_version: 1\nid: broken\nframework: default\npractices: 5\n"
BROKEN_REFERENCES = "kind: references\nschema_version: 1\nid: references\nreferences: 3\n"


@pytest.fixture
def pf(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder ``pf`` (the working folder's) holding the half-filled skeleton ``clusterkit new xyz`` writes."""
    monkeypatch.chdir(tmp_path)
    made = cli("new", "xyz", "-d", "pf")
    assert made.exit_code == 0, made.output
    return Path("pf")


def skeleton_line(field: str) -> int:
    """The line of the skeleton where ``field:`` stands (the skeleton's layout may change)."""
    lines = Path(SKELETON).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{field}:"))


def assert_names_the_skeleton(stderr: str) -> None:
    """Stderr has the skeleton's located problems, as validate prints them, and the count line last."""
    assert f"{SKELETON}:{skeleton_line('name')}:7: name: String should have at least 1 character\n" in stderr
    assert re.search(rf"^{re.escape(SKELETON)}:\d+:\d+: location\.country: ", stderr, re.M)
    assert stderr.endswith(LEFT_OUT)


# --- list and rank ------------------------------------------------------------------------------


def test_list_lists_the_valid_clusters_names_the_broken_file_and_exits_1(cli: Cli, pf: Path) -> None:
    result = cli("list", "-p", pf, "--format", "json")
    assert result.exit_code == 1
    assert [c["id"] for c in json.loads(result.stdout)["clusters"]] == BUNDLED
    assert_names_the_skeleton(result.stderr)


def test_list_as_a_table_shows_every_valid_cluster(cli: Cli, pf: Path) -> None:
    result = cli("list", "-p", pf)
    assert result.exit_code == 1
    assert result.stdout.startswith("12 clusters\n")
    assert "xyz" not in result.stdout


def test_rank_ranks_the_valid_clusters_and_exits_1(cli: Cli, pf: Path) -> None:
    result = cli("rank", "-p", pf, "--format", "json")
    assert result.exit_code == 1
    ids = [row["id"] for row in json.loads(result.stdout)["ranking"]]
    assert sorted(ids) == BUNDLED
    assert_names_the_skeleton(result.stderr)
    # NOTE: the same on a second run, when the valid clusters' summaries come from the cache.
    again = cli("rank", "-p", pf, "--format", "json")
    assert (again.exit_code, again.stdout, again.stderr) == (1, result.stdout, result.stderr)


def test_rank_with_minmax_leaves_the_broken_cluster_out_of_the_ranges(cli: Cli, pf: Path) -> None:
    result = cli("rank", "-p", pf, "--normalisation", "minmax", "--format", "json")
    assert result.exit_code == 1
    assert sorted(row["id"] for row in json.loads(result.stdout)["ranking"]) == BUNDLED
    assert_names_the_skeleton(result.stderr)


@pytest.mark.parametrize("command", [["list"], ["rank"], ["rank", "--normalisation", "minmax"]])
def test_strict_stops_at_the_broken_file_with_exit_2_and_nothing_on_stdout(
    cli: Cli, pf: Path, command: list[str]
) -> None:
    result = cli(*command, "-p", pf, "--strict", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{SKELETON}:{skeleton_line('name')}:7: name: " in result.stderr
    assert "left out" not in result.stderr


def test_the_output_file_is_written_when_a_document_is_left_out_and_not_with_strict(
    cli: Cli, pf: Path, tmp_path: Path
) -> None:
    result = cli("list", "-p", pf, "-o", "clusters.json")
    assert result.exit_code == 1
    assert result.stderr.startswith("wrote clusters.json\n")
    assert [c["id"] for c in json.loads((tmp_path / "clusters.json").read_text())["clusters"]] == BUNDLED
    strict = cli("rank", "-p", pf, "--strict", "-o", "ranking.json")
    assert strict.exit_code == 2
    assert not (tmp_path / "ranking.json").exists()


def test_quiet_still_shows_the_problems_and_the_count(cli: Cli, pf: Path) -> None:
    result = cli("-q", "list", "-p", pf, "--format", "json")
    assert result.exit_code == 1
    assert_names_the_skeleton(result.stderr)


def test_the_count_line_names_three_documents_and_counts_the_rest(cli: Cli, pf: Path) -> None:
    for name in ("a", "b", "c", "d"):
        (pf / "clusters" / f"{name}.yaml").write_text(f"kind: cluster\nschema_version: 1\nid: {name}\n")
    result = cli("list", "-p", pf, "--format", "json")
    assert result.exit_code == 1
    assert [c["id"] for c in json.loads(result.stdout)["clusters"]] == BUNDLED
    assert result.stderr.endswith(
        "error: 5 invalid documents left out: pf/clusters/a.yaml, pf/clusters/b.yaml, pf/clusters/c.yaml"
        " and 2 more; see clusterkit validate\n"
    )
    # every problem of every one, as validate gives them
    for name in ("a", "b", "c", "d"):
        assert f"pf/clusters/{name}.yaml:1:1: name: required field is missing\n" in result.stderr


def test_a_broken_profile_shadowing_a_bundled_one_leaves_the_id_out(cli: Cli, pf: Path) -> None:
    (pf / "clusters" / "mnc.yaml").write_text("kind: cluster\nschema_version: 1\nid: mnc\n")
    result = cli("list", "-p", pf, "--format", "json")
    assert result.exit_code == 1
    # NOTE: the user's mnc is meant to replace the bundled one; listing the bundled one would hide the mistake.
    assert "mnc" not in [c["id"] for c in json.loads(result.stdout)["clusters"]]
    assert "error: 2 invalid documents left out: pf/clusters/mnc.yaml, pf/clusters/xyz.yaml;" in result.stderr


# --- documents asked for by id ------------------------------------------------------------------


def test_score_of_a_valid_cluster_ignores_the_broken_one(cli: Cli, pf: Path) -> None:
    result = cli("score", "mnc", "-p", pf, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert SKELETON not in result.stderr
    assert [s["id"] for s in json.loads(result.stdout)["scores"]] == ["mnc"]


@pytest.mark.parametrize("command", [["score", "mnc"], ["label", "mnc"], ["history", "mnc"], ["show", "mnc"]])
def test_commands_that_read_one_cluster_exit_0_beside_a_broken_one(cli: Cli, pf: Path, command: list[str]) -> None:
    result = cli(*command, "-p", pf, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert SKELETON not in result.stderr


@pytest.mark.parametrize("strict", [[], ["--strict"]])
def test_a_broken_cluster_asked_for_by_id_exits_2(cli: Cli, pf: Path, strict: list[str]) -> None:
    for command in (["score", "xyz"], ["show", "xyz"], ["compare", "mnc", "xyz"]):
        result = cli(*command, "-p", pf, *strict)
        assert result.exit_code == 2, command
        assert result.stdout == ""
        assert f"{SKELETON}:{skeleton_line('name')}:7: name: " in result.stderr
        assert "left out" not in result.stderr


def test_score_with_minmax_reads_every_cluster_so_it_reports_the_broken_one(cli: Cli, pf: Path) -> None:
    result = cli("score", "mnc", "-p", pf, "--normalisation", "minmax", "--format", "json")
    assert result.exit_code == 1
    assert [s["id"] for s in json.loads(result.stdout)["scores"]] == ["mnc"]
    assert_names_the_skeleton(result.stderr)
    strict = cli("score", "mnc", "-p", pf, "--normalisation", "minmax", "--strict")
    assert (strict.exit_code, strict.stdout) == (2, "")
    # a score under --fail-under is said as well as the document left out
    gated = cli("score", "mnc", "-p", pf, "--normalisation", "minmax", "--fail-under", "99")
    assert gated.exit_code == 1
    assert "mnc: overall score " in gated.stderr and "is below 99" in gated.stderr
    assert gated.stderr.endswith(LEFT_OUT)


# --- practices and references -------------------------------------------------------------------


def test_compare_and_report_leave_a_broken_practices_document_out(cli: Cli, pf: Path) -> None:
    (pf / "practices").mkdir()
    (pf / "practices" / "broken.yaml").write_text(BROKEN_PRACTICES)
    clean = json.loads(cli("compare", "mnc", "le2c", "--format", "json").stdout)
    result = cli("compare", "mnc", "le2c", "-p", pf, "--format", "json")
    assert result.exit_code == 1
    # the bundled practices still give their recommendations
    assert json.loads(result.stdout)["recommendations"] == clean["recommendations"] != []
    assert "pf/practices/broken.yaml:5:12: practices: Input should be a valid list, got int 5\n" in result.stderr
    assert result.stderr.endswith(
        "error: 1 invalid document left out: pf/practices/broken.yaml; see clusterkit validate\n"
    )
    report = cli("report", "mnc", "-b", "le2c", "-p", pf, "-o", "r.md")
    assert report.exit_code == 1
    assert Path("r.md").read_text(encoding="utf-8").startswith("#")
    assert "pf/practices/broken.yaml:5:12: practices: " in report.stderr
    assert cli("compare", "mnc", "le2c", "-p", pf, "--strict").exit_code == 2


def test_show_leaves_a_broken_references_document_out(cli: Cli, pf: Path) -> None:
    (pf / "references.yaml").write_text(BROKEN_REFERENCES)
    result = cli("show", "mnc", "-p", pf, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["cluster"]["id"] == "mnc" and doc["references"]  # the bundled references
    assert "pf/references.yaml:4:13: references: Input should be a valid list, got int 3\n" in result.stderr
    assert result.stderr.endswith("error: 1 invalid document left out: pf/references.yaml; see clusterkit validate\n")
    strict = cli("show", "mnc", "-p", pf, "--strict")
    assert (strict.exit_code, strict.stdout) == (2, "")


# --- as a library -------------------------------------------------------------------------------


def test_catalog_leaves_invalid_documents_out_only_when_asked(pf: Path) -> None:
    lenient = Catalog(search_dirs([pf]), skip_invalid=True)
    assert [c.id for c in lenient.clusters()] == BUNDLED
    [(entry, error)] = lenient.left_out()
    assert entry.display() == SKELETON
    assert any(p.field == "name" and p.line == skeleton_line("name") for p in error.problems)
    with pytest.raises(LoadError):  # asked for by id, it still raises
        lenient.cluster("xyz")
    with pytest.raises(LoadError) as caught:
        Catalog(search_dirs([pf])).clusters()
    assert {p.file for p in caught.value.problems} == {SKELETON}


@pytest.mark.parametrize("parallel", [False, True])
def test_summaries_leave_the_invalid_cluster_out(pf: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> None:
    if parallel:
        monkeypatch.setattr(collection, "PARALLEL_MIN", 1)  # the worker processes, with a dozen files
    catalog = Catalog(search_dirs([pf]), skip_invalid=True)
    found = summaries(catalog, catalog.framework(), workers=2 if parallel else 1)
    assert [s.cluster for s in found] == BUNDLED
    assert [entry.display() for entry, _ in catalog.left_out()] == [SKELETON]
    strict = Catalog(search_dirs([pf]))
    with pytest.raises(LoadError):
        summaries(strict, strict.framework(), workers=2 if parallel else 1)


# --- a real process -----------------------------------------------------------------------------


def clusterkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed command (or ``python -m clusterkit``), run as a process in ``cwd``."""
    exe = shutil.which("clusterkit")
    command = [exe] if exe is not None else [sys.executable, "-m", "clusterkit"]
    env = {k: v for k, v in os.environ.items() if k not in ("CLUSTERKIT_PATH", "CLUSTERKIT_DEBUG")}
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_a_real_process_ranks_the_valid_ones_and_exits_1_or_2_with_strict(pf: Path, tmp_path: Path) -> None:
    proc = clusterkit("rank", "-p", "pf", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert sorted(row["id"] for row in json.loads(proc.stdout)["ranking"]) == BUNDLED
    assert_names_the_skeleton(proc.stderr)
    strict = clusterkit("list", "-p", "pf", "--strict", cwd=tmp_path)
    assert (strict.returncode, strict.stdout) == (2, "")
    assert f"{SKELETON}:{skeleton_line('name')}:7: name: " in strict.stderr
    score = clusterkit("score", "mnc", "-p", "pf", cwd=tmp_path)
    assert (score.returncode, SKELETON in score.stderr) == (0, False)


# --- validate: progress -------------------------------------------------------------------------


def many_clusters(folder: Path, count: int, minimal: str) -> Path:
    """``count`` minimal valid clusters in ``folder/clusters``."""
    (folder / "clusters").mkdir(parents=True)
    for i in range(count):
        (folder / "clusters" / f"c{i:04d}.yaml").write_text(minimal.replace("id: demo", f"id: c{i:04d}"))
    return folder


def test_validate_tells_its_progress_two_steps_a_file(tmp_path: Path, minimal_cluster: str) -> None:
    folder = many_clusters(tmp_path / "many", 30, minimal_cluster)
    calls: list[tuple[int, int]] = []
    result = validate_files([folder], Catalog(search_dirs([folder])), progress=lambda d, t: calls.append((d, t)))
    assert result.ok and len(result.files) == 30
    # reading each file, then checking each against the others: 60 steps, counted up one at a time
    assert calls == [(done, 60) for done in range(1, 61)]
    whole: list[tuple[int, int]] = []
    catalog = Catalog(search_dirs([folder]))
    checked = validate_catalog(catalog, progress=lambda d, t: whole.append((d, t)))
    assert whole[-1] == (2 * len(checked.files),) * 2 and len(whole) == 2 * len(checked.files)


# NOTE: the program run with every file read 3 ms slower, so that validating lasts past the
# half-second a progress bar waits before it shows, however fast the machine.
SLOW_VALIDATE = textwrap.dedent(
    """
    import sys, time
    import clusterkit.validation as validation
    from clusterkit.__main__ import main
    read = validation.read_text
    def slow_read(*args, **kwargs):
        time.sleep(0.003)
        return read(*args, **kwargs)
    validation.read_text = slow_read
    sys.argv = ["clusterkit", *sys.argv[1:]]
    main()
    """
)
FILES = 300
SUMMARY = f"{FILES} files checked: 0 invalid, 0 errors"


def test_validate_prints_no_progress_when_stderr_is_a_pipe(tmp_path: Path, minimal_cluster: str) -> None:
    many_clusters(tmp_path / "many", FILES, minimal_cluster)
    env = {k: v for k, v in os.environ.items() if k != "CLUSTERKIT_PATH"}
    proc = subprocess.run(
        [sys.executable, "-c", SLOW_VALIDATE, "validate", "many"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0
    assert proc.stderr == SUMMARY + "\n"


def stderr_on_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the (slowed) program with stderr on a pseudo-terminal; the exit code and what the terminal got."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CLUSTERKIT_PATH")}
    env["COLUMNS"] = "100"
    return pty_output([sys.executable, "-c", SLOW_VALIDATE, *args], env, stream="stderr", cwd=cwd, timeout=120)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_validate_shows_a_progress_bar_on_a_terminal_and_none_with_quiet(tmp_path: Path, minimal_cluster: str) -> None:
    many_clusters(tmp_path / "many", FILES, minimal_cluster)
    code, seen = stderr_on_terminal(["validate", "many"], tmp_path)
    assert code == 0
    assert "validating files" in seen and "100%" in seen
    assert seen.rstrip().endswith(SUMMARY)
    code, seen = stderr_on_terminal(["-q", "validate", "many"], tmp_path)
    assert code == 0
    assert seen == SUMMARY + "\r\n"


def test_sensitivity_of_a_folder_leaves_the_broken_document_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from clusterkit.cli import app

    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["new", "xyz", "-d", "pf"]).exit_code == 0
    runner = CliRunner()
    result = runner.invoke(app, ["sensitivity", "-p", "pf", "--draws", "20", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "xyz" not in {row["id"] for row in json.loads(result.stdout)["clusters"]}
    assert "pf/clusters/xyz.yaml:22:7: name:" in result.stderr
    strict = runner.invoke(app, ["sensitivity", "-p", "pf", "--draws", "20", "--strict"])
    assert (strict.exit_code, strict.stdout) == (2, "")
