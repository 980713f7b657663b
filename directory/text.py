"""The one rule for free text typed by people: no control characters but newline and tab.

A NUL byte or another control character has no place in a name, a review or a bio: it cannot be
shown, PostgreSQL refuses to store NUL, and terminals and e-mail clients may act on the others.
Every form (``directory.forms.Form``), the query parameters of every request (``core.hooks``) and
the CSV importer call ``control_character`` so the rule and its message live here. Names and short
lines shown to other people (a reviewer's name, a dispute's requester, a reported correction) also
refuse invisible format characters, by ``hidden_character``.
"""

from __future__ import annotations

import re
import unicodedata

MESSAGE = "Remove the control characters (invisible codes such as NUL) from this text."


# Unicode's control characters (category Cc) are exactly U+0000-U+001F and U+007F-U+009F, fixed by
# the standard (tests/core/test_text.py checks them against unicodedata). One regular expression
# finds the first far faster than asking unicodedata about each character of a long bio.
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# With newlines allowed: not newline or tab, and a carriage return only as part of CRLF.
_CONTROL_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def control_character(text: str | None, allow_newlines: bool = True) -> str | None:
    """The first control character in ``text`` (as ``U+0000``), or None when there is none.

    Newline and tab are allowed where ``allow_newlines`` (multi-line text); a carriage return
    is allowed only as part of a CRLF line break, as browsers send it.
    """
    if not text:
        return None
    found = (_CONTROL_BUT_LINE_BREAKS if allow_newlines else _ANY_CONTROL).search(text)
    return f"U+{ord(found.group()):04X}" if found else None


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
