"""A cache of parsed and validated documents (and of score summaries) in one SQLite file.

Entries are keyed by the file's absolute path and its signature (size, modification time in
nanoseconds, inode and change time), and the whole cache by a fingerprint of clusterkit's version
and of the code that reads, validates and summarises them, so a changed file, version, schema or
scoring rule is never served stale. A document comes back as the validated model it was stored as,
without validating it again; each entry carries a digest keyed with a secret of this cache file, so an
entry that was altered or copied in from elsewhere is never trusted (nor unpickled): it is read as
missing, and its file parsed and validated afresh. SQLite makes every write atomic and lets concurrent
runs share the file; any cache problem (corrupt, unreadable, locked, read-only) disables the cache for
the run instead of failing it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from clusterkit import __version__

try:  # NOTE: hashlib and hmac start OpenSSL (about 2.5 ms a run); blake2 and compare_digest need none of it.
    from _blake2 import blake2b
    from _operator import _compare_digest as compare_digest
except ImportError:  # a Python without CPython's built-in modules
    from hashlib import blake2b
    from hmac import compare_digest  # type: ignore[no-redef]

CACHE_NAME = "documents.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (path TEXT PRIMARY KEY, sig TEXT NOT NULL, doc BLOB NOT NULL, digest BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS scores (
    path TEXT NOT NULL, method TEXT NOT NULL, sig TEXT NOT NULL, summary TEXT NOT NULL, digest BLOB NOT NULL,
    PRIMARY KEY (path, method)
);
CREATE TABLE IF NOT EXISTS views (
    key TEXT PRIMARY KEY, day TEXT NOT NULL, inputs TEXT NOT NULL, view BLOB NOT NULL, digest BLOB NOT NULL
);
"""
_TABLES = ("docs", "scores", "views")

# Pending writes are flushed in batches of this size, so memory stays bounded on large collections.
BATCH = 512


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/clusterkit``, else ``~/.cache/clusterkit``.

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG Base Directory specification says.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "clusterkit"


def signature(stat: os.stat_result) -> str:
    """What must not change for a cached entry to stay valid."""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}:{stat.st_ctime_ns}"


def fingerprint() -> str:
    """clusterkit's version and a hash of the reader's, the schema's and the scoring's source.

    New reading rules or a new schema never serve old documents, and new scoring code (or a new
    layout of the cached summaries, in collection.py and listing.py) never serves old summaries.
    """
    here = Path(__file__).parent
    schema = (
        *sorted((here / "models").glob("*.py")),
        here / "citations.py",
        here / "schema.py",
        here / "i18n.py",
        here / "ids.py",
        here / "cache.py",
    )
    code = (
        *schema,
        here / "scoring.py",
        here / "dating.py",
        here / "method.py",
        here / "collection.py",
        here / "listing.py",
    )
    sources = (*sorted((here / "loading").glob("*.py")), *code)
    return f"{__version__}:{hex_digest(*(source.read_bytes() for source in sources), size=8)}"


def hex_digest(*parts: bytes, size: int = 16) -> str:
    """The digest of the parts, in hexadecimal: a cache key, not a proof (for that, a keyed digest)."""
    digest = blake2b(digest_size=size)
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


class Cache:
    """Read and write cached documents; every method is a no-op once the cache is unusable."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir()
        self.db: sqlite3.Connection | None = None
        self.secret = b""
        self.reads = 0
        self.writes = 0
        self._pending_docs: list[tuple[str | bytes, str, bytes, bytes]] = []
        self._pending_summaries: list[tuple[str | bytes, str, str, str, bytes]] = []
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            if _corrupt(exc):
                # NOTE: a corrupt file is removed and rebuilt once; after that, run without a cache.
                self._discard()
                with contextlib.suppress(sqlite3.Error, OSError):
                    self._open()
        except (sqlite3.Error, OSError):
            # A locked database, an unreadable folder or a read-only disk: the run goes on uncached.
            self.db = None

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.folder / CACHE_NAME, timeout=5, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('fingerprint', 'secret')").fetchall())
            current = fingerprint()
            if meta.get("fingerprint") != current or not meta.get("secret"):
                # NOTE: new code may lay the tables out anew: they are made again, with a new secret.
                db.execute("BEGIN IMMEDIATE")
                for table in _TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute("COMMIT")
                db.executescript(_SCHEMA)
                meta = {"fingerprint": current, "secret": os.urandom(16).hex()}
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
                db.execute("COMMIT")
        except sqlite3.Error:
            db.close()
            raise
        self.db = db
        self.secret = bytes.fromhex(meta["secret"])

    def _digest(self, key: str | bytes, sig: str, *parts: str | bytes) -> bytes:
        """The keyed digest of an entry: what a stored entry must match to be trusted."""
        mac = blake2b(key=self.secret, digest_size=16)
        for part in (key, sig, *parts):
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            mac.update(len(data).to_bytes(8, "big") + data)
        return mac.digest()

    def _discard(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                (self.folder / (CACHE_NAME + suffix)).unlink()

    def _fail(self, exc: BaseException | None = None) -> None:
        # NOTE: never fatal: drop the connection and carry on without a cache; a corrupt file is
        # removed so that the next run rebuilds it.
        if exc is not None and _corrupt(exc):
            self._discard()
            return
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None

    @property
    def enabled(self) -> bool:
        return self.db is not None

    # documents ---------------------------------------------------------------------------

    def document(self, path: str, sig: str) -> Any | None:
        """The cached document of a file with this signature, or None."""
        if self.db is None:
            return None
        key = _key(path)
        try:
            row = self.db.execute("SELECT doc, digest FROM docs WHERE path = ? AND sig = ?", (key, sig)).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None or not compare_digest(row[1], self._digest(key, sig, row[0])):
            # NOTE: an entry this cache did not write as it stands is never unpickled: it is treated as missing.
            return None
        try:
            doc = _unpickle(row[0])
        except Exception:
            # NOTE: an entry that cannot be read back is treated as missing and rewritten.
            return None
        self.reads += 1
        return doc

    def put_document(self, path: str, sig: str, doc: Any) -> None:
        """Queue a validated document for storage (written in batches, and by :meth:`flush`)."""
        if self.db is None:
            return
        key = _key(path)
        blob = _pickle(doc)
        self._pending_docs.append((key, sig, blob, self._digest(key, sig, blob)))
        if len(self._pending_docs) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write what is queued, in one transaction per table."""
        docs, self._pending_docs = self._pending_docs, []
        summaries, self._pending_summaries = self._pending_summaries, []
        if self.db is None or not (docs or summaries):
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?)", docs)
            self.db.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?, ?, ?, ?)", summaries)
            self.db.execute("COMMIT")
            self.writes += len(docs) + len(summaries)
        except sqlite3.Error as exc:
            self._fail(exc)

    # score summaries ----------------------------------------------------------------------

    def summaries(self, method: str) -> dict[str, tuple[str, str]]:
        """Cached ``path -> (sig, summary JSON)`` for one scoring method key."""
        if self.db is None:
            return {}
        try:
            rows = self.db.execute("SELECT path, sig, summary, digest FROM scores WHERE method = ?", (method,))
            return {
                _path_of(path): (sig, summary)
                for path, sig, summary, digest in rows
                if compare_digest(digest, self._digest(path, sig, method, summary))
            }
        except sqlite3.Error as exc:
            self._fail(exc)
            return {}

    def put_summary(self, method: str, path: str, sig: str, summary: str) -> None:
        """Queue a score summary for storage."""
        if self.db is None:
            return
        key = _key(path)
        self._pending_summaries.append((key, method, sig, summary, self._digest(key, sig, method, summary)))
        if len(self._pending_summaries) >= BATCH:
            self.flush()

    # remembered views ----------------------------------------------------------------------

    def view(self, key: str) -> tuple[str, Any] | None:
        """The view remembered under ``key`` and the JSON of the inputs it was made from, or None."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT day, inputs, view, digest FROM views WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None or not compare_digest(row[3], self._digest(key, row[0], row[1], row[2])):
            return None
        try:
            view = _unpickle(row[2])
        except Exception:
            return None
        self.reads += 1
        return row[1], view

    def put_view(self, key: str, day: str, inputs: str, view: Any) -> None:
        """Remember a view with the JSON of its inputs; views of other days are dropped (they never serve)."""
        if self.db is None:
            return
        blob = _pickle(view)
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM views WHERE day <> ?", (day,))
            self.db.execute(
                "INSERT OR REPLACE INTO views VALUES (?, ?, ?, ?, ?)",
                (key, day, inputs, blob, self._digest(key, day, inputs, blob)),
            )
            self.db.execute("COMMIT")
            self.writes += 1
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        self.flush()
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None


def _pickle(value: Any) -> bytes:
    import pickle  # NOTE: imported on first use: a warm list reads only JSON summaries.

    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickle(blob: bytes) -> Any:
    import pickle

    return pickle.loads(blob)


def _key(path: str) -> str | bytes:
    """A file's key in the cache: its name as text, or, when the name holds bytes that are not UTF-8 (they
    arrive as lone surrogates), its bytes; SQLite never takes a text key and a byte key for the same."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape")
    return path


def _path_of(key: str | bytes) -> str:
    return key.decode("utf-8", "surrogateescape") if isinstance(key, bytes) else key


def _corrupt(exc: BaseException) -> bool:
    """Whether an SQLite error says the file is damaged (not merely locked or read-only)."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def method_key(framework: bytes, method: dict[str, Any]) -> str:
    """A key for score summaries: the framework's content and the scoring options."""
    options = json.dumps(method, sort_keys=True).encode("utf-8")
    return hex_digest(framework, b"\n", options, size=12)
