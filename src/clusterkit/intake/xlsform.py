"""The questionnaire as an XLSForm, for field interviews with ODK Collect or KoBoToolbox.

The form asks what :mod:`clusterkit.intake` needs of one cluster: its id (a slug), the date of the
assessment, the few facts a new profile needs (name, country, city, founded, members) and the
source they rest on; then one group per dimension of the framework, named by the dimension's id,
with three questions per assessed indicator: its level (``select_one`` of 0-4 with the rubric as
labels, or unknown), the evidence (required for a level 0-4) and its source. ODK Central exports
the answers as columns ``resources-sme_participation``, KoBoToolbox as
``resources/sme_participation``; :mod:`clusterkit.intake.submissions` reads both back, finding the
columns from the same :func:`form_layout`.

One form serves every language clusterkit speaks: its texts are in XLSForm's multilingual columns
(``label::English (en)``, ``label::Français (fr)``, the same for hints and messages, and for the
choices' labels), and ``default_language`` is the language of the run. The names, which the
exports carry, never change with the language.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clusterkit import text as spell
from clusterkit.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language, localized, use_language
from clusterkit.models import CITATION_PATTERN, SLUG_PATTERN

if TYPE_CHECKING:
    from clusterkit.models import Cluster, Framework, Indicator

# The questions before the dimensions' groups, by their path in the form (a group, then a name).
CLUSTER_ID = ("cluster_id",)
DATE = ("date",)
SOURCE = ("source",)
SOURCE_TITLE = ("source_title",)
SOURCE_URL = ("source_url",)
PROFILE_GROUP = "profile"
# The facts a new profile needs: (the path in a cluster profile, the question's name in the profile group).
FACTS = (
    ("name", "name"),
    ("location.country", "country"),
    ("location.city", "city"),
    ("founded", "founded"),
    ("members.total", "members"),
)
# Names a dimension's group may not take: the questions above and what ODK adds to every form.
RESERVED = frozenset({"cluster_id", "date", "source", "source_title", "source_url", PROFILE_GROUP, "meta"})
# The level choices: 0-4 (their labels are the indicator's rubric) and unknown.
UNKNOWN = "unknown"
LEVEL_CHOICES = ("0", "1", "2", "3", "4", UNKNOWN)
EVIDENCE_SUFFIX = "_evidence"
SOURCE_SUFFIX = "_source"

# The columns of each sheet; those in TRANSLATED are written once per language (label::English (en)).
SURVEY_FIELDS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "constraint",
    "constraint_message",
    "relevant",
    "default",
)
CHOICES_FIELDS = ("list_name", "name", "label")
TRANSLATED = frozenset({"label", "hint", "required_message", "constraint_message"})
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "instance_name", "default_language")


def language_column(field: str, language: str) -> str:
    """The XLSForm column of a text in one language: ``label::Français (fr)``."""
    return f"{field}::{LANGUAGE_NAMES[language]} ({language})"


def _columns(fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        column
        for field in fields
        for column in ([language_column(field, lang) for lang in LANGUAGES] if field in TRANSLATED else [field])
    )


SURVEY_COLUMNS = _columns(SURVEY_FIELDS)
CHOICES_COLUMNS = _columns(CHOICES_FIELDS)


@dataclass(frozen=True)
class IndicatorQuestions:
    """The three questions of one assessed indicator, by their path in the form, and its choice list."""

    indicator: str
    level: tuple[str, str]
    evidence: tuple[str, str]
    source: tuple[str, str]
    choices: str


@dataclass(frozen=True)
class FormLayout:
    """Where each answer sits in the form of one framework (and so in an export of its submissions)."""

    framework: str
    facts: tuple[tuple[str, tuple[str, str]], ...]
    groups: tuple[tuple[str, str], ...]
    indicators: tuple[IndicatorQuestions, ...]

    def questions(self) -> Iterator[tuple[str, ...]]:
        """Every question's path, in the order of the form."""
        yield CLUSTER_ID
        yield DATE
        for _path, path in self.facts:
            yield path
        yield SOURCE
        yield SOURCE_TITLE
        yield SOURCE_URL
        for ind in self.indicators:
            yield ind.level
            yield ind.evidence
            yield ind.source


def xml_name(slug: str) -> str:
    """A slug as an XML name, as XForms want a question's name: one starting with a digit gets a ``_``."""
    return "_" + slug if slug[:1].isdigit() else slug


def form_layout(framework: Framework) -> FormLayout:
    """The layout of the framework's form; ValueError when two of its names would be the same."""
    groups: list[tuple[str, str]] = []
    for dim in framework.dimensions:
        name = xml_name(dim.id)
        groups.append((dim.id, "dimension_" + name if name in RESERVED else name))
    group_of = dict(groups)
    indicators = []
    for ind in framework.indicators:
        if not ind.assessed:
            continue
        group, name = group_of[ind.dimension], xml_name(ind.id)
        indicators.append(
            IndicatorQuestions(
                ind.id,
                (group, name),
                (group, name + EVIDENCE_SUFFIX),
                (group, name + SOURCE_SUFFIX),
                "levels_" + name,
            )
        )
    layout = FormLayout(
        framework.id,
        tuple((path, (PROFILE_GROUP, name)) for path, name in FACTS),
        tuple(groups),
        tuple(indicators),
    )
    seen: dict[str, str] = {}
    for path in [*layout.questions(), *((group,) for _dim, group in groups), (PROFILE_GROUP,)]:
        shown = "/".join(path)
        if path[-1] in seen:
            raise ValueError(
                _(
                    "framework {framework} cannot be written as an XLSForm: the questions {first} and {second}"
                    " would have the same name (rename an indicator or a dimension)"
                ).format(framework=repr(framework.id), first=repr(seen[path[-1]]), second=repr(shown))
            )
        seen[path[-1]] = shown
    return layout


def xlsform(framework: Framework, cluster: Cluster | None = None) -> bytes:
    """The XLSForm (``survey``, ``choices`` and ``settings`` sheets) of the framework, as XLSX bytes.

    With ``cluster``, the answers start from that cluster's facts and its latest assessment with the
    framework, for a re-assessment. The same framework and cluster give the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from clusterkit.workbooks import safe_text, workbook_bytes

    sheets = xlsform_sheets(framework, cluster)
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, (columns, rows) in sheets.items():
        sheet = book.create_sheet(title)
        widths = [len(c) for c in columns]
        for row_number, row in enumerate([dict(zip(columns, columns)), *rows], start=1):
            for number, column in enumerate(columns, start=1):
                value = row.get(column, "")
                if value:
                    cell = sheet.cell(row_number, number, safe_text(value))
                    # NOTE: openpyxl takes a text starting with "=" for a formula; a string cell never is.
                    cell.data_type = "s"
                    widths[number - 1] = max(widths[number - 1], len(value))
        sheet.freeze_panes = "A2"
        for number, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = min(width, 60) + 2
    book.properties.title = sheets["settings"][1][0]["form_title"]
    book.properties.creator = "clusterkit"
    return workbook_bytes(book)


Rows = list[dict[str, str]]


def xlsform_sheets(framework: Framework, cluster: Cluster | None = None) -> dict[str, tuple[tuple[str, ...], Rows]]:
    """The XLSForm's sheets as plain data: for each sheet, its columns and its rows (column -> text).

    Each text is given in every language; the form opens in the language of the run.
    """
    layout = form_layout(framework)
    prefill = _Prefill.of(cluster, framework)
    language = current_language()
    written: dict[str, tuple[Rows, Rows]] = {}
    for lang in LANGUAGES:
        with use_language(lang):
            written[lang] = _survey_and_choices(framework, layout, prefill)
    survey = _merged([written[lang][0] for lang in LANGUAGES])
    choices = _merged([written[lang][1] for lang in LANGUAGES])
    name = localized(framework.name, language)
    title = name if cluster is None else f"{name}: {cluster.name}"
    form_id = "clusterkit_" + xml_name(framework.id) + ("" if cluster is None else "_" + cluster.id)
    content = json.dumps([survey, choices, title, form_id], sort_keys=True, ensure_ascii=False)
    settings: Rows = [
        {
            "form_title": title,
            "form_id": form_id,
            # NOTE: ODK Central wants a new version for each changed form; one from the content changes with it.
            "version": hashlib.sha256(content.encode("utf-8")).hexdigest()[:12],
            "instance_name": f"concat(${{{CLUSTER_ID[0]}}}, ' ', ${{{DATE[0]}}})",
            "default_language": f"{LANGUAGE_NAMES[language]} ({language})",
        }
    ]
    return {
        "survey": (SURVEY_COLUMNS, survey),
        "choices": (CHOICES_COLUMNS, choices),
        "settings": (SETTINGS_COLUMNS, settings),
    }


def _merged(versions: list[Rows]) -> Rows:
    """The rows written in each language (``versions``, in the order of LANGUAGES) as one set of rows:
    the texts in their language's columns, everything else as it is (the same in every language)."""
    merged: Rows = []
    for rows in zip(*versions, strict=True):
        row = {field: value for field, value in rows[0].items() if field not in TRANSLATED}
        for lang, version in zip(LANGUAGES, rows, strict=True):
            row.update({language_column(f, lang): v for f, v in version.items() if f in TRANSLATED})
        merged.append(row)
    return merged


def _survey_and_choices(framework: Framework, layout: FormLayout, prefill: _Prefill) -> tuple[Rows, Rows]:
    """The survey and choices rows with their texts in the current language."""
    reference_key = _("A reference key: lowercase letters, digits, '.', '-' and '_', then a section.")
    survey: Rows = [
        {
            "type": "text",
            "name": CLUSTER_ID[0],
            "label": _("Cluster id"),
            "hint": _("A short name for the cluster: lowercase letters, digits, - and _ (for example mnc or le2c)."),
            "required": "yes",
            "constraint": f"regex(., '{SLUG_PATTERN}')",
            "constraint_message": _("Lowercase letters, digits, - and _ only, starting with a letter or digit."),
            "default": _text_default(prefill.cluster_id),
        },
        {
            "type": "date",
            "name": DATE[0],
            "label": _("Date of the assessment"),
            "hint": _("The facts and levels are those known on this date."),
            "required": "yes",
            "constraint": ". <= today()",
            "constraint_message": _("The date of an assessment cannot be in the future."),
            "default": "today()",
        },
        *_profile_rows(prefill),
        {
            "type": "text",
            "name": SOURCE[0],
            "label": _("Source of these answers"),
            "hint": _(
                "The key of the reference the facts and levels rest on, optionally with a section"
                " (for example self-assessment-2024 or el-idrissi-2020 §3.1). A level may name its own source."
            ),
            "required": "yes",
            "constraint": f"regex(., '{CITATION_PATTERN}')",
            "constraint_message": reference_key,
        },
        {
            "type": "text",
            "name": SOURCE_TITLE[0],
            "label": _("Title of that reference, if it is new"),
            "hint": _("For example: Self-assessment by the cluster manager, interview of 3 May 2024."),
        },
        {"type": "text", "name": SOURCE_URL[0], "label": _("Address (URL) of that reference, if any")},
    ]
    by_dimension = {dim.id: dim for dim in framework.dimensions}
    questions = {q.indicator: q for q in layout.indicators}
    choices: Rows = []
    for dim_id, group in layout.groups:
        indicators = [i for i in framework.indicators if i.dimension == dim_id and i.id in questions]
        if not indicators:
            continue
        survey.append({"type": "begin_group", "name": group, "label": localized(by_dimension[dim_id].name)})
        for ind in indicators:
            survey += _indicator_rows(ind, questions[ind.id], prefill, reference_key)
            choices += _choice_rows(ind, questions[ind.id].choices)
        survey.append({"type": "end_group", "name": group})
    return survey, choices


def _profile_rows(prefill: _Prefill) -> Rows:
    facts = prefill.facts
    at_most = _("At most {count} characters.").format(count=spell.number(500))
    return [
        {"type": "begin_group", "name": PROFILE_GROUP, "label": _("The cluster")},
        {
            "type": "text",
            "name": "name",
            "label": _("Name of the cluster"),
            "required": "yes",
            "constraint": "string-length(.) <= 500",
            "constraint_message": at_most,
            "default": _text_default(facts.get("name")),
        },
        {
            "type": "text",
            "name": "country",
            "label": _("Country (ISO 3166 code: two capital letters)"),
            "hint": _("For example MA for Morocco, IT for Italy, FR for France."),
            "required": "yes",
            "constraint": "regex(., '^[A-Z]{2}$')",
            "constraint_message": _("Two capital letters, for example MA."),
            "default": facts.get("location.country", ""),
        },
        {
            "type": "text",
            "name": "city",
            "label": _("City"),
            "constraint": "string-length(.) <= 500",
            "constraint_message": at_most,
            "default": _text_default(facts.get("location.city")),
        },
        {
            "type": "integer",
            "name": "founded",
            "label": _("Year the cluster was founded"),
            "constraint": ". >= 1800 and . <= 2100",
            "constraint_message": _("A year between {low} and {high}.").format(low=1800, high=2100),
            "default": facts.get("founded", ""),
        },
        {
            "type": "integer",
            "name": "members",
            "label": _("Number of committed members"),
            "hint": _("Members that pay a fee or have signed the cluster's charter."),
            "constraint": ". >= 0",
            "constraint_message": _("A number of members: 0 or more."),
            "default": facts.get("members.total", ""),
        },
        {"type": "end_group", "name": PROFILE_GROUP},
    ]


def _indicator_rows(ind: Indicator, q: IndicatorQuestions, prefill: _Prefill, reference_key: str) -> Rows:
    level, evidence, source = q.level[1], q.evidence[1], q.source[1]
    answered = f"${{{level}}} != ''"
    chosen = f"${{{level}}} != '{UNKNOWN}'"
    old = prefill.levels.get(ind.id)
    name = localized(ind.name)
    return [
        {
            "type": f"select_one {q.choices}",
            "name": level,
            "label": name,
            "hint": localized(ind.measures),
            "required": "yes",
            "required_message": _("Choose a level, or unknown when the sources do not say."),
            "default": "" if old is None else old[0],
        },
        {
            "type": "text",
            "name": evidence,
            "label": _("Evidence for this level ({indicator})").format(indicator=name),
            "hint": _("A short quote or paraphrase of what the level rests on. Required for a level 0-4."),
            "required": chosen,
            "required_message": _("A level needs its evidence: a short quote or paraphrase."),
            "constraint": "string-length(.) <= 20000",
            "constraint_message": _("At most {count} characters.").format(count=spell.number(20_000)),
            "relevant": answered,
            "default": "" if old is None else _text_default(old[1]),
        },
        {
            "type": "text",
            "name": source,
            "label": _("Source of this evidence ({indicator})").format(indicator=name),
            "hint": _("A reference key, optionally with a section; empty when it is the source given at the start."),
            "constraint": f"regex(., '{CITATION_PATTERN}')",
            "constraint_message": reference_key,
            "relevant": answered,
            "default": "" if old is None else _text_default(old[2]),
        },
    ]


def _choice_rows(ind: Indicator, list_name: str) -> Rows:
    rows = [
        {"list_name": list_name, "name": str(number), "label": f"{number}: {localized(text)}"}
        for number, text in enumerate(ind.levels)
    ]
    rows.append({"list_name": list_name, "name": UNKNOWN, "label": _("Unknown: the sources do not say")})
    return rows


def _text_default(text: str | None) -> str:
    """A text question's default as an XPath expression: pyxform reads a text holding ``-`` or ``(`` as
    one (``mnc-2`` would be mnc minus 2), so every text default is a string literal inside ``string()``."""
    if not text:
        return ""
    text = " ".join(text.replace("${", "$ {").split())
    if "'" not in text:
        return f"string('{text}')"
    if '"' not in text:
        return f'string("{text}")'
    pieces: list[str] = []
    for number, part in enumerate(text.split("'")):
        if number:
            pieces.append('"\'"')
        if part:
            pieces.append(f"'{part}'")
    return "concat(" + ", ".join([*pieces, "''"]) + ")"


@dataclass(frozen=True)
class _Prefill:
    """What a re-assessment form starts from: a cluster's facts and its latest levels (level, evidence, source)."""

    cluster_id: str | None
    facts: dict[str, str]
    levels: dict[str, tuple[str, str, str]]

    @classmethod
    def of(cls, cluster: Cluster | None, framework: Framework) -> _Prefill:
        if cluster is None:
            return cls(None, {}, {})
        from clusterkit.scoring import select_assessment

        facts: dict[str, str] = {"name": cluster.name, "location.country": cluster.location.country}
        if cluster.location.city:
            facts["location.city"] = cluster.location.city
        if cluster.founded is not None:
            facts["founded"] = str(cluster.founded.value)
        if cluster.members.total is not None:
            facts["members.total"] = str(cluster.members.total.value)
        from clusterkit.models import Assessment

        assessment, _ = select_assessment(cluster, framework.id)
        levels: dict[str, tuple[str, str, str]] = {}
        if isinstance(assessment, Assessment):
            for ind_id, assessed in assessment.levels.items():
                first = assessed.evidence[0]
                levels[ind_id] = (str(assessed.level), first.text, first.source)
        return cls(cluster.id, facts, levels)
