"""A signal at any moment of a write leaves the old file or the new one, never a temporary file, and the
program exits 128 + the signal's number."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clusterkit import output
from clusterkit.cli.app import signals_end_the_run
from clusterkit.errors import Terminated

SIGNALS = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGUSR1]
MOMENTS = ["made", "writing", "renaming"]


def interrupt_at(moment: str, signum: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Send ``signum`` to this process at a moment of ``write_atomic``."""

    def kill() -> None:
        os.kill(os.getpid(), signum)

    def wrap(module: Any, name: str) -> None:
        original: Callable[..., Any] = getattr(module, name)

        def patched(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            kill()
            return result

        monkeypatch.setattr(module, name, patched)

    if moment == "made":  # the temporary file exists, its descriptor not yet returned
        wrap(output, "create_temporary")
    elif moment == "writing":
        wrap(output.os, "fsync")
    else:
        original = os.replace

        def before_replace(*args: Any) -> None:
            kill()
            original(*args)

        monkeypatch.setattr(output.os, "replace", before_replace)


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_during_a_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, signum: int
) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    interrupt_at(moment, signum, monkeypatch)
    expected = KeyboardInterrupt if signum == signal.SIGINT else Terminated
    # NOTE: as in a shell; a test runner's worker may have set its own disposition for the signal.
    previous = signal.getsignal(signum)
    if signum != signal.SIGINT:
        signal.signal(signum, signal.SIG_DFL)
    try:
        with pytest.raises(expected), signals_end_the_run():
            output.write_atomic(target, "new", ())
    finally:
        signal.signal(signum, previous)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_signal_handlers_are_put_back_after_the_run() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with signals_end_the_run():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_ignored_signal_stays_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup leaves it
    try:
        with signals_end_the_run():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


PROBE = """
import os, signal, sys
# NOTE: as a shell starts a command: a test runner's worker may ignore some signals, and children inherit that.
for name in ("SIGTERM", "SIGHUP", "SIGINT"):
    signal.signal(getattr(signal, name), signal.default_int_handler if name == "SIGINT" else signal.SIG_DFL)
from clusterkit import output
real_fsync = os.fsync
def fsync(fd):
    real_fsync(fd)
    os.kill(os.getpid(), {signum})
output.os.fsync = fsync
from clusterkit.cli.app import run
sys.exit(run(["report", "mnc", "--benchmark", "le2c", "-f", "html", "-o", "out.html"]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: signal.Signals(s).name)
def test_the_program_exits_128_plus_n_and_cleans_up(tmp_path: Path, signum: int) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(signum=int(signum))],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 128 + signum, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []
    assert proc.stderr.strip().splitlines()[-1] in (
        f"clusterkit: stopped by {signal.Signals(signum).name}",
        "interrupted",
    )


def test_worker_processes_end_quietly_when_the_pool_closes(tmp_path: Path) -> None:
    # A cold rank of many files reads them in worker processes; the pool stops them with SIGTERM when it
    # is done, which must not print their tracebacks (they inherit the run's signal handlers).
    source = (Path(__file__).parents[1] / "positive" / "clusters").glob("*.yaml")
    text = next(iter(sorted(source))).read_text(encoding="utf-8")
    stem = text.split("id: ", 1)[1].split()[0]
    folder = tmp_path / "many" / "clusters"
    folder.mkdir(parents=True)
    for n in range(450):  # over the collection's PARALLEL_MIN: the workers are used
        (folder / f"w{n:03d}.yaml").write_text(text.replace(f"id: {stem}", f"id: w{n:03d}", 1), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "clusterkit", "rank", "-p", str(tmp_path / "many"), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.count('"id": "w') == 450


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")
def test_a_worker_process_drops_the_runs_signal_handlers() -> None:
    from clusterkit import collection

    with signals_end_the_run():
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN)
        pid = os.fork()
        if pid == 0:  # the worker, as the pool starts it
            collection._worker_signals()
            ended = signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
            os._exit(0 if ended and signal.getsignal(signal.SIGINT) is signal.SIG_IGN else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
