"""Plain-English copy for a listing's "difference" section: physiotherapy vs remedial massage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from directory.practitioners.taxonomy import PHYSIO, RMT, SPECIALTIES

# Every string here is our own wording of the facts in docs/domain.md (Ahpra, the Physiotherapy
# Board, the massage associations, the HLT52021 diploma, funding and referrals). House rules:
# - written for a patient, about school grade 8 (tests/content/test_readability.py measures it):
#   short sentences, every abbreviation spelled out where a page first uses it;
# - no promises of outcomes ("will fix", "cures", "relieves"): describe what a practitioner does;
# - a remedial massage therapist never "diagnoses" (only ever "does not diagnose");
# - physiotherapists assess by history and physical examination and may *refer* for imaging;
#   never write that they take or use imaging themselves;
# - Australian spelling; red flags phrased as "see a doctor first if…", never as clinical advice.

MAX_SPECIALTY_NOTES = 3


@dataclass(frozen=True)
class Difference:
    """The tailored copy for one listing's difference section (rendered by `_difference.html`)."""

    profession_slug: str
    other_slug: str
    heading: str
    what_this_does: list[str]
    how_it_differs: list[str]
    choose_this: list[str]
    choose_other: list[str]
    specialty_notes: list[str]
    both: str
    see_a_doctor_first: list[str]


# Which specialty slugs apply to which profession (the taxonomy is the single source).
_APPLIES_TO: dict[str, frozenset[str]] = {
    profession: frozenset(slug for slug, _name, applies in SPECIALTIES if profession in applies)
    for profession in (PHYSIO, RMT)
}

_LABEL: dict[str, str] = {PHYSIO: "physiotherapist", RMT: "remedial massage therapist"}
_OTHER: dict[str, str] = {PHYSIO: RMT, RMT: PHYSIO}

# Bullets that finish the sentence "Choose a … when…" / "A … may suit better when…".
_PHYSIO_FITS: tuple[str, ...] = (
    "you have a new injury, or pain that nobody has checked yet",
    "you may have a sprain, a strain, or a hurt tendon or ligament",
    "you are getting better after surgery or a broken bone",
    "you have a condition of the brain or nerves, or trouble with balance, dizziness or falls",
    "you have a pelvic-health concern, such as bladder control or pelvic pain",
    "workers' compensation, a car insurer, the Department of Veterans' Affairs (DVA), the National "
    "Disability Insurance Scheme (NDIS) or a Medicare plan is paying",
    "you want a diagnosis, a plan to get back to normal step by step, or advice about scans",
)

_RMT_FITS: tuple[str, ...] = (
    "your muscles feel tight or sore from sport, posture or desk work",
    "a physiotherapist or doctor has already assessed the problem, and you want regular hands-on care",
    "you want regular massage to recover between training sessions",
    "you want massage as well as a plan from your physiotherapist or general practitioner (GP)",
)

_WHAT_THIS_DOES: dict[str, tuple[str, ...]] = {
    PHYSIO: (
        "Physiotherapists study at university. They must register with the Physiotherapy Board of "
        "Australia, through the Australian Health Practitioner Regulation Agency (Ahpra). Only a "
        "registered person may use the title \u201cphysiotherapist\u201d. They renew it each year "
        "and must keep learning.",
        "A physiotherapist asks about your history and does a physical examination. They can "
        "diagnose the problem and plan your treatment. They treat injuries to muscles and joints, "
        "sports injuries, and problems of the nerves, heart, lungs and pelvis. Treatment is "
        "usually a mix of exercise, advice and hands-on work. Massage is one of the tools they "
        "may use.",
        "You need no referral from a general practitioner (GP) to see one, unless Medicare, the "
        "Department of Veterans' Affairs (DVA) or an insurer is paying. If you need a scan, they "
        "can refer you for some kinds of scan, or send you to your GP.",
    ),
    RMT: (
        "Remedial massage therapists check and treat muscles and other soft tissue. They work on "
        "tense muscles, tight and tender spots (often called knots), trigger points and stiff "
        "joints. All treatment is hands-on. It may be remedial or deep-tissue massage, "
        "trigger-point therapy, myofascial release or muscle-energy techniques. Many give you "
        "stretches to do at home.",
        "Remedial massage therapists do not make medical diagnoses. If you need one, they may "
        "send you to a physiotherapist or a doctor.",
        "In Australia, remedial massage is not a registered health profession. Therapists join "
        "professional associations, which set their own rules. Most hold the Diploma of Remedial "
        "Massage (HLT52021) or an older version of it.",
    ),
}

_HOW_IT_DIFFERS: dict[str, tuple[str, ...]] = {
    PHYSIO: (
        "A remedial massage therapist works by hand on muscles and other soft tissue. They work "
        "on tension, tightness and stiff movement. Remedial massage therapists do not make medical "
        "diagnoses. Their profession is not registered. They join professional associations. Most "
        "hold a Diploma of Remedial Massage (HLT52021), a course of about one year full-time.",
        "A physiotherapist does more. They work out what is wrong and plan your recovery step by "
        "step. Exercise is a main part of their treatment.",
        "If you are eligible, physiotherapy can be paid for by private health extras or by "
        "Medicare, with a GP Chronic Condition Management Plan. The DVA, workers' compensation "
        "(WorkCover), compulsory third party (CTP) car insurance or the National Disability "
        "Insurance Scheme (NDIS) can pay too.",
        "Remedial massage can be claimed on private health extras if the therapist has a provider "
        "number with your fund. Workers' compensation pays for it in some states, usually only "
        "after a doctor's request and the insurer's approval. Medicare does not pay for it.",
    ),
    RMT: (
        "A physiotherapist has a university degree and is a registered health professional. The "
        "title is protected. They register through the Australian Health Practitioner Regulation "
        "Agency (Ahpra). A physiotherapist asks about your history and examines you. They can "
        "diagnose the problem. Most of their treatment is exercise, advice and hands-on work.",
        "You need no referral from a general practitioner (GP) to see one, unless Medicare, the "
        "Department of Veterans' Affairs (DVA) or an insurer is paying.",
        "The main difference is this. A physiotherapist works out what is wrong and plans your "
        "recovery. A remedial massage therapist works on the soft tissue and does not diagnose.",
        "Physiotherapy can also be paid for by a Medicare plan, the DVA, workers' compensation, "
        "compulsory third party (CTP) car insurance or the National Disability Insurance Scheme "
        "(NDIS), if you are eligible. Remedial massage can be claimed on health fund extras if "
        "the therapist has a provider number. In some states, workers' compensation pays for it "
        "too. It usually needs a doctor's request and the insurer's approval first.",
    ),
}

_BOTH: dict[str, str] = {
    PHYSIO: (
        "Many people use both. A physiotherapist can diagnose the problem and plan your recovery. "
        "A remedial massage therapist can then give regular care for your muscles as part of that "
        "plan. If you see both, tell each of them about the other."
    ),
    RMT: (
        "Many people use both. A remedial massage therapist gives regular hands-on care for tight "
        "or sore muscles. A physiotherapist can diagnose a problem and plan your recovery when you "
        "need more than that. If you see both, tell each of them about the other."
    ),
}

# Bullets that finish the sentence "See a doctor first if…". A generic list, not clinical advice.
_SEE_A_DOCTOR_FIRST: tuple[str, ...] = (
    "you have had a bad injury, such as a fall from a height or a car crash, or you think a bone may be broken",
    "numbness, tingling or weakness is spreading or getting worse",
    "you cannot control your bladder or bowel, or feel numb around your groin or bottom",
    "you have chest pain or trouble breathing (call 000)",
    "you have back pain with a fever, or you feel unwell all over",
    "your pain is severe, keeps getting worse, or wakes you at night",
)

# Extra red flags for listings with these specialties, in this order, without repeats.
_EXTRA_RED_FLAGS: tuple[tuple[frozenset[str], str], ...] = (
    (
        frozenset({"headaches-and-jaw"}),
        "you have a sudden, severe headache, or a headache unlike any you have had before",
    ),
    (
        frozenset({"vestibular"}),
        "you get dizzy all of a sudden, with slurred speech, a drooping face, double vision or weakness (call 000)",
    ),
    (
        frozenset({"pregnancy-and-postnatal", "pregnancy-massage"}),
        "you are pregnant and have bleeding, bad pain in your belly, or the baby moves less than usual "
        "(call your doctor, midwife or hospital)",
    ),
    (
        frozenset({"lymphatic-drainage"}),
        "an arm or leg suddenly becomes swollen, red, hot or painful",
    ),
)

# Specialty notes per profession, in priority order: the first MAX_SPECIALTY_NOTES that a
# listing has are shown. Specialties that do not apply to the profession are ignored.
_SPECIALTY_NOTES: dict[str, dict[str, str]] = {
    PHYSIO: {
        "pelvic-health": (
            "Pelvic-health physiotherapy helps with bladder or bowel control, pelvic pain, and the "
            "pelvic floor during and after pregnancy. Only physiotherapists do this work. Remedial "
            "massage does not check or treat the pelvic floor."
        ),
        "vestibular": (
            "For dizziness and balance problems, a physiotherapist checks how your inner ear and "
            "balance work. They may use head movements and balance exercises. Remedial massage "
            "does not cover this."
        ),
        "neurological-rehabilitation": (
            "Neurological rehabilitation helps people who have had a stroke, or who live with a "
            "condition such as Parkinson\u2019s disease or multiple sclerosis. It works on movement, "
            "balance and daily tasks, often with their medical team."
        ),
        "post-surgical-rehabilitation": (
            "After surgery, a physiotherapist plans your recovery step by step. They follow your "
            "surgeon\u2019s advice. Ask your surgeon or physiotherapist before anyone massages near "
            "the wound."
        ),
        "cardiorespiratory": (
            "Cardiorespiratory physiotherapy is for people with heart or lung problems, or who are "
            "getting over surgery or a stay in hospital. It works on breathing, fitness and moving "
            "again."
        ),
        "paediatrics": (
            "Paediatric physiotherapists work with babies, children and teenagers. They may help "
            "with movement and growth, or with injuries from sport and play."
        ),
        "hand-therapy": (
            "Hand therapy treats injuries and problems of the hand and wrist. It includes care "
            "after hand surgery and, when needed, splints."
        ),
        "hydrotherapy": (
            "Hydrotherapy is exercise in a warm pool. The water holds up part of your weight. It is "
            "usually one part of a wider plan."
        ),
        "pregnancy-and-postnatal": (
            "During pregnancy and after birth, a physiotherapist can check and treat back and "
            "pelvic pain. They look after the pelvic floor and plan a slow return to exercise."
        ),
        "headaches-and-jaw": (
            "For headaches and problems with the jaw joint (the temporomandibular joint, or TMJ), a "
            "physiotherapist looks at your neck, jaw and posture. A new, severe or unusual headache "
            "needs a doctor first."
        ),
        "sports-injuries": (
            "For a sports injury, a physiotherapist can assess and diagnose it, then plan a slow "
            "return to training. If you also see a massage therapist, the two can work together."
        ),
        "back-and-neck-pain": (
            "For back or neck pain, a physiotherapist works out what is likely going on. Care is "
            "usually a mix of advice, exercise and hands-on work."
        ),
        "older-adults": (
            "For older adults, physiotherapy often works on strength and balance, to lower the "
            "risk of falls and help you stay active at home."
        ),
        "workplace-and-posture": (
            "For problems from work or posture, a physiotherapist can look at how you sit, lift "
            "and move, and suggest changes and exercises. A work injury may be covered by "
            "workers' compensation (WorkCover)."
        ),
        "dry-needling": (
            "Some physiotherapists use dry needling as one part of treatment. Ask how it fits your "
            "plan and what to expect."
        ),
        "cupping": (
            "Some physiotherapists offer cupping as an extra to hands-on treatment. It can leave "
            "round marks on the skin for a while."
        ),
    },
    RMT: {
        "lymphatic-drainage": (
            "Lymphatic drainage is a gentle, light massage. It is not a substitute for medical "
            "lymphoedema management. If you have, or may have, lymphoedema, check with your doctor "
            "first."
        ),
        "pregnancy-massage": (
            "Pregnancy massage changes your position and the pressure to suit each stage of "
            "pregnancy. If your pregnancy is high-risk, or you are worried, check with your doctor "
            "or midwife first."
        ),
        "pregnancy-and-postnatal": (
            "Massage during pregnancy and after birth is changed to suit your stage. For pelvic "
            "floor problems or pelvic pain, see a pelvic-health physiotherapist."
        ),
        "older-adults": (
            "For older adults, the therapist can change the pressure and your position. Tell them "
            "first if you take blood thinners or have weak bones (osteoporosis)."
        ),
        "sports-massage": (
            "Sports massage works on tight, sore muscles from training and games. Have a new injury "
            "checked by a physiotherapist or doctor first."
        ),
        "sports-injuries": (
            "For sports injuries, a remedial massage therapist works on the muscles. New swelling, "
            "or pain that stops you training, needs a physiotherapist to check it first."
        ),
        "back-and-neck-pain": (
            "For back and neck pain, remedial massage works on tense muscles. Pain that spreads "
            "down an arm or leg, or comes with numbness or weakness, needs a physiotherapist or "
            "doctor."
        ),
        "headaches-and-jaw": (
            "For headaches and a tense jaw, massage works on the muscles of the neck, shoulders and "
            "jaw. A new, sudden or severe headache needs a doctor first."
        ),
        "dry-needling": (
            "Some remedial massage therapists add dry needling after extra training. Ask about "
            "their training and what to expect."
        ),
        "cupping": (
            "Some remedial massage therapists add cupping to their treatment. It can leave round "
            "marks on the skin for a while."
        ),
        "deep-tissue": (
            "Deep-tissue massage uses firm, slow pressure on the deeper muscles. Tell your therapist if it is too much."
        ),
        "trigger-point-therapy": (
            "Trigger-point therapy presses steadily on tight, tender spots in a muscle, often called knots."
        ),
        "myofascial-release": (
            "Myofascial release uses slow, steady pressure and stretch on the thin tissue (fascia) around the muscles."
        ),
        "workplace-and-posture": (
            "For tight muscles from desk work or posture, a remedial massage therapist works on the "
            "muscles and can show you stretches to do between visits."
        ),
    },
}


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
    if profession_slug not in _SPECIALTY_NOTES:
        raise ValueError(f"unknown profession: {profession_slug!r}")
    wanted = _slugs(specialty_slugs)
    notes = [note for slug, note in _SPECIALTY_NOTES[profession_slug].items() if slug in wanted]
    return notes[:MAX_SPECIALTY_NOTES]


def see_a_doctor_first_for(profession_slug: str, specialty_slugs: Iterable[str]) -> list[str]:
    """Return the "see a doctor first if…" bullets: the generic list plus specialty extras.

    Only specialties that apply to the profession add extras.
    Raises ValueError for an unknown profession slug.
    """
    if profession_slug not in _APPLIES_TO:
        raise ValueError(f"unknown profession: {profession_slug!r}")
    wanted = _slugs(specialty_slugs) & _APPLIES_TO[profession_slug]
    flags = list(_SEE_A_DOCTOR_FIRST)
    flags.extend(flag for triggers, flag in _EXTRA_RED_FLAGS if triggers & wanted)
    return flags


def difference_for(profession_slug: str, specialty_slugs: Iterable[str], practitioner_name: str) -> Difference:
    """Build the difference section for one listing.

    `profession_slug` is PHYSIO or RMT; `specialty_slugs` are the listing's specialty slugs
    (order does not matter); `practitioner_name` opens the first paragraph when given.
    The returned text is plain (not HTML): the template escapes it.
    Raises ValueError for an unknown profession slug.
    """
    if profession_slug not in _LABEL:
        raise ValueError(f"unknown profession: {profession_slug!r}")
    other_slug = _OTHER[profession_slug]
    this_label, other_label = _LABEL[profession_slug], _LABEL[other_slug]
    wanted = _slugs(specialty_slugs)

    what_this_does = list(_WHAT_THIS_DOES[profession_slug])
    name = " ".join((practitioner_name or "").split())
    if name:
        what_this_does[0] = f"{name} is listed here as a {this_label}. {what_this_does[0]}"

    fits = {PHYSIO: _PHYSIO_FITS, RMT: _RMT_FITS}
    return Difference(
        profession_slug=profession_slug,
        other_slug=other_slug,
        heading=f"How a {this_label} differs from a {other_label}",
        what_this_does=what_this_does,
        how_it_differs=list(_HOW_IT_DIFFERS[profession_slug]),
        choose_this=list(fits[profession_slug]),
        choose_other=list(fits[other_slug]),
        specialty_notes=specialty_notes_for(profession_slug, wanted),
        both=_BOTH[profession_slug],
        see_a_doctor_first=see_a_doctor_first_for(profession_slug, wanted),
    )


def guide_lists() -> dict[str, list[str]]:
    """The lists the full guide page shows, from the same copy the listings use."""
    red_flags = list(_SEE_A_DOCTOR_FIRST)
    red_flags += [flag for _, flag in _EXTRA_RED_FLAGS if flag not in red_flags]
    return {
        "physio_fits": list(_PHYSIO_FITS),
        "rmt_fits": list(_RMT_FITS),
        "see_a_doctor_first": red_flags,
    }
