"""Plain-English copy for a listing's "difference" section: physiotherapy vs remedial massage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from directory.practitioners.taxonomy import PHYSIO, RMT, SPECIALTIES

# Every string here is our own wording of the facts about both professions (Ahpra, the
# Physiotherapy Board, the massage associations and the HLT52021 diploma). House rules for editing it:
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
    "you have a new injury, or pain that nobody has assessed yet",
    "you may have a sprain, a strain, or a tendon or ligament injury",
    "you are recovering from surgery or a broken bone",
    "you live with a neurological condition, or have problems with balance, dizziness or falls",
    "you have a pelvic-health concern, such as bladder control or pelvic pain",
    "your care is part of a WorkCover, CTP, DVA, NDIS or Medicare care-plan claim",
    "you want a diagnosis, a graded rehabilitation plan, or advice on whether you need imaging",
)

_RMT_FITS: tuple[str, ...] = (
    "your muscles feel tight, sore or knotted from training, posture or desk work",
    "a physiotherapist or doctor has already assessed the problem and you want ongoing hands-on soft-tissue care",
    "you want regular massage as part of your recovery routine between training sessions",
    "you want massage alongside a plan from your physiotherapist or GP",
)

_WHAT_THIS_DOES: dict[str, tuple[str, ...]] = {
    PHYSIO: (
        "Physiotherapists are university-trained health professionals registered with the "
        "Physiotherapy Board of Australia through Ahpra. \u201cPhysiotherapist\u201d is a "
        "protected title: only a registered practitioner may use it, and registration is "
        "renewed every year with ongoing professional development.",
        "A physiotherapist assesses you by asking about your history and doing a physical "
        "examination, can diagnose the problem, and then plans treatment. They work with "
        "musculoskeletal and sports injuries, neurological conditions, heart and lung conditions, "
        "pelvic health and more. Treatment usually combines exercise and rehabilitation, advice "
        "and education, and hands-on manual therapy; massage is one of the tools they may use.",
        "You do not need a GP referral to see a physiotherapist. If imaging is needed, they can "
        "refer you for some kinds of scan or suggest that you see your GP.",
    ),
    RMT: (
        "Remedial massage therapists assess and treat soft tissue: muscle tension, knots and "
        "adhesions, trigger points and restricted movement. Treatment is hands-on, such as "
        "remedial and deep-tissue massage, trigger-point therapy, myofascial release and "
        "muscle-energy techniques, often with stretches to do at home.",
        "Remedial massage therapists do not make medical diagnoses. If your problem needs one, "
        "they may suggest that you see a physiotherapist or a doctor.",
        "Remedial massage is not a registered health profession in Australia. Therapists "
        "regulate themselves through professional associations, and the usual qualification is "
        "the Diploma of Remedial Massage (HLT52021) or an earlier version of it.",
    ),
}

_HOW_IT_DIFFERS: dict[str, tuple[str, ...]] = {
    PHYSIO: (
        "A remedial massage therapist works hands-on with muscles and other soft tissue, on "
        "tension, tightness and restricted movement. Remedial massage therapists do not make "
        "medical diagnoses. Their profession is not registered: therapists belong to professional "
        "associations and usually hold a Diploma of Remedial Massage (HLT52021), a vocational "
        "qualification of about a year full-time.",
        "A physiotherapist\u2019s scope is wider: working out what is wrong, planning graded "
        "rehabilitation, and using exercise as a main part of treatment. Physiotherapy can be "
        "funded through private health extras, a Medicare care plan (which needs a GP referral), "
        "DVA, WorkCover, CTP or the NDIS when you are eligible. Remedial massage can be claimed on "
        "private health extras only, and only when the therapist holds a provider number with "
        "your fund.",
    ),
    RMT: (
        "A physiotherapist is a registered health professional with a university degree; the "
        "title is protected and registration is through Ahpra. Physiotherapists assess you by "
        "taking a history and doing a physical examination, can diagnose the problem, and treat a "
        "wide range of musculoskeletal, sports, neurological and other conditions, mostly through "
        "exercise, rehabilitation, education and manual therapy. You do not need a GP referral to "
        "see one.",
        "The main difference is that a physiotherapist works out what is wrong and plans your "
        "rehabilitation, while a remedial massage therapist works on the soft tissue and does not "
        "diagnose. Physiotherapy can also be funded through a Medicare care plan (with a GP "
        "referral), DVA, WorkCover, CTP or the NDIS when you are eligible; remedial massage can be "
        "claimed on private health extras only, when the therapist holds a provider number.",
    ),
}

_BOTH: dict[str, str] = {
    PHYSIO: (
        "Many people use both. A physiotherapist can diagnose the problem and plan your "
        "rehabilitation. A remedial massage therapist can then provide ongoing soft-tissue care "
        "alongside that plan. If you see both, tell each of them about the other."
    ),
    RMT: (
        "Many people use both. A remedial massage therapist provides ongoing hands-on care for "
        "tight or sore muscles. A physiotherapist can diagnose a problem and plan rehabilitation "
        "when you need more than soft-tissue work. If you see both, tell each of them about the "
        "other."
    ),
}

# Bullets that finish the sentence "See a doctor first if…". A generic list, not clinical advice.
_SEE_A_DOCTOR_FIRST: tuple[str, ...] = (
    "you have had a serious injury, such as a fall from a height or a car accident, or you think a bone may be broken",
    "numbness, tingling or weakness is spreading or getting worse",
    "you have lost control of your bladder or bowel, or feel numb around your groin or buttocks",
    "you have chest pain or trouble breathing (call 000)",
    "you have back pain with a fever, or you feel generally unwell",
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
        "dizziness comes on suddenly with slurred speech, a drooping face, double vision or weakness (call 000)",
    ),
    (
        frozenset({"pregnancy-and-postnatal", "pregnancy-massage"}),
        "you are pregnant and have bleeding, severe abdominal pain or fewer baby movements than "
        "usual (contact your doctor, midwife or maternity unit)",
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
            "Pelvic-health physiotherapy covers concerns such as bladder or bowel control, pelvic "
            "pain, and the pelvic floor during and after pregnancy. This is physiotherapy work: "
            "remedial massage does not include pelvic-floor assessment or treatment."
        ),
        "vestibular": (
            "For dizziness and balance problems, a vestibular physiotherapist assesses how your "
            "inner ear and balance system are working and may use head-position techniques and "
            "balance exercises. This is outside what remedial massage covers."
        ),
        "neurological-rehabilitation": (
            "Neurological rehabilitation is for people living with conditions such as stroke, "
            "Parkinson\u2019s disease or multiple sclerosis, working on movement, balance and "
            "everyday activities, usually alongside their medical team."
        ),
        "post-surgical-rehabilitation": (
            "After surgery, a physiotherapist plans graded rehabilitation that follows your "
            "surgeon\u2019s instructions. Check with your surgeon or physiotherapist before anyone "
            "massages near a surgical wound."
        ),
        "cardiorespiratory": (
            "Cardiorespiratory physiotherapy works on breathing, fitness and getting moving again "
            "for people with heart or lung conditions, or after surgery or a hospital stay."
        ),
        "paediatrics": (
            "Paediatric physiotherapists work with babies, children and teenagers, for example on "
            "movement and development, or on injuries from sport and play."
        ),
        "hand-therapy": (
            "Hand therapy covers injuries and conditions of the hand and wrist, including "
            "rehabilitation after hand surgery and, where needed, splints."
        ),
        "hydrotherapy": (
            "Hydrotherapy is exercise in a warm pool, where the water supports part of your body "
            "weight; it is usually one part of a wider rehabilitation plan."
        ),
        "pregnancy-and-postnatal": (
            "During pregnancy and after birth, a physiotherapist can assess and treat back and "
            "pelvic pain, look after the pelvic floor, and plan a gradual return to exercise."
        ),
        "headaches-and-jaw": (
            "For headaches and jaw (TMJ) problems, a physiotherapist looks at your neck, jaw and "
            "posture as possible contributors. A new, severe or unusual headache needs a doctor "
            "first."
        ),
        "sports-injuries": (
            "For a sports injury, a physiotherapist can assess and diagnose it and plan a graded "
            "return to training. If you also see a massage therapist, the two can work together."
        ),
        "back-and-neck-pain": (
            "For back or neck pain, a physiotherapist assesses what is likely to be going on and "
            "usually combines advice, exercise and hands-on treatment."
        ),
        "older-adults": (
            "For older adults, physiotherapy often focuses on strength, balance and reducing the "
            "risk of falls, and on staying active at home."
        ),
        "workplace-and-posture": (
            "For work-related and postural problems, a physiotherapist can look at how you sit, "
            "lift and move and suggest changes and exercises; a work injury may be covered by "
            "WorkCover."
        ),
        "dry-needling": (
            "Some physiotherapists use dry needling as one part of treatment; ask how it fits "
            "your plan and what to expect."
        ),
        "cupping": (
            "Some physiotherapists offer cupping as an optional extra to hands-on treatment; it "
            "can leave temporary round marks on the skin."
        ),
    },
    RMT: {
        "lymphatic-drainage": (
            "Lymphatic drainage is a gentle, light-pressure massage technique. It is not a "
            "substitute for medical lymphoedema management: if you have, or may have, "
            "lymphoedema, check with your doctor first."
        ),
        "pregnancy-massage": (
            "Pregnancy massage uses positions and pressure adapted to each stage of pregnancy. "
            "Check with your doctor or midwife first if your pregnancy is high-risk or you have "
            "any concerns."
        ),
        "pregnancy-and-postnatal": (
            "Massage during pregnancy and after birth is adapted to your stage; pelvic-floor "
            "concerns or pelvic pain are better assessed by a pelvic-health physiotherapist."
        ),
        "older-adults": (
            "For older adults, massage pressure and positioning can be adjusted; mention any "
            "blood-thinning medicines or osteoporosis before treatment."
        ),
        "sports-massage": (
            "Sports massage is aimed at muscle tightness and soreness from training and "
            "competition. A new or suspected sports injury is best assessed by a physiotherapist "
            "or doctor first."
        ),
        "sports-injuries": (
            "For sports injuries, a remedial massage therapist works on the muscles involved; "
            "new swelling, or pain that stops you training, is worth a physiotherapist\u2019s "
            "assessment first."
        ),
        "back-and-neck-pain": (
            "For back and neck pain, remedial massage works on muscle tension. Pain that spreads "
            "down an arm or leg, or comes with numbness or weakness, needs assessment by a "
            "physiotherapist or doctor."
        ),
        "headaches-and-jaw": (
            "For headaches and jaw tension, massage works on the muscles of the neck, shoulders "
            "and jaw. A new, sudden or severe headache needs a doctor first."
        ),
        "dry-needling": (
            "Some remedial massage therapists add dry needling after extra training; ask about "
            "their training and what to expect."
        ),
        "cupping": (
            "Some remedial massage therapists add cupping to their treatment; it can leave "
            "temporary round marks on the skin."
        ),
        "deep-tissue": (
            "Deep-tissue massage uses firmer, slower pressure on the deeper layers of muscle; "
            "tell your therapist if the pressure is too much."
        ),
        "trigger-point-therapy": (
            "Trigger-point therapy applies steady pressure to tight, tender spots in a muscle, often called knots."
        ),
        "myofascial-release": (
            "Myofascial release uses slow, sustained pressure and stretch on the connective "
            "tissue (fascia) around the muscles."
        ),
        "workplace-and-posture": (
            "For desk-work and posture-related tightness, a remedial massage therapist works on "
            "the muscles involved and can suggest stretches to do between visits."
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
