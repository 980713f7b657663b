"""Listings as Open Referral HSDS 3.0 objects (decision 0014).

A practice is an ``organization`` with one ``location`` (its address, position, phone and
accessibility); a practitioner's listing is a ``service`` of that organization, delivered at that
location (``service_at_location``), with its phone, languages, opening hours (``schedules``, one per
run of days with the same hours, local time) and ``assured_date``: the day its details were last
confirmed. A listing made from an open data set carries the object's id
(``location.external_identifier``) and credits the set and its licence in its description.

Ids are UUIDs (HSDS asks for format ``uuid``) that name the record: ``6d6f7665-KKSS-8000-8000-NNNNNNNNNNNN``,
"move" in hex, the kind of record (KK) and a part number (SS), version 8 (RFC 9562, custom) and the
database id (N, hex). They are stable from one export to the next, and the API reads a record's id
from its UUID without a lookup table. No review, rating or reviewer's detail is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from directory.clock import as_utc
from directory.links import absolute_url
from directory.pagination import MAX_ID
from directory.practitioners.hours import DAYS, open_days
from directory.practitioners.models import Practice, Practitioner

HSDS_VERSION = "3.0"
KINDS = {
    "organization": 0x01,
    "location": 0x02,
    "service": 0x03,
    "service_at_location": 0x04,
    "address": 0x05,
    "phone": 0x06,
    "schedule": 0x07,
    "language": 0x08,
    "accessibility": 0x09,
}
_ID = re.compile(r"^6d6f7665-([0-9a-f]{2})([0-9a-f]{2})-8000-8000-([0-9a-f]{12})$")
_BYDAY = dict(zip(DAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
_DAY_NAMES = dict(
    zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
# ISO 639-1 codes of the languages listings name most; others are written by name only.
LANGUAGE_CODES = {
    "english": "en", "arabic": "ar", "cantonese": "yue", "mandarin": "zh", "chinese": "zh", "greek": "el",
    "italian": "it", "vietnamese": "vi", "hindi": "hi", "punjabi": "pa", "spanish": "es", "korean": "ko",
    "japanese": "ja", "french": "fr", "german": "de", "portuguese": "pt", "tagalog": "tl", "filipino": "fil",
    "indonesian": "id", "persian": "fa", "turkish": "tr", "russian": "ru", "polish": "pl", "auslan": "asf",
    "nepali": "ne", "thai": "th", "tamil": "ta", "urdu": "ur", "bengali": "bn", "sinhala": "si", "croatian": "hr",
    "serbian": "sr", "macedonian": "mk", "dutch": "nl", "hebrew": "he", "malay": "ms", "swahili": "sw",
}  # fmt: skip


def hsds_id(kind: str, number: int, part: int = 0) -> str:
    """The UUID of one record (see the module's docstring)."""
    return f"6d6f7665-{KINDS[kind]:02x}{part:02x}-8000-8000-{number:012x}"


def number_of(kind: str, text: str) -> int | None:
    """The database id in a record's UUID when it is one of ``kind``; None otherwise."""
    match = _ID.match(text or "")
    if not match or int(match.group(1), 16) != KINDS[kind] or int(match.group(2), 16) != 0:
        return None
    number = int(match.group(3), 16)
    return number if 0 < number <= MAX_ID else None  # ids are 32-bit integers in the database


def _clean(record: dict) -> dict:
    """HSDS leaves out a field with no value rather than writing null."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def _phone(kind: str, owner_id: str, number_id: int, practice: Practice) -> list[dict]:
    if not practice.phone:
        return []
    return [
        {
            "id": hsds_id("phone", number_id, KINDS[kind]),
            f"{kind}_id": owner_id,
            "number": practice.phone,
            "type": "voice",
        }
    ]


def _origin_note(practitioner: Practitioner | None) -> str:
    origin = practitioner.origin if practitioner is not None else None
    if origin is None:
        return ""
    return f" Details from {origin.name} ({origin.attribution}), under the {origin.licence}."


def location(practice: Practice, origin_from: Practitioner | None = None) -> dict:
    """The practice's place: address, position, phone, wheelchair access; the open-data object it
    came from, when a listing there was made from one."""
    location_id = hsds_id("location", practice.id)
    origin = origin_from.origin if origin_from is not None else None
    return _clean(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": hsds_id("organization", practice.id),
            "name": practice.name,
            "latitude": practice.lat,
            "longitude": practice.lng,
            "external_identifier": origin_from.data_source_id if origin else None,
            "external_identifier_type": origin.name if origin else None,
            "url": origin.url_of(origin_from.data_source_id) if origin else None,
            "addresses": [
                {
                    "id": hsds_id("address", practice.id),
                    "location_id": location_id,
                    "address_1": practice.address,
                    "city": practice.suburb,
                    "state_province": practice.state,
                    "postal_code": practice.postcode,
                    "country": practice.country or "AU",
                    "address_type": "physical",
                }
            ],
            "phones": _phone("location", location_id, practice.id, practice),
            "accessibility": [
                {
                    "id": hsds_id("accessibility", practice.id),
                    "location_id": location_id,
                    "description": "Wheelchair access.",
                }
            ]
            if practice.wheelchair_access
            else [],
        }
    )


def organization(practice: Practice, practitioners: Iterable[Practitioner] = ()) -> dict:
    """The practice as an organization, with its location."""
    practitioners = list(practitioners)
    demo = practice.is_demo or any(p.is_demo for p in practitioners)
    origin_from = next((p for p in practitioners if p.origin is not None), None)
    description = (
        ("Fictional demo data. " if demo else "")
        + f"{practice.name}, {practice.suburb} {practice.state} {practice.postcode}: a practice listed on "
        "MoveWell Directory." + _origin_note(origin_from)
    )
    org_id = hsds_id("organization", practice.id)
    return _clean(
        {
            "id": org_id,
            "name": practice.name,
            "description": description,
            "email": practice.email,
            "website": practice.website,
            "phones": _phone("organization", org_id, practice.id, practice),
            "locations": [location(practice, origin_from)],
        }
    )


def _schedules(practitioner: Practitioner, service_id: str) -> list[dict]:
    """One weekly schedule per run of hours (days sharing the same opening and closing time)."""
    by_hours: dict[str, list[str]] = {}
    for day, hours in open_days(practitioner.hours).items():
        by_hours.setdefault(hours, []).append(day)
    schedules = []
    for part, (hours, days) in enumerate(by_hours.items()):
        opens, closes = hours.split("-")
        names = ", ".join(_DAY_NAMES[day] for day in days)
        schedules.append(
            {
                "id": hsds_id("schedule", practitioner.id, part),
                "service_id": service_id,
                "freq": "WEEKLY",
                "byday": ",".join(_BYDAY[day] for day in days),
                "opens_at": opens,
                "closes_at": closes,
                "description": f"{names}: {opens} to {closes}, local time.",
            }
        )
    return schedules


def _languages(practitioner: Practitioner, service_id: str) -> list[dict]:
    return [
        _clean(
            {
                "id": hsds_id("language", practitioner.id, part),
                "service_id": service_id,
                "name": name,
                "code": LANGUAGE_CODES.get(name.strip().lower()),
            }
        )
        for part, name in enumerate((practitioner.languages or [])[:255])
    ]


def service(practitioner: Practitioner) -> dict:
    """A listing as a fully nested HSDS service: its organization, where it is delivered, phone,
    languages, hours, ways to pay, credential as given and when its details were last confirmed."""
    practice, profession = practitioner.practice, practitioner.profession
    service_id = hsds_id("service", practitioner.id)
    specialties = ", ".join(s.name for s in practitioner.specialties)
    description = (
        ("Fictional demo listing. " if practitioner.is_demo else "")
        + f"{practitioner.name} is a {profession.name.lower()} at {practice.name}, {practice.suburb} {practice.state}."
        + (f" Specialties: {specialties}." if specialties else "")
        + (f" {practitioner.bio}" if practitioner.bio else "")
        + _origin_note(practitioner)
    )
    number = practitioner.registration_number
    credential = None
    if number:
        state = {"checked": "checked by MoveWell", "lapsed": "not current when last checked"}.get(
            practitioner.credential_status, "self-declared"
        )
        credential = f"{'Ahpra registration' if profession.regulated else 'Association membership'} {number} ({state})."
    return _clean(
        {
            "id": service_id,
            "organization_id": hsds_id("organization", practice.id),
            "name": f"{practitioner.name}, {profession.name.lower()}",
            "description": description,
            "url": absolute_url("listings.detail", slug=practitioner.slug),
            "email": practice.email,
            "status": "active",
            "fees_description": (
                "Ways to pay or claim: " + ", ".join(p.name for p in practitioner.payers) + "."
                if practitioner.payers
                else None
            ),
            "accreditations": credential,
            "assured_date": as_utc(practitioner.confirmed_at).date().isoformat(),
            "phones": _phone("service", service_id, practitioner.id, practice),
            "languages": _languages(practitioner, service_id),
            "schedules": _schedules(practitioner, service_id),
            # The organization's own fields; its location is the one the service is delivered at.
            "organization": {k: v for k, v in organization(practice, [practitioner]).items() if k != "locations"},
            "service_at_locations": [
                {
                    "id": hsds_id("service_at_location", practitioner.id),
                    "service_id": service_id,
                    "location_id": hsds_id("location", practice.id),
                    "location": location(practice, practitioner),
                }
            ],
        }
    )


def service_at_location(practitioner: Practitioner) -> dict:
    return service(practitioner)["service_at_locations"][0]


def practices(session: Session, batch: int = 500) -> Iterator[Practice]:
    """Every practice in id order with its practitioners, ``batch`` at a time (by id, not OFFSET)."""
    last = 0
    while True:
        page = session.scalars(
            sa.select(Practice)
            .where(Practice.id > last)
            .order_by(Practice.id)
            .limit(batch)
            .options(selectinload(Practice.practitioners))
        ).all()
        if not page:
            return
        yield from page
        last = page[-1].id
        session.expunge_all()
