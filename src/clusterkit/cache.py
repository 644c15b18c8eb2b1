"""A cache of parsed and validated documents (and of score summaries) in one SQLite file.

Entries are keyed by the file's absolute path and its signature (size, modification time in
nanoseconds, inode and change time), and the whole cache by a fingerprint of clusterkit's version
and its schema, so a changed file, version or schema is never served stale. SQLite makes every
write atomic and lets concurrent runs share the file; any cache problem (corrupt, unreadable,
locked, read-only) disables the cache for the run instead of failing it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from clusterkit import __version__

CACHE_NAME = "documents.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    path TEXT PRIMARY KEY, sig TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
    data TEXT NOT NULL, row TEXT
);
CREATE TABLE IF NOT EXISTS scores (
    path TEXT NOT NULL, method TEXT NOT NULL, sig TEXT NOT NULL, summary TEXT NOT NULL,
    PRIMARY KEY (path, method)
);
"""


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/clusterkit``, else ``~/.cache/clusterkit``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "clusterkit"


def signature(stat: os.stat_result) -> str:
    """What must not change for a cached entry to stay valid."""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}:{stat.st_ctime_ns}"


def fingerprint() -> str:
    """clusterkit's version and a hash of the schema's source, so a new schema never reads old entries."""
    models = Path(__file__).with_name("models.py")
    digest = hashlib.sha256(models.read_bytes()).hexdigest()[:16]
    return f"{__version__}:{digest}"


class Cache:
    """Read and write cached documents; every method is a no-op once the cache is unusable."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir()
        self.db: sqlite3.Connection | None = None
        self.reads = 0
        self.writes = 0
        try:
            self._open()
        except (sqlite3.Error, OSError):
            # NOTE: a corrupt file is removed and rebuilt once; after that, run without a cache.
            self._discard()
            with contextlib.suppress(sqlite3.Error, OSError):
                self._open()

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.folder / CACHE_NAME, timeout=5, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            current = fingerprint()
            if row is None or row[0] != current:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM docs")
                db.execute("DELETE FROM scores")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (current,))
                db.execute("COMMIT")
        except sqlite3.Error:
            db.close()
            raise
        self.db = db

    def _discard(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                (self.folder / (CACHE_NAME + suffix)).unlink()

    def _fail(self) -> None:
        # NOTE: never fatal: drop the connection and carry on without a cache.
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None

    @property
    def enabled(self) -> bool:
        return self.db is not None

    # documents ---------------------------------------------------------------------------

    def documents(self, paths: Iterable[str]) -> dict[str, tuple[str, str, str, str, str | None]]:
        """Cached ``path -> (sig, kind, id, data, row)`` for the given paths."""
        if self.db is None:
            return {}
        wanted = set(paths)
        found: dict[str, tuple[str, str, str, str, str | None]] = {}
        try:
            for path, sig, kind, doc_id, data, row in self.db.execute(
                "SELECT path, sig, kind, id, data, row FROM docs"
            ):
                if path in wanted:
                    found[path] = (sig, kind, doc_id, data, row)
        except sqlite3.Error:
            self._fail()
            return {}
        self.reads += len(found)
        return found

    def rows(self, paths: Iterable[str]) -> dict[str, tuple[str, str, str, str | None]]:
        """Cached ``path -> (sig, kind, id, row)``: the list view, without the documents."""
        if self.db is None:
            return {}
        wanted = set(paths)
        found: dict[str, tuple[str, str, str, str | None]] = {}
        try:
            for path, sig, kind, doc_id, row in self.db.execute("SELECT path, sig, kind, id, row FROM docs"):
                if path in wanted:
                    found[path] = (sig, kind, doc_id, row)
        except sqlite3.Error:
            self._fail()
            return {}
        return found

    def put_documents(self, entries: Iterable[tuple[str, str, str, str, str, str | None]]) -> None:
        """Store ``(path, sig, kind, id, data, row)`` entries in one transaction."""
        if self.db is None:
            return
        batch = list(entries)
        if not batch:
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?)", batch)
            self.db.execute("COMMIT")
            self.writes += len(batch)
        except sqlite3.Error:
            self._fail()

    # score summaries ----------------------------------------------------------------------

    def summaries(self, method: str) -> Iterator[tuple[str, str, str]]:
        """Cached ``(path, sig, summary)`` for one scoring method key."""
        if self.db is None:
            return
        try:
            yield from self.db.execute("SELECT path, sig, summary FROM scores WHERE method = ?", (method,))
        except sqlite3.Error:
            self._fail()

    def put_summaries(self, method: str, entries: Iterable[tuple[str, str, str]]) -> None:
        """Store ``(path, sig, summary)`` for one scoring method key."""
        if self.db is None:
            return
        batch = [(path, method, sig, summary) for path, sig, summary in entries]
        if not batch:
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?, ?, ?)", batch)
            self.db.execute("COMMIT")
        except sqlite3.Error:
            self._fail()

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None


def method_key(framework_data: str, method: dict[str, Any]) -> str:
    """A key for score summaries: the framework's content and the scoring options."""
    options = json.dumps({k: v for k, v in sorted(method.items()) if k != "ranges"}, sort_keys=True)
    return hashlib.sha256((framework_data + "\n" + options).encode("utf-8")).hexdigest()[:24]
