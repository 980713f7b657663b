"""Unit tests for the listing "difference" copy (no app or database needed)."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re

import pytest

from directory.listings.content import Difference, difference_for
from directory.practitioners.taxonomy import PHYSIO, RMT, SPECIALTIES

ALL_SLUGS = [slug for slug, _name, _professions in SPECIALTIES]
SLUGS_FOR = {
    profession: [slug for slug, _name, professions in SPECIALTIES if profession in professions]
    for profession in (PHYSIO, RMT)
}

# The only ways a sentence about a remedial massage therapist may mention diagnosis.
NEGATION = re.compile(r"\b(?:do not|does not|don't|doesn't|not)\b[^.;:]*\bdiagnos", re.IGNORECASE)
PHYSIO_OR_DOCTOR = re.compile(r"physiotherapist|doctor|\bGP\b", re.IGNORECASE)


def _texts(difference: Difference) -> list[str]:
    """Every piece of visible copy in a Difference."""
    texts = [difference.heading, difference.both]
    for field in (
        "what_this_does",
        "how_it_differs",
        "choose_this",
        "choose_other",
        "specialty_notes",
        "see_a_doctor_first",
    ):
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
        result.append(difference_for(profession, ALL_SLUGS, ""))
        result.extend(difference_for(profession, [slug], "Sam Sample") for slug in ALL_SLUGS)
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
def test_all_parts_are_present(profession):
    difference = difference_for(profession, [], "Alex Example")
    assert difference.what_this_does and difference.how_it_differs
    assert difference.choose_this and difference.choose_other
    assert difference.see_a_doctor_first
    assert difference.both.startswith("Many people use both")
    assert difference.specialty_notes == []
    for text in _texts(difference):
        assert isinstance(text, str) and text.strip() == text and text


def test_choose_lists_swap_between_professions():
    physio = difference_for(PHYSIO, [], "A")
    rmt = difference_for(RMT, [], "B")
    assert physio.choose_this == rmt.choose_other
    assert physio.choose_other == rmt.choose_this
    assert any("diagnosis" in bullet for bullet in physio.choose_this)
    assert any("assessed" in bullet for bullet in rmt.choose_this)


def test_practitioner_name_opens_first_paragraph_and_is_optional():
    named = difference_for(PHYSIO, [], "  Dr Jane   Citizen ")
    first = named.what_this_does[0]
    assert first.startswith("Dr Jane Citizen is listed here as a physiotherapist.")
    for blank in ("", "   ", None):
        unnamed = difference_for(RMT, [], blank)
        assert unnamed.what_this_does[0].startswith("Remedial massage therapists")
        assert "None" not in " ".join(_texts(unnamed))


def test_regulation_and_training_facts():
    physio = " ".join(difference_for(PHYSIO, [], "A").what_this_does)
    assert "Ahpra" in physio and "Physiotherapy Board of Australia" in physio
    assert "Only a registered person may use the title" in physio
    rmt = " ".join(difference_for(RMT, [], "A").what_this_does)
    assert "HLT52021" in rmt
    assert "not a registered health profession" in rmt
    assert "associations" in rmt
    differs = " ".join(difference_for(PHYSIO, [], "A").how_it_differs)
    assert "provider number" in differs


# The corrections of issue 12, each held by a check of the copy (docs/domain.md is the source).
REFERRAL_EXCEPTION = "unless Medicare, the Department of Veterans' Affairs (DVA) or an insurer is paying"


@pytest.mark.parametrize("profession", [PHYSIO, RMT])
def test_no_referral_is_never_said_without_its_exceptions(profession):
    for difference in [difference_for(profession, [], "A"), difference_for(profession, ALL_SLUGS, "A")]:
        for text in _texts(difference):
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if re.search(r"(?:do not|don't|no) need (?:a|any) (?:GP )?referral|no referral", sentence, re.I):
                    assert "unless Medicare" in sentence, sentence
    assert REFERRAL_EXCEPTION in " ".join(_texts(difference_for(profession, [], "A")))


@pytest.mark.parametrize("profession", [PHYSIO, RMT])
def test_funding_facts(profession):
    text = " ".join(_texts(difference_for(profession, ALL_SLUGS, "A")))
    # Medicare: the plan that replaced GP Management Plans (1 July 2025), under its name.
    assert "Chronic Disease Management" not in text and "Team Care" not in text
    # Remedial massage: extras with a provider number, and workers' compensation under conditions.
    assert "extras only" not in text and "extras, only" not in text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    assert any("workers' compensation" in s.lower() and "some states" in s.lower() for s in sentences), text
    assert any("doctor's request" in s and "insurer's approval" in s for s in sentences), text
    assert "Medicare does not pay for it" in text or profession == RMT


def test_knots_are_tight_tender_spots_and_adhesions_are_not_repeated():
    for difference in _everything():
        for text in _texts(difference):
            assert "adhesion" not in text.lower(), text
            if "knots" in text:
                assert "often called knots" in text, text
    assert "tight and tender spots (often called knots)" in " ".join(difference_for(RMT, [], "A").what_this_does)


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
    notes = difference_for(profession, [slug], "A").specialty_notes
    assert len(notes) == 1
    assert expected in notes[0]


def test_lymphatic_note_says_check_with_doctor():
    (note,) = difference_for(RMT, ["lymphatic-drainage"], "A").specialty_notes
    assert "check with your doctor" in note


@pytest.mark.parametrize("profession", [PHYSIO, RMT])
def test_every_applicable_specialty_has_exactly_one_distinct_note(profession):
    seen = set()
    for slug in SLUGS_FOR[profession]:
        notes = difference_for(profession, [slug], "A").specialty_notes
        assert len(notes) == 1, slug
        seen.add(notes[0])
    assert len(seen) == len(SLUGS_FOR[profession])


def test_notes_do_not_leak_across_professions_or_unknown_slugs():
    rmt_only = [s for s in SLUGS_FOR[RMT] if s not in SLUGS_FOR[PHYSIO]]
    physio_only = [s for s in SLUGS_FOR[PHYSIO] if s not in SLUGS_FOR[RMT]]
    assert difference_for(PHYSIO, rmt_only, "A").specialty_notes == []
    assert difference_for(RMT, physio_only, "A").specialty_notes == []
    assert difference_for(PHYSIO, ["no-such-thing", ""], "A").specialty_notes == []
    pelvic = difference_for(PHYSIO, ["pelvic-health"], "A").specialty_notes[0]
    lymph = difference_for(RMT, ["lymphatic-drainage"], "A").specialty_notes[0]
    others = difference_for(PHYSIO, ["vestibular", "sports-injuries"], "A").specialty_notes
    assert pelvic not in others
    assert lymph not in " ".join(_texts(difference_for(RMT, ["sports-massage"], "A")))
    assert "lymphoedema" not in " ".join(_texts(difference_for(PHYSIO, ALL_SLUGS, "A")))


@pytest.mark.parametrize("profession", [PHYSIO, RMT])
def test_at_most_three_notes_in_a_stable_order(profession):
    slugs = SLUGS_FOR[profession]
    reference = difference_for(profession, slugs, "A")
    assert len(reference.specialty_notes) == 3
    for order in (list(reversed(slugs)), sorted(slugs), slugs + slugs):
        assert difference_for(profession, order, "A") == reference
    # The order is one total priority order: derive it from pairs, then check larger subsets.
    note = {s: difference_for(profession, [s], "A").specialty_notes[0] for s in slugs}

    def before(a: str, b: str) -> int:
        pair = difference_for(profession, [b, a], "A").specialty_notes
        assert pair == difference_for(profession, [a, b], "A").specialty_notes
        return -1 if pair[0] == note[a] else 1

    priority = sorted(slugs, key=functools.cmp_to_key(before))
    for size in (3, 4):
        for subset in itertools.combinations(slugs, size):
            expected = [note[s] for s in priority if s in subset][:3]
            got = difference_for(profession, list(reversed(subset)), "A").specialty_notes
            assert got == expected


def test_priority_puts_safety_notes_first():
    slugs = ["cupping", "deep-tissue", "lymphatic-drainage"]
    notes = difference_for(RMT, slugs, "A").specialty_notes
    assert "lymphoedema" in notes[0]
    slugs = ["cupping", "dry-needling", "sports-injuries", "pelvic-health"]
    notes = difference_for(PHYSIO, slugs, "A").specialty_notes
    assert notes[0].startswith("Pelvic-health")
    assert len(notes) == 3


def test_specialty_objects_are_accepted():
    class Spec:
        def __init__(self, slug):
            self.slug = slug

    assert difference_for(RMT, [Spec("lymphatic-drainage")], "A") == difference_for(RMT, ["lymphatic-drainage"], "A")


# --- red flags ------------------------------------------------------------------------------


def test_see_a_doctor_first_is_generic_and_tailored():
    base = difference_for(PHYSIO, [], "A").see_a_doctor_first
    joined = " ".join(base)
    for phrase in ("bone may be broken", "bladder or bowel", "chest pain", "fever", "numbness"):
        assert phrase in joined
    assert difference_for(RMT, [], "A").see_a_doctor_first == base
    headache = difference_for(PHYSIO, ["headaches-and-jaw"], "A").see_a_doctor_first
    assert headache[: len(base)] == base and len(headache) == len(base) + 1
    assert "headache" in headache[-1]
    slugs = ["pregnancy-massage", "pregnancy-and-postnatal"]
    pregnant = difference_for(RMT, slugs, "A").see_a_doctor_first
    assert len(pregnant) == len(base) + 1 and "pregnant" in pregnant[-1]
    # Specialties that do not apply to the profession add nothing.
    rmt_only = ["pregnancy-massage", "lymphatic-drainage"]
    assert difference_for(PHYSIO, rmt_only, "A").see_a_doctor_first == base
    assert difference_for(RMT, ["vestibular"], "A").see_a_doctor_first == base
    assert len(set(difference_for(PHYSIO, ALL_SLUGS, "A").see_a_doctor_first)) == len(
        difference_for(PHYSIO, ALL_SLUGS, "A").see_a_doctor_first
    )


# --- accuracy rules -------------------------------------------------------------------------


def test_no_sentence_says_a_remedial_massage_therapist_diagnoses():
    # 1. Never "massage therapist(s) [can|may|will] diagnose…" anywhere.
    claim = re.compile(r"massage therapists?\s+(?:can\s+|may\s+|will\s+|also\s+)?diagnos", re.I)
    # 2. The RMT copy states the negation explicitly.
    rmt = difference_for(RMT, ALL_SLUGS, "Alex Example")
    assert "do not make medical diagnoses" in " ".join(rmt.what_this_does)
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
            own = difference.what_this_does + difference.choose_this + difference.specialty_notes
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
    physio = " ".join(difference_for(PHYSIO, [], "A").what_this_does)
    assert "history" in physio and "physical examination" in physio
    assert "refer you for" in physio


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
