"""The one rule for free text (directory/text.py): control characters, and for names and short
lines shown to others, invisible format characters too."""

from __future__ import annotations

import random
import unicodedata

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


def _by_the_rule_before(text: str, allow_newlines: bool) -> str | None:
    """The rule as it was first written: each character asked of unicodedata."""
    allowed = "\n\t" if allow_newlines else ""
    for index, ch in enumerate(text):
        if unicodedata.category(ch) != "Cc" or ch in allowed:
            continue
        if ch == "\r" and allow_newlines and text[index + 1 : index + 2] == "\n":
            continue
        return f"U+{ord(ch):04X}"
    return None


def test_every_control_character_of_unicode_is_found():
    """The expression's ranges are Unicode's category Cc, no more and no less."""
    controls = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"]
    assert controls == [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))]
    for ch in controls:
        for allow_newlines in (True, False):
            text = f"a{ch}b"
            assert control_character(text, allow_newlines) == _by_the_rule_before(text, allow_newlines), repr(ch)


def test_the_first_control_character_is_named_as_before():
    rng = random.Random(9)
    alphabet = ["a", "é", " ", "\n", "\r", "\t", "\r\n", "\x00", "\x85", "\u200b", "\x7f", "\x9f", "\xa0"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for allow_newlines in (True, False):
            assert control_character(text, allow_newlines) == _by_the_rule_before(text, allow_newlines), repr(text)
