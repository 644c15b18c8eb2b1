"""Run a program with one of its output streams on a pseudo-terminal, as a person at a terminal sees it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def pty_output(
    command: list[str], env: dict[str, str], *, stream: str = "stdout", cwd: Path | None = None, timeout: int = 60
) -> tuple[int, str]:
    """Run ``command`` with its ``stream`` ("stdout" or "stderr") on a pseudo-terminal and the other one
    discarded; the exit code and what the terminal received."""
    master, slave = os.openpty()
    streams = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, stream: slave}
    proc = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, env=env, **streams)  # type: ignore[call-overload]
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO once the child has closed its side
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=timeout), b"".join(chunks).decode("utf-8", "replace")


def on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``clusterkit ARGS`` with stdout on a pseudo-terminal (COLUMNS 120 unless ``env`` says); the exit
    code and what the terminal received."""
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update({"COLUMNS": "120", **env})
    return pty_output([sys.executable, "-m", "clusterkit", *args], full_env)
