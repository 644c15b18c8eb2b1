"""Commands to come: intake_commands."""

from __future__ import annotations
