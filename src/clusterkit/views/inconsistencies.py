"""The words of a strategy audit's codes (statuses, severities, kinds, units) and the texts of its
inconsistencies: what each check found, with its figures.

:func:`inconsistency_text` is what the audit's table, page and JSON payload say of an inconsistency
(:mod:`clusterkit.views.audit`); every number is spelled by :mod:`clusterkit.text`.
"""

from __future__ import annotations

from collections.abc import Sequence

from clusterkit import text
from clusterkit.audit import (
    AttainmentStated,
    BudgetShares,
    CountsSum,
    Inconsistency,
    OutcomesDisagree,
    PlannedUnits,
    ShareCount,
    SharesSum,
    SourcesDisagree,
    TargetAchieved,
    TargetPlanned,
    TotalPlanned,
)
from clusterkit.i18n import N_, _, ngettext
from clusterkit.records import unique

# The whole a share is set against (the 100 % a strategy planned).
WHOLE = 1.0

# The statuses of a strategy's actions, as people read them (an action is feminine in French).
STATUS_WORDS: dict[str, str] = {
    "achieved": N_("achieved"),
    "in_progress": N_("in progress"),
    "late": N_("late"),
    "not_started": N_("not started"),
    "cancelled": N_("cancelled"),
    "blocked": N_("blocked"),
}

# The severities of an evaluation's findings, as people read them.
SEVERITY_WORDS: dict[str, str] = {
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
}
# Whether a figure is the source's own or derived from others, as people read it.
BASIS_WORDS: dict[str, str] = {"stated": N_("stated"), "derived": N_("derived")}
# The kinds of programme a strategy names, as people read them.
PROGRAMME_KINDS: dict[str, str] = {
    "programme": N_("programme"),
    "plan": N_("plan"),
    "project": N_("project"),
    "action": N_("action"),
}


def status_text(status: str) -> str:
    """A status in words: ``not_started`` -> ``not started`` (``non démarrée`` in French)."""
    word = STATUS_WORDS.get(status)
    return _(word) if word else text.words(status)


def severity_text(severity: str) -> str:
    """A finding's severity in words (``haute`` in French)."""
    word = SEVERITY_WORDS.get(severity)
    return _(word) if word else text.words(severity)


def basis_text(basis: str | None) -> str | None:
    """Whether a figure is stated or derived, in words; None when unknown."""
    return None if basis is None else _(BASIS_WORDS.get(basis, basis))


def programme_kind_text(kind: str) -> str:
    """A programme's kind in words (``projet`` in French)."""
    word = PROGRAMME_KINDS.get(kind)
    return _(word) if word else text.words(kind)


def unit_text(value: float, unit: str | None, measure: str | None) -> str | None:
    """A unit as people read it: the scale of an amount in the run's language (``billion MAD`` is
    ``milliards MAD`` in French, ``milliard`` below two); any other unit as the source gives it. The
    scale may be written in French (a strategy's unit in a French run: ``milliards MAD``)."""
    if measure != "amount" or not unit:
        return unit
    scale, _space, currency = unit.partition(" ")
    if scale in ("million", "millions"):
        word = ngettext("million", "million", int(abs(value)))
    elif scale in ("billion", "milliard", "milliards"):
        word = ngettext("billion", "billion", int(abs(value)))
    else:
        return unit
    return f"{word} {currency}".strip()


def joined(names: Sequence[str], word: str) -> str:
    """Names joined by a word ("and", "or", already translated): ``a and b``."""
    return f" {word} ".join(names)


def statuses_text(statuses: Sequence[str]) -> str:
    """Statuses reported together, in words: ``cancelled or not started``."""
    return joined([status_text(s) for s in statuses], _("or"))


def line_label(statuses: Sequence[str], wording: str | None) -> str:
    """A figure by status in an inconsistency's text: the source's words where given, else its statuses."""
    return wording or statuses_text(statuses)


def inconsistency_text(issue: Inconsistency) -> str:
    """What an inconsistency says, with the figures its check found."""
    if isinstance(issue, PlannedUnits):
        return _(
            "{planned} {unit} are planned and divided into {projects} projects: "
            "counts and shares may refer to either total"
        ).format(planned=text.number(issue.planned), unit=issue.unit, projects=text.number(issue.projects))
    if isinstance(issue, SharesSum):
        message = (
            _("the stated shares ({parts}) sum to {total}, more than {whole} ± {tolerance}")
            if issue.over
            else _("the stated shares ({parts}) sum to {total}, less than {whole} ± {tolerance}")
        )
        return message.format(
            parts=" + ".join(text.share(s) for s in issue.shares),
            total=text.share(issue.total),
            whole=text.share(WHOLE),
            tolerance=text.percentage_points(issue.tolerance),
        )
    if isinstance(issue, ShareCount):
        return _share_count_text(issue)
    if isinstance(issue, CountsSum):
        return _counts_sum_text(issue)
    if isinstance(issue, TargetPlanned):
        return _("target {target} plans {value} {unit}, the axis plans {planned}").format(
            target=repr(issue.target),
            value=text.number(issue.value),
            unit=issue.unit,
            planned=text.number(issue.planned),
        )
    if isinstance(issue, TargetAchieved):
        basis = text.number(issue.achieved)
        if issue.achieved_share is not None and issue.planned is not None:
            basis += " " + _("({share} of {planned})").format(
                share=text.share(issue.achieved_share), planned=text.number(issue.planned)
            )
        return _("target {target} counts {actual} {unit} carried out, the axis has {basis} achieved").format(
            target=repr(issue.target), actual=text.number(issue.actual), unit=issue.unit, basis=basis
        )
    if isinstance(issue, TotalPlanned):
        return _("the axes plan {counted} actions ({axes}), the strategy {total} in all").format(
            counted=text.number(issue.counted), axes=", ".join(issue.axes), total=text.number(issue.total)
        )
    if isinstance(issue, BudgetShares):
        return _("budget shares of separate axes sum to {total}, more than {whole}").format(
            total=text.share(issue.total), whole=text.share(WHOLE)
        )
    if isinstance(issue, AttainmentStated):
        return _(
            "target {target}: the stated attainment {stated} is not the computed {attainment}, beyond rounding"
        ).format(target=repr(issue.target), stated=text.share(issue.stated), attainment=text.share(issue.attainment))
    if isinstance(issue, OutcomesDisagree):
        said = "; ".join(
            _('"{wording}" ({statuses}) per {source}').format(
                wording=o.wording, statuses=statuses_text(o.statuses), source=o.source
            )
            for o in issue.outcomes
        )
        return _("{name}: {said}: the statuses exclude each other").format(name=issue.name, said=said)
    return _sources_disagree_text(issue)


def _share_count_text(issue: ShareCount) -> str:
    label, share, planned = (
        line_label(issue.statuses, issue.wording),
        text.share(issue.share),
        text.number(issue.planned),
    )
    if issue.count is None:
        return _("{label}: no whole number of the {planned} planned {unit} makes {share}").format(
            label=label, planned=planned, unit=issue.unit, share=share
        )
    count = text.number(issue.count)
    out = _("{label}: the stated {share} is not {count} of {planned} {unit} ({computed})").format(
        label=label,
        share=share,
        count=count,
        planned=planned,
        unit=issue.unit,
        computed=text.share(issue.computed_share),
    )
    if issue.projects is not None:
        out += _("; it is {count} of the {projects} projects ({share})").format(
            count=count, projects=text.number(issue.projects), share=text.share(issue.project_share)
        )
    return out


def _counts_sum_text(issue: CountsSum) -> str:
    parts = " + ".join(f"{text.number(p.count)} {line_label(p.statuses, p.wording)}" for p in issue.parts)
    planned, total = text.number(issue.planned), text.number(issue.total)
    if issue.shares is not None:
        out = _(
            "the stated shares ({stated} = {sum}) of the {planned} planned {unit} correspond to {parts} = {total}"
        ).format(
            stated=" + ".join(text.share(s) for s in issue.shares),
            sum=text.share(issue.share_sum),
            planned=planned,
            unit=issue.unit,
            parts=parts,
            total=total,
        )
    else:
        out = _("the counts ({parts}) sum to {total}").format(parts=parts, total=total)
    if issue.over:
        out += _(", more than the {planned} planned {unit}").format(planned=planned, unit=issue.unit)
    else:
        out += ngettext(
            ", short of the {planned} planned {unit}: {missing} has no status",
            ", short of the {planned} planned {unit}: {missing} have no status",
            issue.missing,
        ).format(planned=planned, unit=issue.unit, missing=text.number(issue.missing))
    if issue.projects is not None:
        out += _(" (it matches the {projects} projects)").format(projects=text.number(issue.projects))
    return out


def _sources_disagree_text(issue: SourcesDisagree) -> str:
    listed = "; ".join(
        _("{value} per {source}").format(value=text.qualified(text.stated(v.value), v.qualifier), source=v.source)
        for v in issue.values
    )
    main = text.stated(issue.values[0].value)
    close = unique(text.stated(v.value) for v in issue.values if v.verdict == "agrees")
    apart = unique(text.stated(v.value) for v in issue.values if v.verdict == "disagrees")
    verdicts = []
    if close:
        verdicts.append(
            ngettext(
                "{values} agrees with {main} within rounding", "{values} agree with {main} within rounding", len(close)
            ).format(values=joined(close, _("and")), main=main)
        )
    if apart:
        values = joined(apart, _("and"))
        if close:
            verdicts.append(ngettext("{values} does not", "{values} do not", len(apart)).format(values=values))
        else:
            verdicts.append(
                ngettext("{values} does not agree with {main}", "{values} do not agree with {main}", len(apart)).format(
                    values=values, main=main
                )
            )
    return _("{field}: {listed}: {verdicts}").format(field=issue.field, listed=listed, verdicts="; ".join(verdicts))
