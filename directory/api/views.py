"""JSON endpoints. They call the same services as the HTML pages."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request

from directory.api import hsds, serializers
from directory.api.openapi import MAX_REVIEW_PAGE, openapi_document, typed_parameters
from directory.errors import InvalidParameter, NotFound
from directory.extensions import csrf, db, limiter
from directory.geo.gazetteer import autocomplete
from directory.pagination import MAX_ID
from directory.practitioners.links import listing_urls
from directory.practitioners.queries import details, get_practitioner
from directory.practitioners.reference import reference
from directory.practitioners.taxonomy import PAYER_TERMS
from directory.reviews.models import REVIEW_ORDERS
from directory.reviews.queries import REVIEWS_PER_PAGE, published_reviews
from directory.search.params import parse_int, parse_search_params
from directory.search.services import search_practitioners
from directory.text import MESSAGE as CONTROL_CHARACTERS
from directory.text import control_character

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # read-only JSON; nothing here changes state
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)

API_PREFIX = "/api/v1"  # where create_app mounts this blueprint
MAX_REVIEWS_PER_PAGE = 50
_TYPED = typed_parameters()


@bp.before_request
def refuse_what_the_document_forbids():
    """What every operation refuses, as /openapi.json says: a query parameter without a name, any
    control character in one, and an empty value for a number, a boolean or a choice (``?limit=``,
    ``?sort=``)."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", request.url_rule.rule if request.url_rule else "")
    typed = _TYPED.get(path.removeprefix(API_PREFIX), frozenset())
    for key, value in request.args.items(multi=True):
        if not key:
            raise InvalidParameter("A query parameter needs a name (?name=value).", field="")
        if control_character(key, allow_newlines=False) or control_character(value, allow_newlines=False):
            raise InvalidParameter(CONTROL_CHARACTERS, field=key)
        if key in typed and not value.strip():
            raise InvalidParameter(f"Give a value for {key}, or leave it out.", field=key)


@bp.get("/practitioners")
def practitioners():
    params = parse_search_params(db.session, request.args)
    result = search_practitioners(db.session, params, current_app.extensions["place_resolver"])
    urls = listing_urls([hit.practitioner.slug for hit in result.hits], external=True)
    return jsonify(
        results=[
            serializers.practitioner_summary(h.practitioner, h.distance_km, urls[h.practitioner.slug])
            for h in result.hits
        ],
        total=result.total,
        total_relation="eq" if result.total_exact else "gt",
        page=params.page,
        per_page=params.per_page,
        sort=result.sort,
        near=result.origin.to_dict() if result.origin else None,
        next_after=result.next_cursor.token() if result.next_cursor else None,
    )


def _practitioner_or_404(slug: str):
    practitioner = get_practitioner(db.session, slug, *details())
    if practitioner is None:
        raise NotFound(f"No practitioner with slug “{slug}”.")
    return practitioner


@bp.get("/practitioners/<slug>")
def practitioner(slug: str):
    return jsonify(serializers.practitioner_detail(_practitioner_or_404(slug), reference(db.session)))


@bp.get("/practitioners/<slug>/reviews")
def practitioner_reviews(slug: str):
    practitioner = _practitioner_or_404(slug)
    page = parse_int(request.args, "page", 1, MAX_REVIEW_PAGE, "Page") or 1
    per_page = parse_int(request.args, "per_page", 1, MAX_REVIEWS_PER_PAGE, "Results per page") or REVIEWS_PER_PAGE
    order = request.args.get("order") or "newest"
    if order not in REVIEW_ORDERS:
        raise InvalidParameter("Order reviews by newest, highest or lowest.", field="order")
    after = parse_int(request.args, "after", 1, MAX_ID, "After")
    reviews = published_reviews(db.session, practitioner, page=page, per_page=per_page, order=order, after=after)
    return jsonify(
        results=[serializers.review_public(r) for r in reviews.items] if after or page == reviews.page else [],
        next_after=reviews.next_after,
        total=reviews.total,
        page=page,
        per_page=per_page,
        order=order,
        rating=serializers.rating(practitioner.rating_mean, practitioner.rating_count)
        | {"distribution": {str(k): v for k, v in practitioner.rating_distribution.items()}},
    )


@bp.get("/places")
def places():
    q = (request.args.get("q") or "").strip()
    if not q:
        raise InvalidParameter("Type at least one character of a suburb or postcode.", field="q")
    if len(q) > 120:
        raise InvalidParameter("Use at most 120 characters.", field="q")
    limit = parse_int(request.args, "limit", 1, 10, "Limit") or 10
    return jsonify(results=[c.to_dict() for c in autocomplete(db.session, q, limit=limit)])


@bp.get("/professions")
def professions():
    return jsonify(
        results=[
            {"slug": p.slug, "name": p.name, "plural": p.plural, "regulated": p.regulated}
            for p in reference(db.session).professions
        ]
    )


@bp.get("/specialties")
def specialties():
    return jsonify(
        results=[
            {"slug": s.slug, "name": s.name, "professions": list(s.professions)}
            for s in reference(db.session).specialties
        ]
    )


@bp.get("/payers")
def payers():
    return jsonify(
        results=[
            {
                "slug": p.slug,
                "name": p.name,
                "professions": {
                    profession: terms[p.slug] for profession, terms in sorted(PAYER_TERMS.items()) if p.slug in terms
                },
            }
            for p in reference(db.session).payers
        ]
    )


def _hsds_page() -> tuple[int, int]:
    page = parse_int(request.args, "page", 1, hsds.MAX_PAGE, "Page") or 1
    per_page = parse_int(request.args, "per_page", 1, hsds.MAX_PER_PAGE, "Results per page") or hsds.DEFAULT_PER_PAGE
    return page, per_page


@bp.get("/hsds")
def hsds_meta():
    """Open Referral HSDS 3.0: what this API is (HSDS's ``GET /``)."""
    return jsonify(hsds.meta())


@bp.get("/hsds/services")
def hsds_services():
    return jsonify(hsds.services_page(db.session, *_hsds_page()))


@bp.get("/hsds/services/<service_id>")
def hsds_service(service_id: str):
    return jsonify(hsds.service(db.session, service_id))


@bp.get("/hsds/organizations")
def hsds_organizations():
    return jsonify(hsds.organizations_page(db.session, *_hsds_page()))


@bp.get("/hsds/organizations/<organization_id>")
def hsds_organization(organization_id: str):
    return jsonify(hsds.organization(db.session, organization_id))


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
