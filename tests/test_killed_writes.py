"""A report interrupted by a killed process never leaves a half-written or truncated file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SLOW_WRITER = """
import os, sys, time
from pathlib import Path
import clusterkit.output as output

def stalled_fsync(fd):
    sys.stdout.write("writing\\n")
    sys.stdout.flush()
    time.sleep(60)

os.fsync = stalled_fsync
output.write_atomic(Path(sys.argv[1]), "<html>" + "x" * 5_000_000 + "</html>", ())
"""


def test_killed_while_writing_leaves_the_earlier_file_intact(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    out.write_text("<html>earlier report</html>", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(out)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline() == "writing\n"  # the new bytes are on disk, not yet renamed
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert out.read_text(encoding="utf-8") == "<html>earlier report</html>"
    # Only the hidden temporary file can stay behind; it never takes the report's name.
    left = sorted(p.name for p in tmp_path.iterdir())
    assert [name for name in left if not (name.startswith(".ck-") and name.endswith(".tmp"))] == ["out.html"]
    assert len(left) == 2  # the temporary file of the killed write, short whatever the report's name


def test_report_killed_at_any_moment_leaves_old_or_whole_new_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("earlier", encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "clusterkit", "report", "mnc", "--benchmark", "le2c", "--audit", "mn2013"]
    complete = subprocess.run([*command, "-o", str(tmp_path / "whole.html")], env=env, check=True, capture_output=True)
    assert complete.returncode == 0
    whole = (tmp_path / "whole.html").read_text(encoding="utf-8")
    for delay in (0.05, 0.15, 0.3, 0.5, 0.8):
        proc = subprocess.Popen([*command, "-o", str(out)], env=env, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert out.read_text(encoding="utf-8") in ("earlier", whole), delay
