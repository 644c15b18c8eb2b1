"""The view of a strategy audit: tables, the JSON payload, the page's figures and the inconsistencies' texts.

:func:`audit_view` is what ``clusterkit audit`` shows; :func:`audit_blocks` is the audit section of
a cluster report (the report's view passes its own way of citing). Every number people read is
spelled by :mod:`clusterkit.text`; the payload keeps the numbers (fractions rounded to 4 decimals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from clusterkit import text
from clusterkit.audit import (
    SHARE_SUM_TOLERANCE,
    AttainmentFormula,
    AuditResult,
    AxisAudit,
    BudgetAudit,
    BudgetLine,
    BudgetShares,
    CountsSum,
    Inconsistency,
    IndexAudit,
    IndexFormula,
    PlannedUnits,
    ShareCount,
    SharesSum,
    SourcesDisagree,
    StatusLine,
    TargetAchieved,
    TargetAudit,
    TargetPlanned,
    TotalPlanned,
    UnknownReason,
)
from clusterkit.models import STATUSES
from clusterkit.records import unique
from clusterkit.views import (
    Bar,
    BarChart,
    Block,
    Card,
    Cite,
    Column,
    Figure,
    Heading,
    Item,
    Items,
    Paragraph,
    Section,
    Strong,
    Table,
    Text,
    View,
    cite,
    rounded,
    slug,
)

Citer = Callable[[Sequence[str]], Cite]

# The whole a share is set against (the 100 % a strategy planned).
WHOLE = 1.0

# The formulas, as people read them, by the id the audit gives.
INDEX_FORMULAS: dict[IndexFormula, str] = {
    "mean_of_known_components": (
        "index = mean of the known components; "
        "implementation = unweighted mean of the axes' achievement rates, over the axes where it is known; "
        "attainment = mean of the targets' attainments, each clamped to [0, 1], over the targets where it is known"
    ),
}
ATTAINMENT_FORMULAS: dict[AttainmentFormula, str] = {
    "from_baseline": "(actual - baseline) / (target - baseline)",
    "of_target": "actual / target",
}
# Why a target's attainment is unknown, by the audit's reason code (``stated``: the source's own words).
UNKNOWN_REASONS: dict[UnknownReason, str] = {
    "no_actual": "no actual figure is given",
    "no_target": "no target is given",
    "zero_target": "the target is zero",
}


# --- the words for the audit's codes -------------------------------------------------------------------


def formula_text(target: TargetAudit) -> str | None:
    """The formula a target's attainment was computed with (``actual / target``); None when unknown."""
    return None if target.formula is None else ATTAINMENT_FORMULAS[target.formula]


def unknown_reason_text(target: TargetAudit) -> str | None:
    """Why a target's attainment is unknown: the source's words, or the audit's reason in words; None when known."""
    if target.unknown_reason is None:
        return None
    if target.unknown_reason == "stated":
        return target.stated_reason
    return UNKNOWN_REASONS[target.unknown_reason]


def budget_item(line: BudgetLine) -> str:
    """What a budget line is, for people: ``total``, ``total (other source)``, ``share of axis-1 + axis-2``."""
    if line.role == "total":
        return "total"
    if line.role == "alternative_total":
        return "total (other source)"
    return "share of " + " + ".join(line.axes)


# --- the JSON payload ------------------------------------------------------------------------------


def status_payload(line: StatusLine) -> dict[str, Any]:
    """One status line in the JSON (``statuses`` only for a combined figure)."""
    out: dict[str, Any] = {}
    if len(line.statuses) > 1:
        out["statuses"] = line.statuses
    out.update(
        {
            "count": line.count,
            "count_basis": line.count_basis,
            "share": rounded(line.share, 4),
            "share_basis": line.share_basis,
            "computed_share": rounded(line.computed_share, 4),
            "qualifier": line.qualifier,
            "source": line.source,
            "note": line.note,
        }
    )
    return out


def axis_payload(axis: AxisAudit) -> dict[str, Any]:
    """One axis in the JSON: single statuses by name, combined figures in a list."""
    return {
        "id": axis.id,
        "name": axis.name,
        "kind": axis.kind,
        "unit": axis.unit,
        "planned": axis.planned,
        "planned_projects": axis.planned_projects,
        "statuses_complete": axis.statuses_complete,
        "statuses": {line.statuses[0]: status_payload(line) for line in axis.statuses if len(line.statuses) == 1},
        "combined": [status_payload(line) for line in axis.statuses if len(line.statuses) > 1],
        "stated_share_sum": rounded(axis.stated_share_sum, 4),
        "achievement_rate": rounded(axis.achievement_rate, 4),
        "achievement_basis": axis.achievement_basis,
        "budget_share": axis.budget_share,
        "sources": axis.sources,
    }


def target_payload(target: TargetAudit) -> dict[str, Any]:
    """One target in the JSON: ``attainment`` clamped to [0, 1], ``attainment_unclamped`` the raw ratio."""
    clamped = None if target.attainment is None else min(1.0, max(0.0, target.attainment))
    return {
        "id": target.id,
        "name": target.name,
        "axis": target.axis,
        "unit": target.unit,
        "baseline": target.baseline,
        "baseline_year": target.baseline_year,
        "target": target.target,
        "target_year": target.target_year,
        "actual": target.actual,
        "actual_year": target.actual_year,
        "qualifiers": target.qualifiers,
        "attainment": rounded(clamped, 4),
        "attainment_unclamped": rounded(target.attainment, 4),
        "formula": formula_text(target),
        "unknown_reason": unknown_reason_text(target),
        "sources": target.sources,
    }


def budget_line_payload(line: BudgetLine) -> dict[str, Any]:
    """One budget line in the JSON: ``item`` (what it is, for people), then its figures."""
    return {"item": budget_item(line), **line.model_dump(exclude={"role"})}


def budget_payload(budget: BudgetAudit) -> dict[str, Any]:
    """The budget in the JSON: the main total, the other sources' totals and the shares."""
    return {
        "total": budget_line_payload(budget.totals[0]) if budget.totals else None,
        "alternatives": [budget_line_payload(line) for line in budget.totals[1:]],
        "shares": [budget_line_payload(line) for line in budget.shares],
    }


def index_payload(index: IndexAudit) -> dict[str, Any]:
    """The index in the JSON, with what each component covers."""
    return {
        "formula": INDEX_FORMULAS[index.formula],
        "value": rounded(index.value, 4),
        "components": {
            "implementation": {
                "value": rounded(index.implementation, 4),
                "axes_covered": len(index.axes_covered),
                "axes_total": index.axes_total,
                "axes": index.axes_covered,
            },
            "attainment": {
                "value": rounded(index.attainment, 4),
                "targets_covered": len(index.targets_covered),
                "targets_total": index.targets_total,
                "targets": index.targets_covered,
            },
        },
    }


def inconsistency_payload(issue: Inconsistency) -> dict[str, Any]:
    """One inconsistency in the JSON: its check, where, the text people read, and the sources."""
    return {
        "kind": issue.kind,
        "axis": issue.axis,
        "field": issue.field,
        "text": inconsistency_text(issue),
        "sources": issue.sources,
    }


def audit_payload(a: AuditResult) -> dict[str, Any]:
    """The JSON/YAML payload of an audit (see docs/audit.md, "The JSON document")."""
    return {
        "strategy": a.strategy.model_dump(),
        "axes": [axis_payload(axis) for axis in a.axes],
        "targets": [target_payload(t) for t in a.targets],
        "budget": budget_payload(a.budget),
        "findings": [f.model_dump() for f in a.findings],
        "inconsistencies": [inconsistency_payload(i) for i in a.inconsistencies],
        "index": index_payload(a.index),
    }


# --- the inconsistencies' texts ----------------------------------------------------------------------


def statuses_text(statuses: Sequence[str]) -> str:
    """Statuses reported together, in words: ``cancelled or not started``."""
    return " or ".join(text.words(s) for s in statuses)


def inconsistency_text(issue: Inconsistency) -> str:
    """What an inconsistency says, with the figures its check found."""
    if isinstance(issue, PlannedUnits):
        return (
            f"{text.number(issue.planned)} {issue.unit} are planned and divided into "
            f"{text.number(issue.projects)} projects: counts and shares may refer to either total"
        )
    if isinstance(issue, SharesSum):
        parts = " + ".join(text.share(s) for s in issue.shares)
        return (
            f"the stated shares ({parts}) sum to {text.share(issue.total)}, "
            f"{'more' if issue.over else 'less'} than {text.share(WHOLE)} ± {text.percentage_points(issue.tolerance)}"
        )
    if isinstance(issue, ShareCount):
        return _share_count_text(issue)
    if isinstance(issue, CountsSum):
        return _counts_sum_text(issue)
    if isinstance(issue, TargetPlanned):
        return (
            f"target {issue.target!r} plans {text.number(issue.value)} {issue.unit}, "
            f"the axis plans {text.number(issue.planned)}"
        )
    if isinstance(issue, TargetAchieved):
        basis = text.number(issue.achieved)
        if issue.achieved_share is not None and issue.planned is not None:
            basis += f" ({text.share(issue.achieved_share)} of {text.number(issue.planned)})"
        return (
            f"target {issue.target!r} counts {text.number(issue.actual)} {issue.unit} carried out, "
            f"the axis has {basis} achieved"
        )
    if isinstance(issue, TotalPlanned):
        return (
            f"the axes plan {text.number(issue.counted)} actions ({', '.join(issue.axes)}), "
            f"the strategy {text.number(issue.total)} in all"
        )
    if isinstance(issue, BudgetShares):
        return f"budget shares of separate axes sum to {text.share(issue.total)}, more than {text.share(WHOLE)}"
    return _sources_disagree_text(issue)


def _share_count_text(issue: ShareCount) -> str:
    label, share, planned = statuses_text(issue.statuses), text.share(issue.share), text.number(issue.planned)
    if issue.count is None:
        return f"{label}: no whole number of the {planned} planned {issue.unit} makes {share}"
    count = text.number(issue.count)
    out = f"{label}: the stated {share} is not {count} of {planned} {issue.unit} ({text.share(issue.computed_share)})"
    if issue.projects is not None:
        out += f"; it is {count} of the {text.number(issue.projects)} projects ({text.share(issue.project_share)})"
    return out


def _counts_sum_text(issue: CountsSum) -> str:
    parts = " + ".join(f"{text.number(p.count)} {statuses_text(p.statuses)}" for p in issue.parts)
    planned, total = text.number(issue.planned), text.number(issue.total)
    if issue.shares is not None:
        stated = " + ".join(text.share(s) for s in issue.shares)
        out = (
            f"the stated shares ({stated} = {text.share(issue.share_sum)}) of the {planned} planned {issue.unit} "
            f"correspond to {parts} = {total}"
        )
    else:
        out = f"the counts ({parts}) sum to {total}"
    if issue.over:
        out += f", more than the {planned} planned {issue.unit}"
    else:
        verb = "has" if issue.missing == 1 else "have"
        out += f", short of the {planned} planned {issue.unit}: {text.number(issue.missing)} {verb} no status"
    if issue.projects is not None:
        out += f" (it matches the {text.number(issue.projects)} projects)"
    return out


def _sources_disagree_text(issue: SourcesDisagree) -> str:
    listed = "; ".join(f"{text.qualified(text.stated(v.value), v.qualifier)} per {v.source}" for v in issue.values)
    main = text.stated(issue.values[0].value)
    close = unique(text.stated(v.value) for v in issue.values if v.verdict == "agrees")
    apart = unique(text.stated(v.value) for v in issue.values if v.verdict == "disagrees")
    verdicts = []
    if close:
        verdicts.append(f"{' and '.join(close)} {'agrees' if len(close) == 1 else 'agree'} with {main} within rounding")
    if apart:
        verb = "does" if len(apart) == 1 else "do"
        verdicts.append(f"{' and '.join(apart)} {verb} not" + ("" if close else f" agree with {main}"))
    return f"{issue.field}: {listed}: {'; '.join(verdicts)}"


# --- tables ------------------------------------------------------------------------------------------


def _describe(line: StatusLine) -> str:
    """A figure reported for several statuses together: ``20 %``, ``3, 30 %``."""
    parts = []
    if line.count is not None:
        parts.append(text.number(line.count))
    if line.share is not None:
        parts.append(text.share(line.share))
    return ", ".join(parts)


def index_text(index: IndexAudit) -> str:
    """What the index covers: ``implementation 24 % over 4 of 6 axes; attainment 37.1 % over 10 of 14 targets``."""
    return (
        f"implementation {text.share(index.implementation)} over {text.number(len(index.axes_covered))} of "
        f"{text.number(index.axes_total)} axes; attainment {text.share(index.attainment)} over "
        f"{text.number(len(index.targets_covered))} of {text.number(index.targets_total)} targets"
    )


def axes_table(a: AuditResult) -> Table:
    """Implementation by axis: counts and shares by status (CSV), ``count (share)`` cells for people."""
    present = [s for s in STATUSES if any(axis.status(s) is not None for axis in a.axes)]
    columns = [Column("id", "axis"), Column("name", "name"), Column("planned", "planned", "number")]
    for status in present:
        label = text.words(status)
        columns += [Column(status, label, "number"), Column(f"{status}_share", f"{label} %", "share")]
    columns += [
        Column("combined", "reported together"),
        Column("achievement_rate", "achievement rate", "share"),
        Column("derived", "derived"),
    ]
    rows = []
    for axis in a.axes:
        row: dict[str, Any] = {"id": axis.id, "name": axis.name, "planned": axis.planned}
        derived: list[str] = []
        for status in present:
            line = axis.status(status)
            row[status] = line.count if line else None
            row[f"{status}_share"] = line.share if line else None
            if line and line.count_basis == "derived":
                derived.append(f"{statuses_text(line.statuses)} count")
            if line and line.share_basis == "derived":
                derived.append(f"{statuses_text(line.statuses)} share")
        row["combined"] = "; ".join(
            f"{statuses_text(line.statuses)}: {_describe(line)}" for line in axis.statuses if len(line.statuses) > 1
        )
        row["achievement_rate"] = axis.achievement_rate
        row["derived"] = ", ".join(derived)
        row["axis"] = axis.id
        for status in present:
            line = axis.status(status)
            row[f"{status}_text"] = (
                None
                if line is None
                else text.count_share(
                    line.count,
                    line.share,
                    count_derived=line.count_basis == "derived",
                    share_derived=line.share_basis == "derived",
                )
            )
        rows.append(row)
    note = (
        f"implementation index {text.share(a.index.value)} ({index_text(a.index)}). "
        "Derived: a count from share x planned, a share from count / planned."
    )
    display = [Column("axis", "axis"), Column("planned", "planned", "number")]
    display += [Column(f"{status}_text", text.words(status)) for status in present]
    combined = [f"{row['id']}: {row['combined']}" for row in rows if row.get("combined")]
    note += " In the status columns: count (share); * marks a derived figure."
    if combined:
        note += " Reported together: " + "; ".join(combined) + "."
    return Table(
        "axes",
        f"{a.strategy.name}: implementation by axis",
        columns,
        rows,
        note=note,
        primary=True,
        display_columns=display,
    )


def _figure_text(value: float | None, qualifier: str | None, year: int | None) -> str | None:
    """A target's figure as the source gives it (``almost 2 (2012)``); None, shown as unknown, when absent."""
    return None if value is None else text.figure(value, qualifier, year)


def target_figures(t: TargetAudit) -> dict[str, str | None]:
    """A target's baseline, target and actual figures as the source gives them (row keys of those names)."""
    return {
        "baseline": _figure_text(t.baseline, t.qualifiers.get("baseline"), t.baseline_year),
        "target": _figure_text(t.target, t.qualifiers.get("target"), t.target_year),
        "actual": _figure_text(t.actual, t.qualifiers.get("actual"), t.actual_year),
    }


def targets_table(a: AuditResult) -> Table:
    """Every target with its figures as the source gives them and its attainment."""
    rows = [
        {
            "id": t.id,
            "axis": t.axis,
            "unit": t.unit,
            **target_figures(t),
            "attainment": t.attainment,
            "basis": formula_text(t) or unknown_reason_text(t),
            "sources": t.sources,
        }
        for t in a.targets
    ]
    return Table(
        "targets",
        "Targets",
        [
            Column("id", "target"),
            Column("axis", "axis"),
            Column("unit", "unit"),
            Column("baseline", "baseline"),
            Column("target", "target"),
            Column("actual", "actual"),
            Column("attainment", "attainment", "share"),
            Column("basis", "formula or why unknown"),
            Column("sources", "source"),
        ],
        rows,
        display_columns=[
            Column("id", "target"),
            Column("baseline", "baseline"),
            Column("target", "target"),
            Column("actual", "actual"),
            Column("attainment", "attainment", "share"),
            Column("basis", "formula or why unknown"),
        ],
        note="attainment: "
        + ATTAINMENT_FORMULAS["from_baseline"]
        + " when a baseline below the target is given, else "
        + ATTAINMENT_FORMULAS["of_target"],
    )


def _budget_value(line: BudgetLine) -> str:
    if line.amount is not None and line.currency is not None:
        value = text.money(line.amount, line.currency)
    else:
        value = text.share(line.share)
    return text.qualified(value, line.qualifier)


def budget_table(a: AuditResult) -> Table:
    """The budget as each source gives it, then the axes' shares."""
    rows = [
        {"item": budget_item(line), "value": _budget_value(line), "source": line.source, "note": line.note or ""}
        for line in [*a.budget.totals, *a.budget.shares]
    ]
    return Table(
        "budget",
        "Budget",
        [Column("item", "item"), Column("value", "value"), Column("source", "source"), Column("note", "note")],
        rows,
    )


def findings_table(a: AuditResult) -> Table:
    """The evaluation's findings, most severe first."""
    return Table(
        "findings",
        "Findings",
        [Column("severity", "severity"), Column("id", "finding"), Column("text", "text"), Column("sources", "source")],
        [f.model_dump() for f in a.findings],
    )


def inconsistencies_table(a: AuditResult) -> Table:
    """Where the data disagrees with itself, check by check."""
    return Table(
        "inconsistencies",
        "Inconsistencies in the data",
        [Column("kind", "check"), Column("where", "where"), Column("text", "text"), Column("sources", "source")],
        [
            {"kind": i.kind, "where": i.axis or i.field, "text": inconsistency_text(i), "sources": i.sources}
            for i in a.inconsistencies
        ],
        note=(
            "shares are read as rounded to whole percentage points; the stated shares of an axis "
            f"may sum to {text.share(WHOLE)} ± {text.percentage_points(SHARE_SUM_TOLERANCE)}"
        ),
    )


def audit_tables(a: AuditResult) -> list[Table]:
    """The audit's tables: axes (the CSV one), targets, budget, findings, inconsistencies."""
    return [axes_table(a), targets_table(a), budget_table(a), findings_table(a), inconsistencies_table(a)]


# --- page blocks: the index, the two figures, findings and inconsistencies ---------------------------


def index_blocks(a: AuditResult, cite: Citer) -> tuple[Block, ...]:
    """The index in a sentence, its formula, and the evaluation the audit rests on."""
    index = a.index
    blocks: list[Block] = [
        Paragraph(("Implementation index ", Strong(text.share(index.value)), f": {index_text(index)}.")),
        Paragraph((f"{INDEX_FORMULAS[index.formula]}.",), "note"),
    ]
    if a.strategy.evaluation:
        source = a.strategy.evaluation_source
        evaluation: Text = (f"Evaluation: {a.strategy.evaluation} ",)
        blocks.append(Paragraph((*evaluation, cite([source])) if source else evaluation, "note"))
    return tuple(blocks)


def _axis_label(axis: AxisAudit) -> str:
    return axis.name + (" (measure)" if axis.kind == "measure" else "")


def against_plan_figure(
    fig_id: str,
    title: str,
    lead: str,
    bars: Sequence[tuple[str, Bar]],
    *,
    tone: Literal["accent", "good"],
    caption: str,
    sources: Iterable[str],
    cite: Citer,
    values: Table,
) -> Figure:
    """Shares as bars against the whole (100 %) the strategy planned, with a caption and the plotted values.

    ``bars`` pairs each bar with the name the chart's description gives it (``lead`` then
    ``name share; ...``). The caption ends with every one of ``sources`` cited once; ``values``
    is the table of the plotted values.
    """
    chart = BarChart(
        title,
        lead + "; ".join(f"{name} {bar.text}" for name, bar in bars),
        tuple(bar for _, bar in bars),
        scale_max=max([WHOLE] + [bar.value for _, bar in bars if bar.value is not None]),
        tone=tone,
        reference=WHOLE,
        reference_label=text.share(WHOLE),
    )
    return Figure(fig_id, chart, (caption, cite(unique(sources)), "."), values)


def axes_figure(a: AuditResult, cite: Citer) -> Figure:
    """Achievement per axis as bars against 100 %, with the plotted values."""
    axes = a.axes
    bars = [
        (
            axis.name,
            Bar(
                _axis_label(axis),
                axis.achievement_rate,
                text.share(axis.achievement_rate),
                f"  ({axis.achievement_basis})" if axis.achievement_basis == "derived" else "",
            ),
        )
        for axis in axes
    ]
    return against_plan_figure(
        "fig-audit-axes",
        f"{a.strategy.name}: achievement per axis",
        f"Share of planned actions achieved, per axis, against {text.share(WHOLE)}: ",
        bars,
        tone="accent",
        caption=(
            f"Achievement per axis of {a.strategy.name}: the share of the planned actions achieved, "
            f"against the {text.share(WHOLE)} the strategy planned; hatched: unknown. Source: "
        ),
        sources=(c for axis in axes for c in axis.sources),
        cite=cite,
        values=Table(
            "audit-axes-values",
            "Values plotted in the achievement chart",
            [
                Column("name", "axis"),
                Column("planned", "planned", "number"),
                Column("achievement_rate", "achievement rate", "share"),
                Column("basis", "basis"),
                Column("sources", "source", "sources"),
            ],
            [
                {
                    "name": axis.name,
                    "planned": axis.planned,
                    "achievement_rate": axis.achievement_rate,
                    "basis": axis.achievement_basis,
                    "sources": axis.sources,
                }
                for axis in axes
            ],
            row_headers=True,
        ),
    )


def targets_figure(a: AuditResult, cite: Citer) -> Figure | Paragraph:
    """Attainment per target as bars against 100 %, with the plotted values; a note when there is no target."""
    targets = a.targets
    if not targets:
        return Paragraph(("The strategy sets no quantified target.",), "unknown")
    return against_plan_figure(
        "fig-audit-targets",
        f"{a.strategy.name}: attainment per target",
        f"Attainment of each target, against {text.share(WHOLE)}: ",
        [(t.name, Bar(t.name, t.attainment, text.share(t.attainment))) for t in targets],
        tone="good",
        caption=(
            f"Attainment of each target of {a.strategy.name} against {text.share(WHOLE)}; hatched: unknown (no actual "
            "figure or no target in the sources), not zero. Source: "
        ),
        sources=(c for t in targets for c in t.sources),
        cite=cite,
        values=Table(
            "audit-targets-values",
            "Values plotted in the attainment chart",
            [
                Column("name", "target"),
                Column("unit", "unit"),
                Column("baseline", "baseline", "number"),
                Column("target", "target", "number"),
                Column("actual", "actual", "number"),
                Column("attainment", "attainment", "share"),
                Column("basis", "formula or why unknown"),
                Column("sources", "source", "sources"),
            ],
            [
                {
                    "name": t.name,
                    "unit": t.unit,
                    **target_figures(t),
                    "attainment": t.attainment,
                    "basis": formula_text(t) or unknown_reason_text(t) or "",
                    "sources": t.sources,
                }
                for t in targets
            ],
            row_headers=True,
        ),
    )


def findings_blocks(a: AuditResult, cite: Citer) -> tuple[Block, ...]:
    """The findings as a list tagged by severity, each with its citations."""
    if not a.findings:
        return Heading("Findings"), Paragraph(("None recorded.",), "unknown")
    items = tuple(Item((f"{f.text} ", cite(f.sources)), tag=f.severity) for f in a.findings)
    return Heading("Findings"), Items(items, "tagged")


def inconsistencies_blocks(a: AuditResult, cite: Citer) -> tuple[Block, ...]:
    """The inconsistencies as a list: where, which check, what it found, and the sources."""
    heading = Heading("Inconsistencies in the data")
    if not a.inconsistencies:
        return heading, Paragraph(("None found.",), "unknown")
    items = tuple(
        Item((Strong(i.axis or i.field), f" ({i.kind}): {inconsistency_text(i)} ", cite(i.sources)))
        for i in a.inconsistencies
    )
    note = Paragraph(("Where the sources' own figures disagree; shown, not corrected.",), "note")
    return heading, note, Items(items)


def audit_blocks(a: AuditResult, cite: Citer) -> tuple[Block, ...]:
    """The audit section of a report: index, evaluation, the two figures, budget, findings, inconsistencies."""
    return (
        *index_blocks(a, cite),
        axes_figure(a, cite),
        targets_figure(a, cite),
        Heading("Budget"),
        budget_table(a),
        *findings_blocks(a, cite),
        *inconsistencies_blocks(a, cite),
    )


def audit_card(a: AuditResult) -> Card:
    """The key figure a report shows for its audit: the implementation index."""
    return Card("Implementation index", text.share(a.index.value), a.strategy.id)


def audit_view(a: AuditResult) -> View:
    """What ``clusterkit audit`` shows: the tables, the payload, and a page with the index and both figures."""
    tables = audit_tables(a)
    sections = (
        Section("index", "Implementation index", index_blocks(a, cite)),
        Section("achievement", "Achievement per axis", (axes_figure(a, cite),)),
        Section("attainment", "Attainment per target", (targets_figure(a, cite),)),
        *(Section(slug(t.name), t.title, (t,)) for t in tables),
    )
    return View(kind="audit", title=tables[0].title, tables=tables, payload=audit_payload(a), sections=sections)
