"""docs/methodology.md's worked example stays in step with what the tool computes."""

from __future__ import annotations

import re
from pathlib import Path

from clusterkit import Catalog, compare, score, text

DOC = Path(__file__).resolve().parents[1] / "docs" / "methodology.md"


def documented() -> dict[str, str]:
    rows = re.findall(r"^\| ([a-z0-9_ ]+) \| ([^|]+) \|$", DOC.read_text(encoding="utf-8"), flags=re.M)
    return {key.strip(): value.strip() for key, value in rows if key.strip() != "quantity"}


def test_worked_example_matches_the_tool() -> None:
    catalog = Catalog()
    framework = catalog.framework()
    mnc = score(catalog.cluster("mnc"), framework)
    le2c = score(catalog.cluster("le2c"), framework)
    result = compare(mnc, le2c, framework, catalog.practices())
    strategy = next(g for g in result.indicators if g.id == "strategy_documented")
    top = result.recommendations[0]
    computed = {
        "top recommendation": top.id,
        "top recommendation weight": text.points(top.weight, signed=False),
        "gap strategy_documented": text.gap(strategy.gap),
        "weighted gap strategy_documented": text.points(strategy.weighted_gap),
    }
    for s in (mnc, le2c):
        computed[f"{s.cluster} overall"] = text.score(s.overall)
        computed[f"{s.cluster} coverage"] = text.share(s.coverage)
        for d in s.dimensions:
            computed[f"{s.cluster} {d.id}"] = text.score(d.score)
    assert documented() == computed
