"""Progress of long work on stderr: ``sensitivity`` and ``label --draws`` draws, ``import`` of many submissions.

A user relies on: a bar on a terminal while the work lasts (after half a second), nothing on stderr
with ``--quiet`` or when stderr is not a terminal, and stdout the same either way. As a library, the
core reports ``progress(done, total)`` with ``done`` growing to ``total``, and computes the same result.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clusterkit.intake.profiles import write_profiles
from clusterkit.intake.read import read_answers
from clusterkit.intake.xlsform import form_layout
from clusterkit.label import readiness
from clusterkit.loading import Catalog, search_dirs
from clusterkit.models import Framework
from clusterkit.scoring import ClusterScore, score
from clusterkit.sensitivity import analyse

Calls = list[tuple[int, int]]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(search_dirs([], env=""))


@pytest.fixture(scope="module")
def framework(catalog: Catalog) -> Framework:
    return catalog.framework("default")


@pytest.fixture(scope="module")
def scores(catalog: Catalog, framework: Framework) -> list[ClusterScore]:
    return [score(c, framework) for c in catalog.clusters()]


def recorder() -> tuple[Calls, Callable[[int, int], None]]:
    calls: Calls = []
    return calls, lambda done, total: calls.append((done, total))


def assert_grows_to(calls: Calls, total: int) -> None:
    """Every call reports ``total``; ``done`` grows strictly and ends at ``total``."""
    assert calls, "progress was never called"
    assert {t for _, t in calls} == {total}
    done = [d for d, _ in calls]
    assert done == sorted(set(done)) and done[0] > 0 and done[-1] == total


# --- the core, as a library ------------------------------------------------------------------------


@pytest.mark.parametrize("draws", [1, 37, 1000, 4321])
def test_sensitivity_reports_its_draws_every_few_draws(
    scores: list[ClusterScore], framework: Framework, draws: int
) -> None:
    calls, update = recorder()
    result = analyse(scores, framework, draws=draws, seed=3, progress=update)
    assert_grows_to(calls, draws)
    # NOTE: about a hundred calls, not one a draw: reporting must cost nothing next to the draws.
    assert len(calls) <= 101
    assert result == analyse(scores, framework, draws=draws, seed=3)


def test_label_draws_report_progress(catalog: Catalog, scores: list[ClusterScore], framework: Framework) -> None:
    scored = next(s for s in scores if s.cluster == "le2c")
    cluster = catalog.cluster("le2c")
    calls, update = recorder()
    result = readiness(cluster, scored, framework, draws=2500, progress=update)
    assert_grows_to(calls, 2500)
    assert len(calls) <= 101
    assert result == readiness(cluster, scored, framework, draws=2500)
    calls.clear()
    readiness(cluster, scored, framework, progress=update)
    assert calls == []  # no draws, nothing to report


def export(framework: Framework, path: Path, count: int, start: int = 0) -> Path:
    """An ODK Central CSV export of ``count`` submissions of the default form, clusters ``sub-START``..."""
    layout = form_layout(framework)
    questions = list(layout.questions())
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["SubmissionDate", *("-".join(q) for q in questions), "meta-instanceID", "KEY"])
        for n in range(start, start + count):
            values = {
                ("cluster_id",): f"sub-{n:04d}",
                ("date",): "2024-05-03",
                ("profile", "name"): f"Cluster {n}",
                ("profile", "country"): "MA",
                ("profile", "city"): "Rabat",
                ("profile", "founded"): "2011",
                ("profile", "members"): "40",
                ("source",): "survey-2024",
                ("source_title",): "Survey of cluster managers, May 2024",
            }
            for k, q in enumerate(layout.indicators):
                level = str((n + k) % 5)
                values[q.level] = level
                values[q.evidence] = f"the annual report describes the practice at level {level}"
            uuid = f"uuid:{n:032x}"
            out.writerow(["2024-05-03T10:00:00.000Z", *(values.get(q, "") for q in questions), uuid, uuid])
    return path


def test_import_reports_each_file_read_and_each_profile_checked_and_written(
    tmp_path: Path, catalog: Catalog, framework: Framework
) -> None:
    files = [export(framework, tmp_path / f"e{k}.csv", 2, start=2 * k) for k in range(3)]
    calls, update = recorder()
    batch = read_answers(files, framework, progress=update)
    assert calls == [(1, 3), (2, 3), (3, 3)]
    calls.clear()
    out = tmp_path / "out"
    written = write_profiles(batch, out, update=False, catalog=catalog, progress=update)
    # NOTE: the new reference makes a references.yaml too, written first and counted in no step.
    assert [p.name for p in written] == ["references.yaml", *(f"sub-{n:04d}.yaml" for n in range(6))]
    assert_grows_to(calls, 12)
    assert len(calls) == 12


# --- the command line, with stderr on a terminal ---------------------------------------------------


def run(args: list[str], *, stderr_on_terminal: bool) -> tuple[int, bytes, bytes]:
    """Run ``clusterkit ARGS`` with stdout on a pipe, and stderr on an 80-column pseudo-terminal or a pipe:
    the exit code, stdout, and what stderr's terminal (or pipe) received."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"COLUMNS": "80", "LINES": "24", "TERM": "xterm-256color"})
    command = [sys.executable, "-m", "clusterkit", *args]
    if not stderr_on_terminal:
        proc = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, env=env, timeout=60)
        return proc.returncode, proc.stdout, proc.stderr
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks: list[bytes] = []

    def read_terminal() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO once the child has closed its side
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read_terminal)
    reader.start()
    assert child.stdout is not None
    out = child.stdout.read()
    code = child.wait(timeout=60)
    reader.join(timeout=10)
    os.close(master)
    return code, out, b"".join(chunks)


def concurrently(*runs: tuple[list[str], bool]) -> Iterator[tuple[int, bytes, bytes]]:
    """Several runs at once (each takes a second or two), their results in order."""
    results: list[tuple[int, bytes, bytes] | None] = [None] * len(runs)

    def one(k: int, args: list[str], on_terminal: bool) -> None:
        results[k] = run(args, stderr_on_terminal=on_terminal)

    threads = [threading.Thread(target=one, args=(k, *r)) for k, r in enumerate(runs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        assert r is not None
        yield r


SENSITIVITY = ["sensitivity", "--draws", "100000", "-f", "json"]


def test_sensitivity_shows_a_bar_on_a_terminal_and_writes_the_same_stdout() -> None:
    (code, out, terminal), (piped_code, piped_out, piped_err) = concurrently((SENSITIVITY, True), (SENSITIVITY, False))
    assert code == piped_code == 0
    shown = terminal.decode("utf-8", "replace")
    assert "Monte Carlo" in shown and "/100,000 draws" in shown, shown
    assert piped_err == b""  # stderr not a terminal: no bar
    assert out == piped_out
    assert json.loads(out)["method"]["draws"] == 100000


def test_quiet_sensitivity_writes_nothing_on_the_terminal() -> None:
    code, out, terminal = run([*SENSITIVITY, "--quiet"], stderr_on_terminal=True)
    assert code == 0
    assert terminal == b""
    assert json.loads(out)["kind"] == "sensitivity"


def test_label_draws_show_a_bar_on_a_terminal() -> None:
    args = ["label", "le2c", "--draws", "300000", "-f", "json"]
    (code, out, terminal), (_, piped_out, piped_err) = concurrently((args, True), (args, False))
    assert code == 0
    assert "Monte Carlo" in terminal.decode("utf-8", "replace")
    assert piped_err == b""
    assert out == piped_out


def test_import_of_many_submissions_shows_a_bar_on_a_terminal(tmp_path: Path, framework: Framework) -> None:
    source = export(framework, tmp_path / "export.csv", 1000)
    code, out, terminal = run(["import", str(source), "--dir", str(tmp_path / "out")], stderr_on_terminal=True)
    assert code == 0, terminal
    assert "writing profiles" in terminal.decode("utf-8", "replace")
    lines = out.decode().splitlines()
    assert len(lines) == 1001 and all(line.startswith("wrote ") for line in lines)
