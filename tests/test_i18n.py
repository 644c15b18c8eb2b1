"""English and French: the catalogues are complete and compile, and the language is chosen as documented.

The texts marked in the code (``_``, ``N_``, ``ngettext``, ``pgettext``) are extracted with Babel,
as ``pybabel extract`` does (docs/translating.md), and checked against the French catalogue.
"""

from __future__ import annotations

import gettext
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from clusterkit import text
from clusterkit.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    language_from_environment,
    language_of_locale,
    localized,
    use_language,
)

SOURCE = Path(__file__).resolve().parents[1] / "src" / "clusterkit"
# Babel's default keywords: the same as `pybabel extract` uses.
METHOD_MAP = [("**.py", "python")]
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]")


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "clusterkit.po"


def marked() -> Iterator[tuple[str, int, str | tuple[str, ...], str | None]]:
    """Every text marked in the code: file, line, message (a tuple for a plural) and context."""
    for filename, line, message, _comments, context in extract_from_dir(SOURCE, METHOD_MAP):
        yield filename, line, message, context


def msg_key(message: str | tuple[str, ...], context: str | None) -> tuple[str, str | None]:
    return (message if isinstance(message, str) else message[0], context)


@pytest.fixture(scope="module")
def french() -> Any:
    with catalogue_path("fr").open("rb") as handle:
        return read_po(handle, locale="fr")


def test_every_marked_text_has_a_french_translation(french: Any) -> None:
    missing = []
    for filename, line, message, context in marked():
        key, ctx = msg_key(message, context)
        entry = french.get(key, context=ctx)
        strings = [] if entry is None else entry.string if isinstance(entry.string, tuple) else [entry.string]
        if entry is None or entry.fuzzy or not strings or not all(strings):
            missing.append(f"{filename}:{line}: {key!r}")
    assert missing == [], "texts without a French translation (docs/translating.md):\n" + "\n".join(missing)


def test_the_catalogue_holds_no_text_the_code_no_longer_marks(french: Any) -> None:
    used = {msg_key(message, context) for _f, _l, message, context in marked()}
    stale = [m.id for m in french if m.id and msg_key(m.id, m.context) not in used]
    assert stale == [], "run pybabel update (docs/translating.md); no longer marked: " + repr(stale[:10])


def test_placeholders_are_the_same_in_both_languages(french: Any) -> None:
    wrong = []
    for entry in french:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for translated in strings:
            if set(PLACEHOLDER.findall(translated)) - wanted or (
                len(ids) == 1 and set(PLACEHOLDER.findall(translated)) != wanted
            ):
                wrong.append(f"{ids[0]!r} -> {translated!r}")
    assert wrong == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed (apt install gettext)")
def test_the_catalogue_compiles_with_msgfmt_check(tmp_path: Path) -> None:
    for language in LANGUAGES:
        if language == "en":
            continue
        proc = subprocess.run(
            ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(catalogue_path(language))],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr


def test_the_shipped_compiled_catalogue_is_the_compiled_source(french: Any, tmp_path: Path) -> None:
    compiled = tmp_path / "fresh.mo"
    with compiled.open("wb") as handle:
        write_mo(handle, french)
    with compiled.open("rb") as fresh, (LOCALE_DIR / "fr" / "LC_MESSAGES" / "clusterkit.mo").open("rb") as shipped:
        # NOTE: compare what each says (its messages), not bytes: compilers order and pad differently.
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_CA"}, "fr"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "fr_FR", "LANG": "en_GB"}, "fr"),
        ({"LC_ALL": "", "LANG": "fr_FR.UTF-8"}, "fr"),
    ],
)
def test_the_language_follows_the_locale_variables(environ: dict[str, str], language: str) -> None:
    assert language_from_environment(environ) == language


def test_a_locale_names_its_language() -> None:
    assert language_of_locale("fr_FR.UTF-8@euro") == "fr"
    assert language_of_locale("POSIX") == "en"
    assert language_of_locale("es_ES") is None


def test_a_text_given_in_several_languages_falls_back_to_english() -> None:
    assert localized({"en": "Activities", "fr": "Activités"}, "fr") == "Activités"
    assert localized({"en": "Activities"}, "fr") == "Activities"
    assert localized("Activities", "fr") == "Activities"
    with use_language("fr"):
        assert localized({"en": "Activities", "fr": "Activités"}) == "Activités"


def test_numbers_are_spelled_by_the_french_rules() -> None:
    with use_language("fr"):
        assert text.share(0.275) == "27,5\N{NO-BREAK SPACE}%"
        assert text.score(37.25) == "37,2"
        assert text.gap(-1.25) == "-1,2"
        assert text.number(3000) == "3\N{NARROW NO-BREAK SPACE}000"
        assert text.money(5.19e9, "MAD") == "5,19 milliards MAD"
        assert text.money(1.5e6, "EUR") == "1,5 million EUR"
        assert text.qualified("2", "almost") == "près de 2"
        assert text.cell(None, "score") == "inconnu"
    # English is untouched, and the language is left when the block ends.
    assert text.share(0.275) == "27.5 %"
    assert text.money(5.19e9, "MAD") == "5.19 billion MAD"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"), use_language("de"):
        pass


def config_json(cli: Callable[..., Any], *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = cli(*args, "config", "--format", "json", env=env)
    assert result.exit_code == 0, result.output
    return {row["key"]: row for row in json.loads(result.stdout)["settings"]}


def test_the_language_comes_from_the_option_the_config_file_or_the_locale(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    english = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
    assert config_json(cli, env=english)["lang"]["value"] == "en"
    french_locale = {**english, "LANG": "fr_FR.UTF-8"}
    row = config_json(cli, env=french_locale)["lang"]
    assert (row["value"], row["origin"]) == ("fr", "LANG=fr_FR.UTF-8")
    assert config_json(cli, "--lang", "en", env=french_locale)["lang"]["origin"] == "--lang"
    (tmp_path / "clusterkit.toml").write_text('lang = "fr"\n', encoding="utf-8")
    row = config_json(cli, env=english)["lang"]
    assert (row["value"], row["origin"]) == ("fr", f"{(tmp_path / 'clusterkit.toml').resolve()}:1")


def test_a_config_file_with_a_language_clusterkit_lacks_is_an_error(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clusterkit.toml").write_text('lang = "de"\n', encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 2
    assert "clusterkit.toml:1: lang: must be one of en, fr, got 'de'" in result.stderr


def test_lang_may_stand_anywhere_and_a_wrong_one_is_a_usage_error(cli: Callable[..., Any]) -> None:
    assert cli("list", "--format", "json", "--lang", "fr").exit_code == 0
    assert cli("list", "--format", "json", "--lang=fr").exit_code == 0
    result = cli("list", "--lang", "de")
    assert result.exit_code == 2
    assert "de" in result.output


def test_an_english_run_loads_neither_babel_nor_a_catalogue(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERKIT_", "LC_"))}
    env.update({"LANG": "C.UTF-8", "XDG_CACHE_HOME": str(tmp_path)})
    probe = (
        "import sys; from clusterkit.cli import app; from clusterkit.cli.app import run; "
        "code = run(['compare', 'mnc', 'le2c', '--format', 'json']); "
        "from clusterkit.i18n import catalogue; "
        "print(code, any(m.split('.')[0] == 'babel' for m in sys.modules), catalogue.cache_info().currsize)"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False)
    assert proc.stdout.split()[-3:] == ["0", "False", "0"], proc.stderr[-2000:]


def test_french_puts_a_no_break_space_before_high_punctuation(french: Any) -> None:
    # NOTE: so a wrapped line never starts with ':', ';', '?' or '!' (docs/translating.md).
    wrong = []
    for entry in french:
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for translated in strings if entry.id else ():  # the header is not a translation
            if re.search(r" [:;?!](\s|$)", translated or ""):
                wrong.append(translated)
    assert wrong == []


def test_every_help_text_a_command_shows_is_marked_for_translation(french: Any) -> None:
    # A help text written as a plain string would show in English in a French run.
    import typer.main
    from typer._click.core import Context

    from clusterkit.cli import app
    from clusterkit.cli.app import COMMAND_MODULES
    from clusterkit.cli.params import HelpText

    group = typer.main.get_command(app)
    unmarked = []
    with Context(group, info_name="clusterkit") as root:
        for name in COMMAND_MODULES:
            command = group.get_command(root, name)
            texts = [("help", command.__dict__.get("help"))]
            texts += [(param.name, param.__dict__.get("help")) for param in command.get_params(root)]
            for where, help_text in texts:
                key = help_text.template if isinstance(help_text, HelpText) else help_text
                if key and french.get(key) is None:
                    unmarked.append(f"{name} {where}: {key!r}")
    assert unmarked == []
