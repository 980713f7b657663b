"""The suburb, state and postcode of a point, for an object that OpenStreetMap gives no address
parts: the nearest locality of the gazetteer with a street postcode, within 5 km."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.geo.distance import bounding_box, great_circle_km
from directory.geo.models import Place

WITHIN_KM = 5.0


@dataclass(frozen=True)
class Locality:
    suburb: str
    state: str
    postcode: str


def nearest_locality(session: Session, lat: float, lng: float) -> Locality | None:
    box = bounding_box(lat, lng, WITHIN_KM)
    candidates = session.execute(
        sa.select(Place.name, Place.state, Place.postcode, Place.lat, Place.lng).where(
            Place.kind == "locality",
            Place.po_box.is_(False),
            Place.postcode.is_not(None),
            Place.lat.between(box.min_lat, box.max_lat),
            Place.lng.between(box.min_lng, box.max_lng),
        )
    ).all()
    best = min(
        ((great_circle_km(lat, lng, p.lat, p.lng), p.name, p.state, p.postcode) for p in candidates),
        default=None,
    )
    if best is None or best[0] > WITHIN_KM:
        return None
    return Locality(best[1], best[2], best[3])
