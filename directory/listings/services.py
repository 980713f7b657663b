"""What a listing page shows besides the listing: the other profession, and how many practise nearby."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from directory.practitioners.models import Practitioner
from directory.practitioners.reference import ProfessionRef, reference
from directory.practitioners.taxonomy import other_profession
from directory.search.services import count_nearby

NEARBY_RADIUS_KM = 10
WIDEST_RADIUS_KM = 100
NEARBY_CAP = 100  # "More than 100 physiotherapists within 10 km" is all a patient needs to know


@dataclass(frozen=True)
class OtherNearby:
    """The other profession, and how many of it practise within ``radius_km`` of the listing
    (counted up to NEARBY_CAP + 1: above NEARBY_CAP the page says "more than")."""

    profession: ProfessionRef
    count: int
    radius_km: int


def other_profession_nearby(session: Session, practitioner: Practitioner) -> OtherNearby:
    """The other profession near this listing: within 10 km, or, when nobody is that close,
    within 100 km (a link to the widest search rather than to an empty one). One statement."""
    profession = reference(session).profession(other_profession(practitioner.profession.slug))
    practice = practitioner.practice
    radii = (NEARBY_RADIUS_KM, WIDEST_RADIUS_KM)
    near, wide = count_nearby(session, practice.lat, practice.lng, radii, profession.slug, NEARBY_CAP)
    if near:
        return OtherNearby(profession, near, NEARBY_RADIUS_KM)
    return OtherNearby(profession, wide, WIDEST_RADIUS_KM)
