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
from clusterkit.views import Cite, Column, Item, Items, Paragraph, Record, Records, Strong, Table, View, rounded
from clusterkit.views.scoring import score_summary

By = Literal["id", "name"]


def side_labels(c: Comparison, refs: bool = True) -> tuple[str, str]:
    """How the subject and the benchmark are named in headers and titles.

    ``refs=True``: as the user named them (``mnc@2014``, ``mnc``); ``refs=False``: by cluster id.
    """
    if refs:
        return c.a.ref or c.a.cluster, c.b.ref or c.b.cluster
    return c.a.cluster, c.b.cluster


def comparison_payload(c: Comparison) -> dict[str, Any]:
    """The JSON/YAML payload of a comparison (scores to 2 decimals, shares to 4, weighted gaps to 3)."""
    return {
        "framework": c.framework,
        "a": score_summary(c.a),
        "b": score_summary(c.b),
        "overall": {"a": rounded(c.a.overall), "b": rounded(c.b.overall), "gap": rounded(c.overall_gap)},
        "dimensions": [
            {
                "id": d.id,
                "name": d.name,
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
                "name": i.name,
                "dimension": i.dimension,
                "weight": i.weight,
                "effective_weight": rounded(i.effective_weight, 4),
                "a": i.a_level,
                "b": i.b_level,
                "gap": rounded(i.gap),
                "weighted_gap": rounded(i.weighted_gap, 3),
            }
            for i in c.indicators
        ],
        "strengths": c.strengths,
        "weaknesses": c.weaknesses,
        "recommendations": [
            {
                "id": r.id,
                "title": r.title,
                "summary": r.summary,
                "rank": r.rank,
                "priority": r.priority,
                "weight": rounded(r.weight, 3),
                "addresses": [
                    {"indicator": g.indicator, "gap": rounded(g.gap), "weighted_gap": rounded(g.weighted_gap, 3)}
                    for g in r.addresses
                ],
                "unknown": r.unknown,
                "sources": r.sources,
                "steps": r.steps,
                "practices": r.practices,
            }
            for r in c.recommendations
        ],
    }


def dimensions_table(c: Comparison) -> Table:
    """Overall and per-dimension scores of both sides and their gap, with both coverages in the note."""
    a, b = side_labels(c)
    rows: list[dict[str, Any]] = [{"dimension": "Overall", "a": c.a.overall, "b": c.b.overall, "gap": c.overall_gap}]
    rows += [{"dimension": d.name, "a": d.a, "b": d.b, "gap": d.gap} for d in c.dimensions]
    title = (
        f"{c.a.name}: {a} against {b} (0-100)"
        if c.a.cluster == c.b.cluster
        else f"{c.a.name} against {c.b.name} (0-100)"
    )
    return Table(
        "dimensions",
        title,
        [
            Column("dimension", "dimension"),
            Column("a", a, "score"),
            Column("b", b, "score"),
            Column("gap", "gap", "gap"),
        ],
        rows,
        note=(
            f"coverage: {a} {text.share(c.a.coverage)}, {b} {text.share(c.b.coverage)} "
            "of the framework's weight is known"
        ),
    )


def gaps_table(
    c: Comparison,
    name: str,
    title: str,
    first: Sequence[Column],
    gaps: Sequence[IndicatorGap] | None = None,
    *,
    refs: bool = True,
    headers: tuple[str, str] = ("gap", "weighted"),
    note: str | None = None,
    primary: bool = False,
) -> Table:
    """Indicators' levels on both sides (0-4), their gap and their weighted gap, after the ``first`` columns.

    ``first`` names the indicator (its dimension and id for ``compare``, its name in the report);
    ``gaps`` are the indicators shown (default: every one of the comparison); ``refs`` heads the
    level columns as :func:`side_labels` does; ``headers`` are those of the gap and the weighted
    gap. Each row holds the whole gap (see :func:`gap_row`).
    """
    a, b = side_labels(c, refs)
    gap, weighted = headers
    columns = [
        *first,
        Column("a", a, "level"),
        Column("b", b, "level"),
        Column("gap", gap, "gap"),
        Column("weighted_gap", weighted, "points"),
    ]
    rows = [gap_row(g) for g in (c.indicators if gaps is None else gaps)]
    return Table(name, title, columns, rows, note=note, primary=primary)


def indicators_table(c: Comparison) -> Table:
    """Every indicator's levels on both sides, its gap and its weighted gap (the CSV table of ``compare``)."""
    return gaps_table(
        c,
        "indicators",
        "Indicator gaps (levels 0-4; gap and weighted gap in points)",
        [Column("dimension", "dimension"), Column("id", "indicator")],
        primary=True,
    )


def gap_row(g: IndicatorGap) -> dict[str, Any]:
    """One indicator gap as a table row: id, name, dimension, both levels (``a``, ``b``), gap, weighted gap.

    Every row carries the whole gap, so a page can draw it as a list item from the same rows.
    """
    return {
        "id": g.id,
        "name": g.name,
        "dimension": g.dimension,
        "a": g.a_level,
        "b": g.b_level,
        "gap": g.gap,
        "weighted_gap": g.weighted_gap,
    }


def _gap_rows(c: Comparison, ids: Sequence[str]) -> list[dict[str, Any]]:
    return [gap_row(c.indicator(i)) for i in ids]


def _gap_columns(by: By, points: bool) -> list[Column]:
    columns = [Column("id", "indicator"), Column("name", "name")] if by == "id" else [Column("name", "indicator")]
    if points:
        columns.append(Column("weighted_gap", "weighted gap", "points"))
    return columns


def strengths_table(c: Comparison, by: By = "id", *, points: bool = False, refs: bool = True) -> Table:
    """The subject's strengths: indicators where it matches or beats the benchmark, largest weighted gap first.

    ``by="id"`` shows the indicator id and its name (``compare``); ``by="name"`` only the name, headed
    "indicator" (the report). ``points=True`` adds the weighted gap (points of overall score).
    ``refs``: name the clusters in the title as the user named them (``mnc@2014``) or by id (see
    :func:`side_labels`). Each row holds id, name, dimension, both levels (``a``, ``b``), gap and weighted gap.
    """
    a, b = side_labels(c, refs)
    return Table(
        "strengths", f"Strengths of {a} (matches or beats {b})", _gap_columns(by, points), _gap_rows(c, c.strengths)
    )


def weaknesses_table(c: Comparison, by: By = "id", *, points: bool = False, refs: bool = True) -> Table:
    """The subject's weaknesses: indicators where it falls short, largest weighted gap first.

    The parameters are those of :func:`strengths_table`.
    """
    a, _ = side_labels(c, refs)
    return Table(
        "weaknesses",
        f"Weaknesses of {a} (largest weighted gap first)",
        _gap_columns(by, points),
        _gap_rows(c, c.weaknesses),
    )


def recommendation_row(c: Comparison, r: Recommendation, by: By = "id") -> dict[str, Any]:
    """One recommendation as a table row; ``closes`` names the gaps it addresses by id or by name.

    Besides the shown columns the row carries ``id``, ``summary``, ``practices``, ``unknown`` (the
    names of the indicators it addresses that are unknown so far) and ``closes_points`` (each
    addressed indicator's name with its weighted gap: ``Collaborative projects (-2.38)``).
    """
    names = {g.id: g.name for g in c.indicators}
    return {
        "rank": r.rank,
        "id": r.id,
        "priority": r.priority,
        "title": r.title,
        "summary": r.summary,
        "closes": ", ".join(g.indicator if by == "id" else g.name for g in r.addresses),
        "closes_points": ", ".join(f"{g.name} ({text.points(g.weighted_gap)})" for g in r.addresses),
        "unknown": [names.get(i, i) for i in r.unknown],
        "weight": r.weight,
        "steps": r.steps,
        "sources": "; ".join(r.sources),
        "practices": r.practices,
    }


def recommendations_table(
    c: Comparison,
    by: By = "id",
    *,
    points: bool = True,
    refs: bool = True,
    title: str | None = None,
) -> Table:
    """The ranked recommendations: rank, priority, practice, the gaps it closes, first steps, sources.

    ``by``: the closed gaps named by indicator id (``compare``) or by name (the report).
    ``points=True`` adds the points of overall score the practice's gaps hold (column ``weight``).
    ``refs`` as in :func:`strengths_table`. ``title`` replaces the default title ("Recommendations
    for A, from B's practices and the benchmark literature"). Rows: see :func:`recommendation_row`.
    """
    a, b = side_labels(c, refs)
    columns = [
        Column("rank", "#", "number"),
        Column("priority", "priority"),
        Column("title", "practice"),
        Column("closes", "closes gaps in"),
    ]
    if points:
        columns.append(Column("weight", "points", "stake"))
    columns += [Column("steps", "first steps"), Column("sources", "source")]
    return Table(
        "recommendations",
        title or f"Recommendations for {a}, from {b}'s practices and the benchmark literature",
        columns,
        [recommendation_row(c, r, by) for r in c.recommendations],
        layout="records",
    )


def strengths_items(c: Comparison, ids: Sequence[str]) -> Items:
    """Strengths or weaknesses as a page's list: ``Name (level 4 vs 4; +0.00 points)``."""
    return Items(
        tuple(
            Item(
                (g.name,),
                note=(
                    f"(level {text.level(g.a_level)} vs {text.level(g.b_level)}; {text.points(g.weighted_gap)} points)"
                ),
            )
            for g in (c.indicator(i) for i in ids)
        )
    )


def recommendation_records(c: Comparison, cite: Callable[[Sequence[str]], Cite]) -> Records:
    """The recommendations as a page's records: summary, gaps closed with their points, first steps, sources.

    ``cite`` turns a recommendation's sources into a citation of the page.
    """
    records = []
    for r in c.recommendations:
        row = recommendation_row(c, r, "name")
        body = [
            Paragraph((r.summary,)),
            Paragraph(
                (
                    Strong("Closes gaps in"),
                    f" {row['closes_points']}: {text.points(r.weight, signed=False)} points of overall score.",
                )
            ),
        ]
        if row["unknown"]:
            body.append(Paragraph((f"Also addresses, unknown so far: {', '.join(row['unknown'])}.",), "note"))
        records.append(
            Record(
                number=r.rank,
                title=r.title,
                tag=r.priority,
                tag_text=f"{r.priority} priority",
                body=tuple(body),
                steps_title="First steps",
                steps=tuple(r.steps),
                footer=("Sources: ", cite(r.sources), f" · practices {r.practices}"),
            )
        )
    return Records(tuple(records))


def comparison_view(c: Comparison) -> View:
    """What ``clusterkit compare`` shows: dimensions, indicator gaps, strengths, weaknesses, recommendations."""
    tables = [
        dimensions_table(c),
        indicators_table(c),
        strengths_table(c),
        weaknesses_table(c),
        recommendations_table(c),
    ]
    return View(kind="comparison", title=tables[0].title, tables=tables, payload=comparison_payload(c))
