"""Reference data: the professions, specialties and payers the directory knows.

The initial migration inserted these rows, and later revisions change them (names, new rows)
when this list changes. Slugs are part of the public API: never rename one.
"""

from __future__ import annotations

PHYSIO = "physiotherapist"
RMT = "remedial-massage-therapist"

PROFESSIONS: list[dict] = [
    {"slug": PHYSIO, "name": "Physiotherapist", "plural": "Physiotherapists", "regulated": True},
    {
        "slug": RMT,
        "name": "Remedial massage therapist",
        "plural": "Remedial massage therapists",
        "regulated": False,
    },
]

BOTH = (PHYSIO, RMT)

# One plain line that says what each profession is (under a listing's name, on landing pages).
ONE_LINE: dict[str, str] = {
    PHYSIO: "A registered health professional who finds the cause of pain and plans your recovery.",
    RMT: "Hands-on massage for tight, sore muscles. Not a registered health profession.",
}


def other_profession(slug: str) -> str:
    """The slug of the other profession: every listing explains how the two differ."""
    return RMT if slug == PHYSIO else PHYSIO


# slug, name, professions it applies to
SPECIALTIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("sports-injuries", "Sports injuries", BOTH),
    ("back-and-neck-pain", "Back and neck pain", BOTH),
    ("headaches-and-jaw", "Headaches and jaw (TMJ)", BOTH),
    ("pregnancy-and-postnatal", "Pregnancy and postnatal care", BOTH),
    ("workplace-and-posture", "Workplace and postural problems", BOTH),
    ("older-adults", "Older adults", BOTH),
    ("dry-needling", "Dry needling", BOTH),
    ("cupping", "Cupping", BOTH),
    ("post-surgical-rehabilitation", "Post-surgical rehabilitation", (PHYSIO,)),
    ("neurological-rehabilitation", "Neurological rehabilitation", (PHYSIO,)),
    ("vestibular", "Vestibular (dizziness and balance)", (PHYSIO,)),
    ("pelvic-health", "Pelvic health", (PHYSIO,)),
    ("paediatrics", "Paediatrics", (PHYSIO,)),
    ("cardiorespiratory", "Cardiorespiratory", (PHYSIO,)),
    ("hydrotherapy", "Hydrotherapy", (PHYSIO,)),
    ("hand-therapy", "Hand therapy", (PHYSIO,)),
    ("deep-tissue", "Deep tissue massage", (RMT,)),
    ("trigger-point-therapy", "Trigger-point therapy", (RMT,)),
    ("myofascial-release", "Myofascial release", (RMT,)),
    ("lymphatic-drainage", "Lymphatic drainage", (RMT,)),
    ("sports-massage", "Sports massage", (RMT,)),
    ("pregnancy-massage", "Pregnancy massage", (RMT,)),
]

# Ways to pay or claim. The slugs are part of the public API: never rename one; the names may change.
PAYERS: list[tuple[str, str]] = [
    ("private-health", "Private health insurance (extras)"),
    ("hicaps", "On-the-spot health-fund claiming (HICAPS)"),
    ("medicare-care-plan", "Medicare: GP Chronic Condition Management Plan"),
    ("dva", "Department of Veterans' Affairs (DVA)"),
    ("workcover", "Workers' compensation (WorkCover)"),
    ("ctp", "Compulsory third party (CTP) motor vehicle insurance"),
    ("ndis", "National Disability Insurance Scheme (NDIS)"),
]

# Which payers each profession can accept, and the condition a patient should know, in plain
# words (shown on listings beside the payer). The facts are those of docs/domain.md ("Funding"):
# - physiotherapy: extras; Medicare under a GP Chronic Condition Management Plan (since 1 July
#   2025; older GP Management Plans and Team Care Arrangements valid until 30 June 2027; 5
#   allied-health services a calendar year); DVA with a GP referral; WorkCover and CTP with an
#   accepted claim; the NDIS;
# - remedial massage: extras with a provider number through an accredited association; workers'
#   compensation in several states under conditions (usually a doctor's request and the
#   insurer's approval); not Medicare, generally not DVA's Veteran Card nor transport-accident
#   (CTP) schemes, so those are not offered to massage therapists at all.
PAYER_TERMS: dict[str, dict[str, str]] = {
    PHYSIO: {
        "private-health": "Depends on your extras cover. Check with your fund.",
        "hicaps": "You claim your fund's share at the practice and pay the rest.",
        "medicare-care-plan": (
            "You need a GP Chronic Condition Management Plan and a referral from your GP. Medicare pays part "
            "of up to 5 allied-health visits a calendar year, in total. You may still pay a gap."
        ),
        "dva": "You need a Veteran Card from the Department of Veterans' Affairs and a referral from your GP.",
        "workcover": "You need an accepted workers' compensation claim.",
        "ctp": "You need an accepted claim with the motor vehicle insurer.",
        "ndis": "When physiotherapy is part of your NDIS plan.",
    },
    RMT: {
        "private-health": (
            "Only if the therapist has a provider number with your fund through an accredited association. "
            "Fund rules differ, so check with your fund first."
        ),
        "hicaps": "You claim your fund's share at the practice and pay the rest, if the therapist is a provider.",
        "workcover": (
            "Only in some states, and only under conditions. It usually needs a doctor's request and the "
            "insurer's approval before treatment."
        ),
    },
}

PAYERS_FOR: dict[str, tuple[str, ...]] = {profession: tuple(terms) for profession, terms in PAYER_TERMS.items()}


def payer_condition(profession_slug: str, payer_slug: str) -> str | None:
    """What a patient should know before counting on this payer for this profession (None when
    the profession cannot accept it)."""
    return PAYER_TERMS.get(profession_slug, {}).get(payer_slug)
