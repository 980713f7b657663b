"""Geocoders behind one interface: the offline gazetteer by default, geopy providers as options.

``GEOCODER=offline`` (default) answers from the ``places`` table only. ``GEOCODER=nominatim``
tries the gazetteer first and asks OpenStreetMap's Nominatim (through geopy, at most one request a
second) only for what the gazetteer cannot find. Tests never reach the network.
"""

from __future__ import annotations

import logging
from typing import Protocol

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from sqlalchemy.orm import Session

from directory.geo.errors import PlaceNotFound
from directory.geo.gazetteer import ResolvedPlace, resolve_place

log = logging.getLogger(__name__)


class PlaceResolver(Protocol):
    def resolve(self, session: Session, text: str, field: str = "near") -> ResolvedPlace: ...


class OfflineResolver:
    """The bundled GeoNames gazetteer. Raises PlaceNotFound / AmbiguousPlace."""

    name = "offline"

    def resolve(self, session: Session, text: str, field: str = "near") -> ResolvedPlace:
        return resolve_place(session, text, field=field)


class GeopyFallbackResolver:
    """Offline first; a geopy geocoder (rate-limited) for what the gazetteer does not know."""

    def __init__(self, geocoder, name: str, min_delay_seconds: float = 1.0) -> None:
        self.name = name
        self._geocode = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=1)

    def resolve(self, session: Session, text: str, field: str = "near") -> ResolvedPlace:
        try:
            return resolve_place(session, text, field=field)
        except PlaceNotFound as not_found:
            try:
                location = self._geocode(text, exactly_one=True, country_codes="au", timeout=5)
            except GeopyError:
                log.warning("Online geocoder %s failed for %r", self.name, text, exc_info=True)
                raise not_found from None
            if location is None:
                raise
            return ResolvedPlace(location.address, location.latitude, location.longitude, "", None)


def make_resolver(setting: str, user_agent: str) -> PlaceResolver:
    """Build the resolver named by the ``GEOCODER`` setting."""
    setting = (setting or "offline").strip().lower()
    if setting == "offline":
        return OfflineResolver()
    if setting == "nominatim":
        return GeopyFallbackResolver(Nominatim(user_agent=user_agent), "nominatim")
    raise ValueError(f"Unknown GEOCODER {setting!r}: use 'offline' or 'nominatim'.")
