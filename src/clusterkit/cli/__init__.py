"""The command line: options -> run context -> core -> view -> render -> output.

``app`` is the Typer program; :func:`run` runs it and returns the exit code. Each command lives in
a module of this package (``app.COMMAND_MODULES`` says which); a run imports only the module of the
command it runs. The options they share are in :mod:`clusterkit.cli.options`, and the choice of
format and the writing of output in :mod:`clusterkit.cli.emit`.
"""

from __future__ import annotations

from clusterkit.cli.app import Findings, app, run

__all__ = ["Findings", "app", "run"]
