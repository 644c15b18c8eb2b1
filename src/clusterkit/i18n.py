"""The language a person reads: English, or French from the gettext catalogues in ``locale/``.

Every text meant for people is marked in the code: ``_("...")`` translates where it is used,
``N_("...")`` only marks a constant that is translated where it is shown, and ``ngettext`` picks
a singular or plural. English is the source language: an English run loads no catalogue and no
Babel. The language of a run is set by the CLI (``--lang``, the config file, else the locale of
the environment) with :func:`use_language`; a library caller may do the same. It is held in a
context variable, as :mod:`decimal` holds its context, so nested or concurrent runs each keep
their own. docs/translating.md says how to add a language.
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "clusterkit"
SOURCE_LANGUAGE = "en"
# The languages clusterkit speaks; a catalogue in locale/LANG/LC_MESSAGES adds one.
LANGUAGES: tuple[str, ...] = ("en", "fr")
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "fr": "Français"}
# The locale variables that choose the language of messages, in POSIX order of precedence.
LOCALE_VARIABLES: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")

LOCALE_DIR = Path(__file__).parent / "locale"

_language: ContextVar[str] = ContextVar("clusterkit_language", default=SOURCE_LANGUAGE)


def language_of_locale(value: str | None) -> str | None:
    """The language a locale names, if clusterkit speaks it: ``fr_FR.UTF-8`` -> ``fr``; ``C`` -> ``en``."""
    if not value:
        return None
    code = value.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].split("-", 1)[0].lower()
    if code in ("c", "posix"):
        return SOURCE_LANGUAGE
    return code if code in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str]) -> str:
    """The language the environment asks for: the first locale variable set decides (POSIX), else English."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            # NOTE: the first variable that is set decides, even when it names a language clusterkit lacks.
            return language_of_locale(value) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def current_language() -> str:
    """The language of what is being written now."""
    return _language.get()


@contextlib.contextmanager
def use_language(language: str) -> Iterator[None]:
    """Write in ``language`` inside the ``with`` block; raises ValueError for a language clusterkit lacks."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


@functools.cache
def catalogue(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of a language (read once); an empty one when it is missing."""
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """``message`` in the current language (itself in English, or when no translation exists)."""
    language = _language.get()
    if language == SOURCE_LANGUAGE or not message:
        return message
    return catalogue(language).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message for ``count``, in the current language."""
    language = _language.get()
    if language == SOURCE_LANGUAGE:
        return singular if count == 1 else plural
    return catalogue(language).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English words by ``context``."""
    language = _language.get()
    if language == SOURCE_LANGUAGE:
        return message
    return catalogue(language).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a constant for translation without translating it: pass it to :func:`_` where it is shown."""
    return message


class LocalText(str):
    """A document's text in several languages: as a ``str`` it is the English text (or, without one, the
    first language given); :func:`localized` gives it in the language of the run.

    A document may write such a field as a plain string (English) or as a mapping of language to text
    (``{en: Activities, fr: Activités}``).
    """

    translations: Mapping[str, str]

    def __new__(cls, translations: Mapping[str, str]) -> LocalText:
        shown = translations.get(SOURCE_LANGUAGE) or next(iter(translations.values()), "")
        text = super().__new__(cls, shown)
        text.translations = dict(translations)
        return text

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this text is given in."""
        return tuple(self.translations)

    def __reduce__(self) -> tuple[type[LocalText], tuple[dict[str, str]]]:
        return (LocalText, (dict(self.translations),))


def localized(text: str | Mapping[str, str], language: str | None = None) -> str:
    """A text a document gives in one language or several (``{en: ..., fr: ...}``), in ``language``
    (default: the run's). Falls back to English, then to the first language given."""
    translations = text.translations if isinstance(text, LocalText) else text
    if isinstance(translations, str):
        return translations
    language = language or _language.get()
    for choice in (language, SOURCE_LANGUAGE):
        if translations.get(choice):
            return translations[choice]
    return next((value for value in translations.values() if value), "")
