"""``clusterkit assess``: an interview in the terminal that writes a cluster's assessment as it goes.

For a new cluster it asks the few facts a profile needs; then, for each assessed indicator, it
shows the question and the rubric and asks the level, the evidence and its source. Each answer is
saved at once, atomically, in ``DIR/clusters/ID.yaml`` (:func:`clusterkit.intake.profiles.save_answer`),
so Ctrl-C (exit 130) or ``q`` (exit 0) loses nothing, and running the command again resumes at the
first indicator without a level for that date. Prompts go to stderr; the scores and the gaps to
the benchmark printed at the end go to stdout.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clusterkit import text as spell
from clusterkit.cli.app import app, fail, message
from clusterkit.cli.completion import cluster_ids
from clusterkit.cli.emit import emit
from clusterkit.cli.options import FrameworkOpt, NoColor, ProfilesDir, chosen_framework, run_context

if TYPE_CHECKING:
    from clusterkit.intake.profiles import Current
    from clusterkit.loading import Catalog
    from clusterkit.models import Cluster, Framework, Indicator
    from clusterkit.run import Run

NOT_A_TERMINAL = (
    "assess is an interview and needs a terminal, but standard input is not one. Without a terminal,"
    " write a questionnaire (clusterkit questionnaire -o q.xlsx, or --format xlsform for ODK and"
    " KoBoToolbox), fill it in, and read it back with: clusterkit import q.xlsx --dir DIR"
)
LEVEL_CHOICES = "0-4, u unknown, s skip, q quit"
KEY_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


class Quit(Exception):
    """The person typed ``q`` (or ended the input): stop, everything typed so far is saved."""


def _width() -> int:
    try:
        columns = os.get_terminal_size(sys.stderr.fileno()).columns
    except OSError:
        columns = shutil.get_terminal_size((80, 24)).columns
    return max(40, min(columns, 100))


def say(text: str = "", indent: str = "", first: str | None = None) -> None:
    """A paragraph on stderr, wrapped to the terminal."""
    if not text:
        message("")
        return
    message(
        textwrap.fill(
            text,
            width=_width() - 1,
            initial_indent=indent if first is None else first,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )
    )


def hint(text: str) -> None:
    """A remark under a prompt, indented."""
    say(text, "  ")


def ask(prompt: str) -> str:
    """One line typed at the terminal, the prompt on stderr; end of input (Ctrl-D) stops like ``q``."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    try:
        return input().strip()
    except EOFError:
        message("")
        raise Quit() from None


@dataclass
class Interview:
    """What one interview knows as it goes: where it writes, the references, what was saved."""

    run: Run
    catalog: Catalog
    directory: Path
    cluster_id: str
    framework: Framework
    date: str
    keys: set[str] = field(default_factory=set)
    last_source: str | None = None
    saved: int = 0

    @property
    def path(self) -> Path:
        from clusterkit.intake.profiles import profile_path

        return profile_path(self.directory, self.cluster_id)

    def refresh_keys(self) -> None:
        from clusterkit.intake.profiles import known_references

        self.keys = set(known_references(self.directory, self.catalog))

    def stopped(self) -> None:
        """Say what is saved and how to go on."""
        if not self.path.exists():
            say("stopped; nothing was saved")
            return
        again = f"clusterkit assess {self.cluster_id} --dir {self.directory} --date {self.date}"
        say(f"stopped: every answer so far is saved in {self.path}. To go on: {again}")

    # --- references ---------------------------------------------------------------------------

    def list_keys(self) -> None:
        say("References you can cite: " + ", ".join(sorted(self.keys)) + ".", "  ", "")
        say("A key may be followed by a section or page (el-idrissi-2020 §3.1); 'new' adds a reference.", "  ")

    def ask_source(self, what: str, default: str | None) -> str:
        """A citation of a reference on the search path, or a new reference entered on the spot."""
        from clusterkit.intake.profiles import citation_problem

        shown = f" [Enter: {default}]" if default else ""
        while True:
            typed = ask(f"Source of {what} (a reference key, new, or ? for the list){shown}: ")
            if not typed and default:
                return default
            if typed == "?":
                self.list_keys()
                continue
            if typed.lower() == "new":
                key = self.new_reference()
                if key is not None:
                    return key
                continue
            why = citation_problem(typed, self.keys)
            if why is None:
                return typed
            hint(why)

    def new_reference(self) -> str | None:
        """Ask a new reference's key, title, URL and note, and save it to DIR/references.yaml at once."""
        from clusterkit.errors import LoadError
        from clusterkit.intake import NewReference
        from clusterkit.intake.profiles import save_reference
        from clusterkit.models import Reference

        say("A new reference: its key (how answers cite it), a title, and a URL or a note.", "  ")
        while True:
            key = ask("  Key (lowercase letters, digits, '.', '-', '_'; e.g. survey-2024): ").lower()
            if not key:
                return None
            if key in self.keys:
                hint(f"{key!r} is defined already; type it at the source prompt to cite it, or choose another key")
                continue
            if not KEY_RE.fullmatch(key):
                hint("a key is lowercase letters, digits, '.', '-' and '_', starting with a letter or digit")
                continue
            title = ""
            while not title:
                title = ask("  Title (e.g. Self-assessment by the cluster manager, May 2024): ")
            url = ask("  URL (optional): ") or None
            note = ask("  Note (optional: who, when, where it is kept): ") or None
            try:
                Reference(key=key, title=title, url=url, note=note)
            except ValueError as exc:
                hint(f"not a valid reference: {_first_error(exc)}")
                continue
            try:
                written = save_reference(self.directory, NewReference(key, title, url, note), catalog=self.catalog)
            except LoadError as exc:
                for line in exc.lines():
                    hint(line)
                continue
            self.refresh_keys()
            if written is not None:
                hint(f"added {key!r} to {written}")
            return key

    # --- the facts of a new cluster ------------------------------------------------------------

    def ask_facts(self) -> None:
        """Ask the facts a new profile needs, then write it (before any level is asked)."""
        from clusterkit.intake.profiles import save_facts

        say(
            f"{self.cluster_id} has no profile in {self.directory} yet: first a few facts about it (Enter leaves"
            " an optional one out)."
        )
        facts: dict[str, Any] = {"name": _ask_text("Name (e.g. Maroc Numeric Cluster): ", required=True)}
        facts["location.country"] = _ask_country()
        facts["location.city"] = _ask_text("City (optional): ")
        facts["founded"] = _ask_number("Founded (a year, optional): ", 1800, 2100, "a year from 1800 to 2100")
        facts["members.total"] = _ask_number(
            "Members (how many are committed, optional): ", 0, 10**12, "a whole number of members"
        )
        source = self.ask_source("these facts", None)
        self.last_source = source
        path = save_facts(self.directory, self.cluster_id, facts, source=source, catalog=self.catalog)
        say(f"wrote {path}")

    # --- one indicator -------------------------------------------------------------------------

    def ask_indicator(self, ind: Indicator, number: str, current: Current | None) -> None:
        """Show one indicator and ask its level, evidence and source; save the answer at once."""
        from clusterkit.errors import LoadError
        from clusterkit.intake import Answer
        from clusterkit.intake.profiles import save_answer

        show_indicator(ind, number, self.framework, current)
        while True:
            level = ask_level(current)
            if isinstance(level, str):
                hint("skipped; nothing saved")
                return
            items: list[tuple[str, str]] | None = None
            evidence = source = None
            if level is not None:
                # NOTE: the current evidence is kept only with the level it was given for.
                same = current is not None and current.level == level
                kept = [(e.text, e.source) for e in current.evidence] if current and same else []
                if current is not None and not same:
                    hint(f"the level was {current.level}: give the evidence for {level}")
                typed = _ask_evidence(bool(kept))
                if typed is None:
                    items = kept
                else:
                    evidence = typed
                    source = self.ask_source("this evidence", self.last_source)
                    self.last_source = source
            answer = Answer(ind.id, level, evidence, source, where=ind.id)
            try:
                written = save_answer(
                    self.directory,
                    self.cluster_id,
                    framework=self.framework,
                    date=self.date,
                    answer=answer,
                    catalog=self.catalog,
                    evidence=items,
                )
            except LoadError as exc:
                for line in exc.lines():
                    hint(line)
                hint("not saved; answer again")
                continue
            self.saved += 1
            state = "unknown, left out of" if level is None else f"level {level} in"
            hint(f"{'saved' if written else 'unchanged'}: {state} the assessment dated {self.date}")
            return


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return str(exc)


def _ask_text(prompt: str, required: bool = False) -> str | None:
    while True:
        typed = ask(prompt)
        if typed and len(typed) > 500:
            hint("at most 500 characters, please")
            continue
        if typed or not required:
            return typed or None
        hint("this one is needed")


def _ask_country() -> str:
    while True:
        typed = ask("Country (ISO code, two letters: MA, IT, FR...): ").upper()
        if re.fullmatch(r"[A-Z]{2}", typed):
            return typed
        hint("two letters, the ISO 3166-1 code of the country (MA for Morocco, IT for Italy)")


def _ask_number(prompt: str, low: int, high: int, what: str) -> int | None:
    while True:
        typed = ask(prompt).replace(" ", "").replace(",", "")
        if not typed:
            return None
        if typed.isascii() and typed.isdigit() and low <= int(typed) <= high:
            return int(typed)
        hint(f"{what}, or Enter to leave it out")


def _ask_evidence(can_keep: bool) -> str | None:
    """The evidence typed, or None to keep the current evidence."""
    keep = " [Enter: keep it]" if can_keep else ""
    while True:
        typed = ask(f"Evidence: a short quote or paraphrase the level rests on{keep}\n> ")
        if typed:
            return typed
        if can_keep:
            return None
        hint("a level needs its evidence (or type u at the level for unknown, s to skip)")


def ask_level(current: Current | None) -> int | str | None:
    """A level 0-4, None for unknown, or ``"skip"``; ``q`` raises :class:`Quit`."""
    default = f" [Enter: {current.level}]" if current is not None else ""
    while True:
        typed = ask(f"Level ({LEVEL_CHOICES}){default}: ").lower()
        if not typed and current is not None:
            return current.level
        if typed in ("0", "1", "2", "3", "4"):
            return int(typed)
        if typed in ("u", "unknown"):
            return None
        if typed in ("s", "skip"):
            return "skip"
        if typed in ("q", "quit"):
            raise Quit()
        shown = f"{typed!r} is not a level; type" if typed else "type"
        hint(f"{shown} 0 to 4, u (unknown), s (skip this one) or q (stop here; answers so far are saved)")


def show_indicator(ind: Indicator, number: str, framework: Framework, current: Current | None) -> None:
    """An indicator as the interview shows it: where it stands, its question, its rubric, its current level."""
    dimension = next((d.name for d in framework.dimensions if d.id == ind.dimension), ind.dimension)
    heading = f"── {number} · {dimension} · {ind.id} "
    message("")
    message(heading + "─" * max(0, _width() - 1 - len(heading)))
    say(ind.name)
    say(ind.measures, "  ")
    for level, text in enumerate(ind.levels):
        say(text, "     ", f"  {level}  ")
    if current is not None:
        when = f"assessment dated {current.date}" if current.date else "an undated assessment"
        say(f"Current level: {current.level} ({when}).")
        for item in current.evidence:
            say(f"{item.text} [{item.source}]", "    ", "  - ")


# --- the command ---------------------------------------------------------------------------------


def _selected(framework: Framework, only: str | None) -> list[Indicator]:
    """The assessed indicators to ask, in the framework's order; ``--only`` names some of them."""
    import difflib

    assessed = [i for i in framework.indicators if i.assessed]
    if only is None:
        return assessed
    wanted = [part.strip() for part in only.split(",") if part.strip()]
    if not wanted:
        fail("--only names no indicator; give indicator ids separated by commas")
    ids = {i.id: i for i in framework.indicators}
    for ind_id in wanted:
        if ind_id not in ids:
            close = difflib.get_close_matches(ind_id, [i.id for i in assessed], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else " (clusterkit framework lists them)"
            fail(f"--only: unknown indicator {ind_id!r} in framework {framework.id!r}{hint}")
        rule = ids[ind_id].rule
        if rule is not None:
            fail(f"--only: indicator {ind_id!r} is measured from the profile's facts ({rule.path}); it is not asked")
    return [i for i in assessed if i.id in wanted]


def _summary(interview: Interview, benchmark: str) -> None:
    """The scores of the assessment and the largest gaps to the benchmark, on stdout."""
    from clusterkit.comparison import compare
    from clusterkit.errors import ClusterkitError
    from clusterkit.intake.profiles import answered
    from clusterkit.scoring import RuleError, score
    from clusterkit.views import View
    from clusterkit.views.comparison import comparison_payload, dimensions_table, weaknesses_table
    from clusterkit.views.scoring import scores_view

    run, fw = interview.run, interview.framework
    catalog = run.catalog()  # NOTE: a fresh one: the first has read the profile as it was
    cluster: Cluster = catalog.cluster(interview.cluster_id)
    at = interview.date if answered(cluster, fw.id, interview.date) else None
    try:
        mine = score(cluster, fw, at=at)
    except (RuleError, LookupError) as exc:
        fail(str(exc))
    message("")
    emit(run, scores_view([mine], fw.id), "table", None)
    if benchmark == cluster.id:
        return
    try:
        other = score(catalog.cluster(benchmark), fw)
    except (ClusterkitError, RuleError, LookupError) as exc:
        run.notes.add(f"note: no comparison with benchmark {benchmark!r}: {exc}")
        return
    result = compare(mine, other, fw, catalog.practices())
    view = View(
        kind="comparison",
        title=f"{cluster.name} against {benchmark}",
        tables=[dimensions_table(result), weaknesses_table(result, points=True)],
        payload=comparison_payload(result),
    )
    sys.stdout.write("\n")
    emit(run, view, "table", None)


@app.command("assess")
def assess_command(
    ctx: typer.Context,
    cluster_id: Annotated[
        str,
        typer.Argument(metavar="ID", autocompletion=cluster_ids, help="Id of the cluster assessed (lowercase slug)."),
    ],
    directory: Annotated[
        Path,
        typer.Option(
            "--dir", "-d", metavar="DIR", help="Profiles folder: the profile is DIR/clusters/ID.yaml (created)."
        ),
    ] = Path("."),
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="Date of the assessment: YYYY, YYYY-MM or YYYY-MM-DD. Default: today."
        ),
    ] = None,
    framework: FrameworkOpt = None,
    only: Annotated[
        str | None,
        typer.Option("--only", metavar="IND,...", help="Ask only these assessed indicators (ids, comma-separated)."),
    ] = None,
    benchmark: Annotated[
        str,
        typer.Option(
            "--benchmark",
            "-b",
            metavar="ID",
            autocompletion=cluster_ids,
            help="Cluster compared with at the end: the largest gaps.",
        ),
    ] = "le2c",
    profiles_dir: ProfilesDir = None,
    no_color: NoColor = False,
) -> None:
    """Assess a cluster in an interview: the rubric of each indicator, your level, evidence and source.

    Each answer is saved at once; Ctrl-C or q stops, and running the command again resumes.
    Needs a terminal; without one, use `clusterkit questionnaire` and `clusterkit import`.
    """
    from clusterkit.errors import ClusterkitError
    from clusterkit.intake.profiles import answered, current_levels, date_problem, profile_path, read_profile, today
    from clusterkit.models import SLUG_RE

    if not sys.stdin.isatty():
        fail(NOT_A_TERMINAL)
    if not SLUG_RE.match(cluster_id):
        fail(f"{cluster_id!r} is not a valid cluster id: use lowercase letters, digits, '-' and '_'")
    date = date or today()
    why = date_problem(date)
    if why:
        fail(f"--date: {why}")
    created = [d for d in (directory, directory / "clusters") if not d.exists()]
    try:
        (directory / "clusters").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create {directory / 'clusters'}: {exc.strerror or exc}")
    # NOTE: DIR comes first on the search path: its references can be cited, its profile shadows others.
    run = run_context(ctx, [directory, *(profiles_dir or [])], no_color)
    catalog = run.catalog()
    try:
        fw = chosen_framework(run, catalog, framework)
        selected = _selected(fw, only)
    except ClusterkitError:
        for folder in reversed(created):  # NOTE: a usage error leaves no empty folder behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    interview = Interview(run, catalog, directory, cluster_id, fw, date)
    interview.refresh_keys()
    cluster = read_profile(directory, cluster_id)
    try:
        if cluster is None:
            _note_shadowed(catalog, cluster_id, profile_path(directory, cluster_id))
            interview.ask_facts()
            cluster = read_profile(directory, cluster_id)
        interview.last_source = interview.last_source or _last_source(cluster, fw.id, date)
        done = answered(cluster, fw.id, date)
        todo = [i for i in selected if i.id not in done] or (selected if only else [])
        _introduce(interview, selected, todo, done)
        current = current_levels(cluster, fw.id, date)
        for ind in todo:
            number = f"{selected.index(ind) + 1}/{len(selected)}"
            interview.ask_indicator(ind, number, current.get(ind.id))
    except Quit:
        interview.stopped()
        return
    except KeyboardInterrupt:
        message("")
        interview.stopped()
        raise
    saved = spell.plural(interview.saved, "answer")
    say(f"done: {saved} in this session, in {interview.path}; check it: clusterkit validate {interview.path}")
    _summary(interview, benchmark)


def _last_source(cluster: Cluster | None, framework_id: str, date: str) -> str | None:
    """The source offered first when resuming: the last one cited in the assessment, else the facts'."""
    if cluster is None:
        return None
    for assessment in cluster.assessments:
        if assessment.framework == framework_id and assessment.date == date and assessment.levels:
            return list(assessment.levels.values())[-1].evidence[-1].source
    return cluster.location.source


def _note_shadowed(catalog: Catalog, cluster_id: str, path: Path) -> None:
    from clusterkit.errors import ClusterkitError

    try:
        entry = catalog.entry("cluster", cluster_id)
    except ClusterkitError:
        return
    if entry.path.resolve() != path.resolve():
        say(f"note: cluster {cluster_id!r} is also in {entry.display()}; the new profile {path} will shadow it.")


def _introduce(interview: Interview, selected: list[Indicator], todo: list[Indicator], done: set[str]) -> None:
    fw = interview.framework
    say(
        f"Assessment of {interview.cluster_id} against framework {fw.id!r}, dated {interview.date}"
        f" (--date to choose another): {len(selected)} indicators."
    )
    already = [i for i in selected if i.id in done]
    if already and todo and todo[0].id not in done:
        say(f"{len(already)} already have a level for this date; resuming at {todo[0].id}.")
    elif not todo:
        say(
            "Every indicator already has a level for this date; nothing to ask (--only IND to revise one,"
            " --date for a new assessment)."
        )
        return
    say(
        "For each: the question and what each level 0-4 means, then your level, the evidence it rests on,"
        " and its source. Each answer is saved at once; q or Ctrl-C stops, and the same command resumes."
    )
    interview.list_keys()
