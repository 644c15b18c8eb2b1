"""The views of scores and rankings: ``clusterkit score`` (with ``--explain``) and ``clusterkit rank``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clusterkit import text
from clusterkit.i18n import N_, _, localized, ngettext
from clusterkit.method import DEFAULT_MIN_COVERAGE
from clusterkit.records import unique
from clusterkit.scoring import ClusterScore, IndicatorScore, NotRankedReason, Ranking
from clusterkit.views import Column, Table, View, rounded

# How an indicator gets its level, in words.
METHOD_WORDS: dict[str, str] = {"measured": N_("measured"), "assessed": N_("assessed")}
BASIS_WORDS: dict[str, str] = {"direct": N_("direct"), "indirect": N_("indirect")}


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
                "name": localized(d.name),
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
                "name": localized(i.name),
                "dimension": i.dimension,
                "weight": i.weight,
                "method": i.method,
                "path": i.path,
                "value": i.value,
                "level": i.level,
                "score": rounded(i.score),
                "contribution": rounded(i.contribution, 3),
                "rubric": None if i.rubric is None else localized(i.rubric),
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
        return _("indirect, left out (--direct-only)")
    if not indicator.basis:
        return ""
    return _(BASIS_WORDS[indicator.basis]) if indicator.basis in BASIS_WORDS else indicator.basis


def indicators_table(score: ClusterScore, primary: bool = False) -> Table:
    """One cluster's indicators: value, level, weight, points of overall score, evidence and source.

    CSV and pages keep each indicator's id and its dimension's; a terminal titles each indicator by its
    name, with its id on a line of its own (``clusterkit framework ID`` shows its rubric).
    """
    dimensions = {d.id: localized(d.name) for d in score.dimensions}
    rows = [
        {
            "cluster": score.cluster,
            "dimension": i.dimension,
            "dimension_name": dimensions.get(i.dimension, i.dimension),
            "id": i.id,
            "name": localized(i.name),
            # NOTE: a record's title is its "title" (the name); "indicator" is the id shown under it.
            "title": localized(i.name),
            "indicator": i.id,
            "method": _(METHOD_WORDS[i.method]) if i.method in METHOD_WORDS else i.method,
            "value": _shown_value(i),
            "level": i.level,
            "weight": i.weight,
            "score": i.score,
            "contribution": i.contribution,
            "evidence": " | ".join(e.text for e in i.evidence) or localized(i.rubric or ""),
            "basis": _basis_text(i),
            "sources": "; ".join(unique(i.sources)),
        }
        for i in score.indicators
    ]
    figures = [
        Column("method", _("method")),
        Column("value", _("value")),
        Column("level", _("level"), "level"),
        Column("weight", _("weight"), "number"),
        Column("contribution", _("points"), "stake"),
        Column("evidence", _("evidence")),
        Column("basis", _("basis")),
        Column("sources", _("source")),
    ]
    return Table(
        f"indicators-{score.cluster}",
        _("{name}: indicators").format(name=score.name),
        [Column("dimension", _("dimension")), Column("id", "id"), Column("name", _("indicator")), *figures],
        rows,
        primary=primary,
        layout="records",
        display_columns=[
            Column("title", _("indicator")),
            Column("indicator", "id"),
            Column("dimension_name", _("dimension")),
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
    columns = [Column("id", _("cluster")), Column("overall", _("overall"), "score")]
    columns += [Column(d.id, localized(d.name), "score") for d in dims]
    columns.append(Column("coverage", _("coverage"), "share"))
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
        note = _("Under {share} of the weight known, too little evidence to rank (--min-coverage): {names}.").format(
            share=text.share(min_coverage), names=names
        )
    from clusterkit.views.change import later_facts_note  # NOTE: the facts dated after their assessment

    note = " ".join(n for n in (note, later_facts_note(scores)) if n) or None
    title = _("Scores ({framework} framework, 0-100)").format(framework=framework)
    tables = [Table("scores", title, columns, rows, note=note, primary=not explain)]
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
        return _("nothing known")
    if reason == "coverage_below_threshold":
        return _("coverage under {share}").format(share=text.share(min_coverage))
    return ""


def ranking_view(ranking: Ranking) -> View:
    """What ``clusterkit rank`` shows: rank, id, name, score and coverage, best first; then, apart,
    the clusters with too little evidence to rank, with their coverage and the reason."""
    on = ranking.dimension or "overall"
    apart = ranking.not_ranked
    note = None
    if apart:
        count = ngettext("{count} cluster not ranked", "{count} clusters not ranked", len(apart)).format(
            count=text.number(len(apart))
        )
        share = text.share(ranking.min_coverage)
        if ranking.dimension is None:
            rule = _("a cluster is ranked only with at least {share} of the weight known (--min-coverage).")
        else:
            rule = _(
                "a cluster is ranked only with at least {share} of the weight of {dimension} known (--min-coverage)."
            )
        note = _("{count} (rank -): {rule}").format(count=count, rule=rule.format(share=share, dimension=on))
    rows = [{**r.model_dump(), "reason": not_ranked_reason(r.reason, ranking.min_coverage)} for r in ranking.rows]
    columns = [
        Column("rank", _("rank"), "rank"),
        Column("id", "id"),
        Column("name", _("name")),
        Column("score", _("score"), "score"),
        Column("coverage", _("coverage"), "share"),
    ]
    table = Table(
        "ranking",
        (
            _("Ranking on overall ({framework} framework)")
            if ranking.dimension is None
            else _("Ranking on {on} ({framework} framework)")
        ).format(on=on, framework=ranking.framework),
        [*columns, Column("reason", _("note"))],
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
