"""Measure clusterkit's speed and memory targets side by side, as ratios on the same machine.

    python benchmarks/run.py            # the full run (10,000 profiles; a few minutes)
    python benchmarks/run.py --smoke    # a small, quick run that checks the harness works
    python benchmarks/run.py --only import   # only the import of an export of submissions

Every command runs as a whole process (``sys.executable -m clusterkit ...``), several times,
interleaved with its baseline; the report gives medians and the ratio of medians. Peak memory is
the largest resident set of a single process (``ru_maxrss`` from ``wait4``).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from submissions import generate_export  # noqa: E402

PY = sys.executable
DEPS = [PY, "-c", "import typer, rich, pydantic, yaml, tabulate"]
# What a script pays per call before clusterkit does anything: the libraries a command line of this kind imports.
LOOP_BASELINE = "import typer, pydantic, yaml"
# The smallest Typer program with one option: what any Typer command pays before doing anything.
TYPER_FLOOR = """
from typing import Annotated, Optional
import typer
app = typer.Typer()
@app.command()
def main(fmt: Annotated[Optional[str], typer.Option("--format")] = None) -> None:
    print("{}")
app()
"""
# What `import` does before writing: read an export of submissions into answers.
READ_SUBMISSIONS = """
import sys
from clusterkit.intake.submissions import read_submissions
from clusterkit.loading import Catalog, search_dirs
framework = Catalog(search_dirs([], env="")).framework("default")
assert len(read_submissions(sys.argv[1], framework)) == int(sys.argv[2])
"""
PARSE_ONLY = """
import sys, os, yaml
root = sys.argv[1]
for dirpath, _, files in os.walk(root):
    for name in files:
        if name.endswith(".yaml"):
            with open(os.path.join(dirpath, name), encoding="utf-8") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


@dataclass
class Run:
    seconds: float
    max_rss_mb: float


def run(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to completion, output discarded; wall time and peak memory of the process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    return Run(seconds, usage.ru_maxrss / 1024)


def env_with_cache(folder: str) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": folder, "COLUMNS": "100"}


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


@dataclass
class Row:
    name: str
    value: float
    baseline: str
    target: str
    limit: float
    unit: str = "x"

    @property
    def met(self) -> bool:
        return self.value <= self.limit


def paired(a: list[str], b: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    """Medians of A and B, run in turn (A B A B ...) after one warm-up each."""
    run(a, env)
    run(b, env)
    times_a, times_b = [], []
    for _ in range(repeat):
        times_a.append(run(a, env))
        times_b.append(run(b, env))
    return median(times_a), median(times_b)


def compile_clusterkit() -> None:
    """Compile clusterkit's modules as ``pip install`` does, so a run never times their compilation.

    An editable install run with ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every changed
    module on each start, which the dependencies, compiled when installed, never pay.
    """
    spec = importlib.util.find_spec("clusterkit")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="small sizes and one run each: checks the harness")
    parser.add_argument("--repeat", type=int, default=None, help="runs per measurement (default 7; smoke 1)")
    parser.add_argument("--large", type=int, default=10_000, help="profiles in the large collection")
    parser.add_argument("--small", type=int, default=1_000, help="profiles in the small collection (growth)")
    parser.add_argument("--submissions", type=int, default=1_000, help="submissions in the export to import")
    parser.add_argument("--only", choices=["import"], help="run only this part")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.smoke else 7)
    large, small = (200, 20) if args.smoke else (args.large, args.small)
    submissions = 50 if args.smoke else args.submissions
    rows: list[Row] = []
    compile_clusterkit()
    with tempfile.TemporaryDirectory(prefix="clusterkit-bench-") as tmp:
        work = Path(tmp)
        cache = str(work / "cache")
        env = env_with_cache(cache)
        ck = [PY, "-m", "clusterkit"]
        run([*ck, "list"], env)  # fill the cache for the bundled profiles
        baselines = ""
        if args.only != "import":
            rows, baselines = startup_and_collections(work, env, repeat, large, small)
        rows += import_of_submissions(work, env, repeat, submissions)

        print(f"clusterkit benchmark: {'smoke, ' if args.smoke else ''}{repeat} run(s) each, medians")
        print(f"python {sys.version.split()[0]} on {os.uname().machine}, {os.cpu_count()} cores")
        if baselines:
            print(baselines)
        print()
        print(f"{'measure':58} {'value':>10}  {'against':12} {'target':10} met")
        for row in rows:
            value = f"{row.value:.2f} {row.unit}" if row.unit != "x" else f"{row.value:.2f} x"
            met = "" if row.target == "-" else "yes" if row.met else "no"
            print(f"{row.name:58} {value:>10}  {row.baseline:12} {row.target:10} {met}")
    return 0


def import_of_submissions(work: Path, env: dict[str, str], repeat: int, count: int) -> list[Row]:
    """`clusterkit import` of an ODK Central export of ``count`` submissions into a new folder, and its reading alone.

    NOTE: at most 3 runs each: one import of 1,000 submissions writes 1,000 profiles.
    """
    ck = [PY, "-m", "clusterkit"]
    export = work / "submissions.csv"
    generate_export(count, export)
    read = [PY, "-c", READ_SUBMISSIONS, str(export), str(count)]
    reads: list[Run] = []
    imports: list[Run] = []
    for n in range(max(1, min(repeat, 3))):
        reads.append(run(read, env))
        imports.append(run([*ck, "import", str(export), "--dir", str(work / f"imported-{n}")], env))
    peak = max(r.max_rss_mb for r in imports)
    return [
        Row(f"read {count:,} submissions (read_submissions)", median(reads), "", "-", float("inf"), "s"),
        Row(f"import of {count:,} submissions", median(imports), "", "<= 10 s", 10.0, "s"),
        Row(f"peak memory of the {count:,}-submission import", peak, "", "<= 300 MB", 300, "MB"),
    ]


def script_loop(env: dict[str, str], repeat: int) -> list[Row]:
    """A shell loop of ``compare ID le2c --format json`` over the eleven Moroccan clusters, against eleven
    imports of the libraries alone."""
    listed = subprocess.run(
        [PY, "-m", "clusterkit", "list", "--country", "MA", "--format", "json"],
        capture_output=True,
        env=env,
        check=True,
        text=True,
    )
    ids = [row["id"] for row in json.loads(listed.stdout)["clusters"]]
    loop = " ".join(f"{shlex.quote(PY)} -m clusterkit compare {i} le2c --format json >/dev/null;" for i in ids)
    imports = f"{shlex.quote(PY)} -c {shlex.quote(LOOP_BASELINE)};" * len(ids)
    baseline, looped = paired(["sh", "-c", imports], ["sh", "-c", loop], max(1, min(repeat, 5)), env)
    return [
        Row(f"loop: compare X le2c --format json, {len(ids)} clusters", looped, "", "-", float("inf"), "s"),
        Row(
            f"the same loop against {len(ids)} imports of typer, pydantic, yaml",
            looped / baseline,
            "imports",
            "-",
            float("inf"),
        ),
    ]


def startup_and_collections(
    work: Path, env: dict[str, str], repeat: int, large: int, small: int
) -> tuple[list[Row], str]:
    """Start-up against the dependencies' import, rank over large collections, sensitivity draws; the baselines."""
    rows: list[Row] = []
    ck = [PY, "-m", "clusterkit"]

    deps, version = paired(DEPS, [*ck, "--version"], repeat, env)
    rows.append(Row("clusterkit --version", version / deps, "deps", "<= 0.3", 0.3))
    deps, listed = paired(DEPS, [*ck, "list", "--format", "json"], repeat, env)
    rows.append(Row("clusterkit list --format json", listed / deps, "deps", "<= 1.0", 1.0))
    deps, compared = paired(DEPS, [*ck, "compare", "mnc", "le2c", "--format", "json"], repeat, env)
    rows.append(Row("clusterkit compare mnc le2c --format json", compared / deps, "deps", "<= 1.3", 1.3))
    deps, scored = paired(DEPS, [*ck, "score", "mnc", "--format", "json"], repeat, env)
    rows.append(Row("clusterkit score mnc --format json", scored / deps, "deps", "<= 1.2", 1.2))
    deps, table = paired(DEPS, [*ck, "compare", "mnc", "le2c"], repeat, env)
    rows.append(Row("clusterkit compare mnc le2c (table)", table / deps, "deps", "-", float("inf")))
    rows += script_loop(env, repeat)
    # French pays for Babel and the catalogue; English pays nothing for them (tests/test_i18n.py).
    english, french = paired(
        [*ck, "compare", "mnc", "le2c", "--lang", "en"], [*ck, "compare", "mnc", "le2c", "--lang", "fr"], repeat, env
    )
    rows.append(Row("clusterkit compare mnc le2c --lang fr", french / english, "--lang en", "-", float("inf")))
    deps, floor = paired(DEPS, [PY, "-c", TYPER_FLOOR, "--format", "json"], repeat, env)
    rows.append(Row("(reference) a one-option Typer program", floor / deps, "deps", "-", float("inf")))

    big, little = work / "large", work / "small"
    generate(large, big)
    generate(small, little)
    parse = [PY, "-c", PARSE_ONLY, str(big)]
    cold_runs: list[Run] = []
    parse_runs: list[Run] = []
    warm_runs: list[Run] = []
    touched_runs: list[Run] = []
    small_runs: list[Run] = []
    rank_large = [*ck, "rank", "-p", str(big)]
    rank_small = [*ck, "rank", "-p", str(little)]
    run(parse, env)
    for n in range(repeat):
        parse_runs.append(run(parse, env))
        fresh = env_with_cache(str(work / f"cold-{n}"))
        cold_runs.append(run(rank_large, fresh))
        warm_runs.append(run(rank_large, fresh))
        # One file touched: the remembered view no longer serves; the other summaries come from the cache.
        os.utime(next((big / "clusters").iterdir()))
        touched_runs.append(run(rank_large, fresh))
        small_runs.append(run(rank_small, env_with_cache(str(work / f"small-{n}"))))
    cold, warm = median(cold_runs), median(warm_runs)
    rows.append(Row(f"rank over {large:,} profiles, cold", cold / median(parse_runs), "parse only", "<= 1.5", 1.5))
    rows.append(Row(f"rank over {large:,} profiles, warm", warm / cold, "cold run", "<= 0.1", 0.1))
    touched = median(touched_runs) / cold
    rows.append(Row(f"the same, one of the {large:,} files touched", touched, "cold run", "-", 0))
    peak = max(r.max_rss_mb for r in cold_runs + warm_runs)
    rows.append(Row(f"peak memory of the {large:,}-profile rank", peak, "", "<= 400 MB", 400, "MB"))
    rows.append(Row(f"growth {small:,} -> {large:,} profiles", cold / median(small_runs), "", "<= 11", 11))

    draws = [*ck, "sensitivity", "--draws", "10000", "--format", "json"]
    run(draws, env)
    seconds = median([run(draws, env) for _ in range(repeat)])
    rows.append(Row("sensitivity, 10,000 draws, 12 clusters", seconds, "", "<= 2 s", 2.0, "s"))
    baselines = f"baselines: deps {deps * 1000:.0f} ms; parse only {median(parse_runs):.2f} s; cold {cold:.2f} s"
    return rows, baselines


if __name__ == "__main__":
    raise SystemExit(main())
