"""Views remembered between runs: a script that scores, compares or ranks unchanged documents is answered
from the cache.

A command's view is a function of its options, the run's language, the day, clusterkit's code and
the documents it read. After a run that left no invalid document out, the view is kept in the cache
with the notes making it gave, the list of the search path's files and the signature of every file
the run read. A later run with the same options, language, day and code, over the same files
unchanged, draws that view again and gives the same notes, without reading a document (so without
loading the models); anything else makes the view afresh. How the view is drawn (format, output
file, width, colour) is never remembered: it is chosen anew each run.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterkit.cache import hex_digest, signature

if TYPE_CHECKING:
    from clusterkit.loading import Catalog
    from clusterkit.run import Run
    from clusterkit.views import View

# Options that say how a view is drawn, not what it holds.
DRAWING = frozenset({"fmt", "output", "table", "no_color"})


def remembered(run: Run, catalog: Catalog, command: str, params: dict[str, Any], make: Callable[[], View]) -> View:
    """The view ``make`` gives, or the one remembered for the same command, options and unchanged inputs.

    ``catalog`` is the run's catalog over the search path (its cache holds the views); a run without
    a cache always makes the view.
    """
    cache = catalog.cache
    if cache is None or not cache.enabled:
        return make()
    day = datetime.date.today().isoformat()
    key = _key(command, params, run.language, day)
    found = cache.view(key)
    if found is not None:
        inputs = json.loads(found[0])
        if _unchanged(inputs, catalog):
            for path in inputs["read"]:
                catalog.record_read(Path(path))  # NOTE: still inputs, which no output may overwrite
            for note in inputs.get("notes", ()):
                run.notes.add(note)
            view: View = found[1]
            return view
    before = len(run.notes.items)
    view = make()
    # NOTE: notes the search path gave before (a missing folder) are given again by the walk itself.
    notes = run.notes.items[before:]
    if not run.left_out() and all(entry.kind is not None for entry in catalog.entries):
        read = {}
        for path in run.files_read():
            try:
                read[str(path.absolute())] = signature(path.stat())
            except OSError:
                return view
        entries = [str(entry.path) for entry in catalog.entries]
        cache.put_view(key, day, json.dumps({"entries": entries, "read": read, "notes": notes}), view)
    return view


def _unchanged(inputs: dict[str, Any], catalog: Catalog) -> bool:
    """Whether the search path holds the same files, and every file read is as it was."""
    if [str(entry.path) for entry in catalog.entries] != inputs["entries"]:
        return False
    try:
        return all(signature(os.stat(path)) == sig for path, sig in inputs["read"].items())
    except OSError:
        return False


def _key(command: str, params: dict[str, Any], language: str, day: str) -> str:
    """What a remembered view is found by: the command, what it was asked, in which language, when, by which code."""
    asked = {name: value for name, value in sorted(params.items()) if name not in DRAWING}
    # NOTE: another language's numbers and dates are Babel's (CLDR): the installed Babel words them.
    babel = _installed("babel") if language != "en" else None
    text = json.dumps([command, asked, language, babel, day, code_signature()], default=str, sort_keys=True)
    return hex_digest(text.encode("utf-8", "surrogateescape"))


def _installed(package: str) -> str | None:
    """A package's files as installed (its top module's size and time), found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    st = os.stat(spec.origin)
    return f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}"


def code_signature() -> str:
    """clusterkit's code and catalogues as installed (each file's name, size and time), and Python's version.

    Any change to what makes or words a view (a view, the scoring, a translation) makes every
    remembered view unusable.
    """
    files = [sys.version.encode()]
    package = Path(__file__).resolve().parent.parent
    stack = [package]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as found:
            for item in sorted(found, key=lambda e: e.name):
                if item.is_dir() and item.name != "__pycache__":
                    stack.append(Path(item.path))
                elif item.name.endswith((".py", ".mo")):
                    st = item.stat()
                    files.append(f"{item.path}:{st.st_size}:{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return hex_digest(*files)
