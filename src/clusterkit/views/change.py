"""The views of a change between two scores and of a cluster's history (``clusterkit history``).

:func:`change_blocks` and :func:`change_payload` show one :class:`~clusterkit.change.Change` (a
comparison of a cluster with itself at two dates adds them to its page and JSON);
:func:`history_view` shows a :class:`~clusterkit.change.History`: the scores at each date, a trend
chart on a page, and each change explained. :func:`later_facts_note` says which facts a score
used although they are dated after its assessment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clusterkit import text
from clusterkit.change import Change, ChangeKind, History, ScoreChange
from clusterkit.i18n import N_, _, localized, ngettext
from clusterkit.scoring import ClusterScore
from clusterkit.views import Column, Table, View, rounded, slug
from clusterkit.views.blocks import Block, Figure, Paragraph, Section, Series, TrendChart

KIND_WORDS: dict[ChangeKind, str] = {
    "changed": N_("level changed"),
    "known": N_("newly known"),
    "unknown": N_("no longer known"),
    "same": N_("unchanged"),
}
METHOD_NOTE = N_(
    "Each change is split in three steps: first the levels known at both dates move, then the newly known "
    "indicators join the means, then those no longer known leave them; the parts add up to the change "
    "(docs/change.md)."
)


def score_name(c: ScoreChange) -> str:
    """The name of the score that changed: ``Overall`` (in the run's language), or a dimension's."""
    return _("Overall") if c.id == "overall" else localized(c.name)


# --- notes on dated facts ----------------------------------------------------------------------


def later_facts_note(scores: Sequence[ClusterScore]) -> str | None:
    """``demo@2014: uses members.total dated 2019, after the assessment (2014).`` for each later fact used."""
    lines = [
        _("{ref}: uses {path} dated {date}, after the assessment ({as_of}).").format(
            ref=s.ref or s.cluster, path=f.path, date=text.date(f.date), as_of=text.date(f.as_of)
        )
        for s in scores
        for f in s.later_facts
    ]
    return " ".join(lines) or None


# --- one change --------------------------------------------------------------------------------


def change_sentence(c: ScoreChange) -> str:
    """One score's change in words: ``Resources: 41.7 to 39.6, -2.1: +0.0 from levels that changed, ...``."""
    name = score_name(c)
    if c.change is None or c.from_levels is None:
        if c.before is None and c.after is None:
            return _("{name}: unknown at both dates.").format(name=name)
        message = (
            _("{name}: {before} to {after}; unknown before, so the change is not defined{counts}.")
            if c.before is None
            else _("{name}: {before} to {after}; unknown after, so the change is not defined{counts}.")
        )
        return message.format(name=name, before=text.score(c.before), after=text.score(c.after), counts=_counts(c))
    levels = (
        _("{gap} from levels that changed").format(gap=text.gap(c.from_levels))
        if not c.levels_changed
        else ngettext(
            "{gap} from {count} level that changed", "{gap} from {count} levels that changed", c.levels_changed
        ).format(gap=text.gap(c.from_levels), count=text.number(c.levels_changed))
    )
    parts = [levels]
    if c.newly_known:
        parts.append(
            ngettext(
                "{gap} from {count} indicator newly known", "{gap} from {count} indicators newly known", c.newly_known
            ).format(gap=text.gap(c.from_known), count=text.number(c.newly_known))
        )
    if c.no_longer_known:
        parts.append(
            ngettext(
                "{gap} from {count} indicator no longer known",
                "{gap} from {count} indicators no longer known",
                c.no_longer_known,
            ).format(gap=text.gap(c.from_unknown), count=text.number(c.no_longer_known))
        )
    sentence = _("{name}: {before} to {after}, {change}: {parts}").format(
        name=name,
        before=text.score(c.before),
        after=text.score(c.after),
        change=text.gap(c.change),
        parts=", ".join(parts),
    )
    if not c.levels_changed and (c.newly_known or c.no_longer_known):
        sentence += " " + _("(no level known at both dates changed)")
    return sentence + "."


def _counts(c: ScoreChange) -> str:
    found = [
        ngettext("{count} indicator newly known", "{count} indicators newly known", n).format(count=text.number(n))
        if known
        else ngettext("{count} indicator no longer known", "{count} indicators no longer known", n).format(
            count=text.number(n)
        )
        for n, known in ((c.newly_known, True), (c.no_longer_known, False))
        if n
    ]
    return f"; {', '.join(found)}" if found else ""


def change_sentences(change: Change) -> list[str]:
    """The overall change and each dimension's, in words, overall first."""
    return [change_sentence(c) for c in (change.overall, *change.dimensions)]


def change_table(change: Change, name: str = "change", *, note: bool = True) -> Table:
    """The indicators that moved: levels before and after, the kind of change, and the points each moved.

    ``note=True`` puts the sentences of :func:`change_sentences` under the table (text formats show no
    paragraphs). Rows hold every field of :class:`~clusterkit.change.IndicatorChange`, ``change`` in
    words and ``dimension_name``; CSV and pages keep the ids, a terminal names each indicator in words.
    """
    dimensions = {d.id: localized(d.name) for d in change.dimensions}
    rows = [
        {**c.model_dump(), "name": localized(c.name)}
        | {"dimension_name": dimensions.get(c.dimension, c.dimension), "change": _(KIND_WORDS[c.kind])}
        for c in change.indicators
        if c.kind != "same"
    ]
    figures = [
        Column("before_level", _("before"), "level"),
        Column("after_level", _("after"), "level"),
        Column("change", _("change")),
        Column("dimension_points", _("dim. points"), "gap"),
        Column("overall_points", _("overall points"), "points"),
    ]
    return Table(
        name,
        _("From {before} to {after}: what moved the scores").format(
            before=_ref(change.before), after=_ref(change.after)
        ),
        [Column("dimension", _("dimension")), Column("id", _("id")), Column("name", _("indicator")), *figures],
        rows,
        note=" ".join(change_sentences(change)) if note else None,
        # NOTE: at 80 columns the names leave no room for the dimension; CSV and pages keep it.
        display_columns=[Column("name", _("indicator")), *figures],
    )


def change_blocks(change: Change, name: str = "change") -> tuple[Block, ...]:
    """A page's blocks for a change: one sentence per score, the table of indicators that moved, the method."""
    sentences = tuple(Paragraph((s,)) for s in change_sentences(change))
    return (*sentences, change_table(change, name, note=False), Paragraph((_(METHOD_NOTE),), "note"))


def _ref(score: ClusterScore) -> str:
    return score.ref or score.cluster


def _score_change_payload(c: ScoreChange) -> dict[str, Any]:
    return {
        "before": rounded(c.before),
        "after": rounded(c.after),
        "change": rounded(c.change, 3),
        "from_levels": rounded(c.from_levels, 3),
        "from_known": rounded(c.from_known, 3),
        "from_unknown": rounded(c.from_unknown, 3),
        "levels_changed": c.levels_changed,
        "newly_known": c.newly_known,
        "no_longer_known": c.no_longer_known,
        "before_coverage": rounded(c.before_coverage, 4),
        "after_coverage": rounded(c.after_coverage, 4),
    }


def change_payload(change: Change) -> dict[str, Any]:
    """A change for JSON/YAML: both sides, the overall and dimension changes split by kind, every indicator."""
    return {
        "framework": change.framework,
        "before": {"ref": _ref(change.before), "assessment": change.before.assessment},
        "after": {"ref": _ref(change.after), "assessment": change.after.assessment},
        "overall": _score_change_payload(change.overall),
        "dimensions": [{"id": d.id, "name": localized(d.name), **_score_change_payload(d)} for d in change.dimensions],
        "indicators": [
            {
                "id": c.id,
                "name": localized(c.name),
                "dimension": c.dimension,
                "weight": c.weight,
                "kind": c.kind,
                "before_level": c.before_level,
                "after_level": c.after_level,
                "before_score": rounded(c.before_score),
                "after_score": rounded(c.after_score),
                "dimension_points": rounded(c.dimension_points, 3),
                "overall_points": rounded(c.overall_points, 3),
            }
            for c in change.indicators
        ],
    }


# --- a history ---------------------------------------------------------------------------------


def _when(date: str) -> float:
    """A date as a number of years, to place it on a time axis (2019-07 is 2019.5)."""
    parts = [int(p) for p in date.split("-")]
    month = parts[1] if len(parts) > 1 else 1
    day = parts[2] if len(parts) > 2 else 1
    return parts[0] + (month - 1) / 12 + (day - 1) / 365.25


def _date(score: ClusterScore) -> str:
    return score.assessment or ""


def history_table(h: History) -> Table:
    """One row per dated assessment: overall score, each dimension's, coverage."""
    dims = [(d.id, localized(d.name)) for d in h.scores[0].dimensions] if h.scores else []
    rows = []
    for s in h.scores:
        row: dict[str, Any] = {"date": _date(s), "ref": _ref(s), "overall": s.overall, "coverage": s.coverage}
        row["date_text"] = text.date(_date(s))
        row.update({d.id: d.score for d in s.dimensions})
        rows.append(row)
    notes = [later_facts_note(h.scores) or ""]
    if not h.scores:
        notes.insert(
            0,
            _("No dated assessment of {cluster} against framework {framework}: the history is empty.").format(
                cluster=h.cluster, framework=repr(h.framework)
            ),
        )
    if h.undated:
        notes.append(
            ngettext("{count} undated assessment left out.", "{count} undated assessments left out.", h.undated).format(
                count=text.number(h.undated)
            )
        )
    return Table(
        "scores",
        _("{cluster}: scores at each assessment ({framework}, 0-100)").format(cluster=h.name, framework=h.framework),
        [
            Column("date", _("date")),
            Column("overall", _("overall"), "score"),
            *(Column(dim_id, name, "score") for dim_id, name in dims),
            Column("coverage", _("coverage"), "share"),
        ],
        rows,
        note=" ".join(n for n in notes if n) or None,
        primary=True,
        # NOTE: at 80 columns a terminal shows the numbers without bars, each dimension's name wrapped.
        display_columns=[
            Column("date_text", _("date")),
            Column("overall", _("overall"), "decimal"),
            *(Column(dim_id, name, "decimal") for dim_id, name in dims),
            Column("coverage", _("coverage"), "share"),
        ],
    )


def splits_table(h: History) -> Table:
    """Each change from one assessment to the next, overall and per dimension, split by kind."""
    rows = [
        {
            "from": _date(c.before),
            "to": _date(c.after),
            "span": f"{_date(c.before)}→{_date(c.after)}",
            "score": score_name(s),
            "id": s.id,
            "before": s.before,
            "after": s.after,
            "change": s.change,
            "from_levels": s.from_levels,
            "from_known": s.from_known,
            "from_unknown": s.from_unknown,
        }
        for c in h.changes
        for s in (c.overall, *c.dimensions)
    ]
    return Table(
        "changes",
        _("Changes between assessments, split by kind (points)"),
        [
            Column("from", _("from")),
            Column("to", _("to")),
            Column("score", _("score")),
            Column("before", _("before"), "score"),
            Column("after", _("after"), "score"),
            Column("change", _("change"), "gap"),
            Column("from_levels", _("levels"), "gap"),
            Column("from_known", _("newly known"), "gap"),
            Column("from_unknown", _("no longer known"), "gap"),
        ],
        rows,
        note=_(METHOD_NOTE) + " " + _("On a terminal: +known newly known, -known no longer known.") if rows else None,
        display_columns=[
            Column("span", _("dates")),
            Column("score", _("score")),
            Column("before", _("before"), "decimal"),
            Column("after", _("after"), "decimal"),
            Column("change", _("change"), "gap"),
            Column("from_levels", _("levels"), "gap"),
            Column("from_known", _("+known"), "gap"),
            Column("from_unknown", _("-known"), "gap"),
        ],
    )


def trend_figure(h: History, values: Table) -> Figure:
    """The scores over the dates: the overall score and each dimension's, one line each."""
    dates = tuple(_date(s) for s in h.scores)
    series = [Series("overall", _("Overall"), tuple(s.overall for s in h.scores))]
    for n, d in enumerate(h.scores[0].dimensions):
        series.append(Series(d.id, localized(d.name), tuple(s.dimensions[n].score for s in h.scores)))
    described = "; ".join(
        f"{s.name}: " + ", ".join(f"{date} {text.score(v)}" for date, v in zip(dates, s.values, strict=True))
        for s in series
    )
    chart = TrendChart(
        title=_("{cluster}: scores over time").format(cluster=h.name),
        description=_("Scores out of 100 at each assessment.") + f" {described}.",
        dates=dates,
        at=tuple(_when(d) for d in dates),
        series=tuple(series),
    )
    caption = (
        _(
            "Overall and dimension scores of {cluster} at each dated assessment ({framework} framework, 0-100); "
            "an unknown score has no point."
        ).format(cluster=h.name, framework=h.framework),
    )
    return Figure("fig-trend", chart, caption, Table(values.name, values.title, values.columns, values.rows))


def _change_name(c: Change) -> str:
    return slug(f"change-{_date(c.before)}-{_date(c.after)}")


def history_payload(h: History) -> dict[str, Any]:
    """A history for JSON/YAML: the method, each assessment's scores and later facts, each change explained."""
    return {
        "cluster": {"id": h.cluster, "name": h.name},
        "framework": h.framework,
        "method": {"missing": h.missing, "aggregation": h.aggregation, "normalisation": h.normalisation},
        "assessments": [
            {
                "date": s.assessment,
                "ref": _ref(s),
                "overall": rounded(s.overall),
                "coverage": rounded(s.coverage, 4),
                "dimensions": [
                    {
                        "id": d.id,
                        "name": d.name,
                        "score": rounded(d.score),
                        "coverage": rounded(d.coverage, 4),
                        "known": d.known,
                        "total": d.total,
                    }
                    for d in s.dimensions
                ],
                "facts_as_of": s.facts_as_of,
                "later_facts": [{"path": f.path, "date": f.date, "as_of": f.as_of} for f in s.later_facts],
            }
            for s in h.scores
        ],
        "changes": [{"from": _date(c.before), "to": _date(c.after), **change_payload(c)} for c in h.changes],
        "undated": h.undated,
    }


def history_view(h: History) -> View:
    """What ``clusterkit history ID`` shows: the scores at each date, the changes split by kind, each explained.

    CSV writes the scores at each date; a page draws them as a trend chart first.
    """
    scores = history_table(h)
    splits = splits_table(h)
    tables = [scores, splits, *(change_table(c, _change_name(c)) for c in h.changes)]
    sections: list[Section] = []
    if h.scores:
        over_time = _("Scores over time")
        sections.append(Section("trend", over_time, (trend_figure(h, scores),)))
        if scores.note:
            sections[0] = Section("trend", over_time, (*sections[0].blocks, Paragraph((scores.note,), "note")))
    else:
        sections.append(Section("scores", scores.title, (scores,)))
    if h.changes:
        sections.append(Section("changes", splits.title, (splits,)))
    for c in h.changes:
        name = _change_name(c)
        title = _("From {before} to {after}").format(before=text.date(_date(c.before)), after=text.date(_date(c.after)))
        sections.append(Section(name, title, change_blocks(c, name)))
    return View(
        kind="history",
        title=scores.title,
        tables=tables,
        payload=history_payload(h),
        sections=tuple(sections),
    )
