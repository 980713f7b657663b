"""The geocoder setting: offline by default; an online provider only for what the gazetteer lacks."""

from types import SimpleNamespace

import pytest
from geopy.exc import GeocoderUnavailable

from directory.geo.errors import AmbiguousPlace, PlaceNotFound
from directory.geo.geocoders import GeopyFallbackResolver, OfflineResolver, make_resolver


class FakeGeocoder:
    """Stands in for geopy's Nominatim: records calls, never touches the network."""

    def __init__(self, answer=None, error=None):
        self.calls = []
        self.answer, self.error = answer, error

    def geocode(self, query, **kwargs):
        self.calls.append((query, kwargs))
        if self.error:
            raise self.error
        return self.answer


def test_make_resolver():
    assert isinstance(make_resolver("offline", "ua"), OfflineResolver)
    assert isinstance(make_resolver("Nominatim", "ua"), GeopyFallbackResolver)
    with pytest.raises(ValueError, match="GEOCODER"):
        make_resolver("google", "ua")


def test_fallback_is_not_asked_about_what_the_gazetteer_knows(db_session):
    fake = FakeGeocoder()
    resolver = GeopyFallbackResolver(fake, "fake", min_delay_seconds=0)
    assert resolver.resolve(db_session, "2000").postcode == "2000"
    with pytest.raises(AmbiguousPlace):
        resolver.resolve(db_session, "Richmond")
    assert fake.calls == []


def test_fallback_answers_what_the_gazetteer_does_not_know(db_session):
    answer = SimpleNamespace(address="1 Example Lane, Somewhere", latitude=-30.0, longitude=150.0)
    fake = FakeGeocoder(answer=answer)
    place = GeopyFallbackResolver(fake, "fake", min_delay_seconds=0).resolve(db_session, "Xqzzyville")
    assert (place.lat, place.lng) == (-30.0, 150.0)
    assert fake.calls[0][1]["country_codes"] == "au"


def test_fallback_failure_is_a_clear_not_found(db_session):
    fake = FakeGeocoder(error=GeocoderUnavailable("down"))
    with pytest.raises(PlaceNotFound):
        GeopyFallbackResolver(fake, "fake", min_delay_seconds=0).resolve(db_session, "Xqzzyville")
    with pytest.raises(PlaceNotFound):
        GeopyFallbackResolver(FakeGeocoder(), "fake", min_delay_seconds=0).resolve(db_session, "Xqzzyville")
