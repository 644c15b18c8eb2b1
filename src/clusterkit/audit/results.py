"""The frozen records an audit returns: plain data, no display text (views/audit.py shows them).

Rates, shares and attainments are fractions (0-1), unrounded; unknown stays ``None``. An
inconsistency carries the figures its check found, by kind (:data:`Inconsistency`), so that a view
can write its message.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

# A stated share is read as rounded to whole percentage points (or to the decimals it is written
# with, when finer): 0.27 stands for anything in [0.265, 0.275].
SHARE_DECIMALS = 2
# How far from 100 % the stated shares of one axis may sum before the sum is reported.
SHARE_SUM_TOLERANCE = 0.01

SEVERITY_ORDER = ("critical", "high", "medium", "low")

Basis = Literal["stated", "derived"]

AttainmentFormula = Literal["from_baseline", "of_target"]
"""How a target's attainment was computed: ``from_baseline``, ``(actual - baseline) / (target - baseline)``
(a baseline below the target is given); ``of_target``, ``actual / target``."""

IndexFormula = Literal["mean_of_known_components"]
"""How the index is computed: the mean of its known components (implementation: the unweighted mean
of the axes' known achievement rates; attainment: the mean of the targets' known attainments, each
clamped to [0, 1])."""

UnknownReason = Literal["stated", "no_actual", "no_target", "zero_target"]
"""Why a target's attainment is unknown: the source says why (``stated``, its words in
:attr:`TargetAudit.stated_reason`), it gives no actual figure (``no_actual``) or no target
(``no_target``), or the target gives no usable ratio, being zero or its baseline (``zero_target``)."""

BudgetRole = Literal["total", "alternative_total", "share"]
"""What a budget line is: the main total, the total another source gives, or the share of some axes."""


def _document_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a text is a string")
    return value


# A text from the strategy (a name, unit, note): kept as given, so that one given in several languages
# (a LocalText) keeps them all for the view to choose from; pydantic's `str` would keep only its English.
DocText = Annotated[str, PlainValidator(_document_text)]


class AuditRecord(BaseModel):
    """The base of the audit's records: frozen, no extra fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class StatusLine(AuditRecord):
    """The actions of an axis in one status (or in several statuses the source reports together).

    ``count`` and ``share`` are the source's figures (basis ``stated``) or follow from the other
    and the planned total (basis ``derived``); ``computed_share`` is a stated count divided by the
    planned total, kept to check a stated share against.
    """

    statuses: list[str]
    count: int | None = None
    count_basis: Basis | None = None
    share: float | None = None
    share_basis: Basis | None = None
    computed_share: float | None = None
    qualifier: str = "exact"
    source: str
    note: DocText | None = None
    # The source's own words; a line with no status (``statuses == []``) has only its words.
    wording: str | None = None


class AxisAudit(AuditRecord):
    """One axis or accompanying measure: its actions by status and its achievement rate."""

    id: str
    name: DocText
    kind: str
    unit: DocText
    planned: int | None
    planned_projects: int | None
    statuses_complete: bool
    statuses: list[StatusLine]
    stated_share_sum: float | None
    achievement_rate: float | None
    achievement_basis: Basis | None
    budget_share: float | None
    sources: list[str]

    def status(self, name: str) -> StatusLine | None:
        """The line of a single status, if the source gives it alone."""
        for line in self.statuses:
            if line.statuses == [name]:
                return line
        return None


class TargetAudit(AuditRecord):
    """A quantified target: baseline, target, actual and the attainment that follows (not clamped).

    ``formula`` names the form the attainment was computed with; when the attainment is unknown,
    ``unknown_reason`` says why (with the source's own words in ``stated_reason``).
    """

    id: str
    name: DocText
    axis: str | None
    unit: DocText
    baseline: float | None
    baseline_year: int | None
    target: float | None
    target_year: int | None
    actual: float | None
    actual_year: int | None
    qualifiers: dict[str, str]
    attainment: float | None
    formula: AttainmentFormula | None
    unknown_reason: UnknownReason | None
    stated_reason: DocText | None
    sources: list[str]
    # What the values are (``count``, ``amount``, ``share``; None: numbers of ``unit``).
    measure: str | None = None
    # How exact the attainment is, from its figures' qualifiers (``less_than``: an upper bound).
    attainment_qualifier: str = "exact"
    # The attainment as the source states it, and where.
    stated_attainment: float | None = None
    stated_attainment_source: str | None = None


class Named(AuditRecord):
    """A name and the citation it comes from (a priority, another spelling of a programme), with its note."""

    name: DocText
    source: str
    note: DocText | None = None


class OutcomeLine(AuditRecord):
    """What a source says became of a programme: its words and the statuses they name (none: no status)."""

    wording: str
    statuses: list[str]
    source: str
    note: DocText | None = None


class ProgrammeAudit(AuditRecord):
    """A programme, plan, project or action the sources name: its outcomes, targets and other figures (ids)."""

    id: str
    name: DocText
    other_names: list[Named]
    kind: str
    axis: str | None
    description: DocText | None
    outcomes: list[OutcomeLine]
    targets: list[str]
    figures: list[str]
    sources: list[str]
    note: DocText | None = None


class FigureAudit(AuditRecord):
    """A figure a source gives that is neither a target nor a count by status, as the source gives it."""

    id: str
    name: DocText
    axis: str | None
    programme: str | None
    measure: str
    unit: DocText | None
    value: float
    qualifier: str
    year: int | None
    source: str
    note: DocText | None = None


class NoteAudit(AuditRecord):
    """A note of the profile, on the strategy (``axis`` None) or on one axis or measure."""

    axis: str | None
    text: DocText
    source: str


class BudgetLine(AuditRecord):
    """One budget figure (its ``role``): a total, another source's total, or the share the ``axes`` take."""

    role: BudgetRole
    amount: float | None = None
    currency: str | None = None
    share: float | None = None
    axes: list[str] = []
    qualifier: str = "exact"
    source: str
    note: DocText | None = None


class BudgetAudit(AuditRecord):
    """The budget: the total as each source gives it (the first is the main one), and the shares of the axes."""

    totals: list[BudgetLine]
    shares: list[BudgetLine]


class FindingAudit(AuditRecord):
    """A finding of the evaluation, with its severity and citations."""

    id: str
    severity: str
    text: DocText
    sources: list[str]


# --- inconsistencies: one record per check, carrying the figures it found ---------------------------


class InconsistencyRecord(AuditRecord):
    """What every inconsistency has: the check (``kind``), the axis (or None), the profile field and the sources."""

    kind: str
    axis: str | None
    field: str
    sources: list[str]


class StatusCount(AuditRecord):
    """A count of actions in one or more statuses (or in the source's words only), as a check adds them up."""

    statuses: list[str]
    count: int
    wording: str | None = None


class PlannedUnits(InconsistencyRecord):
    """An axis plans ``planned`` actions (its ``unit``) and divides them into a different number of ``projects``."""

    kind: Literal["planned_units"] = "planned_units"
    planned: int
    unit: DocText
    projects: int


class SharesSum(InconsistencyRecord):
    """The stated shares of an axis sum to ``total``: beyond 100 % + ``tolerance`` (``over``) or short of 100 % - it."""

    kind: Literal["shares_sum"] = "shares_sum"
    shares: list[float]
    total: float
    over: bool
    tolerance: float


class ShareCount(InconsistencyRecord):
    """A stated share against the planned total.

    With a ``count``: the share is not ``count / planned`` (``computed_share``) beyond rounding;
    ``projects`` and ``project_share`` are set when it is ``count`` over the planned projects instead.
    Without a count: no whole number out of ``planned`` rounds to the share.
    """

    kind: Literal["share_count"] = "share_count"
    statuses: list[str]
    share: float
    planned: int
    unit: DocText
    count: int | None = None
    computed_share: float | None = None
    projects: int | None = None
    project_share: float | None = None
    wording: str | None = None


class CountsSum(InconsistencyRecord):
    """The counts of an axis (``parts``) add up to ``total``: more than ``planned`` (``over``), or short of it.

    ``shares`` (and ``share_sum``) are set when some count is derived from a stated share, so the
    counts are the whole numbers those shares allow. ``missing`` is ``planned - total`` when short.
    ``projects`` is set when the total matches the axis's planned projects.
    """

    kind: Literal["counts_sum"] = "counts_sum"
    planned: int
    unit: DocText
    parts: list[StatusCount]
    total: int
    over: bool
    missing: int = 0
    shares: list[float] | None = None
    share_sum: float | None = None
    projects: int | None = None


class TargetPlanned(InconsistencyRecord):
    """A target counted in its axis's unit plans ``value``, the axis ``planned``."""

    kind: Literal["target_planned"] = "target_planned"
    target: str
    value: float
    unit: DocText
    planned: int


class TargetAchieved(InconsistencyRecord):
    """A target counted in its axis's unit reports ``actual`` carried out, the axis ``achieved``.

    ``achieved_share`` and ``planned`` are set when the achieved count is derived from a stated share.
    """

    kind: Literal["target_achieved"] = "target_achieved"
    target: str
    actual: float
    unit: DocText
    achieved: int
    achieved_share: float | None = None
    planned: int | None = None


class TotalPlanned(InconsistencyRecord):
    """The axes that count in actions (``axes``) plan ``counted`` actions, the strategy ``total``."""

    kind: Literal["total_planned"] = "total_planned"
    counted: int
    axes: list[str]
    total: int


class BudgetShares(InconsistencyRecord):
    """The budget shares of separate axes sum to ``total``, more than 100 %."""

    kind: Literal["budget_shares"] = "budget_shares"
    total: float


class AttainmentStated(InconsistencyRecord):
    """A target's attainment as the source states it (``stated``) is not the computed one beyond rounding."""

    kind: Literal["attainment_stated"] = "attainment_stated"
    target: str
    attainment: float
    stated: float


class OutcomesDisagree(InconsistencyRecord):
    """A programme whose sources give outcomes with statuses that exclude each other."""

    kind: Literal["outcomes_disagree"] = "outcomes_disagree"
    programme: str
    name: DocText
    outcomes: list[OutcomeLine]


class StatedValue(AuditRecord):
    """One source's value of a fact; ``verdict`` sets it against the first (``main``) value."""

    value: Any
    qualifier: str
    source: str
    verdict: Literal["main", "equal", "agrees", "disagrees"]


class SourcesDisagree(InconsistencyRecord):
    """A fact whose alternatives give other values: every source's value, the first the main one."""

    kind: Literal["sources_disagree"] = "sources_disagree"
    values: list[StatedValue]


Inconsistency = Annotated[
    (
        PlannedUnits
        | SharesSum
        | ShareCount
        | CountsSum
        | TargetPlanned
        | TargetAchieved
        | TotalPlanned
        | BudgetShares
        | AttainmentStated
        | OutcomesDisagree
        | SourcesDisagree
    ),
    Field(discriminator="kind"),
]
"""A place where the data disagrees with itself, found by the check named by its ``kind``."""


# --- the index and the whole result ---------------------------------------------------------------


class IndexAudit(AuditRecord):
    """The overall implementation index and its two components, with what each covers."""

    formula: IndexFormula = "mean_of_known_components"
    value: float | None
    implementation: float | None
    attainment: float | None
    axes_covered: list[str]
    axes_total: int
    targets_covered: list[str]
    targets_total: int
    # How exact the index is: ``less_than`` when a component is an upper bound ("below 71 %"),
    # ``almost`` when one is "almost" its figure, ``about`` when bounds point both ways.
    qualifier: str = "exact"
    # The targets whose attainment is not exact, which make the index a bound.
    bounded_by: list[str] = []


class StrategySummary(AuditRecord):
    """What the audit is about: the strategy, its period and evaluation, and how many actions it plans.

    ``planned_in_axes`` adds up the planned actions of the axes that state theirs in actions
    (``planned_in_axes_from``), to set against ``planned``, the total a source gives.
    """

    id: str
    name: DocText
    country: str
    adopted: int | None
    period: str | None
    evaluation: DocText | None
    evaluation_source: str | None
    planned: int | None
    planned_in_axes: int
    planned_in_axes_from: list[str]
    axes: int
    measures: int
    adopted_source: str | None = None
    period_source: str | None = None
    planned_source: str | None = None
    planned_note: DocText | None = None
    description: DocText | None = None
    description_source: str | None = None
    evaluation_description: DocText | None = None
    evaluation_year: int | None = None
    priorities: list[Named] = []


class AuditResult(AuditRecord):
    """The result of ``clusterkit audit STRATEGY``."""

    strategy: StrategySummary
    axes: list[AxisAudit]
    targets: list[TargetAudit]
    budget: BudgetAudit
    findings: list[FindingAudit]
    inconsistencies: list[Inconsistency]
    index: IndexAudit
    programmes: list[ProgrammeAudit] = []
    figures: list[FigureAudit] = []
    notes: list[NoteAudit] = []

    @property
    def index_value(self) -> float | None:
        """The implementation index as a fraction (0-1); None when nothing it rests on is known."""
        return self.index.value

    def axis(self, axis_id: str) -> AxisAudit:
        """The audit of one axis or measure by id; raises KeyError."""
        for axis in self.axes:
            if axis.id == axis_id:
                return axis
        raise KeyError(axis_id)

    def target(self, target_id: str) -> TargetAudit:
        """The audit of one target by id; raises KeyError."""
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(target_id)

    def programme(self, programme_id: str) -> ProgrammeAudit:
        """The audit of one programme by id; raises KeyError."""
        for programme in self.programmes:
            if programme.id == programme_id:
                return programme
        raise KeyError(programme_id)
