"""The view of label readiness: eligibility criteria, readiness against Gold, what holds it back."""

from __future__ import annotations

from typing import Any

from clusterkit import text
from clusterkit.label import GOLD_SOURCE, GOOD_PRACTICE_LEVEL, Criterion, LabelReadiness
from clusterkit.views import Column, Table, View, rounded


def requirement(criterion: Criterion) -> str:
    """What an eligibility criterion asks for, in words: ``at least 15 committed members``."""
    minimum = "" if criterion.threshold is None else text.number(criterion.threshold)
    texts = {
        "management_fte": f"management team of at least {minimum} FTE",
        "committed_members": f"at least {minimum} committed members",
        "member_types": f"at least {minimum} types of members (triple helix)",
        "english_website": "an English website",
    }
    return texts.get(criterion.id, text.words(criterion.id))


def note(r: LabelReadiness) -> str:
    """Why the readiness is indicative only, and what it compares."""
    return (
        "Indicative only: ESCA's per-indicator thresholds are not public. Eligibility follows ESCA's "
        "criteria since November 2019; readiness compares the share of weight at level "
        f"{text.level(GOOD_PRACTICE_LEVEL)} or more with the Gold label's {text.share(r.threshold)} total score."
    )


def label_payload(r: LabelReadiness) -> dict[str, Any]:
    """The JSON/YAML payload of label readiness (shares to 4 decimals)."""
    return {
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
            "good_practice_level": GOOD_PRACTICE_LEVEL,
            "share": rounded(r.good_share, 4),
            "share_if_unknown_good": rounded(r.good_share_if_unknown_good, 4),
            "coverage": rounded(r.coverage, 4),
            "threshold": r.threshold,
            "verdict": r.verdict,
            "sources": [GOLD_SOURCE],
        },
        "holding_back": [
            {"id": h.id, "name": h.name, "level": h.level, "effective_weight": rounded(h.effective_weight, 4)}
            for h in r.holding_back
        ],
        "labels_held": r.labels_held,
    }


def _value(c: Criterion) -> Any:
    # A qualified figure reads as the source gives it ("about 140"); an exact one stays a number.
    if c.value is None or c.qualifier == "exact":
        return c.value
    return text.qualified(text.number(c.value), c.qualifier)


def label_view(r: LabelReadiness) -> View:
    """What ``clusterkit label`` shows: eligibility, readiness, indicators holding it back, labels held."""
    level = text.level(GOOD_PRACTICE_LEVEL)
    tables = [
        Table(
            "eligibility",
            f"{r.name}: label eligibility (ESCA criteria since 2019)",
            [
                Column("requirement", "criterion"),
                Column("status", "status"),
                Column("value", "value"),
                Column("sources", "source"),
            ],
            [
                {
                    "id": c.id,
                    "requirement": requirement(c),
                    "status": c.status,
                    "value": _value(c),
                    "qualifier": c.qualifier,
                    "sources": "; ".join(c.sources),
                }
                for c in r.eligibility
            ],
            primary=True,
        ),
        Table(
            "readiness",
            f"Readiness against the Gold label's {text.share(r.threshold)} (indicative"
            + (f"; assessment {r.assessment})" if r.assessment else ")"),
            [Column("measure", "measure"), Column("value", "value", "share")],
            [
                {"measure": f"weight at level {level}+ (unknown counted as not met)", "value": r.good_share},
                {
                    "measure": f"weight at level {level}+ if every unknown were met",
                    "value": r.good_share_if_unknown_good,
                },
                {"measure": "weight known (coverage)", "value": r.coverage},
                {"measure": f"Gold threshold; verdict: {r.verdict}", "value": r.threshold},
            ],
            note=note(r),
        ),
        Table(
            "holding-back",
            "Indicators holding it back (largest weight first)",
            [
                Column("id", "indicator"),
                Column("level", "level", "level"),
                Column("effective_weight", "weight", "share"),
            ],
            [h.model_dump() for h in r.holding_back],
        ),
        Table(
            "labels",
            "Labels held (from the profile)",
            [Column("name", "label"), Column("level", "level"), Column("year", "year"), Column("source", "source")],
            # A year is a name of a time, not a quantity: "2015", never "2,015".
            [{**held, "year": None if held.get("year") is None else str(held["year"])} for held in r.labels_held],
        ),
    ]
    return View(kind="label", title=tables[0].title, tables=tables, payload=label_payload(r))
