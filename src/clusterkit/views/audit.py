"""The view of a strategy audit: tables, the JSON payload and the page's figures (the texts of its
inconsistencies are in :mod:`clusterkit.views.inconsistencies`).

:func:`audit_view` is what ``clusterkit audit`` shows; :func:`audit_blocks` is the audit section of
a cluster report (the report's view passes its own way of citing). Every number people read is
spelled by :mod:`clusterkit.text`, with its unit (``3,000 companies``, ``0.76 billion MAD``,
``less than 71 %``); the payload keeps the numbers (fractions rounded to 4 decimals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, cast

from clusterkit import text
from clusterkit.audit import (
    SHARE_SUM_TOLERANCE,
    AttainmentFormula,
    AuditResult,
    AxisAudit,
    BudgetAudit,
    BudgetLine,
    FigureAudit,
    Inconsistency,
    IndexAudit,
    IndexFormula,
    ProgrammeAudit,
    StatusLine,
    TargetAudit,
    UnknownReason,
)
from clusterkit.i18n import N_, SOURCE_LANGUAGE, _, localized
from clusterkit.models import STATUSES
from clusterkit.models.languages import in_language
from clusterkit.records import unique
from clusterkit.views import Column, ColumnKind, Table, View, rounded, slug
from clusterkit.views.blocks import (
    Bar,
    BarChart,
    Block,
    Card,
    Cite,
    Figure,
    Heading,
    Item,
    Items,
    Paragraph,
    Section,
    Strong,
    Text,
    cite,
)
from clusterkit.views.inconsistencies import (
    WHOLE,
    basis_text,
    inconsistency_text,
    programme_kind_text,
    severity_text,
    status_text,
    statuses_text,
    unit_text,
)

Citer = Callable[[Sequence[str]], Cite]

# The formulas, as people read them, by the id the audit gives.
INDEX_FORMULAS: dict[IndexFormula, str] = {
    "mean_of_known_components": N_(
        "index = mean of the known components; "
        "implementation = unweighted mean of the axes' achievement rates, over the axes where it is known; "
        "attainment = mean of the targets' attainments, each clamped to [0, 1], over the targets where it is known"
    ),
}
ATTAINMENT_FORMULAS: dict[AttainmentFormula, str] = {
    "from_baseline": N_("(actual - baseline) / (target - baseline)"),
    "of_target": N_("actual / target"),
}
# Why a target's attainment is unknown, by the audit's reason code (``stated``: the source's own words).
UNKNOWN_REASONS: dict[UnknownReason, str] = {
    "no_actual": N_("no actual figure is given"),
    "no_target": N_("no target is given"),
    "zero_target": N_("the target is zero"),
}
# Words the audit's column specs and labels name, translated where shown (see :func:`cols`).
# fmt: off
MARKED_WORDS: tuple[str, ...] = (
    N_("axis"), N_("name"), N_("unit"), N_("planned"), N_("planned projects"),
    N_("reported together or in the source's words"), N_("the source's words"), N_("achievement rate"), N_("derived"),
    N_("baseline"), N_("target"), N_("actual"), N_("attainment"), N_("formula or why unknown"), N_("source"),
    N_("count"), N_("share"), N_("id"), N_("programme"), N_("kind"), N_("what"), N_("what became of it"),
    N_("figures"), N_("note"), N_("figure"), N_("value"), N_("item"), N_("severity"), N_("finding"), N_("text"),
    N_("check"), N_("where (id)"), N_("where"), N_("basis"),
)
# fmt: on


# --- the words for the audit's codes -------------------------------------------------------------------


def formula_text(target: TargetAudit) -> str | None:
    """The formula a target's attainment was computed with (``actual / target``); None when unknown."""
    return None if target.formula is None else _(ATTAINMENT_FORMULAS[target.formula])


def unknown_reason_text(target: TargetAudit) -> str | None:
    """Why a target's attainment is unknown: the source's words, or the audit's reason in words; None when known."""
    if target.unknown_reason is None:
        return None
    return target.stated_reason if target.unknown_reason == "stated" else _(UNKNOWN_REASONS[target.unknown_reason])


def measure_mark(axis: AxisAudit) -> str:
    """`` (measure)`` after an accompanying measure's name; empty for an axis."""
    return " " + _("(measure)") if axis.kind == "measure" else ""


def budget_item(line: BudgetLine, names: dict[str, str] | None = None) -> str:
    """What a budget line is: ``total``, ``total (other source)``, ``share of axis-1 + axis-2`` (each axis
    by ``names[id]`` when given: ``axis-1 Social transformation``)."""
    if line.role == "total":
        return _("total")
    if line.role == "alternative_total":
        return _("total (other source)")
    return _("share of {axes}").format(axes=" + ".join((names or {}).get(axis, axis) for axis in line.axes))


def axis_label(axis: AxisAudit) -> str:
    """An axis with its id and name (``axis-3 Computerisation of SMEs``), a measure marked as one: what CSV
    and pages show, where the id is kept."""
    return f"{axis.id} {axis.name}" + measure_mark(axis)


def axis_title(axis: AxisAudit) -> str:
    """An axis by its name alone (``Computerisation of SMEs``), a measure marked as one: what a terminal shows."""
    return axis.name + measure_mark(axis)


def axis_names(a: AuditResult) -> dict[str, str]:
    """Every axis's label (id and name) by its id."""
    return {axis.id: axis_label(axis) for axis in a.axes}


def axis_titles(a: AuditResult) -> dict[str, str]:
    """Every axis's name (see :func:`axis_title`) by its id."""
    return {axis.id: axis_title(axis) for axis in a.axes}


def combined_label(line: StatusLine) -> str:
    """A figure the source reports for several statuses, or in its words only:
    ``cancelled or not started ("were cancelled or have never started")``, ``"was not achieved"``."""
    if not line.statuses:
        return f'"{line.wording}"'
    return statuses_text(line.statuses) + (f' ("{line.wording}")' if line.wording else "")


def attainment_text(t: TargetAudit) -> str | None:
    """A target's attainment with its bound and the source's own figure: ``9.8 % (stated: 10 %)``."""
    if t.attainment is None:
        return None
    out = text.qualified(text.share(t.attainment), t.attainment_qualifier)
    if t.stated_attainment is None:
        return out
    return f"{out} " + _("(stated: {share})").format(share=text.share(t.stated_attainment))


def index_value_text(index: IndexAudit) -> str:
    """The index as people read it: ``less than 30.6 %`` when a component is an upper bound."""
    return text.qualified(text.share(index.value), index.qualifier if index.value is not None else None)


# --- the JSON payload ------------------------------------------------------------------------------


def status_payload(line: StatusLine) -> dict[str, Any]:
    """One status line in the JSON (``statuses`` only for a combined figure), shares rounded."""
    out: dict[str, Any] = {"statuses": line.statuses} if len(line.statuses) > 1 else {}
    rounded_shares = {"share": rounded(line.share, 4), "computed_share": rounded(line.computed_share, 4)}
    return out | line.model_dump(exclude={"statuses"}) | rounded_shares


def axis_payload(axis: AxisAudit) -> dict[str, Any]:
    """One axis in the JSON: single statuses by name, combined figures in a list, figures with no status apart."""
    lines = axis.statuses
    out = axis.model_dump(exclude={"statuses"})
    out |= {
        "stated_share_sum": rounded(axis.stated_share_sum, 4),
        "achievement_rate": rounded(axis.achievement_rate, 4),
    }
    out["statuses"] = {line.statuses[0]: status_payload(line) for line in lines if len(line.statuses) == 1}
    out["combined"] = [status_payload(line) for line in lines if len(line.statuses) > 1]
    return out | {"other": [status_payload(line) for line in lines if not line.statuses]}


def target_payload(target: TargetAudit) -> dict[str, Any]:
    """One target in the JSON: ``attainment`` clamped to [0, 1], ``attainment_unclamped`` the raw ratio, the
    formula and the reason an attainment is unknown in words."""
    clamped = None if target.attainment is None else min(1.0, max(0.0, target.attainment))
    out = target.model_dump(exclude={"attainment", "formula", "unknown_reason", "stated_reason"})
    out |= {"attainment": rounded(clamped, 4), "attainment_unclamped": rounded(target.attainment, 4)}
    return out | {"formula": formula_text(target), "unknown_reason": unknown_reason_text(target)}


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
    """The index in the JSON, with what each component covers and how exact it is."""
    return {
        "formula": _(INDEX_FORMULAS[index.formula]),
        "value": rounded(index.value, 4),
        "qualifier": index.qualifier,
        "bounded_by": index.bounded_by,
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
    """The JSON/YAML payload of an audit (see docs/audit.md, "The JSON document"): its texts in the run's
    language, but each ``unit`` as the strategy gives it in English, a value programs read (``billion MAD``)."""
    shown = in_language(a)
    payload: dict[str, Any] = {
        "strategy": shown.strategy.model_dump(),
        "axes": [axis_payload(axis) for axis in shown.axes],
        "targets": [target_payload(t) for t in shown.targets],
        "budget": budget_payload(shown.budget),
        "findings": [f.model_dump() for f in shown.findings],
        "inconsistencies": [inconsistency_payload(i) for i in shown.inconsistencies],
        "index": index_payload(shown.index),
        "programmes": [p.model_dump() for p in shown.programmes],
        "figures": [f.model_dump() for f in shown.figures],
        "notes": [n.model_dump() for n in shown.notes],
    }
    units: dict[str, list[str | None]] = {"axes": [x.unit for x in a.axes], "targets": [t.unit for t in a.targets]}
    units["figures"] = [f.unit for f in a.figures]
    for key, given in units.items():
        for row, unit in zip(payload[key], given, strict=True):
            row["unit"] = None if unit is None else localized(unit, SOURCE_LANGUAGE)
    return payload


# --- tables ------------------------------------------------------------------------------------------


def cols(*specs: str) -> list[Column]:
    """Columns from ``key:header`` or ``key:header:kind`` specs (``planned:planned:number``)."""
    out = []
    for spec in specs:
        key, header, *kind = spec.split(":")
        out.append(Column(key, _(header), cast(ColumnKind, kind[0]) if kind else "text"))
    return out


def _describe(line: StatusLine) -> str:
    """A figure by status as people read it: ``2 (22 %)``, ``25* (36 %)``, ``20 %``; a star marks a derived one."""
    derived = {"count_derived": line.count_basis == "derived", "share_derived": line.share_basis == "derived"}
    return text.count_share(line.count, line.share, **derived) or ""


def index_text(index: IndexAudit) -> str:
    """What the index covers: ``implementation 24 % over 4 of 6 axes; attainment 37.1 % over 10 of 14 targets``."""
    return _(
        "implementation {implementation} over {axes} of {axes_total} axes; "
        "attainment {attainment} over {targets} of {targets_total} targets"
    ).format(
        implementation=text.share(index.implementation),
        axes=text.number(len(index.axes_covered)),
        axes_total=text.number(index.axes_total),
        attainment=text.share(index.attainment),
        targets=text.number(len(index.targets_covered)),
        targets_total=text.number(index.targets_total),
    )


def bounds_text(a: AuditResult) -> str:
    """Why the index is a bound: ``an upper bound: GENIE: multimedia suitcases (VMM) produced (less than 71 %)
    ... are bounds, not exact figures`` (the targets by name); empty when it is exact."""
    if not a.index.bounded_by:
        return ""
    attained = {t.id: attainment_text(t) for t in a.targets}
    names = {t.id: t.name for t in a.targets}
    named = ", ".join(
        f"{names.get(i, i)} ({attained[i]})" if attained.get(i) else names.get(i, i) for i in a.index.bounded_by
    )
    q = a.index.qualifier
    if q in ("less_than", "almost"):
        return _("the index is an upper bound: {targets} are bounds, not exact figures").format(targets=named)
    if q != "about":
        return _("the index is a lower bound: {targets} are bounds, not exact figures").format(targets=named)
    return _("the index is approximate: {targets} are bounds, not exact figures").format(targets=named)


def planned_text(axis: AxisAudit) -> str | None:
    """An axis's planned total with its unit: ``69 projects``, ``14 actions (15 projects)``; None when unknown."""
    if axis.planned is None:
        return None
    out = text.quantity(axis.planned, axis.unit, "count")
    if axis.planned_projects is not None and axis.planned_projects != axis.planned:
        projects = text.quantity(axis.planned_projects, _("projects"), "count")
        out += f" ({projects})"
    return out


def axes_table(a: AuditResult) -> Table:
    """Implementation by axis: counts and shares by status (CSV), ``count (share)`` cells for people."""
    present = [s for s in STATUSES if any(axis.status(s) is not None for axis in a.axes)]
    columns = cols(
        "id:axis", "name:name", "unit:unit", "planned:planned:number", "planned_projects:planned projects:number"
    )
    for status in present:
        columns += cols(f"{status}:{status_text(status)}:number", f"{status}_share:{status_text(status)} %:share")
    columns += cols("combined:reported together or in the source's words", "wording:the source's words")
    columns += cols("achievement_rate:achievement rate:share", "derived:derived")
    rows = []
    for axis in a.axes:
        row: dict[str, Any] = {"id": axis.id, "name": axis.name, "unit": axis.unit, "planned": axis.planned}
        row |= {"planned_projects": axis.planned_projects, "axis": axis_label(axis), "planned_text": planned_text(axis)}
        row |= {"title": axis_title(axis)}
        derived: list[str] = []
        for status in present:
            line = axis.status(status)
            row |= {status: None, f"{status}_share": None, f"{status}_text": None}
            if line is None:
                continue
            row |= {status: line.count, f"{status}_share": line.share, f"{status}_text": _describe(line)}
            derived += [
                status_text(status) + " " + _(b) for b in ("count", "share") if getattr(line, f"{b}_basis") == "derived"
            ]
        others = [line for line in axis.statuses if len(line.statuses) != 1]
        row["combined"] = "; ".join(f"{combined_label(line)}: {_describe(line)}" for line in others)
        worded = [line for line in axis.statuses if len(line.statuses) == 1 and line.wording]
        row["wording"] = "; ".join(f'{status_text(line.statuses[0])} "{line.wording}"' for line in worded)
        rows.append(row | {"achievement_rate": axis.achievement_rate, "derived": ", ".join(derived)})
    note = _(
        "implementation index {index} ({covers}). "
        "Derived: a count from share x planned, a share from count / planned. "
        "In the status columns: count (share); * marks a derived figure."
    ).format(index=index_value_text(a.index), covers=index_text(a.index))
    for lead, key in (
        (_("Reported together or in the source's words only: {listed}."), "combined"),
        (_("In the source's words: {listed}."), "wording"),
    ):
        listed = [f"{row['title']}: {row[key]}" for row in rows if row[key]]
        note += " " + lead.format(listed="; ".join(listed)) if listed else ""
    # NOTE: a terminal names each axis in words (the record's title); CSV and pages keep the id beside it.
    display = cols("title:axis", "planned_text:planned", *(f"{s}_text:{status_text(s)}" for s in present))
    title = _("{strategy}: implementation by axis").format(strategy=a.strategy.name)
    # NOTE: records on a terminal: a grid of the names and the six statuses would not fit 80 columns.
    return Table("axes", title, columns, rows, note=note, primary=True, display_columns=display, layout="records")


def target_figures(t: TargetAudit) -> dict[str, str | None]:
    """A target's baseline, target and actual with their unit, as the source gives them (``almost 2 billion
    MAD (2012)``, ``less than 71 %``); None, shown as unknown, when absent."""
    figures = {"baseline": (t.baseline, t.baseline_year), "target": (t.target, t.target_year)}
    figures["actual"] = (t.actual, t.actual_year)
    return {
        name: None
        if value is None
        else text.quantity(value, unit_text(value, t.unit, t.measure), t.measure, t.qualifiers.get(name), year)
        for name, (value, year) in figures.items()
    }


def targets_table(a: AuditResult) -> Table:
    """Every target with its figures and units as the source gives them, and its attainment."""
    names, titles = axis_names(a), axis_titles(a)
    rows: list[dict[str, Any]] = [
        {"id": t.id, "name": t.name, "title": t.name, "axis": t.axis}
        | {"axis_name": names.get(t.axis, t.axis) if t.axis else None}
        | {"axis_title": titles.get(t.axis, t.axis) if t.axis else None}
        | {"unit": t.unit, **target_figures(t), "attainment": t.attainment, "attainment_text": attainment_text(t)}
        | {"basis": formula_text(t) or unknown_reason_text(t), "sources": t.sources}
        for t in a.targets
    ]
    figures = cols("baseline:baseline", "target:target", "actual:actual", "attainment_text:attainment")
    figures += cols("basis:formula or why unknown", "sources:source:sources")
    # NOTE: a terminal titles each target by its name; CSV and pages keep its id and its axis's.
    shown = [*cols("title:target", "axis_title:axis"), *figures]
    note = _(
        "attainment: {from_baseline} when a baseline below the target is given, else "
        "{of_target}; 'less than' or 'almost' when the actual figure is one "
        "(the attainment is then a bound); 'stated': the source's own figure"
    ).format(from_baseline=_(ATTAINMENT_FORMULAS["from_baseline"]), of_target=_(ATTAINMENT_FORMULAS["of_target"]))
    full = [*cols("id:target", "name:name", "axis_name:axis", "unit:unit"), *figures]
    return Table("targets", _("Targets"), full, rows, note=note, display_columns=shown, layout="records")


def programme_figures(a: AuditResult, p: ProgrammeAudit) -> str:
    """The targets and other figures of a programme, each with its unit."""
    parts = []
    for t in (a.target(i) for i in p.targets):
        shown = [_(k) + f" {v}" for k, v in target_figures(t).items() if v is not None]
        shown += [_("attainment") + f" {attainment_text(t)}"] if t.attainment is not None else []
        parts.append(f"{t.name}: {', '.join(shown)}")
    figures = {f.id: f for f in a.figures}
    return "; ".join(parts + [f"{figures[i].name}: {figure_text(figures[i])}" for i in p.figures])


def outcome_text(wording: str, statuses: Sequence[str]) -> str:
    """An outcome in the source's words, with the statuses they name when the words do not say them."""
    named = statuses_text(statuses) if statuses else _("no status given")
    return wording if statuses and named in wording else f"{wording} ({named})"


def programmes_table(a: AuditResult) -> Table:
    """The programmes, plans, projects and actions the sources name: by axis, what became of them, their figures."""
    names, titles = axis_names(a), axis_titles(a)
    rows = []
    for p in a.programmes:
        also = ", ".join(n.name for n in p.other_names)
        title = p.name + (" " + _("(also {names})").format(names=also) if also else "")
        row: dict[str, Any] = {"id": p.id, "title": title, "kind": programme_kind_text(p.kind)}
        row |= {"axis": names.get(p.axis, p.axis) if p.axis else None, "description": p.description or ""}
        row |= {"axis_title": titles.get(p.axis, p.axis) if p.axis else None}
        row |= {"outcome": "; ".join(outcome_text(o.wording, o.statuses) for o in p.outcomes)}
        rows.append(row | {"figures": programme_figures(a, p), "note": p.note or "", "sources": p.sources})
    rest = cols("description:what", "outcome:what became of it", "figures:figures", "note:note")
    rest += cols("sources:source:sources")
    shown = [*cols("title:programme", "kind:kind", "axis_title:axis"), *rest]
    full = [*cols("id:id", "title:programme", "kind:kind", "axis:axis"), *rest]
    return Table("programmes", _("Programmes and projects"), full, rows, display_columns=shown, layout="records")


def figure_text(f: FigureAudit) -> str:
    """A stated figure with its unit and year: ``almost 1,000,000 pupils``, ``7 %``."""
    unit = None if f.value is None else unit_text(f.value, f.unit, f.measure)
    return text.quantity(f.value, unit, f.measure, f.qualifier, f.year)


def figures_table(a: AuditResult) -> Table:
    """The other figures the sources give, each with its unit, axis and programme."""
    names, titles, programmes = axis_names(a), axis_titles(a), {p.id: p.name for p in a.programmes}
    rows = [
        {"id": f.id, "title": f.name, "value": figure_text(f), "axis": names.get(f.axis, f.axis) if f.axis else ""}
        | {"axis_title": titles.get(f.axis, f.axis) if f.axis else ""}
        | {"programme": programmes.get(f.programme, f.programme) if f.programme else ""}
        | {"note": f.note or "", "sources": [f.source]}
        for f in a.figures
    ]
    shown = cols("title:figure", "value:value", "axis_title:axis", "note:note", "sources:source:sources")
    full = cols("id:id", "title:figure", "value:value", "axis:axis", "programme:programme", "note:note")
    full += cols("sources:source:sources")
    return Table("figures", _("Other figures"), full, rows, display_columns=shown, layout="records")


def summary_table(a: AuditResult) -> Table:
    """The strategy: adoption, period, priorities, axes and measures by name, planned actions, evaluation."""
    s = a.strategy
    evaluation = s.evaluation and s.evaluation + (f" ({s.evaluation_year})" if s.evaluation_year else "")
    if evaluation and s.evaluation_description:
        evaluation += f": {s.evaluation_description}"
    planned = None if s.planned is None else text.quantity(s.planned, _("actions"), "count")
    axes = [x for x in a.axes if x.kind == "axis"]
    measures = [x for x in a.axes if x.kind == "measure"]
    # NOTE: CSV and pages list the axes and measures with their ids; a terminal by name ("shown").
    named = {
        "axes": _listed([axis_title(x) for x in axes]),
        "accompanying measures": _listed([x.name for x in measures]),
    }
    items: list[tuple[str, Any, str | None, str | None]] = [
        (N_("strategy"), f"{s.name} ({s.country})", None, None),
        (N_("adopted"), s.adopted, s.adopted_source, None),
        (N_("period"), s.period, s.period_source, None),
        (N_("description"), s.description, s.description_source, None),
        (
            N_("priorities"),
            _listed([p.name for p in s.priorities]),
            "; ".join(unique(p.source for p in s.priorities)),
            None,
        ),
        (N_("axes"), _listed([axis_label(x) for x in axes]), None, None),
        (N_("accompanying measures"), _listed([f"{x.id} {x.name}" for x in measures]), None, None),
        (N_("planned actions"), planned, s.planned_source, s.planned_note),
        (N_("evaluation"), evaluation, s.evaluation_source, None),
    ]
    rows = [
        {"item": _(item), "value": value, "shown": named.get(item, value), "source": source or "", "note": note or ""}
        for item, value, source, note in items
        if value not in (None, "")
    ]
    columns = cols("item:item", "value:value", "source:source", "note:note")
    shown = cols("item:item", "shown:value", "source:source")
    title = _("{strategy}: the strategy").format(strategy=s.name)
    return Table("strategy", title, columns, rows, display_columns=shown)


def _listed(names: list[str]) -> str:
    return _("{count}: {names}").format(count=text.number(len(names)), names="; ".join(names)) if names else ""


def _budget_value(line: BudgetLine) -> str:
    if line.amount is not None and line.currency is not None:
        return text.qualified(text.money(line.amount, line.currency), line.qualifier)
    return text.qualified(text.share(line.share), line.qualifier)


def budget_table(a: AuditResult) -> Table:
    """The budget as each source gives it, then the axes' shares (the axes by name)."""
    names, titles = axis_names(a), axis_titles(a)
    rows = [
        {"item": budget_item(line, names), "title": budget_item(line, titles), "value": _budget_value(line)}
        | {"source": line.source, "note": line.note or ""}
        for line in [*a.budget.totals, *a.budget.shares]
    ]
    rest = cols("value:value", "source:source", "note:note")
    # NOTE: a terminal names the axes of a share in words; CSV and pages keep their ids too.
    return Table("budget", _("Budget"), [*cols("item:item"), *rest], rows, display_columns=[*cols("title:item"), *rest])


def findings_table(a: AuditResult) -> Table:
    """The evaluation's findings, most severe first."""
    columns = cols("severity:severity", "id:finding", "text:text", "sources:source")
    rows = [f.model_dump() | {"severity": severity_text(f.severity)} for f in a.findings]
    return Table("findings", _("Findings"), columns, rows, layout="records")


def inconsistencies_table(a: AuditResult) -> Table:
    """Where the data disagrees with itself, check by check."""
    titles = axis_titles(a)
    rows = [
        {"kind": i.kind, "where": i.axis or i.field, "where_name": titles.get(i.axis, i.axis) if i.axis else i.field}
        | {"title": titles.get(i.axis, i.axis) if i.axis else i.field}
        | {"text": inconsistency_text(i), "sources": i.sources}
        for i in a.inconsistencies
    ]
    note = _(
        "shares are read as rounded to whole percentage points; the stated shares of an axis "
        "may sum to {whole} ± {tolerance}"
    ).format(whole=text.share(WHOLE), tolerance=text.percentage_points(SHARE_SUM_TOLERANCE))
    # NOTE: CSV keeps the axis's id ("where") before its name. A terminal shows records titled by the
    # axis's name (or the field): a grid of four columns, one of long texts, would not fit 80 columns.
    columns = cols("kind:check", "where:where (id)", "where_name:where", "text:text", "sources:source")
    shown = cols("title:where", "kind:check", "text:text", "sources:source:sources")
    return Table(
        "inconsistencies",
        _("Inconsistencies in the data"),
        columns,
        rows,
        note=note,
        display_columns=shown,
        layout="records",
    )


def notes_table(a: AuditResult) -> Table:
    """The profile's notes, on the strategy or on one axis."""
    names, titles = axis_names(a), axis_titles(a)
    rows = [
        {"where": names.get(n.axis, n.axis) if n.axis else _("strategy"), "text": n.text, "source": n.source}
        | {"where_name": titles.get(n.axis, n.axis) if n.axis else _("strategy")}
        for n in a.notes
    ]
    rest = cols("text:note", "source:source")
    return Table(
        "notes", _("Notes"), [*cols("where:where"), *rest], rows, display_columns=[*cols("where_name:where"), *rest]
    )


def audit_tables(a: AuditResult) -> list[Table]:
    """The audit's tables: the strategy, axes (the CSV one), targets, programmes and other figures (when the
    sources name any), budget, findings, inconsistencies and notes (when there are any)."""
    a = in_language(a)
    tables = [summary_table(a), axes_table(a), targets_table(a)]
    tables += [programmes_table(a)] if a.programmes else []
    tables += [figures_table(a)] if a.figures else []
    tables += [budget_table(a), findings_table(a), inconsistencies_table(a)]
    return tables + ([notes_table(a)] if a.notes else [])


# --- page blocks: the index, the two figures, findings and inconsistencies ---------------------------


def index_blocks(a: AuditResult, cite: Citer) -> tuple[Block, ...]:
    """The index in a sentence (with its bound), its formula, and the evaluation the audit rests on."""
    index, bounds = a.index, bounds_text(a)
    formula = _(INDEX_FORMULAS[index.formula]) + "." + (f" {bounds[0].upper()}{bounds[1:]}." if bounds else "")
    lead, _middle, rest = _("Implementation index {index}: {covers}.").partition("{index}")
    blocks: list[Block] = [
        Paragraph((lead, Strong(index_value_text(index)), rest.format(covers=index_text(index)))),
        Paragraph((formula,), "note"),
    ]
    if a.strategy.evaluation:
        source = a.strategy.evaluation_source
        evaluation: Text = (_("Evaluation: {evaluation}").format(evaluation=a.strategy.evaluation) + " ",)
        blocks.append(Paragraph((*evaluation, cite([source])) if source else evaluation, "note"))
    return tuple(blocks)


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


def _axis_bar(axis: AxisAudit) -> Bar:
    label = axis.name + measure_mark(axis)
    detail = "  " + _("(derived)") if axis.achievement_basis == "derived" else ""
    return Bar(label, axis.achievement_rate, text.share(axis.achievement_rate), detail)


def axes_figure(a: AuditResult, cite: Citer) -> Figure:
    """Achievement per axis as bars against 100 %, with the plotted values."""
    axes = a.axes
    bars = [(axis.name, _axis_bar(axis)) for axis in axes]
    values: list[dict[str, Any]] = [
        {"name": axis.name, "planned": planned_text(axis), "achievement_rate": axis.achievement_rate}
        | {"basis": basis_text(axis.achievement_basis), "sources": axis.sources}
        for axis in axes
    ]
    columns = cols("name:axis", "planned:planned", "achievement_rate:achievement rate:share", "basis:basis")
    return against_plan_figure(
        "fig-audit-axes",
        _("{strategy}: achievement per axis").format(strategy=a.strategy.name),
        _("Share of planned actions achieved, per axis, against {whole}: ").format(whole=text.share(WHOLE)),
        bars,
        tone="accent",
        caption=_(
            "Achievement per axis of {strategy}: the share of the planned actions achieved, "
            "against the {whole} the strategy planned; hatched: unknown. Source: "
        ).format(strategy=a.strategy.name, whole=text.share(WHOLE)),
        sources=(c for axis in axes for c in axis.sources),
        cite=cite,
        values=Table(
            "audit-axes-values",
            _("Values plotted in the achievement chart"),
            columns + cols("sources:source:sources"),
            values,
            row_headers=True,
        ),
    )


def targets_figure(a: AuditResult, cite: Citer) -> Figure | Paragraph:
    """Attainment per target as bars against 100 %, with the plotted values; a note when there is no target."""
    targets = a.targets
    if not targets:
        return Paragraph((_("The strategy sets no quantified target."),), "unknown")
    values: list[dict[str, Any]] = [
        {"name": t.name, "unit": t.unit, **target_figures(t), "attainment": attainment_text(t)}
        | {"basis": formula_text(t) or unknown_reason_text(t) or "", "sources": t.sources}
        for t in targets
    ]
    columns = cols("name:target", "unit:unit", "baseline:baseline", "target:target", "actual:actual")
    columns += cols("attainment:attainment", "basis:formula or why unknown", "sources:source:sources")
    return against_plan_figure(
        "fig-audit-targets",
        _("{strategy}: attainment per target").format(strategy=a.strategy.name),
        _("Attainment of each target, against {whole}: ").format(whole=text.share(WHOLE)),
        [(t.name, Bar(t.name, t.attainment, attainment_text(t) or _(text.UNKNOWN))) for t in targets],
        tone="good",
        caption=_(
            "Attainment of each target of {strategy} against {whole}; hatched: unknown (no actual "
            "figure or no target in the sources), not zero. Source: "
        ).format(strategy=a.strategy.name, whole=text.share(WHOLE)),
        sources=(c for t in targets for c in t.sources),
        cite=cite,
        values=Table(
            "audit-targets-values", _("Values plotted in the attainment chart"), columns, values, row_headers=True
        ),
    )


def findings_blocks(a: AuditResult, cite: Citer) -> tuple[Block, ...]:
    """The findings as a list tagged by severity, each with its citations."""
    if not a.findings:
        return Heading(_("Findings")), Paragraph((_("None recorded."),), "unknown")
    items = tuple(
        Item((f"{f.text} ", cite(f.sources)), tag=f.severity, tag_text=severity_text(f.severity)) for f in a.findings
    )
    return Heading(_("Findings")), Items(items, "tagged")


def inconsistencies_blocks(a: AuditResult, cite: Citer) -> tuple[Block, ...]:
    """The inconsistencies as a list: where, which check, what it found, and the sources."""
    heading = Heading(_("Inconsistencies in the data"))
    if not a.inconsistencies:
        return heading, Paragraph((_("None found."),), "unknown")
    items = tuple(
        Item((Strong(i.axis or i.field), f" ({i.kind}): {inconsistency_text(i)} ", cite(i.sources)))
        for i in a.inconsistencies
    )
    note = Paragraph((_("Where the sources' own figures disagree; shown, not corrected."),), "note")
    return heading, note, Items(items)


def audit_blocks(a: AuditResult, cite: Citer) -> tuple[Block, ...]:
    """The audit section of a report: index, evaluation, the two figures, budget, findings, inconsistencies."""
    a = in_language(a)
    return (
        *index_blocks(a, cite),
        axes_figure(a, cite),
        targets_figure(a, cite),
        Heading(_("Budget")),
        budget_table(a),
        *findings_blocks(a, cite),
        *inconsistencies_blocks(a, cite),
    )


def audit_card(a: AuditResult) -> Card:
    """The key figure a report shows for its audit: the implementation index."""
    return Card(_("Implementation index"), index_value_text(a.index), a.strategy.id)


def audit_view(a: AuditResult) -> View:
    """What ``clusterkit audit`` shows: the tables, the payload, and a page with the index and both figures."""
    payload = audit_payload(a)
    # NOTE: the strategy's texts (names, units, notes) in the run's language, for every table and block below.
    a = in_language(a)
    tables = audit_tables(a)
    sections = (
        Section("index", _("Implementation index"), index_blocks(a, cite)),
        Section("achievement", _("Achievement per axis"), (axes_figure(a, cite),)),
        Section("attainment", _("Attainment per target"), (targets_figure(a, cite),)),
        *(Section(slug(t.name), t.title, (t,)) for t in tables),
    )
    return View(kind="audit", title=tables[1].title, tables=tables, payload=payload, sections=sections)
