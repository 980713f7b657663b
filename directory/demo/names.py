"""Names for fictional demo practitioners and reviewers: an Australian population mix.

Every practitioner's name is a random combination of a common given name and a common surname
of one group; no real practitioner is meant. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

# Data only: kept in its compact layout rather than one item a line.
# fmt: off
ANGLO_F = (
    "Charlotte", "Olivia", "Amelia", "Isla", "Mia", "Ava", "Grace", "Chloe", "Sophie", "Emily",
    "Ella", "Ruby", "Matilda", "Zoe", "Lucy", "Sarah", "Jessica", "Emma", "Hannah", "Georgia",
    "Kate", "Laura", "Rebecca", "Rachel", "Megan", "Claire", "Holly", "Maya", "Lily", "Harriet",
    "Alice", "Madeleine", "Bridget", "Erin", "Tessa", "Jade", "Kirsty", "Natalie", "Amy", "Caitlin",
)
ANGLO_M = (
    "Jack", "Oliver", "William", "Noah", "Thomas", "James", "Lachlan", "Liam", "Henry", "Lucas",
    "Ethan", "Cooper", "Harry", "Max", "Samuel", "Joshua", "Daniel", "Benjamin", "Matthew", "Ryan",
    "Nathan", "Mitchell", "Luke", "Hamish", "Callum", "Angus", "Tom", "Ben", "Isaac", "Patrick",
    "Declan", "Brendan", "Scott", "Adam", "Jake", "Connor", "Fraser", "Toby", "Hugh", "Owen",
)
NEUTRAL = (
    "Alex", "Sam", "Jordan", "Charlie", "Riley", "Taylor", "Jamie", "Casey", "Robin", "Kai",
    "Ash", "Quinn", "Rowan", "Sasha", "Jesse", "Morgan", "Avery", "Eden", "River", "Frankie",
)


@dataclass(frozen=True)
class Group:
    weight: float
    surnames: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    languages: tuple[str, ...]


GROUPS: tuple[Group, ...] = (
    Group(
        0.52,
        (
            "Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin",
            "Anderson", "Thompson", "Thomas", "Walker", "Harris", "Ryan", "Robinson", "Kelly", "King",
            "Davis", "Wright", "Evans", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
            "O'Brien", "Murphy", "McDonald", "Campbell", "Stewart", "Murray", "Fraser", "Sullivan",
            "Byrne", "Walsh", "Doyle", "Kennedy", "Hughes", "Morris", "Watson", "Bennett", "Cooper",
            "Baker", "Mitchell", "Turner", "Phillips", "Parker", "Edwards", "Collins", "Morgan", "Bell",
            "Cook", "Scott", "Young", "Hill", "Adams", "Nelson", "Carter", "Gallagher", "O'Connor",
            "Quinn", "Reid", "Fletcher", "Lawson", "Hayes", "Burke", "Dunn", "Ellis",
        ),
        ANGLO_F,
        ANGLO_M,
        (),
    ),
    Group(
        0.06,
        ("Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Zhou", "Wu", "Yang", "Lin", "Xu", "Zhao", "Sun", "Ma"),
        ("Mei", "Ling", "Xinyi", "Jiayi", "Yan", "Hui", "Wen", "Jing", "Qian", "Yue"),
        ("Wei", "Jun", "Hao", "Ming", "Jian", "Yong", "Zhen", "Tao", "Lei", "Bo"),
        ("Mandarin",),
    ),
    Group(
        0.03,
        ("Wong", "Chan", "Cheung", "Lau", "Ho", "Leung", "Tang", "Lam", "Yip", "Chow"),
        ("Wing Yan", "Mei Ling", "Ka Yan", "Hoi Ying", "Cindy", "Vivian", "Winnie"),
        ("Ka Wai", "Chi Keung", "Kin Wah", "Wai Lun", "Kelvin", "Raymond", "Edmond"),
        ("Cantonese",),
    ),
    Group(
        0.04,
        ("Nguyen", "Tran", "Le", "Pham", "Huynh", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do", "Ngo"),
        ("Linh", "Thu", "Mai", "Lan", "Hoa", "Trang", "Ngoc", "Anh", "Vy", "Thao"),
        ("Minh", "Tuan", "Duc", "Huy", "Quang", "Thanh", "Khoa", "Long", "Bao", "Phong"),
        ("Vietnamese",),
    ),
    Group(
        0.05,
        ("Patel", "Sharma", "Kumar", "Gupta", "Shah", "Reddy", "Iyer", "Nair", "Mehta", "Chopra", "Joshi", "Rao",
         "Desai"),
        ("Priya", "Ananya", "Kavya", "Isha", "Neha", "Pooja", "Shreya", "Divya", "Riya", "Meera"),
        ("Arjun", "Rahul", "Rohan", "Vikram", "Aarav", "Karan", "Nikhil", "Sanjay", "Amit", "Dev"),
        ("Hindi",),
    ),
    Group(
        0.02,
        ("Singh", "Gill", "Sandhu", "Sidhu", "Dhillon", "Grewal", "Brar", "Kaur"),
        ("Harpreet", "Simran", "Gurleen", "Navneet", "Jaspreet", "Manpreet"),
        ("Gurpreet", "Harjit", "Jaskaran", "Manjot", "Amrit", "Ranbir"),
        ("Punjabi",),
    ),
    Group(
        0.025,
        ("Papadopoulos", "Nikolaidis", "Georgiou", "Dimitriou", "Christodoulou", "Andreou",
         "Konstantinidis", "Pappas", "Karagiannis", "Vlahos"),
        ("Eleni", "Sophia", "Katerina", "Maria", "Despina", "Anastasia", "Georgia", "Christina"),
        ("Nick", "George", "Con", "Dimitri", "Chris", "Stavros", "Peter", "Andreas"),
        ("Greek",),
    ),
    Group(
        0.035,
        ("Rossi", "Russo", "Romano", "Esposito", "Ferrari", "Bianchi", "Colombo", "Ricci", "Marino",
         "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini"),
        ("Giulia", "Francesca", "Chiara", "Alessandra", "Gabriella", "Lucia", "Sofia", "Elena"),
        ("Marco", "Luca", "Matteo", "Alessandro", "Joe", "Anthony", "Frank", "Dominic"),
        ("Italian",),
    ),
    Group(
        0.035,
        ("Haddad", "Khoury", "Nasser", "Ibrahim", "Ahmed", "Hassan", "Ali", "Saleh", "Karam",
         "Mansour", "Farah", "Awad", "Hamdan"),
        ("Layla", "Fatima", "Yasmin", "Nour", "Rania", "Sara", "Mariam", "Aisha", "Lina", "Hana"),
        ("Omar", "Ahmed", "Ali", "Karim", "Hassan", "Khaled", "Sami", "Youssef", "Bilal", "Tarek"),
        ("Arabic",),
    ),
    Group(
        0.02,
        ("Santos", "Reyes", "Cruz", "Garcia", "Bautista", "Mendoza", "Ramos", "Aquino",
         "Villanueva", "Dela Cruz"),
        ("Maria", "Angelica", "Kristine", "Jasmine", "Patricia", "Camille", "Bea"),
        ("Mark", "John Paul", "Carlo", "Miguel", "Paolo", "Rafael", "Jerome"),
        ("Tagalog",),
    ),
    Group(
        0.012,
        ("Kim", "Park", "Lee", "Choi", "Jung", "Kang", "Cho", "Yoon"),
        ("Ji-woo", "Seo-yeon", "Min-ji", "Hana", "Soo-jin", "Yuna"),
        ("Min-jun", "Ji-hoon", "Hyun-woo", "Daniel", "Joon", "Sung-min"),
        ("Korean",),
    ),
    Group(
        0.012,
        ("Fernandez", "Lopez", "Martinez", "Rodriguez", "Gomez", "Silva", "Torres", "Morales"),
        ("Valentina", "Camila", "Sofia", "Lucia", "Isabela", "Daniela"),
        ("Diego", "Mateo", "Santiago", "Javier", "Andres", "Pablo"),
        ("Spanish",),
    ),
    Group(
        0.05,
        ("Müller", "Schmidt", "Becker", "Jansen", "De Vries", "Bakker", "Kowalski", "Nowak",
         "Novak", "Jovanović", "Petrović", "Nikolić", "Horvat", "Andersen", "Larsen", "Johansson",
         "Dubois", "Moreau", "Kovač", "Varga"),
        ("Anna", "Katarina", "Sanne", "Ingrid", "Elise", "Marta", "Ivana", "Zoë", "Léa", "Freya"),
        ("Lukas", "Jakob", "Stefan", "Milan", "Tomas", "Lars", "Pieter", "Mateusz", "Luka", "Henrik"),
        (),
    ),
    Group(
        0.012,
        ("Okafor", "Mensah", "Mwangi", "Abebe", "Osei", "Ndlovu", "Banda", "Kamara", "Okoye", "Adeyemi"),
        ("Amara", "Ama", "Zawadi", "Nia", "Chiamaka", "Thandiwe"),
        ("Kwame", "Tendai", "Chidi", "Kofi", "Themba", "Yusuf"),
        (),
    ),
    Group(
        0.012,
        ("Perera", "Fernando", "De Silva", "Jayasinghe", "Wickramasinghe", "Gunawardena", "Bandara"),
        ("Nadeesha", "Dilini", "Sachini", "Tharushi", "Ishara"),
        ("Kasun", "Nuwan", "Chamara", "Dinesh", "Ruwan"),
        (),
    ),
    Group(
        0.006,
        ("Tanaka", "Sato", "Suzuki", "Ito", "Nakamura", "Kobayashi"),
        ("Yuki", "Aiko", "Haruka", "Emi"),
        ("Kenji", "Takeshi", "Hiroshi", "Ren"),
        (),
    ),
)
GROUP_CUM = list(accumulate(g.weight for g in GROUPS))

# Reviewers' display names come from one combined list, picked arithmetically from the
# reviewer number, so the same address always shows the same name.
REVIEWER_FIRST = ANGLO_F + ANGLO_M + NEUTRAL + tuple(
    name for group in GROUPS[1:] for name in group.female[:3] + group.male[:3]
)
INITIALS = "ABCDEFGHJKLMNOPRSTVWY"
# fmt: on
