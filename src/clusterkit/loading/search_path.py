"""The search path: which folders hold profiles, which files in them are documents, and of what kind.

User folders come first (``--profiles-dir``, then ``CLUSTERKIT_PATH``), the bundled profiles last.
A folder's name says which kind its files hold (``clusters/``, ``strategies/``...). Symbolic links
that lead out of a profiles folder are never followed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from clusterkit import text as spell
from clusterkit.errors import Notes
from clusterkit.i18n import _

# Folder names that say which kind a file holds.
FOLDER_KINDS = {
    "clusters": "cluster",
    "strategies": "strategy",
    "frameworks": "framework",
    "practices": "practices",
}

# How many folders deep a profiles folder is read; a deeper tree is a mistake (or a link farm), noted.
MAX_DEPTH = 32

# NOTE: clusterkit/profiles in the wheel; this module lives in clusterkit/loading/.
BUNDLED_DIR = Path(__file__).resolve().parents[1] / "profiles"


def bundled_profiles_dir() -> Path:
    """The profiles shipped with clusterkit (inside the wheel, or the checkout's ``profiles/``)."""
    if BUNDLED_DIR.is_dir():
        return BUNDLED_DIR
    # NOTE: an editable install or a plain checkout keeps the data at the repository's top.
    return Path(__file__).resolve().parents[3] / "profiles"


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder, unless that climbs out more than one level
    (or the working folder is gone: deleted under the command)."""
    try:
        rel = os.path.relpath(path)
    except (ValueError, OSError):
        return str(path)
    return rel if not rel.startswith(".." + os.sep + "..") else str(path)


def search_dirs(profiles_dirs: Iterable[str | os.PathLike[str]] = (), env: str | None = None) -> list[Path]:
    """User folders first (``--profiles-dir``, then ``CLUSTERKIT_PATH``), the bundled ones last."""
    dirs: list[Path] = [Path(d) for d in profiles_dirs]
    env_value = os.environ.get("CLUSTERKIT_PATH", "") if env is None else env
    dirs.extend(Path(d) for d in env_value.split(os.pathsep) if d)
    dirs.append(bundled_profiles_dir())
    unique: list[Path] = []
    seen: set[Path] = set()
    for d in dirs:
        # NOTE: the same folder named twice (or the bundled one given again) must not shadow itself.
        try:
            key = d.resolve() if d.exists() else d.absolute()
        except OSError:  # NOTE: a relative folder while the working folder is gone: it will be noted as missing
            key = d
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def kind_for(path: Path, root: Path) -> str | None:
    """The kind a file under ``root`` must hold, from its nearest kind folder (None: the file says)."""
    # NOTE: string operations where they serve, not pathlib's: a catalog of ten thousand profiles asks
    # this of each file.
    folder, _sep, name = os.fspath(path).rpartition(os.sep)
    if name.rpartition(".")[0] == "references" and _is_document_name(name) and path.parent == root:
        return "references"
    top = os.fspath(root).rstrip(os.sep) + os.sep
    if folder.startswith(top):
        parts: Sequence[str] = folder[len(top) :].split(os.sep)
    else:
        try:
            parts = path.relative_to(root).parts[:-1]
        except ValueError:
            return None
    for part in reversed(parts):
        if part in FOLDER_KINDS:
            return FOLDER_KINDS[part]
    return None


def _is_document_name(name: str) -> bool:
    if name.startswith("."):
        return False
    # NOTE: the suffix in any case (x.YAML, x.Yml): such a file is read, not silently left out.
    return name.endswith((".yaml", ".yml")) or name[-5:].lower() == ".yaml" or name[-4:].lower() == ".yml"


def outside_link(path: Path, root: Path) -> bool:
    """Whether ``path`` is a symbolic link whose target lies outside the folder ``root``.

    A link loop is not "outside": it is left to the reader, which reports it as a loop.
    """
    if not path.is_symlink():
        return False
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop (Python before 3.13)
        return False


def outside_link_note(path: Path, root: Path) -> str:
    """The note that says a link out of a profiles folder was skipped."""
    return _("{path}: symbolic link points outside {folder}; skipped").format(
        path=display_path(path), folder=display_path(root)
    )


def walk_documents(
    root: Path,
    notes: Notes,
    skipped: list[Path] | None = None,
    top: Path | None = None,
    unread: list[tuple[Path, str]] | None = None,
) -> Iterator[Path]:
    """Document files under a folder, in a stable order.

    A folder named like a document is yielded too (reading it reports the mistake), and so are
    dangling links and link loops. Symbolic links to outside the folder, whether profiles or kind
    folders (``clusters/``...), are skipped, with a note, or listed in ``skipped`` when it is given.
    A folder that cannot be read (or lies too deep) is noted, or listed with the reason in ``unread``.
    """
    # NOTE: folders are walked from a stack, not by recursion, so a deep tree cannot exhaust Python's
    # stack; below MAX_DEPTH levels nothing is read, and a note says where.
    top = top or root
    pending: list[tuple[Path, int]] = [(root, 0)]
    while pending:
        folder, depth = pending.pop()
        if depth > MAX_DEPTH:
            reason = _("more than {count} folders deep; not read").format(count=spell.number(MAX_DEPTH))
            if unread is not None:
                unread.append((folder, reason))
            else:
                notes.add(_("{folder}: {reason}").format(folder=display_path(folder), reason=reason))
            continue
        found = list(_folder_documents(folder, notes, skipped, top, unread))
        for item in found:
            if isinstance(item, Path):
                yield item
        # Subfolders in name order: the stack takes the last first.
        pending.extend((sub, depth + 1) for sub in reversed([i[0] for i in found if isinstance(i, tuple)]))


def _folder_documents(
    root: Path, notes: Notes, skipped: list[Path] | None, top: Path, unread: list[tuple[Path, str]] | None = None
) -> Iterator[Path | tuple[Path]]:
    """One folder's document files (paths), then its subfolders (as 1-tuples), each in name order."""
    # NOTE: os.scandir's entries know whether they are links or folders without a system call
    # each, which counts on collections of thousands of profiles.
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        reason = _("cannot list folder: {reason}").format(reason=exc.strerror)
        if unread is not None:
            unread.append((root, reason))
        else:
            notes.add(_("{folder}: {reason}").format(folder=exc.filename, reason=reason))
        return
    folders: list[Path] = []
    files: list[os.DirEntry[str]] = []
    for entry in entries:
        if _is_document_name(entry.name):
            files.append(entry)
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder and not entry.name.startswith("."):
            folders.append(Path(entry.path))
        elif entry.name in FOLDER_KINDS and entry.is_symlink():
            # NOTE: a linked kind folder is not walked; one that leads outside is reported like a linked file.
            files.append(entry)
    for entry in files:
        path = Path(entry.path)
        if entry.is_symlink() and outside_link(path, top):
            if skipped is not None:
                skipped.append(path)
            else:
                notes.add(outside_link_note(path, top))
            continue
        if entry.name in FOLDER_KINDS:
            continue  # a linked kind folder inside the profiles folder
        yield path
    for folder in folders:
        yield (folder,)
