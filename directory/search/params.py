"""Search parameters: what the HTML search page and the JSON API accept, checked in one place.

``parse_search_params`` raises ``InvalidParameter`` naming the first bad field. Slugs are checked
against the cached reference data, so parsing runs no SQL.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from directory.errors import InvalidParameter
from directory.pagination import MAX_ID
from directory.practitioners.reference import reference

SORTS = ("distance", "rating", "relevance")
MIN_RADIUS_KM, MAX_RADIUS_KM, DEFAULT_RADIUS_KM = 1.0, 100.0, 10.0
MAX_PER_PAGE, DEFAULT_PER_PAGE = 50, 20
MAX_PAGE = 10_000
MAX_TEXT = 100
# ASCII digits only (str.isdigit() also accepts "²"), and short enough for int() to be cheap.
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")  # the range is checked after
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Cursor:
    """Where the previous page of a nationwide list by rating ended: the practitioner shown last
    (its id is the page link's ``after``). The next page starts right after that row in the rating
    index's order (keyset), not at an OFFSET; a listing gone since gives an empty page."""

    id: int

    def token(self) -> str:
        return str(self.id)

    @classmethod
    def from_token(cls, token: str) -> Cursor:
        """Raises InvalidParameter (field ``after``) for anything but a whole number from 1."""
        row_id = parse_int({"after": token}, "after", 1, MAX_ID, "After")
        if row_id is None:
            raise InvalidParameter("This page link is not valid; go back to the first page.", field="after")
        return cls(row_id)


@dataclass(frozen=True)
class SearchParams:
    near: str | None = None
    lat: float | None = None
    lng: float | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    profession: str | None = None
    specialty: str | None = None
    payer: str | None = None
    q: str | None = None
    min_rating: float | None = None
    telehealth: bool = False
    home_visits: bool = False
    sort: str | None = None  # None: the default for the other parameters (see effective_sort)
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    after: Cursor | None = None  # nationwide lists by rating: where the previous page ended

    @property
    def has_location(self) -> bool:
        return self.near is not None or self.lat is not None

    @property
    def effective_sort(self) -> str:
        if self.sort:
            return self.sort
        if self.has_location:
            return "distance"
        return "relevance" if self.q else "rating"

    def to_query_args(self, **overrides) -> dict:
        """The parameters as URL query arguments, without defaults (for links and pagination).
        A cursor (``after``) belongs to one page only, so it is left out unless passed again."""
        args = {
            "near": self.near,
            "lat": self.lat,
            "lng": self.lng,
            "radius_km": None if self.radius_km == DEFAULT_RADIUS_KM else _plain_number(self.radius_km),
            "profession": self.profession,
            "specialty": self.specialty,
            "payer": self.payer,
            "q": self.q,
            "min_rating": None if self.min_rating is None else _plain_number(self.min_rating),
            "telehealth": "1" if self.telehealth else None,
            "home_visits": "1" if self.home_visits else None,
            "sort": self.sort,
            "page": None if self.page == 1 else self.page,
            "per_page": None if self.per_page == DEFAULT_PER_PAGE else self.per_page,
        }
        args.update(overrides)
        return {k: v for k, v in args.items() if v is not None and v != ""}


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _text(args: Mapping[str, str], name: str, max_length: int = MAX_TEXT) -> str | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    if len(value) > max_length:
        raise InvalidParameter(f"Use at most {max_length} characters.", field=name)
    if any(ord(ch) < 32 for ch in value):
        raise InvalidParameter("Remove control characters from this field.", field=name)
    return value


def _normalise_text(value: str | None) -> str | None:
    """Curly apostrophes to straight ones, runs of spaces to one: how names are stored."""
    if value is None:
        return None
    return " ".join(value.replace("\u2019", "'").replace("\u2018", "'").split()) or None


def _number(args: Mapping[str, str], name: str, low: float, high: float, what: str) -> float | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidParameter(f"{what} must be a number.", field=name) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidParameter(f"{what} must be between {_plain_number(low)} and {_plain_number(high)}.", field=name)
    return value


def parse_int(args: Mapping[str, str], name: str, low: int, high: int, what: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not _WHOLE_NUMBER.fullmatch(raw):
        raise InvalidParameter(f"{what} must be a whole number between {low} and {high}.", field=name)
    value = int(raw)
    if not low <= value <= high:
        raise InvalidParameter(f"{what} must be between {low} and {high}.", field=name)
    return value


def _flag(args: Mapping[str, str], name: str) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if not raw or raw in _FALSE:
        return False
    if raw in _TRUE:
        return True
    raise InvalidParameter("Use 1 or 0 (true or false).", field=name)


def _slug(args: Mapping[str, str], name: str, known: tuple, what: str) -> str | None:
    value = _text(args, name, max_length=80)
    if value is None:
        return None
    slugs = sorted(row.slug for row in known)
    if value not in slugs:
        raise InvalidParameter(f"Unknown {what} “{value}”. Use one of: {', '.join(slugs)}.", field=name)
    return value


def parse_search_params(session: Session, args: Mapping[str, str]) -> SearchParams:
    """Validate raw query arguments. Raises ``InvalidParameter`` naming the first bad field."""
    ref = reference(session)
    near = _text(args, "near", max_length=120)
    lat = _number(args, "lat", -90, 90, "Latitude")
    lng = _number(args, "lng", -180, 180, "Longitude")
    if (lat is None) != (lng is None):
        raise InvalidParameter("Give both lat and lng, or neither.", field="lat" if lat is None else "lng")
    if near is not None:
        # A typed place wins over coordinates left in the form by "use my location" or by a
        # link from a listing; the script that fills lat/lng clears the place box.
        lat = lng = None
    radius = _number(args, "radius_km", MIN_RADIUS_KM, MAX_RADIUS_KM, "Radius (km)")
    sort = _text(args, "sort", max_length=20)
    if sort is not None and sort not in SORTS:
        raise InvalidParameter(f"Sort must be one of: {', '.join(SORTS)}.", field="sort")
    params = SearchParams(
        near=near,
        lat=lat,
        lng=lng,
        radius_km=DEFAULT_RADIUS_KM if radius is None else radius,
        profession=_slug(args, "profession", ref.professions, "profession"),
        specialty=_slug(args, "specialty", ref.specialties, "specialty"),
        payer=_slug(args, "payer", ref.payers, "payer"),
        q=_normalise_text(_text(args, "q")),
        min_rating=_number(args, "min_rating", 0, 5, "Minimum rating"),
        telehealth=_flag(args, "telehealth"),
        home_visits=_flag(args, "home_visits"),
        sort=sort,
        page=parse_int(args, "page", 1, MAX_PAGE, "Page") or 1,
        per_page=parse_int(args, "per_page", 1, MAX_PER_PAGE, "Results per page") or DEFAULT_PER_PAGE,
        after=Cursor.from_token(after) if (after := _text(args, "after", max_length=40)) else None,
    )
    if params.effective_sort == "distance" and not params.has_location:
        raise InvalidParameter("Sorting by distance needs a place or your location.", field="sort")
    if params.effective_sort == "relevance" and not params.q:
        raise InvalidParameter("Sorting by relevance needs search text.", field="sort")
    if params.after is not None and (params.has_location or params.effective_sort != "rating"):
        raise InvalidParameter("A page link with “after” is for nationwide lists by rating only.", field="after")
    return params
