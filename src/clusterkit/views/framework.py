"""The view of ``clusterkit framework``: a framework's dimensions and indicators, or some indicators whole.

Without indicator ids the view lists every dimension and indicator: measured or assessed, the rule
of a measured one, its weight and share of the overall score, and its ESCA / ECEI area. With ids it
shows each of those indicators whole: its question, the rubric of every level 0 to 4, its sources.
The tables keep every field (CSV, workbooks); a terminal shows fewer, combined columns, and a page
groups the indicators by dimension.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from clusterkit import text
from clusterkit.comparison import effective_weights
from clusterkit.i18n import N_, _, localized, ngettext, pgettext
from clusterkit.models import Framework, Indicator, Rule
from clusterkit.views import Column, Table, View, rounded, slug
from clusterkit.views.blocks import Block, Card, Heading, Paragraph, Section, cite

LEVELS = range(5)
OVERVIEW_NOTE = N_(
    "share: the indicator's part of the overall score when every indicator is known. "
    "Show an indicator whole (its question and the rubric of levels 0-4): clusterkit framework ID"
)


def _threshold(rule: Rule, value: float) -> str:
    # A fraction read at a path named *_share is a share: 0.7 reads 70 %. NOTE: a no-break space
    # keeps "70 %" on one line where a text wraps.
    return text.share(value).replace(" ", "\u00a0") if rule.path.endswith("_share") else text.number(value)


def _as_written(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _read(rule: Rule) -> str:
    """What a rule reads, in words: ``members.total``, ``the number of networks``."""
    if rule.measure == "count":
        return _("the number of {path}").format(path=rule.path)
    if rule.measure == "present":
        return _("whether {path} is given").format(path=rule.path)
    return rule.path


def rule_brief(indicator: Indicator) -> str:
    """How an indicator gets its level, short: ``members.total: 1 / 15 / 50 / 100``, or ``assessed 0-4``."""
    rule = indicator.rule
    if rule is None:
        return _("assessed 0-4")
    return f"{_read(rule)}: {' / '.join(_threshold(rule, t) for t in rule.thresholds)}"


def rule_text(indicator: Indicator) -> str:
    """How an indicator gets its level, in full sentences."""
    rule = indicator.rule
    if rule is None:
        return _("Assessed: a judged level 0-4 on the rubric below, with the evidence it rests on.")
    steps = ", ".join(
        _("level {level} from {threshold}").format(level=n, threshold=_threshold(rule, t))
        for n, t in enumerate(rule.thresholds, start=1)
    )
    empty = _(" An empty list counts as 0.") if rule.empty_is_zero else _(" An empty list counts as unknown.")
    return _("Measured from the profile: {read}; the level is the number of thresholds it reaches ({steps}).").format(
        read=_read(rule), steps=steps
    ) + (empty if rule.measure == "count" else "")


def _sources(framework: Framework) -> list[str]:
    # NOTE: an indicator has no citation of its own: it rests on the framework's source.
    return [framework.source] if framework.source else []


def indicator_payload(framework: Framework, indicator: Indicator, share: float) -> dict[str, Any]:
    """One indicator for JSON/YAML: ids, numbers, the rule, the question, the five rubric texts, sources."""
    rule = indicator.rule
    return {
        "id": indicator.id,
        "name": localized(indicator.name),
        "dimension": indicator.dimension,
        "method": "assessed" if rule is None else "measured",
        "rule": None
        if rule is None
        else {
            "path": rule.path,
            "measure": rule.measure,
            "thresholds": list(rule.thresholds),
            "empty_is_zero": rule.empty_is_zero,
        },
        "weight": indicator.weight,
        "share": rounded(share, 4),
        "esca_area": indicator.esca_area,
        "question": localized(indicator.measures),
        "levels": [localized(level) for level in indicator.levels],
        "sources": _sources(framework),
    }


def _dimension_rows(framework: Framework, shares: dict[str, float]) -> list[dict[str, Any]]:
    rows = []
    for d in framework.dimensions:
        members = [i for i in framework.indicators if i.dimension == d.id]
        rows.append(
            {
                "id": d.id,
                "name": localized(d.name),
                "weight": d.weight,
                "share": sum(shares[i.id] for i in members),
                "indicators": len(members),
                "measured": sum(1 for i in members if not i.assessed),
                "assessed": sum(1 for i in members if i.assessed),
                "description": None if d.description is None else localized(d.description),
            }
        )
    return rows


def _indicator_row(
    framework: Framework, ind: Indicator, shares: dict[str, float], names: dict[str, str]
) -> dict[str, Any]:
    rule = ind.rule
    row: dict[str, Any] = {
        "id": ind.id,
        "name": localized(ind.name),
        "title": localized(ind.name),
        "dimension": ind.dimension,
        "dimension_name": names[ind.dimension],
        "method": "assessed" if rule is None else "measured",
        "rule_path": rule.path if rule else None,
        "rule_measure": rule.measure if rule else None,
        # NOTE: as written in the framework (1; 15; 50; 100), for a spreadsheet cell; JSON keeps the numbers.
        "thresholds": "; ".join(_as_written(t) for t in rule.thresholds) if rule else None,
        "how": rule_brief(ind),
        "how_read": _read(rule) if rule else None,
        "how_at": " / ".join(_threshold(rule, t) for t in rule.thresholds) if rule else None,
        "how_text": rule_text(ind),
        "weight": ind.weight,
        "share": shares[ind.id],
        "esca_area": ind.esca_area,
        "question": localized(ind.measures),
        "sources": "; ".join(_sources(framework)),
    }
    row.update({f"level_{n}": localized(ind.levels[n]) for n in LEVELS})
    return row


def _columns() -> list[Column]:
    """Every field of an indicator, as CSV and workbooks write them (ids and numbers kept)."""
    return [
        Column("id", "id"),
        Column("name", _("name")),
        Column("dimension", _("dimension")),
        Column("method", _("method")),
        Column("rule_path", _("rule path")),
        Column("rule_measure", _("rule measure")),
        Column("thresholds", _("thresholds")),
        Column("weight", _("weight"), "number"),
        Column("share", _("share of overall score"), "share"),
        Column("esca_area", _("ESCA/ECEI area")),
        Column("question", _("question")),
        *(Column(f"level_{n}", _("level {level}").format(level=n)) for n in LEVELS),
        Column("sources", _("sources"), "sources"),
    ]


def _dimensions_table(framework: Framework, rows: list[dict[str, Any]]) -> Table:
    return Table(
        "dimensions",
        localized(framework.name),
        [
            Column("id", "id"),
            Column("name", _("dimension")),
            Column("weight", _("weight"), "number"),
            Column("share", _("share of overall score"), "share"),
            Column("indicators", _("indicators"), "number"),
            Column("measured", pgettext("indicators", "measured"), "number"),
            Column("assessed", pgettext("indicators", "assessed"), "number"),
        ],
        rows,
        # NOTE: the id beside the name, as ``rank --dimension ID`` takes it.
        display_columns=[
            Column("name", _("dimension")),
            Column("id", "id"),
            Column("share", _("share"), "share"),
            Column("indicators", _("indicators"), "number"),
            Column("measured", pgettext("indicators", "measured"), "number"),
            Column("assessed", pgettext("indicators", "assessed"), "number"),
        ],
    )


def _terminal_cells(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with the two cells a terminal shows: the name with the id below it, and how the level is set.

    NOTE: a terminal table gives way by narrowing its widest columns, ids and rule paths included;
    cells set in lines no wider than the longest id and the longest path keep every one whole, and
    fit 80 columns for the bundled framework.
    """
    measured = [r for r in rows if r["method"] == "measured"]
    name_width = max(20, *(len(r["id"]) + len("id: ") for r in rows))
    assessed = _("assessed 0-4")
    how_width = max(len(assessed), *(len(r["how_read"]) for r in measured), 0)
    shown = []
    for r in rows:
        name = "\n".join(textwrap.wrap(r["name"], name_width, break_on_hyphens=False)) or r["name"]
        how = assessed
        if r["method"] == "measured":
            head = _("measured:")
            lead = f"{head} {r['how_read']}"
            at = _("at {thresholds}").format(thresholds=r["how_at"])
            how = f"{lead if len(lead) <= how_width else head + chr(10) + r['how_read']}\n{at}"
        shown.append({**r, "name_cell": f"{name}\nid: {r['id']}", "how_cell": how})
    return shown


def _overview(framework: Framework, shares: dict[str, float], rows: list[dict[str, Any]]) -> list[Table]:
    dims = _dimensions_table(framework, _dimension_rows(framework, shares))
    rows = _terminal_cells(rows)
    measured = sum(1 for r in rows if r["method"] == "measured")
    count = ngettext("{count} indicator", "{count} indicators", len(rows)).format(count=text.number(len(rows)))
    indicators = Table(
        "indicators",
        _("{indicators}: {measured} measured from the profile, {assessed} assessed").format(
            indicators=count, measured=text.number(measured), assessed=text.number(len(rows) - measured)
        ),
        _columns(),
        rows,
        note=_(OVERVIEW_NOTE),
        primary=True,
        display_columns=[
            Column("name_cell", _("indicator")),
            Column("how_cell", _("how the level is set")),
            Column("share", _("share"), "share"),
        ],
    )
    return [dims, indicators]


def _detail(framework: Framework, rows: list[dict[str, Any]]) -> Table:
    return Table(
        "indicators",
        ngettext(
            "{count} indicator of framework {framework}, each with its rubric",
            "{count} indicators of framework {framework}, each with its rubric",
            len(rows),
        ).format(count=text.number(len(rows)), framework=repr(framework.id)),
        _columns(),
        rows,
        primary=True,
        layout="records",
        display_columns=[
            Column("title", _("name")),
            Column("id", "id"),
            Column("weight", _("weight"), "number"),
            Column("share", _("share"), "share"),
            Column("dimension_name", _("dimension")),
            Column("question", _("question")),
            Column("how_text", _("how")),
            *(Column(f"level_{n}", _("level {level}").format(level=n)) for n in LEVELS),
            Column("esca_area", _("ESCA/ECEI area")),
            Column("sources", _("sources"), "sources"),
        ],
    )


# --- the page ----------------------------------------------------------------------------------


def _page_indicators(rows: list[dict[str, Any]]) -> Table:
    """A dimension's indicators on a page, each name with its id below; the rubric is the detail's."""
    return Table(
        "indicators",
        _("indicators"),
        [
            Column("name", _("indicator"), note_key="id"),
            Column("how", _("measured from, thresholds")),
            Column("weight", _("weight"), "number"),
            Column("share", _("share"), "share"),
            Column("esca_area", _("ESCA/ECEI area")),
        ],
        rows,
    )


def _overview_sections(framework: Framework, tables: list[Table]) -> tuple[Section, ...]:
    dims, indicators = tables
    blocks: list[Block] = [Paragraph((localized(framework.description),))] if framework.description else []
    blocks += [dims, Paragraph((_(OVERVIEW_NOTE),), style="note")]
    sections = [Section("dimensions", _("Dimensions"), tuple(blocks))]
    for dim in dims.rows:
        members = [r for r in indicators.rows if r["dimension"] == dim["id"]]
        blocks = [Paragraph((dim["description"],))] if dim["description"] else []
        blocks.append(_page_indicators(members))
        title = _("{dimension}: {share} of the overall score").format(
            dimension=dim["name"], share=text.share(dim["share"])
        )
        sections.append(Section(slug(f"dimension-{dim['id']}"), title, tuple(blocks)))
    return tuple(sections)


def _detail_sections(framework: Framework, rows: list[dict[str, Any]]) -> tuple[Section, ...]:
    sections = []
    for row in rows:
        rubric = Table(
            f"rubric-{row['id']}",
            _("Rubric"),
            [Column("level", _("level"), "level"), Column("text", _("the cluster shows"))],
            [{"level": n, "text": row[f"level_{n}"]} for n in LEVELS],
        )
        facts = _(
            "{id} · {dimension} · weight {weight}, {share} of the overall score · ESCA/ECEI area: {area} · sources: "
        ).format(
            id=row["id"],
            dimension=row["dimension_name"],
            weight=text.number(row["weight"]),
            share=text.share(row["share"]),
            area=row["esca_area"],
        )
        blocks = (
            Paragraph((facts, cite(_sources(framework))), style="note"),
            Heading(_("Question")),
            Paragraph((row["question"],)),
            Heading(_("How the level is set")),
            Paragraph((row["how_text"],)),
            Heading(_("Rubric: what each level means")),
            rubric,
        )
        sections.append(Section(slug(f"indicator-{row['id']}"), row["name"], blocks))
    return tuple(sections)


def framework_view(framework: Framework, indicator_ids: Sequence[str] = ()) -> View:
    """What ``clusterkit framework`` shows: every dimension and indicator, or the indicators asked for whole.

    ``indicator_ids`` must be ids of the framework (raises KeyError for another); each is shown once,
    in the order given. The payload holds the framework, its dimensions and the indicators shown.
    """
    shares = effective_weights(framework)
    names = {d.id: localized(d.name) for d in framework.dimensions}
    chosen = [framework.indicator(i) for i in dict.fromkeys(indicator_ids)] or list(framework.indicators)
    rows = [_indicator_row(framework, i, shares, names) for i in chosen]
    dims = _dimension_rows(framework, shares)
    payload = {
        "framework": {
            "id": framework.id,
            "name": localized(framework.name),
            "description": None if framework.description is None else localized(framework.description),
            "source": framework.source,
        },
        "dimensions": [
            {
                k: d[k] if k != "share" else rounded(d[k], 4)
                for k in ("id", "name", "weight", "share", "indicators", "measured", "assessed")
            }
            for d in dims
        ],
        "indicators": [indicator_payload(framework, i, shares[i.id]) for i in chosen],
    }
    measured = sum(1 for i in framework.indicators if not i.assessed)
    cards = (
        Card(_("Dimensions"), text.number(len(framework.dimensions)), _("each a share of the overall score")),
        Card(_("Measured"), text.number(measured), _("indicators read from the profile's facts")),
        Card(
            _("Assessed"),
            text.number(len(framework.indicators) - measured),
            _("indicators judged 0-4 with evidence"),
        ),
    )
    source = (_(" · source "), cite([framework.source])) if framework.source else ()
    meta = ((_("framework {id}").format(id=framework.id), *source),)
    if indicator_ids:
        detail = _detail(framework, rows)
        return View(
            kind="framework",
            title=detail.title,
            tables=[detail],
            payload=payload,
            sections=_detail_sections(framework, rows),
            meta=meta,
        )
    tables = _overview(framework, shares, rows)
    return View(
        kind="framework",
        title=localized(framework.name),
        tables=tables,
        payload=payload,
        sections=_overview_sections(framework, tables),
        meta=meta,
        cards=cards,
    )
