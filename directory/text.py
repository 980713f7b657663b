"""The one rule for free text typed by people: no control characters but newline and tab.

A NUL byte or another control character has no place in a name, a review or a bio: it cannot be
shown, PostgreSQL refuses to store NUL, and terminals and e-mail clients may act on the others.
Every form (``directory.forms.Form``), the query parameters of every request (``core.hooks``) and
the CSV importer call ``control_character`` so the rule and its message live here. Names and short
lines shown to other people (a reviewer's name, a dispute's requester, a reported correction) also
refuse invisible format characters, by ``hidden_character``.
"""

from __future__ import annotations

import unicodedata

ALLOWED_CONTROLS = frozenset("\n\t")
MESSAGE = "Remove the control characters (invisible codes such as NUL) from this text."


def control_character(text: str | None, allow_newlines: bool = True) -> str | None:
    """The first control character in ``text`` (as ``U+0000``), or None when there is none.

    Newline and tab are allowed where ``allow_newlines`` (multi-line text); a carriage return
    is allowed only as part of a CRLF line break, as browsers send it.
    """
    if not text:
        return None
    allowed = ALLOWED_CONTROLS if allow_newlines else frozenset()
    for index, ch in enumerate(text):
        if unicodedata.category(ch) != "Cc" or ch in allowed:
            continue
        if ch == "\r" and allow_newlines and text[index + 1 : index + 2] == "\n":
            continue
        return f"U+{ord(ch):04X}"
    return None


def hidden_character(text: str | None, allow_newlines: bool = False) -> str | None:
    """The first control character (as ``control_character``) or invisible format character
    (Unicode category Cf: bidirectional overrides, zero-width spaces) in ``text``, or None.

    For text shown to other people where such a character could make one name or one statement
    read as another.
    """
    found = control_character(text, allow_newlines)
    if found or not text:
        return found
    for ch in text:
        if unicodedata.category(ch) == "Cf":
            return f"U+{ord(ch):04X}"
    return None
