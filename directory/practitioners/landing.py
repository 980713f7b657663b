"""Landing pages for search engines: a profession in a suburb (/physiotherapists/fitzroy-vic-3065)
or in a city (/remedial-massage-therapists/melbourne-vic). Their addresses, built and read here."""

from __future__ import annotations

import re
from dataclasses import dataclass

from directory.practitioners.slugs import slugify
from directory.practitioners.taxonomy import PHYSIO, RMT

# The first part of a landing page's address, by profession (the profession's plural, as a slug).
PROFESSION_PATHS: dict[str, str] = {"physiotherapists": PHYSIO, "remedial-massage-therapists": RMT}
PATH_OF: dict[str, str] = {profession: path for path, profession in PROFESSION_PATHS.items()}
STATES = ("act", "nsw", "nt", "qld", "sa", "tas", "vic", "wa")
# Cities with a landing page each: the gazetteer's cities of at least this many people.
CITY_POPULATION = 100_000
CITY_RADIUS_KM = 20
SUBURB_RADIUS_KM = 5
_PLACE = re.compile(
    r"(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<state>" + "|".join(STATES) + r")(?:-(?P<postcode>[0-9]{4}))?"
)


@dataclass(frozen=True)
class PlaceSlug:
    """A landing page's place: ``name`` as a slug, the state in capitals, the postcode (suburbs
    only; cities have none)."""

    name: str
    state: str
    postcode: str | None

    @property
    def is_city(self) -> bool:
        return self.postcode is None


def place_slug(name: str, state: str, postcode: str | None = None) -> str:
    """``("Fitzroy", "VIC", "3065")`` → ``"fitzroy-vic-3065"``; without a postcode, a city's."""
    parts = [slugify(name), state.lower()]
    if postcode:
        parts.append(postcode)
    return "-".join(parts)


def parse_place_slug(text: str) -> PlaceSlug | None:
    """The parts of a landing page's place, or None for anything that cannot be one."""
    match = _PLACE.fullmatch(text or "")
    if match is None or len(text) > 120:
        return None
    return PlaceSlug(match["name"], match["state"].upper(), match["postcode"])


def landing_args(profession_slug: str, name: str, state: str, postcode: str | None = None) -> dict:
    """``url_for("search.landing", **landing_args(...))``: the landing page of a profession in a
    suburb (or a city, without postcode)."""
    return {"professions": PATH_OF[profession_slug], "place": place_slug(name, state, postcode)}
