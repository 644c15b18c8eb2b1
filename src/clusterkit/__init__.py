"""clusterkit: assess innovation cluster organisations with cited evidence."""

from __future__ import annotations

__version__ = "0.1.0"
