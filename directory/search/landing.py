"""Landing pages: which suburbs and cities have one for each profession, and where each is."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.geo.models import Place
from directory.practitioners.landing import CITY_POPULATION, CITY_RADIUS_KM, PlaceSlug, place_slug
from directory.practitioners.models import Practice, Practitioner
from directory.practitioners.reference import reference
from directory.practitioners.slugs import slugify
from directory.search.services import count_nearby


@dataclass(frozen=True)
class LandingPlace:
    """Where a landing page is: its label, its middle (the practices' average for a suburb, the
    gazetteer's point for a city) and how many of the profession practise there (suburbs)."""

    label: str
    name: str
    state: str
    postcode: str | None
    lat: float
    lng: float
    count: int


def find_landing_place(session: Session, profession_slug: str, wanted: PlaceSlug) -> LandingPlace | None:
    """The suburb (with practitioners of the profession) or the city a landing page's address
    names, or None. One statement."""
    if wanted.is_city:
        for place in session.scalars(
            sa.select(Place).where(
                Place.kind == "city", Place.state == wanted.state, Place.population >= CITY_POPULATION
            )
        ):
            if slugify(place.name) == wanted.name:
                return LandingPlace(
                    f"{place.name} {place.state}", place.name, place.state, None, place.lat, place.lng, 0
                )
        return None
    profession_id = reference(session).profession(profession_slug).id
    rows = session.execute(
        sa.select(Practice.suburb, sa.func.avg(Practice.lat), sa.func.avg(Practice.lng), sa.func.count())
        .join(Practitioner, Practitioner.practice_id == Practice.id)
        .where(
            Practitioner.profession_id == profession_id,
            Practice.state == wanted.state,
            Practice.postcode == wanted.postcode,
        )
        .group_by(Practice.suburb)
    )
    for suburb, lat, lng, count in rows:
        if slugify(suburb) == wanted.name:
            label = f"{suburb} {wanted.state} {wanted.postcode}"
            return LandingPlace(label, suburb, wanted.state, wanted.postcode, float(lat), float(lng), count)
    return None


def suburb_landings(session: Session) -> Iterator[tuple[str, str]]:
    """(profession slug, place slug) of every suburb landing page: each suburb, state and postcode
    where a practitioner of the profession practises. One statement."""
    ref = reference(session)
    seen = set()
    for profession_id, suburb, state, postcode in session.execute(
        sa.select(Practitioner.profession_id, Practice.suburb, Practice.state, Practice.postcode)
        .join(Practice, Practice.id == Practitioner.practice_id)
        .distinct()
        .order_by(Practice.state, Practice.postcode, Practice.suburb, Practitioner.profession_id)
    ):
        key = (ref.profession_by_id(profession_id).slug, place_slug(suburb, state, postcode))
        if key not in seen:
            seen.add(key)
            yield key


def city_landings(session: Session) -> Iterator[tuple[str, str]]:
    """(profession slug, place slug) of every city landing page: each city of the gazetteer with at
    least CITY_POPULATION people and a practitioner of the profession within CITY_RADIUS_KM."""
    cities = session.execute(
        sa.select(Place.name, Place.state, Place.lat, Place.lng)
        .where(Place.kind == "city", Place.population >= CITY_POPULATION)
        .order_by(Place.population.desc())
    ).all()
    for profession in reference(session).professions:
        for name, state, lat, lng in cities:
            (count,) = count_nearby(session, lat, lng, (CITY_RADIUS_KM,), profession.slug, 0)
            if count:
                yield profession.slug, place_slug(name, state)
