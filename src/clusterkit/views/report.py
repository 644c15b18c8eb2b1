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
from typing import Any, Literal

from clusterkit import text
from clusterkit.comparison import Comparison, IndicatorGap
from clusterkit.i18n import N_, _, localized
from clusterkit.models import Cluster, Label, citation_key
from clusterkit.records import unique
from clusterkit.report import ProfileEntry, Report
from clusterkit.scoring import IndicatorScore
from clusterkit.views import Column, Table, View, rounded
from clusterkit.views.audit import audit_blocks, audit_card, audit_payload, audit_tables
from clusterkit.views.blocks import (
    Bar,
    BarChart,
    Block,
    Card,
    Cite,
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
    Text,
    cite,
)
from clusterkit.views.blocks import Reference as ReferenceEntry
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
from clusterkit.views.listing import MEMBER_TYPE_WORDS, fact_text
from clusterkit.views.references import UNDEFINED, full_reference
from clusterkit.views.scoring import score_payload

# How many indicator gaps the report shows (its gap chart, the gaps table and the payload's gaps).
TOP_GAPS = 8

# What each line of the profile summary is called, by the field's path in the profile.
PROFILE_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "location": N_("Location"),
    "founded": N_("Founded"),
    "sectors": N_("Sectors"),
    "status": N_("Status"),
    "financing": N_("Financing"),
    "description": N_("Description"),
    "members.total": N_("Members"),
    "members.types": N_("Member types"),
    "economy.turnover": N_("Turnover"),
    "economy.employees": N_("Employees"),
    "economy.exporting_members_share": N_("Exporting members"),
    "economy.countries_reached": N_("Countries reached"),
    "management.staff_fte": N_("Management staff (FTE)"),
    "management.website": N_("Website"),
    "labels": N_("Quality labels"),
    "networks": N_("Networks"),
    "partnerships": N_("Partnerships"),
    "thematic_poles": N_("Thematic poles"),
    "specialisations": N_("Specialisations"),
}
# An indicator's evidence basis, as people read it.
EVIDENCE_BASIS: dict[str, str] = {"direct": N_("direct"), "indirect": N_("indirect")}


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
    return _("{cluster}: cluster report").format(cluster=r.cluster.name)


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
        return _(text.UNKNOWN)
    if entry.field == "members.types" and isinstance(getattr(value, "value", None), list):
        # Member types are slugs (large_companies); people read words.
        named = [_(MEMBER_TYPE_WORDS[t]) if t in MEMBER_TYPE_WORDS else text.words(str(t)) for t in value.value]
        return text.qualified(", ".join(named), value.qualifier)
    shown = fact_text(value, share=entry.field.endswith("_share"))
    return text.words(shown) if entry.field == "members.types" else shown


def profile_rows(r: Report) -> list[ProfileRow]:
    """The profile summary as people read it: each field's label, its value as text, citations and note."""
    rows = []
    for entry in r.profile():
        label = _(PROFILE_LABELS[entry.field]) if entry.field in PROFILE_LABELS else text.words(entry.field)
        if entry.also:
            label += " " + _("(also)")
        rows.append(ProfileRow(entry.field, label, _entry_text(r.cluster, entry), entry.sources, entry.note))
    return rows


def profile_table(r: Report) -> Table:
    """The profile summary: field, value (with its note on a page) and the citations it rests on."""
    return Table(
        "profile",
        _("Profile of {cluster} ({id})").format(cluster=r.cluster.name, id=r.cluster.id),
        [
            Column("label", _("field")),
            Column("value", _("value"), note_key="note"),
            Column("sources", _("source"), "sources"),
        ],
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
    columns = [Column("dimension", _("dimension")), Column("a", a.cluster, "score")]
    if b is not None:
        columns += [Column("b", b.cluster, "score"), Column("gap", _("gap"), "gap")]
    coverage = _("{cluster} coverage").format(cluster=a.cluster)
    columns += [Column("coverage", coverage, "share"), Column("weight", _("weight"), "number")]
    rows: list[dict[str, Any]] = [
        {
            "id": "overall",
            "dimension": _("Overall"),
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
                "dimension": localized(dim.name),
                "a": dim.score,
                "b": other,
                "gap": None if dim.score is None or other is None else dim.score - other,
                "coverage": dim.coverage,
                "weight": dim.weight,
            }
        )
    framework = localized(r.framework.name)
    title = (
        _("Scores of {cluster} against {benchmark} ({framework}, 0-100)").format(
            cluster=a.name, benchmark=b.name, framework=framework
        )
        if b is not None
        else _("Scores of {cluster} ({framework}, 0-100)").format(cluster=a.name, framework=framework)
    )
    return Table(
        "scores",
        title,
        columns,
        rows,
        note=_("coverage: the share of the framework's weight that the sources make known; unknown stays unknown"),
        primary=True,
    )


def level_evidence(cluster: str, ind: IndicatorScore) -> list[str]:
    """What a cluster's level of one indicator rests on, a line each: the level and its rubric, the
    measured value, then every quote with its citation."""
    if ind.level is None:
        return [_("{cluster}: level unknown (the sources do not say)").format(cluster=cluster)]
    head = _("{cluster}, level {level}").format(cluster=cluster, level=text.level(ind.level))
    if ind.method == "measured":
        head += " " + _("(measured: {value})").format(value=text.number(ind.value))
    head += f": {localized(ind.rubric)}" if ind.rubric else ""
    return [head, *(f"“{e.text}” [{e.source}]" for e in ind.evidence)]


def indicators_table(r: Report) -> Table:
    """Every indicator's level for the cluster (and the benchmark), its weight and the citations behind it.

    Indicators and dimensions by name: a report is read, not typed from; the rows keep the ids.
    """
    a = r.score
    b = r.benchmark_score
    dimensions = {d.id: localized(d.name) for d in a.dimensions}
    columns = [
        Column("dimension_name", _("dimension")),
        Column("name", _("indicator")),
        Column("a", a.cluster, "level"),
        Column("basis", _("evidence"), note_key="evidence"),
    ]
    if b is not None:
        columns += [Column("b", b.cluster, "level")]
    columns += [Column("weight", _("weight"), "number"), Column("sources", _("source"), "sources")]
    rows = [
        {
            "id": ind.id,
            "dimension": ind.dimension,
            "dimension_name": dimensions.get(ind.dimension, ind.dimension),
            "name": localized(ind.name),
            "a": ind.level,
            "basis": basis_word(ind.basis),
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
        "indicators", _("Indicator levels (0-4) and the evidence they rest on"), columns, rows, style="indicators"
    )


def largest_gaps_table(c: Comparison) -> Table:
    """The largest indicator gaps (what the gap chart draws), most points of overall score first."""
    return gaps_table(
        c,
        "gaps",
        _("Largest indicator gaps of {cluster} against {benchmark} (points of overall score)").format(
            cluster=c.a.cluster, benchmark=c.b.cluster
        ),
        [Column("name", _("indicator"))],
        largest_gaps(c),
        refs=False,
        headers=(_("gap"), _("weighted gap")),
        note=_("gap: difference of indicator scores (0-100); weighted gap: the points of overall score at stake"),
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
            c,
            "name",
            points=False,
            refs=False,
            title=_("Recommendations for {cluster}, ranked by the gaps they close").format(cluster=a),
        ),
    ]


def references_table(r: Report) -> Table:
    rows: list[dict[str, Any]] = [{"key": ref.key, "reference": full_reference(ref)} for ref in r.references]
    rows += [{"key": key, "reference": UNDEFINED} for key in r.unresolved]
    columns = [Column("key", _("key")), Column("reference", _("reference"))]
    return Table("references", _("References"), columns, rows)


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
                t,
                name=f"audit-{t.name}",
                title=_("Audit: {title}").format(title=t.title),
                primary=False,
                layout="grid",
                display_columns=None,
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
        "framework": {"id": r.framework.id, "name": localized(r.framework.name), "source": r.framework.source},
        "score": score_payload(r.score, explain=True),
        "benchmark": None,
        "comparison": None,
        "gaps": [
            {
                "id": g.id,
                "name": localized(g.name),
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
    framework: Text = (Strong(_("Framework")), f" {localized(r.framework.name)}")
    if r.framework.source:
        framework += (" ", cite([r.framework.source]))
    assessed = _assessed(r.score.assessment)
    if r.comparison is not None:
        others = r.comparison.benchmarks or [r.comparison.b]
        assessed += "".join(f" ({b.cluster}: {_assessed(b.assessment)})" for b in others)
    meta: list[Text] = [framework, (Strong(_("Assessment")), f" {assessed}")]
    if r.comparison is not None:
        b = r.comparison.b
        if r.comparison.versus:
            names = ", ".join(f"{o.name} ({o.cluster})" for o in r.comparison.benchmarks)
            meta.append(
                (Strong(_("Benchmarks")), " " + _("{names}, compared through their frontier").format(names=names))
            )
        else:
            meta.append((Strong(_("Benchmark")), f" {b.name} ({b.cluster})"))
    if r.audit is not None:
        strategy = r.audit.strategy
        meta.append((Strong(_("Strategy audited")), f" {localized(strategy.name)} ({strategy.id})"))
    return tuple(meta)


def _assessed(date: str | None) -> str:
    """An assessment's date as people read it (``2 décembre 2026`` in French), or ``undated``."""
    return text.date(date) if date else _("undated")


def basis_word(basis: str | None) -> str:
    """An indicator's evidence basis in words (direct, indirect); empty when none."""
    return _(EVIDENCE_BASIS[basis]) if basis in EVIDENCE_BASIS else basis or ""


def _score_card(label: str, value: float | None, coverage: float) -> Card:
    sub = _("coverage {share}").format(share=text.share(coverage))
    return Card(label, text.score(value), sub, "unknown" if value is None else "plain")


def report_cards(r: Report) -> tuple[Card, ...]:
    """The key figures: overall scores, the overall gap, the implementation index."""
    cards = [_score_card(_("Overall score"), r.score.overall, r.score.coverage)]
    if r.comparison is not None:
        b = r.comparison.b
        cards.append(_score_card(_("{cluster} overall").format(cluster=b.cluster), b.overall, b.coverage))
        gap = r.comparison.overall_gap
        tone: Literal["plain", "neg", "unknown"] = "unknown" if gap is None else "neg" if gap < 0 else "plain"
        cards.append(Card(_("Gap"), text.gap(gap), _("points, overall"), tone))
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
    names = (" " + _("against") + " ").join(s.name for s in scores)
    title = _("Dimension scores: {names}").format(names=names)
    axes = tuple(localized(d.name) for d in dims)
    series = tuple(Series(s.cluster, s.name, tuple(s.dimension(d.id).score for d in dims)) for s in scores)
    # NOTE: with fewer than five axes a radar is a triangle or a square whose shape says little.
    radar = len(dims) >= RADAR_MIN_AXES
    chart: RadarChart | GroupedBarChart = (
        RadarChart(title, axes, series) if radar else GroupedBarChart(title, axes, series)
    )
    framework: Text = (_("the framework “{framework}”").format(framework=localized(r.framework.name)),)
    if r.framework.source:
        framework += (" ", cite([r.framework.source]))
    evidence = [c for ind in r.score.indicators for c in r.indicator_sources(ind.id)]
    caption: Text = (
        _("Scores (0-100) of {names} on the framework's dimensions.").format(names=names)
        + " "
        + (_("Unknown dimensions get no vertex.") if radar else _("Unknown scores are drawn as hatched outlines."))
        + " "
        + _("Source: computed with "),
        *framework,
        _(" from the profiles' cited facts and assessments; evidence from "),
        cite_keys(evidence),
        ".",
    )
    columns = [Column("dimension", _("dimension"))]
    columns += [Column(f"score-{k}", s.cluster, "score") for k, s in enumerate(scores)]
    columns += [
        Column(f"coverage-{k}", _("{cluster} coverage").format(cluster=s.cluster), "share")
        for k, s in enumerate(scores)
    ]
    rows: list[dict[str, Any]] = []
    for d in dims:
        row: dict[str, Any] = {"id": d.id, "dimension": localized(d.name)}
        for k, s in enumerate(scores):
            row[f"score-{k}"] = s.dimension(d.id).score
            row[f"coverage-{k}"] = s.dimension(d.id).coverage
        rows.append(row)
    overall: dict[str, Any] = {"id": "overall", "dimension": _("Overall")}
    for k, s in enumerate(scores):
        overall[f"score-{k}"] = s.overall
        overall[f"coverage-{k}"] = s.coverage
    rows.append(overall)
    values = Table(
        "radar-values",
        _("Values plotted in the radar chart (scores 0-100; coverage: weight known)")
        if radar
        else _("Values plotted in the bar chart (scores 0-100; coverage: weight known)"),
        columns,
        rows,
    )
    return Figure("fig-radar", chart, caption, values)


def gaps_blocks(r: Report, c: Comparison) -> tuple[Block, ...]:
    """The largest weighted gaps as bars, with the values they plot; or a sentence when there is none."""
    a, b = c.a.cluster, c.b.cluster
    gaps = largest_gaps(c)
    if not gaps:
        return (
            Paragraph(
                (_("No known indicator where {cluster} is behind {benchmark}.").format(cluster=a, benchmark=b),),
                "unknown",
            ),
        )
    bars = tuple(
        Bar(
            localized(g.name),
            g.weighted_gap,
            _("{points} points").format(points=text.points(g.weighted_gap)),
            "  " + _("(level {a} vs {b})").format(a=text.level(g.a_level), b=text.level(g.b_level)),
        )
        for g in gaps
    )
    description = _("Points of overall score {cluster} loses against {benchmark} on its largest gaps: ").format(
        cluster=a, benchmark=b
    ) + "; ".join(
        _("{indicator} {points} (levels {a} and {b})").format(
            indicator=localized(g.name),
            points=text.points(g.weighted_gap),
            a=text.level(g.a_level),
            b=text.level(g.b_level),
        )
        for g in gaps
    )
    chart = BarChart(
        _("Largest indicator gaps of {cluster} against {benchmark}").format(cluster=a, benchmark=b),
        description,
        bars,
        scale_max=max(0.0, *(g.weighted_gap or 0.0 for g in gaps)),
        tone="bad",
        ticks="points",
        axis_title=_("points of overall score at stake (negative: {cluster} behind)").format(cluster=a),
        scale_min=min(0.0, *(g.weighted_gap or 0.0 for g in gaps)),
    )
    caption: Text = (
        _(
            "The {count} largest weighted gaps of {cluster} against {benchmark}: the points of overall score at stake "
            "on each indicator (gap in indicator score × the indicator's weight in the overall score). "
            "Source: indicator levels from "
        ).format(count=text.number(len(gaps)), cluster=a, benchmark=b),
        cite([s for g in gaps for s in r.indicator_sources(g.id)]),
        ".",
    )
    values = gaps_table(
        c,
        "gap-values",
        _("Values plotted in the gap chart (levels 0-4, gaps in points)"),
        [Column("name", _("indicator")), Column("dimension_name", _("dimension"))],
        gaps,
        refs=False,
        headers=(_("gap (0-100)"), _("weighted gap")),
        basis=False,
    )
    return (Figure("fig-gaps", chart, caption, values),)


def strengths_blocks(c: Comparison) -> tuple[Block, ...]:
    """Strengths and weaknesses side by side, and how many indicators cannot be compared."""
    a, b = c.a.cluster, c.b.cluster

    def listed(ids: Sequence[str], basis: bool = False) -> Block:
        return strengths_items(c, ids, basis=basis) if ids else Paragraph((_("None known."),), "unknown")

    blocks: list[Block] = [
        Columns(
            (
                (
                    Heading(_("Strengths of {cluster}").format(cluster=a)),
                    Paragraph(
                        (
                            _(
                                "Indicators where {cluster} is at good practice, level with {benchmark} or ahead."
                            ).format(cluster=a, benchmark=b),
                        ),
                        "note",
                    ),
                    listed(c.strengths),
                ),
                (
                    Heading(_("Weaknesses of {cluster}").format(cluster=a)),
                    Paragraph((_("Largest weighted gap first.") + f" {basis_rule(c)}",), "note"),
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
                    _(
                        "{count} of {total} indicators cannot be compared: unknown for {cluster}, {benchmark} or both."
                    ).format(
                        count=text.number(len(unknown)), total=text.number(len(c.indicators)), cluster=a, benchmark=b
                    ),
                ),
                "note",
            )
        )
    return tuple(blocks)


def recommendations_blocks(c: Comparison) -> tuple[Block, ...]:
    """The ranked recommendations as records, after a note on how they are ranked."""
    if not c.recommendations:
        return (
            Paragraph(
                (_("No practice on the search path addresses a known gap of {cluster}.").format(cluster=c.a.cluster),),
                "unknown",
            ),
        )
    note = _(
        "Practices of {benchmark} and the benchmark literature, ranked by the points of overall score their gaps "
        "hold; priority: high from half the top score, medium from a fifth. A benchmark's practice counts only "
        "the gaps where that benchmark shows good practice; an action the literature asks of {cluster} "
        "is high priority where {cluster} is at level {high} or below, medium at "
        "level {medium}."
    ).format(
        benchmark=c.b.name,
        cluster=c.a.cluster,
        high=text.level(c.good_practice - 2),
        medium=text.level(c.good_practice - 1),
    )
    return (Paragraph((note,), "note"), recommendation_records(c, cite))


def references_blocks(r: Report) -> tuple[Block, ...]:
    """Every reference cited, then the cited keys no references document defines."""
    entries = [ReferenceEntry(ref.key, full_reference(ref), ref.note) for ref in r.references]
    entries += [ReferenceEntry(key, UNDEFINED, defined=False) for key in r.unresolved]
    if not entries:
        return (Paragraph((_("Nothing cited."),), "unknown"),)
    note = _("Every reference cited in this report. Addresses are shown as text; the report loads nothing.")
    return (Paragraph((note,), "note"), References(tuple(entries)))


def report_sections(r: Report) -> tuple[Section, ...]:
    """The page's sections, in order."""
    sections = [
        Section("profile", _("Profile"), (profile_table(r),)),
        Section(
            "scores",
            _("Scores"),
            (
                radar_figure(r),
                Paragraph(
                    (
                        _(
                            "Coverage is the share of the framework's weight that the sources make known; "
                            "a dimension with nothing known has no score, never a score of zero."
                        ),
                    ),
                    "note",
                ),
            ),
        ),
    ]
    c = r.comparison
    if c is not None:
        sections += [
            Section("gaps", _("Largest gaps"), ((benchmarks_table(c),) if c.versus else ()) + gaps_blocks(r, c)),
            Section("strengths", _("Strengths and weaknesses"), strengths_blocks(c)),
            Section("recommendations", _("Recommendations"), recommendations_blocks(c)),
        ]
    indicators_note = _(
        "Levels 0-4; a measured indicator reads a profile fact, an assessed one rests on quoted evidence; "
        '"unknown" means the sources do not say.'
    )
    blocks = (Paragraph((indicators_note,), "note"), indicators_table(r))
    sections.append(Section("indicators", _("Indicators"), blocks))
    if r.audit is not None:
        title = _("Audit of {strategy}").format(strategy=localized(r.audit.strategy.name))
        sections.append(Section("audit", title, audit_blocks(r.audit, cite)))
    sections.append(Section("references", _("References"), references_blocks(r)))
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
