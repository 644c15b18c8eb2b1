"""Shell completion: ids, dates and formats offered from the search path, in bash, zsh and fish.

Each case runs the installed ``clusterkit`` the way a shell's completion script does: click's
protocol (``_CLUSTERKIT_COMPLETE=complete_bash`` with ``COMP_WORDS``/``COMP_CWORD``, or Typer's
``_TYPER_COMPLETE_ARGS`` for zsh and fish), or the real shell with the script clusterkit prints.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from clusterkit.render import formats_for

TESTS = Path(__file__).resolve().parent
HISTORY = TESTS / "data" / "history"  # cluster "demo": assessments of 2019 and 2023, and a target
DEFAULT_FRAMEWORK = TESTS.parent / "profiles" / "frameworks" / "default.yaml"


def _exe() -> str:
    exe = shutil.which("clusterkit")
    if exe is None:
        pytest.skip("the clusterkit command is not installed")
    return exe


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERKIT_", "_CLUSTERKIT_", "_TYPER_"))}
    env["PATH"] = f"{Path(_exe()).parent}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **(extra or {})}


def complete(line: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> list[str]:
    """What bash is offered for the last word of ``line`` (a trailing space: a new, empty word)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    proc = subprocess.run(
        [_exe()],
        env=_env(
            {**(env or {}), "_CLUSTERKIT_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)}
        ),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return [word for word in proc.stdout.splitlines() if word]  # NOTE: nothing to offer prints an empty line


def test_cluster_ids_complete_from_the_search_path() -> None:
    offered = complete("clusterkit compare m")
    assert "mnc" in offered
    assert offered == sorted(offered) and all(c.startswith("m") for c in offered)
    assert "le2c" in complete("clusterkit compare mnc ")  # the benchmark too
    assert "mnc" in complete("clusterkit show ")


def test_strategy_ids_complete_for_audit_and_report() -> None:
    assert complete("clusterkit audit ") == ["mn2013"]
    assert complete("clusterkit report mnc --audit ") == ["mn2013"]


def test_dates_complete_after_an_at_sign() -> None:
    # MNC's profile holds one dated assessment (2014) and no target, so no "mnc@target" is offered.
    mnc = yaml.safe_load((TESTS.parent / "profiles" / "clusters" / "mnc.yaml").read_text(encoding="utf-8"))
    assert "target" not in mnc
    assert complete("clusterkit compare mnc@") == [f"mnc@{a['date']}" for a in mnc["assessments"]] == ["mnc@2014"]
    assert complete("clusterkit compare mnc mnc@2") == ["mnc@2014"]


def test_dates_and_target_of_a_user_profile(tmp_path: Path) -> None:
    expected = ["demo@2019", "demo@2023", "demo@target"]
    assert complete("clusterkit compare demo@", env={"CLUSTERKIT_PATH": str(HISTORY)}) == expected
    # -p given earlier on the line counts, as it will when the command runs.
    assert complete(f"clusterkit score -p {HISTORY} demo@") == expected
    assert complete(f"clusterkit score -p {HISTORY} demo@t") == ["demo@target"]
    assert complete("clusterkit compare nosuch@") == []


def test_ids_come_from_file_names_not_from_reading_profiles(tmp_path: Path) -> None:
    # A profile that does not parse is still offered by its name, and completing says nothing on stderr.
    (tmp_path / "clusters").mkdir()
    (tmp_path / "clusters" / "zeta.yaml").write_text("kind: [unclosed\n", encoding="utf-8")
    env = {"CLUSTERKIT_PATH": str(tmp_path)}
    assert complete("clusterkit show z", env=env) == ["zeta"]
    assert complete("clusterkit compare zeta@", env=env) == []


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("clusterkit list --format ", "clusters"),
        ("clusterkit score mnc -f ", "scores"),
        ("clusterkit report mnc --format ", "report"),
        ("clusterkit show mnc --format ", "cluster"),
    ],
)
def test_format_offers_the_command_formats(line: str, kind: str) -> None:
    assert complete(line) == list(formats_for(kind))


def test_framework_dimension_and_indicator_ids() -> None:
    framework = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    assert complete("clusterkit rank --dimension ") == [d["id"] for d in framework["dimensions"]]
    assert complete("clusterkit rank -d pro") == ["processes"]
    assert complete("clusterkit framework ") == [i["id"] for i in framework["indicators"]]
    assert complete("clusterkit framework strategy_d") == ["strategy_documented"]
    assert complete("clusterkit score mnc --framework ") == ["default"]


def test_commands_and_shells_complete() -> None:
    assert complete("clusterkit co") == ["compare", "config"]
    assert complete("clusterkit --show-completion ") == ["bash", "zsh", "fish", "powershell", "pwsh"]


def _script(shell: str) -> str:
    proc = subprocess.run(
        [_exe(), "--show-completion", shell], env=_env(), capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_show_completion_prints_the_named_shell_script() -> None:
    assert _script("zsh").startswith("#compdef clusterkit\n")
    assert "complete -o default -F _clusterkit_completion clusterkit" in _script("bash")
    assert _script("fish").startswith("complete --command clusterkit ")


def test_install_completion_writes_the_script_under_home(tmp_path: Path) -> None:
    proc = subprocess.run(
        [_exe(), "--install-completion", "fish"],
        env=_env({"HOME": str(tmp_path)}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    installed = tmp_path / ".config" / "fish" / "completions" / "clusterkit.fish"
    assert installed.read_text(encoding="utf-8") == _script("fish")
    assert str(installed) in proc.stderr


def _shell(path: str) -> str:
    if not Path(path).exists():
        pytest.skip(f"{path} is not installed")
    return path


def test_bash_offers_ids_through_its_script(tmp_path: Path) -> None:
    (tmp_path / "ck.bash").write_text(_script("bash"), encoding="utf-8")
    body = (
        f"source {tmp_path / 'ck.bash'}; COMP_WORDS=(clusterkit compare m); COMP_CWORD=2;"
        ' _clusterkit_completion clusterkit; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    proc = subprocess.run([_shell("/bin/bash"), "-c", body], env=_env(), capture_output=True, text=True, timeout=60)
    assert "mnc" in proc.stdout.splitlines(), proc.stderr


def test_zsh_offers_dates_through_its_script(tmp_path: Path) -> None:
    (tmp_path / "ck.zsh").write_text(_script("zsh"), encoding="utf-8")
    # NOTE: compdef and _arguments come with compinit in an interactive zsh; here they print what they are given.
    body = (
        'compdef() { :; }; _arguments() { print -rl -- "$@"; };'
        f" source {tmp_path / 'ck.zsh'}; words=(clusterkit compare mnc@); CURRENT=3; _clusterkit_completion"
    )
    proc = subprocess.run([_shell("/usr/bin/zsh"), "-f", "-c", body], env=_env(), capture_output=True, text=True)
    assert proc.stdout.splitlines() == ['*: :(("mnc@2014"))'], proc.stderr


def test_fish_offers_ids_and_formats_through_its_script(tmp_path: Path) -> None:
    (tmp_path / "ck.fish").write_text(_script("fish"), encoding="utf-8")
    body = f'source {tmp_path / "ck.fish"}; complete -C "clusterkit audit "; complete -C "clusterkit list -f g"'
    proc = subprocess.run([_shell("/usr/bin/fish"), "-c", body], env=_env(), capture_output=True, text=True)
    assert proc.stdout.splitlines() == ["mn2013", "geojson"], proc.stderr
