"""The search service. The HTML pages and the JSON API both call ``parse_search_params`` and
``search_practitioners``, so every rule about searching lives here."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from directory.errors import InvalidParameter
from directory.geo.distance import bounding_box, great_circle_sql
from directory.geo.gazetteer import ResolvedPlace
from directory.geo.geocoders import PlaceResolver
from directory.pagination import Page
from directory.practitioners.models import (
    Payer,
    Practice,
    Practitioner,
    Profession,
    Specialty,
    practitioner_payers,
    practitioner_specialties,
)
from directory.reviews.rating import bayesian_score_sql

SORTS = ("distance", "rating", "relevance")
MIN_RADIUS_KM, MAX_RADIUS_KM, DEFAULT_RADIUS_KM = 1.0, 100.0, 10.0
MAX_PER_PAGE, DEFAULT_PER_PAGE = 50, 20
MAX_PAGE = 10_000
MAX_TEXT = 100
# ASCII digits only (str.isdigit() also accepts "²"), and short enough for int() to be cheap.
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


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
        """The parameters as URL query arguments, without defaults (for links and pagination)."""
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


def _slug(session: Session, args: Mapping[str, str], name: str, model, what: str) -> str | None:
    value = _text(args, name, max_length=80)
    if value is None:
        return None
    if session.scalar(sa.select(model.id).where(model.slug == value)) is None:
        known = ", ".join(session.scalars(sa.select(model.slug).order_by(model.slug)))
        raise InvalidParameter(f"Unknown {what} “{value}”. Use one of: {known}.", field=name)
    return value


def parse_search_params(session: Session, args: Mapping[str, str]) -> SearchParams:
    """Validate raw query arguments. Raises ``InvalidParameter`` naming the first bad field."""
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
        profession=_slug(session, args, "profession", Profession, "profession"),
        specialty=_slug(session, args, "specialty", Specialty, "specialty"),
        payer=_slug(session, args, "payer", Payer, "payer"),
        q=_normalise_text(_text(args, "q")),
        min_rating=_number(args, "min_rating", 0, 5, "Minimum rating"),
        telehealth=_flag(args, "telehealth"),
        home_visits=_flag(args, "home_visits"),
        sort=sort,
        page=parse_int(args, "page", 1, MAX_PAGE, "Page") or 1,
        per_page=parse_int(args, "per_page", 1, MAX_PER_PAGE, "Results per page") or DEFAULT_PER_PAGE,
    )
    if params.effective_sort == "distance" and not params.has_location:
        raise InvalidParameter("Sorting by distance needs a place or your location.", field="sort")
    if params.effective_sort == "relevance" and not params.q:
        raise InvalidParameter("Sorting by relevance needs search text.", field="sort")
    return params


@dataclass(frozen=True)
class SearchHit:
    practitioner: Practitioner
    distance_km: float | None
    score: float


@dataclass
class SearchResult:
    params: SearchParams
    hits: list[SearchHit]
    total: int
    origin: ResolvedPlace | None
    sort: str

    @property
    def page(self) -> Page:
        """The hits as the page of results that the pagination macro draws."""
        return Page(self.hits, self.params.page, self.params.per_page, self.total)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filters(params: SearchParams) -> list:
    conditions = []
    if params.profession:
        conditions.append(Practitioner.profession.has(Profession.slug == params.profession))
    if params.specialty:
        conditions.append(
            sa.exists().where(
                practitioner_specialties.c.practitioner_id == Practitioner.id,
                practitioner_specialties.c.specialty_id
                == sa.select(Specialty.id).where(Specialty.slug == params.specialty).scalar_subquery(),
            )
        )
    if params.payer:
        conditions.append(
            sa.exists().where(
                practitioner_payers.c.practitioner_id == Practitioner.id,
                practitioner_payers.c.payer_id
                == sa.select(Payer.id).where(Payer.slug == params.payer).scalar_subquery(),
            )
        )
    if params.telehealth:
        conditions.append(Practitioner.telehealth.is_(True))
    if params.home_visits:
        conditions.append(Practitioner.home_visits.is_(True))
    if params.min_rating:
        conditions.append(Practitioner.rating_count > 0)
        conditions.append(Practitioner.rating_mean >= params.min_rating)
    if params.q:
        pattern = _like_pattern(params.q)
        conditions.append(
            sa.or_(Practitioner.name.ilike(pattern, escape="\\"), Practice.name.ilike(pattern, escape="\\"))
        )
    return conditions


def _relevance_sql(q: str):
    folded = q.casefold()
    prefix = _like_pattern(folded)[1:]  # "text%"
    name = sa.func.lower(Practitioner.name)
    return sa.case(
        (name == folded, 0),
        (name.like(prefix, escape="\\"), 1),
        (name.like("% " + prefix, escape="\\"), 2),
        (sa.func.lower(Practice.name).like(prefix, escape="\\"), 3),
        else_=4,
    )


def _within_box(lat: float, lng: float, radius_km: float):
    """SQL condition: the practice lies in the bounding box of the circle (index ix_practices_lat_lng)."""
    box = bounding_box(lat, lng, radius_km)
    lng_condition = (
        sa.or_(Practice.lng >= box.min_lng, Practice.lng <= box.max_lng)
        if box.crosses_antimeridian
        else Practice.lng.between(box.min_lng, box.max_lng)
    )
    return sa.and_(Practice.lat.between(box.min_lat, box.max_lat), lng_condition)


def _load_page(session: Session, ids: list[int]) -> dict[int, Practitioner]:
    if not ids:
        return {}
    rows = session.scalars(
        sa.select(Practitioner).where(Practitioner.id.in_(ids)).options(selectinload(Practitioner.specialties))
    ).unique()
    return {p.id: p for p in rows}


def search_practitioners(session: Session, params: SearchParams, resolver: PlaceResolver) -> SearchResult:
    """Run a search. Raises the resolver's PlaceNotFound / AmbiguousPlace for a bad ``near``.

    With a location, the practices inside the circle's bounding box are read through the
    (lat, lng) index and the exact great-circle distance, computed in SQL, keeps those inside
    the circle. Sorting, paging and counting happen in the same statement; only the page's
    practitioners are then loaded in full.
    """
    origin: ResolvedPlace | None = None
    if params.near is not None:
        origin = resolver.resolve(session, params.near, field="near")
    elif params.lat is not None and params.lng is not None:
        origin = ResolvedPlace(f"{params.lat:.4f}, {params.lng:.4f}", params.lat, params.lng, "", None)
    sort = params.effective_sort
    conditions = _filters(params)
    offset = (params.page - 1) * params.per_page

    score = bayesian_score_sql(Practitioner.rating_count, Practitioner.rating_mean)
    where = list(conditions)
    distance = None
    if origin is not None:
        distance = great_circle_sql(origin.lat, origin.lng, Practice.lat, Practice.lng)
        where += [_within_box(origin.lat, origin.lng, params.radius_km), distance <= params.radius_km]
    # Ties (the same distance at one practice, the same score without reviews) go to the listing whose
    # details were confirmed most recently (practitioners/freshness.py).
    fresher = Practitioner.confirmed_at.desc()
    if sort == "distance":
        order = [distance, fresher, Practitioner.name, Practitioner.id]
    elif sort == "rating":
        order = [
            score.desc(),
            *([distance] if distance is not None else []),
            fresher,
            Practitioner.name,
            Practitioner.id,
        ]
    else:
        second = distance if distance is not None else score.desc()
        order = [_relevance_sql(params.q or ""), second, fresher, Practitioner.id]
    columns = [Practitioner.id, score.label("score")]
    if distance is not None:
        # Within a circle the matches are few enough to count in the same statement (a window
        # count over every match, before LIMIT); nationwide, a separate count is far cheaper.
        columns += [distance.label("distance"), sa.func.count().over().label("total")]
    rows = session.execute(
        sa.select(*columns)
        .join(Practitioner.practice)
        .where(*where)
        .order_by(*order)
        .offset(offset)
        .limit(params.per_page)
    ).all()
    if rows and distance is not None:
        total = rows[0].total
    elif rows or offset:
        # Nationwide, or past the last page: count separately.
        total = session.scalar(sa.select(sa.func.count(Practitioner.id)).join(Practitioner.practice).where(*where)) or 0
    else:
        total = 0
    loaded = _load_page(session, [r.id for r in rows])
    hits = [
        SearchHit(loaded[r.id], round(r.distance, 2) if distance is not None else None, r.score)
        for r in rows
        if r.id in loaded
    ]
    return SearchResult(params, hits, total, origin, sort)


def count_nearby(session: Session, lat: float, lng: float, radius_km: float, profession_slug: str) -> int:
    """How many practitioners of a profession are within ``radius_km`` of a point."""
    return (
        session.scalar(
            sa.select(sa.func.count(Practitioner.id))
            .join(Practitioner.practice)
            .where(
                _within_box(lat, lng, radius_km),
                great_circle_sql(lat, lng, Practice.lat, Practice.lng) <= radius_km,
                Practitioner.profession.has(Profession.slug == profession_slug),
            )
        )
        or 0
    )
