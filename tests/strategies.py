"""Hypothesis strategies for clusterkit documents, valid and broken, and the test profiles.

Profiles, chosen with the ``HYPOTHESIS_PROFILE`` environment variable:

- ``ci`` (the default): a short run, a few hundred examples per property at most;
- ``campaign``: a long run, 10,000 examples for the main properties
  (``HYPOTHESIS_PROFILE=campaign python -m pytest tests/test_properties.py``).

The valid strategies build plain data (what a YAML file holds), so a test can both validate it
with the models and write it to a file. Texts mix arbitrary Unicode with the strings that break
careless code: HTML, spreadsheet formulas, YAML 1.1 booleans and nulls, line breaks.
"""

from __future__ import annotations

import collections.abc
import copy
import math
import os
import sys
import types
import typing
from typing import Any

import annotated_types
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from clusterkit import models
from clusterkit.loading import Catalog, search_dirs
from clusterkit.models import KINDS, MEMBER_TYPES, STATUSES, Members

# NOTE: the member counts are Members' fields, not the member types: a type (education_and_research) may have no count.
MEMBER_COUNTS = tuple(name for name in Members.model_fields if name not in ("total", "types"))

# --- profiles ------------------------------------------------------------------------------

_COMMON: dict[str, Any] = {
    "deadline": None,
    # NOTE: the explain phase traces every line run, which multiplies the time a failure takes to report.
    "phases": [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=40, **_COMMON)
settings.register_profile("campaign", max_examples=10_000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(share: float = 1.0) -> int:
    """A share of the active profile's example count (at least 10), for the slower properties."""
    return max(10, int(settings.default.max_examples * share))


# --- what the bundled data defines -----------------------------------------------------------

CATALOG = Catalog(search_dirs(env=""))
FRAMEWORK = CATALOG.framework()
PRACTICES = CATALOG.practices()
REFERENCES = CATALOG.references()
REFERENCE_KEYS = sorted(REFERENCES)
ASSESSED = [i.id for i in FRAMEWORK.indicators if i.assessed]


def _collect_fields() -> frozenset[str]:
    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            names.update(obj.model_fields)
    return frozenset(names)


# Every field name of every model: a key outside this set is unknown wherever it is put.
FIELD_NAMES = _collect_fields()


def _bounds(info: FieldInfo | None) -> dict[str, float]:
    """The numeric bounds (ge, gt, le, lt) of a field, through Optional and Annotated."""
    found: dict[str, float] = {}
    if info is None:
        return found
    metadata = list(info.metadata)
    annotation = info.annotation
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is typing.Annotated:
            for meta in typing.get_args(arg)[1:]:
                metadata.extend(getattr(meta, "metadata", [meta]))
    for meta in metadata:
        for name in ("ge", "gt", "le", "lt"):
            value = getattr(meta, name, None)
            if isinstance(value, int | float):
                found[name] = value
    return found


def _field_range(model: type[BaseModel], name: str, low: float, high: float) -> tuple[float, float]:
    """The range a float field of a model accepts, within ``[low, high]``."""
    bounds = _bounds(model.model_fields[name])
    return max(low, bounds.get("ge", bounds.get("gt", low))), min(high, bounds.get("le", bounds.get("lt", high)))


# --- scalars ---------------------------------------------------------------------------------

HOSTILE_TEXTS = [
    "NO",
    "no",
    "yes",
    "Yes",
    "on",
    "OFF",
    "y",
    "n",
    "null",
    "Null",
    "~",
    "none",
    "true",
    "False",
    "0",
    "-0",
    "1e3",
    "1.0",
    ".inf",
    "-.inf",
    ".nan",
    "0x1F",
    "0o17",
    "012",
    "1_000",
    "1:20:30",
    "2011-05-01",
    "2011-05-01 10:00:00",
    "=1+1",
    '=HYPERLINK("http://example.com","x")',
    "+SUM(A1:A2)",
    "-2+3",
    "@cmd",
    "\tTAB",
    "\rCR",
    "<script>alert(1)</script>",
    "<SCRIPT src=//x>",
    "</td></table><script>",
    '"><img src=x onerror=alert(2)>',
    "Tom & Jerry 'single' \"double\" <b>bold</b> &amp;",
    "javascript:alert(4)",
    "Ünïcödé – “quotes” —中文 العربية ⵜⴰⵎⴰⵣⵉⵖⵜ",
    "🚀 rocket",
    "a\nb",
    "line\r\nbreak",
    "  leading",
    "trailing  ",
    "# not a comment",
    "key: value",
    "- item",
    "*alias",
    "&anchor",
    "!!python/object:os.system",
    "%TAG ! tag:x",
    "{a: 1}",
    "[1, 2]",
    "|",
    ">",
    "---",
    "...",
    "\\",
    "back\\slash",
    "pipe | cell",
    "`code`",
    "*emphasis* _under_",
    "\u2028",
    "x\x85y",
    "\ufeffbom",
    "zero\u200bwidth",
    "\x1b[31mred\x1b[0m",
    "[bold red]markup[/]",
    "x" * 500,
]


def texts(max_size: int = 40, limit: int = 500) -> st.SearchStrategy[str]:
    """Non-empty text of at most ``limit`` characters: hostile samples, arbitrary Unicode, or both."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXTS),
        st.text(min_size=1, max_size=max_size),
        st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE_TEXTS), st.text(max_size=10)),
    ).map(lambda s: s[:limit])


short_texts = texts(limit=500)
# Long texts repeat a short one, so that they cost few choices: Hypothesis bounds the choices per example.
long_texts = st.one_of(
    texts(limit=20_000),
    st.builds(lambda text, times: (text * times)[:20_000], texts(max_size=20), st.integers(1, 2_000)),
)

slugs = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,63}", fullmatch=True)
short_slugs = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}", fullmatch=True)

_LOCATORS = st.one_of(
    st.sampled_from(["§2.2", "§3.1", "Table 1", "p. 12", "(article of 23 January 2015)", "<script>", "=cmd", "§ NO"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n"), min_size=1, max_size=30),
)


@st.composite
def citations(draw: st.DrawFn) -> str:
    """A citation whose key the bundled references define, with an optional locator."""
    key = draw(st.sampled_from(REFERENCE_KEYS))
    if draw(st.booleans()):
        return key
    return (key + " " + draw(_LOCATORS))[:300]


qualifiers = st.sampled_from(["exact", "about", "more_than", "at_least", "almost", "less_than"])


def _upper_bound(annotation: Any) -> int | None:
    """The ``le`` bound of a constrained type such as :data:`clusterkit.models.Count`, if it has one."""
    for meta in getattr(annotation, "__metadata__", ()):
        for item in getattr(meta, "metadata", [meta]):
            if isinstance(item, annotated_types.Le):
                return int(item.le)
    return None


# The largest count a profile may hold (unbounded: the largest a float holds exactly).
MAX_COUNT = _upper_bound(models.Count)
_count_limit = MAX_COUNT if MAX_COUNT is not None else 2**53
counts = st.one_of(
    st.integers(0, 30),
    st.integers(0, 100_000),
    st.integers(0, _count_limit),
    st.just(_count_limit),
)
years = st.integers(1800, 2100)
shares = st.one_of(st.sampled_from([0.0, 1.0, 0.5, 0.7, 0.27]), st.floats(0, 1))
finite = st.floats(allow_nan=False, allow_infinity=False)
# The widest numbers and amounts the models accept (the whole float range where they set no bound).
_LOW, _HIGH = _field_range(models.NumberFact, "value", -sys.float_info.max, sys.float_info.max)
_AMOUNT_HIGH = min(
    _field_range(m, f, 0, sys.float_info.max)[1] for m, f in ((models.Money, "amount"), (models.AmountFact, "value"))
)
numbers = st.one_of(
    st.integers(-1000, 10**6).map(float), st.floats(max(_LOW, -1e9), min(_HIGH, 1e9)), st.floats(_LOW, _HIGH)
)
amounts = st.one_of(st.floats(0, min(1e12, _AMOUNT_HIGH)), st.floats(0, _AMOUNT_HIGH))


def fact(value: st.SearchStrategy[Any], alternatives: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """A cited fact: value and source, optionally a qualifier, a note and other sources' values."""
    alternative = st.fixed_dictionaries(
        {"value": value, "source": citations()},
        optional={"qualifier": qualifiers, "note": short_texts},
    )
    extra: dict[str, st.SearchStrategy[Any]] = {"qualifier": qualifiers, "note": short_texts}
    if alternatives:
        extra["alternatives"] = st.lists(alternative, max_size=2)
    return st.fixed_dictionaries({"value": value, "source": citations()}, optional=extra)


money = st.fixed_dictionaries(
    {"amount": amounts, "currency": st.from_regex(r"[A-Z]{3}", fullmatch=True)},
    optional={"year": years},
)

evidence = st.fixed_dictionaries({"text": long_texts, "source": citations()})

items = st.fixed_dictionaries(
    {"name": short_texts, "source": citations()},
    optional={"description": long_texts, "since": years},
)

# Items with no date hold at every assessment's date (a dated one may postdate it and be left out).
undated_items = st.fixed_dictionaries(
    {"name": short_texts, "source": citations()}, optional={"description": long_texts}
)

labels = st.fixed_dictionaries(
    {"name": short_texts, "level": st.sampled_from(["bronze", "silver", "gold", "other"]), "source": citations()},
    optional={"year": st.integers(1990, 2100), "note": short_texts},
)

reviews = st.fixed_dictionaries(
    {"topic": short_texts, "findings": long_texts, "source": citations()},
    optional={"questions": long_texts, "period": short_texts},
)

# Calendar dates as YYYY, YYYY-MM or YYYY-MM-DD.
dates = st.one_of(
    st.sampled_from(["2011", "2014-06", "2020-01-31", "2020-02-29"]),
    st.builds(lambda day, cut: day.isoformat()[:cut], st.dates(), st.sampled_from([4, 7, 10])),
)


@st.composite
def locations(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "country": draw(
            st.one_of(st.sampled_from(["MA", "NO", "ON", "FR", "YE"]), st.from_regex(r"[A-Z]{2}", fullmatch=True))
        ),
        "source": draw(citations()),
    }
    if draw(st.booleans()):
        data["city"] = draw(short_texts)
    if draw(st.booleans()):
        data["region"] = draw(short_texts)
    if draw(st.booleans()):
        data["latitude"] = draw(st.floats(-90, 90))
        data["longitude"] = draw(st.floats(-180, 180))
        if draw(st.booleans()):
            data["coordinates_source"] = draw(citations())
    if draw(st.booleans()):
        data["precision"] = draw(st.sampled_from(["city", "region", "country"]))
    return data


@st.composite
def assessments(draw: st.DrawFn, complete: bool = False, framework: str | None = None) -> dict[str, Any]:
    """Levels 0-4, each with evidence, for assessed indicators of the bundled framework (all of them when complete)."""
    chosen = ASSESSED if complete else draw(st.lists(st.sampled_from(ASSESSED), unique=True))
    levels = {
        ind: {
            "level": draw(st.integers(0, 4)),
            "evidence": draw(st.lists(evidence, min_size=1, max_size=1 if complete else 2)),
        }
        for ind in chosen
    }
    data: dict[str, Any] = {"levels": levels}
    # The bundled framework, named or implied, so that a generated profile also passes `clusterkit validate`.
    fw = framework if framework is not None else draw(st.sampled_from(["default", None]))
    if fw is not None:
        data["framework"] = fw
    if draw(st.booleans()):
        data["date"] = draw(dates)
    if draw(st.booleans()):
        data["assessor"] = draw(short_texts)
    return data


def _maybe(
    draw: st.DrawFn, data: dict[str, Any], key: str, strategy: st.SearchStrategy[Any], force: bool = False
) -> None:
    if force or draw(st.booleans()):
        data[key] = draw(strategy)


@st.composite
def clusters(draw: st.DrawFn, complete: bool = False, cluster_id: str | None = None) -> dict[str, Any]:
    """The data of a valid cluster profile.

    ``complete``: every indicator of the bundled framework is known (each measured fact is present
    and one assessment rates every assessed indicator).
    """
    data: dict[str, Any] = {
        "kind": "cluster",
        "schema_version": 1,
        "id": cluster_id if cluster_id is not None else draw(slugs),
        "name": draw(short_texts),
        "location": draw(locations()),
    }
    _maybe(draw, data, "acronym", short_texts)
    _maybe(draw, data, "founded", fact(years))
    _maybe(draw, data, "sectors", fact(st.lists(short_texts, max_size=3)))
    _maybe(draw, data, "status", fact(short_texts))
    _maybe(draw, data, "financing", fact(long_texts))
    _maybe(draw, data, "description", fact(long_texts))

    members: dict[str, Any] = {}
    count_fact = fact(counts)
    for name in ("total", "companies"):
        _maybe(draw, members, name, count_fact, force=complete)
    for name in MEMBER_COUNTS:
        if name != "companies" and draw(st.integers(0, 3)) == 0:
            members[name] = draw(count_fact)
    type_list = st.lists(st.sampled_from(MEMBER_TYPES), min_size=1 if complete else 0, max_size=6)
    _maybe(draw, members, "types", fact(type_list), force=complete)
    if members or draw(st.booleans()):
        data["members"] = members

    economy: dict[str, Any] = {}
    _maybe(draw, economy, "turnover", fact(money))
    _maybe(draw, economy, "employees", count_fact, force=complete)
    _maybe(draw, economy, "exporting_members_share", fact(shares), force=complete)
    _maybe(draw, economy, "countries_reached", count_fact, force=complete)
    _maybe(draw, economy, "national_production_share", fact(shares))
    if economy:
        data["economy"] = economy

    management: dict[str, Any] = {}
    _maybe(draw, management, "staff_fte", fact(amounts))
    _maybe(draw, management, "english_website", fact(st.booleans()))
    _maybe(draw, management, "website", fact(short_texts))
    if management:
        data["management"] = management

    if draw(st.booleans()):
        data["labels"] = draw(st.lists(labels, max_size=2))
    for name in ("networks", "thematic_poles"):
        min_size = 1 if complete else 0
        if complete or draw(st.booleans()):
            data[name] = draw(st.lists(undated_items if complete else items, min_size=min_size, max_size=3))
    for name in ("partnerships", "supporters", "specialisations", "work_axes", "commitments", "milestones"):
        if draw(st.integers(0, 3)) == 0:
            data[name] = draw(st.lists(items, max_size=2))
    if draw(st.integers(0, 3)) == 0:
        data["reviews"] = draw(st.lists(reviews, max_size=2))
    if complete:
        # One assessment of the default framework, rating every assessed indicator.
        rated = draw(assessments(complete=True, framework="default"))
        others = draw(st.lists(assessments(framework="other"), max_size=1))
        data["assessments"] = [rated, *others]
    elif draw(st.booleans()):
        data["assessments"] = draw(
            st.lists(assessments(), max_size=3, unique_by=lambda a: (a.get("framework", "default"), a.get("date")))
        )
    if draw(st.integers(0, 3)) == 0:
        data["target"] = draw(assessments(complete=complete, framework="default"))
    if draw(st.integers(0, 3)) == 0:
        data["notes"] = draw(st.lists(evidence, max_size=2))
    return data


# Numbers at the edges of what a float holds: past 2**1024 an int has no float value at all.
huge_counts = st.one_of(
    st.just(10**309), st.integers(2**1024, 10**400), st.integers(_count_limit + 1, 2**1024), st.just(_count_limit + 1)
)
extreme_floats = st.one_of(
    st.sampled_from([1e308, 1.7976931348623157e308, 5e-324, 1e-300]),
    st.floats(min_value=1e300, allow_infinity=False),
    st.floats(min_value=0, max_value=1e-300),
)


# --- strategies (the document kind) ------------------------------------------------------------


@st.composite
def axes(draw: st.DrawFn, axis_id: str) -> dict[str, Any]:
    """An axis whose status counts stay within its planned actions (or planned projects)."""
    data: dict[str, Any] = {"id": axis_id, "name": draw(short_texts)}
    _maybe(draw, data, "kind", st.sampled_from(["axis", "measure"]))
    _maybe(draw, data, "unit", st.sampled_from(["actions", "projects", "measures"]))
    planned = draw(st.one_of(st.none(), st.integers(0, 60), counts))
    limit = None
    if planned is not None:
        data["planned"] = draw(fact(st.just(planned), alternatives=False))
        limit = planned
        if draw(st.integers(0, 3)) == 0:
            # A source may divide the planned actions into more projects (14 actions, 15 projects).
            projects = draw(
                st.one_of(st.integers(0, min(planned + 5, _count_limit)), st.just(min(planned + 1, _count_limit)))
            )
            data["planned_projects"] = draw(fact(st.just(projects), alternatives=False))
            limit = max(planned, projects)
    status_counts = st.one_of(st.integers(0, limit), st.just(limit)) if limit is not None else counts

    def figure() -> dict[str, Any]:
        fig: dict[str, Any] = {"source": draw(citations())}
        which = draw(st.sampled_from(["count", "share", "both"]))
        if which in ("count", "both"):
            fig["count"] = draw(status_counts)
        if which in ("share", "both"):
            fig["share"] = draw(shares)
        return fig

    chosen = draw(st.lists(st.sampled_from(STATUSES), unique=True, max_size=len(STATUSES)))
    alone = chosen[: draw(st.integers(0, len(chosen)))]
    data["statuses"] = {}
    for status in alone:
        fig = figure()
        _maybe(draw, fig, "qualifier", qualifiers)
        _maybe(draw, fig, "note", short_texts)
        data["statuses"][status] = fig
    rest = [s for s in chosen if s not in alone]
    if len(rest) >= 2:
        group = {"statuses": rest, **figure()}
        _maybe(draw, group, "note", short_texts)
        data["combined_statuses"] = [group]
    _maybe(draw, data, "budget_share", fact(shares, alternatives=False))
    _maybe(draw, data, "statuses_complete", st.booleans())
    if draw(st.integers(0, 3)) == 0:
        data["notes"] = draw(st.lists(evidence, max_size=1))
    return data


@st.composite
def targets(draw: st.DrawFn, target_id: str, axis_ids: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": target_id, "name": draw(short_texts), "unit": draw(short_texts)}
    if axis_ids and draw(st.booleans()):
        data["axis"] = draw(st.sampled_from(axis_ids))
    for name in ("baseline", "target", "actual"):
        _maybe(draw, data, name, fact(numbers))
        _maybe(draw, data, f"{name}_year", st.integers(1900, 2100))
    _maybe(draw, data, "unknown_reason", evidence)
    return data


@st.composite
def strategy_documents(draw: st.DrawFn, strategy_id: str | None = None) -> dict[str, Any]:
    """The data of a valid strategy: axes, targets on those axes, budget shares, findings."""
    axis_ids = draw(st.lists(short_slugs, unique=True, max_size=5))
    data: dict[str, Any] = {
        "kind": "strategy",
        "schema_version": 1,
        "id": strategy_id if strategy_id is not None else draw(slugs),
        "name": draw(short_texts),
        "country": draw(st.from_regex(r"[A-Z]{2}", fullmatch=True)),
        "axes": [draw(axes(axis_id)) for axis_id in axis_ids],
    }
    _maybe(draw, data, "adopted", fact(years))
    _maybe(draw, data, "period", fact(short_texts))
    _maybe(draw, data, "evaluation", items)
    _maybe(draw, data, "description", fact(long_texts))
    _maybe(draw, data, "planned", fact(counts))
    if draw(st.booleans()):
        data["priorities"] = draw(st.lists(items, max_size=2))
    budget: dict[str, Any] = {}
    _maybe(draw, budget, "total", fact(money))
    if axis_ids and draw(st.booleans()):
        share = st.fixed_dictionaries(
            {
                "axes": st.lists(st.sampled_from(axis_ids), min_size=1, max_size=3),
                "share": shares,
                "source": citations(),
            },
            optional={"qualifier": qualifiers},
        )
        budget["shares"] = draw(st.lists(share, max_size=2))
    if budget:
        data["budget"] = budget
    target_ids = draw(st.lists(short_slugs, unique=True, max_size=4))
    if target_ids:
        data["targets"] = [draw(targets(t, axis_ids)) for t in target_ids]
    finding = st.fixed_dictionaries(
        {
            "id": short_slugs,
            "severity": st.sampled_from(["low", "medium", "high", "critical"]),
            "text": long_texts,
            "source": citations(),
        }
    )
    if draw(st.booleans()):
        data["findings"] = draw(st.lists(finding, max_size=3))
    if draw(st.integers(0, 3)) == 0:
        data["notes"] = draw(st.lists(evidence, max_size=1))
    return data


# --- frameworks ----------------------------------------------------------------------------------

# Rule paths of the cluster model by what a rule can read there.
NUMBER_PATHS = [
    *(f"members.{name}" for name in (*MEMBER_COUNTS, "total")),
    "economy.employees",
    "economy.countries_reached",
    "economy.exporting_members_share",
    "economy.national_production_share",
    "management.staff_fte",
    "founded",
]
LIST_PATHS = [
    "members.types",
    "sectors",
    "labels",
    "networks",
    "partnerships",
    "supporters",
    "specialisations",
    "thematic_poles",
    "work_axes",
    "commitments",
    "milestones",
    "reviews",
    "assessments",
    "notes",
]
PRESENT_PATHS = [*NUMBER_PATHS, *LIST_PATHS, "economy.turnover", "management.website", "status", "acronym", "location"]

# Weights within the models' bounds, where they have some.
MIN_WEIGHT = float(getattr(models, "MIN_WEIGHT", 1e-3))
MAX_WEIGHT = float(getattr(models, "MAX_WEIGHT", 1e3))
weights = st.one_of(
    st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, MIN_WEIGHT, MAX_WEIGHT]), st.floats(MIN_WEIGHT, MAX_WEIGHT)
)
extreme_weights = st.sampled_from([1e-300, 5e-324, 1e300, 1.7976931348623157e308])


@st.composite
def rules(draw: st.DrawFn) -> dict[str, Any]:
    measure = draw(st.sampled_from(["value", "count", "present"]))
    paths = {"value": NUMBER_PATHS, "count": LIST_PATHS, "present": PRESENT_PATHS}[measure]
    thresholds = draw(
        st.one_of(
            st.sampled_from([[1.0, 2.0, 4.0, 6.0], [0.1, 0.25, 0.5, 0.7], [0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]]),
            st.lists(st.floats(-1e6, 1e6), min_size=4, max_size=4).map(sorted),
        )
    )
    data: dict[str, Any] = {"path": draw(st.sampled_from(paths)), "thresholds": thresholds}
    if measure != "value" or draw(st.booleans()):
        data["measure"] = measure
    _maybe(draw, data, "empty_is_zero", st.booleans())
    return data


@st.composite
def frameworks(draw: st.DrawFn, extreme: bool = False) -> dict[str, Any]:
    """A valid framework with id ``default``: assessed indicators reuse the bundled framework's ids
    (so generated assessments rate them), measured ones read any fact a rule can read."""
    weight = st.one_of(weights, extreme_weights) if extreme else weights
    dim_ids = draw(st.lists(short_slugs, min_size=1, max_size=3, unique=True))
    sizes = [draw(st.integers(1, 4)) for _ in dim_ids]
    ids = draw(
        st.lists(
            st.one_of(st.sampled_from(ASSESSED), short_slugs), min_size=sum(sizes), max_size=sum(sizes), unique=True
        )
    )
    indicators = []
    for dim, size in zip(dim_ids, sizes):
        for k in range(size):
            ind_id = ids.pop()
            positive = weight.filter(lambda w: w > 0) if k == 0 else weight
            ind: dict[str, Any] = {
                "id": ind_id,
                "name": draw(short_texts),
                "dimension": dim,
                "weight": draw(positive),
                "measures": draw(short_texts),
                "esca_area": draw(short_texts),
                "levels": draw(st.lists(short_texts, min_size=5, max_size=5)),
            }
            if ind_id not in ASSESSED or draw(st.integers(0, 4)) == 0:
                ind["rule"] = draw(rules())
            indicators.append(ind)
    dimensions = []
    for dim in dim_ids:
        entry: dict[str, Any] = {"id": dim, "name": draw(short_texts)}
        _maybe(draw, entry, "weight", weight.filter(lambda w: w > 0))
        _maybe(draw, entry, "description", long_texts)
        dimensions.append(entry)
    data: dict[str, Any] = {
        "kind": "framework",
        "schema_version": 1,
        "id": "default",
        "name": draw(short_texts),
        "dimensions": dimensions,
        "indicators": draw(st.permutations(indicators)),
    }
    _maybe(draw, data, "description", long_texts)
    _maybe(draw, data, "source", citations())
    return data


# --- broken documents ----------------------------------------------------------------------------

Path_ = tuple[Any, ...]
# What a place in a document holds, from the models: ("model", class), ("list", shape) or
# ("dict", shape) of such, or ("leaf", None) for a plain value.
Shape = tuple[str, Any]


def _shape(annotation: Any) -> Shape:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        shapes = [_shape(arg) for arg in typing.get_args(annotation) if arg is not type(None)]
        return next((shape for shape in shapes if shape[0] != "leaf"), ("leaf", None))
    if origin in (list, collections.abc.Sequence):
        return ("list", _shape(typing.get_args(annotation)[0]))
    if origin is dict:
        return ("dict", _shape(typing.get_args(annotation)[1]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    return ("leaf", None)


def schema_at(kind: Any, path: Path_) -> tuple[Shape, FieldInfo | None]:
    """What the models expect at a path of a document of a kind, and the field that holds it."""
    if kind not in KINDS:
        return ("leaf", None), None
    shape: Shape = ("model", KINDS[kind])
    info: FieldInfo | None = None
    for part in path:
        tag, inner = shape
        if tag == "model" and part in inner.model_fields:
            info = inner.model_fields[part]
            shape = _shape(info.annotation)
        elif tag in ("list", "dict"):
            shape = inner  # an index or a data key (an indicator id, a status): the field stays
        else:
            return ("leaf", None), None
    return shape, info


def _nodes(data: Any, path: Path_ = ()) -> list[tuple[Path_, Any]]:
    """Every node of nested data with its path, the root first."""
    found = [(path, data)]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _nodes(value, (*path, i))
    return found


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    finite,
    st.text(max_size=20),
    st.sampled_from(HOSTILE_TEXTS),
)
# Keys that mean something to the loader and validator, and keys that only look like numbers.
_KEYS = st.one_of(
    st.sampled_from(["source", "sources", "value", "kind", "id", "0", "1", "²", "٣", "-1", ""]), st.text(max_size=8)
)
yaml_values = st.recursive(
    st.one_of(scalars, st.sampled_from(["nokey-2020 §1", "el-idrissi-2020"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=12,
)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@st.composite
def mutations(draw: st.DrawFn, valid: dict[str, Any]) -> tuple[dict[str, Any], str, bool]:
    """One change to valid data: ``(data, what was done, whether the models must refuse the result)``.

    Whether a change must be refused is read from the models (a field that is required, bounded or
    of another type), so the same mutations serve every document kind.
    """
    data = copy.deepcopy(valid)
    kind = data.get("kind")
    nodes = _nodes(data)
    models = [(p, v) for p, v in nodes if isinstance(v, dict) and schema_at(kind, p)[0][0] == "model"]
    bounded = [(p, v) for p, v in nodes if p and _is_number(v) and _bounds(schema_at(kind, p)[1])]
    bounded = [(p, v) for p, v in bounded if isinstance(p[-1], str)]  # the field itself, not a list item
    required = [
        p
        for p, _ in nodes
        if p
        and isinstance(p[-1], str)
        and schema_at(kind, p[:-1])[0][0] == "model"
        and (info := schema_at(kind, p)[1]) is not None
        and info.is_required()
    ]
    ops = ["wrong type", "random value", "delete"]
    if models:
        ops.append("unknown key")
    if bounded:
        ops.append("out of bounds")
    if required:
        ops.append("delete required")
    op = draw(st.sampled_from(ops))

    if op == "unknown key":
        path, node = draw(st.sampled_from(models))
        key = draw(
            st.one_of(
                st.sampled_from(["smez", "Name", "sources", "kind ", "total_members", "levels2", "evidences"]),
                _KEYS,
                st.text(min_size=1, max_size=12),
            ).filter(lambda k: k not in FIELD_NAMES)
        )
        # An unknown block may carry citations of its own, which validation still checks.
        cited = st.fixed_dictionaries({"source": st.sampled_from(["nokey-2020 §1", REFERENCE_KEYS[0]])})
        node[key] = draw(st.one_of(yaml_values, cited))
        return data, f"unknown key {key!r} at {path}", True
    if op == "wrong type":
        leaves = [(p, v) for p, v in nodes if p and isinstance(v, str | int | float | bool)]
        path, value = draw(st.sampled_from(leaves))
        if isinstance(value, bool):
            new = draw(st.one_of(st.sampled_from(["yes", "true", "on"]), st.integers(0, 1), st.lists(st.booleans())))
        elif isinstance(value, int):
            new = draw(
                st.one_of(st.just(str(value)), st.floats(allow_nan=False), st.booleans(), st.lists(st.integers()))
            )
        elif isinstance(value, float):
            new = draw(st.one_of(st.just(str(value)), st.booleans(), st.lists(finite), st.just({"value": value})))
        else:
            new = draw(st.one_of(st.integers(), finite, st.booleans(), st.lists(st.just(value), min_size=1)))
        _at(data, path[:-1])[path[-1]] = new
        return data, f"wrong type at {path}: {new!r}", True
    if op == "random value":
        path, _ = draw(st.sampled_from(nodes[1:]))
        new = draw(yaml_values)
        _at(data, path[:-1])[path[-1]] = new
        return data, f"random value at {path}: {new!r}", False
    if op == "delete":
        path, _ = draw(st.sampled_from(nodes[1:]))
        del _at(data, path[:-1])[path[-1]]
        return data, f"deleted {path}", False
    if op == "out of bounds":
        path, value = draw(st.sampled_from(bounded))
        bounds = _bounds(schema_at(kind, path)[1])
        outside: list[st.SearchStrategy[Any]] = []
        whole = isinstance(value, int)
        for name, low in bounds.items():
            if name in ("ge", "gt"):
                # Below the bound: equal to it is outside too when the bound is exclusive (gt).
                outside.append(
                    st.integers(max_value=math.ceil(low) - 1 if name == "ge" else math.floor(low))
                    if whole
                    else st.floats(max_value=low, exclude_max=name == "ge", allow_infinity=False)
                )
            else:
                outside.append(
                    st.integers(min_value=math.floor(low) + 1 if name == "le" else math.ceil(low))
                    if whole
                    else st.floats(min_value=low, exclude_min=name == "le", allow_infinity=False)
                )
        new = draw(st.one_of(outside))
        _at(data, path[:-1])[path[-1]] = new
        return data, f"out of bounds at {path}: {new!r} ({bounds})", True
    path = draw(st.sampled_from(required))
    del _at(data, path[:-1])[path[-1]]
    return data, f"deleted required {path}", True


@st.composite
def broken_documents(
    draw: st.DrawFn, documents: st.SearchStrategy[dict[str, Any]]
) -> tuple[str, dict[str, Any], str, bool]:
    """A valid document changed in one place: ``(its id, data, what was done, whether it must be refused)``."""
    valid = draw(documents)
    data, what, must_fail = draw(mutations(valid))
    return valid["id"], data, what, must_fail


# --- YAML-ish text -----------------------------------------------------------------------------

_YAML_CHARS = list(":-?[]{},&*!|>'\"%@`#\\ \n\t.") + list("kindsourcevalue019") + ["\r", "\ufeff", "\x00", "é"]
_YAML_PIECES = [
    "kind: cluster\n",
    "schema_version: 1\n",
    "id: x\n",
    "name: X\n",
    "location:\n  country: MA\n  source: el-idrissi-2020\n",
    "  ",
    "- ",
    ": ",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!binary ",
    "!!python/object:os.system ",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "[",
    "]",
    "{",
    "}",
    '"',
    "'",
    "|\n",
    ">-\n",
    "\t",
    "\n",
    "# c\n",
    "1e400",
    "0x",
    ".inf",
    "2011-05-01",
    "null",
    "NO",
]

yaml_texts = st.one_of(
    st.text(alphabet=st.sampled_from(_YAML_CHARS), max_size=120),
    st.lists(st.sampled_from(_YAML_PIECES), max_size=25).map("".join),
    st.text(max_size=80),
)


def kinds_data() -> st.SearchStrategy[dict[str, Any]]:
    """Arbitrary mappings that claim a document kind (or a wrong one)."""
    return st.dictionaries(st.text(max_size=10), yaml_values, max_size=6).flatmap(
        lambda extra: st.builds(
            lambda kind, doc_id, rest: {"kind": kind, "schema_version": 1, "id": doc_id, **rest},
            st.one_of(st.sampled_from(sorted(KINDS)), scalars),
            st.one_of(st.just("x"), scalars),
            st.just(extra),
        )
    )
