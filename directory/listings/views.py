"""The listing page and the guide page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from directory.extensions import db
from directory.listings import services
from directory.listings.content import difference_for, guide_lists
from directory.reviews.rating import FORMULA_TEXT, bayesian_score
from directory.reviews.services import moderation_summary
from directory.search.services import count_nearby

bp = Blueprint("listings", __name__)


@bp.get("/practitioners/<slug>")
def detail(slug: str):
    practitioner = services.get_practitioner(db.session, slug)
    if practitioner is None:
        abort(404)
    page = request.args.get("page", "1")
    page = int(page) if page.isascii() and page.isdigit() and len(page) < 6 else 1
    reviews = services.published_reviews(db.session, practitioner, page=page, order=request.args.get("order", ""))
    profession = practitioner.profession
    other_profession = services.get_profession(db.session, services.other_profession_slug(profession.slug))
    practice = practitioner.practice
    radius = services.NEARBY_RADIUS_KM
    count = count_nearby(db.session, practice.lat, practice.lng, radius, other_profession.slug)
    if count == 0:
        # Nobody close: point at the widest search instead of repeating an empty one.
        radius = services.WIDEST_RADIUS_KM
        count = count_nearby(db.session, practice.lat, practice.lng, radius, other_profession.slug)
    other = {
        "profession": other_profession,
        "count": count,
        "radius_km": radius,
        "url": url_for(
            "search.results",
            lat=f"{practice.lat:.5f}",
            lng=f"{practice.lng:.5f}",
            radius_km=radius,
            profession=other_profession.slug,
        ),
    }
    difference = difference_for(profession.slug, [s.slug for s in practitioner.specialties], practitioner.name)
    return render_template(
        "listings/detail.html",
        practitioner=practitioner,
        practice=practice,
        profession=profession,
        difference=difference,
        other=other,
        reviews=reviews,
        score=bayesian_score(practitioner.rating_count, practitioner.rating_mean),
        formula=FORMULA_TEXT,
        review_ld=[_review_ld(r) for r in reviews.reviews],
        moderation=moderation_summary(db.session, practitioner.id),
        is_owner=current_user.is_authenticated and practitioner.owner_id == current_user.id,
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
