"""Commands to come: framework_command."""

from __future__ import annotations
