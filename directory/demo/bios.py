"""The demo practitioners' biographies, written from the vocabulary's sentences with the
generator's random stream (so a seed gives the same words every time)."""

from __future__ import annotations

from collections.abc import Sequence
from random import Random

from directory.demo.vocabulary import (
    DIPLOMAS,
    FOCUS,
    HOBBIES,
    MASSAGE_APPROACH,
    MASSAGE_INTROS,
    PHYSIO_APPROACH,
    PHYSIO_DEGREES,
    PHYSIO_INTROS,
    PHYSIO_SETTINGS,
)


def diploma_for(year: int) -> str:
    """The code of the Diploma of Remedial Massage of a therapist who qualified in ``year``."""
    return next(code for first_year, code in DIPLOMAS if year >= first_year)


def _join_list(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def write_bio(
    rng: Random, first: str, physio: bool, spec_names: list[str], language: str | None, has_fund: bool
) -> str:
    """A practitioner's short biography: how and when they qualified, what they focus on, and now
    and then how they work, a language they speak or what they do outside work."""
    years = rng.randint(1, 25)
    year = 2026 - years
    if physio:
        intro = rng.choice(PHYSIO_INTROS).format(
            first=first, year=year, degree=rng.choice(PHYSIO_DEGREES), setting=rng.choice(PHYSIO_SETTINGS)
        )
        approach = list(PHYSIO_APPROACH)
    else:
        code = diploma_for(year)
        diploma = f"the Diploma of Remedial Massage ({code})"
        intro = rng.choice(MASSAGE_INTROS).format(first=first, year=year, diploma=diploma)
        approach = list(MASSAGE_APPROACH)
        if has_fund:
            approach.append("Health-fund rebates are available for eligible members.")
    names = [_lower_first(n) for n in spec_names]
    picked = rng.sample(names, min(len(names), 3))
    template = rng.choice(FOCUS) if len(picked) > 1 else FOCUS[2]
    focus = template.format(first=first, a=picked[0], b=picked[-1], list=_join_list(picked))
    sentences = [intro, focus]
    extras: list[str] = []
    if language:
        extras.append(f"{first} also speaks {language}.")
    n_extra = rng.randint(0, 2)
    while len(extras) < n_extra:
        if rng.random() < 0.75:
            sentence = rng.choice(approach).format(first=first)
        else:
            sentence = f"Outside work, {first} enjoys {rng.choice(HOBBIES)}."
        if sentence not in extras:
            extras.append(sentence)
    if language:  # the languages sentence reads best last
        extras = extras[1:] + extras[:1]
    return " ".join(sentences + extras)
