"""Faults for the commands that bring answers in and for the new formats: ``import`` (a filled questionnaire,
an ODK Central export), ``questionnaire`` (xlsx, xlsform), workbooks of ``score`` and ``compare``, the PDF of
``report``, ``config`` and ``assess`` without a terminal.

Each case gives the documented exit code and one located message (docs/errors.md, "Streams, signals
and limits"), never a traceback or "internal error", leaves no temporary file, and gives the output
of a clean run where the fault does not concern the output. Every case runs the program as a user
does, in a process of its own.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from clusterkit.loading import Catalog, load_document, search_dirs
from clusterkit.models import Cluster
from clusterkit.render import RenderError
from faults.test_streams import CK, closed, run
from intake.questionnaire_filling import PROFILE, column, columns, fill, indicator_rows
from intake.test_submissions import central_csv, submission

FILLED, CSV = "filled.xlsx", "central.csv"
LONG = "r" * 300  # a name longer than any file system allows (255 bytes)
NOT_A_TERMINAL = "error: assess is an interview and needs a terminal, but standard input is not one."
# NOTE: what intake_commands.py and intake/profiles.py do not do yet (a fix is proposed for each).


# --- inputs and helpers --------------------------------------------------------------------------


def module_run(args: list[str], folder: Path) -> bytes:
    """Run ``clusterkit ARGS`` for a module's fixture, in the environment each test gets (``tests/conftest.py``)."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("CLUSTERKIT_") and k not in ("LC_ALL", "LC_MESSAGES")
    }
    env.update(LANG="C.UTF-8", XDG_CACHE_HOME=str(folder / ".cache"))
    proc = subprocess.run([*CK, *args], cwd=folder, env=env, capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A questionnaire written by ``clusterkit questionnaire -o`` and filled in, and an ODK Central export."""
    folder = tmp_path_factory.mktemp("inputs")
    module_run(["questionnaire", "-o", "blank.xlsx"], folder)
    fill(folder / "blank.xlsx", folder / FILLED)
    framework = Catalog(search_dirs([], env="")).framework("default")
    central_csv(folder / CSV, framework, [submission(framework, "demo-a")])
    return folder


def given(inputs: Path, name: str, where: Path, as_name: str | bytes | None = None) -> bytes:
    """Copy an input into ``where`` (under another name, possibly not UTF-8); its name as bytes."""
    target = os.fsencode(where) + b"/" + (os.fsencode(as_name) if as_name is not None else name.encode())
    shutil.copyfile(inputs / name, target)
    return os.path.basename(target)


def ck(args: list[Any], cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """``clusterkit ARGS`` run in ``cwd`` (stdout and stderr captured unless given)."""
    return run([os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args], cwd=cwd, **kwargs)


def err(proc: subprocess.CompletedProcess[bytes]) -> str:
    """stderr, checked for what may never reach a user."""
    text = proc.stderr.decode("utf-8", "backslashreplace") if proc.stderr else ""
    assert "Traceback" not in text and "internal error" not in text, text
    return text


def files(folder: Path) -> list[str]:
    """Every file and folder under ``folder``, relative, sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def temporary(folder: Path) -> list[str]:
    return [name for name in files(folder) if name.endswith(".tmp") or "/.ck-" in f"/{name}"]


def needs_chromium() -> None:
    from clusterkit.render.pdf import chromium

    try:
        chromium()
    except RenderError as exc:
        pytest.skip(f"printing to PDF needs Chromium: {exc}")


def profile_of(folder: Path, cluster_id: str = "demo") -> Cluster:
    profile = load_document(folder / "clusters" / f"{cluster_id}.yaml", "cluster")
    assert isinstance(profile, Cluster)
    return profile


IMPORTS = {"workbook": (FILLED, "demo"), "csv": (CSV, "demo-a")}
# The commands that write a workbook or a PDF with -o, and the name each writes.
WRITERS = {
    "questionnaire": (["questionnaire", "-o", "out.xlsx"], "out.xlsx"),
    "xlsform": (["questionnaire", "--format", "xlsform", "-o", "out.xlsx"], "out.xlsx"),
    "score-xlsx": (["score", "mnc", "--format", "xlsx", "-o", "out.xlsx"], "out.xlsx"),
    "compare-xlsx": (["compare", "mnc", "le2c", "--format", "xlsx", "-o", "out.xlsx"], "out.xlsx"),
    "report-pdf": (["report", "mnc", "--format", "pdf", "-o", "out.pdf"], "out.pdf"),
}


def writer(name: str) -> tuple[list[str], str]:
    if name == "report-pdf":
        needs_chromium()
    return WRITERS[name]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], bytes]:
    """``clean(name)``: the bytes a clean run of a writer gives (each run once for the module)."""
    folder = tmp_path_factory.mktemp("clean")
    done: dict[str, bytes] = {}

    def get(name: str) -> bytes:
        if name not in done:
            args, out = writer(name)
            (folder / name).mkdir()
            module_run(args, folder / name)
            done[name] = (folder / name / out).read_bytes()
        return done[name]

    return get


# --- streams: stdout closed or full, stderr closed -----------------------------------------------

STDOUT_CLOSED = "error: cannot write the output: standard output is closed; give -o FILE\n"
STDOUT_BAD = "error: cannot write to standard output: Bad file descriptor\n"
STDOUT_FULL = "error: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["questionnaire"], STDOUT_CLOSED),
        pytest.param(
            ["questionnaire", "-f", "xlsform"],
            STDOUT_CLOSED,
        ),
        (["score", "mnc", "--format", "xlsx"], STDOUT_CLOSED),
        (["compare", "mnc", "le2c", "--format", "xlsx"], STDOUT_CLOSED),
        (["config"], STDOUT_BAD),
        (["config", "--format", "json"], STDOUT_BAD),
    ],
    ids=["questionnaire", "xlsform", "score-xlsx", "compare-xlsx", "config", "config-json"],
)
def test_with_stdout_closed_the_command_says_so(tmp_path: Path, args: list[str], expected: str) -> None:
    proc = ck(args, tmp_path, stdout=None, preexec_fn=lambda: closed(1))
    assert (proc.returncode, err(proc)) == (2, expected)
    assert files(tmp_path) == []


def test_import_with_stdout_closed_says_so_and_writes_nothing(inputs: Path, tmp_path: Path) -> None:
    proc = ck(["import", inputs / FILLED, "--dir", "mine"], tmp_path, stdout=None, preexec_fn=lambda: closed(1))
    assert (proc.returncode, err(proc)) == (2, STDOUT_BAD)
    assert files(tmp_path) == []  # all or nothing: nothing was written


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["questionnaire"]),
        pytest.param(["questionnaire", "-f", "xlsform"]),
        ["score", "mnc", "--format", "xlsx"],
        ["config"],
        ["config", "--format", "json"],
    ],
    ids=["questionnaire", "xlsform", "score-xlsx", "config", "config-json"],
)
def test_stdout_on_a_full_device_is_one_error(tmp_path: Path, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = ck(args, tmp_path, stdout=full.fileno())
    assert (proc.returncode, err(proc)) == (2, STDOUT_FULL)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_import_to_a_full_device_says_so_after_writing_whole_profiles(inputs: Path, tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        proc = ck(["import", inputs / FILLED, "--dir", "mine"], tmp_path, stdout=full.fileno())
    assert (proc.returncode, err(proc)) == (2, STDOUT_FULL)
    # NOTE: a full stdout is known only once the profiles are written; each of them is whole.
    assert profile_of(tmp_path / "mine").assessments
    assert temporary(tmp_path) == []


@pytest.mark.parametrize("closing", [1, 2], ids=["stdout-closed", "stderr-closed"])
@pytest.mark.parametrize("name", ["questionnaire", "xlsform", "score-xlsx", "report-pdf"])
def test_with_stdout_or_stderr_closed_the_file_written_is_that_of_a_clean_run(
    tmp_path: Path, clean: Callable[[str], bytes], name: str, closing: int
) -> None:
    args, out = writer(name)
    proc = ck(args, tmp_path, stdout=None if closing == 1 else subprocess.PIPE, preexec_fn=lambda: closed(closing))
    assert proc.returncode == 0, err(proc)
    assert files(tmp_path) == [out]
    assert (tmp_path / out).read_bytes() == clean(name)


def test_import_with_stderr_closed_writes_and_prints_what_a_clean_run_does(inputs: Path, tmp_path: Path) -> None:
    name, cluster_id = IMPORTS["workbook"]
    runs = []
    for how in ("clean", "stderr-closed"):
        folder = tmp_path / how
        folder.mkdir()
        kept = {"preexec_fn": lambda: closed(2)} if how != "clean" else {}
        proc = ck(["import", inputs / name, "--dir", "mine"], folder, **kept)
        assert proc.returncode == 0
        runs.append((proc.stdout, (folder / "mine" / "clusters" / f"{cluster_id}.yaml").read_bytes()))
    assert runs[1] == runs[0]
    assert runs[0][0].decode().splitlines() == ["wrote mine/references.yaml", f"wrote mine/clusters/{cluster_id}.yaml"]


@pytest.mark.parametrize("args", [["config"], ["questionnaire", "-f", "xlsform"]])
def test_a_pipe_gets_the_same_bytes_with_stderr_closed(tmp_path: Path, args: list[str]) -> None:
    clean = ck(args, tmp_path)
    proc = subprocess.run([*CK, *args], cwd=tmp_path, stdout=subprocess.PIPE, preexec_fn=lambda: closed(2), timeout=120)
    assert clean.returncode == proc.returncode == 0, err(clean)
    assert proc.stdout == clean.stdout and clean.stdout


@pytest.mark.parametrize("stdin", ["closed", "a file", "a pipe"], ids=["stdin-closed", "file", "pipe"])
def test_assess_without_a_terminal_says_what_to_do_instead_and_creates_nothing(
    inputs: Path, tmp_path: Path, stdin: str
) -> None:
    args = [*CK, "assess", "demo", "--dir", "mine"]
    kept: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "timeout": 120, "check": False}
    if stdin == "closed":
        proc = subprocess.run(args, cwd=tmp_path, preexec_fn=lambda: closed(0), **kept)
    elif stdin == "a pipe":
        proc = subprocess.run(args, cwd=tmp_path, input=b"Demo\nMA\n\n\n\n2\n", **kept)
    else:
        with open(inputs / FILLED, "rb") as handle:
            proc = subprocess.run(args, cwd=tmp_path, stdin=handle, **kept)
    assert proc.returncode == 2 and proc.stdout == b""
    assert err(proc).startswith(NOT_A_TERMINAL) and err(proc).count("\n") == 1
    assert files(tmp_path) == []


@pytest.mark.parametrize("closing", [1, 2], ids=["stdout-closed", "stderr-closed"])
def test_assess_with_a_stream_closed_exits_as_a_clean_run(tmp_path: Path, closing: int) -> None:
    proc = subprocess.run(
        [*CK, "assess", "demo", "--dir", "mine"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: closed(closing),
        stderr=subprocess.PIPE if closing == 1 else None,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    if closing == 1:
        assert err(proc).startswith(NOT_A_TERMINAL)
    assert files(tmp_path) == []


# --- signals during a write ----------------------------------------------------------------------

# NOTE: as a shell starts a command (a test runner's worker may ignore some signals, and children inherit that);
# the signal arrives once the NTH file written is whole in its temporary file, before it is renamed.
PROBE = """
import os, signal, sys
for name in ("SIGTERM", "SIGHUP", "SIGINT"):
    signal.signal(getattr(signal, name), signal.default_int_handler if name == "SIGINT" else signal.SIG_DFL)
from clusterkit import output
real_fsync, synced = os.fsync, []
def fsync(fd):
    real_fsync(fd)
    synced.append(fd)
    if len(synced) == {nth}:
        os.kill(os.getpid(), {signum})
output.os.fsync = fsync
from clusterkit.cli.app import run
sys.exit(run({argv!r}))
"""


def probe(argv: list[str], signum: int, cwd: Path, nth: int = 1) -> subprocess.CompletedProcess[str]:
    code = PROBE.format(argv=argv, signum=int(signum), nth=nth)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def stopped(proc: subprocess.CompletedProcess[str], signum: int) -> None:
    """Exit 128 + N and the one line that says why, no traceback."""
    assert proc.returncode == 128 + signum, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    name = signal.Signals(signum).name
    assert proc.stderr.strip().splitlines()[-1] == (
        "interrupted" if name == "SIGINT" else f"clusterkit: stopped by {name}"
    )


@pytest.mark.parametrize(
    ("name", "signum"),
    [
        ("questionnaire", signal.SIGTERM),
        ("questionnaire", signal.SIGHUP),
        ("questionnaire", signal.SIGINT),
        ("xlsform", signal.SIGTERM),
        ("score-xlsx", signal.SIGHUP),
        ("report-pdf", signal.SIGINT),
    ],
    ids=lambda v: signal.Signals(v).name if isinstance(v, int) else v,
)
def test_a_signal_during_an_output_write_leaves_the_old_file(tmp_path: Path, name: str, signum: int) -> None:
    args, out = writer(name)
    (tmp_path / out).write_bytes(b"old")
    stopped(probe(args, signum, tmp_path), signum)
    assert files(tmp_path) == [out]
    assert (tmp_path / out).read_bytes() == b"old"


@pytest.mark.parametrize(
    ("kind", "signum"),
    [("workbook", signal.SIGTERM), ("workbook", signal.SIGHUP), ("workbook", signal.SIGINT), ("csv", signal.SIGTERM)],
    ids=lambda v: signal.Signals(v).name if isinstance(v, int) else v,
)
def test_a_signal_while_import_writes_leaves_no_half_written_profile(
    inputs: Path, tmp_path: Path, kind: str, signum: int
) -> None:
    name, cluster_id = IMPORTS[kind]
    # NOTE: the references file is written first, then the profile: the signal lands as the profile is written.
    stopped(probe(["import", str(inputs / name), "--dir", "mine"], signum, tmp_path, nth=2), signum)
    assert temporary(tmp_path) == []
    assert not (tmp_path / "mine" / "clusters" / f"{cluster_id}.yaml").exists()
    for path in (tmp_path / "mine").rglob("*.yaml"):  # what was written before the signal is whole
        load_document(path, "references" if path.name == "references.yaml" else "cluster")


def test_a_signal_while_import_updates_a_profile_leaves_it_as_it_was(inputs: Path, tmp_path: Path) -> None:
    proc = ck(["import", inputs / FILLED, "--dir", "mine"], tmp_path)
    assert proc.returncode == 0, err(proc)
    before = (tmp_path / "mine" / "clusters" / "demo.yaml").read_bytes()
    fill(inputs / "blank.xlsx", tmp_path / "later.xlsx", profile={**PROFILE, "date": "2025-01"}, new_reference=None)
    args = ["import", "later.xlsx", "--dir", "mine", "--update"]
    stopped(probe(args, signal.SIGHUP, tmp_path), signal.SIGHUP)
    assert (tmp_path / "mine" / "clusters" / "demo.yaml").read_bytes() == before
    assert temporary(tmp_path) == []


def test_an_import_stopped_by_a_signal_can_be_run_again(inputs: Path, tmp_path: Path) -> None:
    args = ["import", str(inputs / FILLED), "--dir", "mine"]
    stopped(probe(args, signal.SIGTERM, tmp_path, nth=2), signal.SIGTERM)
    again = ck(args, tmp_path)
    assert again.returncode == 0, err(again)
    assert profile_of(tmp_path / "mine").assessments


@pytest.fixture
def short_tmpdir() -> Iterator[Path]:
    """A TMPDIR of its own with a short name (Chromium makes a socket there, whose path has at most 107 bytes)."""
    if not os.path.isdir("/tmp"):
        pytest.skip("needs /tmp")
    folder = Path(tempfile.mkdtemp(prefix="ck-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# NOTE: the signal comes while Chromium prints (or just after, on a fast machine): either way nothing stays.
CHROMIUM_PROBE = """
import os, signal, subprocess, sys
signal.signal(signal.SIGTERM, signal.SIG_DFL)
real = subprocess.Popen.communicate
def communicate(self, input=None, timeout=None):
    try:
        return real(self, input, timeout=0.8)
    finally:
        os.kill(os.getpid(), signal.SIGTERM)
subprocess.Popen.communicate = communicate
from clusterkit.cli.app import run
sys.exit(run(["report", "mnc", "--format", "pdf", "-o", "out.pdf"]))
"""


def test_a_signal_while_chromium_prints_leaves_no_temporary_file(tmp_path: Path, short_tmpdir: Path) -> None:
    needs_chromium()
    proc = subprocess.run(
        [sys.executable, "-c", CHROMIUM_PROBE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(short_tmpdir)},
        timeout=120,
        check=False,
    )
    stopped(proc, signal.SIGTERM)
    assert files(tmp_path) == [] and files(short_tmpdir) == []


# --- names: not UTF-8, too long ------------------------------------------------------------------


@pytest.mark.parametrize("kind", IMPORTS)
def test_an_input_named_in_bytes_that_are_not_utf8_is_imported(inputs: Path, tmp_path: Path, kind: str) -> None:
    name, cluster_id = IMPORTS[kind]
    odd = given(inputs, name, tmp_path, b"in\xff" + name.encode())
    proc = ck(["import", odd, "--dir", "mine"], tmp_path)
    assert proc.returncode == 0, err(proc)
    assert profile_of(tmp_path / "mine", cluster_id).assessments


def test_a_profiles_folder_named_in_bytes_that_are_not_utf8_is_shown_with_an_escape(
    inputs: Path, tmp_path: Path
) -> None:
    proc = ck(["import", inputs / FILLED, "--dir", b"mine\xff"], tmp_path)
    assert proc.returncode == 0, err(proc)
    assert proc.stdout.decode("utf-8").splitlines()[-1] == "wrote mine\\udcff/clusters/demo.yaml"


@pytest.mark.parametrize("kind", IMPORTS)
def test_an_input_name_over_255_bytes_is_a_located_error(inputs: Path, tmp_path: Path, kind: str) -> None:
    name = LONG + Path(IMPORTS[kind][0]).suffix
    proc = ck(["import", name, "--dir", "mine"], tmp_path)
    assert proc.returncode == 2
    (line,) = err(proc).splitlines()
    assert line.startswith(f"{name}: cannot read") and line.endswith(": File name too long")
    assert files(tmp_path) == []


def test_a_profiles_folder_name_over_255_bytes_is_a_located_error(inputs: Path, tmp_path: Path) -> None:
    proc = ck(["import", inputs / FILLED, "--dir", LONG], tmp_path)
    assert proc.returncode == 2
    assert err(proc) == f"{LONG}: cannot write: File name too long\n"
    assert files(tmp_path) == []


@pytest.mark.parametrize("name", ["questionnaire", "score-xlsx"])
def test_an_output_named_in_bytes_that_are_not_utf8_is_written_and_shown_with_an_escape(
    tmp_path: Path, name: str
) -> None:
    args, out = writer(name)
    odd = "o\udcff" + Path(out).suffix
    proc = ck([*args[:-1], odd], tmp_path)
    assert proc.returncode == 0, err(proc)
    assert err(proc).startswith(f"wrote o\\udcff{Path(out).suffix}")
    assert os.listdir(os.fsencode(tmp_path)) == [os.fsencode(odd)]


@pytest.mark.parametrize("name", ["xlsform", "compare-xlsx"])
def test_an_output_name_over_255_bytes_is_a_located_error(tmp_path: Path, name: str) -> None:
    args, out = writer(name)
    long = LONG + Path(out).suffix
    proc = ck([*args[:-1], long], tmp_path)
    assert (proc.returncode, err(proc)) == (2, f"{long}: cannot write: File name too long\n")
    assert files(tmp_path) == []


# --- hostile text in workbook cells --------------------------------------------------------------

HOSTILE = [
    '=HYPERLINK("http://evil.example/","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "abc\u202eevil\u2069 def",
    "see ![x](http://evil.example/p.png) [login](http://evil.example/)",
    "csi \x9b31m red",
]
HOSTILE_NAME = '=HYPERLINK("http://evil.example/") \u202eCluster [x](http://e/)'


def as_text(book: Any) -> None:
    """Store every cell that starts like a formula as text, as Excel does for a text typed with a leading '."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    cell.data_type = "s"


Typed = dict[str, str]  # indicator -> the evidence text typed


@pytest.fixture(scope="module")
def hostile(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Typed]:
    """A questionnaire filled with hostile texts, stored as text cells, imported: the profiles folder, the texts."""
    folder = tmp_path_factory.mktemp("hostile")
    book = load_workbook(inputs / "blank.xlsx", read_only=True)
    indicators = list(indicator_rows(book))
    book.close()
    typed = {ind: f"{HOSTILE[n % len(HOSTILE)]} (n{n})" for n, ind in enumerate(indicators)}
    answers = {ind: (2, text, "demo-site") for ind, text in typed.items()}
    profile = {**PROFILE, "name": HOSTILE_NAME}
    fill(inputs / "blank.xlsx", folder / "h.xlsx", profile=profile, answers=answers, change=as_text)
    module_run(["import", "h.xlsx", "--dir", "mine"], folder)
    return folder / "mine", typed


def cells(path: Path) -> Iterator[Any]:
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_hostile_text_typed_as_text_is_kept_as_typed(tmp_path: Path, hostile: tuple[Path, Typed]) -> None:
    mine, typed = hostile
    profile = profile_of(mine)
    assert profile.name == HOSTILE_NAME
    (assessment,) = profile.assessments
    assert {ind: judged.evidence[0].text for ind, judged in assessment.levels.items()} == typed


def test_hostile_text_reaches_the_terminal_as_escapes(tmp_path: Path, hostile: tuple[Path, Typed]) -> None:
    proc = ck(["score", "demo", "--explain", "-p", hostile[0]], tmp_path)
    assert proc.returncode == 0, err(proc)
    shown = proc.stdout.decode()
    assert "\u202e" not in shown and "\x9b" not in shown
    assert "abc\\u202eevil\\u2069 def" in shown and "csi \\x9b31m red" in shown


@pytest.mark.parametrize(
    "args",
    [
        ["score", "demo", "--explain", "--format", "xlsx"],
        ["list", "--format", "xlsx"],
        ["questionnaire", "--cluster", "demo"],
        ["questionnaire", "--cluster", "demo", "--format", "xlsform"],
    ],
    ids=["score-explain", "list", "questionnaire", "xlsform"],
)
def test_a_workbook_clusterkit_writes_never_turns_a_profile_text_into_a_formula(
    tmp_path: Path, hostile: tuple[Path, Typed], args: list[str]
) -> None:
    mine, typed = hostile
    proc = ck([*args, "-p", mine, "-o", "out.xlsx"], tmp_path)
    assert proc.returncode == 0, err(proc)
    written = [c for c in cells(tmp_path / "out.xlsx") if c.value is not None]
    assert {c.data_type for c in written} <= {"s", "n", "b", "d"}  # no formula ("f"), no error value ("e")
    texts = {c.value for c in written if isinstance(c.value, str)}
    if args[0] == "list":
        assert HOSTILE_NAME in texts
    elif args[-1] == "xlsform":  # NOTE: the XLSForm holds the texts inside its expressions
        assert all(any(text in t for t in texts) for text in typed.values())
    else:
        assert {text for text in typed.values() if text[:1] in "=+-@"} <= texts


def test_a_questionnaire_prefilled_with_hostile_text_is_imported_again(
    tmp_path: Path, hostile: tuple[Path, Typed]
) -> None:
    shutil.copytree(hostile[0], tmp_path / "mine")
    proc = ck(["questionnaire", "--cluster", "demo", "-p", "mine", "-o", "again.xlsx"], tmp_path)
    assert proc.returncode == 0, err(proc)
    fill(
        tmp_path / "again.xlsx",
        tmp_path / "again-dated.xlsx",
        profile={"date": "2025-01"},
        answers={},
        new_reference=None,
    )
    proc = ck(["import", "again-dated.xlsx", "--dir", "mine", "--update"], tmp_path)
    assert proc.returncode == 0, err(proc)
    latest = profile_of(tmp_path / "mine").assessments[-1]
    assert latest.date == "2025-01"
    assert {ind: judged.evidence[0].text for ind, judged in latest.levels.items()} == hostile[1]


def test_a_formula_in_a_filled_workbook_is_refused_at_its_cell(inputs: Path, tmp_path: Path) -> None:
    def formulas(book: Any) -> None:
        sheet = next(book[t] for t in ("Profile", "Profil") if t in book.sheetnames)
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, column(columns(sheet), "key") or 0).value == "name":
                sheet.cell(row, column(columns(sheet), "value") or 0).value = '=HYPERLINK("http://evil.example/")'

    fill(inputs / "blank.xlsx", tmp_path / "f.xlsx", change=formulas)
    proc = ck(["import", "f.xlsx", "--dir", "mine"], tmp_path)
    assert proc.returncode == 2
    assert err(proc) == (
        "f.xlsx:Profile!B3: name: a formula is not allowed here, got '=HYPERLINK(\"http://evil.example/\")';"
        " type the value itself\n"
    )
    assert files(tmp_path) == ["f.xlsx"]


def test_a_hostile_level_is_quoted_with_escapes(inputs: Path, tmp_path: Path) -> None:
    book = load_workbook(inputs / "blank.xlsx", read_only=True)
    first = next(iter(indicator_rows(book)))
    book.close()
    fill(inputs / "blank.xlsx", tmp_path / "l.xlsx", answers={first: ("2\u202e\x9b", "text", "demo-site")})
    proc = ck(["import", "l.xlsx", "--dir", "mine"], tmp_path)
    assert proc.returncode == 2
    shown = err(proc)
    assert "\u202e" not in shown and "\x9b" not in shown and "2\\u202e\\x9b" in shown
    assert shown.startswith("l.xlsx:'Human and Material Resources'!D2: level: ")
    assert files(tmp_path) == ["l.xlsx"]


# --- the wrong kind of file ----------------------------------------------------------------------


def truncated(inputs: Path, folder: Path) -> str:
    data = (inputs / FILLED).read_bytes()
    (folder / "cut.xlsx").write_bytes(data[: len(data) // 2])
    return "cut.xlsx"


def csv_with(inputs: Path, folder: Path, name: str, old: bytes, new: bytes) -> str:
    (folder / name).write_bytes((inputs / CSV).read_bytes().replace(old, new, 1))
    return name


BAD_INPUTS: dict[str, tuple[Callable[[Path, Path], str], str]] = {
    "folder-xlsx": (lambda i, f: (f / "d.xlsx").mkdir() or "d.xlsx", "d.xlsx: is a folder; give a workbook file"),
    "folder-csv": (lambda i, f: (f / "d.csv").mkdir() or "d.csv", "d.csv: is a folder, not a file"),
    "folder": (lambda i, f: (f / "d").mkdir() or "d", "d: is a folder; give a workbook file"),
    "empty-xlsx": (lambda i, f: (f / "e.xlsx").touch() or "e.xlsx", "e.xlsx: is empty, not an XLSX workbook"),
    "empty-csv": (lambda i, f: (f / "e.csv").touch() or "e.csv", "e.csv: empty: no header row and no submission"),
    "truncated-xlsx": (
        truncated,
        "cut.xlsx: is damaged: its ZIP archive cannot be read (File is not a zip file); save it again as .xlsx",
    ),
    "nul-csv": (
        lambda i, f: csv_with(i, f, "nul.csv", b"Cluster demo-a", b"Cluster\x00demo-a"),
        "nul.csv: binary data (it holds NUL bytes), not CSV text",
    ),
    "latin1-csv": (
        lambda i, f: csv_with(i, f, "latin1.csv", b"Cluster demo-a", "Cluster démo-a".encode("latin-1")),
        "latin1.csv:2:profile-name: invalid UTF-8 byte 0xe9: export or save the file as UTF-8",
    ),
    "missing": (lambda i, f: "gone.xlsx", "gone.xlsx: no such file"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_an_input_of_the_wrong_kind_is_one_located_error_and_nothing_written(
    inputs: Path, tmp_path: Path, case: str
) -> None:
    make, expected = BAD_INPUTS[case]
    name = make(inputs, tmp_path)
    before = files(tmp_path)
    proc = ck(["import", name, "--dir", "mine"], tmp_path)
    assert (proc.returncode, err(proc)) == (2, expected + "\n")
    assert files(tmp_path) == before


def test_a_file_given_as_the_profiles_folder_is_refused(inputs: Path, tmp_path: Path) -> None:
    given(inputs, FILLED, tmp_path)
    (tmp_path / "mine").write_text("x", encoding="utf-8")
    proc = ck(["import", FILLED, "--dir", "mine"], tmp_path)
    assert (proc.returncode, err(proc)) == (
        2,
        "error: mine is a file, not a folder; give --dir a folder for the profiles\n",
    )
    assert (tmp_path / "mine").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    ("name", "slash"),
    [("questionnaire", ""), ("questionnaire", "/"), ("score-xlsx", "/")],
)
def test_a_folder_given_as_the_output_is_refused(tmp_path: Path, name: str, slash: str) -> None:
    args, out = writer(name)
    (tmp_path / out).mkdir()
    proc = ck([*args[:-1], out + slash], tmp_path)
    assert (proc.returncode, err(proc)) == (2, f"{out}{slash}: is a folder; give a file name\n")
    assert files(tmp_path) == [out]


def unprivileged() -> None:
    """Run as if not root: without the capabilities that let root read any file (a child's own, before exec)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(99)


@pytest.fixture
def locked(tmp_path: Path) -> Callable[[str], None]:
    """Make a file unreadable (skip where the capabilities of root cannot be dropped)."""
    if not hasattr(os, "geteuid") or sys.platform != "linux":
        pytest.skip("needs Linux permissions")
    probe = subprocess.run(["true"], preexec_fn=unprivileged, check=False)
    if probe.returncode == 99:
        pytest.skip("cannot run without the capabilities of root here")

    def lock(name: str) -> None:
        (tmp_path / name).chmod(0)

    return lock


@pytest.mark.parametrize("kind", IMPORTS)
def test_an_unreadable_input_is_one_located_error(
    inputs: Path, tmp_path: Path, locked: Callable[[str], None], kind: str
) -> None:
    name = IMPORTS[kind][0]
    given(inputs, name, tmp_path)
    locked(name)
    proc = ck(["import", name, "--dir", "mine"], tmp_path, preexec_fn=unprivileged)
    assert proc.returncode == 2
    assert err(proc).splitlines()[-1] == (
        f"clusterkit import: error: Invalid value for 'FILE': path '{name}' is not readable."
        " (try 'clusterkit import --help')"
    )
    assert files(tmp_path) == [name]


@pytest.mark.usefixtures("locked")
def test_an_unwritable_profiles_folder_is_one_located_error(inputs: Path, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine").chmod(0o555)
    proc = ck(["import", inputs / FILLED, "--dir", "mine"], tmp_path, preexec_fn=unprivileged)
    assert proc.returncode == 2
    assert err(proc) == "mine: cannot create the folder: Permission denied\n"
    assert files(tmp_path) == ["mine"]


# --- an output encoding without the characters (PYTHONIOENCODING=ascii) ---------------------------

ASCII = {"PYTHONIOENCODING": "ascii"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_import_lines_in_ascii_are_escapes(inputs: Path, tmp_path: Path, lang: str) -> None:
    proc = ck(["--lang", lang, "import", inputs / FILLED, "--dir", "données"], tmp_path, env=ASCII)
    assert proc.returncode == 0, err(proc)
    lines = proc.stdout.decode("ascii").splitlines()
    written = "donn\\xe9es/clusters/demo.yaml"
    assert lines[-1] == (f"wrote {written}" if lang == "en" else f"{written} \\xe9crit")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_import_errors_in_ascii_are_escapes(inputs: Path, tmp_path: Path, lang: str) -> None:
    (tmp_path / "données").write_text("x", encoding="utf-8")
    proc = ck(["--lang", lang, "import", inputs / FILLED, "--dir", "données"], tmp_path, env=ASCII)
    assert proc.returncode == 2
    shown = proc.stderr.decode("ascii")
    assert "Traceback" not in shown and "internal error" not in shown and "erreur interne" not in shown
    assert "donn\\xe9es" in shown and shown.count("\n") == 1
    assert files(tmp_path) == ["données"]


@pytest.mark.parametrize(("fmt", "lang"), [("xlsx", "fr"), ("xlsform", "en")])
def test_questionnaire_messages_in_ascii_are_escapes_and_the_workbook_is_whole(
    tmp_path: Path, lang: str, fmt: str
) -> None:
    proc = ck(["--lang", lang, "questionnaire", "-f", fmt, "-o", "é.xlsx"], tmp_path, env=ASCII)
    assert proc.returncode == 0, err(proc)
    shown = proc.stderr.decode("ascii")
    assert "\\xe9.xlsx" in shown and shown.count("\n") == 1
    load_workbook(tmp_path / "é.xlsx").close()
    wrong = ck(["--lang", lang, "questionnaire", "-o", "é.txt"], tmp_path, env=ASCII)
    assert wrong.returncode == 2 and "'\\xe9.txt'" in err(wrong)
    assert files(tmp_path) == ["é.xlsx"]


# --- a broken clusterkit.toml in the working folder -----------------------------------------------

BROKEN_TOML = 'framework = "default"\nmin_coverage = = 3\n'
COMMANDS = {
    "import": ["import", "q.xlsx", "--dir", "mine"],
    "questionnaire": ["questionnaire", "-o", "q2.xlsx"],
    "xlsform": ["questionnaire", "-f", "xlsform", "-o", "f.xlsx"],
    "assess": ["assess", "demo", "--dir", "mine"],
    "config": ["config"],
    "score-xlsx": ["score", "mnc", "--format", "xlsx", "-o", "s.xlsx"],
    "report-pdf": ["report", "mnc", "--format", "pdf", "-o", "r.pdf"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_broken_config_file_stops_every_command_at_its_line(tmp_path: Path, command: str) -> None:
    (tmp_path / "clusterkit.toml").write_text(BROKEN_TOML, encoding="utf-8")
    (tmp_path / "q.xlsx").write_bytes(b"")
    proc = ck(COMMANDS[command], tmp_path, stdin=subprocess.DEVNULL)
    toml = tmp_path.resolve() / "clusterkit.toml"
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert re.fullmatch(rf"error: {re.escape(str(toml))}:2:16: min_coverage: not valid TOML: [^\n]+\n", err(proc)), (
        proc.stderr
    )
    assert files(tmp_path) == ["clusterkit.toml", "q.xlsx"]


CONFIG_FAULTS = {
    "end-of-document": (
        b'framework = "default"\nmin_coverage = [\n',
        "clusterkit.toml",
        r":2:17: min_coverage: not valid TOML: ",
    ),
    "unclosed-string": (b'lang = "fr\n', "clusterkit.toml", r":1:11: lang: not valid TOML: "),
    "unknown-key": (b'\nfromat = "json"\n', "clusterkit.toml", r":2: fromat: unknown key; did you mean 'format'\?"),
    "bad-value": (b"min_coverage = 150\n", "clusterkit.toml", r":1: min_coverage: must be a number from 0 to 100"),
    "not-utf8": (b'format = "json"\nlang = "\xe9"\n', "clusterkit.toml", r":2: not UTF-8 text \(byte 25\)"),
    "pyproject": (
        b'[project]\nname = "x"\n[tool.clusterkit]\nlang = 5\n',
        "pyproject.toml",
        r":4: lang: must be one of",
    ),
}


@pytest.mark.parametrize("case", CONFIG_FAULTS)
def test_each_kind_of_broken_config_file_is_located_at_its_line(inputs: Path, tmp_path: Path, case: str) -> None:
    text, name, where = CONFIG_FAULTS[case]
    (tmp_path / name).write_bytes(text)
    proc = ck(["import", inputs / FILLED, "--dir", "mine"], tmp_path)
    assert proc.returncode == 2
    assert re.match(rf"error: {re.escape(str(tmp_path.resolve() / name))}{where}", err(proc)), proc.stderr
    assert err(proc).count("\n") == 1
    assert files(tmp_path) == [name]
