"""Run clusterkit with its standard output on a pseudo-terminal, as a person at a terminal does."""

from __future__ import annotations

import os
import subprocess
import sys


def on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``clusterkit ARGS`` with stdout on a pseudo-terminal (COLUMNS 120 unless ``env`` says); the exit
    code and what the terminal received."""
    master, slave = os.openpty()
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update({"COLUMNS": "120", **env})
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusterkit", *args], stdout=slave, stderr=subprocess.DEVNULL, env=full_env
    )
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
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")
