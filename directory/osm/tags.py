"""Which OpenStreetMap objects become listings, and how their tags map onto the importer's columns.

Chosen (README, decision 0014):

- a physiotherapy practice: ``healthcare=physiotherapist``;
- a remedial massage business: a massage business (``shop=massage``, ``healthcare=massage`` or
  ``amenity=massage``) that states remedial massage, in ``massage=*`` or ``healthcare:speciality=*``
  (a value ``remedial``) or in its ``name`` or ``description`` (the word "remedial"). A massage
  business that does not say so (a day spa, Thai massage) is not listed: remedial massage is what
  this directory is about.

Mapped: ``name`` (the listing's and the practice's name), ``addr:unit``/``addr:housenumber`` and
``addr:street`` (the street address), ``addr:suburb`` (or ``addr:city``, ``addr:place``),
``addr:state``, ``addr:postcode``, the coordinates, ``phone`` (or ``contact:phone``), ``website``
(or ``contact:website``, ``url``), ``email`` (or ``contact:email``), ``opening_hours`` (osm/hours.py)
and ``wheelchair=yes``. The object's type and id are the listing's ``data_source_id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from directory.accounts.services import InvalidEmail, normalise_email
from directory.geo.normalise import STATE_NAMES, STATES
from directory.osm.hours import parse_opening_hours
from directory.practitioners.hours import format_week
from directory.practitioners.origins import OPENSTREETMAP
from directory.practitioners.taxonomy import PHYSIO, RMT

MASSAGE_BUSINESS = (("shop", "massage"), ("healthcare", "massage"), ("amenity", "massage"))
_REMEDIAL = re.compile(r"\bremedial\b", re.I)
_PHONE = re.compile(r"^[0-9+() .-]{6,40}$")


@dataclass(frozen=True)
class Feature:
    """One object of an extract: ``node/123``, its tags and a point (a way's: the mean of its nodes)."""

    osm_id: str
    tags: dict[str, str]
    lat: float | None
    lng: float | None


def _values(tags: dict[str, str], key: str) -> list[str]:
    return [part.strip().lower() for part in tags.get(key, "").split(";") if part.strip()]


def profession_of(tags: dict[str, str]) -> str | None:
    """``physiotherapist``, ``remedial-massage-therapist``, or None when the object is not listed."""
    if tags.get("healthcare") == "physiotherapist":
        return PHYSIO
    if any(tags.get(key) == value for key, value in MASSAGE_BUSINESS):
        stated = "remedial" in _values(tags, "massage") + _values(tags, "healthcare:speciality") or any(
            _REMEDIAL.search(tags.get(key, "")) for key in ("name", "description")
        )
        if stated:
            return RMT
    return None


def _first(tags: dict[str, str], *keys: str) -> str:
    for key in keys:
        value = tags.get(key, "").split(";")[0].strip()
        if value:
            return value
    return ""


def state_of(text: str) -> str:
    text = " ".join(text.split())
    if text.upper() in STATES:
        return text.upper()
    return STATE_NAMES.get(text.lower(), text)


def street_address(tags: dict[str, str]) -> str:
    street = _first(tags, "addr:street")
    if not street:
        return ""
    number = _first(tags, "addr:housenumber")
    unit = _first(tags, "addr:unit")
    if unit and number:
        number = f"{unit}/{number}"
    return f"{number} {street}".strip()


def _email(text: str) -> str:
    try:
        return normalise_email(text) if text else ""
    except InvalidEmail:
        return ""


def _website(text: str) -> str:
    url = text if "://" in text else f"https://{text}"
    parts = urlsplit(url) if text else None
    if parts is None or parts.scheme not in ("http", "https") or "." not in (parts.hostname or "") or len(url) > 300:
        return ""
    return url


class Skipped(Exception):
    """The object is not made into a listing; the reason is counted in the report."""


def to_row(feature: Feature) -> dict[str, str]:
    """The importer row for a listed object. Raises Skipped with the reason otherwise. Suburb,
    state and postcode may be empty: the command fills them from the nearest locality."""
    tags = feature.tags
    profession = profession_of(tags)
    if profession is None:
        raise Skipped("not a physiotherapy practice or a business that states remedial massage")
    name = " ".join(tags.get("name", "").split())
    if not name:
        raise Skipped("no name")
    if feature.lat is None or feature.lng is None:
        raise Skipped("no position")
    address = street_address(tags)
    if not address:
        raise Skipped("no street address")
    phone = _first(tags, "phone", "contact:phone")
    hours = parse_opening_hours(tags.get("opening_hours"))
    return {
        "name": name,
        "profession": profession,
        "practice_name": name,
        "address": address,
        "suburb": _first(tags, "addr:suburb", "addr:city", "addr:place"),
        "state": state_of(_first(tags, "addr:state")),
        "postcode": _first(tags, "addr:postcode"),
        "lat": f"{feature.lat:.7f}",
        "lng": f"{feature.lng:.7f}",
        # Contact details the importer would refuse are left out rather than losing the listing.
        "phone": phone if _PHONE.match(phone) else "",
        "website": _website(_first(tags, "website", "contact:website", "url")),
        "email": _email(_first(tags, "email", "contact:email")),
        "hours": format_week(hours) if hours else "",
        "wheelchair_access": tags.get("wheelchair") if tags.get("wheelchair") in ("yes", "no") else "",
        "data_source": OPENSTREETMAP.slug,
        "data_source_id": feature.osm_id,
    }
