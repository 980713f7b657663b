"""The words people type for what they need, mapped to the taxonomy (taxonomy.py): a specialty, a
profession, or neither (words that describe a need but choose nothing, such as "pain" or "knee").

Search reads this table to understand "sore lower back", "sports massage" or "rehab after knee
surgery" (search/needs.py). Keep it beside the taxonomy: a new specialty gets its words here. A
phrase is folded text (lower case, no accents or punctuation), one or more words; a longer phrase
wins over a shorter one ("pregnancy massage" over "pregnancy" and "massage").
"""

from __future__ import annotations

from directory.practitioners.taxonomy import PHYSIO, RMT, SPECIALTIES

# phrase -> (specialty slug or None, profession slug or None)
NEEDS: dict[str, tuple[str | None, str | None]] = {}


def _add(target: tuple[str | None, str | None], *phrases: str) -> None:
    for phrase in phrases:
        NEEDS[phrase] = target


# Professions
_add((None, PHYSIO), "physio", "physios", "physiotherapy", "physiotherapist", "physiotherapists", "physical therapy")
_add((None, PHYSIO), "physical therapist")
_add((None, RMT), "massage", "massages", "remedial massage", "remedial", "massage therapist", "masseur", "masseuse")
_add((None, RMT), "remedial massage therapist", "rmt", "myotherapy", "myotherapist")

# Specialties, in the taxonomy's order
_add(("sports-injuries", None), "sports injury", "sports injuries", "sport injury", "sprain", "sprained", "strain")
_add(("sports-injuries", None), "injury", "injuries", "tendon", "tendonitis", "tendinopathy", "ligament", "acl")
_add(("sports-injuries", None), "rolled ankle", "torn muscle", "hamstring", "tennis elbow", "runners knee")
_add(("back-and-neck-pain", None), "back", "lower back", "back pain", "neck", "neck pain", "back and neck pain")
_add(("back-and-neck-pain", None), "sciatica", "spine", "spinal", "lumbar", "disc", "bulging disc", "slipped disc")
_add(("back-and-neck-pain", None), "whiplash", "stiff neck", "backache")
_add(("headaches-and-jaw", None), "headache", "headaches", "migraine", "migraines", "jaw", "tmj", "tmd")
_add(("headaches-and-jaw", None), "jaw pain", "teeth grinding", "clenching")
_add(("pregnancy-and-postnatal", None), "pregnancy", "pregnant", "postnatal", "post natal", "antenatal")
_add(("pregnancy-and-postnatal", None), "prenatal", "after birth", "after baby", "new mum", "new mother")
_add(("workplace-and-posture", None), "posture", "postural", "desk", "desk work", "workplace")
_add(("workplace-and-posture", None), "ergonomic", "ergonomics", "rsi", "repetitive strain")
_add(("older-adults", None), "older", "elderly", "seniors", "senior", "ageing", "aging", "falls")
_add(("older-adults", None), "older adults", "older people", "fall prevention", "balance and falls")
_add(("dry-needling", None), "dry needling", "needling", "needles", "acupuncture")
_add(("cupping", None), "cupping")
_add(("post-surgical-rehabilitation", None), "surgery", "operation", "post surgery", "post surgical")
_add(("post-surgical-rehabilitation", None), "after surgery", "rehab", "rehabilitation", "knee replacement")
_add(("post-surgical-rehabilitation", None), "hip replacement", "knee surgery", "acl reconstruction", "reconstruction")
_add(("neurological-rehabilitation", None), "stroke", "parkinsons", "parkinson", "multiple sclerosis")
_add(("neurological-rehabilitation", None), "neurological", "neuro", "brain injury", "spinal cord injury")
_add(("vestibular", None), "dizzy", "dizziness", "vertigo", "bppv", "vestibular", "balance", "inner ear")
_add(("pelvic-health", None), "pelvic", "pelvic floor", "pelvic health", "incontinence", "bladder", "bowel")
_add(("pelvic-health", None), "prolapse", "continence", "womens health", "mens health")
_add(("paediatrics", None), "child", "children", "kids", "baby", "babies", "paediatric", "paediatrics")
_add(("paediatrics", None), "pediatric", "pediatrics", "toddler", "teenager")
_add(("cardiorespiratory", None), "breathing", "lungs", "lung", "cardiac", "respiratory", "copd")
_add(("cardiorespiratory", None), "asthma", "cardiorespiratory", "cardio")
_add(("hydrotherapy", None), "hydrotherapy", "hydro", "pool", "water exercise", "aquatic")
_add(("hand-therapy", None), "hand", "hands", "wrist", "finger", "fingers", "thumb", "carpal tunnel")
_add(("hand-therapy", None), "hand therapy", "broken wrist")
_add(("deep-tissue", None), "deep tissue", "deep tissue massage", "deep massage", "firm massage")
_add(("trigger-point-therapy", None), "trigger point", "trigger points", "trigger point therapy", "knots", "knot")
_add(("myofascial-release", None), "myofascial", "myofascial release", "fascia")
_add(("lymphatic-drainage", None), "lymphatic", "lymphatic drainage", "lymph", "lymphoedema", "lymphedema")
_add(("lymphatic-drainage", None), "swelling", "fluid retention")
_add(("sports-massage", None), "sports massage", "sport massage", "athlete massage", "recovery massage")
_add(("pregnancy-massage", None), "pregnancy massage", "prenatal massage", "pregnant massage")

# Words that describe a need but choose nothing: taken out of the text, so what is left is a place
# or a name ("knee pain Fitzroy": Fitzroy).
DESCRIBING: frozenset[str] = frozenset(
    """pain painful sore sores ache aches aching achy hurt hurts hurting tight tightness stiff stiffness
    tension tense injured problem problems issue issues treatment treatments therapy therapist
    therapists help relief care recovery recover after for with and of in near around my a an the
    at to on from knee knees shoulder shoulders ankle ankles hip hips elbow elbows foot feet leg legs
    arm arms muscle muscles joint joints upper lower left right chronic acute bad""".split()
)

# Common misspellings, folded, to the word meant (more are caught by closeness: search/needs.py).
MISSPELLINGS: dict[str, str] = {
    "physo": "physio",
    "phsyio": "physio",
    "pysio": "physio",
    "fisio": "physio",
    "physiotheraphy": "physiotherapy",
    "physiotherapist's": "physiotherapist",
    "massge": "massage",
    "masage": "massage",
    "massag": "massage",
    "messag": "massage",
    "pregnacy": "pregnancy",
    "pregancy": "pregnancy",
    "pregnency": "pregnancy",
    "siatica": "sciatica",
    "sciatic": "sciatica",
    "needleing": "needling",
    "nedling": "needling",
    "migrane": "migraine",
    "migranes": "migraines",
    "headache's": "headache",
    "vertigo's": "vertigo",
    "rehabilitaion": "rehabilitation",
    "surgary": "surgery",
    "lymphatics": "lymphatic",
}

MAX_PHRASE_WORDS = max(len(phrase.split()) for phrase in NEEDS)


def _check() -> None:
    """Every target names a specialty or profession of the taxonomy (run at import: a typo fails fast)."""
    specialties = {slug for slug, _name, _applies in SPECIALTIES}
    for phrase, (specialty, profession) in NEEDS.items():
        if specialty is not None and specialty not in specialties:
            raise ValueError(f"synonym {phrase!r} names an unknown specialty {specialty!r}")
        if profession not in (None, PHYSIO, RMT):
            raise ValueError(f"synonym {phrase!r} names an unknown profession {profession!r}")


_check()
