"""The listing page and the guide page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from directory.extensions import db
from directory.listings import services
from directory.listings.content import difference_for, guide_lists
from directory.pagination import cursor_id, page_number
from directory.practitioners import credentials, freshness
from directory.practitioners.landing import landing_args
from directory.practitioners.queries import get_listing
from directory.practitioners.rating import FORMULA_TEXT, bayesian_score
from directory.practitioners.taxonomy import ONE_LINE, PAYER_TERMS
from directory.reviews.queries import moderation_summary, published_reviews, review_order
from directory.sources.adapters import adapters_on
from directory.sources.queries import combined, ratings_elsewhere

bp = Blueprint("listings", __name__)


@bp.get("/practitioners/<slug>")
def detail(slug: str):
    listing = get_listing(db.session, slug) or abort(404)
    practitioner = listing.practitioner
    order = review_order(request.args.get("order"))
    reviews = published_reviews(
        db.session,
        practitioner,
        page=page_number(request.args.get("page")),
        order=order,
        # The next page's link names the last review shown (keyset); anything else is ignored.
        after=cursor_id(request.args.get("after")),
    )
    profession = practitioner.profession
    practice = practitioner.practice
    nearby = services.other_profession_nearby(db.session, practitioner)
    other = {
        "profession": nearby.profession,
        "count": nearby.count,
        "radius_km": nearby.radius_km,
        "here": listing.other_profession_here,
        "url": url_for(
            "search.results",
            lat=f"{practice.lat:.5f}",
            lng=f"{practice.lng:.5f}",
            radius_km=nearby.radius_km,
            profession=nearby.profession.slug,
        ),
    }
    difference = difference_for(
        profession.slug,
        [s.slug for s in listing.specialties],
        practitioner.name,
        [p.slug for p in listing.payers],
    )
    # Ratings on other sources (decision 0013): shown beside ours, labelled, never mixed into it.
    elsewhere = ratings_elsewhere(db.session, practitioner.id, adapters_on(current_app))
    return render_template(
        "listings/detail.html",
        practitioner=practitioner,
        specialties=listing.specialties,
        payers=listing.payers,
        practice=practice,
        profession=profession,
        difference=difference,
        one_line=ONE_LINE[profession.slug],
        landing_url=url_for(
            "search.landing", **landing_args(profession.slug, practice.suburb, practice.state, practice.postcode)
        ),
        payer_terms=PAYER_TERMS.get(profession.slug, {}),
        credential=credentials.state_of(practitioner),
        stale=freshness.is_stale(practitioner),
        other=other,
        count_cap=services.NEARBY_CAP,
        reviews=reviews,
        order=order,
        score=bayesian_score(practitioner.rating_count, practitioner.rating_mean),
        formula=FORMULA_TEXT,
        review_ld=[_review_ld(r) for r in reviews.items],
        moderation=moderation_summary(db.session, practitioner.id),
        is_owner=current_user.is_authenticated and practitioner.owner_id == current_user.id,
        elsewhere=elsewhere,
        combined_rating=combined(practitioner.rating_mean, practitioner.rating_count, elsewhere),
    )


def _review_ld(review) -> dict:
    """A published review as schema.org JSON-LD (the template serialises it with |tojson)."""
    data = {
        "@type": "Review",
        "author": {"@type": "Person", "name": review.display_name},
        "reviewBody": review.body,
        "reviewRating": {"@type": "Rating", "ratingValue": review.rating, "bestRating": 5, "worstRating": 1},
    }
    if review.title:
        data["name"] = review.title
    if review.published_at:
        data["datePublished"] = review.published_at.date().isoformat()
    return data


@bp.get("/guide/remedial-massage-vs-physiotherapy")
def guide():
    return render_template("guide/remedial_massage_vs_physiotherapy.html", lists=guide_lists())
