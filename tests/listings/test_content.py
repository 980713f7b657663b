"""Unit tests for the listing's short "difference" copy (no app or database needed)."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re

import pytest

from directory.listings.content import Difference, difference_for, specialty_notes_for
from directory.practitioners.taxonomy import PHYSIO, RMT, SPECIALTIES

ALL_SLUGS = [slug for slug, _name, _professions in SPECIALTIES]
SLUGS_FOR = {
    profession: [slug for slug, _name, professions in SPECIALTIES if profession in professions]
    for profession in (PHYSIO, RMT)
}

# The only ways a sentence about a remedial massage therapist may mention diagnosis.
NEGATION = re.compile(r"\b(?:do not|does not|don't|doesn't|not)\b[^.;:]*\bdiagnos", re.IGNORECASE)
PAYERS = ("private-health", "hicaps", "medicare-care-plan", "dva", "workcover", "ctp", "ndis")
PHYSIO_OR_DOCTOR = re.compile(r"physiotherapist|doctor|\bGP\b", re.IGNORECASE)


def _texts(difference: Difference) -> list[str]:
    """Every piece of visible copy in a Difference."""
    texts = [difference.heading, *difference.summary, difference.differs]
    texts += [text for text in (difference.paying, difference.specialty_note) if text]
    for field in ("choose_this", "choose_other", "see_a_doctor_first"):
        texts.extend(getattr(difference, field))
    return texts


def _clauses(text: str) -> list[str]:
    """Split copy into sentences and clauses (on . ; : ! ? and dashes)."""
    parts = re.split(r"[.;:!?]\s+|[.;:!?]$|\s[\u2014\u2013-]\s", text)
    return [part.strip() for part in parts if part.strip()]


def _everything() -> list[Difference]:
    """A spread of differences: each profession with no, one and all specialties."""
    result = []
    for profession in (PHYSIO, RMT):
        result.append(difference_for(profession, [], "Alex Example"))
        result.append(difference_for(profession, ALL_SLUGS, "", ["private-health", "medicare-care-plan"]))
        result.extend(difference_for(profession, [slug], "Sam Sample") for slug in ALL_SLUGS)
        result.extend(difference_for(profession, [], "A", [payer]) for payer in PAYERS)
    return result


@pytest.mark.parametrize("profession, other", [(PHYSIO, RMT), (RMT, PHYSIO)])
def test_each_profession_names_both_professions(profession, other):
    difference = difference_for(profession, [], "Alex Example")
    assert isinstance(difference, Difference)
    assert difference.profession_slug == profession
    assert difference.other_slug == other
    text = " ".join(_texts(difference)).lower()
    assert "physiotherapist" in text
    assert "remedial massage therapist" in text
    label = profession.replace("-", " ")
    assert label in difference.heading.lower()
    assert other.replace("-", " ") in difference.heading.lower()


@pytest.mark.parametrize("profession", [PHYSIO, RMT])
def test_all_parts_are_present_and_short(profession):
    difference = difference_for(profession, [], "Alex Example")
    assert difference.summary and difference.differs
    assert len(difference.choose_this) == 3 and len(difference.choose_other) == 2
    assert difference.see_a_doctor_first
    assert difference.specialty_note is None
    for text in _texts(difference):
        assert isinstance(text, str) and text.strip() == text and text
    # Short: a few sentences, not a guide (about 600 words before issue 11; the guide has the rest).
    assert len(" ".join(_texts(difference_for(profession, ALL_SLUGS, "A", PAYERS))).split()) < 250


def test_choose_lists_are_tailored_to_the_specialties():
    assert difference_for(PHYSIO, [], "A").choose_this[0].startswith("you have a new injury")
    surgery = difference_for(PHYSIO, ["post-surgical-rehabilitation"], "A").choose_this
    assert surgery[0] == "you are getting better after surgery or a broken bone"
    assert difference_for(RMT, ["sports-massage"], "A").choose_this[0].startswith("you want regular massage")
    assert difference_for(RMT, ["pregnancy-massage"], "A").choose_this[0].startswith("you are pregnant")
    # The other profession's bullets are its defaults, whatever this listing offers.
    assert difference_for(PHYSIO, ["sports-injuries"], "A").choose_other == difference_for(PHYSIO, [], "A").choose_other


def test_practitioner_name_opens_the_summary_and_is_optional():
    named = difference_for(PHYSIO, [], "  Dr Jane   Citizen ")
    assert named.summary[0] == "Dr Jane Citizen is a physiotherapist."
    for blank in ("", "   "):
        unnamed = difference_for(RMT, [], blank)
        assert unnamed.summary[0].startswith("Remedial massage therapists")
        assert "None" not in " ".join(_texts(unnamed))


def test_does_not_diagnose_is_said_once_on_a_massage_listing():
    for difference in _everything():
        text = " ".join(_texts(difference)).lower()
        assert text.count("diagnos") <= 1, text


def test_ways_to_pay_are_tailored_and_never_say_medicare_pays_for_massage():
    physio = difference_for(PHYSIO, [], "A", ["medicare-care-plan", "private-health"]).paying
    assert "Medicare plan here" in physio and "general practitioner (GP)" in physio
    assert difference_for(PHYSIO, [], "A", ["private-health"]).paying is None
    assert "schemes pay for physiotherapy" in difference_for(PHYSIO, [], "A", ["workcover"]).paying
    rmt = difference_for(RMT, [], "A", ["private-health"]).paying
    assert "health fund extras here" in rmt and "Medicare does not pay for massage" in rmt
    assert "Medicare does not pay for massage" in difference_for(RMT, [], "A", []).paying
    for difference in _everything():
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(_texts(difference))):
            if "Medicare" in sentence and "massage" in sentence:
                assert "does not pay" in sentence or "cannot" in sentence, sentence


def test_knots_are_tight_tender_spots_and_adhesions_are_not_repeated():
    for difference in _everything():
        for text in _texts(difference):
            assert "adhesion" not in text.lower(), text


# --- specialties ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "profession, slug, expected",
    [
        (PHYSIO, "pelvic-health", "Pelvic-health physiotherapy"),
        (PHYSIO, "vestibular", "dizziness and balance"),
        (PHYSIO, "post-surgical-rehabilitation", "After surgery"),
        (PHYSIO, "neurological-rehabilitation", "Neurological rehabilitation"),
        (RMT, "lymphatic-drainage", "not a substitute for medical lymphoedema management"),
        (RMT, "pregnancy-massage", "Pregnancy massage"),
        (RMT, "sports-massage", "Sports massage"),
        (RMT, "dry-needling", "Some remedial massage therapists add dry needling"),
        (RMT, "cupping", "Some remedial massage therapists add cupping"),
    ],
)
def test_tailored_note_for_specialty(profession, slug, expected):
    assert expected in difference_for(profession, [slug], "A").specialty_note


def test_lymphatic_note_says_check_with_doctor():
    note = difference_for(RMT, ["lymphatic-drainage"], "A").specialty_note
    assert "check with your doctor" in note


@pytest.mark.parametrize("profession", [PHYSIO, RMT])
def test_every_applicable_specialty_has_exactly_one_distinct_note(profession):
    seen = set()
    for slug in SLUGS_FOR[profession]:
        note = difference_for(profession, [slug], "A").specialty_note
        assert note, slug
        seen.add(note)
    assert len(seen) == len(SLUGS_FOR[profession])


def test_notes_do_not_leak_across_professions_or_unknown_slugs():
    rmt_only = [s for s in SLUGS_FOR[RMT] if s not in SLUGS_FOR[PHYSIO]]
    physio_only = [s for s in SLUGS_FOR[PHYSIO] if s not in SLUGS_FOR[RMT]]
    assert difference_for(PHYSIO, rmt_only, "A").specialty_note is None
    assert difference_for(RMT, physio_only, "A").specialty_note is None
    assert difference_for(PHYSIO, ["no-such-thing", ""], "A").specialty_note is None
    pelvic = difference_for(PHYSIO, ["pelvic-health"], "A").specialty_note
    lymph = difference_for(RMT, ["lymphatic-drainage"], "A").specialty_note
    others = specialty_notes_for(PHYSIO, ["vestibular", "sports-injuries"])
    assert pelvic not in others
    assert lymph not in " ".join(_texts(difference_for(RMT, ["sports-massage"], "A")))
    assert "lymphoedema" not in " ".join(_texts(difference_for(PHYSIO, ALL_SLUGS, "A")))


@pytest.mark.parametrize("profession", [PHYSIO, RMT])
def test_at_most_three_notes_in_a_stable_order(profession):
    slugs = SLUGS_FOR[profession]
    reference = specialty_notes_for(profession, slugs)
    assert len(reference) == 3
    for order in (list(reversed(slugs)), sorted(slugs), slugs + slugs):
        assert specialty_notes_for(profession, order) == reference
    # The order is one total priority order: derive it from pairs, then check larger subsets.
    note = {s: specialty_notes_for(profession, [s])[0] for s in slugs}

    def before(a: str, b: str) -> int:
        pair = specialty_notes_for(profession, [b, a])
        assert pair == specialty_notes_for(profession, [a, b])
        return -1 if pair[0] == note[a] else 1

    priority = sorted(slugs, key=functools.cmp_to_key(before))
    for size in (3, 4):
        for subset in itertools.combinations(slugs, size):
            expected = [note[s] for s in priority if s in subset][:3]
            got = specialty_notes_for(profession, list(reversed(subset)))
            assert got == expected


def test_priority_puts_safety_notes_first():
    slugs = ["cupping", "deep-tissue", "lymphatic-drainage"]
    notes = specialty_notes_for(RMT, slugs)
    assert "lymphoedema" in notes[0]
    slugs = ["cupping", "dry-needling", "sports-injuries", "pelvic-health"]
    notes = specialty_notes_for(PHYSIO, slugs)
    assert notes[0].startswith("Pelvic-health")
    assert len(notes) == 3


def test_specialty_objects_are_accepted():
    class Spec:
        def __init__(self, slug):
            self.slug = slug

    assert difference_for(RMT, [Spec("lymphatic-drainage")], "A") == difference_for(RMT, ["lymphatic-drainage"], "A")


# --- red flags ------------------------------------------------------------------------------


def test_see_a_doctor_first_is_short_and_tailored():
    base = difference_for(PHYSIO, [], "A").see_a_doctor_first
    joined = " ".join(base)
    for phrase in ("bone may be broken", "bladder or bowel", "chest pain", "numbness"):
        assert phrase in joined
    assert difference_for(RMT, [], "A").see_a_doctor_first == base
    headache = difference_for(PHYSIO, ["headaches-and-jaw"], "A").see_a_doctor_first
    assert headache[: len(base)] == base and len(headache) == len(base) + 1
    assert "headache" in headache[-1]
    pregnant = difference_for(RMT, ["pregnancy-massage", "pregnancy-and-postnatal"], "A").see_a_doctor_first
    assert len(pregnant) == len(base) + 1 and "pregnant" in pregnant[-1]
    # Specialties that do not apply to the profession add nothing; at most one extra.
    assert difference_for(PHYSIO, ["pregnancy-massage", "lymphatic-drainage"], "A").see_a_doctor_first == base
    assert difference_for(RMT, ["vestibular"], "A").see_a_doctor_first == base
    assert len(difference_for(PHYSIO, ALL_SLUGS, "A").see_a_doctor_first) == len(base) + 1


# --- accuracy rules -------------------------------------------------------------------------


def test_no_sentence_says_a_remedial_massage_therapist_diagnoses():
    # 1. Never "massage therapist(s) [can|may|will] diagnose…" anywhere.
    claim = re.compile(r"massage therapists?\s+(?:can\s+|may\s+|will\s+|also\s+)?diagnos", re.I)
    # 2. The RMT copy states the negation explicitly.
    rmt = difference_for(RMT, ALL_SLUGS, "Alex Example")
    assert "do not make medical diagnoses" in " ".join(rmt.summary)
    for difference in _everything():
        for text in _texts(difference):
            assert not claim.search(text), text
            for clause in _clauses(text):
                if "diagnos" not in clause.lower():
                    continue
                # 3. A clause that mentions massage and diagnosis must be a negation.
                if "massage" in clause.lower():
                    assert NEGATION.search(clause), clause
        # 4. In an RMT listing, the parts about the RMT itself mention diagnosis only as a
        #    negation or with a physiotherapist, doctor or GP as the one who diagnoses.
        if difference.profession_slug == RMT:
            own = difference.summary + difference.choose_this + [difference.specialty_note or ""]
            for text in own:
                for clause in _clauses(text):
                    if "diagnos" in clause.lower():
                        assert NEGATION.search(clause) or PHYSIO_OR_DOCTOR.search(clause), clause


def test_physiotherapists_are_never_said_to_use_x_rays():
    x_ray = re.compile(r"x[\s\-\u2010\u2011]?rays?|radiograph", re.IGNORECASE)
    for difference in _everything():
        for text in _texts(difference):
            assert not x_ray.search(text), text
            # Ultrasound may appear only as a treatment, never as a diagnostic tool.
            for match in re.finditer(r"ultrasound", text, re.IGNORECASE):
                before = text[max(0, match.start() - 12) : match.start()].lower()
                assert before.endswith("therapeutic "), text
    assert "examine you" in " ".join(difference_for(PHYSIO, [], "A").summary)


def test_no_promises_and_australian_spelling():
    banned = re.compile(
        r"\b(?:cure[sd]?|guarantee[sd]?|will (?:fix|heal|relieve|resolve)|heals?|proven|"
        r"pain[- ]free|pediatric|center|color|organiz\w*|speciali[sz]ed? in\b|labor)\b",
        re.IGNORECASE,
    )
    for difference in _everything():
        for text in _texts(difference):
            assert not banned.search(text), text


def test_unknown_profession_raises_value_error():
    for bad in ("chiropractor", "", "Physiotherapist", "physio"):
        with pytest.raises(ValueError):
            difference_for(bad, [], "A")


def test_deterministic_and_frozen():
    first = difference_for(RMT, ["sports-massage", "cupping", "lymphatic-drainage"], "A")
    second = difference_for(RMT, ["lymphatic-drainage", "sports-massage", "cupping"], "A")
    assert first == second
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.heading = "changed"  # type: ignore[misc]
    # Lists are fresh copies: mutating one result does not leak into the next.
    first.choose_this.append("mutated")
    assert "mutated" not in difference_for(RMT, [], "A").choose_this
