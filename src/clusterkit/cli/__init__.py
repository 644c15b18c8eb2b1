"""The command line: options -> run context -> core -> view -> render -> output.

``app`` is the Typer program; :func:`run` runs it and returns the exit code. The commands live in
:mod:`clusterkit.cli.commands`, the options they share in :mod:`clusterkit.cli.options`, and the
choice of format and the writing of output in :mod:`clusterkit.cli.emit`.
"""

from __future__ import annotations

# Importing a module of commands registers its commands on the app.
from clusterkit.cli import assess_command as assess_command
from clusterkit.cli import commands as commands
from clusterkit.cli import config_command as config_command
from clusterkit.cli import framework_command as framework_command
from clusterkit.cli import history_command as history_command
from clusterkit.cli import intake_commands as intake_commands
from clusterkit.cli import references_command as references_command
from clusterkit.cli import uncertainty_commands as uncertainty_commands
from clusterkit.cli.app import Findings, app, run

__all__ = ["Findings", "app", "run"]
