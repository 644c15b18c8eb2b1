"""The MN2013 profile held to its sources, and the model and audit pieces that let it say what they say.

The paper (El Idrissi et al. 2020) gives the strategy in §3 and the Court of Auditors' findings in
§3.1; a fact cited to a press article quotes the article's words, so that a reader can find them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from pydantic import BaseModel, ValidationError

from clusterkit import text
from clusterkit.audit import AuditResult, OutcomesDisagree, audit, bound
from clusterkit.citations import citation_key
from clusterkit.loading import load_document
from clusterkit.models import Fact, Strategy
from clusterkit.views.audit import attainment_text, audit_view, inconsistency_text, index_value_text

MN2013 = Path(__file__).parents[1] / "profiles" / "strategies" / "mn2013.yaml"
SRC = "test-source §1"

# What the telquel.ma article of 23 January 2015 says (its words, as the profile quotes them).
TELQUEL_2015 = (
    "(pour la période 2009 – 2013)",
    "36% seulement des 69 projets prévus ont été réalisés",
    "seuls 4 des 15 projets relatifs au développement des technologies de l’information ont été achevés",
    "Sur les 400 centres qui doivent voir le jour",
    "seuls 74 ont été construits",
    "ce qui représente 18% des projets réalisés",
    "ces centres construits ne sont pas en activité",
)


@pytest.fixture(scope="module")
def strategy() -> Strategy:
    return cast(Strategy, load_document(MN2013, "strategy"))


@pytest.fixture(scope="module")
def result(strategy: Strategy) -> AuditResult:
    return audit(strategy)


def cited(obj: Any, path: str = "") -> list[tuple[str, str, str]]:
    """Every (path, citation, words) in a document: a cited object's source with its note, text or wording."""
    found: list[tuple[str, str, str]] = []
    if isinstance(obj, BaseModel):
        source = getattr(obj, "source", None)
        if isinstance(source, str):
            words = " ".join(str(getattr(obj, k, "") or "") for k in ("note", "text", "wording", "name"))
            found.append((path, source, words))
        for name in type(obj).model_fields:
            found += cited(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            found += cited(item, f"{path}.{i}")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            found += cited(item, f"{path}.{key}")
    return found


def test_every_press_citation_quotes_the_article(strategy: Strategy) -> None:
    press = [(p, c, w) for p, c, w in cited(strategy) if citation_key(c) == "telquel-2014"]
    assert press, "the profile cites the telquel.ma articles"
    for path, citation, words in press:
        assert citation.startswith("telquel-2014 (article of "), (path, citation)
        assert '"' in words, (path, "quote the article's words")
    quoted = " ".join(w for _, c, w in press if "23 January 2015" in c)
    assert [q for q in TELQUEL_2015 if q not in quoted] == []


def test_secondary_facts_cite_the_court_as_reported(strategy: Strategy) -> None:
    court = {p: w for p, c, w in cited(strategy) if c == "court-of-auditors-2014"}
    assert set(court) == {"planned", "budget.total.alternatives.1", "targets.10.target", "targets.10.actual"}
    assert strategy.planned is not None and strategy.planned.value == 53
    sme = next(t for t in strategy.targets if t.id == "sme-aid")
    assert (sme.target and sme.target.value, sme.actual and sme.actual.value, sme.unit) == (59, 22.9, "million MAD")


def test_the_paper_is_cited_to_the_section_that_says_it(strategy: Strategy) -> None:
    sections = {c for _, c, _ in cited(strategy) if citation_key(c) == "el-idrissi-2020"}
    assert sections == {"el-idrissi-2020 §3", "el-idrissi-2020 §3.1"}
    # §3 presents the strategy; what the Court of Auditors found is §3.1.
    by_path = {p: c for p, c, _ in cited(strategy)}
    in_3 = ["adopted", "period", "description", "budget.total", "budget.total.alternatives.0", "budget.shares.0"]
    in_3 += ["targets.12.target", "targets.13.target", "figures.0.value", "figures.3.value"]
    assert {p: by_path[p] for p in in_3} == dict.fromkeys(in_3, "el-idrissi-2020 §3")
    in_31 = ["evaluation", "targets.12.actual", "targets.13.unknown_reason", "axes.4.budget_share"]
    in_31 += [f"findings.{i}" for i in range(10)]
    assert {p: by_path[p] for p in in_31} == dict.fromkeys(in_31, "el-idrissi-2020 §3.1")


def test_the_paper_s_words_are_kept(strategy: Strategy, result: AuditResult) -> None:
    findings = {f.id: f.text for f in strategy.findings}
    assert "has not been established" in findings["cnti-not-established"]
    assert all("never established" not in t for t in findings.values())
    # The paper spells the programme "Infatih"; the press "Infitah", kept as another name.
    assert result.target("infitah").name.startswith("Infatih:")
    infatih = result.programme("infatih")
    assert infatih.name == "Infatih" and [n.name for n in infatih.other_names] == ["Infitah"]
    # Axis 3's training action "was not achieved": no status the paper does not give.
    axis_3 = result.axis("axis-3")
    assert axis_3.status("not_started") is None
    other = [line for line in axis_3.statuses if not line.statuses]
    assert [(line.wording, line.count) for line in other] == [("was not achieved", 1)]
    # Axis 2's 38 % is "late or problematic", one figure, not split.
    axis_2 = result.axis("axis-2")
    assert [line.statuses for line in axis_2.statuses] == [["achieved"], ["in_progress"], ["late"], ["not_started"]]
    late = axis_2.status("late")
    assert late is not None and (late.share, late.wording) == (0.38, "late or problematic")


def test_below_71_percent_stays_an_upper_bound(result: AuditResult) -> None:
    genie = result.target("genie-multimedia-suitcases")
    assert (genie.attainment, genie.attainment_qualifier) == (pytest.approx(0.71), "less_than")
    assert attainment_text(genie) == "less than 71 %"
    assert result.target("offshoring-turnover").attainment_qualifier == "almost"
    # The index averages an upper bound, so it is one too.
    assert result.index.qualifier == "less_than"
    assert result.index.bounded_by == ["genie-multimedia-suitcases", "offshoring-turnover"]
    assert index_value_text(result.index) == "less than 30.6 %"


def test_the_paper_s_own_roundings_are_shown_beside_the_computed_attainment(result: AuditResult) -> None:
    assert attainment_text(result.target("moussanada-ti")) == "9.8 % (stated: 10 %)"
    assert attainment_text(result.target("infitah")) == "30.4 % (stated: 30 %)"
    assert "attainment_stated" not in [i.kind for i in result.inconsistencies]


def test_genie_sup_outcomes_that_exclude_each_other_are_shown(result: AuditResult) -> None:
    issue = next(i for i in result.inconsistencies if isinstance(i, OutcomesDisagree))
    assert (issue.programme, issue.axis, issue.field) == ("genie-sup", "axis-1", "programmes.3.outcomes")
    assert [o.statuses for o in issue.outcomes] == [["cancelled", "not_started"], ["late"]]
    assert inconsistency_text(issue).endswith("the statuses exclude each other")


def test_programmes_link_their_targets_and_figures(result: AuditResult) -> None:
    genie = result.programme("genie")
    assert genie.targets == ["genie-multimedia-suitcases", "genie-multimedia-rooms"]
    assert genie.figures == ["satellite-school-pupils", "satellite-schools-total"]
    names = {p.name for p in result.programmes}
    assert {"Moroccan Innovation Centre", "Maroc Numeric Fund", "Technopark Casa", "Cluster TI", "Rawaj TI"} <= names
    assert {"Nafida", "Injaz", "GENIE-Sup", "e-consulat", "Electronic certification"} <= names


# --- the model pieces, on hand-built strategies ------------------------------------------------


def make(**extra: Any) -> Strategy:
    data = {"kind": "strategy", "schema_version": 1, "id": "t", "name": "T", "country": "MA", "axes": [], **extra}
    return Strategy.model_validate(data)


def fact(value: Any, **extra: Any) -> dict[str, Any]:
    return {"value": value, "source": SRC, **extra}


def test_a_worded_figure_counts_toward_a_complete_axis() -> None:
    axis = {
        "id": "a",
        "name": "A",
        "planned": fact(3),
        "statuses": {"achieved": {"count": 2, "source": SRC}},
        "other_statuses": [{"wording": "was not achieved", "count": 1, "source": SRC}],
        "statuses_complete": True,
    }
    assert audit(make(axes=[axis])).inconsistencies == []
    short = {**axis, "other_statuses": []}
    (issue,) = audit(make(axes=[short])).inconsistencies
    assert issue.kind == "counts_sum"
    with pytest.raises(ValidationError, match="exceeds planned"):
        make(axes=[{**axis, "other_statuses": [{"wording": "w", "count": 4, "source": SRC}]}])


def test_a_share_figure_must_be_a_fraction_and_links_must_resolve() -> None:
    with pytest.raises(ValidationError, match="a share is a fraction"):
        make(targets=[{"id": "t", "name": "T", "unit": "u", "measure": "share", "actual": fact(39)}])
    with pytest.raises(ValidationError, match="a share is a fraction"):
        make(figures=[{"id": "f", "name": "F", "measure": "share", "value": fact(7.0)}])
    with pytest.raises(ValidationError, match="unknown target 'nope'"):
        make(programmes=[{"id": "p", "name": "P", "targets": ["nope"], "source": SRC}])
    with pytest.raises(ValidationError, match="unknown programme 'nope'"):
        make(figures=[{"id": "f", "name": "F", "programme": "nope", "value": fact(1)}])
    with pytest.raises(ValidationError, match="programme ids must be unique"):
        make(programmes=[{"id": "p", "name": "P", "source": SRC}] * 2)


def test_a_stated_attainment_beyond_rounding_is_reported() -> None:
    target = {"id": "t", "name": "T", "unit": "u", "target": fact(100), "actual": fact(25)}
    assert audit(make(targets=[{**target, "stated_attainment": fact(0.25)}])).inconsistencies == []
    (issue,) = audit(make(targets=[{**target, "stated_attainment": fact(0.30)}])).inconsistencies
    assert issue.kind == "attainment_stated"
    assert (
        inconsistency_text(issue) == "target 't': the stated attainment 30 % is not the computed 25 %, beyond rounding"
    )


def test_bounds_combine_one_way_or_become_approximate() -> None:
    assert bound(["exact", "exact"]) == "exact"
    assert bound(["almost", "exact"]) == "almost"
    assert bound(["almost", "less_than"]) == "less_than"
    assert bound(["at_least", "more_than"]) == "more_than"
    assert bound(["less_than", "more_than"]) == "about"
    # A qualified target loses the direction of the actual's bound.
    qualified = {"id": "t", "name": "T", "unit": "u", "target": fact(10, qualifier="about"), "actual": fact(5)}
    assert audit(make(targets=[qualified])).target("t").attainment_qualifier == "about"


def test_quantities_are_spelled_with_their_unit() -> None:
    assert text.quantity(3000, "companies", "count") == "3,000 companies"
    assert text.quantity(1, "priority projects", "count") == "1 priority project"
    assert text.quantity(1, "companies") == "1 company"
    assert text.quantity(2, "billion MAD", "amount", "almost", 2012) == "almost 2 billion MAD (2012)"
    assert text.quantity(0.71, "share of the plan", "share", "less_than") == "less than 71 %"
    assert text.quantity(None, "companies") == "unknown"


def test_every_fact_of_the_profile_is_shown_or_counted(strategy: Strategy, result: AuditResult) -> None:
    # Nothing the profile holds is left out of the view: notes, programmes and figures have tables.
    view = audit_view(result)
    names = [t.name for t in view.tables]
    assert {"programmes", "figures", "notes", "strategy"} <= set(names)
    notes = next(t for t in view.tables if t.name == "notes")
    assert len(notes.rows) == len(strategy.notes) + sum(len(a.notes) for a in strategy.axes)
    facts = [f for _, f in iter_facts(strategy)]
    assert all(f.source for f in facts)


def iter_facts(obj: Any, path: str = "") -> list[tuple[str, Fact]]:
    out: list[tuple[str, Fact]] = []
    if isinstance(obj, Fact):
        out.append((path, obj))
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            out += iter_facts(getattr(obj, name), f"{path}.{name}")
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            out += iter_facts(item, f"{path}.{i}")
    return out
