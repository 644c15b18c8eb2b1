"""The command line: options -> run context -> core -> view -> render -> output.

``app`` is the Typer program; :func:`run` runs it and returns the exit code. The commands live in
:mod:`clusterkit.cli.commands`, the options they share in :mod:`clusterkit.cli.options`, and the
choice of format and the writing of output in :mod:`clusterkit.cli.emit`.
"""

from __future__ import annotations

from clusterkit.cli import commands as commands  # registers the commands on the app
from clusterkit.cli.app import Findings, app, run

__all__ = ["Findings", "app", "run"]
