"""Reports: one document about one cluster, for people to read.

A report gathers a cluster's profile, its scores, the comparison with a benchmark (gaps, strengths,
weaknesses, ranked recommendations), optionally the audit of a strategy, and the references every
cited fact rests on. It is plain data: :mod:`clusterkit.views.report` turns it into the document's
tables, page sections and JSON payload.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from clusterkit.audit import AuditResult
from clusterkit.audit import audit as run_audit
from clusterkit.comparison import Comparison, compare
from clusterkit.loading import Catalog
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
)
from clusterkit.records import unique
from clusterkit.schema import iter_citations
from clusterkit.scoring import ClusterScore, score, split_ref

ProfileValue = Fact | Alternative | tuple[Item | Label, ...] | None


@dataclass(frozen=True)
class ProfileEntry:
    """One line of a profile summary: the field's path, what it holds, its citations and note.

    ``value`` is a fact, another value a source gives for it (an alternative, ``also`` true), or the
    items of a list (labels, networks...); it is None for ``name`` and ``location``, which are read
    from the cluster itself.
    """

    field: str
    value: ProfileValue
    sources: tuple[str, ...]
    note: str | None = None
    also: bool = False


@dataclass(frozen=True)
class Report:
    """A cluster's report: profile, scores, comparison, audit and references.

    ``comparison`` is set when a benchmark was given (with several, against their frontier);
    ``benchmark`` is the first benchmark's profile and ``benchmarks`` every one; ``audit`` and
    ``strategy`` are set when a strategy was audited. ``references`` lists every reference cited
    anywhere in the report, by key; ``unresolved`` the cited keys that no reference defines.
    """

    cluster: Cluster
    framework: Framework
    score: ClusterScore
    comparison: Comparison | None = None
    benchmark: Cluster | None = None
    benchmarks: list[Cluster] = field(default_factory=list)
    audit: AuditResult | None = None
    strategy: Strategy | None = None
    references: list[Reference] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    @property
    def benchmark_score(self) -> ClusterScore | None:
        return self.comparison.b if self.comparison is not None else None

    def profile(self) -> list[ProfileEntry]:
        """The profile summary: identity, key facts, lists, each with its citations."""
        return profile_entries(self.cluster)

    def scores(self) -> list[ClusterScore]:
        """The scores the report shows: the cluster's, then the benchmark's."""
        return [self.score] + ([self.comparison.b] if self.comparison is not None else [])

    def indicator_sources(self, indicator_id: str) -> list[str]:
        """The citations the indicator's levels rest on, for the cluster and the benchmark(s)."""
        found = list(self.score.indicator(indicator_id).sources)
        if self.comparison is not None:
            for other in self.comparison.benchmarks or [self.comparison.b]:
                found += other.indicator(indicator_id).sources
        return unique(found)

    def strategy_citations(self) -> list[str]:
        """The citations behind the audited figures: axes, targets, budget and findings."""
        if self.strategy is None:
            return []
        found: list[str] = []
        for part in (self.strategy.axes, self.strategy.targets, self.strategy.budget, self.strategy.findings):
            found += [c for _, c in iter_citations(part)]
        if self.strategy.evaluation is not None:
            found.append(self.strategy.evaluation.source)
        return unique(found)

    def citations(self) -> list[str]:
        """Every citation the report shows, in order of first appearance."""
        return cited_in(self)


# --- building ------------------------------------------------------------------------------


def _fact_entries(path: str, fact: Fact | None) -> list[ProfileEntry]:
    if fact is None:
        return []
    entries = [ProfileEntry(path, fact, (fact.source,), fact.note)]
    entries += [ProfileEntry(path, alt, (alt.source,), alt.note, also=True) for alt in fact.alternatives]
    return entries


def _list_entry(path: str, items: Sequence[Item | Label]) -> list[ProfileEntry]:
    if not items:
        return []
    sources = tuple(unique(item.source for item in items))
    return [ProfileEntry(path, tuple(items), sources)]


def profile_entries(cluster: Cluster) -> list[ProfileEntry]:
    """A short, cited summary of a profile: identity, key facts, labels, networks and partners."""
    entries = [ProfileEntry("name", None, ()), ProfileEntry("location", None, (cluster.location.source,))]
    facts: list[tuple[str, Fact | None]] = [
        ("founded", cluster.founded),
        ("sectors", cluster.sectors),
        ("status", cluster.status),
        ("financing", cluster.financing),
        ("description", cluster.description),
        ("members.total", cluster.members.total),
        ("members.types", cluster.members.types),
        ("economy.turnover", cluster.economy.turnover),
        ("economy.employees", cluster.economy.employees),
        ("economy.exporting_members_share", cluster.economy.exporting_members_share),
        ("economy.countries_reached", cluster.economy.countries_reached),
        ("management.staff_fte", cluster.management.staff_fte),
        ("management.website", cluster.management.website),
    ]
    for path, fact in facts:
        entries += _fact_entries(path, fact)
    lists: list[tuple[str, Sequence[Item | Label]]] = [
        ("labels", cluster.labels),
        ("networks", cluster.networks),
        ("partnerships", cluster.partnerships),
        ("thematic_poles", cluster.thematic_poles),
        ("specialisations", cluster.specialisations),
    ]
    for path, items in lists:
        entries += _list_entry(path, items)
    return entries


def cited_in(report: Report) -> list[str]:
    """Every citation a report shows: profile, framework, indicator evidence, practices, audit."""
    found: list[str] = []
    for entry in report.profile():
        found += entry.sources
    if report.framework.source:
        found.append(report.framework.source)
    for ind in report.score.indicators:
        found += report.indicator_sources(ind.id)
    if report.comparison is not None:
        for rec in report.comparison.recommendations:
            found += rec.sources
    found += report.strategy_citations()
    return unique(found)


def _resolve_framework(catalog: Catalog, framework: Framework | str | None) -> Framework:
    if isinstance(framework, Framework):
        return framework
    return catalog.framework(framework or "default")


def build_report(
    catalog: Catalog,
    cluster_id: str,
    *,
    benchmark: str | Sequence[str] | None = None,
    audit: str | Strategy | None = None,
    framework: Framework | str | None = None,
) -> Report:
    """Build the report of one cluster from a :class:`~clusterkit.loading.Catalog`.

    ``cluster_id`` and ``benchmark`` may name an assessment (``mnc@2014``, ``mnc@target``);
    ``benchmark`` may be several: the cluster is then compared with their frontier;
    ``audit`` is a strategy id (or a loaded strategy) whose implementation the report audits;
    ``framework`` is a framework id or a loaded framework (default: ``default``). Raises what
    scoring raises (:class:`~clusterkit.scoring.RuleError`, :class:`LookupError`), the
    catalog's :class:`~clusterkit.errors.NotFoundError`, and ValueError for ``mnc@`` (no date).
    """
    fw = _resolve_framework(catalog, framework)
    subject_id, subject_at = split_ref(cluster_id)
    cluster = catalog.cluster(subject_id)
    subject_score = score(cluster, fw, at=subject_at)
    comparison: Comparison | None = None
    bench: Cluster | None = None
    refs = [benchmark] if isinstance(benchmark, str) else list(benchmark or [])
    benches: list[Cluster] = []
    bench_scores: list[ClusterScore] = []
    for ref in refs:
        bench_id, bench_at = split_ref(ref)
        benches.append(catalog.cluster(bench_id))
        bench_scores.append(score(benches[-1], fw, at=bench_at))
    if bench_scores:
        bench = benches[0]
        comparison = compare(subject_score, bench_scores, fw, catalog.practices())
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
        benchmarks=benches,
        audit=audit_result,
        strategy=strategy,
    )
    known: dict[str, Reference] = catalog.references()
    keys = sorted({citation_key(c) for c in draft.citations()})
    return replace(
        draft, references=[known[k] for k in keys if k in known], unresolved=[k for k in keys if k not in known]
    )
