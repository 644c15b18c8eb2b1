"""Pydantic models of every document kind: the one source of clusterkit's schema.

A document is one YAML file with ``kind``, ``schema_version`` and ``id`` first. Facts carry the
citation they rest on (``source``: a reference key, optionally followed by a section or table,
e.g. ``el-idrissi-2020 §3.1``); facts the sources disagree on keep every value in
``alternatives``.
"""

from __future__ import annotations

from clusterkit.models.base import (
    CITATION_PATTERN as CITATION_PATTERN,
)
from clusterkit.models.base import (
    MAX_FIGURE as MAX_FIGURE,
)
from clusterkit.models.base import (
    MAX_WEIGHT as MAX_WEIGHT,
)
from clusterkit.models.base import (
    MEMBER_TYPES as MEMBER_TYPES,
)
from clusterkit.models.base import (
    MIN_WEIGHT as MIN_WEIGHT,
)
from clusterkit.models.base import (
    SCHEMA_VERSION as SCHEMA_VERSION,
)
from clusterkit.models.base import (
    SLUG_PATTERN as SLUG_PATTERN,
)
from clusterkit.models.base import (
    SLUG_RE as SLUG_RE,
)
from clusterkit.models.base import (
    Alternative as Alternative,
)
from clusterkit.models.base import (
    Amount as Amount,
)
from clusterkit.models.base import (
    Citation as Citation,
)
from clusterkit.models.base import (
    Count as Count,
)
from clusterkit.models.base import (
    CountryCode as CountryCode,
)
from clusterkit.models.base import (
    Dated as Dated,
)
from clusterkit.models.base import (
    DocumentBase as DocumentBase,
)
from clusterkit.models.base import (
    Evidence as Evidence,
)
from clusterkit.models.base import (
    Fact as Fact,
)
from clusterkit.models.base import (
    Figure as Figure,
)
from clusterkit.models.base import (
    Item as Item,
)
from clusterkit.models.base import (
    Label as Label,
)
from clusterkit.models.base import (
    Level as Level,
)
from clusterkit.models.base import (
    Location as Location,
)
from clusterkit.models.base import (
    MemberType as MemberType,
)
from clusterkit.models.base import (
    Money as Money,
)
from clusterkit.models.base import (
    Qualifier as Qualifier,
)
from clusterkit.models.base import (
    Share as Share,
)
from clusterkit.models.base import (
    ShortText as ShortText,
)
from clusterkit.models.base import (
    Slug as Slug,
)
from clusterkit.models.base import (
    Strict as Strict,
)
from clusterkit.models.base import (
    Text as Text,
)
from clusterkit.models.base import (
    Year as Year,
)
from clusterkit.models.base import (
    citation_key as citation_key,
)
from clusterkit.models.cluster import (
    AssessedLevel as AssessedLevel,
)
from clusterkit.models.cluster import (
    Assessment as Assessment,
)
from clusterkit.models.cluster import (
    Cluster as Cluster,
)
from clusterkit.models.cluster import (
    Economy as Economy,
)
from clusterkit.models.cluster import (
    Management as Management,
)
from clusterkit.models.cluster import (
    Members as Members,
)
from clusterkit.models.cluster import (
    Plan as Plan,
)
from clusterkit.models.cluster import (
    PlannedLevel as PlannedLevel,
)
from clusterkit.models.cluster import (
    Reference as Reference,
)
from clusterkit.models.cluster import (
    References as References,
)
from clusterkit.models.cluster import (
    Review as Review,
)
from clusterkit.models.cluster import (
    TargetLevel as TargetLevel,
)
from clusterkit.models.facts import (
    AmountAlternative as AmountAlternative,
)
from clusterkit.models.facts import (
    AmountFact as AmountFact,
)
from clusterkit.models.facts import (
    CountAlternative as CountAlternative,
)
from clusterkit.models.facts import (
    CountFact as CountFact,
)
from clusterkit.models.facts import (
    FlagAlternative as FlagAlternative,
)
from clusterkit.models.facts import (
    FlagFact as FlagFact,
)
from clusterkit.models.facts import (
    MemberTypesAlternative as MemberTypesAlternative,
)
from clusterkit.models.facts import (
    MemberTypesFact as MemberTypesFact,
)
from clusterkit.models.facts import (
    MoneyAlternative as MoneyAlternative,
)
from clusterkit.models.facts import (
    MoneyFact as MoneyFact,
)
from clusterkit.models.facts import (
    NameAlternative as NameAlternative,
)
from clusterkit.models.facts import (
    NameFact as NameFact,
)
from clusterkit.models.facts import (
    NamesAlternative as NamesAlternative,
)
from clusterkit.models.facts import (
    NamesFact as NamesFact,
)
from clusterkit.models.facts import (
    NumberAlternative as NumberAlternative,
)
from clusterkit.models.facts import (
    NumberFact as NumberFact,
)
from clusterkit.models.facts import (
    ShareAlternative as ShareAlternative,
)
from clusterkit.models.facts import (
    ShareFact as ShareFact,
)
from clusterkit.models.facts import (
    TextAlternative as TextAlternative,
)
from clusterkit.models.facts import (
    TextFact as TextFact,
)
from clusterkit.models.facts import (
    YearAlternative as YearAlternative,
)
from clusterkit.models.facts import (
    YearFact as YearFact,
)
from clusterkit.models.framework import (
    Dimension as Dimension,
)
from clusterkit.models.framework import (
    Framework as Framework,
)
from clusterkit.models.framework import (
    Indicator as Indicator,
)
from clusterkit.models.framework import (
    Practice as Practice,
)
from clusterkit.models.framework import (
    Practices as Practices,
)
from clusterkit.models.framework import (
    Rule as Rule,
)
from clusterkit.models.strategy import (
    STATUSES as STATUSES,
)
from clusterkit.models.strategy import (
    Axis as Axis,
)
from clusterkit.models.strategy import (
    Budget as Budget,
)
from clusterkit.models.strategy import (
    BudgetShare as BudgetShare,
)
from clusterkit.models.strategy import (
    CombinedStatus as CombinedStatus,
)
from clusterkit.models.strategy import (
    Finding as Finding,
)
from clusterkit.models.strategy import Measure as Measure
from clusterkit.models.strategy import OtherName as OtherName
from clusterkit.models.strategy import Outcome as Outcome
from clusterkit.models.strategy import Programme as Programme
from clusterkit.models.strategy import StatedFigure as StatedFigure
from clusterkit.models.strategy import (
    Status as Status,
)
from clusterkit.models.strategy import (
    StatusFigure as StatusFigure,
)
from clusterkit.models.strategy import (
    Strategy as Strategy,
)
from clusterkit.models.strategy import (
    Target as Target,
)
from clusterkit.models.strategy import WordedStatus as WordedStatus

Document = Cluster | Strategy | References | Framework | Practices

KINDS: dict[str, type[DocumentBase]] = {
    "cluster": Cluster,
    "strategy": Strategy,
    "references": References,
    "framework": Framework,
    "practices": Practices,
}
