"""The strategy audit: the paper's MN2013 figures, target attainment, the index and the inconsistency checks."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pytest
from pydantic import ValidationError

from clusterkit.audit import (
    AuditResult,
    CountsSum,
    Inconsistency,
    ShareCount,
    audit,
)
from clusterkit.errors import LoadError
from clusterkit.loading import load_document, unresolved_citations
from clusterkit.models import Axis, References, Strategy
from clusterkit.render.html.page import page_sections
from clusterkit.views import View
from clusterkit.views.audit import (
    audit_blocks,
    audit_view,
    budget_item,
    formula_text,
    inconsistency_text,
    unknown_reason_text,
)
from clusterkit.views.blocks import BarChart, Cite, Figure, Items, Paragraph, plain

ROOT = Path(__file__).parents[1]
MN2013 = ROOT / "profiles" / "strategies" / "mn2013.yaml"
SRC = "test-source §1"


@pytest.fixture(scope="module")
def strategy() -> Strategy:
    return cast(Strategy, load_document(MN2013, "strategy"))


@pytest.fixture(scope="module")
def result(strategy: Strategy) -> AuditResult:
    return audit(strategy)


def kinds(result: AuditResult, axis: str | None = None) -> list[str]:
    return [i.kind for i in result.inconsistencies if axis is None or i.axis == axis]


def only(items: list[Inconsistency], kind: str) -> Inconsistency:
    found = [i for i in items if i.kind == kind]
    assert len(found) == 1, found
    return found[0]


def make_strategy(axes: list[dict[str, Any]], targets: list[dict[str, Any]] | None = None, **extra: Any) -> Strategy:
    data = {
        "kind": "strategy",
        "schema_version": 1,
        "id": "test",
        "name": "Test strategy",
        "country": "MA",
        "axes": axes,
        "targets": targets or [],
        **extra,
    }
    return Strategy.model_validate(data)


def fig(count: int | None = None, share: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"source": SRC}
    if count is not None:
        out["count"] = count
    if share is not None:
        out["share"] = share
    return out


def fact(value: Any) -> dict[str, Any]:
    return {"value": value, "source": SRC}


# --- the bundled MN2013 data reproduces the paper's §3.1 ------------------------------------


def test_mn2013_citations_resolve(strategy: Strategy) -> None:
    refs = cast(References, load_document(ROOT / "profiles" / "references.yaml", "references"))
    assert unresolved_citations(strategy, {r.key for r in refs.references}, "mn2013.yaml") == []


def test_mn2013_has_four_axes_and_two_measures(result: AuditResult) -> None:
    assert [a.id for a in result.axes if a.kind == "axis"] == ["axis-1", "axis-2", "axis-3", "axis-4"]
    assert [a.id for a in result.axes if a.kind == "measure"] == ["human-capital", "numeric-confidence"]
    assert result.strategy.period == "2008-2013"
    assert result.strategy.planned == 53


def test_axis_1_achieved_and_combined_cancelled_or_never_started(result: AuditResult) -> None:
    axis = result.axis("axis-1")
    assert axis.planned is None
    assert axis.achievement_rate == pytest.approx(0.11)
    combined = [line for line in axis.statuses if len(line.statuses) > 1]
    assert [(line.statuses, line.share, line.count) for line in combined] == [(["cancelled", "not_started"], 0.2, None)]


def test_axis_2_counts_are_derived_from_the_stated_shares(result: AuditResult) -> None:
    axis = result.axis("axis-2")
    assert axis.planned == 69
    figures = {line.statuses[0]: (line.count, line.count_basis, line.share, line.share_basis) for line in axis.statuses}
    assert figures == {
        "achieved": (25, "derived", 0.36, "stated"),
        "in_progress": (2, "derived", 0.03, "stated"),
        "late": (26, "derived", 0.38, "stated"),
        "not_started": (15, "derived", 0.22, "stated"),
    }
    assert axis.achievement_rate == pytest.approx(0.36)
    assert axis.stated_share_sum == pytest.approx(0.99)


def test_axis_2_share_sum_of_99_is_within_tolerance_but_the_missing_project_is_reported(result: AuditResult) -> None:
    # 99 % is inside 100 % ± 1 point, so no shares_sum; the shares still imply 68 of 69 projects.
    assert "shares_sum" not in kinds(result)
    issue = only([i for i in result.inconsistencies if i.axis == "axis-2"], "counts_sum")
    assert "= 68" in inconsistency_text(issue)
    assert "1 has no status" in inconsistency_text(issue)


def test_axis_2_egov_services_disagree_with_projects(result: AuditResult) -> None:
    axis_2 = [i for i in result.inconsistencies if i.axis == "axis-2"]
    assert "89" in inconsistency_text(only(axis_2, "target_planned"))
    assert "69" in inconsistency_text(only(axis_2, "target_planned"))
    assert "42" in inconsistency_text(only(axis_2, "target_achieved"))
    assert "25" in inconsistency_text(only(axis_2, "target_achieved"))


def test_axis_3_two_of_nine_achieved(result: AuditResult) -> None:
    axis = result.axis("axis-3")
    achieved = axis.status("achieved")
    assert achieved is not None
    assert (achieved.count, axis.planned) == (2, 9)
    assert achieved.share == pytest.approx(0.22)
    assert achieved.computed_share == pytest.approx(2 / 9)
    assert round(2 / 9, 3) == 0.222
    assert axis.achievement_rate == pytest.approx(0.22)
    assert axis.achievement_basis == "stated"
    in_progress = axis.status("in_progress")
    assert in_progress is not None and (in_progress.count, in_progress.share) == (5, 0.56)
    blocked = axis.status("blocked")
    assert blocked is not None and blocked.count == 1
    assert blocked.share == pytest.approx(1 / 9) and blocked.share_basis == "derived"
    # The training action "was not achieved": in the source's words, under no status; 2 + 5 + 1 + 1 = 9.
    (worded,) = [line for line in axis.statuses if not line.statuses]
    assert (worded.wording, worded.count, worded.share) == ("was not achieved", 1, pytest.approx(1 / 9))
    assert axis.status("not_started") is None
    assert kinds(result, "axis-3") == []


def test_axis_4_fourteen_actions_in_fifteen_projects(result: AuditResult) -> None:
    axis = result.axis("axis-4")
    assert (axis.planned, axis.planned_projects) == (14, 15)
    assert axis.achievement_rate == pytest.approx(0.27)
    axis_4 = [i for i in result.inconsistencies if i.axis == "axis-4"]
    planned_units = inconsistency_text(only(axis_4, "planned_units"))
    assert "14" in planned_units and "15" in planned_units
    counts = inconsistency_text(only(axis_4, "counts_sum"))
    assert "sum to 15" in counts and "14 planned" in counts
    share_counts = [i for i in axis_4 if i.kind == "share_count"]
    assert [i.field for i in share_counts] == ["axes.3.statuses.achieved.share", "axes.3.statuses.in_progress.share"]
    assert "4 of the 15 projects" in inconsistency_text(share_counts[0])


def test_human_capital_and_numeric_confidence(result: AuditResult) -> None:
    human = result.axis("human-capital")
    not_started = human.status("not_started")
    assert not_started is not None and (not_started.count, human.planned) == (3, 5)
    assert human.achievement_rate is None
    assert human.budget_share == 0.0
    confidence = result.axis("numeric-confidence")
    assert confidence.statuses == [] and confidence.achievement_rate is None


@pytest.mark.parametrize(
    ("target_id", "attainment"),
    [
        ("moussanada-ti", 295 / 3000),
        ("infitah", 3040 / 10000),
        ("egov-services", 42 / 89),
        ("egov-must-have", 1 / 13),
        ("it-offshoring-profiles", 1.0),
        ("community-access-centres", 74 / 400),
        ("sme-aid", 22.9 / 59),
    ],
)
def test_target_attainment_of_target(result: AuditResult, target_id: str, attainment: float) -> None:
    target = result.target(target_id)
    assert target.attainment == pytest.approx(attainment)
    assert target.formula == "of_target" and formula_text(target) == "actual / target"


def test_paper_roundings_of_attainment(result: AuditResult) -> None:
    assert round(result.target("moussanada-ti").attainment or 0, 3) == 0.098  # "10 % of the objective"
    assert round(result.target("infitah").attainment or 0, 2) == 0.30  # "(30%)"


def test_offshoring_turnover_attainment_from_baseline(result: AuditResult) -> None:
    target = result.target("offshoring-turnover")
    assert (target.baseline, target.target, target.actual) == (0.76, 6, 2)
    assert target.qualifiers == {"actual": "almost"}
    assert target.formula == "from_baseline"
    assert formula_text(target) == "(actual - baseline) / (target - baseline)"
    assert target.attainment == pytest.approx((2 - 0.76) / (6 - 0.76))
    assert round(target.attainment or 0, 3) == 0.237


def test_thirty_thousand_profiles_stay_unknown(result: AuditResult) -> None:
    target = result.target("it-profiles")
    assert target.target == 30000
    assert target.actual is None and target.attainment is None
    assert target.unknown_reason == "stated" and target.formula is None
    assert target.stated_reason is not None and "information is lacking" in target.stated_reason
    assert unknown_reason_text(target) == target.stated_reason


def test_household_internet_has_no_target(result: AuditResult) -> None:
    target = result.target("household-internet")
    assert (target.baseline, target.actual) == (0.14, 0.39)
    assert target.attainment is None and target.unknown_reason == "no_target"
    assert unknown_reason_text(target) == "no target is given"
    assert result.target("household-internet-urban").actual == 0.51
    assert result.target("household-internet-rural").actual == 0.16


def test_budget_keeps_every_source(result: AuditResult) -> None:
    amounts = [(line.amount, line.source) for line in result.budget.totals]
    assert amounts[0] == (5.2e9, "el-idrissi-2020 §3")
    assert (5.19e9, "el-idrissi-2020 §3") in amounts
    assert (5.19e9, "court-of-auditors-2014") in amounts
    assert any(amount == 5.9e9 and source.startswith("telquel-2014") for amount, source in amounts)
    shares = {tuple(line.axes): line.share for line in result.budget.shares}
    assert shares[("axis-1", "axis-2")] == 0.83
    assert shares[("human-capital",)] == 0.0
    roles = [line.role for line in result.budget.totals]
    assert roles[0] == "total" and set(roles[1:]) == {"alternative_total"}
    assert {line.role for line in result.budget.shares} == {"share"}


def test_budget_lines_are_named_by_the_view(result: AuditResult) -> None:
    items = [budget_item(line) for line in [*result.budget.totals, *result.budget.shares]]
    assert items[:2] == ["total", "total (other source)"]
    assert "share of axis-1 + axis-2" in items and "share of human-capital" in items
    budget = audit_view(result).payload["budget"]
    assert list(budget["total"]) == ["item", "amount", "currency", "share", "axes", "qualifier", "source", "note"]
    assert budget["total"]["item"] == "total"
    assert {line["item"] for line in budget["alternatives"]} == {"total (other source)"}
    assert "share of axis-1 + axis-2" in [line["item"] for line in budget["shares"]]


def test_unknown_attainments_carry_a_reason_code_the_view_words() -> None:
    targets = [
        {"id": "no-actual", "name": "No actual", "unit": "u", "target": fact(10)},
        {"id": "no-target", "name": "No target", "unit": "u", "actual": fact(3)},
        {"id": "zero", "name": "Zero", "unit": "u", "target": fact(0), "actual": fact(3)},
        {"id": "known", "name": "Known", "unit": "u", "target": fact(10), "actual": fact(3)},
    ]
    result = audit(make_strategy([{"id": "a", "name": "A"}], targets))
    codes = {t.id: (t.unknown_reason, t.stated_reason, t.formula) for t in result.targets}
    assert codes == {
        "no-actual": ("no_actual", None, None),
        "no-target": ("no_target", None, None),
        "zero": ("zero_target", None, None),
        "known": (None, None, "of_target"),
    }
    payload = {t["id"]: (t["unknown_reason"], t["formula"]) for t in audit_view(result).payload["targets"]}
    assert payload == {
        "no-actual": ("no actual figure is given", None),
        "no-target": ("no target is given", None),
        "zero": ("the target is zero", None),
        "known": (None, "actual / target"),
    }
    assert result.index.formula == "mean_of_known_components"
    assert audit_view(result).payload["index"]["formula"].startswith("index = mean of the known components; ")


def test_budget_disagreement_is_reported(result: AuditResult) -> None:
    issue = next(i for i in result.inconsistencies if i.kind == "sources_disagree" and i.field == "budget.total")
    assert "5.19 billion MAD agrees with 5.2 billion MAD within rounding" in inconsistency_text(issue)
    assert "5.9 billion MAD does not" in inconsistency_text(issue)
    assert {"el-idrissi-2020 §3", "court-of-auditors-2014"} <= set(issue.sources)


def test_findings_carry_severity_and_citation_most_severe_first(result: AuditResult) -> None:
    ids = {f.id for f in result.findings}
    assert {
        "no-funding-sources",
        "no-human-capital-budget",
        "cnti-not-established",
        "general-delay",
        "no-prioritisation",
        "indicators-not-monitored",
        "no-sectoral-strategies",
        "human-capital-without-strategy",
        "structuring-projects-not-implemented",
    } <= ids
    order = ["critical", "high", "medium", "low"]
    assert [f.severity for f in result.findings] == sorted((f.severity for f in result.findings), key=order.index)
    assert all(f.sources for f in result.findings)


def test_mn2013_index(result: AuditResult) -> None:
    index = result.index
    assert index.implementation == pytest.approx((0.11 + 0.36 + 0.22 + 0.27) / 4)
    assert index.axes_covered == ["axis-1", "axis-2", "axis-3", "axis-4"] and index.axes_total == 6
    assert len(index.targets_covered) == 10 and index.targets_total == 14
    known = [t.attainment for t in result.targets if t.attainment is not None]
    assert index.attainment == pytest.approx(sum(min(1.0, a) for a in known) / len(known))
    assert index.value == pytest.approx((index.implementation + index.attainment) / 2)  # type: ignore[operator]
    assert round(index.value or 0, 3) == 0.306


def test_mn2013_inconsistencies_found(result: AuditResult) -> None:
    assert [(i.kind, i.axis or i.field) for i in result.inconsistencies] == [
        ("counts_sum", "axis-2"),
        ("target_planned", "axis-2"),
        ("target_achieved", "axis-2"),
        ("planned_units", "axis-4"),
        ("share_count", "axis-4"),
        ("share_count", "axis-4"),
        ("counts_sum", "axis-4"),
        ("outcomes_disagree", "axis-1"),
        ("sources_disagree", "period"),
        ("sources_disagree", "budget.total"),
    ]


def test_payload_follows_the_json_contract(result: AuditResult) -> None:
    payload = audit_view(result).payload
    json.dumps(payload, allow_nan=False)
    assert {"strategy", "axes", "targets", "budget", "findings", "inconsistencies", "index"} <= set(payload)
    assert {"id", "name", "period"} <= set(payload["strategy"])
    for axis in payload["axes"]:
        assert {"id", "name", "statuses", "achievement_rate"} <= set(axis)
        rate = axis["achievement_rate"]
        assert rate is None or 0 <= rate <= 1
    for target in payload["targets"]:
        assert {"name", "baseline", "target", "actual", "attainment"} <= set(target)
    assert next(t for t in payload["targets"] if t["id"] == "it-profiles")["attainment"] is None
    for finding in payload["findings"]:
        assert finding["severity"] in ("critical", "high", "medium", "low") and finding["text"] and finding["sources"]
    for issue in payload["inconsistencies"]:
        assert {"axis", "field", "kind", "text", "sources"} <= set(issue) and issue["sources"]
    assert {"formula", "value", "components"} <= set(payload["index"])
    axis_3 = next(a for a in payload["axes"] if a["id"] == "axis-3")
    assert axis_3["statuses"]["achieved"]["count"] == 2
    assert axis_3["statuses"]["achieved"]["computed_share"] == pytest.approx(0.2222)


def test_tables_for_every_renderer(result: AuditResult) -> None:
    view = audit_view(result)
    assert isinstance(view, View)
    tables = view.tables
    names = ["strategy", "axes", "targets", "programmes", "figures", "budget", "findings", "inconsistencies", "notes"]
    assert [t.name for t in tables] == names
    assert view.primary_table().name == "axes"
    axes = tables[1]
    kinds_by_key = {c.key: c.kind for c in axes.columns}
    assert kinds_by_key["achieved"] == "number" and kinds_by_key["achieved_share"] == "share"
    assert kinds_by_key["achievement_rate"] == "share"
    row = next(r for r in axes.rows if r["id"] == "axis-3")
    assert (row["achieved"], row["achieved_share"]) == (2, 0.22)
    targets = {r["id"]: r for r in tables[2].rows}
    assert targets["offshoring-turnover"]["actual"] == "almost 2 billion MAD (2012)"
    assert targets["it-profiles"]["attainment"] is None and targets["it-profiles"]["attainment_text"] is None


# --- the checks on hand-built strategies ---------------------------------------------------


def test_share_sum_above_100_is_flagged() -> None:
    s = make_strategy([{"id": "a", "name": "A", "statuses": {"achieved": fig(share=0.5), "late": fig(share=0.7)}}])
    issue = only(audit(s).inconsistencies, "shares_sum")
    assert issue.axis == "a" and "120 %" in inconsistency_text(issue) and "more than 100 %" in inconsistency_text(issue)


@pytest.mark.parametrize(
    ("complete", "late", "flagged"),
    [(True, 0.49, False), (True, 0.47, True), (False, 0.3, False)],
)
def test_share_sum_below_100_only_counts_when_the_axis_is_complete(complete: bool, late: float, flagged: bool) -> None:
    axis = {"id": "a", "name": "A", "statuses": {"achieved": fig(share=0.5), "late": fig(share=late)}}
    s = make_strategy([{**axis, "statuses_complete": complete}])
    assert ("shares_sum" in kinds(audit(s))) is flagged


def test_count_above_planned_is_rejected() -> None:
    with pytest.raises(ValidationError, match="exceeds planned"):
        Axis.model_validate({"id": "a", "name": "A", "planned": fact(9), "statuses": {"achieved": fig(count=10)}})


def test_count_above_planned_is_rejected_when_loading(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "kind: strategy\nschema_version: 1\nid: bad\nname: Bad\ncountry: MA\naxes:\n"
        "  - id: a\n    name: A\n    planned: {value: 9, source: x}\n"
        "    statuses:\n      achieved: {count: 10, source: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as err:
        load_document(path)
    assert any("exceeds planned" in line and "bad.yaml:" in line for line in err.value.lines())


def test_a_status_given_alone_and_combined_is_rejected() -> None:
    with pytest.raises(ValidationError, match="both alone and in combined_statuses"):
        Axis.model_validate(
            {
                "id": "a",
                "name": "A",
                "statuses": {"cancelled": fig(share=0.1)},
                "combined_statuses": [{"statuses": ["cancelled", "not_started"], "share": 0.2, "source": SRC}],
            }
        )


def test_counts_above_planned_actions_but_within_projects_load_and_are_reported() -> None:
    s = make_strategy(
        [
            {
                "id": "a",
                "name": "A",
                "planned": fact(14),
                "planned_projects": fact(15),
                "statuses": {"achieved": fig(4), "in_progress": fig(9), "not_started": fig(2)},
                "statuses_complete": True,
            }
        ]
    )
    found = kinds(audit(s))
    assert "planned_units" in found and "counts_sum" in found


def test_counts_short_of_planned_on_a_complete_axis() -> None:
    s = make_strategy(
        [
            {
                "id": "a",
                "name": "A",
                "planned": fact(10),
                "statuses": {"achieved": fig(3), "in_progress": fig(5)},
                "statuses_complete": True,
            }
        ]
    )
    issue = only(audit(s).inconsistencies, "counts_sum")
    assert "sum to 8" in inconsistency_text(issue) and "2 have no status" in inconsistency_text(issue)
    incomplete = make_strategy([{"id": "a", "name": "A", "planned": fact(10), "statuses": {"achieved": fig(3)}}])
    assert kinds(audit(incomplete)) == []


def test_stated_share_against_count_over_planned() -> None:
    ok = make_strategy([{"id": "a", "name": "A", "planned": fact(9), "statuses": {"in_progress": fig(5, 0.56)}}])
    assert kinds(audit(ok)) == []
    off = make_strategy([{"id": "a", "name": "A", "planned": fact(9), "statuses": {"in_progress": fig(5, 0.60)}}])
    assert "5 of 9 actions (55.6 %)" in inconsistency_text(only(audit(off).inconsistencies, "share_count"))


def test_a_share_no_whole_count_can_make_is_flagged() -> None:
    s = make_strategy([{"id": "a", "name": "A", "planned": fact(9), "statuses": {"achieved": fig(share=0.30)}}])
    text = inconsistency_text(only(audit(s).inconsistencies, "share_count"))
    assert "no whole number of the 9 planned actions makes 30 %" in text


def test_a_target_in_the_axis_unit_is_checked_against_the_axis() -> None:
    axis = {"id": "a", "name": "A", "unit": "projects", "planned": fact(10), "statuses": {"achieved": fig(4)}}
    same = {"id": "t", "name": "T", "axis": "a", "unit": "projects", "target": fact(12.0), "actual": fact(6.0)}
    other = {**same, "id": "u", "unit": "companies"}
    found = kinds(audit(make_strategy([axis], [same, other])))
    assert sorted(found) == ["target_achieved", "target_planned"]


def test_total_planned_against_the_axes() -> None:
    axes = [{"id": f"a{i}", "name": "A", "planned": fact(n)} for i, n in enumerate((6, 7))]
    assert "total_planned" in kinds(audit(make_strategy(axes, planned=fact(10))))
    assert kinds(audit(make_strategy(axes, planned=fact(13)))) == []
    # An axis without a planned total may hold the rest.
    unknown = {"id": "b", "name": "B"}
    assert kinds(audit(make_strategy([axes[0], unknown], planned=fact(10)))) == []


def test_alternatives_are_listed_with_their_verdict() -> None:
    agreeing = {"value": 2008, "source": SRC, "alternatives": [{"value": 2008, "source": "other"}]}
    assert kinds(audit(make_strategy([], adopted=agreeing))) == []
    differing = {"value": 2008, "source": SRC, "alternatives": [{"value": 2009, "source": "other"}]}
    issue = only(audit(make_strategy([], adopted=differing)).inconsistencies, "sources_disagree")
    assert issue.field == "adopted" and "2009 does not agree with 2008" in inconsistency_text(issue)
    assert issue.sources == [SRC, "other"]
    counts = {"value": 50, "source": SRC, "alternatives": [{"value": 53, "source": "other"}]}
    issue = only(audit(make_strategy([], planned=counts)).inconsistencies, "sources_disagree")
    assert "53 does not agree with 50" in inconsistency_text(issue)


def test_index_on_a_tiny_example() -> None:
    axes: list[dict[str, Any]] = [
        {"id": "a", "name": "A", "planned": fact(4), "statuses": {"achieved": fig(2)}},  # 2 / 4 = 0.5, derived
        {"id": "b", "name": "B", "statuses": {"achieved": fig(share=0.2)}},  # stated 0.2
        {"id": "c", "name": "C"},  # unknown: left out
    ]
    targets: list[dict[str, Any]] = [
        {"id": "t1", "name": "T1", "unit": "u", "target": fact(100.0), "actual": fact(50.0)},  # 0.5
        {"id": "t2", "name": "T2", "unit": "u", "baseline": fact(10.0), "target": fact(20.0), "actual": fact(25.0)},
        {"id": "t3", "name": "T3", "unit": "u", "target": fact(100.0)},  # actual unknown: left out
    ]
    result = audit(make_strategy(axes, targets))
    assert result.axis("a").achievement_basis == "derived"
    assert result.target("t2").attainment == pytest.approx(1.5)  # (25 - 10) / (20 - 10), not capped
    index = result.index
    assert index.implementation == pytest.approx(0.35)  # (0.5 + 0.2) / 2
    assert index.attainment == pytest.approx(0.75)  # (0.5 + min(1, 1.5)) / 2
    assert index.value == pytest.approx(0.55)
    assert (index.axes_covered, index.targets_covered) == (["a", "b"], ["t1", "t2"])


def test_index_is_unknown_when_nothing_is_known() -> None:
    index = audit(make_strategy([{"id": "a", "name": "A"}])).index
    assert (index.value, index.implementation, index.attainment) == (None, None, None)
    assert audit_view(audit(make_strategy([{"id": "a", "name": "A"}]))).payload["index"]["value"] is None


# --- the result is data; the view writes the texts ----------------------------------------------


def test_inconsistencies_carry_their_figures_as_data(result: AuditResult) -> None:
    axis_4 = [i for i in result.inconsistencies if i.axis == "axis-4"]
    achieved = next(i for i in axis_4 if isinstance(i, ShareCount) and i.statuses == ["achieved"])
    assert (achieved.share, achieved.count, achieved.planned, achieved.projects) == (0.27, 4, 14, 15)
    assert achieved.computed_share == pytest.approx(4 / 14) and achieved.project_share == pytest.approx(4 / 15)
    counts = next(i for i in result.inconsistencies if isinstance(i, CountsSum) and i.axis == "axis-2")
    assert [(p.statuses, p.count) for p in counts.parts] == [
        (["achieved"], 25),
        (["in_progress"], 2),
        (["late"], 26),
        (["not_started"], 15),
    ]
    assert (counts.total, counts.planned, counts.missing, counts.over) == (68, 69, 1, False)
    assert counts.share_sum == pytest.approx(0.99)
    assert "text" not in type(counts).model_fields
    assert not hasattr(result, "payload") and not hasattr(result, "tables")


def test_mn2013_inconsistency_texts(result: AuditResult) -> None:
    # docs/audit.md, "What the checks find in mn2013", in the words the tool prints.
    assert [inconsistency_text(i) for i in result.inconsistencies] == [
        "the stated shares (36 % + 3 % + 38 % + 22 % = 99 %) of the 69 planned projects correspond to 25 achieved"
        " + 2 in progress + 26 late or problematic + 15 not started = 68, short of the 69 planned projects:"
        " 1 has no status",
        "target 'egov-services' plans 89 projects, the axis plans 69",
        "target 'egov-services' counts 42 projects carried out, the axis has 25 (36 % of 69) achieved",
        "14 actions are planned and divided into 15 projects: counts and shares may refer to either total",
        "achieved: the stated 27 % is not 4 of 14 actions (28.6 %); it is 4 of the 15 projects (26.7 %)",
        "in progress: the stated 60 % is not 9 of 14 actions (64.3 %); it is 9 of the 15 projects (60 %)",
        "the counts (4 achieved + 9 in progress + 2 not started) sum to 15, more than the 14 planned actions"
        " (it matches the 15 projects)",
        'GENIE-Sup: "were cancelled or have never started (20 % of the initial projects)" (cancelled or not'
        ' started) per el-idrissi-2020 §3.1; "has been delayed ... and has only benefited to a limited number of'
        ' teachers and students" (late) per el-idrissi-2020 §3.1: the statuses exclude each other',
        "period: 2008-2013 per el-idrissi-2020 §3; 2009-2013 per telquel-2014 (article of 23 January 2015):"
        " 2009-2013 does not agree with 2008-2013",
        "budget.total: 5.2 billion MAD per el-idrissi-2020 §3; about 5.19 billion MAD per el-idrissi-2020 §3;"
        " 5.19 billion MAD per court-of-auditors-2014; 5.9 billion MAD per telquel-2014 (article of 23 January"
        " 2015): 5.19 billion MAD agrees with 5.2 billion MAD within rounding; 5.9 billion MAD does not",
    ]
    payload = audit_view(result).payload
    assert [i["text"] for i in payload["inconsistencies"]] == [inconsistency_text(i) for i in result.inconsistencies]
    assert list(payload["inconsistencies"][0]) == ["kind", "axis", "field", "text", "sources"]


def test_status_cells_spell_shares_one_way(result: AuditResult) -> None:
    tables = {t.name: t for t in audit_view(result).tables}
    rows = {r["id"]: r for r in tables["axes"].rows}
    assert rows["axis-2"]["achieved_text"] == "25* (36 %)"
    assert rows["axis-3"]["blocked_text"] == "1 (11.1 %*)"
    assert rows["axis-1"]["combined"] == 'cancelled or not started ("were cancelled or have never started"): 20 %'
    assert rows["axis-3"]["combined"] == '"was not achieved": 1 (11.1 %*)'
    assert rows["axis-2"]["wording"] == 'late "late or problematic"'
    budget = {r["item"]: r["value"] for r in tables["budget"].rows}
    assert budget["total"] == "5.2 billion MAD"
    assert budget["share of axis-1 Social transformation + axis-2 User-oriented public services (e-government)"] == (
        "almost 83 %"
    )


def cite(citations: Sequence[str]) -> Cite:
    return Cite(tuple(citations), tuple(c.split(" ", 1)[0] for c in citations))


def test_report_blocks_of_the_audit(result: AuditResult) -> None:
    blocks = audit_blocks(result, cite)
    index, formula, evaluation, axes, targets = blocks[:5]
    assert isinstance(index, Paragraph) and plain(index.text) == (
        "Implementation index less than 30.6 %: implementation 24 % over 4 of 6 axes; attainment 37.1 % over 10 of"
        " 14 targets."
    )
    assert isinstance(formula, Paragraph) and formula.style == "note"
    assert plain(formula.text).endswith(
        "The index is an upper bound: GENIE: multimedia suitcases (VMM) produced (less than 71 %), Turnover of"
        " IT offshoring (almost 23.7 %) are bounds, not exact figures."
    )
    assert isinstance(evaluation, Paragraph) and plain(evaluation.text).endswith("[el-idrissi-2020 §3.1]")
    assert isinstance(axes, Figure) and axes.id == "fig-audit-axes" and isinstance(axes.chart, BarChart)
    assert (axes.chart.tone, axes.chart.reference, axes.chart.reference_label) == ("accent", 1.0, "100 %")
    assert [b.text for b in axes.chart.bars][:3] == ["11 %", "36 %", "22 %"]
    assert axes.chart.bars[4].label == "Human capital development (measure)" and axes.chart.bars[4].value is None
    assert isinstance(targets, Figure) and targets.id == "fig-audit-targets" and isinstance(targets.chart, BarChart)
    assert targets.chart.tone == "good" and len(targets.values.rows) == 14
    assert [b.text for b in targets.chart.bars][3] == "less than 71 %"
    rest = blocks[5:]
    assert [type(b).__name__ for b in rest] == [
        "Heading",
        "Table",
        "Heading",
        "Items",
        "Heading",
        "Paragraph",
        "Items",
    ]
    findings, issues = rest[3], rest[6]
    assert isinstance(findings, Items) and findings.style == "tagged"
    assert [i.tag for i in findings.items][:2] == ["critical", "critical"]
    assert isinstance(issues, Items) and plain(issues.items[0].text).startswith("axis-2 (counts_sum): the stated")


def test_report_blocks_of_an_audit_with_nothing_found() -> None:
    blocks = audit_blocks(audit(make_strategy([{"id": "a", "name": "A"}])), cite)
    texts = [plain(b.text) for b in blocks if isinstance(b, Paragraph)]
    assert "The strategy sets no quantified target." in texts
    assert "None recorded." in texts and "None found." in texts


def test_the_audit_page_shows_the_figures_and_the_tables(result: AuditResult) -> None:
    view = audit_view(result)
    assert view.kind == "audit" and view.title == "Maroc Numeric 2013: implementation by axis"
    sections = page_sections(view)
    assert [s.id for s in sections] == [
        "index",
        "achievement",
        "attainment",
        "strategy",
        "axes",
        "targets",
        "programmes",
        "figures",
        "budget",
        "findings",
        "inconsistencies",
        "notes",
    ]
    figures = [b for s in sections for b in s.blocks if isinstance(b, Figure)]
    assert [f.id for f in figures] == ["fig-audit-axes", "fig-audit-targets"]


# --- the strategy's texts in English and French ------------------------------------------------------


def test_the_strategy_s_texts_are_given_in_english_and_french(strategy: Strategy) -> None:
    from clusterkit.i18n import LANGUAGES
    from clusterkit.models.languages import coverage

    cover = coverage(strategy)
    assert cover.texts > 100
    assert cover.languages == LANGUAGES, cover.missing


def test_a_quote_and_another_name_stay_as_the_source_gives_them(strategy: Strategy) -> None:
    from clusterkit.models.languages import local_texts

    paths = [path for path, _text in local_texts(strategy)]
    assert "programmes.12.other_names.0.note" in paths  # our note on another name is translated
    assert not [p for p in paths if p.endswith(".wording") or (".other_names." in p and p.endswith(".name"))]
    axis = strategy.axes[1]
    assert axis.statuses["late"].wording == "late or problematic"
    assert type(axis.statuses["late"].wording) is str
    assert strategy.programmes[0].other_names[0].name == "Nafid@"


def test_a_french_audit_names_axes_targets_and_units_in_french_and_keeps_every_number(strategy: Strategy) -> None:
    from clusterkit.i18n import use_language

    result = audit(strategy)
    english = audit_view(result)
    with use_language("fr"):
        french = audit_view(result)
    rows = {row["id"]: row for row in french.tables[1].rows}
    assert rows["axis-3"]["name"] == "Informatisation des PME"
    assert rows["axis-2"]["unit"] == "projets"
    assert rows["axis-4"]["name"] == "Industrie TI"
    english_rows = {row["id"]: row for row in english.tables[1].rows}
    assert english_rows["axis-3"]["name"] == "Computerisation of SMEs"
    assert english_rows["axis-2"]["unit"] == "projects"
    for en, fr in zip(english.tables[1].rows, french.tables[1].rows, strict=True):
        assert {k: v for k, v in en.items() if not isinstance(v, str)} == {
            k: v for k, v in fr.items() if not isinstance(v, str)
        }
    # NOTE: the audit's records keep every language; only the view picks one.
    assert result.axis("axis-3").name == "Computerisation of SMEs"
    assert result.axis("axis-3").name.translations["fr"] == "Informatisation des PME"  # type: ignore[attr-defined]


def test_in_language_gives_a_record_s_texts_in_one_language_and_leaves_the_rest(strategy: Strategy) -> None:
    from clusterkit.i18n import LocalText
    from clusterkit.models.languages import in_language

    result = audit(strategy)
    french = in_language(result, "fr")
    assert french.axis("human-capital").name == "Capital humain"
    assert type(french.axis("human-capital").name) is str
    assert french.axis("axis-2").statuses == [
        line.model_copy(update={"note": None if line.note is None else line.note.translations["fr"]})  # type: ignore[attr-defined]
        for line in result.axis("axis-2").statuses
    ]
    assert in_language(french, "fr") is french  # nothing left to choose
    assert in_language(LocalText({"en": "A", "fr": "B"}), "de") == "A"  # no German: the English
