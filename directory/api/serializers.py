"""Turning models into the JSON shapes the OpenAPI document describes."""

from __future__ import annotations

from datetime import datetime

from directory.clock import as_utc
from directory.links import absolute_url
from directory.practitioners.models import Practitioner
from directory.practitioners.reference import Reference
from directory.reviews.models import ASPECTS, Review
from directory.search.cards import Card


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 with its UTC offset."""
    return None if moment is None else as_utc(moment).isoformat()


# The API's ratings are the directory's own reviews only (decision 0013): ratings gathered from other
# sources are shown on listing pages, labelled, and never served here nor mixed into these figures.
OWN_SOURCE = "movewell"


def rating(mean: float | None, count: int) -> dict:
    """Our own rating: which source it is, the average of published reviews, and their number."""
    return {"source": OWN_SOURCE, "average": None if mean is None else round(mean, 2), "count": count}


def _rating(card: Card) -> dict:
    return rating(card.rating_mean, card.rating_count)


def practitioner_summary(card: Card, distance_km: float | None, url: str) -> dict:
    """A search result (or the head of a listing): the card's facts and the listing's address
    (``url``, from ``listing_urls``)."""
    data = {
        "slug": card.slug,
        "name": card.name,
        "practice_name": card.practice_name,
        "profession": card.profession.slug,
        "specialties": [s.slug for s in card.specialties],
        "suburb": card.suburb,
        "state": card.state,
        "postcode": card.postcode,
        "lat": card.lat,
        "lng": card.lng,
        "rating": _rating(card),
        "claimed": card.claimed,
        "url": url,
    }
    if distance_km is not None:
        data["distance_km"] = distance_km
    return data


def practitioner_detail(practitioner: Practitioner, ref: Reference) -> dict:
    practice = practitioner.practice
    url = absolute_url("listings.detail", slug=practitioner.slug)
    data = practitioner_summary(Card.from_practitioner(practitioner, ref), None, url)
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
            # What the registration or membership number's state is (decision 0009), and when the
            # listing's details were last confirmed and by whom.
            "credential": {
                "status": "none" if not practitioner.registration_number else practitioner.credential_status,
                "checked_at": _iso(practitioner.credential_checked_at) if practitioner.registration_number else None,
            },
            "confirmed": {"at": _iso(practitioner.confirmed_at), "by": practitioner.confirmed_by},
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
        if review.response is None or not review.response.published
        else {
            "body": review.response.body,
            "updated_at": _iso(review.response.updated_at),
        },
    }
