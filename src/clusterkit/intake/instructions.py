"""The Instructions sheet of the questionnaire workbook: how to fill it in, the levels, how to cite.

Its lines are written in the run's language; :mod:`clusterkit.intake.workbook` lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from clusterkit import text as spell
from clusterkit.i18n import _, localized

if TYPE_CHECKING:
    from clusterkit.models import Cluster, Framework


def instruction_lines(
    framework: Framework,
    cluster: Cluster | None,
    assessment: Any,
    dimension_titles: list[str],
    col: Mapping[str, str],
    sheets: Mapping[str, str],
) -> list[tuple[str, bool]]:
    """The Instructions sheet's lines (text, bold) for ``framework``; ``col`` gives each indicator column's
    letter by key, ``sheets`` the titles of the ``profile`` and ``references`` sheets."""
    unknown = _(spell.UNKNOWN)
    lines: list[tuple[str, bool]] = [
        (_("Questionnaire: {framework}").format(framework=localized(framework.name)), True),
        (
            _("Framework {framework}; one sheet per dimension: {sheets}.").format(
                framework=repr(framework.id), sheets=", ".join(dimension_titles)
            ),
            False,
        ),
        ("", False),
        (_("How to fill it in"), True),
        (
            _(
                "1. On the {profile} sheet, give the cluster id and the assessment date; for a new cluster also its"
                " name, country, city, year founded and number of members, and the source of these facts."
            ).format(profile=sheets["profile"]),
            False,
        ),
        (
            _(
                "2. On each dimension sheet, read the question of each indicator and the five levels of its rubric"
                " (columns {first} to {last}), then choose its level in column {level} from the drop-down."
            ).format(first=col["level_0"], last=col["level_4"], level=col["level"]),
            False,
        ),
        (
            _(
                "3. Give the evidence of each level in column {evidence}: a short quote or paraphrase of what"
                " the cluster does, as the source reports it, and say whether it is direct (the source describes"
                " this cluster doing it) or indirect. A stated aim or plan is not an achievement. A level without"
                " evidence is refused."
            ).format(evidence=col["evidence"]),
            False,
        ),
        (
            _("4. Give the source of the evidence in column {source} (see How to cite a source below).").format(
                source=col["source"]
            ),
            False,
        ),
        (_("5. Import the filled workbook: clusterkit import FILE.xlsx --dir DIR"), False),
        (
            _(
                "   (--update adds a new dated assessment to a profile DIR already holds; nothing is written if any"
                " cell is wrong, and every problem is listed with its cell)."
            ),
            False,
        ),
        (
            _(
                "Rows are found by their indicator id (column {id}), so rows may be sorted and sheets renamed;"
                " do not change the ids."
            ).format(id=col["id"]),
            False,
        ),
        ("", False),
        (_("Levels"), True),
        (
            _(
                "0 to 4: the levels of each indicator's own rubric, from Level 0 (column {first}) to Level 4"
                " (column {last}); choose the one the evidence supports."
            ).format(first=col["level_0"], last=col["level_4"]),
            False,
        ),
        (
            _("{unknown}: the evidence does not tell; it lowers the coverage of the score, never the score.").format(
                unknown=unknown
            ),
            False,
        ),
        (_("empty: the indicator is not assessed in this questionnaire."), False),
        ("", False),
        (_("How to cite a source"), True),
        (
            _("A reference key, then optionally where in the source: el-idrissi-2020 §3.1, el-idrissi-2020 Table 2."),
            False,
        ),
        (
            _(
                "A source not listed below: add it to the {references} sheet (key, title, a URL or a note);"
                " cite its key."
            ).format(references=sheets["references"]),
            False,
        ),
        ("", False),
    ]
    if cluster is not None:
        if assessment is None:
            what = _("its profile (it has no assessment yet)")
        elif assessment.date:
            what = _("its assessment dated {date}").format(date=assessment.date)
        else:
            what = _("its assessment")
        lines[3:3] = [
            (
                _(
                    "Pre-filled for {name} ({id}) from {what}: change what has changed and give the new"
                    " assessment date on the {profile} sheet."
                ).format(name=cluster.name, id=cluster.id, what=what, profile=sheets["profile"]),
                False,
            ),
            ("", False),
        ]
    return lines
