"""The views of scores and rankings: ``clusterkit score`` (with ``--explain``) and ``clusterkit rank``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clusterkit import text
from clusterkit.method import DEFAULT_MIN_COVERAGE
from clusterkit.records import unique
from clusterkit.scoring import ClusterScore, IndicatorScore, NotRankedReason, Ranking
from clusterkit.views import Column, Table, View, rounded


def below_min_coverage(score: ClusterScore, min_coverage: float) -> bool:
    """Whether a score rests on less of the weight than the data-availability threshold."""
    return round(score.coverage, 6) < round(min_coverage, 6)


def score_summary(score: ClusterScore) -> dict[str, Any]:
    """A score in brief (as a comparison's payload gives each side): overall, coverage, dimensions."""
    return {
        "id": score.cluster,
        "ref": score.ref or score.cluster,
        "name": score.name,
        "assessment": score.assessment,
        "overall": rounded(score.overall),
        "coverage": rounded(score.coverage, 4),
        "dimensions": {d.id: rounded(d.score) for d in score.dimensions},
    }


def score_payload(score: ClusterScore, explain: bool = True) -> dict[str, Any]:
    """A score in full for JSON/YAML: method, dimensions and, with ``explain``, every indicator."""
    data: dict[str, Any] = {
        "id": score.cluster,
        "name": score.name,
        "framework": score.framework,
        "assessment": score.assessment,
        "overall": rounded(score.overall),
        "coverage": rounded(score.coverage, 4),
        "method": {"missing": score.missing, "aggregation": score.aggregation, "normalisation": score.normalisation},
        "facts_as_of": score.facts_as_of,
        "later_facts": [{"path": f.path, "date": f.date} for f in score.later_facts],
        "dimensions": [
            {
                "id": d.id,
                "name": d.name,
                "weight": d.weight,
                "score": rounded(d.score),
                "coverage": rounded(d.coverage, 4),
                "known": d.known,
                "total": d.total,
            }
            for d in score.dimensions
        ],
    }
    if explain:
        data["indicators"] = [
            {
                "id": i.id,
                "name": i.name,
                "dimension": i.dimension,
                "weight": i.weight,
                "method": i.method,
                "path": i.path,
                "value": i.value,
                "level": i.level,
                "score": rounded(i.score),
                "contribution": rounded(i.contribution, 3),
                "rubric": i.rubric,
                "evidence": [e.model_dump() for e in i.evidence],
                "sources": i.sources,
                "basis": i.basis,
                "left_out_indirect": i.left_out_indirect,
            }
            for i in score.indicators
        ]
    return data


def _shown_value(indicator: IndicatorScore) -> Any:
    # An assessed indicator has a level but no measured value: blank, not "unknown". A counted
    # list shows its length.
    if indicator.method != "measured":
        return ""
    return len(indicator.value) if isinstance(indicator.value, list) else indicator.value


def _basis_text(indicator: IndicatorScore) -> str:
    if indicator.left_out_indirect:
        return "indirect, left out (--direct-only)"
    return indicator.basis or ""


def indicators_table(score: ClusterScore, primary: bool = False) -> Table:
    """One cluster's indicators: value, level, weight, points of overall score, evidence and source.

    CSV and pages keep each indicator's id and its dimension's; a terminal titles each indicator by its
    name, with its id on a line of its own (``clusterkit framework ID`` shows its rubric).
    """
    dimensions = {d.id: d.name for d in score.dimensions}
    rows = [
        {
            "cluster": score.cluster,
            "dimension": i.dimension,
            "dimension_name": dimensions.get(i.dimension, i.dimension),
            "id": i.id,
            "name": i.name,
            # NOTE: a record's title is its "title" (the name); "indicator" is the id shown under it.
            "title": i.name,
            "indicator": i.id,
            "method": i.method,
            "value": _shown_value(i),
            "level": i.level,
            "weight": i.weight,
            "score": i.score,
            "contribution": i.contribution,
            "evidence": " | ".join(e.text for e in i.evidence) or (i.rubric or ""),
            "basis": _basis_text(i),
            "sources": "; ".join(unique(i.sources)),
        }
        for i in score.indicators
    ]
    figures = [
        Column("method", "method"),
        Column("value", "value"),
        Column("level", "level", "level"),
        Column("weight", "weight", "number"),
        Column("contribution", "points", "stake"),
        Column("evidence", "evidence"),
        Column("basis", "basis"),
        Column("sources", "source"),
    ]
    return Table(
        f"indicators-{score.cluster}",
        f"{score.name}: indicators",
        [Column("dimension", "dimension"), Column("id", "id"), Column("name", "indicator"), *figures],
        rows,
        primary=primary,
        layout="records",
        display_columns=[
            Column("title", "indicator"),
            Column("indicator", "id"),
            Column("dimension_name", "dimension"),
            *figures,
        ],
    )


def scores_view(
    scores: Sequence[ClusterScore],
    framework: str,
    explain: bool = False,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> View:
    """What ``clusterkit score`` shows: one row of scores per cluster; with ``explain``, each indicator.

    A cluster with less of the weight known than ``min_coverage`` is flagged: its score rests on
    too little evidence to rank. CSV writes the scores table, or the indicators of the one cluster
    scored with ``explain``.
    """
    dims = scores[0].dimensions if scores else []
    columns = [Column("id", "cluster"), Column("overall", "overall", "score")]
    columns += [Column(d.id, d.name, "score") for d in dims]
    columns.append(Column("coverage", "coverage", "share"))
    rows = []
    for s in scores:
        row: dict[str, Any] = {"id": s.ref or s.cluster, "overall": s.overall}
        row.update({d.id: d.score for d in s.dimensions})
        row["coverage"] = s.coverage
        rows.append(row)
    thin = [s for s in scores if below_min_coverage(s, min_coverage)]
    note = None
    if thin:
        names = ", ".join(s.ref or s.cluster for s in thin)
        note = (
            f"Under {text.share(min_coverage)} of the weight known, too little evidence to rank"
            f" (--min-coverage): {names}."
        )
    from clusterkit.views.change import later_facts_note  # NOTE: the facts dated after their assessment

    note = " ".join(n for n in (note, later_facts_note(scores)) if n) or None
    tables = [Table("scores", f"Scores ({framework} framework, 0-100)", columns, rows, note=note, primary=not explain)]
    if explain:
        tables += [indicators_table(s, primary=len(scores) == 1) for s in scores]
    return View(
        kind="scores",
        title=tables[0].title,
        tables=tables,
        payload=[
            {**score_payload(s, explain=explain), "below_min_coverage": below_min_coverage(s, min_coverage)}
            for s in scores
        ],
    )


def not_ranked_reason(reason: NotRankedReason | None, min_coverage: float) -> str:
    """Why a cluster is listed apart from a ranking, in words (empty for a ranked one)."""
    if reason == "no_score":
        return "nothing known"
    if reason == "coverage_below_threshold":
        return f"coverage under {text.share(min_coverage)}"
    return ""


def ranking_view(ranking: Ranking) -> View:
    """What ``clusterkit rank`` shows: rank, id, name, score and coverage, best first; then, apart,
    the clusters with too little evidence to rank, with their coverage and the reason."""
    on = ranking.dimension or "overall"
    apart = ranking.not_ranked
    note = None
    if apart:
        note = (
            f"{text.plural(len(apart), 'cluster')} not ranked (rank -): a cluster is ranked only with at least"
            f" {text.share(ranking.min_coverage)} of the weight{'' if ranking.dimension is None else ' of ' + on} known"
            " (--min-coverage)."
        )
    rows = [{**r.model_dump(), "reason": not_ranked_reason(r.reason, ranking.min_coverage)} for r in ranking.rows]
    columns = [
        Column("rank", "rank", "rank"),
        Column("id", "id"),
        Column("name", "name"),
        Column("score", "score", "score"),
        Column("coverage", "coverage", "share"),
    ]
    table = Table(
        "ranking",
        f"Ranking on {on} ({ranking.framework} framework)",
        [*columns, Column("reason", "note")],
        rows,
        note=note,
        primary=True,
        # NOTE: a terminal and Markdown say why in the note; a row's reason stays in CSV, workbooks and pages.
        display_columns=columns,
    )
    payload = {
        "ranked_on": on,
        "min_coverage": ranking.min_coverage,
        "ranking": [
            {
                "rank": r.rank,
                "id": r.id,
                "name": r.name,
                "score": rounded(r.score),
                "coverage": rounded(r.coverage, 4),
                "reason": r.reason,
            }
            for r in ranking.rows
        ],
    }
    return View(kind="ranking", title=table.title, tables=[table], payload=payload)
