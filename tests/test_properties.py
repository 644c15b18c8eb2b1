"""Property-based tests: generated documents, valid and broken, through every part of clusterkit.

Valid documents round-trip (dump, load, equal), score, compare, audit and render in every format
without error; broken documents and arbitrary text fail with a located :class:`LoadError`, never
another exception. The default ``ci`` profile keeps the run short; a long campaign is
``HYPOTHESIS_PROFILE=campaign python -m pytest tests/test_properties.py`` (see docs/testing.md).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import strategies as gen
from clusterkit.audit import AuditResult, audit
from clusterkit.cli import app
from clusterkit.comparison import Comparison, compare, effective_weights
from clusterkit.errors import LoadError
from clusterkit.label import GOLD_THRESHOLD, LabelReadiness, readiness
from clusterkit.loading import bundled_profiles_dir, decode, document_from_data, load_document, parse_yaml
from clusterkit.models import Cluster, Framework, Strategy, citation_key
from clusterkit.render import RenderOptions, formats_for, render
from clusterkit.render.yaml import Dumper as YamlDumper
from clusterkit.report import Report, cited_in
from clusterkit.scoring import ClusterScore, Ranking, collection_ranges, rank, score
from clusterkit.sensitivity import SensitivityResult, analyse
from clusterkit.validation import validate_files
from clusterkit.views import View
from clusterkit.views.audit import audit_payload, audit_view
from clusterkit.views.comparison import comparison_view
from clusterkit.views.label import label_payload, label_view
from clusterkit.views.listing import cluster_list_view, cluster_view
from clusterkit.views.report import report_view
from clusterkit.views.scoring import ranking_view, score_payload, scores_view
from clusterkit.views.sensitivity import sensitivity_view

FRAMEWORK = gen.FRAMEWORK
EPS = 1e-9
# A number as the CSV renderer writes it (numbers are never prefixed, text always is).
CSV_NUMBER = re.compile(r"^-?\d+(\.\d+)?(e[-+]?\d+)?$")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BUNDLED = bundled_profiles_dir()


# --- helpers -------------------------------------------------------------------------------------


# clusterkit's own dumper: libyaml's emitter where present (PyYAML's pure-Python one writes U+0085
# raw inside a quoted scalar, which every reader folds into a space), and text that a YAML 1.2
# reader takes for a number ('5e-324') quoted, so a text value stays text.
_DUMPER = YamlDumper
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump(data: Any) -> str:
    """YAML text of plain data, as a person or a script would write the file."""
    text: str = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    return text


@contextmanager
def written(name: str, content: str | bytes) -> Iterator[Path]:
    """A file of that name and content in a fresh temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        yield path


def round_trip(model: Any) -> Any:
    """Dump a document to ``<id>.yaml`` and load it back with clusterkit's loader."""
    text = dump(model.model_dump(mode="json", exclude_none=True))
    with written(f"{model.id}.yaml", text) as path:
        return load_document(path)


def assert_clear_error(exc: LoadError, name: str) -> None:
    """A LoadError a user can act on: at least one problem, each naming the file with a one-line message."""
    assert exc.problems, exc
    for problem in exc.problems:
        assert problem.file == name
        assert problem.message.strip()
        assert "\n" not in str(problem) and "\r" not in str(problem)
        assert problem.line is None or problem.line >= 1
        assert problem.column is None or problem.column >= 1


def load_or_clear_error(path: Path) -> Any:
    """Load a document; a failure must be a LoadError with clear problems (returned, not raised)."""
    try:
        return load_document(path)
    except LoadError as exc:
        assert_clear_error(exc, str(path))
        return exc


def within(value: float | None, low: float, high: float) -> bool:
    return value is None or (math.isfinite(value) and low - EPS <= value <= high + EPS)


def check_score(scored: ClusterScore) -> None:
    """Scores 0-100 or unknown, coverage 0-1, and contributions that add up to the overall score."""
    assert within(scored.overall, 0, 100)
    assert within(scored.coverage, 0, 1)
    for dim in scored.dimensions:
        assert within(dim.score, 0, 100)
        assert within(dim.coverage, 0, 1)
        assert 0 <= dim.known <= dim.total
    for ind in scored.indicators:
        assert within(ind.score, 0, 100)
        assert ind.level is None or 0 <= ind.level <= 4
    data = score_payload(scored, explain=True)
    assert within(data["overall"], 0, 100) and within(data["coverage"], 0, 1)
    if scored.aggregation == "arithmetic" and scored.overall is not None:
        parts = [i.contribution for i in scored.indicators if i.contribution is not None]
        assert sum(parts) == pytest.approx(scored.overall, abs=1e-6)
    if scored.overall is None:
        assert all(d.score is None for d in scored.dimensions)


def check_csv(text: str) -> None:
    """Every record keeps its cells (a line break inside a text stays in its quoted cell), and no cell
    a spreadsheet would run as a formula: a text cell starting with one is prefixed with ``'``."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows, "no header"
    for row in rows:
        assert len(row) == len(rows[0]), f"record split or merged: {row!r}"
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                assert CSV_NUMBER.match(cell), f"formula-like CSV cell {cell!r}"


def view_of(result: Any) -> View:
    """The view the command of a result shows (a View is taken as it is)."""
    if isinstance(result, View):
        return result
    if isinstance(result, Comparison):
        return comparison_view(result)
    if isinstance(result, LabelReadiness):
        return label_view(result)
    if isinstance(result, Ranking):
        return ranking_view(result)
    if isinstance(result, AuditResult):
        return audit_view(result)
    if isinstance(result, Report):
        return report_view(result)
    if isinstance(result, SensitivityResult):
        return sensitivity_view(result)
    raise TypeError(f"no view for {type(result).__name__}")


def check_renders(result: Any, options: RenderOptions | None = None) -> dict[str, str]:
    """Render a result in every format its view offers (but GeoJSON, for listings alone); each output is
    text (a workbook opens with a sheet per table), and JSON and YAML parse to the same document."""
    view = view_of(result)
    # NOTE: a PDF is the HTML page printed by Chromium: the HTML is checked here, printing in test_pdf.py.
    drawn = {fmt: render(view, fmt, options) for fmt in formats_for(view.kind) if fmt not in ("geojson", "pdf")}
    if "xlsx" in drawn:
        check_workbook(view, drawn.pop("xlsx"))
    out: dict[str, str] = {}
    for fmt, text in drawn.items():
        assert isinstance(text, str) and text, fmt
        out[fmt] = text
    doc = json.loads(out["json"])
    assert doc["schema_version"] == 1
    assert doc["kind"] == view.kind
    assert yaml.load(out["yaml"], Loader=_LOADER) == doc
    if "csv" in out:
        check_csv(out["csv"])
    assert "<script" not in out["html"].lower()
    assert "<script" not in out["markdown"].lower()
    return out


def check_workbook(view: View, data: str | bytes) -> None:
    """An XLSX rendering opens with openpyxl: one sheet per table, its headers, then at most a row per record."""
    from openpyxl import load_workbook

    from clusterkit.render.xlsx import safe_text

    assert isinstance(data, bytes)
    book = load_workbook(io.BytesIO(data))
    assert len(book.worksheets) == max(1, len(view.tables))
    for sheet, table in zip(book.worksheets, view.tables):
        assert sheet.max_row <= 1 + len(table.rows), table.name
        assert [c.value or "" for c in sheet[1]] == [safe_text(c.header) for c in table.columns] or not table.columns


# --- valid clusters ----------------------------------------------------------------------------------


@settings(max_examples=gen.examples(1.0))
@given(data=gen.clusters())
def test_valid_cluster_round_trips(data: dict[str, Any]) -> None:
    """A valid profile written to ``<id>.yaml`` loads back equal, and its own YAML and JSON views load too."""
    model = Cluster.model_validate(data)
    assert round_trip(model) == model
    # `clusterkit show --format yaml|json` gives a profile that loads back as the same cluster.
    view = cluster_view(model)
    shown = parse_yaml(render(view, "yaml"), "shown.yaml").data["cluster"]
    assert Cluster.model_validate(shown) == model
    assert Cluster.model_validate(json.loads(render(view, "json"))["cluster"]) == model


@settings(max_examples=gen.examples(1.0))
@given(
    data=gen.clusters(),
    missing=st.sampled_from(["ignore", "zero"]),
    aggregation=st.sampled_from(["arithmetic", "geometric"]),
)
def test_valid_cluster_scores(data: dict[str, Any], missing: Any, aggregation: Any) -> None:
    """Every valid profile scores with every method; scores stay in range and contributions add up."""
    cluster = Cluster.model_validate(data)
    scored = score(cluster, FRAMEWORK, missing=missing, aggregation=aggregation)
    check_score(scored)
    nominal = score(cluster, FRAMEWORK)
    check_score(nominal)
    assert scored.coverage == pytest.approx(nominal.coverage)
    known = [i for i in nominal.indicators if i.score is not None]
    assert nominal.overall is None or known
    for assessment in cluster.assessments:
        if assessment.framework == FRAMEWORK.id and assessment.date is not None:
            check_score(score(cluster, FRAMEWORK, at=assessment.date))
    if cluster.target is not None:
        check_score(score(cluster, FRAMEWORK, at="target"))


@settings(max_examples=gen.examples(0.5))
@given(a=gen.clusters(complete=True), b=gen.clusters(complete=True))
def test_complete_clusters_weighted_gaps_add_up(a: dict[str, Any], b: dict[str, Any]) -> None:
    """With every indicator known on both sides, the weighted gaps add up to the overall gap."""
    sa = score(Cluster.model_validate(a), FRAMEWORK)
    sb = score(Cluster.model_validate(b), FRAMEWORK)
    assert sa.coverage == pytest.approx(1.0) and sb.coverage == pytest.approx(1.0)
    result = compare(sa, sb, FRAMEWORK, gen.PRACTICES)
    assert result.overall_gap is not None
    weighted = [g.weighted_gap for g in result.indicators]
    assert None not in weighted
    assert sum(w for w in weighted if w is not None) == pytest.approx(result.overall_gap, abs=1e-6)
    assert sorted(result.strengths + result.weaknesses) == sorted(i.id for i in FRAMEWORK.indicators)


@settings(max_examples=gen.examples(0.5))
@given(a=gen.clusters(), b=gen.clusters())
def test_compare_any_two_clusters(a: dict[str, Any], b: dict[str, Any]) -> None:
    """Gaps, strengths, weaknesses and recommendations are consistent for any two profiles."""
    sa = score(Cluster.model_validate(a), FRAMEWORK)
    sb = score(Cluster.model_validate(b), FRAMEWORK)
    result = compare(sa, sb, FRAMEWORK, gen.PRACTICES)
    eff = effective_weights(FRAMEWORK)
    assert sum(eff.values()) == pytest.approx(1.0)
    known = set()
    for gap in result.indicators:
        ia, ib = sa.indicator(gap.id), sb.indicator(gap.id)
        if ia.score is None or ib.score is None:
            assert gap.gap is None and gap.weighted_gap is None
        else:
            known.add(gap.id)
            assert gap.gap == pytest.approx(ia.score - ib.score)
            assert gap.weighted_gap == pytest.approx(gap.gap * eff[gap.id])
    good = FRAMEWORK.good_practice
    for gap in result.indicators:
        ia, ib = sa.indicator(gap.id), sb.indicator(gap.id)
        # The basis: the benchmark where it shows good practice, else good practice itself.
        shows = ib.level is not None and ib.level >= good
        assert gap.against == ("benchmark" if shows else "good_practice")
        target = (ib.score or 0.0) if shows else good / 4 * 100
        assert gap.basis_gap == (None if ia.score is None else pytest.approx(ia.score - target))
    by_id = {g.id: g for g in result.indicators}
    assert set(result.weaknesses) == {g.id for g in result.indicators if g.basis_gap is not None and g.basis_gap < 0}
    assert set(result.strengths) == {
        g.id for g in result.indicators if g.gap is not None and g.gap >= 0 and (g.a_level or 0) >= good
    }
    assert set(result.strengths) <= known
    assert not set(result.strengths) & set(result.weaknesses)
    # A dimension known in full on both sides: its gap is the weighted mean of its indicator gaps.
    for dim in result.dimensions:
        if dim.gap is not None and dim.a_coverage == pytest.approx(1) and dim.b_coverage == pytest.approx(1):
            members = [i for i in FRAMEWORK.indicators if i.dimension == dim.id]
            total = sum(i.weight for i in members)
            expected = sum(i.weight * (by_id[i.id].gap or 0.0) for i in members) / total
            assert dim.gap == pytest.approx(expected, abs=1e-6)
    recs = result.recommendations
    assert [r.rank for r in recs] == list(range(1, len(recs) + 1))
    assert all(r.weight > 0 for r in recs)
    assert all(x.weight >= y.weight for x, y in itertools.pairwise(recs))
    assert all(g.gap < 0 for r in recs for g in r.addresses)
    # A benchmark's own practice counts only where that benchmark shows good practice.
    for r in recs:
        if r.benchmark is not None:
            assert all((by_id[g.indicator].b_level or 0) >= good for g in r.addresses)
    # Against itself a cluster has no gap, and no weakness but where it is below good practice.
    same = compare(sa, sa, FRAMEWORK, gen.PRACTICES)
    assert all(g.gap in (None, 0) for g in same.indicators)
    assert set(same.weaknesses) == {i.id for i in sa.indicators if i.level is not None and i.level < good}
    assert all(r.benchmark is None for r in same.recommendations)
    # A ranking puts the ranked clusters first, best first, each over the threshold.
    ranking = rank([sa, sb], min_coverage=0)
    values = [r.score for r in ranking.rows]
    known_values = [v for v in values if v is not None]
    assert known_values == sorted(known_values, reverse=True)
    assert values[: len(known_values)] == known_values
    assert all(r.coverage >= 0.5 for r in rank([sa, sb]).ranked)


@settings(max_examples=gen.examples(0.5))
@given(data=gen.clusters())
def test_label_readiness_shares(data: dict[str, Any]) -> None:
    """Label readiness: shares in [0, 1], the verdict follows from them, eligibility from the criteria."""
    cluster = Cluster.model_validate(data)
    result = readiness(cluster, score(cluster, FRAMEWORK), FRAMEWORK)
    assert within(result.good_share, 0, 1)
    assert within(result.good_share_if_unknown_good, 0, 1)
    assert within(result.coverage, 0, 1)
    assert result.good_share <= result.good_share_if_unknown_good + EPS
    payload = label_payload(result)["readiness"]
    for key in ("share", "share_if_unknown_good", "coverage"):
        assert 0 <= payload[key] <= 1, (key, payload[key])
    if result.good_share >= GOLD_THRESHOLD:
        assert result.verdict == "ready"
    elif result.good_share_if_unknown_good < GOLD_THRESHOLD:
        assert result.verdict == "not ready"
    else:
        assert result.verdict == "undetermined"
    statuses = {c.status for c in result.eligibility}
    assert result.eligible is (False if "not met" in statuses else None if "unknown" in statuses else True)


@settings(max_examples=gen.examples(0.2))
@given(
    data=gen.clusters(complete=True),
    count=gen.huge_counts,
    where=st.sampled_from([("members", "total"), ("economy", "employees"), ("economy", "countries_reached")]),
)
def test_huge_counts_are_refused_or_scored(data: dict[str, Any], count: int, where: tuple[str, str]) -> None:
    """A count too large for a float (or past the schema's limit) fails to load clearly, or scores like any other."""
    group, name = where
    data[group][name]["value"] = count
    with written(f"{data['id']}.yaml", dump(data)) as path:
        outcome = load_or_clear_error(path)
    if isinstance(outcome, LoadError):
        return
    scored = score(outcome, FRAMEWORK)
    check_score(scored)
    check_renders(scores_view([scored], FRAMEWORK.id, explain=True))
    check_renders(readiness(outcome, scored, FRAMEWORK))


@settings(max_examples=gen.examples(0.2))
@given(data=gen.clusters(complete=True), fte=gen.extreme_floats, amount=gen.extreme_floats, share=gen.extreme_floats)
def test_extreme_numbers_score_and_render(data: dict[str, Any], fte: float, amount: float, share: float) -> None:
    """Numbers at a float's edges (1e308, 5e-324) in facts are refused clearly, or score and render like any other."""
    source = gen.REFERENCE_KEYS[0]
    data.setdefault("management", {})["staff_fte"] = {"value": fte, "source": source}
    data["economy"]["turnover"] = {"value": {"amount": amount, "currency": "EUR"}, "source": source}
    data["economy"]["exporting_members_share"] = {"value": min(share, 1.0), "source": source}
    with written(f"{data['id']}.yaml", dump(data)) as path:
        cluster = load_or_clear_error(path)
    if isinstance(cluster, LoadError):
        return
    assert cluster == Cluster.model_validate(data)
    scored = score(cluster, FRAMEWORK)
    check_score(scored)
    check_renders(scores_view([scored], FRAMEWORK.id, explain=True))
    check_renders(readiness(cluster, scored, FRAMEWORK))
    check_renders(cluster_view(cluster))
    check_renders(cluster_list_view([cluster]))


@settings(max_examples=gen.examples(0.3))
@given(a=gen.clusters(), b=gen.clusters(), color=st.booleans(), width=st.integers(40, 200))
def test_every_renderer(a: dict[str, Any], b: dict[str, Any], color: bool, width: int) -> None:
    """Scores, comparisons, labels, listings and reports render in every format, safely."""
    ca, cb = Cluster.model_validate(a), Cluster.model_validate(b)
    sa, sb = score(ca, FRAMEWORK), score(cb, FRAMEWORK)
    options = RenderOptions(color=color, width=width)
    comparison = compare(sa, sb, FRAMEWORK, gen.PRACTICES)
    listing = cluster_list_view([ca, cb])
    report = Report(cluster=ca, framework=FRAMEWORK, score=sa, comparison=comparison, benchmark=cb)
    keys = sorted({citation_key(c) for c in cited_in(report)})
    references = gen.REFERENCES
    report = Report(
        cluster=ca,
        framework=FRAMEWORK,
        score=sa,
        comparison=comparison,
        benchmark=cb,
        references=[references[k] for k in keys if k in references],
        unresolved=[k for k in keys if k not in references],
    )
    results = [
        scores_view([sa], FRAMEWORK.id, explain=True),
        scores_view([sa, sb], FRAMEWORK.id, explain=True),
        comparison,
        readiness(ca, sa, FRAMEWORK),
        rank([sa, sb]),
        listing,
        cluster_view(ca),
        Report(cluster=cb, framework=FRAMEWORK, score=sb),
        report,
    ]
    for result in results:
        check_renders(result, options)
    features = json.loads(render(listing, "geojson", options))  # a listing's own format
    assert features["type"] == "FeatureCollection" and len(features["features"]) == 2
    with pytest.raises(ValueError):
        render(comparison_view(comparison), "geojson")


# --- any framework ---------------------------------------------------------------------------------


def check_framework(framework: Framework, clusters: list[Cluster], missing: Any, aggregation: Any) -> None:
    """Score clusters against a framework with every method, then compare, rank, label and analyse them."""
    ranges = collection_ranges(clusters, framework)
    scores = []
    for cluster in clusters:
        check_score(score(cluster, framework, missing=missing, aggregation=aggregation))
        check_score(score(cluster, framework, normalisation="minmax", ranges=ranges))
        scores.append(score(cluster, framework))
    result = compare(scores[0], scores[-1], framework, gen.PRACTICES)
    assert result.overall_gap is None or math.isfinite(result.overall_gap)
    label = readiness(clusters[0], scores[0], framework)
    assert within(label.good_share, 0, 1) and within(label.coverage, 0, 1)
    analysis = analyse(scores, framework, draws=5, seed=1)
    for item in (scores_view(scores, framework.id, explain=True), result, label, analysis):
        json.loads(render(view_of(item), "json"))
        check_csv(render(view_of(item), "csv"))


@settings(max_examples=gen.examples(0.5))
@given(
    data=gen.frameworks(),
    clusters=st.lists(gen.clusters(), min_size=1, max_size=3),
    missing=st.sampled_from(["ignore", "zero"]),
    aggregation=st.sampled_from(["arithmetic", "geometric"]),
)
def test_any_framework_round_trips_and_scores(
    data: dict[str, Any], clusters: list[dict[str, Any]], missing: Any, aggregation: Any
) -> None:
    """A framework of any shape (weights of 0, rules on any readable fact) round-trips and scores in range."""
    framework = Framework.model_validate(data)
    assert round_trip(framework) == framework
    check_framework(framework, [Cluster.model_validate(c) for c in clusters], missing, aggregation)


@settings(max_examples=gen.examples(0.2))
@given(
    data=gen.frameworks(extreme=True),
    clusters=st.lists(gen.clusters(), min_size=1, max_size=3),
    missing=st.sampled_from(["ignore", "zero"]),
    aggregation=st.sampled_from(["arithmetic", "geometric"]),
)
def test_extreme_weights_score_in_range(
    data: dict[str, Any], clusters: list[dict[str, Any]], missing: Any, aggregation: Any
) -> None:
    """Weights at a float's edges (5e-324, 1e308) load, or are refused clearly, and score in range."""
    with written("default.yaml", dump(data)) as path:
        framework = load_or_clear_error(path)
    if isinstance(framework, LoadError):
        return
    check_framework(framework, [Cluster.model_validate(c) for c in clusters], missing, aggregation)


# --- broken documents ----------------------------------------------------------------------------


# The smallest valid cluster, for the examples below.
MINIMAL = {
    "kind": "cluster",
    "schema_version": 1,
    "id": "demo",
    "name": "Demo",
    "location": {"country": "MA", "source": "el-idrissi-2020"},
}
# An unknown block under a key that is a digit, but not an ASCII one, holding an undefined citation.
UNICODE_DIGIT_KEY = {**MINIMAL, "location": {**MINIMAL["location"], "²": {"source": "nokey-2020"}}}
# `true` where the schema version 1 is expected.
BOOLEAN_SCHEMA_VERSION = {**MINIMAL, "schema_version": True}
# Text in a number field that reads as a number in YAML 1.2 (and not in PyYAML's YAML 1.1).
TEXT_LATITUDE = {**MINIMAL, "location": {**MINIMAL["location"], "latitude": "5e-324", "longitude": 0.0}}


@settings(max_examples=gen.examples(1.0))
@given(case=gen.broken_documents(st.one_of(gen.clusters(), gen.strategy_documents(), gen.frameworks())))
@example(case=("demo", UNICODE_DIGIT_KEY, "unknown key '²' with an undefined citation", True))
@example(case=("demo", BOOLEAN_SCHEMA_VERSION, "wrong type at ('schema_version',): True", True))
@example(case=("demo", TEXT_LATITUDE, "wrong type at ('location', 'latitude'): '5e-324'", True))
def test_broken_document_fails_clearly(case: tuple[str, dict[str, Any], str, bool]) -> None:
    """A changed cluster, strategy or framework loads or fails with a clear LoadError; a change the
    models refuse always fails, and validation reports every file the loader refuses."""
    doc_id, broken, what, must_fail = case
    with written(f"{doc_id}.yaml", dump(broken)) as path:
        outcome = load_or_clear_error(path)
        # Validation reads the same file, and checks the citations of what it could not load too.
        report = validate_files([path], gen.CATALOG)
    if must_fail:
        assert isinstance(outcome, LoadError), what
    if isinstance(outcome, LoadError):
        assert not report.ok, what


@settings(max_examples=gen.examples(1.0))
@given(valid=gen.clusters(), cut=st.floats(0, 1), junk=gen.yaml_texts, how=st.sampled_from(["cut", "insert", "line"]))
def test_damaged_yaml_fails_clearly(valid: dict[str, Any], cut: float, junk: str, how: str) -> None:
    """A profile's text cut short, or with junk inserted, loads or fails with a clear LoadError."""
    text = dump(valid)
    at = int(len(text) * cut)
    if how == "cut":
        damaged = text[:at]
    elif how == "insert":
        damaged = text[:at] + junk + text[at:]
    else:
        lines = text.splitlines(keepends=True)
        index = int(len(lines) * cut) % len(lines)
        damaged = "".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])
    with written(f"{valid['id']}.yaml", damaged) as path:
        load_or_clear_error(path)


@settings(max_examples=gen.examples(1.0))
@given(text=gen.yaml_texts)
def test_arbitrary_text_fails_clearly(text: str) -> None:
    """Arbitrary YAML-ish text is parsed and validated, or refused with a LoadError, never anything else."""
    try:
        parsed = parse_yaml(text, "x.yaml")
        document_from_data(parsed, "x.yaml", "x")
    except LoadError as exc:
        assert_clear_error(exc, "x.yaml")


@settings(max_examples=gen.examples(1.0))
@given(raw=st.one_of(st.binary(max_size=200), gen.yaml_texts.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_arbitrary_bytes_fail_clearly(raw: bytes) -> None:
    """Arbitrary bytes are decoded and loaded, or refused with a LoadError, never anything else."""
    try:
        text = decode(raw, "x.yaml")
        document_from_data(parse_yaml(text, "x.yaml"), "x.yaml", "x")
    except LoadError as exc:
        assert_clear_error(exc, "x.yaml")


@settings(max_examples=gen.examples(1.0))
@given(data=gen.kinds_data())
def test_arbitrary_mappings_fail_clearly(data: dict[str, Any]) -> None:
    """A mapping of any shape that claims a kind loads or fails with a located LoadError."""
    with written("x.yaml", dump(data)) as path:
        load_or_clear_error(path)


def _bundled_documents() -> list[Path]:
    return sorted(BUNDLED.rglob("*.yaml"))


@pytest.mark.parametrize("path", _bundled_documents(), ids=lambda p: p.stem)
@settings(max_examples=gen.examples(0.2))
@given(data=st.data())
def test_bundled_documents_mutated(path: Path, data: st.DataObject) -> None:
    """Every bundled document of every kind, changed in one place, loads or fails with a clear LoadError."""
    original = yaml.safe_load(path.read_text(encoding="utf-8"))
    broken, _, _ = data.draw(gen.mutations(original), label="mutation")
    with written(path.name, dump(broken)) as copy:
        load_or_clear_error(copy)


@settings(max_examples=gen.examples(0.2))
@given(
    case=st.one_of(
        gen.clusters().map(lambda valid: (valid["id"], valid, "intact", False)),
        gen.broken_documents(gen.clusters()),
    )
)
@example(case=("demo", UNICODE_DIGIT_KEY, "unknown key '²' with an undefined citation", True))
def test_validate_command_never_crashes(case: tuple[str, dict[str, Any], str, bool]) -> None:
    """`clusterkit validate FILE` exits 0 (valid) or 1 (invalid), with no traceback or internal error."""
    doc_id, data, what, must_fail = case
    with written(f"{doc_id}.yaml", dump(data)) as path:
        result = CliRunner().invoke(app, ["validate", str(path)])
    output = result.output
    assert "Traceback" not in output and "internal error" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), output
    if what == "intact":
        assert result.exit_code == 0, output
    if must_fail:
        assert result.exit_code == 1, (what, output)


# --- strategies and audits ----------------------------------------------------------------------------


def _strategy(**fields: Any) -> dict[str, Any]:
    """A small valid strategy with the given fields."""
    return {
        "kind": "strategy",
        "schema_version": 1,
        "id": "plan",
        "name": "Plan",
        "country": "MA",
        "axes": [],
        **fields,
    }


def _cited(value: Any) -> dict[str, Any]:
    return {"value": value, "source": "el-idrissi-2020"}


# An axis whose 14 actions are divided into 15 projects, all 15 achieved.
PROJECTS_ACHIEVED = _strategy(
    axes=[
        {
            "id": "axis-4",
            "name": "IT industry",
            "planned": _cited(14),
            "planned_projects": _cited(15),
            "statuses": {"achieved": {"count": 15, "source": "el-idrissi-2020"}},
        }
    ]
)
# A target so small that actual / target is past the largest float.
TINY_TARGET = _strategy(
    targets=[{"id": "t", "name": "T", "unit": "u", "target": _cited(1e-300), "actual": _cited(1e10)}]
)
# Two sources' budgets, one at the edge of the float range.
EDGE_BUDGET = _strategy(
    budget={
        "total": {
            **_cited({"amount": 0.0, "currency": "MAD"}),
            "alternatives": [_cited({"amount": 1.5e308, "currency": "MAD"})],
        }
    }
)


@settings(max_examples=gen.examples(1.0))
@given(data=gen.strategy_documents())
@example(data=PROJECTS_ACHIEVED)
def test_strategy_round_trips_and_audits(data: dict[str, Any]) -> None:
    """A valid strategy round-trips, audits with rates and attainments in [0, 1], and renders."""
    strategy = Strategy.model_validate(data)
    assert round_trip(strategy) == strategy
    check_audit(strategy)


def check_audit(strategy: Strategy) -> AuditResult:
    """Audit a strategy: rates, shown attainments and the index in [0, 1] or unknown; JSON renders."""
    result = audit(strategy)
    for axis in result.axes:
        assert within(axis.achievement_rate, 0, 1), (axis.id, axis.achievement_rate)
    for target in audit_payload(result)["targets"]:
        shown = target["attainment"]
        assert shown is None or 0 <= shown <= 1
    index = result.index
    for value in (index.value, index.implementation, index.attainment):
        assert within(value, 0, 1), index
    assert index.value is None or index.implementation is not None or index.attainment is not None
    payload = json.loads(render(audit_view(result), "json"))
    assert payload["kind"] == "audit"
    return result


@settings(max_examples=gen.examples(0.2))
@given(data=gen.strategy_documents(), figures=st.lists(gen.extreme_floats, min_size=3, max_size=3), sign=st.booleans())
@example(data=TINY_TARGET, figures=[], sign=False)
@example(data=EDGE_BUDGET, figures=[], sign=False)
def test_edge_figures_in_strategies(data: dict[str, Any], figures: list[float], sign: bool) -> None:
    """Figures at a float's edges in targets and budgets are refused clearly, or audit and render like any other."""
    if figures:
        cited = [
            {"value": -f if sign and i == 0 else f, "source": gen.REFERENCE_KEYS[0]} for i, f in enumerate(figures)
        ]
        data["targets"] = [
            {"id": "edge", "name": "Edge", "unit": "u", "baseline": cited[0], "target": cited[1], "actual": cited[2]}
        ]
        data["budget"] = {
            "total": {
                **cited[1],
                "value": {"amount": figures[1], "currency": "MAD"},
                "alternatives": [{**cited[2], "value": {"amount": figures[2], "currency": "MAD"}}],
            }
        }
    with written(f"{data['id']}.yaml", dump(data)) as path:
        strategy = load_or_clear_error(path)
    if isinstance(strategy, LoadError):
        return
    check_renders(check_audit(strategy))


@settings(max_examples=gen.examples(0.3))
@given(data=gen.strategy_documents(), cluster=gen.clusters())
def test_audit_renders_everywhere(data: dict[str, Any], cluster: dict[str, Any]) -> None:
    """An audit, alone and inside a cluster report, renders in every format."""
    strategy = Strategy.model_validate(data)
    result = audit(strategy)
    check_renders(result)
    subject = Cluster.model_validate(cluster)
    report = Report(
        cluster=subject,
        framework=FRAMEWORK,
        score=score(subject, FRAMEWORK),
        audit=result,
        strategy=strategy,
    )
    check_renders(report)


# --- sensitivity ------------------------------------------------------------------------------------


@settings(max_examples=gen.examples(0.3))
@given(
    clusters=st.lists(gen.clusters(), min_size=1, max_size=4),
    draws=st.integers(1, 40),
    seed=st.integers(0, 2**32),
    spread=st.floats(0, 0.99),
)
def test_sensitivity_is_deterministic_and_ordered(
    clusters: list[dict[str, Any]], draws: int, seed: int, spread: float
) -> None:
    """The same seed gives the same analysis; every interval is ordered p5 <= median <= p95."""
    scores = [score(Cluster.model_validate(c), FRAMEWORK) for c in clusters]
    first = analyse(scores, FRAMEWORK, draws=draws, seed=seed, spread=spread)
    assert analyse(scores, FRAMEWORK, draws=draws, seed=seed, spread=spread) == first
    for c in first.clusters:
        if c.median_score is None:
            assert c.score_p5 is None and c.score_p95 is None
            continue
        assert c.score_p5 is not None and c.score_p95 is not None
        assert c.score_p5 <= c.median_score + EPS and c.median_score <= c.score_p95 + EPS
        assert within(c.median_score, 0, 100) and within(c.score_p5, 0, 100) and within(c.score_p95, 0, 100)
        if c.reason is not None:  # under the data-availability threshold: scored, never ranked
            assert c.nominal_rank is None and c.median_rank is None and c.coverage < first.min_coverage
            continue
        assert c.rank_p5 is not None and c.median_rank is not None and c.rank_p95 is not None
        assert 1 <= c.rank_p5 <= c.median_rank <= c.rank_p95 <= len(scores)
    assert all(0 <= p.probability <= 1 for p in first.pairs)
    assert json.loads(render(sensitivity_view(first), "json"))["kind"] == "sensitivity"


def test_profiles_are_registered() -> None:
    """Both profiles exist, and the long one runs at least 10,000 examples per main property."""
    assert settings.get_profile("ci").max_examples <= 200
    assert settings.get_profile("campaign").max_examples >= 10_000
