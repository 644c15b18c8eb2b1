"""The view of label readiness: eligibility criteria, readiness against Gold (with draws, how close a
call it is), what holds it back."""

from __future__ import annotations

from typing import Any

from clusterkit import text
from clusterkit.i18n import N_, _, localized
from clusterkit.label import GOLD_SOURCE, Criterion, LabelReadiness, ShareUncertainty
from clusterkit.views import Column, Table, View, rounded
from clusterkit.views.sensitivity import method_description

# A criterion's status and the readiness verdict, in words.
STATUS_WORDS: dict[str, str] = {"met": N_("met"), "not met": N_("not met"), "unknown": N_("unknown")}
VERDICT_WORDS: dict[str, str] = {"ready": N_("ready"), "not ready": N_("not ready"), "undetermined": N_("undetermined")}
REQUIREMENTS: dict[str, str] = {
    "management_fte": N_("management team of at least {minimum} FTE"),
    "committed_members": N_("at least {minimum} committed members"),
    "member_types": N_("at least {minimum} types of members (triple helix)"),
    "english_website": N_("an English website"),
}


def requirement(criterion: Criterion) -> str:
    """What an eligibility criterion asks for, in words: ``at least 15 committed members``."""
    minimum = "" if criterion.threshold is None else text.number(criterion.threshold)
    if criterion.id in REQUIREMENTS:
        return _(REQUIREMENTS[criterion.id]).format(minimum=minimum)
    return text.words(criterion.id)


def status_text(status: str) -> str:
    """An eligibility status (``met``, ``not met``, ``unknown``) in words."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def verdict_text(verdict: str) -> str:
    """The readiness verdict (``ready``, ``not ready``, ``undetermined``) in words."""
    return _(VERDICT_WORDS[verdict]) if verdict in VERDICT_WORDS else verdict


def note(r: LabelReadiness) -> str:
    """Why the readiness is indicative only, and what it compares."""
    return _(
        "Indicative only: ESCA's per-indicator thresholds are not public. Eligibility follows ESCA's "
        "criteria since November 2019; readiness compares the share of weight at level "
        "{level} or more with the Gold label's {share} total score."
    ).format(level=text.level(r.good_practice), share=text.share(r.threshold))


def uncertainty_payload(u: ShareUncertainty, threshold: float) -> dict[str, Any]:
    """The draws of the good-practice share in JSON: the method, the probabilities, the share's interval."""
    method = method_description(u)
    # NOTE: a machine-facing description, like the method of ``sensitivity``.
    method["aggregation"] += "; a share of weight is the same under either"
    return {
        "draws": u.draws,
        "seed": u.seed,
        "spread": u.spread,
        "method": method,
        "threshold": threshold,
        "probability": rounded(u.probability, 4),
        "probability_if_unknown_good": rounded(u.probability_if_unknown_good, 4),
        "share": {
            "median": rounded(u.median_share, 4),
            "p5": rounded(u.share_p5, 4),
            "p95": rounded(u.share_p95, 4),
        },
    }


def label_payload(r: LabelReadiness) -> dict[str, Any]:
    """The JSON/YAML payload of label readiness (shares to 4 decimals); ``uncertainty`` only with draws."""
    payload: dict[str, Any] = {
        "cluster": {"id": r.cluster, "name": r.name},
        "framework": r.framework,
        "assessment": r.assessment,
        "indicative": True,
        "note": note(r),
        "eligibility": [
            {
                "id": c.id,
                "requirement": requirement(c),
                "status": c.status,
                "value": c.value,
                "qualifier": c.qualifier,
                "sources": c.sources,
            }
            for c in r.eligibility
        ],
        "eligible": r.eligible,
        "readiness": {
            "good_practice_level": r.good_practice,
            "share": rounded(r.good_share, 4),
            "share_if_unknown_good": rounded(r.good_share_if_unknown_good, 4),
            "coverage": rounded(r.coverage, 4),
            "threshold": r.threshold,
            "verdict": r.verdict,
            "sources": [GOLD_SOURCE],
        },
        "holding_back": [
            {
                "id": h.id,
                "name": localized(h.name),
                "level": h.level,
                "effective_weight": rounded(h.effective_weight, 4),
            }
            for h in r.holding_back
        ],
        "labels_held": r.labels_held,
    }
    if r.uncertainty is not None:
        payload["uncertainty"] = uncertainty_payload(r.uncertainty, r.threshold)
    return payload


def _value(c: Criterion) -> Any:
    # A qualified figure reads as the source gives it ("about 140"); an exact one stays a number.
    if c.value is None or c.qualifier == "exact":
        return c.value
    return text.qualified(text.number(c.value), c.qualifier)


def uncertainty_table(u: ShareUncertainty, threshold: float, good_practice: int) -> Table:
    """How close a call the verdict is: the probability that the share clears the threshold, its interval."""
    level = text.level(good_practice)
    gold = text.share(threshold)
    return Table(
        "uncertainty",
        _("How close a call: the share at level {level}+ over {draws} draws (seed {seed})").format(
            level=level, draws=text.number(u.draws), seed=u.seed
        ),
        [Column("measure", _("measure")), Column("value", _("value"), "share")],
        [
            {
                "measure": _("probability it reaches {share} (unknown counted as not met)").format(share=gold),
                "value": u.probability,
            },
            {
                "measure": _("probability it reaches {share} if every unknown were met").format(share=gold),
                "value": u.probability_if_unknown_good,
            },
            {"measure": _("median share (unknown counted as not met)"), "value": u.median_share},
            {"measure": _("share, 5th percentile"), "value": u.share_p5},
            {"measure": _("share, 95th percentile"), "value": u.share_p95},
        ],
        note=_(
            "Each draw varies every weight within ±{spread} of nominal and leaves one indicator "
            "or none out, as the sensitivity analysis does; the aggregation it draws (arithmetic or geometric) "
            "does not change a share of weight."
        ).format(spread=text.share(u.spread)),
        primary=True,
    )


def label_view(r: LabelReadiness) -> View:
    """What ``clusterkit label`` shows: eligibility, readiness (with draws, how close a call), the
    indicators holding it back, labels held. CSV writes the eligibility, or with draws the uncertainty."""
    level = text.level(r.good_practice)
    tables = [
        Table(
            "eligibility",
            _("{name}: label eligibility (ESCA criteria since 2019)").format(name=r.name),
            [
                Column("requirement", _("criterion")),
                Column("status", _("status")),
                Column("value", _("value")),
                Column("sources", _("source")),
            ],
            [
                {
                    "id": c.id,
                    "name": requirement(c),
                    "requirement": requirement(c),
                    "status": status_text(c.status),
                    "value": _value(c),
                    "qualifier": c.qualifier,
                    "sources": "; ".join(c.sources),
                }
                for c in r.eligibility
            ],
            # NOTE: with draws, CSV (one table) writes the draws, which were asked for, instead of the criteria.
            primary=r.uncertainty is None,
        ),
        Table(
            "readiness",
            (
                _("Readiness against the Gold label's {share} (indicative; assessment {assessment})")
                if r.assessment
                else _("Readiness against the Gold label's {share} (indicative)")
            ).format(share=text.share(r.threshold), assessment=r.assessment),
            [Column("measure", _("measure")), Column("value", _("value"), "share")],
            [
                {
                    "measure": _("weight at level {level}+ (unknown counted as not met)").format(level=level),
                    "value": r.good_share,
                },
                {
                    "measure": _("weight at level {level}+ if every unknown were met").format(level=level),
                    "value": r.good_share_if_unknown_good,
                },
                {"measure": _("weight known (coverage)"), "value": r.coverage},
                {
                    "measure": _("Gold threshold; verdict: {verdict}").format(verdict=verdict_text(r.verdict)),
                    "value": r.threshold,
                },
            ],
            note=note(r),
        ),
        Table(
            "holding-back",
            _("Indicators holding it back (largest weight first)"),
            [
                Column("id", "id"),
                Column("name", _("indicator")),
                Column("level", _("level"), "level"),
                Column("effective_weight", _("weight"), "share"),
            ],
            [{**h.model_dump(), "name": localized(h.name)} for h in r.holding_back],
            # NOTE: a terminal names each indicator in words; CSV and pages keep its id.
            display_columns=[
                Column("name", _("indicator")),
                Column("level", _("level"), "level"),
                Column("effective_weight", _("weight"), "share"),
            ],
        ),
        Table(
            "labels",
            _("Labels held (from the profile)"),
            [
                Column("name", _("label")),
                Column("level", _("level")),
                Column("year", _("year")),
                Column("source", _("source")),
            ],
            # A year is a name of a time, not a quantity: "2015", never "2,015".
            [{**held, "year": None if held.get("year") is None else str(held["year"])} for held in r.labels_held],
        ),
    ]
    if r.uncertainty is not None:
        tables.insert(2, uncertainty_table(r.uncertainty, r.threshold, r.good_practice))
    return View(kind="label", title=tables[0].title, tables=tables, payload=label_payload(r))
