"""The one rule for free text (directory/text.py): control characters, and for names and short
lines shown to others, invisible format characters too."""

from __future__ import annotations

import pytest

from directory.text import control_character, hidden_character


@pytest.mark.parametrize(
    "text, allow_newlines, found",
    [
        ("Plain words, numbers 1-5 and punctuation!", False, None),
        ("", False, None),
        (None, True, None),
        ("two\nlines\tand a tab", True, None),
        ("two\r\nlines", True, None),
        ("two\nlines", False, "U+000A"),
        ("a lone\rreturn", True, "U+000D"),
        ("nul\x00byte", True, "U+0000"),
        ("bell\x07", True, "U+0007"),
        ("zero\u200bwidth", True, None),  # a format character, not a control character
    ],
)
def test_control_character(text, allow_newlines, found):
    assert control_character(text, allow_newlines) == found


@pytest.mark.parametrize(
    "text, allow_newlines, found",
    [
        ("Ana Ruiz", False, None),
        ("Zoë O'Brien-Nguyễn", False, None),
        ("Ana\u202eziuR", False, "U+202E"),  # right-to-left override
        ("zero\u200bwidth", False, "U+200B"),
        ("soft\u00adhyphen", False, "U+00AD"),
        ("nul\x00", False, "U+0000"),
        ("two\nlines", False, "U+000A"),
        ("two\nlines", True, None),
        ("two\nlines\u2066", True, "U+2066"),
    ],
)
def test_hidden_character_adds_format_characters(text, allow_newlines, found):
    assert hidden_character(text, allow_newlines) == found
