"""The catalog: every document on the search path, read on demand, shadowed by id, remembered as read.

The models are imported when a document is first read: a run served from the cache's summaries
(``list``'s rows) never loads pydantic.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterkit.cache import Cache, signature
from clusterkit.errors import LoadError, Notes, NotFoundError, Problem, did_you_mean, short_repr
from clusterkit.i18n import SOURCE_LANGUAGE, _, current_language, ngettext
from clusterkit.ids import SLUG_RE
from clusterkit.loading.search_path import bundled_profiles_dir, display_path, kind_for, search_dirs, walk_documents

if TYPE_CHECKING:
    from clusterkit.models import Cluster, DocumentBase, Framework, Practices, Strategy


@dataclass(frozen=True)
class Entry:
    """A document file found on the search path."""

    path: Path
    root: Path
    kind: str | None  # from the folder name; None when the file must be read to know

    @functools.cached_property
    def stem(self) -> str:
        """The file's name without its suffix: the id its document must have."""
        return self.path.stem

    @property
    def bundled(self) -> bool:
        """Whether the file is one of the profiles shipped with clusterkit."""
        return self.root == bundled_profiles_dir()

    def display(self) -> str:
        """The file's path as messages show it."""
        return display_path(self.path)


def _walk(root: Path, notes: Notes) -> Iterator[Path]:
    """The document files of one folder of the search path; a missing folder or a file is noted and skipped."""
    if not root.exists():
        notes.add(_("{folder}: profiles folder does not exist; skipped").format(folder=display_path(root)))
        return
    if not root.is_dir():
        notes.add(_("{folder}: not a folder; skipped").format(folder=display_path(root)))
        return
    yield from walk_documents(root, notes)


class Catalog:
    """Every document on the search path, read on demand; later folders are shadowed by earlier ones.

    The catalog remembers every file it read (or was told of with :meth:`record_read`): those are
    the inputs of the run, which no output may overwrite (:attr:`files_read`).

    With ``skip_invalid``, reading every document of a kind (:meth:`all`, :meth:`references`) leaves
    an invalid one out and remembers it with its errors (:meth:`left_out`) instead of raising; a
    document asked for by id (:meth:`get`) still raises.
    """

    def __init__(
        self,
        dirs: list[Path] | None = None,
        notes: Notes | None = None,
        cache: Cache | None = None,
        skip_invalid: bool = False,
    ) -> None:
        self.dirs = dirs if dirs is not None else search_dirs()
        self.notes = notes or Notes()
        self.cache = cache
        self.skip_invalid = skip_invalid
        self.entries: list[Entry] = []
        for root in self.dirs:
            for path in _walk(root, self.notes):
                self.entries.append(Entry(path, root, kind_for(path, root)))
        self._docs: dict[Path, DocumentBase] = {}
        self._errors: dict[Path, LoadError] = {}
        self._read: dict[Path, None] = {}  # an ordered set
        self._noted: set[Path] = set()  # documents already noted as lacking the run's language
        self._left_out: dict[Path, tuple[Entry, LoadError]] = {}

    # files read ----------------------------------------------------------------------------

    def record_read(self, path: Path) -> None:
        """Remember a file as an input of this run, so that no output overwrites it."""
        # NOTE: absolute, not resolved: resolving costs system calls per file; the output guard compares
        # files by identity (os.path.samefile) when it writes.
        self._read.setdefault(path.absolute(), None)

    @property
    def files_read(self) -> list[Path]:
        """Every file read as a document through this catalog (absolute paths, in the order first read)."""
        return list(self._read)

    # invalid documents left out ------------------------------------------------------------

    def leave_out(self, entry: Entry, error: LoadError) -> None:
        """Remember an invalid document that a read of every document of its kind went on without."""
        self._left_out.setdefault(entry.path, (entry, error))

    def left_out(self) -> list[tuple[Entry, LoadError]]:
        """The invalid documents left out so far, each with its errors, in the order they were met."""
        return list(self._left_out.values())

    def _read_or_leave_out(self, entry: Entry) -> DocumentBase | None:
        """Read an entry for a whole-kind read: an invalid one raises, or with ``skip_invalid`` is left out."""
        try:
            return self.read(entry)
        except LoadError as exc:
            if not self.skip_invalid:
                raise
            self.leave_out(entry, exc)
            return None

    # reading -----------------------------------------------------------------------------

    def read(self, entry: Entry, remember: bool = True) -> DocumentBase:
        """Load one entry (memoised unless ``remember`` is false); raises :class:`LoadError`."""
        if entry.path in self._errors:
            raise self._errors[entry.path]
        doc = self._docs.get(entry.path)
        if doc is None:
            try:
                doc = self._load(entry)
            except LoadError as exc:
                # NOTE: a copy is kept, without the traceback and the exceptions it was raised from, whose
                # frames would hold each broken file's parsed text: thousands of them must cost little.
                self._errors[entry.path] = type(exc)(exc.message, exc.problems)
                raise
            if remember:
                self._docs[entry.path] = doc
            self._note_untranslated(entry, doc)
        return doc

    def _note_untranslated(self, entry: Entry, doc: DocumentBase) -> None:
        """One note per document whose texts lack the run's language (their English is shown instead)."""
        from clusterkit.models import Framework, Practices, Strategy
        from clusterkit.models.languages import coverage

        language = current_language()
        translated = isinstance(doc, Framework | Practices | Strategy)
        if language == SOURCE_LANGUAGE or not translated or entry.path in self._noted:
            return
        self._noted.add(entry.path)
        lacking = coverage(doc).lacks(language)
        if lacking:
            self.notes.add(
                ngettext(
                    "note: {file}: {count} text is not given in {language}; it is shown in English",
                    "note: {file}: {count} texts are not given in {language}; they are shown in English",
                    len(lacking),
                ).format(file=entry.display(), count=len(lacking), language=repr(language))
            )

    def _load(self, entry: Entry) -> DocumentBase:
        """Read a document from the cache when its file is unchanged, else parse and validate it."""
        from clusterkit.loading.documents import load_document
        from clusterkit.models import DocumentBase

        self.record_read(entry.path)
        sig = None
        st = None
        if self.cache is not None and self.cache.enabled:
            with contextlib.suppress(OSError):
                st = entry.path.stat()
                sig = signature(st)
            if sig is not None:
                cached = self.cache.document(str(entry.path.absolute()), sig)
                if isinstance(cached, DocumentBase) and (entry.kind is None or cached.kind == entry.kind):  # type: ignore[attr-defined]
                    return cached
        # NOTE: the stat taken for the cache tells the reader the file's type and size as well.
        doc = load_document(entry.path, entry.kind, entry.display(), st)
        if sig is not None and self.cache is not None:
            self.cache.put_document(str(entry.path.absolute()), sig, doc)
        return doc

    def close(self) -> None:
        """Write what the cache has queued; one note counts the files outside the kind folders that did not load."""
        if self.cache is not None:
            self.cache.close()
        unread = [e for e in self.entries if e.kind is None and e.path in self._errors]
        if unread:
            self.notes.add(
                ngettext(
                    "note: {count} file outside the kind folders could not be read as a document"
                    " ({first}); `clusterkit validate` says why",
                    "note: {count} files outside the kind folders could not be read as documents"
                    " ({first}...); `clusterkit validate` says why",
                    len(unread),
                ).format(count=len(unread), first=unread[0].display())
            )

    def candidates(self, kind: str) -> list[Entry]:
        """Entries that are, or may be, of a kind (files outside the kind folders are read to tell)."""
        found: list[Entry] = []
        for entry in self.entries:
            if entry.kind == kind:
                found.append(entry)
            elif entry.kind is None:
                try:
                    doc = self.read(entry)
                except LoadError:
                    continue
                if getattr(doc, "kind", None) == kind:
                    found.append(entry)
        return found

    def resolve(self, kind: str, entries: list[Entry] | None = None) -> dict[str, Entry]:
        """The entry that provides each id among ``entries`` (default: every candidate of the kind).

        The first entry of an id wins (user folders come first); a note says which entries it shadows.
        """
        chosen: dict[str, Entry] = {}
        if entries is None:
            entries = self.candidates(kind)
        for entry in entries:  # user folders come first, so the first entry of an id wins
            if entry.stem in chosen:
                first = chosen[entry.stem]
                if entry.root == first.root:
                    self.notes.add(
                        _("note: {kind} {id} is defined twice, in {first} and {second}; using the first").format(
                            kind=kind, id=repr(entry.stem), first=first.display(), second=entry.display()
                        )
                    )
                    continue
                self.notes.add_shadowed(
                    _("note: {first} shadows {kind} {id} from {second}").format(
                        first=first.display(), kind=kind, id=repr(entry.stem), second=entry.display()
                    ),
                    (display_path(first.root), display_path(entry.root)),
                    f"{kind} {entry.stem}",
                    entry.bundled,
                )
                continue
            chosen[entry.stem] = entry
        return chosen

    def duplicates(self, kind: str, doc_id: str) -> list[Entry]:
        """The entries of an id in the folder that provides it, when that folder holds more than one."""
        same = [e for e in self.candidates(kind) if e.stem == doc_id]
        if not same:
            return []
        first_root = same[0].root
        in_root = [e for e in same if e.root == first_root]
        return in_root if len(in_root) > 1 else []

    def ids(self, kind: str) -> list[str]:
        """The ids of a kind on the search path, sorted."""
        return sorted(self.resolve(kind))

    def entry(self, kind: str, doc_id: str) -> Entry:
        """The file that provides a document; raises :class:`NotFoundError` or, for an id defined
        twice in one folder, :class:`LoadError`."""
        if not SLUG_RE.fullmatch(doc_id):
            msg = _("{id} is not a valid {kind} id: use lowercase letters, digits, '-' and '_'").format(
                id=short_repr(doc_id), kind=kind
            )
            import difflib  # NOTE: only a mistake needs it

            close = difflib.get_close_matches(doc_id.lower(), self.ids(kind), n=1, cutoff=0.5)
            if close:
                msg += did_you_mean(close[0])
            raise NotFoundError(msg)
        twice = self.duplicates(kind, doc_id)
        if twice:
            where = _(" and ").join(e.display() for e in twice)
            raise LoadError(
                "defined twice",
                [
                    Problem(
                        e.display(),
                        _("{kind} id {id} is defined twice in one folder: {files}").format(
                            kind=kind, id=repr(doc_id), files=where
                        ),
                        field="id",
                    )
                    for e in twice[1:]
                ],
            )
        resolved = self.resolve(kind, [e for e in self.candidates(kind) if e.stem == doc_id])
        if doc_id not in resolved:
            # NOTE: a file named for the id outside the kind folders that could not be read says why,
            # rather than "no such id" (its kind is unknown because it did not load).
            unread = [e for e in self.entries if e.kind is None and e.stem == doc_id and e.path in self._errors]
            if unread:
                raise self._errors[unread[0].path]
            known = self.ids(kind)
            msg = _("no {kind} with id {id} on the search path").format(kind=kind, id=repr(doc_id))
            import difflib  # NOTE: only a mistake needs it

            close = difflib.get_close_matches(doc_id.lower(), known, n=1, cutoff=0.5)
            if close:
                msg += did_you_mean(close[0])
            elif known:
                msg += _(" (known: {ids})").format(ids=", ".join(known))
            raise NotFoundError(msg)
        return resolved[doc_id]

    def get(self, kind: str, doc_id: str) -> DocumentBase:
        """The document of a kind with this id; raises :class:`NotFoundError` or :class:`LoadError`."""
        return self.read(self.entry(kind, doc_id))

    def all(self, kind: str) -> Iterator[DocumentBase]:
        """Every valid document of a kind, by id; an invalid one raises, or with ``skip_invalid`` is left out."""
        for _key, entry in sorted(self.resolve(kind).items()):
            doc = self._read_or_leave_out(entry)
            if doc is not None:
                yield doc

    def derived(self, kind: str, key: str, derive: Callable[[Any], Any]) -> list[Any]:
        """What ``derive`` makes of every valid document of a kind, by id, as plain data (JSON's types).

        While a file is unchanged its result comes from the cache (stored under ``key``, which must change
        when ``derive`` does) and the document is not read; otherwise the document is read, as in
        :meth:`all` (an invalid one raises, or with ``skip_invalid`` is left out), and its result cached.
        Every file is an input of the run either way.
        """
        cached = self.cache.summaries(key) if self.cache is not None and self.cache.enabled else {}
        results: list[Any] = []
        for _key, entry in sorted(self.resolve(kind).items()):
            path = str(entry.path.absolute())
            sig = None
            if self.cache is not None and self.cache.enabled:
                with contextlib.suppress(OSError):
                    sig = signature(entry.path.stat())
            hit = cached.get(path)
            if sig is not None and hit is not None and hit[0] == sig:
                self.record_read(entry.path)
                results.append(json.loads(hit[1]))
                continue
            doc = self._read_or_leave_out(entry)
            if doc is None:
                continue
            result = derive(doc)
            if sig is not None and self.cache is not None:
                self.cache.put_summary(key, path, sig, json.dumps(result, ensure_ascii=False, separators=(",", ":")))
            results.append(result)
        return results

    # typed helpers ----------------------------------------------------------------------

    def cluster(self, cluster_id: str) -> Cluster:
        return typing.cast("Cluster", self.get("cluster", cluster_id))

    def clusters(self) -> list[Cluster]:
        return [typing.cast("Cluster", d) for d in self.all("cluster")]

    def strategy(self, strategy_id: str) -> Strategy:
        return typing.cast("Strategy", self.get("strategy", strategy_id))

    def framework(self, framework_id: str = "default") -> Framework:
        return typing.cast("Framework", self.get("framework", framework_id))

    def practices(self) -> list[Practices]:
        return [typing.cast("Practices", d) for d in self.all("practices")]

    def references(self) -> dict[str, Any]:
        """All reference entries by key, merged over every references document (an invalid one as in :meth:`all`)."""
        from clusterkit.models import References

        merged: dict[str, Any] = {}
        for entry in reversed(self.candidates("references")):  # earlier folders win
            doc = self._read_or_leave_out(entry)
            if isinstance(doc, References):
                for ref in doc.references:
                    merged[ref.key] = ref
        return merged


def load_profile(cluster_id: str, profiles_dirs: Iterable[str | os.PathLike[str]] = ()) -> Cluster:
    """Load one cluster by id from the search path (user folders, ``CLUSTERKIT_PATH``, bundled)."""
    return Catalog(search_dirs(profiles_dirs)).cluster(cluster_id)
