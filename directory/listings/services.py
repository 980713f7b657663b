"""What a listing page shows besides the listing: the other profession, and how many practise nearby."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from directory.practitioners.models import Practitioner, Profession
from directory.practitioners.queries import get_profession
from directory.practitioners.taxonomy import other_profession
from directory.search.services import count_nearby

NEARBY_RADIUS_KM = 10
WIDEST_RADIUS_KM = 100


@dataclass(frozen=True)
class OtherNearby:
    """The other profession, and how many of it practise within ``radius_km`` of the listing."""

    profession: Profession
    count: int
    radius_km: int


def other_profession_nearby(session: Session, practitioner: Practitioner) -> OtherNearby:
    """The other profession near this listing: within 10 km, or, when nobody is that close,
    within 100 km (a link to the widest search rather than to an empty one)."""
    profession = get_profession(session, other_profession(practitioner.profession.slug))
    practice = practitioner.practice
    for radius in (NEARBY_RADIUS_KM, WIDEST_RADIUS_KM):
        count = count_nearby(session, practice.lat, practice.lng, radius, profession.slug)
        if count:
            break
    return OtherNearby(profession, count, radius)
