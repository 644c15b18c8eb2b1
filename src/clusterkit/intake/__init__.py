"""Assessments a user carries out: answers from an interview, a questionnaire workbook or ODK/KoBo.

Each way in (``assess``, ``import`` of a filled questionnaire, ``import`` of a submissions export)
reads its source into :class:`ClusterAnswers`, plain data that says where each answer came from;
:mod:`clusterkit.intake.profiles` turns answers into cluster profiles on disk, all or nothing.
A problem in a source is a :class:`~clusterkit.errors.Problem` naming its place
(``answers.xlsx:Activities!D7``, ``kobo.csv:12``), collected until the command decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Answer:
    """One assessed indicator: its level (None: unknown), the evidence and the citation it rests on.

    ``where`` names the place the answer was read from, for messages (``q.xlsx:Activities!D7``).
    """

    indicator: str
    level: int | None
    evidence: str | None = None
    source: str | None = None
    where: str = ""


@dataclass(frozen=True)
class NewReference:
    """A reference entered with the answers (a key that no references document defines yet)."""

    key: str
    title: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ClusterAnswers:
    """What one questionnaire, submission or interview says of one cluster.

    ``facts`` holds the profile facts asked for a new cluster, by their profile path: ``name``,
    ``location.country``, ``location.city``, ``founded``, ``members.total`` (plain values; ``source``
    is the citation they rest on). ``answers`` holds the assessed indicators, in framework order.
    """

    cluster_id: str
    framework: str
    date: str | None
    answers: tuple[Answer, ...]
    facts: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    references: tuple[NewReference, ...] = ()
    where: str = ""
