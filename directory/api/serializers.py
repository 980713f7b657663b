"""Turning models into the JSON shapes the OpenAPI document describes."""

from __future__ import annotations

from datetime import datetime

from directory.clock import as_utc
from directory.links import absolute_url
from directory.practitioners.models import Practitioner
from directory.reviews.models import ASPECTS, Review


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 with its UTC offset."""
    return None if moment is None else as_utc(moment).isoformat()


def _rating(practitioner: Practitioner) -> dict:
    mean = practitioner.rating_mean
    return {"average": None if mean is None else round(mean, 2), "count": practitioner.rating_count}


def practitioner_summary(practitioner: Practitioner, distance_km: float | None) -> dict:
    practice = practitioner.practice
    data = {
        "slug": practitioner.slug,
        "name": practitioner.name,
        "practice_name": practice.name,
        "profession": practitioner.profession.slug,
        "specialties": [s.slug for s in practitioner.specialties],
        "suburb": practice.suburb,
        "state": practice.state,
        "postcode": practice.postcode,
        "lat": practice.lat,
        "lng": practice.lng,
        "rating": _rating(practitioner),
        "claimed": practitioner.claimed,
        "url": absolute_url("listings.detail", slug=practitioner.slug),
    }
    if distance_km is not None:
        data["distance_km"] = distance_km
    return data


def practitioner_detail(practitioner: Practitioner) -> dict:
    practice = practitioner.practice
    data = practitioner_summary(practitioner, None)
    data.update(
        {
            "practice": {
                "name": practice.name,
                "address": practice.address,
                "suburb": practice.suburb,
                "state": practice.state,
                "postcode": practice.postcode,
                "phone": practice.phone,
                "email": practice.email,
                "website": practice.website,
                "wheelchair_access": practice.wheelchair_access,
            },
            "registration_number": practitioner.registration_number,
            "association": practitioner.association,
            "bio": practitioner.bio,
            "languages": list(practitioner.languages or []),
            "gender": practitioner.gender,
            "telehealth": practitioner.telehealth,
            "home_visits": practitioner.home_visits,
            "after_hours": practitioner.after_hours,
            "payers": [p.slug for p in practitioner.payers],
            "hours": practitioner.hours or {},
            "demo": practitioner.is_demo,
        }
    )
    return data


def review_public(review: Review) -> dict:
    """A published review as anyone may see it. Never the reviewer's e-mail."""
    return {
        "id": review.id,
        "rating": review.rating,
        "title": review.title or None,
        "body": review.body,
        "display_name": review.display_name,
        "visit_month": review.visit_month,
        "published_at": _iso(review.published_at),
        "labels": review.labels,
        "aspects": {name: getattr(review, f"aspect_{name}") for name in ASPECTS if getattr(review, f"aspect_{name}")},
        "response": None
        if review.response is None
        else {
            "body": review.response.body,
            "updated_at": _iso(review.response.updated_at),
        },
    }
