"""The search page: the same parameters as the API, errors shown beside their fields."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for

from directory.errors import DomainError
from directory.extensions import db
from directory.geo.errors import AmbiguousPlace, PlaceNotFound
from directory.pagination import page_number
from directory.practitioners.landing import (
    CITY_RADIUS_KM,
    PROFESSION_PATHS,
    SUBURB_RADIUS_KM,
    landing_args,
    parse_place_slug,
)
from directory.practitioners.links import listing_urls
from directory.practitioners.rating import FORMULA_TEXT
from directory.practitioners.reference import reference
from directory.practitioners.taxonomy import ONE_LINE, other_profession
from directory.search.landing import find_landing_place
from directory.search.params import DEFAULT_RADIUS_KM, MAX_PAGE, SORTS, SearchParams, parse_search_params
from directory.search.services import search_practitioners

bp = Blueprint("search", __name__)

RADIUS_CHOICES = (2, 5, 10, 25, 50, 100)


def _choices() -> dict:
    ref = reference(db.session)
    return {
        "professions": ref.professions,
        "specialties": ref.specialties,
        "payers": ref.payers,
        "radius_choices": RADIUS_CHOICES,
        "sorts": SORTS,
        "default_radius": DEFAULT_RADIUS_KM,
        "formula": FORMULA_TEXT,
    }


def _wider(radius_km: float) -> int | None:
    """The next radius to offer when a search finds nobody (None at the widest)."""
    return next((r for r in (*RADIUS_CHOICES, 100) if r > radius_km), None)


@bp.get("/search")
def results():
    args = request.args
    errors: dict[str, str] = {}
    result = None
    ambiguous = not_found = None
    status = 200
    params = SearchParams()
    try:
        params = parse_search_params(db.session, args)
        result = search_practitioners(db.session, params, current_app.extensions["place_resolver"])
        params = result.params  # the search as it ran: a need in the words became filters
    except AmbiguousPlace as error:
        ambiguous = error
        params = getattr(error, "understood", params)  # each choice keeps the need's filters
        errors[error.field or "near"] = error.message
    except PlaceNotFound as error:
        not_found = error
        errors[error.field or "near"] = error.message
        status = 404
    except DomainError as error:
        errors[error.field or "form"] = error.message
        status = 400
    return (
        render_template(
            "search/results.html",
            params=params,
            raw=args,
            errors=errors,
            result=result,
            ambiguous=ambiguous,
            not_found=not_found,
            listing_urls=listing_urls([hit.practitioner.slug for hit in result.hits] if result else []),
            wider_radius=_wider(params.radius_km),
            need_specialty=reference(db.session).specialty(result.params.specialty)
            if result and result.need and result.params.specialty
            else None,
            **_choices(),
        ),
        status,
    )


@bp.get("/<any(physiotherapists, 'remedial-massage-therapists'):professions>/<place>")
def landing(professions: str, place: str):
    """A profession in a suburb (nearest first, within 5 km of the suburb's practices) or in a
    city (best rated first, within 20 km of its centre): a page search engines can list."""
    profession_slug = PROFESSION_PATHS[professions]
    wanted = parse_place_slug(place) or abort(404)
    spot = find_landing_place(db.session, profession_slug, wanted) or abort(404)
    radius = CITY_RADIUS_KM if wanted.is_city else SUBURB_RADIUS_KM
    params = SearchParams(
        lat=spot.lat,
        lng=spot.lng,
        radius_km=float(radius),
        profession=profession_slug,
        sort="rating" if wanted.is_city else "distance",
        page=min(page_number(request.args.get("page")), MAX_PAGE),
    )
    result = search_practitioners(db.session, params, current_app.extensions["place_resolver"])
    ref = reference(db.session)
    profession = ref.profession(profession_slug)
    other = ref.profession(other_profession(profession_slug))
    near = spot.label
    return render_template(
        "search/landing.html",
        profession=profession,
        other=other,
        spot=spot,
        radius_km=radius,
        params=params,
        result=result,
        is_city=wanted.is_city,
        one_line=ONE_LINE[profession_slug],
        other_url=url_for("search.landing", **landing_args(other.slug, spot.name, spot.state, spot.postcode)),
        search_url=url_for("search.results", near=near, profession=profession_slug, radius_km=radius),
        listing_urls=listing_urls([hit.practitioner.slug for hit in result.hits]),
        formula=FORMULA_TEXT,
    )
