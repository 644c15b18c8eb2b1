"""``clusterkit assess``: an interview in the terminal that writes a cluster's assessment as it goes.

For a new cluster it asks the few facts a profile needs; then, for each assessed indicator, it
shows the question and the rubric and asks the level, the evidence and its source. Each answer is
saved at once, atomically, in ``DIR/clusters/ID.yaml`` (:func:`clusterkit.intake.profiles.save_answer`),
so Ctrl-C (exit 130) or ``q`` (exit 0) loses nothing, and running the command again resumes at the
first indicator without a level for that date. Prompts go to stderr; the scores and the gaps to
the benchmark printed at the end go to stdout. The interview speaks the run's language (``--lang``);
the answers are saved as typed, and the short answers (``u``, ``s``, ``q``, ``new``) are understood in
every language.
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
from clusterkit.cli.emit import emit, write_stdout
from clusterkit.cli.options import FrameworkOpt, NoColor, ProfilesDir, chosen_framework, run_context
from clusterkit.i18n import N_, _, localized, ngettext

if TYPE_CHECKING:
    from clusterkit.intake.profiles import Current
    from clusterkit.loading import Catalog
    from clusterkit.models import Cluster, Framework, Indicator
    from clusterkit.run import Run

NOT_A_TERMINAL = N_(
    "assess is an interview and needs a terminal, but standard input is not one. Without a terminal,"
    " write a questionnaire (clusterkit questionnaire -o q.xlsx, or --format xlsform for ODK and"
    " KoBoToolbox), fill it in, and read it back with: clusterkit import q.xlsx --dir DIR"
)
LEVEL_CHOICES = N_("0-4, u unknown, s skip, q quit")
# The short answers, in every language the interview speaks (French: i inconnu, p passer, q quitter).
UNKNOWN_ANSWERS = frozenset({"u", "unknown", "i", "inconnu", "inconnue"})
SKIP_ANSWERS = frozenset({"s", "skip", "p", "passer"})
QUIT_ANSWERS = frozenset({"q", "quit", "quitter"})
NEW_ANSWERS = frozenset({"new", "nouvelle", "nouveau"})
KEY_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


class Quit(Exception):
    """The person typed ``q`` (or ended the input): stop, everything typed so far is saved."""


def _width() -> int:
    try:
        columns = os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):  # NOTE: stderr closed (2>&-) or not a terminal
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
    # NOTE: with stderr closed (2>&-) the prompts are lost, as every message is; the answers are not.
    with contextlib.suppress(OSError, AttributeError):
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
            say(_("stopped; nothing was saved"))
            return
        again = f"clusterkit assess {self.cluster_id} --dir {self.directory} --date {self.date}"
        say(
            _("stopped: every answer so far is saved in {path}. To go on: {command}").format(
                path=self.path, command=again
            )
        )

    # --- references ---------------------------------------------------------------------------

    def list_keys(self) -> None:
        say(_("References you can cite: {keys}.").format(keys=", ".join(sorted(self.keys))), "  ", "")
        say(_("A key may be followed by a section or page (el-idrissi-2020 §3.1); 'new' adds a reference."), "  ")

    def ask_source(self, what: str, default: str | None) -> str:
        """A citation of a reference on the search path, or a new reference entered on the spot."""
        from clusterkit.intake.profiles import citation_problem

        shown = _(" [Enter: {default}]").format(default=default) if default else ""
        while True:
            typed = ask(
                _("{what} (a reference key, new, or ? for the list){default}: ").format(what=what, default=shown)
            )
            if not typed and default:
                return default
            if typed == "?":
                self.list_keys()
                continue
            if typed.lower() in NEW_ANSWERS:
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

        say(_("A new reference: its key (how answers cite it), a title, and a URL or a note."), "  ")
        while True:
            key = ask(_("  Key (lowercase letters, digits, '.', '-', '_'; e.g. survey-2024): ")).lower()
            if not key:
                return None
            if key in self.keys:
                hint(
                    _(
                        "{key} is defined already; type it at the source prompt to cite it, or choose another key"
                    ).format(key=repr(key))
                )
                continue
            if not KEY_RE.fullmatch(key):
                hint(_("a key is lowercase letters, digits, '.', '-' and '_', starting with a letter or digit"))
                continue
            title = ""
            while not title:
                title = ask(_("  Title (e.g. Self-assessment by the cluster manager, May 2024): "))
            url = ask(_("  URL (optional): ")) or None
            note = ask(_("  Note (optional: who, when, where it is kept): ")) or None
            try:
                Reference(key=key, title=title, url=url, note=note)
            except ValueError as exc:
                hint(_("not a valid reference: {problem}").format(problem=_first_error(exc)))
                continue
            try:
                written = save_reference(self.directory, NewReference(key, title, url, note), catalog=self.catalog)
            except LoadError as exc:
                for line in exc.lines():
                    hint(line)
                continue
            self.refresh_keys()
            if written is not None:
                hint(_("added {key} to {path}").format(key=repr(key), path=written))
            return key

    # --- the facts of a new cluster ------------------------------------------------------------

    def ask_facts(self) -> None:
        """Ask the facts a new profile needs, then write it (before any level is asked)."""
        from clusterkit.intake.profiles import save_facts

        say(
            _(
                "{id} has no profile in {directory} yet: first a few facts about it (Enter leaves an optional one out)."
            ).format(id=self.cluster_id, directory=self.directory)
        )
        facts: dict[str, Any] = {"name": _ask_text(_("Name (e.g. Maroc Numeric Cluster): "), required=True)}
        facts["location.country"] = _ask_country()
        facts["location.city"] = _ask_text(_("City (optional): "))
        facts["founded"] = _ask_number(
            _("Founded (a year, optional): "), 1800, 2100, _("a year from {low} to {high}").format(low=1800, high=2100)
        )
        facts["members.total"] = _ask_number(
            _("Members (how many are committed, optional): "), 0, 10**12, _("a whole number of members")
        )
        source = self.ask_source(_("Source of these facts"), None)
        self.last_source = source
        path = save_facts(self.directory, self.cluster_id, facts, source=source, catalog=self.catalog)
        say(_("wrote {path}").format(path=path))

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
                hint(_("skipped; nothing saved"))
                return
            items: list[tuple[str, str]] | None = None
            evidence = source = None
            if level is not None:
                # NOTE: the current evidence is kept only with the level it was given for.
                same = current is not None and current.level == level
                kept = [(e.text, e.source) for e in current.evidence] if current and same else []
                if current is not None and not same:
                    hint(
                        _("the level was {old}: give the evidence for {new}").format(
                            old=spell.level(current.level), new=spell.level(level)
                        )
                    )
                typed = _ask_evidence(bool(kept))
                if typed is None:
                    items = kept
                else:
                    evidence = typed
                    source = self.ask_source(_("Source of this evidence"), self.last_source)
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
                hint(_("not saved; answer again"))
                continue
            self.saved += 1
            hint(_saved_text(bool(written), level, self.date))
            return


def _saved_text(written: bool, level: int | None, date: str) -> str:
    """What an answer saved says: saved or unchanged, the level (or unknown), the assessment's date."""
    if level is None:
        if written:
            return _("saved: unknown, left out of the assessment dated {date}").format(date=date)
        return _("unchanged: unknown, left out of the assessment dated {date}").format(date=date)
    if written:
        return _("saved: level {level} in the assessment dated {date}").format(level=spell.level(level), date=date)
    return _("unchanged: level {level} in the assessment dated {date}").format(level=spell.level(level), date=date)


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
            hint(_("at most {count} characters, please").format(count=spell.number(500)))
            continue
        if typed or not required:
            return typed or None
        hint(_("this one is needed"))


def _ask_country() -> str:
    while True:
        typed = ask(_("Country (ISO code, two letters: MA, IT, FR...): ")).upper()
        if re.fullmatch(r"[A-Z]{2}", typed):
            return typed
        hint(_("two letters, the ISO 3166-1 code of the country (MA for Morocco, IT for Italy)"))


def _ask_number(prompt: str, low: int, high: int, what: str) -> int | None:
    while True:
        # NOTE: a space, a no-break space or a comma may separate thousands (1 200, 1,200).
        typed = ask(prompt).replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", "")
        if not typed:
            return None
        if typed.isascii() and typed.isdigit() and low <= int(typed) <= high:
            return int(typed)
        hint(_("{what}, or Enter to leave it out").format(what=what))


def _ask_evidence(can_keep: bool) -> str | None:
    """The evidence typed, or None to keep the current evidence."""
    keep = _(" [Enter: keep it]") if can_keep else ""
    while True:
        typed = ask(_("Evidence: a short quote or paraphrase the level rests on{keep}").format(keep=keep) + "\n> ")
        if typed:
            return typed
        if can_keep:
            return None
        hint(_("a level needs its evidence (or type u at the level for unknown, s to skip)"))


def ask_level(current: Current | None) -> int | str | None:
    """A level 0-4, None for unknown, or ``"skip"``; ``q`` raises :class:`Quit`."""
    default = _(" [Enter: {default}]").format(default=spell.level(current.level)) if current is not None else ""
    while True:
        typed = ask(_("Level ({choices}){default}: ").format(choices=_(LEVEL_CHOICES), default=default)).lower()
        if not typed and current is not None:
            return current.level
        if typed in ("0", "1", "2", "3", "4"):
            return int(typed)
        if typed in UNKNOWN_ANSWERS:
            return None
        if typed in SKIP_ANSWERS:
            return "skip"
        if typed in QUIT_ANSWERS:
            raise Quit()
        if typed:
            hint(
                _(
                    "{typed} is not a level; type 0 to 4, u (unknown), s (skip this one) or q (stop here; answers so"
                    " far are saved)"
                ).format(typed=repr(typed))
            )
        else:
            hint(_("type 0 to 4, u (unknown), s (skip this one) or q (stop here; answers so far are saved)"))


def show_indicator(ind: Indicator, number: str, framework: Framework, current: Current | None) -> None:
    """An indicator as the interview shows it: where it stands, its question, its rubric, its current level."""
    dimension = next((localized(d.name) for d in framework.dimensions if d.id == ind.dimension), ind.dimension)
    heading = f"── {number} · {dimension} · {ind.id} "
    message("")
    message(heading + "─" * max(0, _width() - 1 - len(heading)))
    say(localized(ind.name))
    say(localized(ind.measures), "  ")
    for level, text in enumerate(ind.levels):
        say(localized(text), "     ", f"  {level}  ")
    if current is not None:
        level_text = spell.level(current.level)
        if current.date:
            say(_("Current level: {level} (assessment dated {date}).").format(level=level_text, date=current.date))
        else:
            say(_("Current level: {level} (an undated assessment).").format(level=level_text))
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
        fail(_("--only names no indicator; give indicator ids separated by commas"))
    ids = {i.id: i for i in framework.indicators}
    for ind_id in wanted:
        if ind_id not in ids:
            close = difflib.get_close_matches(ind_id, [i.id for i in assessed], n=1)
            hint = (
                _("; did you mean {id}?").format(id=repr(close[0]))
                if close
                else _(" (clusterkit framework lists them)")
            )
            fail(
                _("--only: unknown indicator {id} in framework {framework}{hint}").format(
                    id=repr(ind_id), framework=repr(framework.id), hint=hint
                )
            )
        rule = ids[ind_id].rule
        if rule is not None:
            fail(
                _("--only: indicator {id} is measured from the profile's facts ({path}); it is not asked").format(
                    id=repr(ind_id), path=rule.path
                )
            )
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
        run.notes.add(_("note: no comparison with benchmark {id}: {problem}").format(id=repr(benchmark), problem=exc))
        return
    result = compare(mine, other, fw, catalog.practices())
    view = View(
        kind="comparison",
        title=_("{cluster} against {benchmark}").format(cluster=cluster.name, benchmark=benchmark),
        tables=[dimensions_table(result), weaknesses_table(result, points=True)],
        payload=comparison_payload(result),
    )
    write_stdout("\n")
    emit(run, view, "table", None)


@app.command(
    "assess",
    help=N_(
        "Assess a cluster in an interview: the rubric of each indicator, your level, evidence and source.\n"
        "\n"
        "Each answer is saved at once; Ctrl-C or q stops, and running the command again resumes. "
        "Needs a terminal; without one, use `clusterkit questionnaire` and `clusterkit import`."
    ),
)
def assess_command(
    ctx: typer.Context,
    cluster_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", autocompletion=cluster_ids, help=N_("Id of the cluster assessed (lowercase slug).")
        ),
    ],
    directory: Annotated[
        Path,
        typer.Option(
            "--dir", "-d", metavar="DIR", help=N_("Profiles folder: the profile is DIR/clusters/ID.yaml (created).")
        ),
    ] = Path("."),
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help=N_("Date of the assessment: YYYY, YYYY-MM or YYYY-MM-DD. Default: today.")
        ),
    ] = None,
    framework: FrameworkOpt = None,
    only: Annotated[
        str | None,
        typer.Option(
            "--only", metavar="IND,...", help=N_("Ask only these assessed indicators (ids, comma-separated).")
        ),
    ] = None,
    benchmark: Annotated[
        str,
        typer.Option(
            "--benchmark",
            "-b",
            metavar="ID",
            autocompletion=cluster_ids,
            help=N_("Cluster compared with at the end: the largest gaps."),
        ),
    ] = "le2c",
    profiles_dir: ProfilesDir = None,
    no_color: NoColor = False,
) -> None:
    """Assess a cluster in an interview, indicator by indicator."""
    from clusterkit.errors import ClusterkitError
    from clusterkit.intake.profiles import answered, current_levels, date_problem, profile_path, read_profile, today
    from clusterkit.models import SLUG_RE

    # NOTE: stdin closed (<&-) is no terminal either.
    if sys.stdin is None or not sys.stdin.isatty():
        fail(_(NOT_A_TERMINAL))
    if not SLUG_RE.fullmatch(cluster_id):
        fail(
            _("{id} is not a valid cluster id: use lowercase letters, digits, '-' and '_'").format(id=repr(cluster_id))
        )
    date = date or today()
    why = date_problem(date)
    if why:
        fail(f"--date: {why}")
    created = [d for d in (directory, directory / "clusters") if not d.exists()]
    try:
        (directory / "clusters").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(_("cannot create {path}: {problem}").format(path=directory / "clusters", problem=exc.strerror or exc))
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
    saved = ngettext("{count} answer", "{count} answers", interview.saved).format(count=spell.number(interview.saved))
    say(
        _("done: {answers} in this session, in {path}; check it: clusterkit validate {path}").format(
            answers=saved, path=interview.path
        )
    )
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
        say(
            _("note: cluster {id} is also in {where}; the new profile {path} will shadow it.").format(
                id=repr(cluster_id), where=entry.display(), path=path
            )
        )


def _introduce(interview: Interview, selected: list[Indicator], todo: list[Indicator], done: set[str]) -> None:
    fw = interview.framework
    count = len(selected)
    say(
        ngettext(
            "Assessment of {id} against framework {framework}, dated {date} (--date to choose another):"
            " {count} indicator.",
            "Assessment of {id} against framework {framework}, dated {date} (--date to choose another):"
            " {count} indicators.",
            count,
        ).format(id=interview.cluster_id, framework=repr(fw.id), date=interview.date, count=spell.number(count))
    )
    already = [i for i in selected if i.id in done]
    if already and todo and todo[0].id not in done:
        say(
            ngettext(
                "{count} already has a level for this date; resuming at {id}.",
                "{count} already have a level for this date; resuming at {id}.",
                len(already),
            ).format(count=spell.number(len(already)), id=todo[0].id)
        )
    elif not todo:
        say(
            _(
                "Every indicator already has a level for this date; nothing to ask (--only IND to revise one,"
                " --date for a new assessment)."
            )
        )
        return
    say(
        _(
            "For each: the question and what each level 0-4 means, then your level, the evidence it rests on,"
            " and its source. Each answer is saved at once; q or Ctrl-C stops, and the same command resumes."
        )
    )
    interview.list_keys()
