"""Control characters from profiles shown as escapes, so no text can drive the reader's terminal."""

from __future__ import annotations

# C0 and C1 control characters and DEL as visible escapes: a profile's "\x1b]0;...\x07" must not
# drive the reader's terminal. A tab becomes a space (the grid counts every character as one
# column); a newline stays a line break within its cell.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c != 0x0A}
_CONTROLS[0x09] = " "
# Bidirectional marks, embeddings, overrides and isolates reorder the text around them on screen (a
# "Trojan Source" name can look like another): shown as escapes such as ``\u202e`` too.
BIDI_CONTROLS: tuple[int, ...] = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_CONTROLS.update({c: f"\\u{c:04x}" for c in BIDI_CONTROLS})


def visible(text: str) -> str:
    """``text`` with every control character but the newline, and every bidirectional control, shown as an
    escape such as ``\\x1b`` or ``\\u202e``."""
    if text.isprintable():  # the common case: nothing to replace
        return text
    return text.translate(_CONTROLS)
