"""The view of a comparison: gaps per dimension and indicator, strengths, weaknesses, recommendations.

The strengths, weaknesses and recommendations tables are built here once, for ``compare`` and for
the report (which calls :func:`strengths_table`, :func:`weaknesses_table` and
:func:`recommendations_table` with its own choices of labels and columns).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from clusterkit import text
from clusterkit.comparison import Comparison, IndicatorGap, Recommendation
from clusterkit.i18n import N_, _, localized, ngettext, pgettext
from clusterkit.views import Column, Table, View, rounded
from clusterkit.views.blocks import Cite, Item, Items, Paragraph, Record, Records, Strong
from clusterkit.views.change import change_payload, change_table
from clusterkit.views.scoring import score_summary

By = Literal["id", "name"]

# A recommendation's priority and an indicator's evidence basis, in words.
PRIORITY_WORDS: dict[str, str] = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
BASIS_WORDS: dict[str, str] = {"direct": N_("direct"), "indirect": N_("indirect")}


def priority_text(priority: str) -> str:
    """A recommendation's priority (``high``, ``medium``, ``low``) in words."""
    return _(PRIORITY_WORDS[priority]) if priority in PRIORITY_WORDS else priority


def basis_text(basis: str | None) -> str:
    """An evidence basis (``direct``, ``indirect``) in words; empty when none is given."""
    if not basis:
        return ""
    return _(BASIS_WORDS[basis]) if basis in BASIS_WORDS else basis


def listed(items: Sequence[str]) -> str:
    """Items in running text: ``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def side_labels(c: Comparison, refs: bool = True) -> tuple[str, str]:
    """How the subject and the benchmark are named in headers and titles.

    ``refs=True``: as the user named them (``mnc@2014``, ``mnc``); ``refs=False``: by cluster id.
    """
    if refs:
        return c.a.ref or c.a.cluster, c.b.ref or c.b.cluster
    return c.a.cluster, c.b.cluster


def _versus_payload(c: Comparison) -> dict[str, Any]:
    return {
        **score_summary(c.b),
        "gap": rounded(c.overall_gap),
        "years_apart": c.years_apart,
        "dimension_gaps": {d.id: rounded(d.gap) for d in c.dimensions},
    }


def comparison_payload(c: Comparison) -> dict[str, Any]:
    """The JSON/YAML payload of a comparison (scores to 2 decimals, shares to 4, weighted gaps to 3)."""
    versus = c.versus or [c]
    return {
        "framework": c.framework,
        "good_practice": c.good_practice,
        "years_apart": c.years_apart,
        "benchmarks": [_versus_payload(v) for v in versus],
        "change": None if c.change is None else change_payload(c.change),
        "a": score_summary(c.a),
        "b": score_summary(c.b),
        "overall": {"a": rounded(c.a.overall), "b": rounded(c.b.overall), "gap": rounded(c.overall_gap)},
        "dimensions": [
            {
                "id": d.id,
                "name": localized(d.name),
                "a": rounded(d.a),
                "b": rounded(d.b),
                "gap": rounded(d.gap),
                "a_coverage": rounded(d.a_coverage, 4),
                "b_coverage": rounded(d.b_coverage, 4),
            }
            for d in c.dimensions
        ],
        "indicators": [
            {
                "id": i.id,
                "name": localized(i.name),
                "dimension": i.dimension,
                "weight": i.weight,
                "effective_weight": rounded(i.effective_weight, 4),
                "a": i.a_level,
                "b": i.b_level,
                "gap": rounded(i.gap),
                "weighted_gap": rounded(i.weighted_gap, 3),
                "against": i.against,
                "against_level": i.against_level,
                "basis_gap": rounded(i.basis_gap),
                "weighted_basis_gap": rounded(i.weighted_basis_gap, 3),
                "a_basis": i.a_basis,
                "b_basis": i.b_basis,
                "b_from": i.b_from,
            }
            for i in c.indicators
        ],
        "strengths": c.strengths,
        "weaknesses": c.weaknesses,
        "recommendations": [
            {
                "id": r.id,
                "title": localized(r.title),
                "summary": localized(r.summary),
                "rank": r.rank,
                "priority": r.priority,
                "weight": rounded(r.weight, 3),
                "addresses": [
                    {
                        "indicator": g.indicator,
                        "gap": rounded(g.gap),
                        "weighted_gap": rounded(g.weighted_gap, 3),
                        "against": g.against,
                        "level": g.level,
                        "benchmark": g.benchmark,
                    }
                    for g in r.addresses
                ],
                "unknown": r.unknown,
                "sources": r.sources,
                "steps": [localized(s) for s in r.steps],
                "practices": r.practices,
                "benchmark": r.benchmark,
                "for_subject": r.for_subject,
                "priority_basis": r.priority_basis,
            }
            for r in c.recommendations
        ],
    }


def dimensions_table(c: Comparison) -> Table:
    """Overall and per-dimension scores of both sides and their gap, with both coverages in the note."""
    a, b = side_labels(c)
    overall = {"id": "overall", "dimension": _("Overall"), "a": c.a.overall, "b": c.b.overall, "gap": c.overall_gap}
    rows: list[dict[str, Any]] = [overall]
    rows += [{"id": d.id, "dimension": localized(d.name), "a": d.a, "b": d.b, "gap": d.gap} for d in c.dimensions]
    title = (
        _("{name}: {a} against {b} (0-100)").format(name=c.a.name, a=a, b=b)
        if c.a.cluster == c.b.cluster
        else _("{a} against {b} (0-100)").format(a=c.a.name, b=c.b.name)
    )
    coverage = _("coverage: {a} {a_share}, {b} {b_share} of the framework's weight is known.").format(
        a=a, a_share=text.share(c.a.coverage), b=b, b_share=text.share(c.b.coverage)
    )
    return Table(
        "dimensions",
        title,
        [
            Column("dimension", _("dimension")),
            Column("a", a, "score"),
            Column("b", b, "score"),
            Column("gap", _("gap"), "gap"),
        ],
        rows,
        note=" ".join([coverage, *years_apart_notes(c)]),
    )


def years_apart_notes(c: Comparison) -> list[str]:
    """A sentence when a benchmark is assessed a year or more apart from the subject (empty list otherwise)."""
    # NOTE: one cluster at two dates is a change over time, explained by its own table.
    apart = [v for v in c.versus or [c] if v.years_apart and v.a.cluster != v.b.cluster]
    if not apart:
        return []
    a = side_labels(c)[0]
    others = [
        _("{benchmark} in {year} ({years} apart)").format(
            benchmark=side_labels(v)[1],
            year=v.b.assessment,
            years=ngettext("{count} year", "{count} years", v.years_apart or 0).format(
                count=text.number(v.years_apart or 0)
            ),
        )
        for v in apart
    ]
    return [
        _(
            "{a} is assessed in {year}, {others}: a gap mixes the difference between the clusters"
            " with what changed in between."
        ).format(a=a, year=c.a.assessment, others=listed(others))
    ]


def benchmarks_table(c: Comparison) -> Table:
    """With several benchmarks: each one's overall score, the subject's gap to it, and its coverage."""
    a = side_labels(c)[0]
    rows = [
        {
            "id": v.b.ref or v.b.cluster,
            "name": v.b.name,
            "assessment": v.b.assessment,
            "overall": v.b.overall,
            "gap": v.overall_gap,
            "coverage": v.b.coverage,
        }
        for v in c.versus
    ]
    rows.append(
        {
            "id": c.b.cluster,
            "name": c.b.name,
            "assessment": "-",
            "overall": c.b.overall,
            "gap": c.overall_gap,
            "coverage": c.b.coverage,
        }
    )
    return Table(
        "benchmarks",
        _("{a} against each benchmark and their frontier (0-100)").format(a=a),
        [
            Column("id", _("benchmark")),
            Column("assessment", pgettext("date", "assessed")),
            Column("overall", _("overall"), "score"),
            Column("gap", _("{a} gap").format(a=a), "gap"),
            Column("coverage", _("coverage"), "share"),
        ],
        rows,
        note=_("The frontier takes, per indicator, the best level any benchmark is known at."),
    )


def gaps_table(
    c: Comparison,
    name: str,
    title: str,
    first: Sequence[Column],
    gaps: Sequence[IndicatorGap] | None = None,
    *,
    refs: bool = True,
    headers: tuple[str, str] | None = None,
    note: str | None = None,
    primary: bool = False,
    basis: bool = True,
) -> Table:
    """Indicators' levels on both sides (0-4), their gap and their weighted gap, after the ``first`` columns.

    ``first`` names the indicator (its dimension, id and name for ``compare``, its name in the report);
    a terminal shows only the last of them (the name);
    ``gaps`` are the indicators shown (default: every one of the comparison); ``refs`` heads the
    level columns as :func:`side_labels` does; ``headers`` are those of the gap and the weighted
    gap. ``basis=True`` shows each shortfall on its basis (``vs``: the benchmark or good practice) on
    a terminal and every column elsewhere; ``basis=False`` only the gaps to the benchmark. Each row holds
    the whole gap (see :func:`gap_row`).
    """
    a, b = side_labels(c, refs)
    gap, weighted = headers or (_("gap"), _("weighted"))
    levels = [Column("a", a, "level"), Column("b", b, "level")]
    to_b = [
        Column("gap", _("{gap} to {b}").format(gap=gap, b=b), "gap"),
        Column("weighted_gap", _("{gap} to {b}").format(gap=weighted, b=b), "points"),
    ]
    if not basis:
        shown = [*first, *levels, Column("gap", gap, "gap"), Column("weighted_gap", weighted, "points")]
        rows = [gap_row(c, g) for g in (c.indicators if gaps is None else gaps)]
        return Table(name, title, shown, rows, note=note, primary=primary)
    columns = [
        *first,
        *levels,
        *to_b,
        Column("against_text", _("vs")),
        Column("basis_gap", _("{gap} vs").format(gap=gap), "gap"),
        Column("weighted_basis_gap", _("{gap} vs").format(gap=weighted), "points"),
        Column("a_basis", _("{side} evidence").format(side=a)),
        Column("b_basis", _("{side} evidence").format(side=b)),
    ]
    shown = [
        *first[-1:],
        *levels,
        Column("against_text", _("vs")),
        Column("basis_gap", gap, "gap"),
        Column("weighted_basis_gap", weighted, "points"),
    ]
    rows = [gap_row(c, g) for g in (c.indicators if gaps is None else gaps)]
    return Table(name, title, columns, rows, note=note, primary=primary, display_columns=shown)


def indicators_table(c: Comparison) -> Table:
    """Every indicator's levels on both sides, its gap and its weighted gap (the CSV table of ``compare``)."""
    return gaps_table(
        c,
        "indicators",
        _("Indicator gaps (levels 0-4; gaps in points, to the benchmark or good practice)"),
        # NOTE: CSV and pages keep the ids; a terminal names each indicator in words (the last column).
        [Column("dimension", _("dimension")), Column("id", "id"), Column("name", _("indicator"))],
        note=" ".join([basis_rule(c), *indirect_notes(c)]),
        primary=True,
    )


def against_text(c: Comparison, g: IndicatorGap) -> str:
    """What a shortfall is measured against, in words: the benchmark (or who holds the frontier), or good practice."""
    if g.against == "good_practice":
        return _("good")
    if c.versus:
        return ", ".join(g.b_from)
    return side_labels(c)[1]


def basis_rule(c: Comparison) -> str:
    """The rule every gap's basis follows, in one sentence."""
    b = side_labels(c)[1]
    return _(
        "Each gap is measured against {b} where its level is known and at least good practice"
        " (level {level}), else against good practice ('good' in the vs column)."
    ).format(b=b, level=text.level(c.good_practice))


def indirect_notes(c: Comparison) -> list[str]:
    """A sentence per side naming the indicators whose level rests on indirect evidence."""
    notes = []
    for side, label in zip(("a_basis", "b_basis"), side_labels(c)):
        names = [localized(g.name) for g in c.indicators if getattr(g, side) == "indirect"]
        if names:
            notes.append(
                _("Indirect evidence for {side} (inferred, not reported of the cluster): {names}.").format(
                    side=label, names=_("; ").join(names)
                )
            )
    return notes


def gap_row(c: Comparison, g: IndicatorGap) -> dict[str, Any]:
    """One indicator gap as a table row: id, name, dimension (its id, and ``dimension_name``), both levels
    (``a``, ``b``), the gap to the benchmark and its weight, the basis of the shortfall (``against_text``,
    ``basis_gap``, ``weighted_basis_gap``) and each side's evidence basis.

    Every row carries the whole gap, so a page can draw it as a list item from the same rows.
    """
    dimensions = {d.id: localized(d.name) for d in c.dimensions}
    return {
        "id": g.id,
        "name": localized(g.name),
        "dimension": g.dimension,
        "dimension_name": dimensions.get(g.dimension, g.dimension),
        "a": g.a_level,
        "b": g.b_level,
        "gap": g.gap,
        "weighted_gap": g.weighted_gap,
        "against_text": against_text(c, g),
        "basis_gap": g.basis_gap,
        "weighted_basis_gap": g.weighted_basis_gap,
        "a_basis": basis_text(g.a_basis),
        "b_basis": basis_text(g.b_basis),
    }


def _gap_rows(c: Comparison, ids: Sequence[str]) -> list[dict[str, Any]]:
    return [gap_row(c, c.indicator(i)) for i in ids]


def _gap_columns(by: By, points: bool, key: str = "weighted_gap") -> list[Column]:
    indicator = Column("name", _("indicator"))
    columns = [Column("id", "id"), indicator] if by == "id" else [indicator]
    if points:
        columns.append(Column(key, _("weighted gap"), "points"))
    if key == "weighted_basis_gap":
        columns.append(Column("against_text", _("vs")))
    return columns


def _named(columns: list[Column], ids: tuple[str, ...] = ("id",)) -> list[Column] | None:
    """What a terminal shows of a table that keeps the ids for CSV and pages: every column but the ids
    (None: every column)."""
    # NOTE: nobody types an indicator's id after ``compare``; a page and CSV keep it.
    shown = [col for col in columns if col.key not in ids]
    return shown if len(shown) < len(columns) else None


def strengths_table(c: Comparison, by: By = "id", *, points: bool = False, refs: bool = True) -> Table:
    """The subject's strengths: indicators where it matches or beats the benchmark, largest weighted gap first.

    ``by="id"`` shows the indicator id and its name (``compare``); ``by="name"`` only the name, headed
    "indicator" (the report). ``points=True`` adds the weighted gap (points of overall score).
    ``refs``: name the clusters in the title as the user named them (``mnc@2014``) or by id (see
    :func:`side_labels`). Each row holds id, name, dimension, both levels (``a``, ``b``), gap and weighted gap.
    """
    a, b = side_labels(c, refs)
    columns = _gap_columns(by, points)
    return Table(
        "strengths",
        _("Strengths of {a} (at good practice, level with {b} or ahead)").format(a=a, b=b),
        columns,
        _gap_rows(c, c.strengths),
        display_columns=_named(columns),
    )


def weaknesses_table(c: Comparison, by: By = "id", *, points: bool = False, refs: bool = True) -> Table:
    """The subject's weaknesses: indicators where it falls short of its basis (the benchmark, or good
    practice), largest weighted gap first. The parameters are those of :func:`strengths_table`.
    """
    a = side_labels(c, refs)[0]
    columns = _gap_columns(by, points, "weighted_basis_gap")
    return Table(
        "weaknesses",
        _("Weaknesses of {a} (largest weighted gap first)").format(a=a),
        columns,
        _gap_rows(c, c.weaknesses),
        display_columns=_named(columns),
    )


def recommendation_row(c: Comparison, r: Recommendation, by: By = "id") -> dict[str, Any]:
    """One recommendation as a table row; ``closes`` names the gaps it addresses by id or by name,
    ``closes_names`` always by name.

    Besides the shown columns the row carries ``id``, ``summary``, ``practices``, ``unknown`` (the
    names of the indicators it addresses that are unknown so far) and ``closes_points`` (each
    addressed indicator's name with its weighted gap: ``Collaborative projects (-2.38)``).
    """
    names = {g.id: localized(g.name) for g in c.indicators}
    return {
        "rank": r.rank,
        "id": r.id,
        "priority": priority_text(r.priority),
        "title": localized(r.title),
        "summary": localized(r.summary),
        "closes": ", ".join(g.indicator if by == "id" else localized(g.name) for g in r.addresses),
        "closes_names": ", ".join(localized(g.name) for g in r.addresses),
        "closes_points": ", ".join(f"{localized(g.name)} ({text.points(g.weighted_gap)})" for g in r.addresses),
        "unknown": [names.get(i, i) for i in r.unknown],
        "weight": r.weight,
        "steps": [localized(s) for s in r.steps],
        "sources": "; ".join(r.sources),
        "practices": r.practices,
        "origin": origin_text(c, r),
    }


def origin_text(c: Comparison, r: Recommendation) -> str:
    """Whose practice a recommendation is, and why its priority, in words."""
    a = side_labels(c)[0]
    if r.benchmark is not None:
        where = _("{benchmark}'s practice").format(benchmark=r.benchmark)
    elif r.for_subject:
        where = _("asked of {a} in the literature").format(a=a)
    else:
        where = _("for any benchmark")
    if r.priority_basis == "subject_level":
        where += _("; {priority} because {a}'s own level is low").format(priority=priority_text(r.priority), a=a)
    return where


def recommendations_table(
    c: Comparison,
    by: By = "id",
    *,
    points: bool = True,
    refs: bool = True,
    title: str | None = None,
) -> Table:
    """The ranked recommendations: rank, priority, practice, the gaps it closes, first steps, sources.

    ``by``: the closed gaps named by indicator id (``compare``: CSV and pages keep the ids in ``closes``,
    named in words in ``closes_names``, which a terminal shows) or by name only (the report).
    ``points=True`` adds the points of overall score the practice's gaps hold (column ``weight``).
    ``refs`` as in :func:`strengths_table`. ``title`` replaces the default title ("Recommendations
    for A, from B's practices and the benchmark literature"). Rows: see :func:`recommendation_row`.
    """
    a, b = side_labels(c, refs)
    columns = [
        Column("rank", "#", "number"),
        Column("priority", _("priority")),
        Column("title", _("practice")),
        Column("origin", _("from")),
        *([Column("closes", _("indicator ids")), Column("closes_names", _("closes gaps in"))] if by == "id" else []),
        *([Column("closes", _("closes gaps in"))] if by == "name" else []),
    ]
    if points:
        columns.append(Column("weight", _("points"), "stake"))
    columns += [Column("steps", _("first steps")), Column("sources", _("source"))]
    return Table(
        "recommendations",
        title or _("Recommendations for {a}, from {b}'s practices and the benchmark literature").format(a=a, b=b),
        columns,
        [recommendation_row(c, r, by) for r in c.recommendations],
        layout="records",
        display_columns=_named(columns, ("closes",)) if by == "id" else None,
    )


def strengths_items(c: Comparison, ids: Sequence[str], *, basis: bool = False) -> Items:
    """Strengths or weaknesses as a page's list: ``Name (level 4 vs 4; +0.00 points)``.

    ``basis=True`` (weaknesses) measures each against its basis: ``Name (level 1 vs level 3; -2.08 points)``.
    """

    def note(g: IndicatorGap) -> str:
        if basis:
            return _("(level {level} vs {against}; {points} points)").format(
                level=text.level(g.a_level), against=against_text(c, g), points=text.points(g.weighted_basis_gap)
            )
        return _("(level {level} vs {against}; {points} points)").format(
            level=text.level(g.a_level), against=text.level(g.b_level), points=text.points(g.weighted_gap)
        )

    return Items(tuple(Item((localized(g.name),), note=note(g)) for g in (c.indicator(i) for i in ids)))


def recommendation_records(c: Comparison, cite: Callable[[Sequence[str]], Cite]) -> Records:
    """The recommendations as a page's records: summary, gaps closed with their points, first steps, sources.

    ``cite`` turns a recommendation's sources into a citation of the page.
    """
    records = []
    for r in c.recommendations:
        row = recommendation_row(c, r, "name")
        body = [
            Paragraph((row["summary"],)),
            Paragraph(
                (
                    Strong(_("Closes gaps in")),
                    _(" {gaps}: {points} points of overall score.").format(
                        gaps=row["closes_points"], points=text.points(r.weight, signed=False)
                    ),
                )
            ),
        ]
        if row["unknown"]:
            unknown = _("Also addresses, unknown so far: {names}.").format(names=", ".join(row["unknown"]))
            body.append(Paragraph((unknown,), "note"))
        records.append(
            Record(
                number=r.rank,
                title=row["title"],
                tag=r.priority,
                tag_text=_("{priority} priority").format(priority=row["priority"]),
                body=tuple(body),
                steps_title=_("First steps"),
                steps=tuple(row["steps"]),
                footer=(
                    _("Sources: "),
                    cite(r.sources),
                    _(" · practices {practices} ({origin})").format(practices=r.practices, origin=row["origin"]),
                ),
            )
        )
    return Records(tuple(records))


def comparison_view(c: Comparison) -> View:
    """What ``clusterkit compare`` shows: dimensions, indicator gaps, strengths, weaknesses, recommendations."""
    tables = [
        dimensions_table(c),
        *([change_table(c.change)] if c.change is not None else []),
        *([benchmarks_table(c)] if c.versus else []),
        indicators_table(c),
        strengths_table(c),
        weaknesses_table(c),
        recommendations_table(c),
    ]
    return View(kind="comparison", title=tables[0].title, tables=tables, payload=comparison_payload(c))
