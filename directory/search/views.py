"""The search page: the same parameters as the API, errors shown beside their fields."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from directory.errors import DomainError
from directory.extensions import db
from directory.geo.errors import AmbiguousPlace, PlaceNotFound
from directory.practitioners.links import listing_urls
from directory.practitioners.rating import FORMULA_TEXT
from directory.practitioners.reference import reference
from directory.search.params import DEFAULT_RADIUS_KM, SORTS, SearchParams, parse_search_params
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
    except AmbiguousPlace as error:
        ambiguous = error
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
            **_choices(),
        ),
        status,
    )
