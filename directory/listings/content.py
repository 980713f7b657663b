"""A listing's "difference" section (physiotherapy or remedial massage?) and the guide's lists,
put together from the wording in wording.py for one listing's profession, specialties and ways to pay."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from directory.listings import wording
from directory.practitioners.taxonomy import PHYSIO

MAX_SPECIALTY_NOTES = 3


@dataclass(frozen=True)
class Difference:
    """The short, tailored difference section of one listing (rendered by `_difference.html`);
    the full guide says the rest."""

    profession_slug: str
    other_slug: str
    heading: str
    summary: list[str]  # what this practitioner's profession does, in two or three sentences
    differs: str  # the one difference that matters most, said once
    choose_this: list[str]  # finish "Choose a … when…"
    choose_other: list[str]  # finish "A … may suit better when…"
    paying: str | None  # what this listing's ways to pay mean, next to the other profession's
    specialty_note: str | None  # the first of the listing's specialties that has a note
    see_a_doctor_first: list[str]


SHORT_FITS_SHOWN = 3
OTHER_FITS_SHOWN = 2


def _slugs(specialty_slugs: Iterable[str]) -> set[str]:
    """Normalise the given specialties to a set of slugs (Specialty objects are accepted too)."""
    result: set[str] = set()
    for item in specialty_slugs or ():
        slug = getattr(item, "slug", item)
        if isinstance(slug, str):
            result.add(slug.strip().lower())
    return result


def specialty_notes_for(profession_slug: str, specialty_slugs: Iterable[str]) -> list[str]:
    """Return at most three notes for the listing's specialties, in a fixed priority order.

    Unknown specialties, and specialties that do not apply to the profession, are ignored.
    Raises ValueError for an unknown profession slug.
    """
    if profession_slug not in wording.SPECIALTY_NOTES:
        raise ValueError(f"unknown profession: {profession_slug!r}")
    wanted = _slugs(specialty_slugs)
    notes = [note for slug, note in wording.SPECIALTY_NOTES[profession_slug].items() if slug in wanted]
    return notes[:MAX_SPECIALTY_NOTES]


def see_a_doctor_first_for(profession_slug: str, specialty_slugs: Iterable[str]) -> list[str]:
    """Return the "see a doctor first if…" bullets: the generic list plus specialty extras.

    Only specialties that apply to the profession add extras.
    Raises ValueError for an unknown profession slug.
    """
    if profession_slug not in wording.APPLIES_TO:
        raise ValueError(f"unknown profession: {profession_slug!r}")
    wanted = _slugs(specialty_slugs) & wording.APPLIES_TO[profession_slug]
    flags = list(wording.SEE_A_DOCTOR_FIRST)
    flags.extend(flag for triggers, flag in wording.EXTRA_RED_FLAGS if triggers & wanted)
    return flags


def _fits(profession_slug: str, wanted: set[str], shown: int) -> list[str]:
    """The bullets whose specialties the listing has first (in their order), then the rest."""
    fits = wording.SHORT_FITS[profession_slug]
    first = [text for text, triggers in fits if triggers & wanted]
    rest = [text for text, triggers in fits if not triggers & wanted]
    return (first + rest)[:shown]


def paying_for(profession_slug: str, payer_slugs: Iterable[str]) -> str | None:
    """What the listing's ways to pay mean beside the other profession (None when it lists none).
    Never says that Medicare pays for massage; says once that it can pay for physiotherapy."""
    payers = _slugs(payer_slugs)
    if profession_slug == PHYSIO:
        if "medicare-care-plan" in payers:
            return (
                "You can use a Medicare plan here, with a referral from your general practitioner (GP). "
                "Medicare does not pay for remedial massage."
            )
        if payers & set(wording.PHYSIO_ONLY_PAYERS) or "workcover" in payers:
            return "Insurers and government schemes pay for physiotherapy more often than for massage."
        return None
    if {"private-health", "hicaps"} & payers:
        return (
            "You may claim on your health fund extras here. Medicare does not pay for massage, "
            "but it can pay for physiotherapy with a plan from your general practitioner (GP)."
        )
    return (
        "Medicare does not pay for massage. It can pay for physiotherapy with a plan from your "
        "general practitioner (GP)."
    )


def difference_for(
    profession_slug: str,
    specialty_slugs: Iterable[str],
    practitioner_name: str,
    payer_slugs: Iterable[str] = (),
) -> Difference:
    """Build the short difference section for one listing: its profession, its specialties, its
    ways to pay. The returned text is plain (not HTML): the template escapes it.
    Raises ValueError for an unknown profession slug."""
    if profession_slug not in wording.LABEL:
        raise ValueError(f"unknown profession: {profession_slug!r}")
    other_slug = wording.OTHER[profession_slug]
    this_label, other_label = wording.LABEL[profession_slug], wording.LABEL[other_slug]
    wanted = _slugs(specialty_slugs) & wording.APPLIES_TO[profession_slug]
    summary = list(wording.SUMMARY[profession_slug])
    name = " ".join((practitioner_name or "").split())
    if name:
        summary.insert(0, f"{name} is a {this_label}.")
    notes = specialty_notes_for(profession_slug, wanted)
    extra_flags = [flag for triggers, flag in wording.EXTRA_RED_FLAGS if triggers & wanted][:1]
    return Difference(
        profession_slug=profession_slug,
        other_slug=other_slug,
        heading=f"{this_label.capitalize()} or {other_label}?",
        summary=summary,
        differs=wording.DIFFERS[profession_slug],
        choose_this=_fits(profession_slug, wanted, SHORT_FITS_SHOWN),
        choose_other=_fits(other_slug, set(), OTHER_FITS_SHOWN),
        paying=paying_for(profession_slug, payer_slugs),
        specialty_note=notes[0] if notes else None,
        see_a_doctor_first=[*wording.SHORT_RED_FLAGS, *extra_flags],
    )


def guide_lists() -> dict[str, list[str]]:
    """The lists the full guide page shows, from the same copy the listings use."""
    red_flags = list(wording.SEE_A_DOCTOR_FIRST)
    red_flags += [flag for _, flag in wording.EXTRA_RED_FLAGS if flag not in red_flags]
    return {
        "physio_fits": list(wording.PHYSIO_FITS),
        "rmt_fits": list(wording.RMT_FITS),
        "see_a_doctor_first": red_flags,
    }
