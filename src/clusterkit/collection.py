"""Scoring every cluster on the search path: streamed, cached, and spread over the cores.

For a large collection (the European Cluster Panorama counts thousands of clusters) ``rank``
needs only each cluster's summary, so documents are read, scored and dropped one at a time
(memory stays bounded). Summaries are cached per file signature and scoring method, so a warm run
re-reads only the files that changed. When many files must be read, worker processes (one per
core, two at most) share the parsing.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from clusterkit.cache import method_key, signature
from clusterkit.errors import LoadError, Problem
from clusterkit.i18n import _, current_language, use_language
from clusterkit.loading import Catalog, Entry, load_document
from clusterkit.models import Cluster, Framework
from clusterkit.scoring import Summary, summarise

# Below this many files to read, starting worker processes costs more than it saves.
PARALLEL_MIN = 400
CHUNK = 64

Progress = Callable[[int, int], None]


def _summary_json(summary: Summary) -> str:
    return json.dumps(
        [summary.cluster, summary.name, summary.overall, summary.coverage, summary.dimensions],
        separators=(",", ":"),
    )


def _summary_from_json(text: str) -> Summary:
    cluster, name, overall, coverage, dims = json.loads(text)
    return Summary(cluster, name, overall, coverage, {k: (v[0], v[1]) for k, v in dims.items()})


Outcome = tuple[str, str | None, str | None, list[Problem]]


def _score_files(job: tuple[list[tuple[str, str | None, str]], Framework, dict[str, Any], str]) -> list[Outcome]:
    """Worker: load and summarise files; ``(path, sig, summary JSON, problems)`` each."""
    items, framework, method, language = job
    # NOTE: a worker process states its problems in the language of the run that started it.
    with use_language(language):
        return _score_items(items, framework, method)


def _score_items(
    items: list[tuple[str, str | None, str]], framework: Framework, method: dict[str, Any]
) -> list[Outcome]:
    out: list[Outcome] = []
    for path, kind, display in items:
        p = Path(path)
        st: os.stat_result | None
        try:
            st = p.stat()
            sig = signature(st)
        except OSError:
            st = sig = None
        try:
            doc = load_document(p, kind, display, stat_result=st)
        except LoadError as exc:
            out.append((path, sig, None, exc.problems))
            continue
        if not isinstance(doc, Cluster):
            out.append((path, sig, None, [Problem(display, _("not a cluster document"))]))
            continue
        out.append((path, sig, _summary_json(summarise(doc, framework, **method)), []))
    return out


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def cluster_entries(catalog: Catalog) -> list[Entry]:
    """The entry that provides each cluster id (user folders shadow bundled ones), by id."""
    resolved = catalog.resolve("cluster")
    return [resolved[key] for key in sorted(resolved)]


def summaries(
    catalog: Catalog,
    framework: Framework,
    method: dict[str, Any] | None = None,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[Summary]:
    """The :class:`Summary` of every valid cluster on the search path, in id order.

    An invalid cluster document raises :class:`LoadError` with every problem found in every one,
    or, when the catalog skips invalid documents, is left out (``catalog.left_out()``).
    ``progress(done, total)`` is called as files are read. Every file read, or served from the
    cache, is recorded in ``catalog.files_read``.
    """
    method = dict(method or {})
    entries = cluster_entries(catalog)
    cache = catalog.cache if catalog.cache is not None and catalog.cache.enabled else None
    # NOTE: repr, not pickle: a pickle holds sets whose order changes from one process to the next.
    key = method_key(repr(framework).encode("utf-8"), method)
    cached = cache.summaries(key) if cache is not None else {}
    results: dict[str, Summary] = {}
    todo: list[Entry] = []
    paths = [str(entry.path.absolute()) for entry in entries]
    for entry, path in zip(entries, paths):
        hit = cached.get(path)
        if hit is not None:
            try:
                if hit[0] == signature(entry.path.stat()):
                    results[path] = _summary_from_json(hit[1])
                    catalog.record_read(entry.path)
                    continue
            except (OSError, ValueError):
                pass
        todo.append(entry)

    total = len(todo)
    problems: list[Problem] = []
    done = 0
    by_path = {str(e.path.absolute()): e for e in todo}
    jobs = [(path, e.kind, e.display()) for path, e in by_path.items()]
    for batch in _run(jobs, framework, method, workers):
        for path, sig, summary, errs in batch:
            done += 1
            catalog.record_read(Path(path))
            if errs or summary is None:
                problems.extend(errs)
                if catalog.skip_invalid:
                    catalog.leave_out(by_path[path], LoadError("invalid cluster document", errs))
                continue
            results[path] = _summary_from_json(summary)
            # NOTE: only the summary is kept: caching 10,000 whole documents would cost more than
            # parsing them again. Documents read one by one (show, score, compare) are cached.
            if cache is not None and sig is not None:
                cache.put_summary(key, path, sig, summary)
        if progress is not None:
            progress(done, total)
    if problems and not catalog.skip_invalid:
        raise LoadError("invalid cluster documents", problems)
    return [found for path in paths if (found := results.get(path)) is not None]


def _run(
    jobs: list[tuple[str, str | None, str]], framework: Framework, method: dict[str, Any], workers: int | None
) -> Iterable[list[Outcome]]:
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    tasks = [(chunk, framework, method, current_language()) for chunk in _chunks(jobs, CHUNK)]
    if count < 2 or len(jobs) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            yield _score_files(task)
        return
    # NOTE: fork shares the already imported modules with the workers, so they start in milliseconds.
    with multiprocessing.get_context("fork").Pool(count, initializer=_worker_signals) as pool:
        yield from pool.imap(_score_files, tasks)


def _worker_signals() -> None:
    """A worker ends quietly when the pool is closed (SIGTERM) and leaves Ctrl-C to the run that started it.

    NOTE: a forked worker inherits the run's handlers, which turn a signal into an exception: the pool's
    own SIGTERM at its end would print each worker's traceback.
    """
    for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
