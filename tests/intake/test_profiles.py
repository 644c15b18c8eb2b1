"""Profiles written from answers: new ones validate and score, a user's file stays theirs, all or nothing.

What a user relies on: an imported questionnaire becomes a profile that ``validate`` accepts and
``score`` reads with the levels, evidence and sources typed; ``--update`` on a profile they wrote
by hand adds the new assessment and changes nothing else of the text (comments, key order,
layout); one wrong answer anywhere writes nothing and every problem is named by its place.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
from pathlib import Path

import pytest
import yaml

from clusterkit.errors import LoadError
from clusterkit.intake import Answer, ClusterAnswers, NewReference
from clusterkit.intake.profiles import (
    answered,
    current_levels,
    read_profile,
    save_answer,
    save_facts,
    save_reference,
    write_profiles,
)
from clusterkit.intake.yamledit import Quoted, new_document
from clusterkit.loading import Catalog, parse_yaml, search_dirs
from clusterkit.scoring import score
from clusterkit.validation import validate_files

SURVEY = NewReference("survey-2024", "Self-assessment by the cluster manager, May 2024", None, "Interview, 3 May 2024")

FACTS = {
    "name": "Demo Cluster",
    "location.country": "MA",
    "location.city": "Rabat",
    "founded": 2012,
    "members.total": 40,
}


def demo_answers(cluster_id: str = "demo", date: str = "2024-05", **changes: object) -> ClusterAnswers:
    answers = (
        Answer("strategy_documented", 2, "An action plan for 2024 lists 9 actions.", None, "q.xlsx:Processes!D5"),
        Answer("prioritisation", None, None, None, "q.xlsx:Processes!D7"),
        Answer("collaborative_projects", 3, "Twelve joint projects in 2023.", "survey-2024 Q3", "q.xlsx:Activities!D5"),
    )
    base = ClusterAnswers(
        cluster_id, "default", date, answers, dict(FACTS), "survey-2024", references=(SURVEY,), where="q.xlsx"
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def catalog_for(directory: Path) -> Catalog:
    return Catalog(search_dirs([directory]))


def files_under(directory: Path) -> dict[str, str]:
    if not directory.exists():
        return {}
    return {str(p.relative_to(directory)): p.read_text() for p in sorted(directory.rglob("*")) if p.is_file()}


# --- a new profile ---------------------------------------------------------------------------


def test_new_profile_validates_and_scores_with_the_answers(tmp_path: Path) -> None:
    mine = tmp_path / "mine"  # NOTE: missing: DIR and DIR/clusters are created
    written = write_profiles([demo_answers()], mine, update=False, catalog=Catalog())
    assert written == [mine / "references.yaml", mine / "clusters" / "demo.yaml"]

    catalog = catalog_for(mine)
    result = validate_files([mine], catalog)
    assert result.ok, [str(p) for p in result.problems()]
    cluster = catalog.cluster("demo")
    assert cluster.name == "Demo Cluster"
    assert (cluster.location.country, cluster.location.city, cluster.location.source) == ("MA", "Rabat", "survey-2024")
    assert cluster.founded is not None and (cluster.founded.value, cluster.founded.source) == (2012, "survey-2024")
    assert cluster.members.total is not None and cluster.members.total.value == 40
    (assessment,) = cluster.assessments
    assert (assessment.framework, assessment.date) == ("default", "2024-05")
    # The unknown level is left out; the others carry the evidence and the source typed.
    assert list(assessment.levels) == ["collaborative_projects", "strategy_documented"]
    projects = assessment.levels["collaborative_projects"]
    assert projects.level == 3
    assert [(e.text, e.source) for e in projects.evidence] == [("Twelve joint projects in 2023.", "survey-2024 Q3")]
    assert assessment.levels["strategy_documented"].evidence[0].source == "survey-2024"  # the answers' source

    scored = score(cluster, catalog.framework())
    levels = {i.id: i.level for i in scored.indicators}
    assert levels["strategy_documented"] == 2 and levels["collaborative_projects"] == 3
    assert levels["prioritisation"] is None
    assert levels["committed_members"] == 2  # measured from members.total = 40
    assert scored.overall is not None


def test_new_profile_text_is_block_style_with_the_date_quoted(tmp_path: Path) -> None:
    write_profiles([demo_answers(date="2024")], tmp_path, update=False, catalog=Catalog())
    text = (tmp_path / "clusters" / "demo.yaml").read_text()
    assert text.startswith("kind: cluster\nschema_version: 1\nid: demo\nname: Demo Cluster\n")
    assert '    date: "2024"\n' in text
    assert "{" not in text and "[" not in text


def collections_in_flow_style(text: str) -> list[str]:
    """The lists and mappings a text writes in flow style (``[a, b]``, ``{k: v}``), but for empty ones."""
    found: list[str] = []
    events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    for event, following in itertools.pairwise(events):
        if isinstance(event, yaml.CollectionStartEvent) and event.flow_style:
            empty = isinstance(following, yaml.MappingEndEvent | yaml.SequenceEndEvent)
            if not empty:
                found.append(f"line {event.start_mark.line + 1}")
    return found


# Text that YAML readers are apt to take for something else, or that needs quoting or escaping.
AWKWARD = [
    "NO",
    "yes",
    "on",
    "off",
    "null",
    "~",
    "",
    "true",
    "1e3",
    "0o17",
    "010",
    "1_000",
    "1:30",
    "2024",
    ".5",
    "- a dash",
    "? a question",
    "a: colon",
    "a #hash",
    "#comment",
    "it's",
    "the cluster's plan: 9 actions",
    'said "so"',
    "line one\nline two\n",
    "line one\nline two",
    " leading space\nthen more",
    "trailing \nspace",
    "tab\there",
    "café — Zürich, 日本",
    "emoji 😀 and 𝑥",
    "line\u2028separator",
    "nel\x85here",
    "back\\Uslash",
    "x" * 300,
    "  spaces around  ",
]


def test_new_document_reads_back_strictly_as_the_same_data_in_block_style() -> None:
    data = {
        "kind": "cluster",
        "texts": {f"t{i}": text for i, text in enumerate(AWKWARD)},
        "keys": {text or "empty": i for i, text in enumerate(AWKWARD)},
        "list": [*AWKWARD, 0, -3, 1.5, True, False, None, Quoted("2024-05"), [], {}, ["a", ["b", "c"]]],
        "nested": {"evidence": [{"text": text, "source": "s"} for text in AWKWARD]},
        "k" * 200: ["a key too long to stand plain", {"with": ["a list"]}],
        "numbers": [2**40, 0.1, 1e20],
    }
    text = new_document(data)
    assert parse_yaml(text, "new.yaml").data == data
    assert collections_in_flow_style(text) == []
    # Letters are written as they are, not as escapes.
    assert "café — Zürich, 日本" in text and "emoji 😀 and 𝑥" in text
    # Lists stand two in from their key, as in the bundled profiles.
    assert "\nnested:\n  evidence:\n    - text: 'NO'\n      source: s\n" in text


def test_new_profile_text_reads_back_as_the_answers_in_block_style(tmp_path: Path) -> None:
    texts = {
        "strategy_documented": "The cluster's plan: 9 actions, 2024–2026.",
        "collaborative_projects": "Twelve projects in 2023;\nthree with universities.",
        "prioritisation": "NO",
        "management_team": "Équipe de 4 personnes 😀",
    }
    answers = tuple(Answer(ind, 2, text, None, f"q.xlsx:{ind}") for ind, text in texts.items())
    write_profiles([demo_answers(answers=answers)], tmp_path, update=False, catalog=Catalog())
    text = (tmp_path / "clusters" / "demo.yaml").read_text(encoding="utf-8")
    data = parse_yaml(text, "demo.yaml").data
    (assessment,) = data["assessments"]
    assert assessment["date"] == "2024-05"
    assert {k: v["evidence"] for k, v in assessment["levels"].items()} == {
        ind: [{"text": text, "source": "survey-2024"}] for ind, text in texts.items()
    }
    assert collections_in_flow_style(text) == []
    assert list(data)[:5] == ["kind", "schema_version", "id", "name", "location"]
    assert "        evidence:\n          - text: |-\n              Twelve projects in 2023;\n" in text
    assert "Équipe de 4 personnes 😀" in text
    assert validate_files([tmp_path], catalog_for(tmp_path)).ok


def test_a_new_reference_lands_in_references_yaml(tmp_path: Path) -> None:
    write_profiles([demo_answers()], tmp_path, update=False, catalog=Catalog())
    refs = parse_yaml((tmp_path / "references.yaml").read_text(), "references.yaml").data
    assert refs["kind"] == "references" and refs["id"] == "references"
    assert refs["references"] == [
        {"key": "survey-2024", "title": SURVEY.title, "note": SURVEY.note},
    ]


def test_a_new_reference_is_appended_to_a_commented_references_file(tmp_path: Path) -> None:
    before = """\
# Our own sources.
kind: references
schema_version: 1
id: references
references:
  # The founding act.
  - key: statutes-2012
    title: Statutes of the association   # signed in Rabat
"""
    (tmp_path / "references.yaml").write_text(before)
    write_profiles([demo_answers()], tmp_path, update=False, catalog=Catalog())
    after = (tmp_path / "references.yaml").read_text()
    assert after.startswith(before)
    assert after[len(before) :] == (
        "  - key: survey-2024\n"
        "    title: Self-assessment by the cluster manager, May 2024\n"
        "    note: Interview, 3 May 2024\n"
    )


def test_a_reference_given_again_is_not_added_twice_and_a_clash_is_refused(tmp_path: Path) -> None:
    write_profiles([demo_answers()], tmp_path, update=False, catalog=Catalog())
    again = demo_answers(cluster_id="other")
    write_profiles([again], tmp_path, update=False, catalog=catalog_for(tmp_path))
    refs = parse_yaml((tmp_path / "references.yaml").read_text(), "r").data["references"]
    assert [r["key"] for r in refs] == ["survey-2024"]

    clash = demo_answers(cluster_id="third", references=(NewReference("el-idrissi-2020", "Another title"),))
    with pytest.raises(LoadError) as info:
        write_profiles([clash], tmp_path, update=False, catalog=catalog_for(tmp_path))
    assert any("reference key 'el-idrissi-2020' is already defined" in line for line in info.value.lines())
    assert not (tmp_path / "clusters" / "third.yaml").exists()


# --- all or nothing --------------------------------------------------------------------------


def test_one_bad_answer_writes_nothing_and_every_problem_is_named(tmp_path: Path) -> None:
    good = demo_answers(cluster_id="good", where="a.xlsx")
    bad_answers = (
        Answer("strategy_documented", 7, "x", None, "b.xlsx:Processes!D5"),
        Answer("collaborative_projects", 3, "", None, "b.xlsx:Activities!D5"),
        Answer("committed_members", 2, "ab", None, "b.xlsx:Resources!D5"),
        Answer("prioritisation", 1, "Listed.", "surve-2024", "b.xlsx:Processes!D7"),
    )
    bad = demo_answers(cluster_id="bad", answers=bad_answers, where="b.xlsx")
    facts = {**FACTS, "location.country": "Morocco"}
    worse = demo_answers(cluster_id="worse", facts=facts, date="2024-13", where="c.xlsx")
    with pytest.raises(LoadError) as info:
        write_profiles([good, bad, worse], tmp_path / "mine", update=False, catalog=Catalog())
    assert info.value.lines() == [
        "b.xlsx:Processes!D5: level: must be 0-4 or unknown, got 7",
        "b.xlsx:Activities!D5: evidence: a level needs evidence: a short quote or paraphrase of what it rests on",
        "b.xlsx:Resources!D5: indicator 'committed_members' is measured from the profile's facts; it takes no level",
        "b.xlsx:Processes!D7: source: citation 'surve-2024' is not defined in any references document;"
        " did you mean 'survey-2024'?",
        "c.xlsx: date: '2024-13' is not a date on the calendar: write YYYY, YYYY-MM or YYYY-MM-DD",
        "c.xlsx: location.country: 'Morocco' is not a country code: two capital letters (ISO 3166-1 alpha-2,"
        " e.g. 'MA', 'IT', 'NO')",
    ]
    assert files_under(tmp_path / "mine") == {}  # not even the good one, nor references.yaml


def test_a_bad_id_and_an_unknown_framework_are_problems_too(tmp_path: Path) -> None:
    batch = [demo_answers(cluster_id="Bad Id", where="x.csv:3"), demo_answers(framework="nope", where="x.csv:4")]
    with pytest.raises(LoadError) as info:
        write_profiles(batch, tmp_path, update=False, catalog=Catalog())
    lines = info.value.lines()
    assert lines[0].startswith("x.csv:3: id: cluster id 'Bad Id' is not a valid id")
    assert lines[1].startswith("x.csv:4: framework: no framework with id 'nope'")
    assert files_under(tmp_path) == {}


def test_an_existing_profile_is_refused_without_update(tmp_path: Path) -> None:
    write_profiles([demo_answers()], tmp_path, update=False, catalog=Catalog())
    before = files_under(tmp_path)
    with pytest.raises(LoadError) as info:
        write_profiles([demo_answers(date="2025")], tmp_path, update=False, catalog=catalog_for(tmp_path))
    (line,) = info.value.lines()
    assert line.endswith(
        "clusters/demo.yaml: a profile with this id exists; refusing to overwrite it (--update adds a new dated"
        " assessment to it) (answers from q.xlsx)"
    )
    assert files_under(tmp_path) == before


def test_a_same_dated_assessment_is_refused_even_with_update(tmp_path: Path) -> None:
    write_profiles([demo_answers()], tmp_path, update=False, catalog=Catalog())
    before = files_under(tmp_path)
    with pytest.raises(LoadError) as info:
        write_profiles([demo_answers()], tmp_path, update=True, catalog=catalog_for(tmp_path))
    (line,) = info.value.lines()
    assert line.startswith("q.xlsx: date: cluster 'demo' already has an assessment against framework 'default'")
    assert "dated '2024-05'" in line and "clusters/demo.yaml:" in line
    assert files_under(tmp_path) == before


# --- a user's own file -----------------------------------------------------------------------

HAND_WRITTEN = """\
# Demo cluster: written by hand, kept by hand.
kind: cluster
schema_version: 1
id: demo
name: 'Demo Cluster'   # the name on the statutes
location:
    country: MA
    city: Rabat
    source: el-idrissi-2020 Table 1
# We put our notes first, before the facts.
notes:
    - text: >-
        A cluster of the ministry's programme,
        set up by its members.
      source: el-idrissi-2020 §2.2
sectors: {value: [ICT, Offshoring], source: el-idrissi-2020 Table 1}
assessments:
    # Our first look, from the paper.
    - framework: default
      date: "2014"
      levels:
          strategy_documented:
              level: 1   # goals only
              evidence:
                  - text: Goals and axes, no detailed projects.
                    source: el-idrissi-2020 §3.1

# The founding year comes last in this file.
founded:
    value: 2011
    source: el-idrissi-2020 Table 1   # release date
"""


def added_lines(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails when anything of ``before`` changed or moved."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    added: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        assert op in ("equal", "insert"), (op, before.splitlines()[i1:i2], after.splitlines()[j1:j2])
        if op == "insert":
            added.extend(after.splitlines()[j1:j2])
    return added


def test_update_keeps_every_comment_the_key_order_and_the_layout(tmp_path: Path) -> None:
    path = tmp_path / "clusters" / "demo.yaml"
    path.parent.mkdir()
    path.write_text(HAND_WRITTEN)
    answers = demo_answers(
        answers=(
            Answer("strategy_documented", 2, "An action plan for 2024 lists 9 actions.", None, "q.xlsx:Processes!D5"),
        )
    )
    write_profiles([answers], tmp_path, update=True, catalog=Catalog())
    after = path.read_text()
    # Only a block is added: the new assessment at the end of the list (before the comment that
    # introduces the next key), then members.total, which the profile lacked. Nothing else moves.
    assert added_lines(HAND_WRITTEN, after) == [
        "    - framework: default",
        '      date: "2024-05"',
        "      levels:",
        "          strategy_documented:",
        "              level: 2",
        "              evidence:",
        "                  - text: An action plan for 2024 lists 9 actions.",
        "                    source: survey-2024",
        "members:",
        "    total:",
        "        value: 40",
        "        source: survey-2024",
    ]
    assert after.index("source: el-idrissi-2020 §3.1\n") < after.index('date: "2024-05"')
    assert after.index('date: "2024-05"') < after.index("\n# The founding year comes last")
    # The facts the profile has are left as written: its name, city, founding year and their sources.
    catalog = catalog_for(tmp_path)
    assert validate_files([tmp_path], catalog).ok
    cluster = catalog.cluster("demo")
    assert cluster.founded is not None and cluster.founded.value == 2011
    assert [a.date for a in cluster.assessments] == ["2014", "2024-05"]
    assert score(cluster, catalog.framework(), at="2024-05").overall is not None


def test_update_of_a_profile_without_assessments_adds_the_list_in_the_schema_order(tmp_path: Path) -> None:
    before = """\
kind: cluster
schema_version: 1
id: demo
name: Demo Cluster
location:
  country: MA
  source: el-idrissi-2020 Table 1

# Notes, last.
notes:
  - text: Something we know.
    source: el-idrissi-2020 §2.2
# end of file
"""
    path = tmp_path / "clusters" / "demo.yaml"
    path.parent.mkdir()
    path.write_text(before)
    write_profiles([demo_answers(facts={})], tmp_path, update=True, catalog=Catalog())
    after = path.read_text()
    added = added_lines(before, after)
    assert added[0] == "assessments:" and added[1] == "  - framework: default"
    # The list goes where the schema puts it, before the notes; the comment before `notes` stays with them.
    assert after.index("assessments:") < after.index("# Notes, last.\nnotes:")
    assert after.endswith("# end of file\n")


def test_update_keeps_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "clusters" / "demo.yaml"
    path.parent.mkdir()
    path.write_bytes(HAND_WRITTEN.replace("\n", "\r\n").encode())
    write_profiles([demo_answers()], tmp_path, update=True, catalog=Catalog())
    after = path.read_bytes().decode()
    assert after.count("\r\n") == after.count("\n")
    assert added_lines(HAND_WRITTEN, after.replace("\r\n", "\n"))


def test_an_invalid_existing_profile_is_reported_where_it_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "clusters" / "demo.yaml"
    path.parent.mkdir()
    path.write_text(HAND_WRITTEN.replace("country: MA", "country: Morocco"))
    with pytest.raises(LoadError) as info:
        write_profiles([demo_answers()], tmp_path, update=True, catalog=Catalog())
    (line,) = info.value.lines()
    assert line.endswith(
        "clusters/demo.yaml:7:14: location.country: 'Morocco' is not a country code: two capital"
        " letters (ISO 3166-1 alpha-2, e.g. 'MA', 'IT', 'NO')"
    )


# --- one answer at a time (the interview) ------------------------------------------------------


def test_save_answer_creates_the_dated_assessment_then_edits_it_in_place(tmp_path: Path) -> None:
    catalog = Catalog(search_dirs([tmp_path]))
    save_reference(tmp_path, SURVEY, catalog=catalog)
    save_facts(tmp_path, "demo", FACTS, source="survey-2024", catalog=catalog)
    fw = catalog.framework()
    assert read_profile(tmp_path, "demo") is not None
    assert answered(read_profile(tmp_path, "demo"), "default", "2024-05") == set()

    def save(indicator: str, level: int | None, text: str | None = "Seen.", source: str = "survey-2024") -> object:
        answer = Answer(indicator, level, text, source, where=indicator)
        return save_answer(tmp_path, "demo", framework=fw, date="2024-05", answer=answer, catalog=catalog)

    save("strategy_documented", 2)
    save("collaborative_projects", 3, "Twelve projects.", "survey-2024 Q3")
    cluster = read_profile(tmp_path, "demo")
    assert answered(cluster, "default", "2024-05") == {"strategy_documented", "collaborative_projects"}
    path = tmp_path / "clusters" / "demo.yaml"
    # A comment the user adds between two answers survives the next ones.
    path.write_text(path.read_text().replace("        level: 2\n", "        level: 2  # to check with the board\n"))
    assert save("strategy_documented", 2) is None  # the same answer again changes nothing
    save("strategy_documented", 1, "Goals only.")
    text = path.read_text()
    assert "        level: 1  # to check with the board\n" in text
    assert text.count("framework: default") == 1
    # An unknown level removes the indicator from the assessment of that date.
    save("collaborative_projects", None, None)
    cluster = read_profile(tmp_path, "demo")
    assert answered(cluster, "default", "2024-05") == {"strategy_documented"}
    assert validate_files([tmp_path], Catalog(search_dirs([tmp_path]))).ok


def test_save_answer_refuses_a_level_without_evidence_and_an_unknown_source(tmp_path: Path) -> None:
    catalog = Catalog(search_dirs([tmp_path]))
    save_facts(tmp_path, "demo", FACTS, source="el-idrissi-2020", catalog=catalog)
    before = files_under(tmp_path)
    fw = catalog.framework()
    for answer, expected in [
        (Answer("prioritisation", 2, "", "el-idrissi-2020", "prioritisation"), "evidence: a level needs evidence"),
        (Answer("prioritisation", 2, "Seen.", "nowhere-2024", "prioritisation"), "citation 'nowhere-2024' is not"),
        (Answer("members_total", 2, "Seen.", "el-idrissi-2020", "members_total"), "unknown indicator"),
    ]:
        with pytest.raises(LoadError) as info:
            save_answer(tmp_path, "demo", framework=fw, date="2024", answer=answer, catalog=catalog)
        assert expected in info.value.lines()[0]
    assert files_under(tmp_path) == before


def test_current_levels_come_from_the_date_asked_or_the_latest_before_it(tmp_path: Path) -> None:
    path = tmp_path / "clusters" / "demo.yaml"
    path.parent.mkdir()
    path.write_text(HAND_WRITTEN)
    cluster = read_profile(tmp_path, "demo")
    assert current_levels(cluster, "default", "2013") == {}
    current = current_levels(cluster, "default", "2024")["strategy_documented"]
    assert (current.level, current.date) == (1, "2014")
    assert current.evidence[0].text == "Goals and axes, no detailed projects."
