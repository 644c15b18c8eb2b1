"""Terminal layout: how wide a text is, wrapping at spaces (and in prose after a compound's hyphen), and column
widths that fit a terminal.

A grid fits when every column that must stay whole (identifiers, ranks, numbers) keeps its widest
cell and every text column can wrap at spaces without cutting a word; otherwise the caller shows the
table as records. Words are never cut: a URL or a citation longer than the width stays whole on a line
of its own.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# A text column shrinks to its longest word, but no narrower than this unless all of it is narrower:
# columns of two or three words a line are hard to read.
MIN_TEXT = 8
# A long header (a dimension's name) wraps to this width, or to its cells when they are wider.
HEADER_WRAP = 12
# NOTE: only ASCII spaces break a line: a no-break space (as in "27.5\u00a0%") holds its words together.
_WORDS = re.compile(r"([ \t\n\r\f\v]*)([^ \t\n\r\f\v]+)")
# A compound of words ("Textile-Clothing", "Value-chain") may break after its hyphen; a word with a digit,
# a slash, a colon or an @ (a citation key, an id such as axis-1, a URL, an address) never does.
_COMPOUND = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})+")
_AFTER_HYPHEN = re.compile(r"(?<=-)")
_WORD = re.compile(r"[^ \t\n\r\f\v]+")


def _pieces(paragraph: str, hyphens: bool) -> list[tuple[str, str]]:
    """The (space before, word) pieces of a paragraph; with ``hyphens`` a compound's parts are pieces too."""
    found = _WORDS.findall(paragraph)
    if not hyphens:
        return found
    pieces: list[tuple[str, str]] = []
    for space, word in found:
        if _COMPOUND.fullmatch(word):
            parts = _AFTER_HYPHEN.split(word)
            pieces.append((space, parts[0]))
            pieces.extend(("", part) for part in parts[1:])
        else:
            pieces.append((space, word))
    return pieces


def one_narrow_line_each(texts: list[str]) -> bool:
    """Whether each text is one line of characters one column wide: a text's width is then its length.

    NOTE: a long table's columns are measured with C-speed string methods when this holds (the common case).
    """
    joined = "\x00".join(texts) + "\x00"  # NUL breaks no line; the last one finds a text's final line break
    return (joined.isascii() or max(joined) < "\u0370") and len(joined.splitlines()) == 1


def text_width(text: str) -> int:
    """Columns a text takes on a terminal: East Asian wide and full-width characters take two."""
    # NOTE: no character below U+0370 is wide (accented Latin is not): one C-speed test.
    if text.isascii() or max(text) < "\u0370":
        return len(text)
    return _wide_text_width(text)


@functools.lru_cache(maxsize=4096)
def _wide_text_width(text: str) -> int:
    # NOTE: remembered: a long table repeats such texts (a score bar's blocks, a French "27,5 %").
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_words(
    text: str, width: int, first: str = "", later: str = "", *, keep_lines: bool = False, hyphens: bool = False
) -> list[str]:
    """Lines of at most ``width`` columns, broken at spaces only; a word longer than the width gets a line of its own.

    ``first`` and ``later`` indent the first and the following lines. With ``keep_lines`` each line of
    ``text`` starts a new line (a cell's own line breaks); otherwise line breaks count as spaces.
    With ``hyphens`` a compound of words may also break after a hyphen (prose, never an identifier).
    """
    paragraphs = text.splitlines() if keep_lines else [text]
    lines: list[str] = []
    for paragraph in paragraphs or [""]:
        line, used = (first if not lines else later), False
        # NOTE: the spaces between words are kept ("id  title"), and dropped where a line breaks.
        for space, word in _pieces(paragraph, hyphens):
            space = " " * len(space)
            # NOTE: a piece after a hyphen joins its line without a space, or starts the next one.
            if used and text_width(line) + len(space) + text_width(word) > width:
                lines.append(line)
                line = later + word
            else:
                line = line + space + word if used else line + word
            used = True
        lines.append(line if used else line.rstrip())
    return [_outdented(line, width) for line in lines]


def _outdented(line: str, width: int) -> str:
    """A line of one word too wide for its indent, with less indent (none when the word alone is too wide)."""
    word = line.lstrip(" ")
    if text_width(line) <= width or " " in word:
        return line
    return " " * max(0, width - text_width(word)) + word


def longest_word(text: str, hyphens: bool = False) -> int:
    """The width of the longest word of a text (0 for none); with ``hyphens``, of a compound's longest part."""
    words = _WORD.findall(text)
    if hyphens and "-" in text:
        words = [
            part
            for word in words
            for part in (_AFTER_HYPHEN.split(word) if "-" in word and _COMPOUND.fullmatch(word) else (word,))
        ]
    if not words:
        return 0
    if text.isascii() or max(text) < "\u0370":
        return max(map(len, words))
    return max(map(text_width, words))


def widest_line(text: str) -> int:
    """The width of the widest line of a text (0 for none)."""
    if "\n" not in text and "\r" not in text:
        return text_width(text)  # NOTE: most cells are one line: a long table is measured quickly
    return max((text_width(line) for line in text.splitlines()), default=0)


def widest_of(texts: list[str]) -> int:
    """The width of the widest line of any of the texts (0 for none)."""
    if one_narrow_line_each(texts):
        return max(map(len, texts), default=0)
    return max(map(widest_line, texts), default=0)


@dataclass(frozen=True)
class Measure:
    """One column's widths: ``loose`` shows it without wrapping a cell (a long header wraps to its cells),
    ``least`` is the narrowest it may be (a whole column's widest cell, a text column's longest word)."""

    loose: int
    whole: bool
    header: str
    widest: int
    cells: list[str]
    hyphens: bool

    @functools.cached_property
    def least(self) -> int:
        # NOTE: found only when the loose widths do not fit: a text column's every word is looked at.
        if self.whole:
            return max(self.widest, longest_word(self.header))
        # NOTE: the cells' words are the words of the cells joined by line breaks: measured in one call.
        words = longest_word("\n".join(self.cells), hyphens=self.hyphens)
        return max(words, longest_word(self.header), min(self.loose, MIN_TEXT))


def loose_header(header: str, widest: int) -> list[str]:
    """A header's lines when its column has room: whole when short, else wrapped to its cells (at least 12)."""
    return wrap_words(header, max(widest, min(text_width(header), HEADER_WRAP)))


def measure(header: str, cells: list[str], whole: bool, hyphens: bool = True) -> Measure:
    """The widths of a column of ``cells`` (already spelled) under ``header``; ``whole`` columns never wrap,
    and a column of prose (``hyphens``) may break a compound after its hyphen."""
    widest = widest_of(cells)
    loose = max([widest, *(text_width(line) for line in loose_header(header, widest))])
    return Measure(loose, whole, header, widest, cells, hyphens)


def fit(measures: list[Measure], room: int) -> list[int] | None:
    """Column widths whose sum is at most ``room``, or None when the grid cannot fit.

    Columns keep their loose widths when those fit; else whole columns take their least width (their
    headers wrap) and the widest text columns give way first, never below their least width.
    """
    widths = [m.loose for m in measures]
    if sum(widths) <= room:
        return widths
    widths = [m.least if m.whole else m.loose for m in measures]
    text = [i for i, m in enumerate(measures) if not m.whole]
    while sum(widths) > room:
        shrinkable = [i for i in text if widths[i] > measures[i].least]
        if not shrinkable:
            return None
        widths[max(shrinkable, key=lambda i: widths[i])] -= 1
    return widths


def wrap_cell(text: str, width: int, whole: bool, hyphens: bool = True) -> str:
    """A cell's text wrapped at spaces (and, in prose, after a compound's hyphen) to ``width``; a whole
    column's cell as it is."""
    if whole or widest_line(text) <= width:
        return text
    return "\n".join(wrap_words(text, width, keep_lines=True, hyphens=hyphens))
