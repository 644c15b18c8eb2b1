"""The views of scores and rankings: ``clusterkit score`` (with ``--explain``) and ``clusterkit rank``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clusterkit.records import unique
from clusterkit.scoring import ClusterScore, IndicatorScore, Ranking
from clusterkit.views import Column, Table, View, rounded


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


def indicators_table(score: ClusterScore, primary: bool = False) -> Table:
    """One cluster's indicators: value, level, weight, points of overall score, evidence and source."""
    rows = [
        {
            "cluster": score.cluster,
            "dimension": i.dimension,
            "id": i.id,
            "method": i.method,
            "value": _shown_value(i),
            "level": i.level,
            "weight": i.weight,
            "score": i.score,
            "contribution": i.contribution,
            "evidence": " | ".join(e.text for e in i.evidence) or (i.rubric or ""),
            "sources": "; ".join(unique(i.sources)),
        }
        for i in score.indicators
    ]
    return Table(
        f"indicators-{score.cluster}",
        f"{score.name}: indicators",
        [
            Column("dimension", "dimension"),
            Column("id", "indicator"),
            Column("method", "method"),
            Column("value", "value"),
            Column("level", "level", "level"),
            Column("weight", "weight", "number"),
            Column("contribution", "points", "stake"),
            Column("evidence", "evidence"),
            Column("sources", "source"),
        ],
        rows,
        primary=primary,
        layout="records",
    )


def scores_view(scores: Sequence[ClusterScore], framework: str, explain: bool = False) -> View:
    """What ``clusterkit score`` shows: one row of scores per cluster; with ``explain``, each indicator.

    CSV writes the scores table, or the indicators of the one cluster scored with ``explain``.
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
    tables = [Table("scores", f"Scores ({framework} framework, 0-100)", columns, rows, primary=not explain)]
    if explain:
        tables += [indicators_table(s, primary=len(scores) == 1) for s in scores]
    return View(
        kind="scores",
        title=tables[0].title,
        tables=tables,
        payload=[score_payload(s, explain=explain) for s in scores],
    )


def ranking_view(ranking: Ranking) -> View:
    """What ``clusterkit rank`` shows: rank, id, name, score and coverage, best first."""
    on = ranking.dimension or "overall"
    table = Table(
        "ranking",
        f"Ranking on {on} ({ranking.framework} framework)",
        [
            Column("rank", "rank", "number"),
            Column("id", "id"),
            Column("name", "name"),
            Column("score", "score", "score"),
            Column("coverage", "coverage", "share"),
        ],
        [r.model_dump() for r in ranking.rows],
        primary=True,
    )
    payload = [
        {"rank": r.rank, "id": r.id, "name": r.name, "score": rounded(r.score), "coverage": rounded(r.coverage, 4)}
        for r in ranking.rows
    ]
    return View(kind="ranking", title=table.title, tables=[table], payload=payload)
