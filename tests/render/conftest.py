"""Fixtures for the renderer tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import report_profiles_in


@pytest.fixture
def report_profiles(tmp_path: Path) -> Path:
    """The report fixture profiles (alpha, beta, framework mini, strategy plan) plus the hostile ``evil`` cluster."""
    return report_profiles_in(tmp_path)
