"""The view of a report: one document about one cluster, for Markdown, HTML, JSON and YAML.

:func:`report_view` gives the document's title; its tables (what Markdown shows: profile, scores,
indicators, the comparison's gaps, strengths, weaknesses and recommendations, the audit's tables,
references); its page (what HTML shows: header lines with citations, key-figure cards, then the
sections with the dimension scores (grouped bars, a radar for five or more dimensions), bars of
the largest gaps, lists, ranked recommendations, the audit and the reference list); and its JSON
payload. The comparison's and the audit's tables
and page blocks are built by :mod:`clusterkit.views.comparison` and :mod:`clusterkit.views.audit`,
so ``compare``, ``audit`` and the report show them the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from clusterkit import text
from clusterkit.comparison import Comparison, IndicatorGap
from clusterkit.models import Cluster, Label, citation_key
from clusterkit.records import unique
from clusterkit.report import ProfileEntry, Report
from clusterkit.scoring import IndicatorScore
from clusterkit.views import (
    Bar,
    BarChart,
    Block,
    Card,
    Cite,
    Column,
    Columns,
    Figure,
    GroupedBarChart,
    Heading,
    Paragraph,
    RadarChart,
    References,
    Section,
    Series,
    Strong,
    Table,
    Text,
    View,
    cite,
    rounded,
)
from clusterkit.views import Reference as ReferenceEntry
from clusterkit.views.audit import audit_blocks, audit_card, audit_payload, audit_tables
from clusterkit.views.comparison import (
    basis_rule,
    benchmarks_table,
    comparison_payload,
    gaps_table,
    indirect_notes,
    recommendation_records,
    recommendations_table,
    strengths_items,
    strengths_table,
    weaknesses_table,
    years_apart_notes,
)
from clusterkit.views.listing import fact_text
from clusterkit.views.references import UNDEFINED, full_reference
from clusterkit.views.scoring import score_payload

# How many indicator gaps the report shows (its gap chart, the gaps table and the payload's gaps).
TOP_GAPS = 8

# What each line of the profile summary is called, by the field's path in the profile.
PROFILE_LABELS: dict[str, str] = {
    "name": "Name",
    "location": "Location",
    "founded": "Founded",
    "sectors": "Sectors",
    "status": "Status",
    "financing": "Financing",
    "description": "Description",
    "members.total": "Members",
    "members.types": "Member types",
    "economy.turnover": "Turnover",
    "economy.employees": "Employees",
    "economy.exporting_members_share": "Exporting members",
    "economy.countries_reached": "Countries reached",
    "management.staff_fte": "Management staff (FTE)",
    "management.website": "Website",
    "labels": "Quality labels",
    "networks": "Networks",
    "partnerships": "Partnerships",
    "thematic_poles": "Thematic poles",
    "specialisations": "Specialisations",
}


@dataclass(frozen=True)
class ProfileRow:
    """One line of a profile summary as people read it: label, value, citations, note."""

    field: str
    label: str
    value: str
    sources: tuple[str, ...]
    note: str | None = None


# --- text pieces ----------------------------------------------------------------------------------


def cite_keys(citations: Sequence[str]) -> Cite:
    """The references behind citations, each key once (``el-idrissi-2020``, not each section of it)."""
    keys = tuple(unique(citation_key(c) for c in citations))
    return Cite(keys, keys)


def report_title(r: Report) -> str:
    return f"{r.cluster.name}: cluster report"


def _entry_text(cluster: Cluster, entry: ProfileEntry) -> str:
    value = entry.value
    if entry.field == "name":
        return cluster.name + (f" ({cluster.acronym})" if cluster.acronym else "")
    if entry.field == "location":
        loc = cluster.location
        return ", ".join(p for p in (loc.city, loc.region, loc.country) if p)
    if isinstance(value, tuple):
        return "; ".join(
            item.name + (f" ({item.year})" if isinstance(item, Label) and item.year else "") for item in value
        )
    if value is None:
        return text.UNKNOWN
    shown = fact_text(value, share=entry.field.endswith("_share"))
    # Member types are slugs (large_companies); people read words.
    return text.words(shown) if entry.field == "members.types" else shown


def profile_rows(r: Report) -> list[ProfileRow]:
    """The profile summary as people read it: each field's label, its value as text, citations and note."""
    rows = []
    for entry in r.profile():
        label = PROFILE_LABELS.get(entry.field, text.words(entry.field))
        if entry.also:
            label += " (also)"
        rows.append(ProfileRow(entry.field, label, _entry_text(r.cluster, entry), entry.sources, entry.note))
    return rows


def profile_table(r: Report) -> Table:
    """The profile summary: field, value (with its note on a page) and the citations it rests on."""
    return Table(
        "profile",
        f"Profile of {r.cluster.name} ({r.cluster.id})",
        [Column("label", "field"), Column("value", "value", note_key="note"), Column("sources", "source", "sources")],
        [{"label": p.label, "value": p.value, "sources": list(p.sources), "note": p.note} for p in profile_rows(r)],
        row_headers=True,
        style="profile",
    )


# --- tables ---------------------------------------------------------------------------------------


def largest_gaps(c: Comparison | None, top: int = TOP_GAPS) -> list[IndicatorGap]:
    """The indicators where the cluster is furthest behind: most negative weighted gap first, at most ``top``."""
    if c is None:
        return []
    behind = [g for g in c.indicators if g.weighted_gap is not None and g.weighted_gap < 0]
    behind.sort(key=lambda g: (g.weighted_gap or 0.0, g.id))
    return behind[:top]


def scores_table(r: Report) -> Table:
    """Overall and per-dimension scores of the cluster (and the benchmark, with the gap), coverage, weights."""
    a = r.score
    b = r.benchmark_score
    columns = [Column("dimension", "dimension"), Column("a", a.cluster, "score")]
    if b is not None:
        columns += [Column("b", b.cluster, "score"), Column("gap", "gap", "gap")]
    columns += [Column("coverage", f"{a.cluster} coverage", "share"), Column("weight", "weight", "number")]
    rows: list[dict[str, Any]] = [
        {
            "id": "overall",
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
                "id": dim.id,
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
        f"Scores of {a.name}{against} ({r.framework.name}, 0-100)",
        columns,
        rows,
        note="coverage: the share of the framework's weight that the sources make known; unknown stays unknown",
        primary=True,
    )


def level_evidence(cluster: str, ind: IndicatorScore) -> list[str]:
    """What a cluster's level of one indicator rests on, a line each: the level and its rubric, the
    measured value, then every quote with its citation."""
    if ind.level is None:
        return [f"{cluster}: level unknown (the sources do not say)"]
    head = f"{cluster}, level {text.level(ind.level)}"
    if ind.method == "measured":
        head += f" (measured: {text.number(ind.value)})"
    head += f": {ind.rubric}" if ind.rubric else ""
    return [head, *(f"“{e.text}” [{e.source}]" for e in ind.evidence)]


def indicators_table(r: Report) -> Table:
    """Every indicator's level for the cluster (and the benchmark), its weight and the citations behind it.

    Indicators and dimensions by name: a report is read, not typed from; the rows keep the ids.
    """
    a = r.score
    b = r.benchmark_score
    dimensions = {d.id: d.name for d in a.dimensions}
    columns = [
        Column("dimension_name", "dimension"),
        Column("name", "indicator"),
        Column("a", a.cluster, "level"),
        Column("basis", "evidence", note_key="evidence"),
    ]
    if b is not None:
        columns += [Column("b", b.cluster, "level")]
    columns += [Column("weight", "weight", "number"), Column("sources", "source", "sources")]
    rows = [
        {
            "id": ind.id,
            "dimension": ind.dimension,
            "dimension_name": dimensions.get(ind.dimension, ind.dimension),
            "name": ind.name,
            "a": ind.level,
            "basis": ind.basis or "",
            "evidence": [
                line
                for side in (a, b)
                if side is not None
                for line in level_evidence(side.cluster, side.indicator(ind.id))
            ],
            "b": b.indicator(ind.id).level if b is not None else None,
            "weight": ind.weight,
            "sources": r.indicator_sources(ind.id),
        }
        for ind in a.indicators
    ]
    return Table(
        "indicators", "Indicator levels (0-4) and the evidence they rest on", columns, rows, style="indicators"
    )


def largest_gaps_table(c: Comparison) -> Table:
    """The largest indicator gaps (what the gap chart draws), most points of overall score first."""
    return gaps_table(
        c,
        "gaps",
        f"Largest indicator gaps of {c.a.cluster} against {c.b.cluster} (points of overall score)",
        [Column("name", "indicator")],
        largest_gaps(c),
        refs=False,
        headers=("gap", "weighted gap"),
        note="gap: difference of indicator scores (0-100); weighted gap: the points of overall score at stake",
        basis=False,
    )


def comparison_tables(c: Comparison) -> list[Table]:
    """The gaps, then the comparison's own strengths, weaknesses and recommendations tables, by name."""
    a = c.a.cluster
    return [
        *([benchmarks_table(c)] if c.versus else []),
        largest_gaps_table(c),
        strengths_table(c, "name", points=True, refs=False),
        weaknesses_table(c, "name", points=True, refs=False),
        recommendations_table(
            c, "name", points=False, refs=False, title=f"Recommendations for {a}, ranked by the gaps they close"
        ),
    ]


def references_table(r: Report) -> Table:
    rows: list[dict[str, Any]] = [{"key": ref.key, "reference": full_reference(ref)} for ref in r.references]
    rows += [{"key": key, "reference": UNDEFINED} for key in r.unresolved]
    return Table("references", "References", [Column("key", "key"), Column("reference", "reference")], rows)


def report_tables(r: Report) -> list[Table]:
    """What the Markdown document shows, in order."""
    tables = [profile_table(r), scores_table(r), indicators_table(r)]
    if r.comparison is not None:
        tables += comparison_tables(r.comparison)
    if r.audit is not None:
        # NOTE: the document shows every column of the audit's tables (the terminal's combined
        # "count (share)" columns would drop the axes' names and rates), as it always did.
        tables += [
            replace(
                t, name=f"audit-{t.name}", title=f"Audit: {t.title}", primary=False, layout="grid", display_columns=None
            )
            for t in audit_tables(r.audit)
        ]
    tables.append(references_table(r))
    return tables


# --- the JSON payload -----------------------------------------------------------------------------


def report_payload(r: Report) -> dict[str, Any]:
    """The JSON/YAML payload: profile summary, framework, scores, comparison, gaps, audit, references."""
    data: dict[str, Any] = {
        "title": report_title(r),
        "cluster": {
            "id": r.cluster.id,
            "name": r.cluster.name,
            "summary": [
                {"field": p.field, "label": p.label, "value": p.value, "sources": list(p.sources), "note": p.note}
                for p in profile_rows(r)
            ],
        },
        "framework": {"id": r.framework.id, "name": r.framework.name, "source": r.framework.source},
        "score": score_payload(r.score, explain=True),
        "benchmark": None,
        "comparison": None,
        "gaps": [
            {
                "id": g.id,
                "name": g.name,
                "dimension": g.dimension,
                "a": g.a_level,
                "b": g.b_level,
                "gap": rounded(g.gap),
                "weighted_gap": rounded(g.weighted_gap, 3),
            }
            for g in largest_gaps(r.comparison)
        ],
        "audit": None,
        "references": [ref.model_dump(exclude_none=True) for ref in r.references],
        "unresolved_citations": r.unresolved,
    }
    if r.comparison is not None:
        data["benchmark"] = score_payload(r.comparison.b, explain=True)
        data["comparison"] = comparison_payload(r.comparison)
    if r.audit is not None:
        data["audit"] = audit_payload(r.audit)
    return data


# --- the page -------------------------------------------------------------------------------------


def report_meta(r: Report) -> tuple[Text, ...]:
    """The header's lines: framework (cited), assessment dates, benchmark, strategy audited."""
    framework: Text = (Strong("Framework"), f" {r.framework.name}")
    if r.framework.source:
        framework += (" ", cite([r.framework.source]))
    assessed = r.score.assessment or "undated"
    if r.comparison is not None:
        others = r.comparison.benchmarks or [r.comparison.b]
        assessed += "".join(f" ({b.cluster}: {b.assessment or 'undated'})" for b in others)
    meta: list[Text] = [framework, (Strong("Assessment"), f" {assessed}")]
    if r.comparison is not None:
        b = r.comparison.b
        if r.comparison.versus:
            names = ", ".join(f"{o.name} ({o.cluster})" for o in r.comparison.benchmarks)
            meta.append((Strong("Benchmarks"), f" {names}, compared through their frontier"))
        else:
            meta.append((Strong("Benchmark"), f" {b.name} ({b.cluster})"))
    if r.audit is not None:
        strategy = r.audit.strategy
        meta.append((Strong("Strategy audited"), f" {strategy.name} ({strategy.id})"))
    return tuple(meta)


def _score_card(label: str, value: float | None, coverage: float) -> Card:
    return Card(label, text.score(value), f"coverage {text.share(coverage)}", "unknown" if value is None else "plain")


def report_cards(r: Report) -> tuple[Card, ...]:
    """The key figures: overall scores, the overall gap, the implementation index."""
    cards = [_score_card("Overall score", r.score.overall, r.score.coverage)]
    if r.comparison is not None:
        b = r.comparison.b
        cards.append(_score_card(f"{b.cluster} overall", b.overall, b.coverage))
        gap = r.comparison.overall_gap
        if gap is None:
            cards.append(Card("Gap", text.gap(gap), "points, overall", "unknown"))
        else:
            cards.append(Card("Gap", text.gap(gap), "points, overall", "neg" if gap < 0 else "plain"))
    if r.audit is not None:
        cards.append(audit_card(r.audit))
    return tuple(cards)


# A radar needs this many dimensions for its shape to say something; fewer are drawn as grouped bars.
RADAR_MIN_AXES = 5


def radar_figure(r: Report) -> Figure:
    """The dimension scores of the cluster (and the benchmark) as a radar (grouped bars for fewer than five
    dimensions), with the values it plots."""
    scores = r.scores()
    dims = r.score.dimensions
    names = " against ".join(s.name for s in scores)
    title = f"Dimension scores: {names}"
    axes = tuple(d.name for d in dims)
    series = tuple(Series(s.cluster, s.name, tuple(s.dimension(d.id).score for d in dims)) for s in scores)
    # NOTE: with fewer than five axes a radar is a triangle or a square whose shape says little.
    radar = len(dims) >= RADAR_MIN_AXES
    chart: RadarChart | GroupedBarChart = (
        RadarChart(title, axes, series) if radar else GroupedBarChart(title, axes, series)
    )
    framework: Text = (f"the framework “{r.framework.name}”",)
    if r.framework.source:
        framework += (" ", cite([r.framework.source]))
    evidence = [c for ind in r.score.indicators for c in r.indicator_sources(ind.id)]
    caption: Text = (
        f"Scores (0-100) of {names} on the framework's dimensions. "
        + ("Unknown dimensions get no vertex. " if radar else "Unknown scores are drawn as hatched outlines. ")
        + "Source: computed with ",
        *framework,
        " from the profiles' cited facts and assessments; evidence from ",
        cite_keys(evidence),
        ".",
    )
    columns = [Column("dimension", "dimension")]
    columns += [Column(f"score-{k}", s.cluster, "score") for k, s in enumerate(scores)]
    columns += [Column(f"coverage-{k}", f"{s.cluster} coverage", "share") for k, s in enumerate(scores)]
    rows: list[dict[str, Any]] = []
    for d in dims:
        row: dict[str, Any] = {"id": d.id, "dimension": d.name}
        for k, s in enumerate(scores):
            row[f"score-{k}"] = s.dimension(d.id).score
            row[f"coverage-{k}"] = s.dimension(d.id).coverage
        rows.append(row)
    overall: dict[str, Any] = {"id": "overall", "dimension": "Overall"}
    for k, s in enumerate(scores):
        overall[f"score-{k}"] = s.overall
        overall[f"coverage-{k}"] = s.coverage
    rows.append(overall)
    values = Table(
        "radar-values",
        f"Values plotted in the {'radar' if radar else 'bar'} chart (scores 0-100; coverage: weight known)",
        columns,
        rows,
    )
    return Figure("fig-radar", chart, caption, values)


def gaps_blocks(r: Report, c: Comparison) -> tuple[Block, ...]:
    """The largest weighted gaps as bars, with the values they plot; or a sentence when there is none."""
    a, b = c.a.cluster, c.b.cluster
    gaps = largest_gaps(c)
    if not gaps:
        return (Paragraph((f"No known indicator where {a} is behind {b}.",), "unknown"),)
    bars = tuple(
        Bar(
            g.name,
            g.weighted_gap,
            f"{text.points(g.weighted_gap)} points",
            f"  (level {text.level(g.a_level)} vs {text.level(g.b_level)})",
        )
        for g in gaps
    )
    description = f"Points of overall score {a} loses against {b} on its largest gaps: " + "; ".join(
        f"{g.name} {text.points(g.weighted_gap)} (levels {text.level(g.a_level)} and {text.level(g.b_level)})"
        for g in gaps
    )
    chart = BarChart(
        f"Largest indicator gaps of {a} against {b}",
        description,
        bars,
        scale_max=max(0.0, *(g.weighted_gap or 0.0 for g in gaps)),
        tone="bad",
        ticks="points",
        axis_title=f"points of overall score at stake (negative: {a} behind)",
        scale_min=min(0.0, *(g.weighted_gap or 0.0 for g in gaps)),
    )
    caption: Text = (
        f"The {text.number(len(gaps))} largest weighted gaps of {a} against {b}: the points of overall score at stake "
        "on each indicator (gap in indicator score × the indicator's weight in the overall score). "
        "Source: indicator levels from ",
        cite([s for g in gaps for s in r.indicator_sources(g.id)]),
        ".",
    )
    values = gaps_table(
        c,
        "gap-values",
        "Values plotted in the gap chart (levels 0-4, gaps in points)",
        [Column("name", "indicator"), Column("dimension_name", "dimension")],
        gaps,
        refs=False,
        headers=("gap (0-100)", "weighted gap"),
        basis=False,
    )
    return (Figure("fig-gaps", chart, caption, values),)


def strengths_blocks(c: Comparison) -> tuple[Block, ...]:
    """Strengths and weaknesses side by side, and how many indicators cannot be compared."""
    a, b = c.a.cluster, c.b.cluster

    def listed(ids: Sequence[str], basis: bool = False) -> Block:
        return strengths_items(c, ids, basis=basis) if ids else Paragraph(("None known.",), "unknown")

    blocks: list[Block] = [
        Columns(
            (
                (
                    Heading(f"Strengths of {a}"),
                    Paragraph((f"Indicators where {a} is at good practice, level with {b} or ahead.",), "note"),
                    listed(c.strengths),
                ),
                (
                    Heading(f"Weaknesses of {a}"),
                    Paragraph((f"Largest weighted gap first. {basis_rule(c)}",), "note"),
                    listed(c.weaknesses, basis=True),
                ),
            )
        )
    ]
    blocks += [Paragraph((sentence,), "note") for sentence in [*years_apart_notes(c), *indirect_notes(c)]]
    unknown = [g for g in c.indicators if g.gap is None]
    if unknown:
        blocks.append(
            Paragraph(
                (
                    f"{text.number(len(unknown))} of {text.number(len(c.indicators))} indicators cannot be compared: "
                    f"unknown for {a}, {b} or both.",
                ),
                "note",
            )
        )
    return tuple(blocks)


def recommendations_blocks(c: Comparison) -> tuple[Block, ...]:
    """The ranked recommendations as records, after a note on how they are ranked."""
    if not c.recommendations:
        return (Paragraph((f"No practice on the search path addresses a known gap of {c.a.cluster}.",), "unknown"),)
    note = (
        f"Practices of {c.b.name} and the benchmark literature, ranked by the points of overall score their gaps "
        "hold; priority: high from half the top score, medium from a fifth. A benchmark's practice counts only "
        f"the gaps where that benchmark shows good practice; an action the literature asks of {c.a.cluster} "
        f"is high priority where {c.a.cluster} is at level {c.good_practice - 2} or below, medium at "
        f"level {c.good_practice - 1}."
    )
    return (Paragraph((note,), "note"), recommendation_records(c, cite))


def references_blocks(r: Report) -> tuple[Block, ...]:
    """Every reference cited, then the cited keys no references document defines."""
    entries = [ReferenceEntry(ref.key, full_reference(ref), ref.note) for ref in r.references]
    entries += [ReferenceEntry(key, UNDEFINED, defined=False) for key in r.unresolved]
    if not entries:
        return (Paragraph(("Nothing cited.",), "unknown"),)
    note = "Every reference cited in this report. Addresses are shown as text; the report loads nothing."
    return (Paragraph((note,), "note"), References(tuple(entries)))


def report_sections(r: Report) -> tuple[Section, ...]:
    """The page's sections, in order."""
    sections = [
        Section("profile", "Profile", (profile_table(r),)),
        Section(
            "scores",
            "Scores",
            (
                radar_figure(r),
                Paragraph(
                    (
                        "Coverage is the share of the framework's weight that the sources make known; "
                        "a dimension with nothing known has no score, never a score of zero.",
                    ),
                    "note",
                ),
            ),
        ),
    ]
    c = r.comparison
    if c is not None:
        sections += [
            Section("gaps", "Largest gaps", ((benchmarks_table(c),) if c.versus else ()) + gaps_blocks(r, c)),
            Section("strengths", "Strengths and weaknesses", strengths_blocks(c)),
            Section("recommendations", "Recommendations", recommendations_blocks(c)),
        ]
    indicators_note = (
        "Levels 0-4; a measured indicator reads a profile fact, an assessed one rests on quoted evidence; "
        '"unknown" means the sources do not say.'
    )
    sections.append(Section("indicators", "Indicators", (Paragraph((indicators_note,), "note"), indicators_table(r))))
    if r.audit is not None:
        sections.append(Section("audit", f"Audit of {r.audit.strategy.name}", audit_blocks(r.audit, cite)))
    sections.append(Section("references", "References", references_blocks(r)))
    return tuple(sections)


def report_view(r: Report) -> View:
    """What ``clusterkit report`` shows: a titled document of tables (Markdown), a page (HTML), a payload."""
    return View(
        kind="report",
        title=report_title(r),
        tables=report_tables(r),
        payload=report_payload(r),
        sections=report_sections(r),
        meta=report_meta(r),
        cards=report_cards(r),
        document=True,
        contents=True,
    )
