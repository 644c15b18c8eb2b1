"""Commands to come: assess_command."""

from __future__ import annotations
