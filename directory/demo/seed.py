"""Fictional demo practices, practitioners and reviews, spread over Australia by population.

``seed_demo`` writes with bulk Core inserts and flushes, but never commits: the caller (the
``seed-demo`` command) owns the transaction. Everything comes from ``random.Random(seed)``
(sub-streams derived from it), and every query it reads orders its rows, so the same seed on
the same reference data and gazetteer gives the same rows. Nothing here is real:

- names are drawn from lists of common given names and surnames (no real practitioner);
- e-mail addresses and websites are on the reserved ``example.com``/``.net``/``.org`` domains;
- phone numbers come only from the ranges ACMA reserves for fiction (landline ``5550 xxxx`` and
  ``7010 xxxx`` in every geographic area code, and the listed ``0491 57x xxx`` mobiles);
- physiotherapist registration numbers have the Ahpra shape (``PHY`` + 10 digits) but sit in
  ``PHY0009xxxxxx`` (not checked against the register: the listings are labelled as demo
  data, and the pages link to the public register); membership numbers are made up;
- every practice, practitioner and review row has ``is_demo`` set.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from random import Random

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.geo.distance import great_circle_km
from directory.geo.models import Place
from directory.listings import taxonomy
from directory.listings.models import (
    Payer,
    Practice,
    Practitioner,
    Profession,
    Specialty,
    practitioner_payers,
    practitioner_specialties,
    specialty_professions,
)
from directory.listings.slugs import slugify
from directory.reviews.models import Review

BATCH = 5000

# Capitals and major regional centres (name and state of their ``places`` city row). Each gets
# a practitioner of every profession within GUARANTEE_KM of that row when there are enough
# practitioners to go round.
CAPITALS: tuple[tuple[str, str], ...] = (
    ("Sydney", "NSW"),
    ("Melbourne", "VIC"),
    ("Brisbane", "QLD"),
    ("Perth", "WA"),
    ("Adelaide", "SA"),
    ("Hobart", "TAS"),
    ("Darwin", "NT"),
    ("Canberra", "ACT"),
)
REGIONAL_CENTRES: tuple[tuple[str, str], ...] = (
    ("Gold Coast", "QLD"),
    ("Newcastle", "NSW"),
    ("Sunshine Coast", "QLD"),
    ("Wollongong", "NSW"),
    ("Geelong", "VIC"),
    ("Townsville", "QLD"),
    ("Cairns", "QLD"),
    ("Toowoomba", "QLD"),
    ("Ballarat", "VIC"),
    ("Bendigo", "VIC"),
    ("Albury", "NSW"),
    ("Launceston", "TAS"),
    ("Mackay", "QLD"),
    ("Rockhampton", "QLD"),
    ("Bunbury", "WA"),
    ("Coffs Harbour", "NSW"),
    ("Wagga Wagga", "NSW"),
    ("Mildura", "VIC"),
    ("Alice Springs", "NT"),
    ("Central Coast", "NSW"),
)
# Used when a centre's own row is missing from the gazetteer.
CENTRE_FALLBACKS = {("Central Coast", "NSW"): ("Gosford", "NSW")}
GUARANTEE_KM = 5.0

# Fictional phone numbers (ACMA, "Phone numbers for use in TV, film and radio").
AREA_CODES = {"NSW": "02", "ACT": "02", "VIC": "03", "TAS": "03", "QLD": "07", "SA": "08", "WA": "08", "NT": "08"}
FICTIONAL_LANDLINE_BLOCKS = ("5550", "7010")
FICTIONAL_MOBILES = (
    "0491 570 006",
    "0491 570 156",
    "0491 570 157",
    "0491 570 158",
    "0491 570 159",
    "0491 570 110",
    "0491 570 313",
    "0491 570 737",
    "0491 571 266",
    "0491 571 491",
    "0491 571 804",
    "0491 572 549",
    "0491 572 665",
    "0491 572 983",
    "0491 573 770",
    "0491 573 087",
    "0491 574 118",
    "0491 574 632",
    "0491 575 254",
    "0491 575 789",
    "0491 576 398",
    "0491 576 801",
    "0491 577 426",
    "0491 577 644",
    "0491 578 957",
    "0491 578 148",
    "0491 578 888",
    "0491 579 212",
    "0491 579 760",
    "0491 579 455",
)

PHYSIO_ASSOCIATION = "Australian Physiotherapy Association"
# Massage associations and the prefix of their (made-up) membership numbers.
MASSAGE_ASSOCIATIONS: tuple[tuple[str, str, float], ...] = (
    ("Massage & Myotherapy Australia", "MMA", 0.34),
    ("Australian Massage Therapists (AMT)", "AMT", 0.26),
    ("Massage Association of Australia", "MAA", 0.12),
    ("ATMS", "ATMS", 0.16),
    ("ANTA", "ANTA", 0.12),
)
LANGUAGES = (
    "Mandarin",
    "Cantonese",
    "Vietnamese",
    "Arabic",
    "Greek",
    "Italian",
    "Hindi",
    "Punjabi",
    "Spanish",
    "Korean",
    "Tagalog",
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Gazetteer "localities" that are not suburbs: mail, delivery and business centres, CBD
# delivery streets, bases, campuses, hospitals, airports, shopping centres.
_NOT_A_SUBURB = re.compile(
    r"\b(mc|dc|bc|raaf|milpo|gpo|lpo|airport|centre|plaza|street|mall|square|campus|terminal|"
    r"wintergarden|waterfront place|road central|road melbourne)$"
    r"|\b(hmas|military|barracks|university|parliament|delivery|mail|defence|hospital|roadhouse|arcade|"
    r"world trade)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SeedReport:
    practices: int
    practitioners: int
    reviews: int


# --------------------------------------------------------------------------------------------
# Names (fictional combinations; an Australian population mix)
# --------------------------------------------------------------------------------------------

_ANGLO_F = (
    "Charlotte",
    "Olivia",
    "Amelia",
    "Isla",
    "Mia",
    "Ava",
    "Grace",
    "Chloe",
    "Sophie",
    "Emily",
    "Ella",
    "Ruby",
    "Matilda",
    "Zoe",
    "Lucy",
    "Sarah",
    "Jessica",
    "Emma",
    "Hannah",
    "Georgia",
    "Kate",
    "Laura",
    "Rebecca",
    "Rachel",
    "Megan",
    "Claire",
    "Holly",
    "Maya",
    "Lily",
    "Harriet",
    "Alice",
    "Madeleine",
    "Bridget",
    "Erin",
    "Tessa",
    "Jade",
    "Kirsty",
    "Natalie",
    "Amy",
    "Caitlin",
)
_ANGLO_M = (
    "Jack",
    "Oliver",
    "William",
    "Noah",
    "Thomas",
    "James",
    "Lachlan",
    "Liam",
    "Henry",
    "Lucas",
    "Ethan",
    "Cooper",
    "Harry",
    "Max",
    "Samuel",
    "Joshua",
    "Daniel",
    "Benjamin",
    "Matthew",
    "Ryan",
    "Nathan",
    "Mitchell",
    "Luke",
    "Hamish",
    "Callum",
    "Angus",
    "Tom",
    "Ben",
    "Isaac",
    "Patrick",
    "Declan",
    "Brendan",
    "Scott",
    "Adam",
    "Jake",
    "Connor",
    "Fraser",
    "Toby",
    "Hugh",
    "Owen",
)
_NEUTRAL = (
    "Alex",
    "Sam",
    "Jordan",
    "Charlie",
    "Riley",
    "Taylor",
    "Jamie",
    "Casey",
    "Robin",
    "Kai",
    "Ash",
    "Quinn",
    "Rowan",
    "Sasha",
    "Jesse",
    "Morgan",
    "Avery",
    "Eden",
    "River",
    "Frankie",
)


@dataclass(frozen=True)
class _Group:
    weight: float
    surnames: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    languages: tuple[str, ...]


_GROUPS: tuple[_Group, ...] = (
    _Group(
        0.52,
        (
            "Smith",
            "Jones",
            "Williams",
            "Brown",
            "Wilson",
            "Taylor",
            "Johnson",
            "White",
            "Martin",
            "Anderson",
            "Thompson",
            "Thomas",
            "Walker",
            "Harris",
            "Ryan",
            "Robinson",
            "Kelly",
            "King",
            "Davis",
            "Wright",
            "Evans",
            "Roberts",
            "Green",
            "Hall",
            "Wood",
            "Jackson",
            "Clarke",
            "O'Brien",
            "Murphy",
            "McDonald",
            "Campbell",
            "Stewart",
            "Murray",
            "Fraser",
            "Sullivan",
            "Byrne",
            "Walsh",
            "Doyle",
            "Kennedy",
            "Hughes",
            "Morris",
            "Watson",
            "Bennett",
            "Cooper",
            "Baker",
            "Mitchell",
            "Turner",
            "Phillips",
            "Parker",
            "Edwards",
            "Collins",
            "Morgan",
            "Bell",
            "Cook",
            "Scott",
            "Young",
            "Hill",
            "Adams",
            "Nelson",
            "Carter",
            "Gallagher",
            "O'Connor",
            "Quinn",
            "Reid",
            "Fletcher",
            "Lawson",
            "Hayes",
            "Burke",
            "Dunn",
            "Ellis",
        ),
        _ANGLO_F,
        _ANGLO_M,
        (),
    ),
    _Group(
        0.06,
        ("Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Zhou", "Wu", "Yang", "Lin", "Xu", "Zhao", "Sun", "Ma"),
        ("Mei", "Ling", "Xinyi", "Jiayi", "Yan", "Hui", "Wen", "Jing", "Qian", "Yue"),
        ("Wei", "Jun", "Hao", "Ming", "Jian", "Yong", "Zhen", "Tao", "Lei", "Bo"),
        ("Mandarin",),
    ),
    _Group(
        0.03,
        ("Wong", "Chan", "Cheung", "Lau", "Ho", "Leung", "Tang", "Lam", "Yip", "Chow"),
        ("Wing Yan", "Mei Ling", "Ka Yan", "Hoi Ying", "Cindy", "Vivian", "Winnie"),
        ("Ka Wai", "Chi Keung", "Kin Wah", "Wai Lun", "Kelvin", "Raymond", "Edmond"),
        ("Cantonese",),
    ),
    _Group(
        0.04,
        ("Nguyen", "Tran", "Le", "Pham", "Huynh", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do", "Ngo"),
        ("Linh", "Thu", "Mai", "Lan", "Hoa", "Trang", "Ngoc", "Anh", "Vy", "Thao"),
        ("Minh", "Tuan", "Duc", "Huy", "Quang", "Thanh", "Khoa", "Long", "Bao", "Phong"),
        ("Vietnamese",),
    ),
    _Group(
        0.05,
        (
            "Patel",
            "Sharma",
            "Kumar",
            "Gupta",
            "Shah",
            "Reddy",
            "Iyer",
            "Nair",
            "Mehta",
            "Chopra",
            "Joshi",
            "Rao",
            "Desai",
        ),
        ("Priya", "Ananya", "Kavya", "Isha", "Neha", "Pooja", "Shreya", "Divya", "Riya", "Meera"),
        ("Arjun", "Rahul", "Rohan", "Vikram", "Aarav", "Karan", "Nikhil", "Sanjay", "Amit", "Dev"),
        ("Hindi",),
    ),
    _Group(
        0.02,
        ("Singh", "Gill", "Sandhu", "Sidhu", "Dhillon", "Grewal", "Brar", "Kaur"),
        ("Harpreet", "Simran", "Gurleen", "Navneet", "Jaspreet", "Manpreet"),
        ("Gurpreet", "Harjit", "Jaskaran", "Manjot", "Amrit", "Ranbir"),
        ("Punjabi",),
    ),
    _Group(
        0.025,
        (
            "Papadopoulos",
            "Nikolaidis",
            "Georgiou",
            "Dimitriou",
            "Christodoulou",
            "Andreou",
            "Konstantinidis",
            "Pappas",
            "Karagiannis",
            "Vlahos",
        ),
        ("Eleni", "Sophia", "Katerina", "Maria", "Despina", "Anastasia", "Georgia", "Christina"),
        ("Nick", "George", "Con", "Dimitri", "Chris", "Stavros", "Peter", "Andreas"),
        ("Greek",),
    ),
    _Group(
        0.035,
        (
            "Rossi",
            "Russo",
            "Romano",
            "Esposito",
            "Ferrari",
            "Bianchi",
            "Colombo",
            "Ricci",
            "Marino",
            "Greco",
            "Bruno",
            "Gallo",
            "Conti",
            "De Luca",
            "Mancini",
        ),
        ("Giulia", "Francesca", "Chiara", "Alessandra", "Gabriella", "Lucia", "Sofia", "Elena"),
        ("Marco", "Luca", "Matteo", "Alessandro", "Joe", "Anthony", "Frank", "Dominic"),
        ("Italian",),
    ),
    _Group(
        0.035,
        (
            "Haddad",
            "Khoury",
            "Nasser",
            "Ibrahim",
            "Ahmed",
            "Hassan",
            "Ali",
            "Saleh",
            "Karam",
            "Mansour",
            "Farah",
            "Awad",
            "Hamdan",
        ),
        ("Layla", "Fatima", "Yasmin", "Nour", "Rania", "Sara", "Mariam", "Aisha", "Lina", "Hana"),
        ("Omar", "Ahmed", "Ali", "Karim", "Hassan", "Khaled", "Sami", "Youssef", "Bilal", "Tarek"),
        ("Arabic",),
    ),
    _Group(
        0.02,
        ("Santos", "Reyes", "Cruz", "Garcia", "Bautista", "Mendoza", "Ramos", "Aquino", "Villanueva", "Dela Cruz"),
        ("Maria", "Angelica", "Kristine", "Jasmine", "Patricia", "Camille", "Bea"),
        ("Mark", "John Paul", "Carlo", "Miguel", "Paolo", "Rafael", "Jerome"),
        ("Tagalog",),
    ),
    _Group(
        0.012,
        ("Kim", "Park", "Lee", "Choi", "Jung", "Kang", "Cho", "Yoon"),
        ("Ji-woo", "Seo-yeon", "Min-ji", "Hana", "Soo-jin", "Yuna"),
        ("Min-jun", "Ji-hoon", "Hyun-woo", "Daniel", "Joon", "Sung-min"),
        ("Korean",),
    ),
    _Group(
        0.012,
        ("Fernandez", "Lopez", "Martinez", "Rodriguez", "Gomez", "Silva", "Torres", "Morales"),
        ("Valentina", "Camila", "Sofia", "Lucia", "Isabela", "Daniela"),
        ("Diego", "Mateo", "Santiago", "Javier", "Andres", "Pablo"),
        ("Spanish",),
    ),
    _Group(
        0.05,
        (
            "Müller",
            "Schmidt",
            "Becker",
            "Jansen",
            "De Vries",
            "Bakker",
            "Kowalski",
            "Nowak",
            "Novak",
            "Jovanović",
            "Petrović",
            "Nikolić",
            "Horvat",
            "Andersen",
            "Larsen",
            "Johansson",
            "Dubois",
            "Moreau",
            "Kovač",
            "Varga",
        ),
        ("Anna", "Katarina", "Sanne", "Ingrid", "Elise", "Marta", "Ivana", "Zoë", "Léa", "Freya"),
        ("Lukas", "Jakob", "Stefan", "Milan", "Tomas", "Lars", "Pieter", "Mateusz", "Luka", "Henrik"),
        (),
    ),
    _Group(
        0.012,
        ("Okafor", "Mensah", "Mwangi", "Abebe", "Osei", "Ndlovu", "Banda", "Kamara", "Okoye", "Adeyemi"),
        ("Amara", "Ama", "Zawadi", "Nia", "Chiamaka", "Thandiwe"),
        ("Kwame", "Tendai", "Chidi", "Kofi", "Themba", "Yusuf"),
        (),
    ),
    _Group(
        0.012,
        ("Perera", "Fernando", "De Silva", "Jayasinghe", "Wickramasinghe", "Gunawardena", "Bandara"),
        ("Nadeesha", "Dilini", "Sachini", "Tharushi", "Ishara"),
        ("Kasun", "Nuwan", "Chamara", "Dinesh", "Ruwan"),
        (),
    ),
    _Group(
        0.006,
        ("Tanaka", "Sato", "Suzuki", "Ito", "Nakamura", "Kobayashi"),
        ("Yuki", "Aiko", "Haruka", "Emi"),
        ("Kenji", "Takeshi", "Hiroshi", "Ren"),
        (),
    ),
)
_GROUP_CUM = list(accumulate(g.weight for g in _GROUPS))

# Reviewers' display names come from one combined list, picked arithmetically from the
# reviewer number, so the same address always shows the same name.
_REVIEWER_FIRST = (
    _ANGLO_F + _ANGLO_M + _NEUTRAL + tuple(name for group in _GROUPS[1:] for name in group.female[:3] + group.male[:3])
)
_INITIALS = "ABCDEFGHJKLMNOPRSTVWY"

# --------------------------------------------------------------------------------------------
# Practices and addresses
# --------------------------------------------------------------------------------------------

_DESCRIPTORS = (
    "Harbourside",
    "Eastside",
    "Northside",
    "Westside",
    "Southside",
    "Bayside",
    "Riverside",
    "Parkside",
    "Hillside",
    "Lakeside",
    "Coastal",
    "Summit",
    "Cornerstone",
    "Motion",
    "Balance",
    "Active",
    "Align",
    "Core",
    "Kinetic",
    "Peak",
    "Stride",
    "Evolve",
    "Foundation",
    "Restore",
    "True North",
    "Southern Cross",
    "Ironbark",
    "Banksia",
    "Wattle",
    "Bluegum",
    "Jacaranda",
    "Grevillea",
    "Sandstone",
    "Bluestone",
    "Red Gum",
    "Saltwater",
    "Headland",
    "Tideline",
    "Village",
    "Junction",
    "Main Street",
    "Corner",
    "Greenway",
    "Sunrise",
    "Horizon",
    "Keystone",
    "Waratah",
    "Kookaburra",
    "Boab",
    "Paperbark",
)
_PHYSIO_PATTERNS = (
    ("{desc} Physiotherapy", 16),
    ("{suburb} Physiotherapy", 14),
    ("{suburb} Sports Physio", 8),
    ("{desc} Physio & Rehab", 6),
    ("{suburb} Physio Clinic", 5),
    ("{desc} Physiotherapy {suburb}", 4),
    ("{last} Physiotherapy", 5),
    ("{desc} Sports & Spinal Physio", 3),
    ("{suburb} Physio Co.", 3),
)
_MASSAGE_PATTERNS = (
    ("{desc} Remedial Massage", 16),
    ("{suburb} Remedial Massage", 14),
    ("{desc} Massage Therapy", 8),
    ("{suburb} Massage & Bodywork", 5),
    ("{desc} Sports Massage", 5),
    ("{first} {last} Remedial Massage", 4),
    ("{desc} Soft Tissue Therapy", 3),
    ("{suburb} Sports & Remedial Massage", 4),
)
_MIXED_PATTERNS = (
    ("{desc} Physio & Massage", 10),
    ("{suburb} Physio & Massage", 8),
    ("{desc} Health Collective", 6),
    ("{desc} Allied Health", 5),
    ("{desc} Movement Clinic", 5),
    ("{suburb} Physiotherapy & Remedial Massage", 5),
    ("{desc} Physio + Massage {suburb}", 3),
)
_STREET_NAMES = (
    "George",
    "King",
    "Queen",
    "Victoria",
    "Albert",
    "Elizabeth",
    "William",
    "Church",
    "High",
    "Main",
    "Station",
    "Railway",
    "Bridge",
    "Park",
    "Beach",
    "Ocean",
    "Bay",
    "Harbour",
    "River",
    "Lake",
    "Hill",
    "Ridge",
    "Valley",
    "Forest",
    "Oxford",
    "Cambridge",
    "Regent",
    "Princes",
    "Macquarie",
    "Hume",
    "Lachlan",
    "Flinders",
    "Sturt",
    "Hovell",
    "Mitchell",
    "Banksia",
    "Wattle",
    "Acacia",
    "Bottlebrush",
    "Kurrajong",
    "Waratah",
    "Boronia",
    "Grevillea",
    "Jacaranda",
    "Coolabah",
    "Ironbark",
    "Stringybark",
    "Myrtle",
    "Cedar",
    "Pine",
    "Gum",
    "Heritage",
    "Market",
    "Mill",
    "School",
    "Hospital",
    "Commercial",
    "Union",
    "Franklin",
    "Wellington",
    "Nelson",
    "Durham",
    "Darling",
    "Murray",
    "Hunter",
    "Seaview",
    "Sunnyside",
    "Glenview",
    "Bellevue",
    "Edward",
    "Arthur",
    "Clarence",
    "Stanley",
    "Grey",
    "Fitzroy",
    "Brunswick",
)
_STREET_TYPES = (
    ("Street", 40),
    ("Road", 25),
    ("Avenue", 8),
    ("Parade", 5),
    ("Drive", 5),
    ("Terrace", 4),
    ("Lane", 3),
    ("Crescent", 3),
    ("Place", 2),
    ("Highway", 2),
    ("Boulevard", 1),
    ("Esplanade", 1),
    ("Way", 1),
)
_EMAIL_LOCALS = ("reception", "hello", "bookings", "admin", "info", "frontdesk", "team", "enquiries")

# Practice sizes: single-profession practices are mostly solo; mixed clinics have 2 to 6.
_SINGLE_SIZES = ((1, 75), (2, 14), (3, 6), (4, 3), (5, 1), (6, 1))
_MIXED_SIZES = ((2, 55), (3, 25), (4, 12), (5, 5), (6, 3))
MIXED_SHARE = 0.15
# Share of single-profession practices that are physiotherapy, tuned so that about 55% of all
# practitioners are physiotherapists.
PHYSIO_PRACTICE_SHARE = 0.567
PHYSIO_SHARE_IN_MIXED = 0.55

# --------------------------------------------------------------------------------------------
# Bios (no outcome promises; massage therapists never diagnose)
# --------------------------------------------------------------------------------------------

_PHYSIO_DEGREES = (
    "a Bachelor of Physiotherapy",
    "a Doctor of Physiotherapy",
    "a graduate-entry Master of Physiotherapy",
    "a Bachelor of Applied Science (Physiotherapy)",
)
_PHYSIO_SETTINGS = (
    "hospital outpatients",
    "community health",
    "aged care",
    "a rehabilitation centre",
    "local sports clubs",
    "a multidisciplinary clinic",
)
_PHYSIO_INTROS = (
    "{first} is a physiotherapist who has been practising since {year}.",
    "{first} completed {degree} and has worked in private practice since {year}.",
    "{first} moved into private practice in {year} after several years in {setting}.",
    "A physiotherapist since {year}, {first} has worked in {setting} and in private practice.",
)
_PHYSIO_APPROACH = (
    "Appointments begin with a thorough assessment, and {first} explains the findings and the plan in plain language.",
    "Sessions usually combine hands-on treatment with exercises you can keep doing at home.",
    "{first} works closely with GPs and other health professionals when a shared plan is needed.",
    "{first} likes to go through fees and rebates up front so there are no surprises.",
    "{first} enjoys working with people of all ages, from weekend athletes to older adults keen to stay active.",
)
_MASSAGE_INTROS = (
    "{first} is a remedial massage therapist who holds {diploma} and has been practising since {year}.",
    "{first} has worked as a remedial massage therapist since {year}, after completing {diploma}.",
    "A remedial massage therapist since {year}, {first} trained with {diploma} and keeps up with professional "
    "development each year.",
)
_MASSAGE_APPROACH = (
    "Each session starts with a short conversation about your history and what you would like from the treatment.",
    "{first} checks in about pressure and comfort throughout the session.",
    "If something needs a diagnosis, {first} will suggest seeing a physiotherapist or GP first.",
    "{first} is happy to work alongside a plan from your physiotherapist or GP.",
    "{first} will talk you through the fees before the session begins.",
)
_FOCUS = (
    "{first}'s main areas of interest are {a} and {b}.",
    "Special interests include {list}.",
    "{first} has a particular interest in {a}.",
)
_HOBBIES = (
    "trail running",
    "surfing",
    "netball",
    "cycling",
    "bushwalking",
    "swimming",
    "gardening",
    "rock climbing",
    "coaching junior football",
    "playing the piano",
    "ocean swimming",
    "yoga",
    "camping with family",
    "basketball",
    "paddleboarding",
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
_TITLES = {
    "positive": (
        "Friendly and on time",
        "Clear about fees",
        "Great communication",
        "Easy booking",
        "Welcoming clinic",
        "Professional and punctual",
        "Would book again",
        "Lovely team",
        "Relaxed and well organised",
        "Very professional",
    ),
    "mixed": ("Good but running late", "Okay experience", "Mixed visit", "Fine, a few hiccups"),
    "negative": ("Long wait", "Fees not explained", "Felt rushed", "Poor communication", "Disappointing"),
}
_REVIEW_TEXT = {
    "positive": (_POSITIVE_OPENERS, _POSITIVE_DETAILS, _POSITIVE_CLOSERS),
    "mixed": (_MIXED_OPENERS, _MIXED_DETAILS, _MIXED_CLOSERS),
    "negative": (_NEGATIVE_OPENERS, _NEGATIVE_DETAILS, _NEGATIVE_CLOSERS),
}
# Rating distributions (5, 4, 3, 2, 1) by practitioner tier; overall about 55/24/9/5/6 %.
_TIERS = (
    (0.70, (55, 25, 9, 5, 6)),
    (0.20, (75, 18, 4, 1, 2)),
    (0.10, (25, 25, 20, 13, 17)),
)
FIRST_VISIT_MONTH = (2019, 1)
LAST_VISIT_MONTH = (2026, 10)
LATEST_PUBLISHED_AT = datetime(2026, 11, 15, 18, 0, tzinfo=UTC)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _cum(weighted: Sequence[tuple[object, float]]) -> tuple[list, list[float]]:
    items = [item for item, _ in weighted]
    return items, list(accumulate(w for _, w in weighted))


def _pick(rng: Random, items: Sequence, cum: Sequence[float]):
    return items[bisect_right(cum, rng.random() * cum[-1])]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _join_list(words: Sequence[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _offset(lat: float, lng: float, dx_km: float, dy_km: float) -> tuple[float, float]:
    return lat + dy_km / 110.574, lng + dx_km / (111.320 * math.cos(math.radians(lat)))


def _disk(rng: Random, radius_km: float) -> tuple[float, float]:
    """A point uniformly distributed in a disk of the given radius (dx, dy in km)."""
    r = radius_km * math.sqrt(rng.random())
    theta = rng.random() * 2 * math.pi
    return r * math.cos(theta), r * math.sin(theta)


def city_radius_km(population: int) -> float:
    """How far from a city's centre row its demo practices may be placed."""
    return min(8.0, max(1.0, 0.02 * math.sqrt(max(population, 0))))


@dataclass(frozen=True)
class _Locality:
    name: str
    state: str
    postcode: str
    lat: float
    lng: float


class _LocalityIndex:
    """Nearest locality to a point, from a grid of cells in memory (no query per practice)."""

    CELL = 0.1  # degrees

    def __init__(self, localities: Sequence[_Locality]):
        self.cells: dict[tuple[int, int], list[_Locality]] = {}
        for loc in localities:
            self.cells.setdefault(self._cell(loc.lat, loc.lng), []).append(loc)
        self.all = list(localities)

    def _cell(self, lat: float, lng: float) -> tuple[int, int]:
        return math.floor(lat / self.CELL), math.floor(lng / self.CELL)

    def nearest(self, lat: float, lng: float) -> _Locality:
        ci, cj = self._cell(lat, lng)
        cos_lat = math.cos(math.radians(lat))
        best: _Locality | None = None
        best_d = math.inf
        for ring in range(0, 60):
            if ring == 0:
                cells = [(ci, cj)]
            else:
                cells = [(ci + di, cj + dj) for di in range(-ring, ring + 1) for dj in (-ring, ring)]
                cells += [(ci + di, cj + dj) for di in (-ring, ring) for dj in range(-ring + 1, ring)]
            for cell in cells:
                for loc in self.cells.get(cell, ()):
                    d = (loc.lat - lat) ** 2 + ((loc.lng - lng) * cos_lat) ** 2
                    if d < best_d:
                        best, best_d = loc, d
            # Anything in a further ring is at least ring * CELL away (longitude shrinks by cos).
            if best is not None and math.sqrt(best_d) <= ring * self.CELL * cos_lat:
                return best
        if best is not None:
            return best
        return min(self.all, key=lambda loc: (loc.lat - lat) ** 2 + ((loc.lng - lng) * cos_lat) ** 2)


NEAR_SUBURB_KM = 1.5
MAX_DRAWS = 8


@dataclass
class _Site:
    lat: float
    lng: float
    locality: _Locality


def _place_near(rng: Random, index: _LocalityIndex, lat: float, lng: float, radius_km: float) -> _Site:
    """A point near (lat, lng), pulled close to the nearest suburb so it stays on land.

    A point far from every suburb centre is most likely in a bay or the sea: draw again.
    """
    for _ in range(MAX_DRAWS):
        dx, dy = _disk(rng, radius_km)
        plat, plng = _offset(lat, lng, dx, dy)
        loc = index.nearest(plat, plng)
        ddx = (plng - loc.lng) * 111.320 * math.cos(math.radians(loc.lat))
        ddy = (plat - loc.lat) * 110.574
        dist = math.hypot(ddx, ddy)
        if dist <= NEAR_SUBURB_KM:
            break
    # Keep the direction from the suburb's centre to the point but at most ~0.9 km from it.
    limit = 0.9 * math.sqrt(rng.random())
    if dist > limit and dist > 0:
        scale = limit / dist
        ddx, ddy = ddx * scale, ddy * scale
    flat, flng = _offset(loc.lat, loc.lng, ddx, ddy)
    return _Site(round(flat, 6), round(flng, 6), loc)


# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------


@dataclass
class _Reference:
    profession_ids: dict[str, int]
    specialties: dict[str, list[tuple[int, str]]]  # profession slug -> [(id, name)] by id
    payers: dict[str, list[tuple[int, str]]]  # profession slug -> [(id, slug)] by id
    cities: list[tuple[int, str, str, float, float, int]]  # id, name, state, lat, lng, population
    localities: list[_Locality]


def _load_reference(session: Session) -> _Reference:
    professions = session.execute(sa.select(Profession.id, Profession.slug).order_by(Profession.id)).all()
    if not professions:
        raise RuntimeError(
            "The professions table is empty: run the database migrations (flask db upgrade) before seeding demo data."
        )
    profession_ids = {slug: pid for pid, slug in professions}
    for slug in (taxonomy.PHYSIO, taxonomy.RMT):
        if slug not in profession_ids:
            raise RuntimeError(f"Profession {slug!r} is missing: the reference data is incomplete.")

    rows = session.execute(
        sa.select(Specialty.id, Specialty.name, Profession.slug)
        .join(specialty_professions, specialty_professions.c.specialty_id == Specialty.id)
        .join(Profession, Profession.id == specialty_professions.c.profession_id)
        .order_by(Specialty.id, Profession.id)
    ).all()
    specialties: dict[str, list[tuple[int, str]]] = {taxonomy.PHYSIO: [], taxonomy.RMT: []}
    for sid, name, prof in rows:
        if prof in specialties:
            specialties[prof].append((sid, name))
    for prof, allowed in specialties.items():
        if len(allowed) < 2:
            raise RuntimeError(f"Too few specialties for {prof!r}: the reference data is incomplete.")

    payer_rows = session.execute(sa.select(Payer.id, Payer.slug).order_by(Payer.id)).all()
    payers = {
        prof: [(pid, slug) for pid, slug in payer_rows if slug in taxonomy.PAYERS_FOR[prof]]
        for prof in (taxonomy.PHYSIO, taxonomy.RMT)
    }

    cities = [
        tuple(row)
        for row in session.execute(
            sa.select(Place.id, Place.name, Place.state, Place.lat, Place.lng, Place.population)
            .where(Place.kind == "city")
            .order_by(Place.id)
        )
    ]
    localities = [
        _Locality(name, state, postcode, lat, lng)
        for name, state, postcode, lat, lng in session.execute(
            sa.select(Place.name, Place.state, Place.postcode, Place.lat, Place.lng)
            .where(Place.kind == "locality", Place.po_box.is_(False), Place.postcode.is_not(None))
            .order_by(Place.id)
        )
        if not _NOT_A_SUBURB.search(name)
    ]
    if not cities or not localities:
        raise RuntimeError(
            "The places table has no cities or localities: load the gazetteer first (flask places load)."
        )
    return _Reference(profession_ids, specialties, payers, cities, localities)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


class _Generator:
    def __init__(self, ref: _Reference, rng: Random, existing_slugs: set[str], existing_numbers: set[str]):
        self.ref = ref
        self.rng = rng
        self.index = _LocalityIndex(ref.localities)
        self.used_slugs = existing_slugs
        self.next_suffix: dict[str, int] = {}
        self.used_registrations = existing_numbers
        self.used_practice_slugs: set[str] = set()
        usable = [c for c in ref.cities if c[5] > 0]
        self.city_items = usable
        self.city_cum = list(accumulate(c[5] for c in usable))
        self.single_sizes = _cum(_SINGLE_SIZES)
        self.mixed_sizes = _cum(_MIXED_SIZES)
        self.street_types = _cum(_STREET_TYPES)
        self.physio_patterns = _cum(_PHYSIO_PATTERNS)
        self.massage_patterns = _cum(_MASSAGE_PATTERNS)
        self.mixed_patterns = _cum(_MIXED_PATTERNS)
        self.massage_assoc = _cum([((name, prefix), w) for name, prefix, w in MASSAGE_ASSOCIATIONS])

    # ---- where ------------------------------------------------------------------------------

    def guaranteed_centres(self, practitioners: int) -> list[tuple[float, float, int]]:
        by_name = {}
        for _cid, name, state, lat, lng, pop in self.ref.cities:
            # The first row of a name in a state (by id) is the one we use.
            by_name.setdefault((name, state), (lat, lng, pop))
        wanted: list[tuple[str, str]] = []
        per_city = 2 * 2  # two professions, room for two practitioners each
        if practitioners >= per_city * (len(CAPITALS) + len(REGIONAL_CENTRES)):
            wanted = list(CAPITALS + REGIONAL_CENTRES)
        elif practitioners >= per_city * len(CAPITALS):
            wanted = list(CAPITALS)
        centres = []
        for key in wanted:
            row = by_name.get(key) or by_name.get(CENTRE_FALLBACKS.get(key, key))
            if row is not None:
                centres.append(row)
        return centres

    def site_near_centre(self, lat: float, lng: float, population: int) -> _Site:
        radius = min(city_radius_km(population), GUARANTEE_KM - 1.0)
        for _ in range(40):
            site = _place_near(self.rng, self.index, lat, lng, radius)
            if great_circle_km(lat, lng, site.lat, site.lng) <= GUARANTEE_KM:
                return site
        loc = self.index.nearest(lat, lng)
        return _Site(round(lat, 6), round(lng, 6), loc)

    def site_by_population(self) -> _Site:
        _, _, _, lat, lng, pop = _pick(self.rng, self.city_items, self.city_cum)
        return _place_near(self.rng, self.index, lat, lng, city_radius_km(pop))

    # ---- who --------------------------------------------------------------------------------

    def unique_slug(self, base: str) -> str:
        base = base[:110].strip("-") or "practitioner"
        if base not in self.used_slugs:
            self.used_slugs.add(base)
            return base
        n = self.next_suffix.get(base, 2)
        while f"{base}-{n}" in self.used_slugs:
            n += 1
        self.next_suffix[base] = n + 1
        slug = f"{base}-{n}"
        self.used_slugs.add(slug)
        return slug

    def person(self) -> tuple[str, str, str | None, _Group]:
        rng = self.rng
        group = _GROUPS[bisect_right(_GROUP_CUM, rng.random() * _GROUP_CUM[-1])]
        roll = rng.random()
        gender: str | None
        if roll < 0.64:
            gender = "female"
        elif roll < 0.96:
            gender = "male"
        elif roll < 0.975:
            gender = "non-binary"
        else:
            gender = None
        # Given names follow the family's background about half the time.
        own = group is _GROUPS[0] or rng.random() < 0.55
        if gender == "female":
            first = rng.choice(group.female if own else _ANGLO_F)
        elif gender == "male":
            first = rng.choice(group.male if own else _ANGLO_M)
        else:
            first = rng.choice(_NEUTRAL if rng.random() < 0.6 else (group.female + group.male))
        last = rng.choice(group.surnames)
        return first, last, gender, group

    def hours(self, after_hours: bool) -> dict[str, str | None]:
        rng = self.rng
        start = rng.choice(("07:00", "07:30", "08:00", "08:00", "08:30", "09:00"))
        end = (
            rng.choice(("19:00", "19:30", "20:00"))
            if after_hours
            else rng.choice(("17:00", "17:30", "18:00", "18:00", "18:30"))
        )
        hours: dict[str, str | None] = {}
        working = [rng.random() < 0.8 for _ in range(5)]
        if sum(working) < 2:
            working[0] = working[2] = True
        for day, on in zip(DAYS[:5], working, strict=True):
            hours[day] = f"{start}-{end}" if on else None
        hours["sat"] = (
            rng.choice(("08:00-12:00", "08:00-13:00", "09:00-14:00"))
            if rng.random() < (0.7 if after_hours else 0.4)
            else None
        )
        hours["sun"] = "09:00-13:00" if rng.random() < (0.3 if after_hours else 0.03) else None
        return hours

    def bio(self, first: str, physio: bool, spec_names: list[str], language: str | None, has_fund: bool) -> str:
        rng = self.rng
        years = rng.randint(1, 25)
        year = 2026 - years
        if physio:
            intro = rng.choice(_PHYSIO_INTROS).format(
                first=first, year=year, degree=rng.choice(_PHYSIO_DEGREES), setting=rng.choice(_PHYSIO_SETTINGS)
            )
            approach = list(_PHYSIO_APPROACH)
        else:
            if year >= 2022:
                diploma = "the Diploma of Remedial Massage (HLT52021)"
            elif year >= 2016:
                diploma = "the Diploma of Remedial Massage (HLT52015)"
            else:
                diploma = "a Diploma of Remedial Massage"
            intro = rng.choice(_MASSAGE_INTROS).format(first=first, year=year, diploma=diploma)
            approach = list(_MASSAGE_APPROACH)
            if has_fund:
                approach.append("Health-fund rebates are available for eligible members.")
        names = [_lower_first(n) for n in spec_names]
        picked = rng.sample(names, min(len(names), 3))
        template = rng.choice(_FOCUS) if len(picked) > 1 else _FOCUS[2]
        focus = template.format(first=first, a=picked[0], b=picked[-1], list=_join_list(picked))
        sentences = [intro, focus]
        extras: list[str] = []
        if language:
            extras.append(f"{first} also speaks {language}.")
        n_extra = rng.randint(0, 2)
        while len(extras) < n_extra:
            if rng.random() < 0.75:
                sentence = rng.choice(approach).format(first=first)
            else:
                sentence = f"Outside work, {first} enjoys {rng.choice(_HOBBIES)}."
            if sentence not in extras:
                extras.append(sentence)
        if language:  # the languages sentence reads best last
            extras = extras[1:] + extras[:1]
        return " ".join(sentences + extras)

    def unique_number(self, template: str, low: int, high: int) -> str | None:
        """A number not yet on file: a few random draws, then the next free one (None when full)."""
        for _ in range(20):
            number = template.format(self.rng.randrange(low, high))
            if number not in self.used_registrations:
                self.used_registrations.add(number)
                return number
        start = self.rng.randrange(low, high)
        for k in range(high - low):
            number = template.format(low + (start - low + k) % (high - low))
            if number not in self.used_registrations:
                self.used_registrations.add(number)
                return number
        return None

    def registration(self, physio: bool) -> tuple[str | None, str | None]:
        rng = self.rng
        if physio:
            number = self.unique_number("PHY0009{:06d}", 0, 10**6)
            association = PHYSIO_ASSOCIATION if rng.random() < 0.6 else None
            return number, association
        name, prefix = _pick(rng, *self.massage_assoc)
        if rng.random() < 0.1:
            return None, name
        return self.unique_number(prefix + "-{}", 10000, 100000), name

    def practitioner(self, physio: bool, site: _Site) -> dict:
        rng = self.rng
        prof_slug = taxonomy.PHYSIO if physio else taxonomy.RMT
        first, last, gender, group = self.person()
        name = f"{first} {last}"
        slug = self.unique_slug(slugify(f"{first} {last} {site.locality.name}"))
        allowed = self.ref.specialties[prof_slug]
        specs = sorted(rng.sample(allowed, rng.randint(2, min(5, len(allowed)))))
        payer_ids = []
        payer_slugs = set()
        for pid, pslug in self.ref.payers[prof_slug]:
            chance = _PAYER_CHANCE[prof_slug].get(pslug, 0.0)
            if pslug == "hicaps" and "private-health" not in payer_slugs:
                chance = 0.0
            if rng.random() < chance:
                payer_ids.append(pid)
                payer_slugs.add(pslug)
        language = None
        if group.languages and rng.random() < 0.45:
            language = group.languages[0]
        elif rng.random() < 0.05:
            language = rng.choice(LANGUAGES)
        telehealth = physio and rng.random() < 0.30
        home_visits = rng.random() < 0.20
        after_hours = rng.random() < 0.25
        registration_number, association = self.registration(physio)
        bio = self.bio(first, physio, [n for _, n in specs], language, "private-health" in payer_slugs)
        return {
            "slug": slug,
            "name": name,
            "profession_id": self.ref.profession_ids[prof_slug],
            "practice_id": None,
            "registration_number": registration_number,
            "association": association,
            "bio": bio,
            "languages": ["English"] + ([language] if language else []),
            "gender": gender,
            "telehealth": telehealth,
            "home_visits": home_visits,
            "after_hours": after_hours,
            "hours": self.hours(after_hours),
            "owner_id": None,
            "rating_count": 0,
            "rating_mean": None,
            **{f"rating_{stars}": 0 for stars in range(1, 6)},
            "is_demo": True,
            # Kept aside for later (removed before the insert).
            "_specialty_ids": [sid for sid, _ in specs],
            "_payer_ids": payer_ids,
            "_first": first,
            "_last": last,
        }

    # ---- the practice ------------------------------------------------------------------------

    def address(self) -> str:
        rng = self.rng
        number = 1 + min(int(rng.expovariate(1 / 60)), 480)
        street = f"{rng.choice(_STREET_NAMES)} {_pick(rng, *self.street_types)}"
        roll = rng.random()
        if roll < 0.12:
            return f"Suite {rng.randint(1, 12)}, {number} {street}"
        if roll < 0.22:
            return f"Shop {rng.randint(1, 20)}, {number} {street}"
        if roll < 0.27:
            return f"Level {rng.randint(1, 6)}, {number} {street}"
        return f"{number} {street}"

    def phone(self, state: str, solo: bool) -> str | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return None
        if roll < (0.5 if solo else 0.1):
            return rng.choice(FICTIONAL_MOBILES)
        area = AREA_CODES.get(state, "02")
        return f"({area}) {rng.choice(FICTIONAL_LANDLINE_BLOCKS)} {rng.randrange(10000):04d}"

    def practice(self, kind: str, site: _Site, members: list[dict]) -> dict:
        rng = self.rng
        lead = members[0]
        solo = len(members) == 1
        items, cum = {"physio": self.physio_patterns, "massage": self.massage_patterns, "mixed": self.mixed_patterns}[
            kind
        ]
        pattern = _pick(rng, items, cum)
        if "{first}" in pattern and not solo:
            pattern = "{desc} Remedial Massage"
        name = pattern.format(
            desc=rng.choice(_DESCRIPTORS), suburb=site.locality.name, first=lead["_first"], last=lead["_last"]
        )
        base = slugify(name)[:48].strip("-") or "clinic"
        domain_slug = base
        n = 2
        while domain_slug in self.used_practice_slugs:
            domain_slug = f"{base}-{n}"
            n += 1
        self.used_practice_slugs.add(domain_slug)
        email = None
        if rng.random() < 0.88:
            email = f"{rng.choice(_EMAIL_LOCALS)}@{domain_slug}.example.com"
        website = f"https://{domain_slug}.example.org" if rng.random() < 0.6 else None
        return {
            "name": name,
            "address": self.address(),
            "suburb": site.locality.name,
            "state": site.locality.state,
            "postcode": site.locality.postcode,
            "country": "AU",
            "lat": site.lat,
            "lng": site.lng,
            "phone": self.phone(site.locality.state, solo),
            "email": email,
            "website": website,
            "wheelchair_access": rng.random() < 0.6,
            "is_demo": True,
        }

    def practice_plan(self) -> tuple[str, int]:
        rng = self.rng
        if rng.random() < MIXED_SHARE:
            return "mixed", _pick(rng, *self.mixed_sizes)
        kind = "physio" if rng.random() < PHYSIO_PRACTICE_SHARE else "massage"
        return kind, _pick(rng, *self.single_sizes)

    def professions_for(self, kind: str, size: int) -> list[bool]:
        """True for physiotherapist, False for remedial massage therapist, one per member."""
        if kind == "physio":
            return [True] * size
        if kind == "massage":
            return [False] * size
        members = [self.rng.random() < PHYSIO_SHARE_IN_MIXED for _ in range(size)]
        if size >= 2 and all(members):
            members[-1] = False
        elif size >= 2 and not any(members):
            members[0] = True
        return members


_PAYER_CHANCE = {
    taxonomy.PHYSIO: {
        "private-health": 0.95,
        "hicaps": 0.88,
        "medicare-care-plan": 0.6,
        "dva": 0.35,
        "workcover": 0.45,
        "ctp": 0.35,
        "ndis": 0.25,
    },
    taxonomy.RMT: {"private-health": 0.8, "hicaps": 0.85},
}


def _allocate_reviews(rng: Random, practitioners: int, reviews: int) -> list[list[int]]:
    """Ratings for each practitioner's reviews: skewed counts, skewed-positive ratings."""
    ratings: list[list[int]] = [[] for _ in range(practitioners)]
    if practitioners == 0 or reviews == 0:
        return ratings
    # Heavy-tailed popularity: many practitioners get none or a few, some get dozens.
    # Capped so that the busiest have dozens of reviews (about six times the average), not thousands.
    weights = [0.0 if rng.random() < 0.12 else min(rng.lognormvariate(0.0, 1.2), 12.0) for _ in range(practitioners)]
    if not any(weights):
        weights[0] = 1.0
    cum = list(accumulate(weights))
    total = cum[-1]
    counts = [0] * practitioners
    last = practitioners - 1
    for _ in range(reviews):
        i = bisect_right(cum, rng.random() * total)
        counts[min(i, last)] += 1
    tier_cum = list(accumulate(w for w, _ in _TIERS))
    rating_cums = [list(accumulate(dist)) for _, dist in _TIERS]
    values = (5, 4, 3, 2, 1)
    for i, count in enumerate(counts):
        if not count:
            continue
        dist = rating_cums[bisect_right(tier_cum, rng.random() * tier_cum[-1])]
        top = dist[-1]
        ratings[i] = [values[bisect_right(dist, rng.random() * top)] for _ in range(count)]
    return ratings


_MONTHS: list[tuple[int, int]] = [
    (y, m)
    for y in range(FIRST_VISIT_MONTH[0], LAST_VISIT_MONTH[0] + 1)
    for m in range(1, 13)
    if FIRST_VISIT_MONTH <= (y, m) <= LAST_VISIT_MONTH
]


def _review_body(rng: Random, sentiment: str, first: str) -> str:
    openers, details, closers = _REVIEW_TEXT[sentiment]
    target = 40 + int(560 * rng.random() ** 1.8)
    parts = [rng.choice(openers).format(first=first)]
    length = len(parts[0])
    tries = 0
    while length < target and tries < 12:
        tries += 1
        sentence = rng.choice(details).format(first=first)
        if sentence in parts or length + 1 + len(sentence) > 600:
            continue
        parts.append(sentence)
        length += 1 + len(sentence)
    if rng.random() < 0.5:
        closer = rng.choice(closers).format(first=first)
        if length + 1 + len(closer) <= 600:
            parts.append(closer)
            length += 1 + len(closer)
    body = " ".join(parts)
    if len(body) < 40:  # every opener plus any detail is longer; kept for safety
        body = (body + " " + rng.choice(details).format(first=first))[:600]
    return body


def _reviewer_name(number: int) -> str:
    first = _REVIEWER_FIRST[(number * 2654435761) % len(_REVIEWER_FIRST)]
    if number % 9 == 0:
        return first
    return f"{first} {_INITIALS[(number * 40503 >> 4) % len(_INITIALS)]}."


def _insert_returning_ids(session: Session, table: sa.Table, rows: list[dict]) -> list[int]:
    """Insert rows and return their new ids in the order of ``rows``."""
    stmt = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(stmt, rows).scalars())


def seed_demo(
    session: Session,
    practitioners: int,
    reviews: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Add ``practitioners`` demo practitioners (at new practices) and ``reviews`` reviews of them.

    Deterministic for a given ``seed`` and database contents. Flushes but does not commit.
    ``progress(n)`` is called after each batch with the number of practitioners or reviews just
    written (so the calls add up to ``practitioners + reviews``).
    """
    if practitioners < 0 or reviews < 0:
        raise ValueError("practitioners and reviews must not be negative")
    if reviews and not practitioners:
        raise ValueError("reviews need practitioners to review: pass practitioners > 0")
    session.flush()
    ref = _load_reference(session)
    # Membership tests only (never iterated): slugs and registration numbers already on file.
    existing_slugs = set(session.scalars(sa.select(Practitioner.slug)))
    existing_numbers = set(
        session.scalars(
            sa.select(Practitioner.registration_number).where(Practitioner.registration_number.is_not(None))
        )
    )

    master = Random(seed)
    rng_people = Random(master.getrandbits(64))
    rng_alloc = Random(master.getrandbits(64))
    rng_reviews = Random(master.getrandbits(64))

    ratings = _allocate_reviews(rng_alloc, practitioners, reviews)
    gen = _Generator(ref, rng_people, existing_slugs, existing_numbers)

    practice_table: sa.Table = Practice.__table__  # type: ignore[assignment]
    practitioner_table: sa.Table = Practitioner.__table__  # type: ignore[assignment]
    review_table: sa.Table = Review.__table__  # type: ignore[assignment]

    # Per practitioner, what the reviews need: (id, first name).
    written: list[tuple[int, str]] = []
    practice_count = 0
    pending_practices: list[dict] = []
    pending_members: list[list[dict]] = []
    pending_size = 0

    def write_pending() -> None:
        nonlocal pending_practices, pending_members, pending_size, practice_count
        if not pending_practices:
            return
        practice_ids = _insert_returning_ids(session, practice_table, pending_practices)
        rows: list[dict] = []
        for practice_id, members in zip(practice_ids, pending_members, strict=True):
            for member in members:
                member["practice_id"] = practice_id
                rows.append(member)
        extras = [
            (row.pop("_specialty_ids"), row.pop("_payer_ids"), row.pop("_first"), row.pop("_last")) for row in rows
        ]
        start = len(written)
        for offset, row in enumerate(rows):
            got = ratings[start + offset]
            if got:
                row["rating_count"] = len(got)
                row["rating_mean"] = sum(got) / len(got)
                for stars in got:
                    row[f"rating_{stars}"] += 1
        practitioner_ids = _insert_returning_ids(session, practitioner_table, rows)
        spec_rows = []
        payer_rows = []
        for pid, (spec_ids, payer_ids, first, _last) in zip(practitioner_ids, extras, strict=True):
            spec_rows.extend({"practitioner_id": pid, "specialty_id": sid} for sid in spec_ids)
            payer_rows.extend({"practitioner_id": pid, "payer_id": yid} for yid in payer_ids)
            written.append((pid, first))
        if spec_rows:
            session.execute(sa.insert(practitioner_specialties), spec_rows)
        if payer_rows:
            session.execute(sa.insert(practitioner_payers), payer_rows)
        practice_count += len(pending_practices)
        if progress:
            progress(len(rows))
        pending_practices, pending_members, pending_size = [], [], 0

    def add_practice(kind: str, size: int, site: _Site) -> None:
        nonlocal pending_size
        members = [gen.practitioner(physio, site) for physio in gen.professions_for(kind, size)]
        pending_practices.append(gen.practice(kind, site, members))
        pending_members.append(members)
        pending_size += len(members)
        if pending_size >= BATCH:
            write_pending()

    remaining = practitioners
    # First, both professions near the centre of every capital and major regional centre.
    for lat, lng, pop in gen.guaranteed_centres(practitioners):
        for kind in ("physio", "massage"):
            size = min(_pick(rng_people, *gen.single_sizes), remaining)
            if size <= 0:
                break
            add_practice(kind, size, gen.site_near_centre(lat, lng, pop))
            remaining -= size
    # Then the rest, by population.
    while remaining > 0:
        kind, size = gen.practice_plan()
        size = min(size, remaining)
        add_practice(kind, size, gen.site_by_population())
        remaining -= size
    write_pending()

    # Reviews, practitioner by practitioner.
    pool = max(50, int(reviews * 0.9))
    review_count = 0
    batch: list[dict] = []
    n_months = len(_MONTHS)
    for (practitioner_id, first), got in zip(written, ratings, strict=True):
        if not got:
            continue
        reviewers: set[int] = set()
        for rating in got:
            number = rng_reviews.randint(1, pool)
            while number in reviewers:
                number = rng_reviews.randint(1, pool)
            reviewers.add(number)
            sentiment = "positive" if rating >= 4 else ("mixed" if rating == 3 else "negative")
            year, month = _MONTHS[min(n_months - 1, int(n_months * rng_reviews.random() ** 0.6))]
            visited = datetime(year, month, rng_reviews.randint(1, 28), tzinfo=UTC)
            published = visited + timedelta(
                days=min(int(rng_reviews.expovariate(1 / 5)), 45),
                hours=rng_reviews.randint(7, 22),
                minutes=rng_reviews.randint(0, 59),
                seconds=rng_reviews.randint(0, 59),
            )
            published = min(published, LATEST_PUBLISHED_AT)
            submitted = published - timedelta(minutes=rng_reviews.randint(3, 240))
            title = rng_reviews.choice(_TITLES[sentiment]) if rng_reviews.random() < 0.6 else ""
            batch.append(
                {
                    "practitioner_id": practitioner_id,
                    "rating": rating,
                    "title": title,
                    "body": _review_body(rng_reviews, sentiment, first),
                    "display_name": _reviewer_name(number),
                    "email": f"reviewer{number}@example.net",
                    "email_key": f"reviewer{number}@example.net",
                    "visit_month": f"{year:04d}-{month:02d}",
                    "status": "published",
                    "published_at": published,
                    "is_demo": True,
                    "created_at": submitted,
                    "updated_at": published,
                }
            )
            if len(batch) >= BATCH:
                session.execute(sa.insert(review_table), batch)
                review_count += len(batch)
                if progress:
                    progress(len(batch))
                batch = []
    if batch:
        session.execute(sa.insert(review_table), batch)
        review_count += len(batch)
        if progress:
            progress(len(batch))

    session.flush()
    return SeedReport(practices=practice_count, practitioners=len(written), reviews=review_count)


__all__ = ["SeedReport", "seed_demo", "slugify"]
