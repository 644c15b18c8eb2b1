"""``clusterkit assess``, driven as a person would through a pseudo-terminal (pexpect).

What a user relies on: the interview writes a profile that ``validate`` accepts, with the levels,
evidence and sources typed; a bad level is asked again; Ctrl-C half-way loses nothing, and the
same command resumes at the next indicator; ``q`` stops with exit 0; without a terminal the
command refuses at once and says what to use instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover - pexpect.spawn needs a POSIX pseudo-terminal
    pytest.skip("pseudo-terminals are POSIX", allow_module_level=True)

ONLY = "strategy_documented,prioritisation,collaborative_projects"
# The order the interview asks them in: the framework's.
ASKED = ["collaborative_projects", "strategy_documented", "prioritisation"]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERKIT_")}
    env.update({"NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8", "COLUMNS": "80", "LINES": "24"})
    return env


def spawn(tmp_path: Path, *args: str) -> Any:
    return spawn_args(tmp_path, "--date", "2024-05", "--only", ONLY, *args)


def spawn_args(tmp_path: Path, *args: str) -> Any:
    """``clusterkit assess demo --dir mine ARGS`` on a pseudo-terminal of 80 x 24."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "clusterkit", "assess", "demo", "--dir", "mine", *args],
        cwd=str(tmp_path),
        env=environment(),
        encoding="utf-8",
        timeout=30,
        dimensions=(24, 80),
    )


def answer(child: Any, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.sendline(text)


def give_facts(child: Any) -> None:
    answer(child, "Name", "Demo Cluster")
    answer(child, "Country", "Morocco")
    answer(child, "two letters", "ma")
    answer(child, "City", "Rabat")
    answer(child, "Founded", "2012")
    answer(child, "Members", "40")
    answer(child, "Source of these facts", "new")
    answer(child, "Key", "survey-2024")
    answer(child, "Title", "Self-assessment by the cluster manager, May 2024")
    answer(child, "URL", "")
    answer(child, "Note", "Interview on 3 May 2024")
    child.expect_exact("wrote mine/clusters/demo.yaml")


def give_level(child: Any, indicator: str, level: str, evidence: str, source: str) -> None:
    child.expect_exact(f"· {indicator} ")
    answer(child, "Level (0-4, u unknown, s skip, q quit)", level)
    answer(child, "Evidence", evidence)
    answer(child, "Source of this evidence", source)
    child.expect_exact("saved: level")


def finish(child: Any) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def levels(tmp_path: Path) -> dict[str, tuple[int, str, str]]:
    from clusterkit.loading import Catalog, search_dirs

    cluster = Catalog(search_dirs([tmp_path / "mine"])).cluster("demo")
    (assessment,) = cluster.assessments
    assert assessment.date == "2024-05"
    return {k: (v.level, v.evidence[0].text, v.evidence[0].source) for k, v in assessment.levels.items()}


def validate(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clusterkit", "validate", "--profiles-dir", "mine", "mine"],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


def test_a_full_interview_writes_a_profile_that_validates(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    give_facts(child)
    child.expect_exact("· collaborative_projects ")
    child.expect_exact("  3  A regular flow of collaborative projects")
    answer(child, "Level (0-4, u unknown, s skip, q quit)", "7")
    answer(child, "'7' is not a level", "3")
    answer(child, "Evidence", "")  # a level needs evidence: asked again
    answer(child, "a level needs its evidence", "Twelve joint projects in 2023.")
    answer(child, "Source of this evidence", "nowhere-2024")
    answer(child, "citation 'nowhere-2024' is not defined", "")  # Enter: the source of the facts
    child.expect_exact("saved: level 3")
    give_level(child, "strategy_documented", "2", "An action plan for 2024 lists 9 actions.", "survey-2024 Q4")
    child.expect_exact("· prioritisation ")
    answer(child, "Level", "u")
    child.expect_exact("unknown, left out of the assessment dated 2024-05")
    child.expect_exact("done: 3 answers in this session, in mine/clusters/demo.yaml")
    child.expect_exact("Scores (default framework, 0-100)")
    child.expect_exact("Weaknesses of demo@2024-05")
    status, _ = finish(child)
    assert status == 0

    assert levels(tmp_path) == {
        "collaborative_projects": (3, "Twelve joint projects in 2023.", "survey-2024"),
        "strategy_documented": (2, "An action plan for 2024 lists 9 actions.", "survey-2024 Q4"),
    }
    checked = validate(tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "0 invalid, 0 errors" in checked.stderr
    refs = (tmp_path / "mine" / "references.yaml").read_text()
    assert "key: survey-2024" in refs and "Interview on 3 May 2024" in refs


def test_interrupted_half_way_then_rerun_it_resumes_and_keeps_the_first_answers(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    give_facts(child)
    give_level(child, "collaborative_projects", "3", "Twelve joint projects in 2023.", "survey-2024 Q3")
    child.expect_exact("· strategy_documented ")
    child.expect_exact("Level (0-4")
    child.sendintr()
    child.expect_exact("stopped: every answer so far is saved in mine/clusters/demo.yaml")
    status, _ = finish(child)
    assert status == 130
    assert levels(tmp_path) == {"collaborative_projects": (3, "Twelve joint projects in 2023.", "survey-2024 Q3")}

    # Rerun: no facts asked again; it resumes at the next indicator; q stops with exit 0.
    child = spawn(tmp_path)
    child.expect_exact("resuming at strategy_documented")
    child.expect_exact("── ")
    child.expect_exact(" ─")
    assert child.before.strip() == "2/3 · Processes and Strategies · strategy_documented"
    answer(child, "Level (0-4, u unknown, s skip, q quit)", "2")
    answer(child, "Evidence", "An action plan for 2024 lists 9 actions.")
    answer(child, "[Enter: survey-2024 Q3]: ", "")  # the source cited last is offered again
    child.expect_exact("· prioritisation ")
    answer(child, "Level", "q")
    status, shown = finish(child)
    assert status == 0
    assert "Name" not in shown
    assert levels(tmp_path) == {
        "collaborative_projects": (3, "Twelve joint projects in 2023.", "survey-2024 Q3"),
        "strategy_documented": (2, "An action plan for 2024 lists 9 actions.", "survey-2024 Q3"),
    }

    # Once more: it resumes at the last one, showing nothing it has already.
    child = spawn(tmp_path)
    child.expect_exact("2 already have a level for this date; resuming at prioritisation")
    give_level(child, "prioritisation", "1", "Priorities listed, not ranked.", "el-idrissi-2020 §5")
    status, shown = finish(child)
    assert status == 0
    assert "· collaborative_projects " not in shown and "· strategy_documented " not in shown
    assert set(levels(tmp_path)) == set(ASKED)
    assert validate(tmp_path).returncode == 0


def test_an_existing_profile_shows_the_current_level_and_keeps_it_on_enter(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    give_facts(child)
    give_level(child, "collaborative_projects", "3", "Twelve joint projects in 2023.", "survey-2024 Q3")
    answer(child, "Level", "q")
    assert finish(child)[0] == 0
    child = spawn_args(tmp_path, "--date", "2025", "--only", "collaborative_projects")
    child.expect_exact("Current level: 3 (assessment dated 2024-05).")
    child.expect_exact("- Twelve joint projects in 2023. [survey-2024 Q3]")
    answer(child, "Level (0-4, u unknown, s skip, q quit) [Enter: 3]", "")
    answer(child, "Evidence: a short quote or paraphrase the level rests on [Enter: keep it]", "")
    child.expect_exact("saved: level 3 in the assessment dated 2025")
    assert finish(child)[0] == 0
    text = (tmp_path / "mine" / "clusters" / "demo.yaml").read_text()
    assert text.count("Twelve joint projects in 2023.") == 2
    assert 'date: "2025"' in text


def test_a_pipe_as_input_exits_2_and_points_to_questionnaire_and_import(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "clusterkit", "assess", "demo", "--dir", "mine"],
        cwd=tmp_path,
        env=environment(),
        input="3\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "needs a terminal, but standard input is not one" in proc.stderr
    assert "clusterkit questionnaire -o q.xlsx" in proc.stderr
    assert "clusterkit import q.xlsx --dir DIR" in proc.stderr
    assert not (tmp_path / "mine").exists()
