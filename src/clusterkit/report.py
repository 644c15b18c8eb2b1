"""Reports: one document about one cluster, for people to read.

A report gathers a cluster's profile summary, its scores, the comparison with a benchmark (gaps,
strengths, weaknesses, ranked recommendations), optionally the audit of a strategy, and the
references every cited fact rests on. It is plain data: the HTML renderer draws it with charts,
the Markdown renderer writes its tables, JSON and YAML carry its payload.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from clusterkit.audit import AuditResult
from clusterkit.audit import audit as run_audit
from clusterkit.comparison import Comparison, IndicatorGap, compare
from clusterkit.listing import fact_text
from clusterkit.models import (
    Alternative,
    Cluster,
    Fact,
    Framework,
    Item,
    Label,
    Reference,
    Strategy,
    citation_key,
    iter_citations,
)
from clusterkit.scoring import ClusterScore, _round, score, split_ref
from clusterkit.tabular import Column, Table

# How many indicator gaps the gap chart shows, largest weighted gap first.
TOP_GAPS = 8


@dataclass(frozen=True)
class SummaryRow:
    """One line of a profile summary: what it is, the value, and the citations it rests on."""

    field: str
    label: str
    value: str
    sources: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class Report:
    """A cluster's report: profile summary, scores, comparison, audit and references.

    ``comparison`` is set when a benchmark was given, ``audit`` and ``strategy`` when a strategy
    was audited. ``references`` lists every reference cited anywhere in the report, by key;
    ``unresolved`` the cited keys that no reference defines.
    """

    cluster: Cluster
    framework: Framework
    score: ClusterScore
    comparison: Comparison | None = None
    benchmark: Cluster | None = None
    audit: AuditResult | None = None
    strategy: Strategy | None = None
    references: list[Reference] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    top_gaps: int = TOP_GAPS
    payload_name: str = "report"

    # --- what the report shows -------------------------------------------------------------

    @property
    def title(self) -> str:
        """The document's title."""
        return f"{self.cluster.name}: cluster report"

    @property
    def document_title(self) -> str:
        return self.title

    @property
    def benchmark_score(self) -> ClusterScore | None:
        return self.comparison.b if self.comparison is not None else None

    def summary(self) -> list[SummaryRow]:
        """The profile summary: identity, key facts and their citations."""
        return profile_summary(self.cluster)

    def gaps(self) -> list[IndicatorGap]:
        """The largest indicator gaps (most negative weighted gap first), at most ``top_gaps``."""
        if self.comparison is None:
            return []
        behind = [g for g in self.comparison.indicators if g.weighted_gap is not None and g.weighted_gap < 0]
        behind.sort(key=lambda g: (g.weighted_gap or 0.0, g.id))
        return behind[: self.top_gaps]

    def indicator_sources(self, indicator_id: str) -> list[str]:
        """The citations the indicator's levels rest on, for the cluster and the benchmark."""
        found = list(self.score.indicator(indicator_id).sources)
        if self.benchmark_score is not None:
            found += self.benchmark_score.indicator(indicator_id).sources
        return list(dict.fromkeys(found))

    def strategy_citations(self) -> list[str]:
        """The citations behind the audited figures: axes, targets, budget and findings."""
        if self.strategy is None:
            return []
        found: list[str] = []
        for part in (self.strategy.axes, self.strategy.targets, self.strategy.budget, self.strategy.findings):
            found += [c for _, c in iter_citations(part)]
        if self.strategy.evaluation is not None:
            found.append(self.strategy.evaluation.source)
        return list(dict.fromkeys(found))

    def citations(self) -> list[str]:
        """Every citation the report shows, in order of first appearance."""
        return cited_in(self)

    # --- the Result protocol ---------------------------------------------------------------

    def payload(self) -> Any:
        data: dict[str, Any] = {
            "title": self.title,
            "cluster": {
                "id": self.cluster.id,
                "name": self.cluster.name,
                "summary": [
                    {"field": r.field, "label": r.label, "value": r.value, "sources": list(r.sources), "note": r.note}
                    for r in self.summary()
                ],
            },
            "framework": {"id": self.framework.id, "name": self.framework.name, "source": self.framework.source},
            "score": self.score.to_dict(explain=True),
            "benchmark": None,
            "comparison": None,
            "gaps": [
                {
                    "id": g.id,
                    "name": g.name,
                    "dimension": g.dimension,
                    "a": g.a_level,
                    "b": g.b_level,
                    "gap": _round(g.gap),
                    "weighted_gap": _round(g.weighted_gap, 3),
                }
                for g in self.gaps()
            ],
            "audit": None,
            "references": [r.model_dump(exclude_none=True) for r in self.references],
            "unresolved_citations": self.unresolved,
        }
        if self.comparison is not None:
            data["benchmark"] = self.comparison.b.to_dict(explain=True)
            data["comparison"] = self.comparison.payload()
        if self.audit is not None:
            data["audit"] = self.audit.payload()
        return data

    def tables(self) -> list[Table]:
        tables = [self._summary_table(), self._scores_table(), self._indicator_table()]
        if self.comparison is not None:
            tables += self._comparison_tables(self.comparison)
        if self.audit is not None:
            for table in self.audit.tables():
                tables.append(
                    Table(f"audit-{table.name}", f"Audit: {table.title}", table.columns, table.rows, note=table.note)
                )
        tables.append(self._references_table())
        return tables

    def _summary_table(self) -> Table:
        return Table(
            "profile",
            f"Profile of {self.cluster.name} ({self.cluster.id})",
            [Column("label", "field"), Column("value", "value"), Column("sources", "source")],
            [{"label": r.label, "value": r.value, "sources": "; ".join(r.sources)} for r in self.summary()],
        )

    def _scores_table(self) -> Table:
        a = self.score
        b = self.benchmark_score
        columns = [Column("dimension", "dimension"), Column("a", a.cluster, "score")]
        if b is not None:
            columns += [Column("b", b.cluster, "score"), Column("gap", "gap", "gap")]
        columns += [Column("coverage", f"{a.cluster} coverage", "share"), Column("weight", "weight", "number")]
        rows: list[dict[str, Any]] = [
            {
                "dimension": "Overall",
                "a": a.overall,
                "b": b.overall if b else None,
                "gap": None if b is None or a.overall is None or b.overall is None else a.overall - b.overall,
                "coverage": a.coverage,
                "weight": "",
            }
        ]
        for dim in a.dimensions:
            other = b.dimension(dim.id).score if b is not None else None
            rows.append(
                {
                    "dimension": dim.name,
                    "a": dim.score,
                    "b": other,
                    "gap": None if dim.score is None or other is None else dim.score - other,
                    "coverage": dim.coverage,
                    "weight": dim.weight,
                }
            )
        against = f" against {b.name}" if b is not None else ""
        return Table(
            "scores",
            f"Scores of {a.name}{against} ({self.framework.name}, 0-100)",
            columns,
            rows,
            note="coverage: the share of the framework's weight that the sources make known; unknown stays unknown",
            primary=True,
        )

    def _indicator_table(self) -> Table:
        a = self.score
        b = self.benchmark_score
        columns = [Column("dimension", "dimension"), Column("name", "indicator"), Column("a", a.cluster, "level")]
        if b is not None:
            columns += [Column("b", b.cluster, "level")]
        columns += [Column("weight", "weight", "number"), Column("sources", "source")]
        rows = [
            {
                "dimension": ind.dimension,
                "name": ind.name,
                "a": ind.level,
                "b": b.indicator(ind.id).level if b is not None else None,
                "weight": ind.weight,
                "sources": "; ".join(self.indicator_sources(ind.id)),
            }
            for ind in a.indicators
        ]
        return Table("indicators", "Indicator levels (0-4) and the evidence they rest on", columns, rows)

    def _comparison_tables(self, comparison: Comparison) -> list[Table]:
        a, b = comparison.a.cluster, comparison.b.cluster
        names = {i.id: i.name for i in comparison.indicators}
        by_id = {i.id: i for i in comparison.indicators}
        gaps = Table(
            "gaps",
            f"Largest indicator gaps of {a} against {b} (points of overall score)",
            [
                Column("name", "indicator"),
                Column("a", a, "level"),
                Column("b", b, "level"),
                Column("gap", "gap", "gap"),
                Column("weighted_gap", "weighted gap", "gap"),
            ],
            [
                {"name": g.name, "a": g.a_level, "b": g.b_level, "gap": g.gap, "weighted_gap": g.weighted_gap}
                for g in self.gaps()
            ],
            note="gap: difference of indicator scores (0-100); weighted gap: the points of overall score at stake",
        )
        strengths = Table(
            "strengths",
            f"Strengths of {a} (matches or beats {b})",
            [Column("name", "indicator"), Column("weighted_gap", "weighted gap", "gap")],
            [{"name": names[s], "weighted_gap": by_id[s].weighted_gap} for s in comparison.strengths],
        )
        weaknesses = Table(
            "weaknesses",
            f"Weaknesses of {a} (largest weighted gap first)",
            [Column("name", "indicator"), Column("weighted_gap", "weighted gap", "gap")],
            [{"name": names[w], "weighted_gap": by_id[w].weighted_gap} for w in comparison.weaknesses],
        )
        recommendations = Table(
            "recommendations",
            f"Recommendations for {a}, ranked by the gaps they close",
            [
                Column("rank", "#", "number"),
                Column("priority", "priority"),
                Column("title", "practice"),
                Column("closes", "closes gaps in"),
                Column("steps", "first steps"),
                Column("sources", "source"),
            ],
            [
                {
                    "rank": r.rank,
                    "priority": r.priority,
                    "title": r.title,
                    "closes": ", ".join(g.name for g in r.addresses),
                    "steps": r.steps,
                    "sources": "; ".join(r.sources),
                }
                for r in comparison.recommendations
            ],
        )
        return [gaps, strengths, weaknesses, recommendations]

    def _references_table(self) -> Table:
        rows: list[dict[str, Any]] = [{"key": r.key, "reference": reference_text(r)} for r in self.references]
        rows += [{"key": key, "reference": "not defined in any references document"} for key in self.unresolved]
        return Table("references", "References", [Column("key", "key"), Column("reference", "reference")], rows)


# --- building ------------------------------------------------------------------------------


def _fact_rows(name: str, label: str, fact: Fact | None) -> list[SummaryRow]:
    if fact is None:
        return []
    share = name.endswith("_share")

    def text(f: Fact | Alternative) -> str:
        shown = fact_text(f, share)
        # Member types are slugs (large_companies); people read words.
        return shown.replace("_", " ") if name == "members.types" else shown

    rows = [SummaryRow(name, label, text(fact), (fact.source,), fact.note)]
    for alt in fact.alternatives:
        rows.append(SummaryRow(name, f"{label} (also)", text(alt), (alt.source,), alt.note))
    return rows


def _items_row(name: str, label: str, items: Iterable[Item | Label]) -> list[SummaryRow]:
    items = list(items)
    if not items:
        return []
    names = "; ".join(
        item.name + (f" ({item.year})" if isinstance(item, Label) and item.year else "") for item in items
    )
    sources = tuple(dict.fromkeys(item.source for item in items))
    return [SummaryRow(name, label, names, sources)]


def profile_summary(cluster: Cluster) -> list[SummaryRow]:
    """A short, cited summary of a profile: identity, key facts, labels, networks and partners."""
    loc = cluster.location
    place = ", ".join(p for p in (loc.city, loc.region, loc.country) if p)
    name = cluster.name + (f" ({cluster.acronym})" if cluster.acronym else "")
    rows = [SummaryRow("name", "Name", name, ()), SummaryRow("location", "Location", place, (loc.source,))]
    facts: list[tuple[str, str, Fact | None]] = [
        ("founded", "Founded", cluster.founded),
        ("sectors", "Sectors", cluster.sectors),
        ("status", "Status", cluster.status),
        ("financing", "Financing", cluster.financing),
        ("description", "Description", cluster.description),
        ("members.total", "Members", cluster.members.total),
        ("members.types", "Member types", cluster.members.types),
        ("economy.turnover", "Turnover", cluster.economy.turnover),
        ("economy.employees", "Employees", cluster.economy.employees),
        ("economy.exporting_members_share", "Exporting members", cluster.economy.exporting_members_share),
        ("economy.countries_reached", "Countries reached", cluster.economy.countries_reached),
        ("management.staff_fte", "Management staff (FTE)", cluster.management.staff_fte),
        ("management.website", "Website", cluster.management.website),
    ]
    for path, label, fact in facts:
        rows += _fact_rows(path, label, fact)
    rows += _items_row("labels", "Quality labels", cluster.labels)
    rows += _items_row("networks", "Networks", cluster.networks)
    rows += _items_row("partnerships", "Partnerships", cluster.partnerships)
    rows += _items_row("thematic_poles", "Thematic poles", cluster.thematic_poles)
    rows += _items_row("specialisations", "Specialisations", cluster.specialisations)
    return rows


def reference_text(ref: Reference) -> str:
    """A reference as one line of a bibliography: author, year, title, publisher, DOI or URL."""
    parts: list[str] = []
    if ref.author:
        parts.append(ref.author)
    if ref.year:
        parts.append(f"({ref.year})")
    head = " ".join(parts)
    text = f"{head}. {ref.title}." if head else f"{ref.title}."
    if ref.publisher:
        text += f" {ref.publisher}."
    if ref.doi:
        text += f" doi:{ref.doi}."
    elif ref.url:
        text += f" {ref.url}"
    if ref.accessed:
        text += f" (accessed {ref.accessed})"
    return text


def cited_in(report: Report) -> list[str]:
    """Every citation a report shows: summary, framework, indicator evidence, practices, audit."""
    found: list[str] = []
    for row in report.summary():
        found += row.sources
    if report.framework.source:
        found.append(report.framework.source)
    for ind in report.score.indicators:
        found += report.indicator_sources(ind.id)
    if report.comparison is not None:
        for rec in report.comparison.recommendations:
            found += rec.sources
    found += report.strategy_citations()
    return list(dict.fromkeys(found))


def _resolve_framework(catalog: Any, framework: Framework | str | None) -> Framework:
    if isinstance(framework, Framework):
        return framework
    resolved: Framework = catalog.framework(framework or "default")
    return resolved


def build_report(
    catalog: Any,
    cluster_id: str,
    *,
    benchmark: str | None = None,
    audit: str | Strategy | None = None,
    framework: Framework | str | None = None,
) -> Report:
    """Build the report of one cluster from a :class:`~clusterkit.loading.Catalog`.

    ``cluster_id`` and ``benchmark`` may name an assessment (``mnc@2014``, ``mnc@target``);
    ``audit`` is a strategy id (or a loaded strategy) whose implementation the report audits;
    ``framework`` is a framework id or a loaded framework (default: ``default``). Raises what
    scoring raises (:class:`~clusterkit.scoring.RuleError`, :class:`LookupError`), the
    catalog's :class:`~clusterkit.errors.NotFoundError`, and ValueError for ``mnc@`` (no date).
    """
    fw = _resolve_framework(catalog, framework)
    subject_id, subject_at = split_ref(cluster_id)
    cluster: Cluster = catalog.cluster(subject_id)
    subject_score = score(cluster, fw, at=subject_at)
    comparison: Comparison | None = None
    bench: Cluster | None = None
    if benchmark is not None:
        bench_id, bench_at = split_ref(benchmark)
        bench = catalog.cluster(bench_id)
        comparison = compare(subject_score, score(bench, fw, at=bench_at), fw, catalog.practices())
    strategy: Strategy | None = None
    audit_result: AuditResult | None = None
    if audit is not None:
        strategy = audit if isinstance(audit, Strategy) else catalog.strategy(audit)
        audit_result = run_audit(strategy)
    draft = Report(
        cluster=cluster,
        framework=fw,
        score=subject_score,
        comparison=comparison,
        benchmark=bench,
        audit=audit_result,
        strategy=strategy,
    )
    known: dict[str, Reference] = catalog.references()
    keys = sorted({citation_key(c) for c in draft.citations()})
    return replace(
        draft, references=[known[k] for k in keys if k in known], unresolved=[k for k in keys if k not in known]
    )
