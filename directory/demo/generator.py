"""The demo generator: practices and practitioners drawn from one seeded random stream."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from random import Random

from directory.demo.bios import write_bio
from directory.demo.geography import (
    CAPITALS,
    CENTRE_FALLBACKS,
    GUARANTEE_KM,
    REGIONAL_CENTRES,
    LocalityIndex,
    Site,
    city_radius_km,
    place_near,
    suburb_weights,
)
from directory.demo.names import ANGLO_F, ANGLO_M, GROUP_CUM, GROUPS, NEUTRAL, Group
from directory.demo.reference import Reference
from directory.demo.vocabulary import (
    AREA_CODES,
    DAYS,
    DESCRIPTORS,
    EMAIL_LOCALS,
    FICTIONAL_LANDLINE_BLOCKS,
    FICTIONAL_MOBILES,
    LANGUAGES,
    MASSAGE_ASSOCIATIONS,
    MASSAGE_PATTERNS,
    MIXED_PATTERNS,
    MIXED_SHARE,
    MIXED_SIZES,
    PAYER_CHANCE,
    PHYSIO_ASSOCIATION,
    PHYSIO_PATTERNS,
    PHYSIO_PRACTICE_SHARE,
    PHYSIO_SHARE_IN_MIXED,
    SINGLE_SIZES,
    SPECIALTY_WEIGHTS,
    STREET_NAMES,
    STREET_TYPES,
)
from directory.geo.distance import great_circle_km
from directory.practitioners import taxonomy
from directory.practitioners.rating import PRIOR_MEAN
from directory.practitioners.slugs import slugify


def _cum(weighted: Sequence[tuple[object, float]]) -> tuple[list, list[float]]:
    items = [item for item, _ in weighted]
    return items, list(accumulate(w for _, w in weighted))


def pick(rng: Random, items: Sequence, cum: Sequence[float]):
    return items[bisect_right(cum, rng.random() * cum[-1])]


def weighted_sample(rng: Random, items: Sequence[tuple], weights: dict[str, float], k: int) -> list[tuple]:
    """``k`` different items (id, name, slug), each drawn with the weight of its slug, without
    replacement (Efraimidis–Spirakis: the k largest of u ** (1 / weight))."""
    keyed = [(rng.random() ** (1.0 / weights.get(item[2], 0.05)), item) for item in items]
    keyed.sort(key=lambda pair: pair[0], reverse=True)
    return [item for _, item in keyed[:k]]


class Generator:
    def __init__(self, ref: Reference, rng: Random, existing_slugs: set[str], existing_numbers: set[str]):
        self.ref = ref
        self.rng = rng
        self.index = LocalityIndex(ref.localities)
        self.used_slugs = existing_slugs
        self.next_suffix: dict[str, int] = {}
        self.used_registrations = existing_numbers
        self.used_practice_slugs: set[str] = set()
        weighted = [
            ((city, radius), weight)
            for city, (weight, radius) in zip(ref.cities, suburb_weights(ref.cities), strict=True)
            if weight > 0
        ]
        self.city_items = [item for item, _ in weighted]
        self.city_cum = list(accumulate(weight for _, weight in weighted))
        self.single_sizes = _cum(SINGLE_SIZES)
        self.mixed_sizes = _cum(MIXED_SIZES)
        self.street_types = _cum(STREET_TYPES)
        self.physio_patterns = _cum(PHYSIO_PATTERNS)
        self.massage_patterns = _cum(MASSAGE_PATTERNS)
        self.mixed_patterns = _cum(MIXED_PATTERNS)
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

    def site_near_centre(self, lat: float, lng: float, population: int) -> Site:
        radius = min(city_radius_km(population), GUARANTEE_KM - 1.0)
        for _ in range(40):
            site = place_near(self.rng, self.index, lat, lng, radius)
            if great_circle_km(lat, lng, site.lat, site.lng) <= GUARANTEE_KM:
                return site
        loc = self.index.nearest(lat, lng)
        return Site(round(lat, 6), round(lng, 6), loc)

    def site_by_population(self) -> Site:
        (_, _, _, lat, lng, _), radius = pick(self.rng, self.city_items, self.city_cum)
        return place_near(self.rng, self.index, lat, lng, radius)

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

    def person(self) -> tuple[str, str, str | None, Group]:
        rng = self.rng
        group = GROUPS[bisect_right(GROUP_CUM, rng.random() * GROUP_CUM[-1])]
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
        own = group is GROUPS[0] or rng.random() < 0.55
        if gender == "female":
            first = rng.choice(group.female if own else ANGLO_F)
        elif gender == "male":
            first = rng.choice(group.male if own else ANGLO_M)
        else:
            first = rng.choice(NEUTRAL if rng.random() < 0.6 else (group.female + group.male))
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
        name, prefix = pick(rng, *self.massage_assoc)
        if rng.random() < 0.1:
            return None, name
        return self.unique_number(prefix + "-{}", 10000, 100000), name

    def practitioner(self, physio: bool, site: Site) -> dict:
        rng = self.rng
        prof_slug = taxonomy.PHYSIO if physio else taxonomy.RMT
        first, last, gender, group = self.person()
        name = f"{first} {last}"
        slug = self.unique_slug(slugify(f"{first} {last} {site.locality.name}"))
        allowed = self.ref.specialties[prof_slug]
        specs = sorted(
            weighted_sample(rng, allowed, SPECIALTY_WEIGHTS[prof_slug], rng.randint(2, min(5, len(allowed))))
        )
        payer_ids = []
        payer_slugs = set()
        for pid, pslug in self.ref.payers[prof_slug]:
            chance = PAYER_CHANCE[prof_slug].get(pslug, 0.0)
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
        bio = write_bio(self.rng, first, physio, [n for _, n, _ in specs], language, "private-health" in payer_slugs)
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
            "rating_score": PRIOR_MEAN,
            **{f"rating_{stars}": 0 for stars in range(1, 6)},
            "is_demo": True,
            # Kept aside for later (removed before the insert).
            "_specialty_ids": [sid for sid, _, _ in specs],
            "_payer_ids": payer_ids,
            "_first": first,
            "_last": last,
        }

    # ---- the practice ------------------------------------------------------------------------

    def address(self) -> str:
        rng = self.rng
        number = 1 + min(int(rng.expovariate(1 / 60)), 480)
        street = f"{rng.choice(STREET_NAMES)} {pick(rng, *self.street_types)}"
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

    def practice(self, kind: str, site: Site, members: list[dict]) -> dict:
        rng = self.rng
        lead = members[0]
        solo = len(members) == 1
        items, cum = {"physio": self.physio_patterns, "massage": self.massage_patterns, "mixed": self.mixed_patterns}[
            kind
        ]
        pattern = pick(rng, items, cum)
        if "{first}" in pattern and not solo:
            pattern = "{desc} Remedial Massage"
        name = pattern.format(
            desc=rng.choice(DESCRIPTORS), suburb=site.locality.name, first=lead["_first"], last=lead["_last"]
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
            email = f"{rng.choice(EMAIL_LOCALS)}@{domain_slug}.example.com"
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
            return "mixed", pick(rng, *self.mixed_sizes)
        kind = "physio" if rng.random() < PHYSIO_PRACTICE_SHARE else "massage"
        return kind, pick(rng, *self.single_sizes)

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
