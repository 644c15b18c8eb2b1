"""The run context: what one run of a command is given and collects, made per run and passed.

A :class:`Run` holds the options every command shares (profile folders, colour, debug, cache),
the notes to print when the command ends, the inputs the output must never overwrite, and the
catalogs it opened, which :meth:`Run.close` closes (writing the cache). Nothing here is global: a
test or a script that runs several commands in one process gets a fresh run each time.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from clusterkit.errors import Notes

if TYPE_CHECKING:
    from clusterkit.errors import LoadError
    from clusterkit.loading import Catalog, Entry


@dataclass
class Run:
    """One run of a command: shared options, notes, inputs read, and the catalogs opened."""

    profiles_dirs: list[Path] = field(default_factory=list)
    no_color: bool = False
    debug: bool = False
    use_cache: bool = True
    # -q/--quiet: no notes and no progress on stderr (errors still show).
    quiet: bool = False
    notes: Notes = field(default_factory=Notes)
    inputs: list[Path] = field(default_factory=list)
    catalogs: list[Catalog] = field(default_factory=list)
    # The language of what people read, and "--lang" when the command line chose it.
    language: str = "en"
    language_origin: str | None = None
    # Contexts held for the whole run (its language), left by :meth:`close`.
    held: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def enter(self, context: contextlib.AbstractContextManager[object]) -> None:
        """Hold ``context`` (such as the run's language) until the run is closed."""
        self.held.enter_context(context)

    def catalog(self, skip_invalid: bool = False) -> Catalog:
        """A catalog over the search path of this run (closed, its cache written, by :meth:`close`).

        ``skip_invalid``: reading every document of a kind leaves invalid ones out (:meth:`left_out`).
        """
        from clusterkit.cache import Cache
        from clusterkit.loading import Catalog, search_dirs

        cache = Cache() if self.use_cache else None
        catalog = Catalog(search_dirs(self.profiles_dirs), self.notes, cache, skip_invalid=skip_invalid)
        self.catalogs.append(catalog)
        return catalog

    def left_out(self) -> list[tuple[Entry, LoadError]]:
        """The invalid documents this run's catalogs left out, each once, with its errors."""
        found: dict[Path, tuple[Entry, LoadError]] = {}
        for catalog in self.catalogs:
            for entry, error in catalog.left_out():
                found.setdefault(entry.path, (entry, error))
        return list(found.values())

    def files_read(self) -> list[Path]:
        """Every file this run read as input: those named by commands and those its catalogs read."""
        found = list(self.inputs)
        for catalog in self.catalogs:
            found.extend(catalog.files_read)
        return found

    def close(self) -> None:
        """Close every catalog opened (writing its cache); safe to call twice."""
        while self.catalogs:
            self.catalogs.pop().close()
        self.held.close()
