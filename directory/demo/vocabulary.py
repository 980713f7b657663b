"""Words for fictional demo practices, bios and reviews, and the shares that shape the data.

Phone numbers come only from the ranges ACMA reserves for fiction. Bios promise no outcomes and
massage therapists never diagnose; review texts speak of service, communication, punctuality,
premises and fees, never of clinical outcomes. Pure data.
"""

from __future__ import annotations

from datetime import UTC, datetime

from directory.practitioners import taxonomy

# Data only: kept in its compact layout rather than one item a line.
# fmt: off
# Fictional phone numbers (ACMA, "Phone numbers for use in TV, film and radio").
AREA_CODES = {"NSW": "02", "ACT": "02", "VIC": "03", "TAS": "03", "QLD": "07", "SA": "08", "WA": "08", "NT": "08"}
FICTIONAL_LANDLINE_BLOCKS = ("5550", "7010")
FICTIONAL_MOBILES = (
    "0491 570 006", "0491 570 156", "0491 570 157", "0491 570 158", "0491 570 159",
    "0491 570 110", "0491 570 313", "0491 570 737", "0491 571 266", "0491 571 491",
    "0491 571 804", "0491 572 549", "0491 572 665", "0491 572 983", "0491 573 770",
    "0491 573 087", "0491 574 118", "0491 574 632", "0491 575 254", "0491 575 789",
    "0491 576 398", "0491 576 801", "0491 577 426", "0491 577 644", "0491 578 957",
    "0491 578 148", "0491 578 888", "0491 579 212", "0491 579 760", "0491 579 455",
)

PHYSIO_ASSOCIATION = "Australian Physiotherapy Association"
# Massage associations (docs/domain.md; full names: docs/content-sources.md), each spelled out with
# its abbreviation, and the prefix of their made-up membership numbers. The shares are ours.
MASSAGE_ASSOCIATIONS: tuple[tuple[str, str, float], ...] = (
    ("Massage & Myotherapy Australia (MMA)", "MMA", 0.38),
    ("Association of Massage Therapists (AMT)", "AMT", 0.28),
    ("Australian Traditional-Medicine Society (ATMS)", "ATMS", 0.20),
    ("Australian Natural Therapists Association (ANTA)", "ANTA", 0.14),
)
LANGUAGES = (
    "Mandarin", "Cantonese", "Vietnamese", "Arabic", "Greek", "Italian", "Hindi", "Punjabi",
    "Spanish", "Korean", "Tagalog",
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DESCRIPTORS = (
    "Harbourside", "Eastside", "Northside", "Westside", "Southside", "Bayside", "Riverside",
    "Parkside", "Hillside", "Lakeside", "Coastal", "Summit", "Cornerstone", "Motion", "Balance",
    "Active", "Align", "Core", "Kinetic", "Peak", "Stride", "Evolve", "Foundation", "Restore",
    "True North", "Southern Cross", "Ironbark", "Banksia", "Wattle", "Bluegum", "Jacaranda",
    "Grevillea", "Sandstone", "Bluestone", "Red Gum", "Saltwater", "Headland", "Tideline",
    "Village", "Junction", "Main Street", "Corner", "Greenway", "Sunrise", "Horizon", "Keystone",
    "Waratah", "Kookaburra", "Boab", "Paperbark",
)
PHYSIO_PATTERNS = (
    ("{desc} Physiotherapy", 16), ("{suburb} Physiotherapy", 14), ("{suburb} Sports Physio", 8),
    ("{desc} Physio & Rehab", 6), ("{suburb} Physio Clinic", 5), ("{desc} Physiotherapy {suburb}", 4),
    ("{last} Physiotherapy", 5), ("{desc} Sports & Spinal Physio", 3), ("{suburb} Physio Co.", 3),
)
MASSAGE_PATTERNS = (
    ("{desc} Remedial Massage", 16), ("{suburb} Remedial Massage", 14), ("{desc} Massage Therapy", 8),
    ("{suburb} Massage & Bodywork", 5), ("{desc} Sports Massage", 5), ("{first} {last} Remedial Massage", 4),
    ("{desc} Soft Tissue Therapy", 3), ("{suburb} Sports & Remedial Massage", 4),
)
MIXED_PATTERNS = (
    ("{desc} Physio & Massage", 10), ("{suburb} Physio & Massage", 8), ("{desc} Health Collective", 6),
    ("{desc} Allied Health", 5), ("{desc} Movement Clinic", 5), ("{suburb} Physiotherapy & Remedial Massage", 5),
    ("{desc} Physio + Massage {suburb}", 3),
)
STREET_NAMES = (
    "George", "King", "Queen", "Victoria", "Albert", "Elizabeth", "William", "Church", "High",
    "Main", "Station", "Railway", "Bridge", "Park", "Beach", "Ocean", "Bay", "Harbour", "River",
    "Lake", "Hill", "Ridge", "Valley", "Forest", "Oxford", "Cambridge", "Regent", "Princes",
    "Macquarie", "Hume", "Lachlan", "Flinders", "Sturt", "Hovell", "Mitchell", "Banksia", "Wattle",
    "Acacia", "Bottlebrush", "Kurrajong", "Waratah", "Boronia", "Grevillea", "Jacaranda",
    "Coolabah", "Ironbark", "Stringybark", "Myrtle", "Cedar", "Pine", "Gum", "Heritage", "Market",
    "Mill", "School", "Hospital", "Commercial", "Union", "Franklin", "Wellington", "Nelson",
    "Durham", "Darling", "Murray", "Hunter", "Seaview", "Sunnyside", "Glenview", "Bellevue",
    "Edward", "Arthur", "Clarence", "Stanley", "Grey", "Fitzroy", "Brunswick",
)
STREET_TYPES = (
    ("Street", 40), ("Road", 25), ("Avenue", 8), ("Parade", 5), ("Drive", 5), ("Terrace", 4),
    ("Lane", 3), ("Crescent", 3), ("Place", 2), ("Highway", 2), ("Boulevard", 1), ("Esplanade", 1),
    ("Way", 1),
)
EMAIL_LOCALS = ("reception", "hello", "bookings", "admin", "info", "frontdesk", "team", "enquiries")

# Practice sizes: single-profession practices are mostly solo; mixed clinics have 2 to 6.
SINGLE_SIZES = ((1, 75), (2, 14), (3, 6), (4, 3), (5, 1), (6, 1))
MIXED_SIZES = ((2, 55), (3, 25), (4, 12), (5, 5), (6, 3))
MIXED_SHARE = 0.15
# Share of single-profession practices that are physiotherapy, tuned so that about 55% of all
# practitioners are physiotherapists.
PHYSIO_PRACTICE_SHARE = 0.567
PHYSIO_SHARE_IN_MIXED = 0.55

# --------------------------------------------------------------------------------------------
# Bios (no outcome promises; massage therapists never diagnose)
# --------------------------------------------------------------------------------------------

PHYSIO_DEGREES = (
    "a Bachelor of Physiotherapy", "a Doctor of Physiotherapy", "a graduate-entry Master of Physiotherapy",
    "a Bachelor of Applied Science (Physiotherapy)",
)
PHYSIO_SETTINGS = (
    "hospital outpatients", "community health", "aged care", "a rehabilitation centre",
    "local sports clubs", "a multidisciplinary clinic",
)
PHYSIO_INTROS = (
    "{first} is a physiotherapist who has been practising since {year}.",
    "{first} completed {degree} and has worked in private practice since {year}.",
    "{first} moved into private practice in {year} after several years in {setting}.",
    "A physiotherapist since {year}, {first} has worked in {setting} and in private practice.",
)
PHYSIO_APPROACH = (
    "Appointments begin with a thorough assessment, and {first} explains the findings and the plan in plain language.",
    "Sessions usually combine hands-on treatment with exercises you can keep doing at home.",
    "{first} works closely with GPs and other health professionals when a shared plan is needed.",
    "{first} likes to go through fees and rebates up front so there are no surprises.",
    "{first} enjoys working with people of all ages, from weekend athletes to older adults keen to stay active.",
)
MASSAGE_INTROS = (
    "{first} is a remedial massage therapist who holds {diploma} and has been practising since {year}.",
    "{first} has worked as a remedial massage therapist since {year}, after completing {diploma}.",
    "A remedial massage therapist since {year}, {first} trained with {diploma} and keeps up with professional "
    "development each year.",
)
MASSAGE_APPROACH = (
    "Each session starts with a short conversation about your history and what you would like from the treatment.",
    "{first} checks in about pressure and comfort throughout the session.",
    "If something needs a diagnosis, {first} will suggest seeing a physiotherapist or GP first.",
    "{first} is happy to work alongside a plan from your physiotherapist or GP.",
    "{first} will talk you through the fees before the session begins.",
)
FOCUS = (
    "{first}'s main areas of interest are {a} and {b}.",
    "Special interests include {list}.",
    "{first} has a particular interest in {a}.",
)
HOBBIES = (
    "trail running", "surfing", "netball", "cycling", "bushwalking", "swimming", "gardening",
    "rock climbing", "coaching junior football", "playing the piano", "ocean swimming", "yoga",
    "camping with family", "basketball", "paddleboarding",
)

# --------------------------------------------------------------------------------------------
# Reviews: service, communication, punctuality, premises, fees. Never clinical outcomes.
# --------------------------------------------------------------------------------------------

_POSITIVE_OPENERS = (
    "Booking online was easy and I got an appointment the same week.",
    "{first} was friendly and professional from start to finish.",
    "Really welcoming clinic and a lovely experience overall.",
    "I have been coming here for a while now and it is always well run.",
    "Great experience from the first phone call.",
    "{first} made me feel at ease straight away.",
    "The reception team were warm and helpful when I called to book.",
    "Found this clinic through the directory and I am glad I did.",
)
_POSITIVE_DETAILS = (
    "The appointment started right on time.",
    "{first} listened carefully and never made me feel rushed.",
    "Everything was explained clearly before we started, including what the session would involve.",
    "The fees were explained up front, so there were no surprises at the desk.",
    "The rooms were spotless and the waiting area was comfortable.",
    "Parking was easy to find, which is a bonus in this area.",
    "{first} answered all of my questions patiently.",
    "Reminder messages the day before were really handy.",
    "It was easy to reschedule when something came up at work.",
    "The clinic is accessible and the staff were considerate of my mobility.",
    "I appreciated that {first} checked I was comfortable throughout.",
    "Communication was clear and friendly the whole way through.",
    "Prices are reasonable and match what was quoted on the website.",
    "They were happy to fit me in after work, which made life easier.",
    "The receipts and invoices came through by email straight away.",
)
_POSITIVE_CLOSERS = (
    "Would happily book again.",
    "I would recommend the clinic to friends for the service alone.",
    "Thanks to {first} and the team.",
    "Already booked my next appointment.",
    "Highly recommend for friendly, punctual service.",
)
_MIXED_OPENERS = (
    "A reasonable experience overall, with a few things that could be better.",
    "{first} was pleasant, but the visit had some hiccups.",
    "Mostly fine, though not everything went smoothly.",
)
_MIXED_DETAILS = (
    "The appointment started about fifteen minutes late.",
    "The fees were a little higher than I expected and were not mentioned when I booked.",
    "The waiting room was cramped and a bit noisy.",
    "{first} was friendly and explained things well.",
    "Parking nearby was hard to find.",
    "Booking online was simple enough.",
    "It took a couple of calls to get through to reception.",
    "The rooms were clean and tidy.",
    "The session felt a little rushed at the end.",
)
_MIXED_CLOSERS = ("Might go back if the timing suits.", "Okay, but not outstanding.", "Fine for what it was.")
_NEGATIVE_OPENERS = (
    "Disappointing visit, unfortunately.",
    "Not a great experience this time.",
    "I had high hopes but the visit did not go well.",
)
_NEGATIVE_DETAILS = (
    "I waited more than thirty minutes past my appointment time without an apology.",
    "The fee was higher than I was quoted on the phone and nobody explained why.",
    "My appointment was cancelled at the last minute by text message.",
    "I felt rushed and did not get a chance to ask my questions.",
    "Reception was unhelpful when I asked about health-fund claiming.",
    "Nobody returned my calls when I tried to follow up about an invoice.",
    "The clinic was hard to find and the signage was poor.",
    "I was charged a cancellation fee even though I gave a day's notice.",
)
_NEGATIVE_CLOSERS = ("I will not be booking again.", "Hope they sort out their admin.", "Not for me.")
TITLES = {
    "positive": (
        "Friendly and on time", "Clear about fees", "Great communication", "Easy booking",
        "Welcoming clinic", "Professional and punctual", "Would book again", "Lovely team",
        "Relaxed and well organised", "Very professional",
    ),
    "mixed": ("Good but running late", "Okay experience", "Mixed visit", "Fine, a few hiccups"),
    "negative": ("Long wait", "Fees not explained", "Felt rushed", "Poor communication", "Disappointing"),
}
REVIEW_TEXT = {
    "positive": (_POSITIVE_OPENERS, _POSITIVE_DETAILS, _POSITIVE_CLOSERS),
    "mixed": (_MIXED_OPENERS, _MIXED_DETAILS, _MIXED_CLOSERS),
    "negative": (_NEGATIVE_OPENERS, _NEGATIVE_DETAILS, _NEGATIVE_CLOSERS),
}
# Rating distributions (5, 4, 3, 2, 1) by practitioner tier; overall about 55/24/9/5/6 %.
TIERS = (
    (0.70, (55, 25, 9, 5, 6)),
    (0.20, (75, 18, 4, 1, 2)),
    (0.10, (25, 25, 20, 13, 17)),
)
FIRST_VISIT_MONTH = (2019, 1)
LAST_VISIT_MONTH = (2026, 10)
LATEST_PUBLISHED_AT = datetime(2026, 11, 15, 18, 0, tzinfo=UTC)
# fmt: on

# How often each specialty is listed by practitioners of a profession, relative to the others:
# common work (back and neck pain, sports injuries) often, narrow fields (cardiorespiratory,
# paediatrics, hand therapy, lymphatic drainage) seldom, so few solo practitioners list several
# narrow fields together. Our estimates for fictional data, not statistics.
SPECIALTY_WEIGHTS: dict[str, dict[str, float]] = {
    taxonomy.PHYSIO: {
        "back-and-neck-pain": 0.90,
        "sports-injuries": 0.75,
        "workplace-and-posture": 0.45,
        "post-surgical-rehabilitation": 0.45,
        "dry-needling": 0.35,
        "older-adults": 0.35,
        "headaches-and-jaw": 0.25,
        "pregnancy-and-postnatal": 0.12,
        "pelvic-health": 0.10,
        "vestibular": 0.08,
        "neurological-rehabilitation": 0.08,
        "hydrotherapy": 0.07,
        "paediatrics": 0.05,
        "cupping": 0.05,
        "cardiorespiratory": 0.03,
        "hand-therapy": 0.03,
    },
    taxonomy.RMT: {
        "back-and-neck-pain": 0.85,
        "deep-tissue": 0.80,
        "sports-massage": 0.60,
        "trigger-point-therapy": 0.55,
        "myofascial-release": 0.45,
        "workplace-and-posture": 0.40,
        "sports-injuries": 0.40,
        "headaches-and-jaw": 0.30,
        "cupping": 0.20,
        "pregnancy-massage": 0.20,
        "older-adults": 0.15,
        "dry-needling": 0.12,
        "pregnancy-and-postnatal": 0.10,
        "lymphatic-drainage": 0.08,
    },
}

# The Diploma of Remedial Massage a therapist who qualified in a given year holds: HLT52021 came
# into use from 2022 and HLT52015 was still taught in the transition, so those qualified up to 2022
# hold HLT52015; HLT52015 superseded HLT50307 in August 2015; HLT50307 (2007) superseded HLT50302
# (docs/content-sources.md). (first year, code), latest first.
DIPLOMAS: tuple[tuple[int, str], ...] = ((2023, "HLT52021"), (2016, "HLT52015"), (2008, "HLT50307"), (0, "HLT50302"))

# How likely a practitioner of each profession is to accept each way of paying.
PAYER_CHANCE = {
    taxonomy.PHYSIO: {
        "private-health": 0.95,
        "hicaps": 0.88,
        "medicare-care-plan": 0.6,
        "dva": 0.35,
        "workcover": 0.45,
        "ctp": 0.35,
        "ndis": 0.25,
    },
    # Workers' compensation pays for massage only in some states and under conditions.
    taxonomy.RMT: {"private-health": 0.8, "hicaps": 0.85, "workcover": 0.08},
}
