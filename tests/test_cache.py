"""The cache of parsed documents and score summaries, as users rely on it.

A warm run must give the same answer as a cold one: an edited, removed or broken profile, an edited
framework, another clusterkit version or schema is never served from the cache; a corrupt or
unwritable cache never fails a command and is rebuilt; ``--no-cache`` leaves it alone; concurrent
runs share it safely. Every test has its own ``XDG_CACHE_HOME`` (see conftest.py).
"""

from __future__ import annotations

import json
import os
import pickle
import random
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

import clusterkit.cache
import clusterkit.collection
from clusterkit.cache import Cache, signature
from clusterkit.collection import summaries
from clusterkit.errors import LoadError
from clusterkit.loading import Catalog, bundled_profiles_dir, search_dirs

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]
ClusterYaml = Callable[..., str]

# The scoring options `clusterkit rank` uses by default.
METHOD = {"missing": "ignore", "aggregation": "arithmetic", "normalisation": "thresholds"}


def cache_file() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "clusterkit" / "documents.sqlite"


def assessed(levels: dict[str, int]) -> str:
    """An ``assessments:`` block on the default framework with the given levels."""
    lines = ["assessments:", "  - framework: default", '    date: "2020"', "    levels:"]
    for indicator, level in levels.items():
        lines += [
            f"      {indicator}:",
            f"        level: {level}",
            "        evidence:",
            f"          - text: {indicator} judged at level {level}.",
            "            source: el-idrissi-2020 §2.2",
        ]
    return "\n".join(lines) + "\n"


def ranked_cluster(cluster_yaml: ClusterYaml, cluster_id: str, level: int) -> str:
    """A cluster known on two activities only: collaborative projects (weight 2) and networking (weight 1).

    Its overall score is the Activities score: (2 * 25 * level + 1 * 0) / 3.
    """
    return cluster_yaml(cluster_id, assessed({"collaborative_projects": level, "networking_events": 0}))


def expected_score(level: int, projects_weight: float = 2.0) -> float:
    return round(projects_weight * 25 * level / (projects_weight + 1), 2)


class Parses:
    """Counts the cluster files `rank` parses (instead of taking their summary from the cache)."""

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self._load = clusterkit.collection.load_document

    def __call__(self, path: Any, *args: Any, **kwargs: Any) -> Any:
        self.paths.append(Path(path))
        return self._load(path, *args, **kwargs)

    def names(self) -> list[str]:
        return sorted(p.name for p in self.paths)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Parses]:
    counter = Parses()
    monkeypatch.setattr(clusterkit.collection, "load_document", counter)
    yield counter


@pytest.fixture
def folder(tmp_path: Path, write_profile: WriteProfile, cluster_yaml: ClusterYaml) -> Path:
    """A profiles folder with one cluster, ``x`` (named "X Cluster"), assessed on one indicator."""
    root = tmp_path / "profiles"
    write_profile(
        root,
        "clusters/x.yaml",
        cluster_yaml("x", assessed({"collaborative_projects": 2})).replace("name: Demo Cluster", "name: X Cluster"),
    )
    return root


@pytest.fixture
def collection(tmp_path: Path, write_profile: WriteProfile, cluster_yaml: ClusterYaml) -> Path:
    """Thirty small clusters, c00 to c29, at levels 0 to 4 in turn."""
    root = tmp_path / "collection"
    for n in range(30):
        write_profile(root, f"clusters/c{n:02d}.yaml", ranked_cluster(cluster_yaml, f"c{n:02d}", n % 5))
    return root


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


def shown_name(cli: Cli, folder: Path, *extra: str) -> str:
    return json.loads(ok(cli("show", "x", "-p", folder, "--format", "json", *extra)))["cluster"]["name"]


def scores(cli: Cli, folder: Path, *extra: str) -> dict[str, float]:
    doc = json.loads(ok(cli("rank", "-p", folder, "--format", "json", *extra)))
    return {row["id"]: row["score"] for row in doc["ranking"]}


def library_reads(folder: Path, cluster_id: str = "x") -> int:
    """How many documents a fresh catalog reads from the cache to give one cluster."""
    cache = Cache()
    catalog = Catalog(search_dirs([folder]), cache=cache)
    catalog.cluster(cluster_id)
    catalog.close()
    return cache.reads


def query(sql: str) -> Any:
    """The first value the query gives on the cache file."""
    db = sqlite3.connect(cache_file())
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.close()


def rows(table: str) -> int:
    return int(query(f"SELECT count(*) FROM {table}"))


def integrity() -> str:
    """SQLite's verdict on the cache file: "ok", or what is wrong with it."""
    try:
        return str(query("PRAGMA integrity_check"))
    except sqlite3.DatabaseError as exc:
        return str(exc)


# --- documents -----------------------------------------------------------------------------------


def test_a_catalog_reads_an_unchanged_document_from_the_cache(folder: Path) -> None:
    first = Cache()
    catalog = Catalog(search_dirs([folder]), cache=first)
    cold = catalog.cluster("x")
    catalog.close()
    assert (first.reads, first.writes) == (0, 1)

    second = Cache()
    catalog = Catalog(search_dirs([folder]), cache=second)
    warm = catalog.cluster("x")
    catalog.close()
    assert (second.reads, second.writes) == (1, 0)
    assert warm == cold


def test_show_fills_the_cache_and_a_second_run_reads_it(cli: Cli, folder: Path) -> None:
    assert not cache_file().exists()
    cold = ok(cli("show", "x", "-p", folder))
    assert cache_file().is_file()
    assert library_reads(folder) == 1
    assert ok(cli("show", "x", "-p", folder)) == cold
    assert "X Cluster" in cold


def same_size_edit(path: Path, old: str, new: str, keep_mtime: bool) -> None:
    assert len(old) == len(new)
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert after.st_size == before.st_size
    assert (after.st_mtime_ns == before.st_mtime_ns) == keep_mtime


@pytest.mark.parametrize("edit", ["longer name", "same size", "same size and modification time"])
def test_an_edited_profile_is_seen_at_once(cli: Cli, folder: Path, edit: str) -> None:
    path = folder / "clusters" / "x.yaml"
    assert shown_name(cli, folder) == "X Cluster"
    assert shown_name(cli, folder) == "X Cluster"  # now from the cache
    if edit == "longer name":
        path.write_text(path.read_text(encoding="utf-8").replace("X Cluster", "Renamed X Cluster"), encoding="utf-8")
        assert shown_name(cli, folder) == "Renamed X Cluster"
    else:
        same_size_edit(path, "X Cluster", "Y Cluster", keep_mtime=edit.endswith("time"))
        assert shown_name(cli, folder) == "Y Cluster"


def test_an_edited_level_changes_the_score_at_once(cli: Cli, folder: Path) -> None:
    def overall() -> float:
        return json.loads(ok(cli("score", "x", "-p", folder, "--format", "json")))["scores"][0]["overall"]

    assert overall() == 50.0
    assert overall() == 50.0
    path = folder / "clusters" / "x.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: 2", "level: 3"), encoding="utf-8")
    assert overall() == 75.0


def test_a_profile_broken_after_it_was_cached_is_reported(cli: Cli, folder: Path) -> None:
    assert shown_name(cli, folder) == "X Cluster"
    path = folder / "clusters" / "x.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: 2", "level: 7"), encoding="utf-8")
    # NOTE: rank goes on without the broken profile (exit 1) unless --strict (docs/errors.md).
    for args, code in ((["show", "x"], 2), (["score", "x"], 2), (["rank"], 1), (["rank", "--strict"], 2)):
        result = cli(*args, "-p", folder)
        assert result.exit_code == code, args
        assert "x.yaml" in result.stderr and "level" in result.stderr


# --- score summaries (rank) ---------------------------------------------------------------------


def test_rank_after_editing_one_profile_parses_only_that_profile(cli: Cli, collection: Path, parses: Parses) -> None:
    cold = scores(cli, collection)
    assert len(cold) == 30 + len(list((bundled_profiles_dir() / "clusters").glob("*.yaml")))
    assert cold["c07"] == expected_score(2)
    assert len(parses.paths) == len(cold)

    parses.paths.clear()
    assert scores(cli, collection) == cold
    assert parses.paths == []

    path = collection / "clusters" / "c07.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: 2", "level: 4"), encoding="utf-8")
    warm = scores(cli, collection)
    assert parses.names() == ["c07.yaml"]
    assert warm["c07"] == expected_score(4)
    assert {k: v for k, v in warm.items() if k != "c07"} == {k: v for k, v in cold.items() if k != "c07"}
    assert ok(cli("rank", "-p", collection, "--format", "json")) == ok(
        cli("rank", "-p", collection, "--format", "json", "--no-cache")
    )


def test_library_summaries_of_an_unchanged_collection_parse_nothing(cli: Cli, collection: Path, parses: Parses) -> None:
    ok(cli("rank", "-p", collection))
    parses.paths.clear()
    catalog = Catalog(search_dirs([collection]), cache=Cache())
    found = summaries(catalog, catalog.framework(), METHOD)
    catalog.close()
    assert parses.paths == []
    by_id = {s.cluster: s.overall for s in found}
    assert by_id["c04"] == pytest.approx(expected_score(4), abs=0.005)

    path = collection / "clusters" / "c13.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: 3", "level: 1"), encoding="utf-8")
    catalog = Catalog(search_dirs([collection]), cache=Cache())
    found = summaries(catalog, catalog.framework(), METHOD)
    catalog.close()
    assert parses.names() == ["c13.yaml"]
    assert {s.cluster: s.overall for s in found}["c13"] == pytest.approx(expected_score(1), abs=0.005)


@pytest.mark.parametrize("workers", [1, 2])
def test_every_cluster_summarised_is_a_file_read_whether_parsed_or_cached(
    collection: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(clusterkit.collection, "PARALLEL_MIN", 10)
    clusters = {(collection / "clusters" / f"c{n:02d}.yaml").absolute() for n in range(30)}
    for run in ("cold", "warm"):
        catalog = Catalog(search_dirs([collection]), cache=Cache())
        summaries(catalog, catalog.framework(), METHOD, workers=workers)
        catalog.close()
        assert clusters <= set(catalog.files_read), run
        # The framework was read through the same catalog, so no output may overwrite it either.
        assert any(p.parent.name == "frameworks" for p in catalog.files_read), run


def test_a_removed_profile_leaves_the_ranking(cli: Cli, collection: Path) -> None:
    assert "c11" in scores(cli, collection)
    (collection / "clusters" / "c11.yaml").unlink()
    assert "c11" not in scores(cli, collection)


def test_an_edited_framework_rescores_every_cluster(cli: Cli, collection: Path) -> None:
    text = (bundled_profiles_dir() / "frameworks" / "default.yaml").read_text(encoding="utf-8")
    block = re.compile(r"(- id: collaborative_projects\n(?:    .*\n|\s*\n)*?    weight: )2\.0\n")
    assert block.search(text), "the bundled framework no longer weighs collaborative_projects 2.0"
    own = collection / "frameworks" / "default.yaml"
    own.parent.mkdir()
    own.write_text(text, encoding="utf-8")
    before = scores(cli, collection)
    assert before["c04"] == expected_score(4)

    own.write_text(block.sub(r"\g<1>1.0\n", text, count=1), encoding="utf-8")
    after = scores(cli, collection)
    assert after["c04"] == expected_score(4, projects_weight=1.0)
    assert after == scores(cli, collection, "--no-cache")


# --- the cache's key -----------------------------------------------------------------------------


def test_fingerprint_follows_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    current = clusterkit.cache.fingerprint()
    assert clusterkit.cache.fingerprint() == current
    monkeypatch.setattr(clusterkit.cache, "__version__", "999.0.0")
    assert clusterkit.cache.fingerprint() != current


def test_a_new_fingerprint_empties_the_cache(
    cli: Cli, folder: Path, collection: Path, monkeypatch: pytest.MonkeyPatch, parses: Parses
) -> None:
    ok(cli("show", "x", "-p", folder))
    ok(cli("rank", "-p", collection))
    assert rows("docs") > 0 and rows("scores") > 0

    monkeypatch.setattr(clusterkit.cache, "fingerprint", lambda: "999.0.0:another-schema")
    cache = Cache()
    assert cache.enabled
    assert (rows("docs"), rows("scores")) == (0, 0)
    cache.close()
    assert library_reads(folder) == 0

    parses.paths.clear()
    scores(cli, collection)
    assert len(parses.paths) >= 30  # every cluster parsed again, none served from the old entries
    assert library_reads(folder) == 1  # and the cache works under the new fingerprint


# --- a broken or unusable cache ------------------------------------------------------------------


def garble_docs_table() -> None:
    """Overwrite the first page of the documents table with random bytes, leaving the rest intact."""
    query("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = query("PRAGMA page_size")
    root = query("SELECT rootpage FROM sqlite_master WHERE name = 'docs'")
    with cache_file().open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(random.Random(3).randbytes(page_size))


def corrupt(how: str) -> None:
    path = cache_file()
    if how == "random bytes":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(random.Random(0).randbytes(8192))
    elif how == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty file":
        path.write_bytes(b"")
    elif how == "garbled documents table":
        garble_docs_table()
    elif how == "unreadable entry":
        db = sqlite3.connect(path)
        with db:
            db.execute("UPDATE docs SET doc = ?", (b"not a pickle",))
        db.close()


@pytest.mark.parametrize(
    "how", ["random bytes", "truncated", "empty file", "garbled documents table", "unreadable entry"]
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(cli: Cli, folder: Path, how: str) -> None:
    expected = ok(cli("show", "x", "-p", folder, "--no-cache"))
    if how != "random bytes":
        ok(cli("show", "x", "-p", folder))  # a cache to break
    corrupt(how)
    result = cli("show", "x", "-p", folder)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    assert "Traceback" not in result.stderr and "error" not in result.stderr
    ok(cli("show", "x", "-p", folder))
    # Rebuilt: a sound database again, that serves the document.
    assert integrity() == "ok"
    assert library_reads(folder) == 1


def test_a_corrupt_cache_does_not_fail_rank(cli: Cli, collection: Path) -> None:
    expected = scores(cli, collection, "--no-cache")
    cache_file().parent.mkdir(parents=True)
    cache_file().write_bytes(random.Random(1).randbytes(20_000))
    assert scores(cli, collection) == expected
    assert scores(cli, collection) == expected


def test_a_cache_folder_that_cannot_be_made_does_not_fail_the_command(
    cli: Cli, folder: Path, collection: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should go\n", encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(blocker)}
    expected = ok(cli("show", "x", "-p", folder, "--no-cache"))
    result = cli("show", "x", "-p", folder, env=env)
    assert (result.exit_code, result.stdout) == (0, expected)
    assert "Traceback" not in result.stderr
    ranked = cli("rank", "-p", collection, "--format", "json", env=env)
    assert (ranked.exit_code, ranked.stdout) == (0, ok(cli("rank", "-p", collection, "--format", "json", "--no-cache")))
    assert blocker.read_text(encoding="utf-8") == "a file where the cache folder should go\n"


class FullDisk:
    """A connection on which every write fails, as on a full disk."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def executemany(self, *args: Any) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


@pytest.mark.parametrize("failure", ["cannot open", "disk full"])
def test_a_failing_cache_does_not_fail_the_command(
    cli: Cli, folder: Path, collection: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    show = ["show", "x", "-p", str(folder)]
    rank = ["rank", "-p", str(collection), "--format", "json"]
    expected = [ok(cli(*show, "--no-cache")), ok(cli(*rank, "--no-cache"))]
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        if failure == "cannot open":
            raise sqlite3.OperationalError("unable to open database file")
        return FullDisk(real(*args, **kwargs))

    monkeypatch.setattr(sqlite3, "connect", connect)
    for args, output in zip([show, rank], expected):
        for _ in range(2):
            result = cli(*args)
            assert (result.exit_code, result.stdout) == (0, output), result.stderr
            assert "error" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_cache_does_not_fail_the_command(cli: Cli, folder: Path) -> None:
    expected = ok(cli("show", "x", "-p", folder))
    cache_file().chmod(0o444)
    cache_file().parent.chmod(0o555)
    try:
        result = cli("show", "x", "-p", folder)
        assert (result.exit_code, result.stdout) == (0, expected)
        path = folder / "clusters" / "x.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("X Cluster", "Z Cluster"), encoding="utf-8")
        assert shown_name(cli, folder) == "Z Cluster"
    finally:
        cache_file().parent.chmod(0o755)
        cache_file().chmod(0o644)


# --- --no-cache ---------------------------------------------------------------------------------


def place_no_cache(command: list[str], where: str) -> list[str]:
    if where == "before the command":
        return ["--no-cache", *command]
    if where == "after the command":
        return [command[0], "--no-cache", *command[1:]]
    if where == "at the end":
        return [*command, "--no-cache"]
    return command


@pytest.mark.parametrize("where", ["before the command", "after the command", "at the end", "CLUSTERKIT_NO_CACHE=1"])
def test_no_cache_neither_writes_nor_creates_the_cache(cli: Cli, folder: Path, where: str) -> None:
    env = {"CLUSTERKIT_NO_CACHE": "1"} if where.startswith("CLUSTERKIT_") else None
    shown = cli(*place_no_cache(["show", "x", "-p", str(folder)], where), env=env)
    assert "X Cluster" in ok(shown)
    ranked = cli(*place_no_cache(["rank", "-p", str(folder), "--format", "json"], where), env=env)
    assert '"x"' in ok(ranked)
    assert not cache_file().exists()
    assert not cache_file().parent.exists()


def plant(folder: Path, name: str) -> None:
    """Store a copy of ``x`` under another name, keyed to the file as it is: what a stale cache would serve."""
    path = (folder / "clusters" / "x.yaml").absolute()
    real = Catalog(search_dirs([folder])).cluster("x")
    cache = Cache()
    cache.put_document(str(path), signature(path.stat()), real.model_copy(update={"name": name}))
    cache.close()


@pytest.mark.parametrize("how", ["--no-cache", "CLUSTERKIT_NO_CACHE=1"])
def test_no_cache_does_not_read_the_cache(cli: Cli, folder: Path, how: str) -> None:
    plant(folder, "Planted Name")
    assert shown_name(cli, folder) == "Planted Name"  # the planted entry is what a cached run serves
    if how == "--no-cache":
        assert shown_name(cli, folder, "--no-cache") == "X Cluster"
    else:
        result = cli("show", "x", "-p", folder, "--format", "json", env={"CLUSTERKIT_NO_CACHE": "1"})
        assert json.loads(ok(result))["cluster"]["name"] == "X Cluster"
    # Nor written: the planted entry is still there.
    assert shown_name(cli, folder) == "Planted Name"


def test_no_cache_does_not_add_entries(cli: Cli, folder: Path, collection: Path) -> None:
    ok(cli("show", "x", "-p", folder))
    docs, summaries_before = rows("docs"), rows("scores")
    ok(cli("rank", "-p", collection, "--no-cache"))
    ok(cli("list", "-p", collection, "--no-cache"))
    assert (rows("docs"), rows("scores")) == (docs, summaries_before)


# --- concurrent runs and worker processes -------------------------------------------------------


def test_concurrent_runs_share_the_cache_safely(collection: Path, parses: Parses) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERKIT_")}
    command = [sys.executable, "-m", "clusterkit", "rank", "-p", str(collection), "--format", "json"]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], [err for _, err in outputs]
    assert all(err == "" for _, err in outputs), [err for _, err in outputs]
    first = outputs[0][0]
    assert all(out == first for out, _ in outputs)
    doc = json.loads(first)
    assert {row["id"]: row["score"] for row in doc["ranking"]}["c09"] == expected_score(4)

    after = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert (after.returncode, after.stdout) == (0, first)
    assert integrity() == "ok"
    # The cache they wrote together serves every summary.
    catalog = Catalog(search_dirs([collection]), cache=Cache())
    found = summaries(catalog, catalog.framework(), METHOD)
    catalog.close()
    assert parses.paths == []
    assert len(found) == len(doc["ranking"])


@pytest.fixture
def many(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: ClusterYaml, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """150 tiny clusters, and worker processes from 10 files to read on, in chunks of 16."""
    root = tmp_path / "many"
    for n in range(150):
        write_profile(root, f"clusters/m{n:03d}.yaml", ranked_cluster(cluster_yaml, f"m{n:03d}", n % 5))
    monkeypatch.setattr(clusterkit.collection, "PARALLEL_MIN", 10)
    monkeypatch.setattr(clusterkit.collection, "CHUNK", 16)
    return root


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The start methods of the process pools `summaries` opens."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("worker processes need the fork start method")
    opened: list[str] = []
    real = multiprocessing.get_context

    def spy(method: str | None = None) -> Any:
        opened.append(str(method))
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    return opened


def test_worker_processes_give_the_same_summaries(many: Path, pools: list[str]) -> None:
    catalog = Catalog(search_dirs([many]))
    framework = catalog.framework()
    serial = summaries(catalog, framework, METHOD, workers=1)
    assert pools == []
    parallel = summaries(Catalog(search_dirs([many])), framework, METHOD, workers=2)
    assert pools == ["fork"]
    assert parallel == serial
    assert [s.cluster for s in parallel] == sorted(s.cluster for s in parallel)
    by_id = {s.cluster: s.overall for s in parallel}
    assert by_id["m149"] == pytest.approx(expected_score(4), abs=0.005)
    assert len(parallel) == 150 + len(list((bundled_profiles_dir() / "clusters").glob("*.yaml")))


def test_summaries_from_worker_processes_are_cached(
    many: Path, pools: list[str], parses: Parses, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clusterkit.cache, "BATCH", 7)  # written in many small batches as they come
    catalog = Catalog(search_dirs([many]), cache=Cache())
    parallel = summaries(catalog, catalog.framework(), METHOD, workers=2)
    catalog.close()
    assert pools == ["fork"]
    catalog = Catalog(search_dirs([many]), cache=Cache())
    warm = summaries(catalog, catalog.framework(), METHOD, workers=2)
    catalog.close()
    assert parses.paths == []
    assert warm == parallel


@pytest.mark.parametrize("workers", [1, 2])
def test_an_invalid_file_among_many_is_named(
    many: Path, pools: list[str], write_profile: WriteProfile, cluster_yaml: ClusterYaml, workers: int
) -> None:
    write_profile(many, "clusters/m077.yaml", ranked_cluster(cluster_yaml, "m077", 2).replace("level: 2", "level: 7"))
    catalog = Catalog(search_dirs([many]))
    with pytest.raises(LoadError) as caught:
        summaries(catalog, catalog.framework(), METHOD, workers=workers)
    problems = caught.value.problems
    assert problems
    assert all(p.file.endswith(os.path.join("clusters", "m077.yaml")) for p in problems), problems
    assert any(p.line is not None and "level" in str(p) for p in problems), problems
    assert pools == (["fork"] if workers == 2 else [])


# --- entries the cache did not write as they stand ----------------------------------------------


class Marker:
    """A pickle that, when loaded, writes a file: what a planted entry could make a run do."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.path,))


def replace_entry(folder: Path, blob: bytes) -> None:
    path = str((folder / "clusters" / "x.yaml").absolute())
    db = sqlite3.connect(cache_file())
    with db:
        assert db.execute("UPDATE docs SET doc = ? WHERE path = ?", (blob, path)).rowcount == 1
    db.close()


def test_a_tampered_document_is_never_served(cli: Cli, folder: Path) -> None:
    assert shown_name(cli, folder) == "X Cluster"  # now cached
    real = Catalog(search_dirs([folder])).cluster("x")
    replace_entry(folder, pickle.dumps(real.model_copy(update={"name": "Tampered Name"})))
    # The entry's digest no longer matches: the file is parsed and validated again, and cached afresh.
    assert shown_name(cli, folder) == "X Cluster"
    assert library_reads(folder) == 1


def test_a_planted_entry_is_never_unpickled(cli: Cli, folder: Path, tmp_path: Path) -> None:
    ok(cli("show", "x", "-p", folder))
    marker = tmp_path / "ran"
    replace_entry(folder, pickle.dumps(Marker(marker)))
    assert shown_name(cli, folder) == "X Cluster"
    assert not marker.exists()


def test_an_entry_copied_from_another_cache_is_not_trusted(cli: Cli, folder: Path, tmp_path: Path) -> None:
    # Each cache file has its own secret: an entry written by another cache (or another user's) is
    # read as missing, even with a digest that was right where it was made.
    other = Cache(tmp_path / "other-cache")
    path = (folder / "clusters" / "x.yaml").absolute()
    real = Catalog(search_dirs([folder])).cluster("x")
    other.put_document(str(path), signature(path.stat()), real.model_copy(update={"name": "Copied Name"}))
    other.close()
    ok(cli("show", "x", "-p", folder))
    copied = sqlite3.connect(tmp_path / "other-cache" / "documents.sqlite").execute("SELECT * FROM docs").fetchone()
    db = sqlite3.connect(cache_file())
    with db:
        db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?)", copied)
    db.close()
    assert shown_name(cli, folder) == "X Cluster"


def test_a_tampered_score_summary_is_not_served(cli: Cli, collection: Path) -> None:
    expected = scores(cli, collection)
    db = sqlite3.connect(cache_file())
    with db:
        changed = db.execute("UPDATE scores SET summary = replace(summary, ',0.0,', ',99.0,')").rowcount
    db.close()
    assert changed > 0
    assert scores(cli, collection) == expected


def test_a_warm_run_builds_no_validator(tmp_path: Path) -> None:
    # Documents served from the cache are the models stored there: no validator is built to read them.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    probe = (
        "import contextlib, io, sys\n"
        "from clusterkit.cli import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert run(sys.argv[1:]) == 0\n"
        "import clusterkit.models as m\n"
        "models = [v for v in vars(m).values() if isinstance(v, type) and hasattr(v, '__pydantic_complete__')]\n"
        "assert len(models) > 20\n"
        "print(sorted(v.__name__ for v in models if v.__pydantic_complete__))\n"
    )
    args = ["compare", "mnc", "le2c", "--format", "json"]
    cold = subprocess.run([sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True, check=True)
    assert "Cluster" in cold.stdout  # a cold run validates, so the probe sees built validators
    warm = subprocess.run([sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True, check=True)
    assert warm.stdout.strip() == "[]"


# --- the rows of `list` ---------------------------------------------------------------------------


def listed(cli: Cli, folder: Path, *extra: str) -> dict[str, Any]:
    doc = json.loads(ok(cli("list", "-p", folder, "--format", "json", *extra)))
    return {row["id"]: row for row in doc["clusters"]}


def test_list_serves_unchanged_rows_from_the_cache_and_sees_an_edit(cli: Cli, folder: Path) -> None:
    first = listed(cli, folder)
    assert first["x"]["name"] == "X Cluster"
    assert listed(cli, folder) == first
    assert query("SELECT count(*) FROM scores WHERE method = 'cluster-rows'") >= 1
    profile = folder / "clusters" / "x.yaml"
    profile.write_text(profile.read_text().replace("name: X Cluster", "name: X Renamed"))
    assert listed(cli, folder)["x"]["name"] == "X Renamed"
    assert listed(cli, folder, "--no-cache") == listed(cli, folder)


def test_a_tampered_list_row_is_not_served(cli: Cli, folder: Path) -> None:
    expected = listed(cli, folder)
    db = sqlite3.connect(cache_file())
    with db:
        changed = db.execute(
            "UPDATE scores SET summary = replace(summary, 'X Cluster', 'Tampered') WHERE summary LIKE '%X Cluster%'"
        ).rowcount
    db.close()
    assert changed == 1
    assert listed(cli, folder) == expected


def test_list_from_the_cache_still_guards_its_inputs(cli: Cli, folder: Path) -> None:
    listed(cli, folder)  # the rows are cached now
    profile = folder / "clusters" / "x.yaml"
    before = profile.read_bytes()
    result = cli("list", "-p", folder, "--format", "json", "-o", profile)
    assert result.exit_code == 2
    assert "x.yaml" in result.stderr
    assert profile.read_bytes() == before


# --- remembered views (score, compare and rank) ------------------------------------------------


def views_remembered() -> int:
    return int(query("SELECT count(*) FROM views"))


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "mnc", "le2c", "--format", "json"],
        ["compare", "mnc", "le2c", "--format", "csv"],
        ["compare", "mnc", "le2c"],
        ["compare", "mnc", "le2c", "ce3m", "--format", "markdown"],
        ["score", "mnc", "le2c", "--format", "json"],
        ["score", "mnc", "--explain"],
        ["compare", "mnc", "le2c", "--lang", "fr", "--format", "json"],
        ["rank", "--format", "json"],
        ["rank"],
        ["rank", "--dimension", "activities", "--format", "csv"],
    ],
)
def test_a_remembered_view_draws_what_a_fresh_run_draws(cli: Cli, args: list[str]) -> None:
    fresh = cli(*args, "--no-cache")
    made = cli(*args)
    assert (made.exit_code, made.stdout, made.stderr) == (0, fresh.stdout, fresh.stderr)
    assert views_remembered() == 1
    again = cli(*args)
    assert (again.exit_code, again.stdout, again.stderr) == (0, fresh.stdout, fresh.stderr)


def test_a_remembered_view_reads_no_document(tmp_path: Path) -> None:
    # A warm scripted compare loads neither the models nor the scoring: the view is the cache's.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = [sys.executable, "-X", "importtime", "-m", "clusterkit", "compare", "mnc", "le2c", "--format", "json"]
    cold = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    assert warm.stdout == cold.stdout
    assert "clusterkit.models" in cold.stderr and "clusterkit.scoring" in cold.stderr
    imported = {line.rsplit("|", 1)[1].strip() for line in warm.stderr.splitlines() if line.count("|") == 2}
    assert not {name for name in imported if name.startswith(("clusterkit.models", "clusterkit.scoring", "pydantic"))}


def remembered_compare(cli: Cli, folder: Path, *extra: str) -> dict[str, Any]:
    return dict(json.loads(ok(cli("compare", "mnc", "le2c", "-p", folder, "--format", "json", *extra))))


def copy_bundled(tmp_path: Path, *names: str) -> Path:
    """A user folder holding copies of some bundled documents (which then shadow the bundled ones)."""
    root = tmp_path / "mine"
    for name in names:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((bundled_profiles_dir() / name).read_bytes())
    return root


def test_a_remembered_ranking_reads_no_summary(tmp_path: Path) -> None:
    # A warm rank of an unchanged collection is drawn from its view: neither the models nor the
    # scoring are loaded, and no document or summary is read.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = [sys.executable, "-X", "importtime", "-m", "clusterkit", "rank", "--format", "json"]
    cold = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    assert warm.stdout == cold.stdout
    assert "clusterkit.collection" in cold.stderr
    imported = {line.rsplit("|", 1)[1].strip() for line in warm.stderr.splitlines() if line.count("|") == 2}
    assert not {
        name for name in imported if name.startswith(("clusterkit.models", "clusterkit.collection", "pydantic", "yaml"))
    }


def test_an_edited_profile_is_ranked_afresh(cli: Cli, tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path, "clusters/le2c.yaml")
    args = ("rank", "-p", folder, "--format", "json")
    first = json.loads(ok(cli(*args)))
    assert json.loads(ok(cli(*args))) == first
    assert views_remembered() == 1
    profile = folder / "clusters" / "le2c.yaml"
    profile.write_text(profile.read_text().replace("name: Lombardy Energy Cleantech Cluster", "name: LE2C Renamed"))
    names = {row["id"]: row["name"] for row in json.loads(ok(cli(*args)))["ranking"]}
    assert names["le2c"] == "LE2C Renamed"


def test_an_edited_benchmark_is_compared_afresh(cli: Cli, tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path, "clusters/le2c.yaml")
    first = remembered_compare(cli, folder)
    assert remembered_compare(cli, folder) == first
    profile = folder / "clusters" / "le2c.yaml"
    profile.write_text(profile.read_text().replace("name: Lombardy Energy Cleantech Cluster", "name: LE2C Renamed"))
    again = remembered_compare(cli, folder)
    assert again["b"]["name"] == "LE2C Renamed" != first["b"]["name"]


def test_a_new_document_on_the_search_path_makes_the_view_afresh(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "clusters").mkdir(parents=True)
    first = remembered_compare(cli, folder)
    # Practices added: the recommendations may change, so the remembered view is not used.
    practices = folder / "practices" / "le2c.yaml"
    practices.parent.mkdir()
    source = (bundled_profiles_dir() / "practices" / "le2c.yaml").read_text()
    practices.write_text(source.replace("Move from a supply chain to a value chain", "A practice retitled"))
    titles = [r["title"] for r in remembered_compare(cli, folder)["recommendations"]]
    assert "A practice retitled" in titles
    assert titles != [r["title"] for r in first["recommendations"]]


def test_other_options_or_another_language_make_another_view(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    english = remembered_compare(cli, folder)
    zero = remembered_compare(cli, folder, "--missing", "zero")
    assert zero["overall"] != english["overall"]
    french = remembered_compare(cli, folder, "--lang", "fr")
    assert french["dimensions"][0]["name"] != english["dimensions"][0]["name"]
    assert remembered_compare(cli, folder) == english


def test_a_remembered_view_gives_its_notes_again(cli: Cli) -> None:
    # MDC is known on too little of the weight: compare says so on stderr, every run, cached or not.
    fresh = cli("compare", "mdc", "le2c", "--format", "json", "--no-cache")
    assert "note: mdc: only" in fresh.stderr
    for _ in range(2):
        result = cli("compare", "mdc", "le2c", "--format", "json")
        assert (result.exit_code, result.stdout, result.stderr) == (0, fresh.stdout, fresh.stderr)
    assert views_remembered() == 1


def test_a_run_that_leaves_a_document_out_is_not_remembered(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "practices").mkdir(parents=True)
    (folder / "practices" / "broken.yaml").write_text("kind: practices\nid: broken\n")
    for _ in range(2):
        result = cli("compare", "mnc", "le2c", "-p", folder, "--format", "json")
        assert result.exit_code == 1  # the view, then the document left out, as every run says
        assert "broken.yaml" in result.stderr
    assert views_remembered() == 0


def test_a_tampered_view_is_not_served(cli: Cli) -> None:
    args = ("compare", "mnc", "le2c", "--format", "json")
    fresh = ok(cli(*args))
    db = sqlite3.connect(cache_file())
    with db:
        db.execute("UPDATE views SET view = ?", (pickle.dumps("planted"),))
    db.close()
    assert ok(cli(*args)) == fresh


def test_a_remembered_view_still_guards_its_inputs(cli: Cli, tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path, "clusters/le2c.yaml")
    remembered_compare(cli, folder)
    remembered_compare(cli, folder)  # from the cache now
    profile = folder / "clusters" / "le2c.yaml"
    before = profile.read_bytes()
    result = cli("compare", "mnc", "le2c", "-p", folder, "--format", "json", "-o", profile)
    assert result.exit_code == 2
    assert profile.read_bytes() == before


def test_a_french_view_is_remembered_for_the_babel_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    # French numbers and dates are Babel's: another Babel makes the French views afresh, not the English.
    import clusterkit.cli.remember as remember

    keys = {}
    for installed in ("babel-2.19", "babel-2.20"):
        monkeypatch.setattr(remember, "_installed", lambda package, found=installed: found)
        keys[installed] = [remember._key("compare", {}, language, "2026-12-02") for language in ("en", "fr")]
    assert keys["babel-2.19"][0] == keys["babel-2.20"][0]
    assert keys["babel-2.19"][1] != keys["babel-2.20"][1]
