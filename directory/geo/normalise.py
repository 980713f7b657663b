"""Normalising place names and splitting what a visitor typed into name, state and postcode."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

STATES = ("ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA")
STATE_NAMES = {
    "australian capital territory": "ACT",
    "new south wales": "NSW",
    "northern territory": "NT",
    "queensland": "QLD",
    "south australia": "SA",
    "tasmania": "TAS",
    "victoria": "VIC",
    "western australia": "WA",
}
# Abbreviations expanded on both sides, so "Mt Waverley" and "Mount Waverley" meet.
_ABBREVIATIONS = {"mt": "mount", "st": "saint", "pt": "point", "ft": "fort"}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, strip accents, turn punctuation into spaces and collapse whitespace."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only.lower()).strip()


def normalise_name(text: str) -> str:
    """The form stored in ``places.name_norm`` and compared against queries."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in fold(text).split())


@dataclass(frozen=True)
class PlaceQuery:
    """What a visitor typed, taken apart. ``name`` is normalised; any part may be missing."""

    name: str | None
    state: str | None
    postcode: str | None

    @property
    def is_postcode_only(self) -> bool:
        return self.name is None and self.postcode is not None


def zero_fill_postcode(token: str) -> str | None:
    """``"870"`` → ``"0870"``; ``None`` for anything that cannot be an Australian postcode."""
    if token.isdigit() and 3 <= len(token) <= 4:
        return token.zfill(4)
    return None


def parse_place_query(text: str) -> PlaceQuery | None:
    """Split ``"Alice Springs NT 0870"``, ``"fitzroy, sa"``, ``"2000"`` or ``"870"`` into parts.

    Returns ``None`` when nothing usable is left after normalising (empty or punctuation).
    The state and postcode may come in either order at the end of the text.
    """
    words = fold(text).split()
    if len(words) > 1 and words[-1] == "australia":
        words = words[:-1]
    postcode = None
    if len(words) > 1 and (filled := zero_fill_postcode(words[0])) is not None and len(words[0]) == 4:
        # "3065 Fitzroy": a postcode first.
        postcode, words = filled, words[1:]
    if not words or (len(words) == 1 and words[0].upper() in STATES and postcode is None):
        # Nothing, or a bare state ("VIC"): not a place to centre a search on.
        return None
    state = None
    # Peel a trailing postcode and state (in either order) off the end.
    for _ in range(2):
        if not words:
            break
        last = words[-1]
        if postcode is None and (filled := zero_fill_postcode(last)) is not None:
            postcode, words = filled, words[:-1]
            continue
        if state is None and last.upper() in STATES and (len(words) > 1 or postcode is not None):
            state, words = last.upper(), words[:-1]
            continue
        if state is None:
            for full, abbr in STATE_NAMES.items():
                n = len(full.split())
                if len(words) > n and " ".join(words[-n:]) == full:
                    state, words = abbr, words[:-n]
                    break
            else:
                break
    name = " ".join(_ABBREVIATIONS.get(word, word) for word in words) or None
    return PlaceQuery(name=name, state=state, postcode=postcode)
