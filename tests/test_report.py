"""Reports: the library's build_report and the ``clusterkit report`` command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from clusterkit.loading import Catalog
from clusterkit.render import render
from clusterkit.report import Report, build_report
from clusterkit.views.report import TOP_GAPS, largest_gaps, profile_rows, report_view

REPORT_DATA = Path(__file__).resolve().parent / "data" / "report"
BUNDLED = Path(__file__).resolve().parents[1] / "profiles"

Cli = Callable[..., Any]


def _report(**kwargs: str) -> Report:
    return build_report(Catalog([REPORT_DATA]), "alpha", framework="mini", **kwargs)


# --- the library ----------------------------------------------------------------------------------


def test_report_holds_score_comparison_audit_and_references() -> None:
    report = _report(benchmark="beta", audit="plan")
    assert report_view(report).kind == "report"
    assert report.cluster.id == "alpha" and report.framework.id == "mini"
    assert report.score.cluster == "alpha"
    assert report.comparison is not None and report.comparison.b.cluster == "beta"
    assert report.audit is not None and report.strategy is not None and report.strategy.id == "plan"
    assert [r.key for r in report.references] == ["fixture-paper", "fixture-site"]
    assert report.unresolved == []
    assert [g.id for g in largest_gaps(report.comparison)][-1] == "strategy"
    assert all((g.weighted_gap or 0) < 0 for g in largest_gaps(report.comparison))
    assert [r.id for r in report.comparison.recommendations] == ["joint_projects", "write_strategy"]


def test_report_without_benchmark_or_audit() -> None:
    report = _report()
    assert report.comparison is None and report.audit is None and largest_gaps(report.comparison) == []
    names = [t.name for t in report_view(report).tables]
    assert names == ["profile", "scores", "indicators", "references"]


def test_the_view_chooses_how_many_gaps_the_report_shows() -> None:
    report = _report(benchmark="beta")
    gaps = largest_gaps(report.comparison)
    assert 0 < len(gaps) <= TOP_GAPS
    assert [g.weighted_gap for g in gaps] == sorted(g.weighted_gap or 0.0 for g in gaps)
    assert largest_gaps(report.comparison, top=1) == gaps[:1]
    view = report_view(report)
    assert [g["id"] for g in view.payload["gaps"]] == [g.id for g in gaps]
    assert [row["name"] for row in next(t for t in view.tables if t.name == "gaps").rows] == [g.name for g in gaps]


@pytest.mark.parametrize("refs", [{"cluster_id": "alpha@"}, {"cluster_id": "alpha", "benchmark": "beta@"}])
def test_an_at_sign_without_a_date_is_refused(refs: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="has nothing after '@'"):
        build_report(Catalog([REPORT_DATA]), framework="mini", **refs)


def test_profile_summary_keeps_every_value_with_its_citation() -> None:
    rows = {(r.label, r.value): r.sources for r in profile_rows(_report())}
    assert rows[("Founded", "2011")] == ("fixture-paper §1",)
    assert rows[("Founded (also)", "2010")] == ("fixture-site",)  # sources disagree: both kept
    assert rows[("Members", "20")] == ("fixture-site",)


def test_tables_make_a_complete_markdown_document() -> None:
    report = _report(benchmark="beta", audit="plan")
    names = [t.name for t in report_view(report).tables]
    assert names[:7] == ["profile", "scores", "indicators", "gaps", "strengths", "weaknesses", "recommendations"]
    assert any(n.startswith("audit-") for n in names)
    assert names[-1] == "references"
    text = render(report_view(report), "markdown")
    assert text.startswith("# Alpha Cluster: cluster report\n")
    for heading in ("## Profile of Alpha", "## Recommendations for alpha", "## Audit: Targets", "## References"):
        assert heading in text
    assert "Doe, J. (2020). A paper the report fixtures cite." in text
    assert text == render(report_view(_report(benchmark="beta", audit="plan")), "markdown")


def test_payload_is_a_stable_json_and_yaml_document() -> None:
    report = _report(benchmark="beta", audit="plan")
    doc = json.loads(render(report_view(report), "json"))
    assert doc["kind"] == "report" and doc["schema_version"] == 1
    assert doc["cluster"]["id"] == "alpha"
    assert doc["comparison"]["b"]["id"] == "beta"
    assert [t["id"] for t in doc["audit"]["targets"]] == ["known", "lacking"]
    assert doc["audit"]["targets"][1]["attainment"] is None
    assert [r["key"] for r in doc["references"]] == ["fixture-paper", "fixture-site"]
    assert yaml.safe_load(render(report_view(report), "yaml")) == doc
    assert render(report_view(report), "json") == render(report_view(_report(benchmark="beta", audit="plan")), "json")


def test_a_citation_no_reference_defines_is_listed_as_unresolved(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    shutil.copytree(REPORT_DATA, folder)
    alpha = folder / "clusters" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("fixture-site", "nowhere-2000"), encoding="utf-8")
    report = build_report(Catalog([folder]), "alpha", framework="mini")
    assert report.unresolved == ["nowhere-2000"]
    out = render(report_view(report), "html")
    assert 'class="cite unresolved"' in out and "nowhere-2000" in out


def test_assessment_dates_and_errors() -> None:
    catalog = Catalog([REPORT_DATA])
    assert build_report(catalog, "alpha@2020", framework="mini").score.assessment == "2020"
    with pytest.raises(LookupError):
        build_report(catalog, "alpha@1999", framework="mini")


@pytest.mark.skipif(not (BUNDLED / "frameworks" / "default.yaml").exists(), reason="no bundled framework")
def test_bundled_mnc_against_le2c() -> None:
    report = build_report(Catalog(), "mnc", benchmark="le2c")
    assert report.comparison is not None and report.comparison.b.cluster == "le2c"
    assert "el-idrissi-2020" in [r.key for r in report.references]
    assert report.unresolved == []
    out = render(report_view(report), "html")
    assert len(re.findall(r'<rect class="group-bar ', out)) == 6  # 3 dimensions x 2 clusters
    assert "Maroc Numeric Cluster" in out and "Lombardy Energy Cleantech Cluster" in out


# --- the command ----------------------------------------------------------------------------------


def test_cli_writes_one_html_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    args = ["report", "alpha", "--benchmark", "beta", "--audit", "plan", "--framework", "mini", "-p", REPORT_DATA]
    result = cli(*args, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert text.count('<rect class="group-bar ') == 6
    assert 'id="fig-audit-targets"' in text
    first = out.read_bytes()
    assert cli(*args, "-o", out).exit_code == 0
    assert out.read_bytes() == first


def test_cli_markdown_on_stdout_by_default_and_by_suffix(cli: Cli, tmp_path: Path) -> None:
    result = cli("report", "alpha", "-b", "beta", "--framework", "mini", "-p", REPORT_DATA)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Alpha Cluster: cluster report")
    out = tmp_path / "report.md"
    assert cli("report", "alpha", "--framework", "mini", "-p", REPORT_DATA, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Alpha Cluster: cluster report")
    as_json = cli("report", "alpha", "--framework", "mini", "-p", REPORT_DATA, "--format", "json")
    assert json.loads(as_json.stdout)["kind"] == "report"


def test_cli_refuses_to_write_over_an_input(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    shutil.copytree(REPORT_DATA, folder)
    inputs = ("clusters/alpha.yaml", "clusters/beta.yaml", "strategies/plan.yaml", "frameworks/mini.yaml")
    for name in (*inputs, "practices/beta.yaml", "references.yaml"):
        target = folder / name
        before = target.read_bytes()
        result = cli(
            "report", "alpha", "-b", "beta", "--audit", "plan", "--framework", "mini", "-p", folder,
            "--format", "html", "-o", target,
        )  # fmt: skip
        assert result.exit_code == 2, result.output
        assert "refusing" in result.output
        assert target.read_bytes() == before


def test_cli_errors_exit_2_and_leave_an_earlier_file_intact(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    out.write_text("earlier report", encoding="utf-8")
    for args in (
        ["report", "nosuch", "--framework", "mini", "-p", REPORT_DATA],
        ["report", "alpha", "-b", "nosuch", "--framework", "mini", "-p", REPORT_DATA],
        ["report", "alpha", "--audit", "nosuch", "--framework", "mini", "-p", REPORT_DATA],
        ["report", "alpha@1999", "--framework", "mini", "-p", REPORT_DATA],
    ):
        result = cli(*args, "-o", out)
        assert result.exit_code == 2, (args, result.output)
        assert out.read_text(encoding="utf-8") == "earlier report"
    result = cli("report", "alpha", "--framework", "mini", "-p", REPORT_DATA, "--format", "table")
    assert result.exit_code == 2 and "not available" in result.output


def test_same_bytes_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"report-{seed}.html"
        args = ["report", "alpha", "-b", "beta", "--audit", "plan", "--framework", "mini", "-p", str(REPORT_DATA)]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "clusterkit", *args, "-o", str(out)], env=env, check=False)
        assert done.returncode == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_cli_notes_citations_that_no_reference_defines(
    cli: Cli, tmp_path: Path, write_profile: Callable[..., Path], cluster_yaml: Callable[..., str]
) -> None:
    typo = cluster_yaml("demo").replace("el-idrissi-2020 Table 1", "el-idrisi-2020 Table 1")
    write_profile(tmp_path, "mine/clusters/demo.yaml", typo)
    out = tmp_path / "demo.html"
    result = cli("report", "demo", "-p", tmp_path / "mine", "-o", out)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"wrote {out}",
        "note: the report cites 'el-idrisi-2020', which no references document defines;"
        " `clusterkit validate` shows where",
    ]
    assert "el-idrisi-2020" in out.read_text(encoding="utf-8")
