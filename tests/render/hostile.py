"""Report fixtures for the renderer tests: the fixture profiles, and a cluster whose texts are hostile."""

from __future__ import annotations

import shutil
from pathlib import Path

REPORT_DATA = Path(__file__).resolve().parents[1] / "data" / "report"

EVIL_NAME = "<script>alert(1)</script>"
EVIL_DESCRIPTION = "Tom & Jerry \"quoted\" 'single' <b>bold</b> </td></table><!-- comment -->"
EVIL_CLUSTER = """\
kind: cluster
schema_version: 1
id: evil
name: "<script>alert(1)</script>"
acronym: '"><img src=x onerror=alert(2)>'
location:
  country: MA
  city: "Rabat & Salé"
  source: fixture-paper §1
description:
  value: "Tom & Jerry \\"quoted\\" 'single' <b>bold</b> </td></table><!-- comment -->"
  source: fixture-paper §2
management:
  website:
    value: "javascript:alert(4)"
    source: fixture-site
members:
  total:
    value: 20
    source: fixture-site
partnerships:
  - name: "<img src=x onerror=alert(3)>"
    source: fixture-paper §1
assessments:
  - framework: mini
    date: "2020"
    levels:
      projects:
        level: 1
        evidence:
          - text: "<script>alert(5)</script> few projects & more"
            source: fixture-paper §3
"""


def report_profiles_in(tmp_path: Path) -> Path:
    """A profiles folder: the report fixtures (alpha, beta, framework mini, strategy plan) and ``evil``."""
    folder = tmp_path / "profiles"
    shutil.copytree(REPORT_DATA, folder)
    (folder / "clusters" / "evil.yaml").write_text(EVIL_CLUSTER, encoding="utf-8")
    return folder
