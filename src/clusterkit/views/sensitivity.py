"""The view of a sensitivity analysis: score intervals (a chart on a page), the clusters not ranked,
pair probabilities, influence."""

from __future__ import annotations

from typing import Any, Protocol

from clusterkit import text
from clusterkit.i18n import _, localized
from clusterkit.sensitivity import ClusterInterval, SensitivityResult
from clusterkit.views import Column, Table, View, rounded
from clusterkit.views.blocks import Figure, Interval, IntervalChart, Section, table_sections
from clusterkit.views.scoring import not_ranked_reason


class Drawn(Protocol):
    """A result of method draws: a sensitivity analysis, or the draws of a label's share."""

    @property
    def spread(self) -> float: ...


def method_description(r: Drawn) -> dict[str, str]:
    """How each draw changes the method, for JSON: weights, aggregation, the indicator left out."""
    return {
        # NOTE: a machine-facing description, spelled as it always was (not a shown number).
        "weights": f"each weight times U({1 - r.spread:g}, {1 + r.spread:g})",
        "aggregation": "arithmetic or geometric, p = 0.5 each",
        "exclusion": "none or one indicator, uniformly",
    }


def not_ranked_note(c: ClusterInterval, min_coverage: float) -> str:
    """Why a cluster takes no rank in the draws, in words (empty for a ranked one)."""
    reason = not_ranked_reason(c.reason, min_coverage)
    return _("not ranked: {reason}").format(reason=reason) if reason else ""


def not_ranked_summary(r: SensitivityResult) -> str:
    """The note under the clusters table: which clusters are not ranked, and why."""
    thin = [c.id for c in r.not_ranked if c.reason == "coverage_below_threshold"]
    blank = [c.id for c in r.not_ranked if c.reason == "no_score"]
    parts = []
    if thin:
        parts.append(
            _("with under {share} of the weight known (--min-coverage): {ids}").format(
                share=text.share(r.min_coverage), ids=", ".join(thin)
            )
        )
    if blank:
        parts.append(_("with nothing known: {ids}").format(ids=", ".join(blank)))
    return _(
        "Not ranked (rank -) {parts}. A cluster not ranked takes no part in the ranks or the pair probabilities."
    ).format(parts="; ".join(parts))


def sensitivity_payload(r: SensitivityResult) -> dict[str, Any]:
    """The JSON/YAML payload: the method of the draws, intervals (a cluster not ranked has null ranks
    and a reason), pair probabilities of the ranked clusters, influence."""
    return {
        "framework": r.framework,
        "method": {
            "draws": r.draws,
            "seed": r.seed,
            **method_description(r),
            "min_coverage": r.min_coverage,
        },
        "clusters": [
            {
                k: (rounded(v, 4 if k == "coverage" else 2) if isinstance(v, float) else v)
                for k, v in c.model_dump().items()
            }
            for c in r.clusters
        ],
        "pairs": [{"a": p.a, "b": p.b, "probability": rounded(p.probability, 4)} for p in r.pairs],
        "influence": [
            {
                "id": i.id,
                "name": localized(i.name),
                "mean_abs_score_change": rounded(i.mean_abs_score_change, 3),
                "max_abs_score_change": rounded(i.max_abs_score_change, 3),
                "max_rank_change": i.max_rank_change,
            }
            for i in r.influence
        ],
    }


def sensitivity_tables(r: SensitivityResult) -> list[Table]:
    """The clusters' intervals (CSV keeps each bound in its own column), pair probabilities, influence.

    The clusters not ranked follow the ranked ones, with ``-`` for ranks; the table's note names
    them and says why, and CSV and pages add a note column (only when a cluster is not ranked).
    """
    apart = r.not_ranked
    note_columns = [Column("note", _("note"))] if apart else []
    influence = [
        Column("mean_abs_score_change", _("mean |change|"), "decimal"),
        Column("max_abs_score_change", _("max |change|"), "decimal"),
        Column("max_rank_change", _("max rank change"), "number"),
    ]
    note = not_ranked_summary(r) if apart else None
    return [
        Table(
            "clusters",
            _("Scores and ranks under method uncertainty ({draws} draws, seed {seed})").format(
                draws=text.number(r.draws), seed=r.seed
            ),
            [
                Column("id", _("cluster")),
                # Scores without bars: a page draws these columns, CSV keeps the raw numbers.
                Column("nominal_score", _("nominal"), "decimal"),
                Column("median_score", _("median"), "decimal"),
                Column("score_p5", "p5", "decimal"),
                Column("score_p95", "p95", "decimal"),
                Column("nominal_rank", _("rank"), "rank"),
                Column("median_rank", _("median rank"), "rank"),
                Column("rank_p5", _("rank p5"), "rank"),
                Column("rank_p95", _("rank p95"), "rank"),
                Column("coverage", _("coverage"), "share"),
                *note_columns,
            ],
            [
                {
                    **c.model_dump(),
                    "score_interval": text.interval(c.score_p5, c.score_p95),
                    "rank_interval": (
                        text.interval(c.rank_p5, c.rank_p95, ranks=True) if c.reason is None else text.NOT_RANKED
                    ),
                    "note": not_ranked_note(c, r.min_coverage),
                }
                for c in r.clusters
            ],
            note=note,
            primary=True,
            # Intervals as one text for people; CSV keeps each bound in its own numeric column.
            display_columns=[
                Column("id", _("cluster")),
                Column("nominal_score", _("nominal"), "score"),
                # NOTE: spelled as a score ("34.9"), right-aligned, without the nominal score's bar.
                Column("median_score", _("median"), "decimal"),
                Column("score_interval", text.localized("5-95 %")),
                Column("nominal_rank", _("rank"), "rank"),
                Column("rank_interval", _("rank {interval}").format(interval=text.localized("5-95 %"))),
                Column("coverage", _("coverage"), "share"),
            ],
        ),
        Table(
            "pairs",
            _("Probability that the first scores at least as high as the second"),
            [Column("a", _("first")), Column("b", _("second")), Column("probability", _("probability"), "share")],
            [p.model_dump() for p in r.pairs],
        ),
        Table(
            "influence",
            _("Indicators that move the results most when left out"),
            [Column("id", "id"), Column("name", _("indicator")), *influence],
            [{**i.model_dump(), "name": localized(i.name)} for i in r.influence],
            # NOTE: a terminal names each indicator in words; CSV and pages keep its id.
            display_columns=[Column("name", _("indicator")), *influence],
        ),
    ]


def interval_figure(r: SensitivityResult) -> Figure:
    """The chart of score intervals: per cluster a line from p5 to p95, the median and the nominal score."""
    chart = IntervalChart(
        title=_("Score intervals under method uncertainty"),
        description=_(
            "For each cluster, the 5th to 95th percentile of its score over the draws as a line, "
            "the median as a dot, and the nominal score as a diamond."
        ),
        rows=tuple(Interval(c.id, c.score_p5, c.median_score, c.score_p95, c.nominal_score) for c in r.clusters),
    )
    values = Table(
        "intervals",
        _("Values plotted in the interval chart (scores 0-100)"),
        [
            Column("id", _("cluster")),
            Column("score_p5", "p5", "score"),
            Column("median_score", _("median"), "score"),
            Column("score_p95", "p95", "score"),
            Column("nominal_score", _("nominal"), "score"),
        ],
        [
            {
                "id": c.id,
                "score_p5": c.score_p5,
                "median_score": c.median_score,
                "score_p95": c.score_p95,
                "nominal_score": c.nominal_score,
            }
            for c in r.clusters
        ],
        row_headers=True,
    )
    caption = (
        _(
            "Scores of each cluster over {draws} draws (seed {seed}): weights varied within "
            "±{spread}, arithmetic or geometric aggregation, one indicator or none left out. "
            "Line: 5th to 95th percentile; dot: median; diamond: nominal score."
        ).format(draws=text.number(r.draws), seed=r.seed, spread=text.share(r.spread)),
    )
    return Figure("fig-1", chart, caption, values)


def sensitivity_view(r: SensitivityResult) -> View:
    """What ``clusterkit sensitivity`` shows; a page draws the interval chart first, then each table."""
    tables = sensitivity_tables(r)
    sections = (Section("intervals", _("Score intervals"), (interval_figure(r),)), *table_sections(tables))
    return View(
        kind="sensitivity",
        title=tables[0].title,
        tables=tables,
        payload=sensitivity_payload(r),
        sections=sections,
    )
