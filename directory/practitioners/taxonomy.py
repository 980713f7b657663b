"""Reference data: the professions, specialties and payers the directory knows.

The initial migration inserts these rows; `sync_reference_data()` keeps an existing
database in step when this list grows. Slugs are part of the public API: never rename one.
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

PAYERS: list[tuple[str, str]] = [
    ("private-health", "Private health insurance (extras)"),
    ("hicaps", "On-the-spot claiming (HICAPS)"),
    ("medicare-care-plan", "Medicare Chronic Disease Management plan"),
    ("dva", "Department of Veterans' Affairs (DVA)"),
    ("workcover", "WorkCover"),
    ("ctp", "Motor vehicle (CTP) claims"),
    ("ndis", "NDIS"),
]

# Payers that only a registered profession can accept (Medicare, DVA, NDIS, WorkCover, CTP
# fund physiotherapy; remedial massage is claimable on private health extras only).
PAYERS_FOR: dict[str, tuple[str, ...]] = {
    PHYSIO: tuple(slug for slug, _ in PAYERS),
    RMT: ("private-health", "hicaps"),
}
