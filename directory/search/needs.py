"""Reading what a person typed: a place, a name, a need ("sore lower back", "sports massage",
"rehab after knee surgery"), or a need and a place together ("back pain Fitzroy VIC").

The words of a need come from the synonym table beside the taxonomy
(``practitioners/synonyms.py``): each phrase chooses a specialty, a profession, or nothing (a
describing word such as "pain" or "knee"). What is left is tried as a place; in the name box
(``q``) it stays a name when it is no place. A real place is never lost to the table: when what
is left is no place, the whole text is tried as one ("Back Creek"). Decision 0011.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from directory.geo.errors import AmbiguousPlace, PlaceNotFound
from directory.geo.gazetteer import is_place_name
from directory.geo.geocoders import PlaceResolver
from directory.geo.normalise import STATE_NAMES, STATES, fold, zero_fill_postcode
from directory.practitioners.reference import reference
from directory.practitioners.synonyms import DESCRIBING, MAX_PHRASE_WORDS, MISSPELLINGS, NEEDS
from directory.search.params import SearchParams

# Single words of the table that a misspelling may be close to (long enough to judge closeness).
_CLOSE_TO = tuple(sorted({phrase for phrase in NEEDS if " " not in phrase and len(phrase) >= 6}))
_CLOSENESS = 0.85
_STATE_WORDS = {state.lower() for state in STATES} | {word for name in STATE_NAMES for word in name.split()}


@dataclass(frozen=True)
class Need:
    """What a search understood as a need: the words (folded) and what they chose."""

    words: str
    specialty: str | None
    profession: str | None


@dataclass(frozen=True)
class Reading:
    """Text taken apart: the need (None when no word of the table was found) and the words left."""

    need: Need | None
    rest: str


def _spelled(word: str) -> str:
    if word in NEEDS or word in DESCRIBING:
        return word
    if word in MISSPELLINGS:
        return MISSPELLINGS[word]
    if len(word) >= 6 and not word.isdigit():
        close = difflib.get_close_matches(word, _CLOSE_TO, n=1, cutoff=_CLOSENESS)
        if close:
            return close[0]
    return word


def read_text(text: str) -> Reading:
    """Find the need in ``text`` (longest phrases first) and return it with the words left, in
    their order. Pure: no database."""
    words = [_spelled(word) for word in fold(text or "").split()]
    found: list[str] = []
    specialty = profession = None
    rest: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            target = NEEDS.get(phrase)
            if target is not None:
                found.append(phrase)
                specialty = specialty or target[0]
                profession = profession or target[1]
                i += n
                break
        else:
            word = words[i]
            if word in DESCRIBING and not (rest and word in ("and", "of")):
                found.append(word)
            else:
                rest.append(word)
            i += 1
    need = Need(" ".join(found), specialty, profession) if found else None
    return Reading(need, " ".join(rest))


def _looks_like_a_place(rest: str) -> bool:
    """A trailing postcode or state: what is left names a place, not a person."""
    words = rest.split()
    return bool(words) and (zero_fill_postcode(words[-1]) is not None or words[-1] in _STATE_WORDS)


def understand(session: Session, params: SearchParams, resolver: PlaceResolver) -> tuple[SearchParams, Need | None]:
    """``params`` with the need in ``near`` or ``q`` turned into filters and the place moved to
    ``near``: (the search to run, the need understood or None). A filter the person chose wins
    over one the words suggest. Raises the resolver's AmbiguousPlace, and PlaceNotFound for a
    ``near`` that is neither a need nor a place."""
    need: Need | None = None
    changes: dict = {}
    if params.near is not None:
        reading = read_text(params.near)
        chooses = reading.need is not None and bool(reading.need.specialty or reading.need.profession)
        if chooses and not reading.rest and is_place_name(session, params.near):
            pass  # a place that reads like a need ("The Falls", "Needles"): the place, as typed
        elif chooses and not reading.rest:
            need, changes["near"] = reading.need, None
        elif reading.need is not None and reading.rest:
            try:
                _resolve(session, resolver, reading.rest, "near", params, reading.need)
                need, changes["near"] = reading.need, reading.rest
            except PlaceNotFound:
                pass  # what is left is no place: the whole text may be one ("Back Creek"), as typed
    if params.q is not None:
        reading = read_text(params.q)
        place_free = (params.near is None and params.lat is None) or ("near" in changes and changes["near"] is None)
        chooses = reading.need is not None and bool(reading.need.specialty or reading.need.profession)
        if chooses and not reading.rest:
            need, changes["q"] = _merge(need, reading.need), None
        elif place_free and reading.rest and (chooses or _looks_like_a_place(reading.rest)):
            try:
                _resolve(session, resolver, reading.rest, "q", params, reading.need if chooses else None)
            except PlaceNotFound:
                pass  # a name with a word of the table in it ("Back to Health"): left as it is
            else:
                changes.update(q=None, near=reading.rest, lat=None, lng=None)
                if chooses:
                    need = _merge(need, reading.need)
    if need is None and not changes:
        return params, None
    if need is not None:
        changes.update(_filters(session, params, need))
    understood = replace(params, **changes)
    if understood.sort == "relevance" and not understood.q:
        understood = replace(understood, sort=None)
    if understood.sort == "distance" and not understood.has_location:
        understood = replace(understood, sort=None)
    return understood, need


def _resolve(session, resolver, text: str, field: str, params: SearchParams, need: Need | None) -> None:
    """Resolve ``text`` as a place. An ambiguous place carries the search as understood so far
    (``error.understood``), so that each choice keeps the need's filters."""
    try:
        resolver.resolve(session, text, field=field)
    except AmbiguousPlace as error:
        understood = replace(params, q=None if field == "q" else params.q, near=None)
        if need is not None:
            understood = replace(understood, **_filters(session, params, need))
        error.understood = understood
        raise


def _merge(first: Need | None, second: Need) -> Need:
    if first is None:
        return second
    return Need(
        f"{first.words} {second.words}".strip(),
        first.specialty or second.specialty,
        first.profession or second.profession,
    )


def _filters(session: Session, params: SearchParams, need: Need) -> dict:
    """The filters a need sets where the person set none. A specialty that one profession alone
    offers wins over a profession word that contradicts it ("physio sports massage")."""
    ref = reference(session)
    changes: dict = {}
    profession = params.profession or need.profession
    specialty = params.specialty or need.specialty
    if specialty and not params.specialty:
        applies = ref.specialty(specialty).professions
        if params.profession and params.profession not in applies:
            specialty = None  # the person chose the profession; this specialty is not of it
        elif profession and profession not in applies:
            profession = None
        if specialty:
            changes["specialty"] = specialty
    if profession and not params.profession:
        changes["profession"] = profession
    return changes
