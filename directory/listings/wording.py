"""The plain-English copy of the difference section and the guide: physiotherapy and remedial
massage, who each suits, ways to pay, and when to see a doctor first. Data only; content.py puts it
together for a listing."""

from __future__ import annotations

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

# Which specialty slugs apply to which profession (the taxonomy is the single source).
APPLIES_TO: dict[str, frozenset[str]] = {
    profession: frozenset(slug for slug, _name, applies in SPECIALTIES if profession in applies)
    for profession in (PHYSIO, RMT)
}

LABEL: dict[str, str] = {PHYSIO: "physiotherapist", RMT: "remedial massage therapist"}
OTHER: dict[str, str] = {PHYSIO: RMT, RMT: PHYSIO}

# Bullets that finish the sentence "Choose a … when…" / "A … may suit better when…".
PHYSIO_FITS: tuple[str, ...] = (
    "you have a new injury, or pain that nobody has checked yet",
    "you may have a sprain, a strain, or a hurt tendon or ligament",
    "you are getting better after surgery or a broken bone",
    "you have a condition of the brain or nerves, or trouble with balance, dizziness or falls",
    "you have a pelvic-health concern, such as bladder control or pelvic pain",
    "workers' compensation, a car insurer, the Department of Veterans' Affairs (DVA), the National "
    "Disability Insurance Scheme (NDIS) or a Medicare plan is paying",
    "you want a diagnosis, a plan to get back to normal step by step, or advice about scans",
)

RMT_FITS: tuple[str, ...] = (
    "your muscles feel tight or sore from sport, posture or desk work",
    "a physiotherapist or doctor has already assessed the problem, and you want regular hands-on care",
    "you want regular massage to recover between training sessions",
    "you want massage as well as a plan from your physiotherapist or general practitioner (GP)",
)

# The short section of a listing: two or three sentences on what this profession does.
SUMMARY: dict[str, tuple[str, ...]] = {
    PHYSIO: (
        "Physiotherapists are registered health professionals with a university degree.",
        "They examine you, find out what is wrong and plan your recovery.",
        "Most care is exercise, advice and hands-on work.",
    ),
    RMT: (
        "Remedial massage therapists treat tight, sore and stiff muscles by hand.",
        "They do not make medical diagnoses.",
        "Many also show you stretches to do at home.",
    ),
}

DIFFERS: dict[str, str] = {
    PHYSIO: (
        "A remedial massage therapist works only on the muscles, by hand. A physiotherapist also "
        "works out the cause and plans your recovery."
    ),
    RMT: (
        "A physiotherapist can find the cause of your pain and plan your recovery. A remedial "
        "massage therapist gives regular hands-on care for your muscles."
    ),
}

# Short bullets for a listing, each with the specialties (or ways to pay) that bring it first.
SHORT_FITS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    PHYSIO: (
        ("you have a new injury, or pain nobody has checked yet", frozenset()),
        ("you may have a sprain, a strain or a hurt tendon", frozenset({"sports-injuries"})),
        ("you are getting better after surgery or a broken bone", frozenset({"post-surgical-rehabilitation"})),
        (
            "you have trouble with balance, dizziness or falls",
            frozenset({"vestibular", "older-adults", "neurological-rehabilitation"}),
        ),
        ("you have a pelvic-health concern, such as bladder control", frozenset({"pelvic-health"})),
        ("you want a clear diagnosis and a plan, step by step", frozenset()),
    ),
    RMT: (
        (
            "your muscles feel tight or sore from sport, posture or desk work",
            frozenset({"workplace-and-posture", "deep-tissue", "trigger-point-therapy"}),
        ),
        ("you want regular massage to recover from training", frozenset({"sports-massage", "sports-injuries"})),
        ("you are pregnant and want a massage made for that", frozenset({"pregnancy-massage"})),
        ("a physiotherapist or doctor has already checked the problem", frozenset()),
    ),
}

# Bullets that finish the sentence "See a doctor first if…" on a listing: the most serious three.
SHORT_RED_FLAGS: tuple[str, ...] = (
    "you have had a bad fall or crash, or think a bone may be broken",
    "numbness or weakness is spreading, or you cannot control your bladder or bowel",
    "you have chest pain or trouble breathing (call 000)",
)

# Ways to pay that only physiotherapy can use: a massage listing says so, a physio listing too.
PHYSIO_ONLY_PAYERS = ("medicare-care-plan", "dva", "ctp", "ndis")

# Bullets that finish the sentence "See a doctor first if…". A generic list, not clinical advice.
SEE_A_DOCTOR_FIRST: tuple[str, ...] = (
    "you have had a bad injury, such as a fall from a height or a car crash, or you think a bone may be broken",
    "numbness, tingling or weakness is spreading or getting worse",
    "you cannot control your bladder or bowel, or feel numb around your groin or bottom",
    "you have chest pain or trouble breathing (call 000)",
    "you have back pain with a fever, or you feel unwell all over",
    "your pain is severe, keeps getting worse, or wakes you at night",
)

# Extra red flags for listings with these specialties, in this order, without repeats.
EXTRA_RED_FLAGS: tuple[tuple[frozenset[str], str], ...] = (
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
SPECIALTY_NOTES: dict[str, dict[str, str]] = {
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
