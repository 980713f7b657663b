"""One row of a practitioners CSV file, checked in full: the columns, their limits, and the
professions, specialties and payers the row names. ``parse_row`` returns the values to store or
raises ``RowRejected`` with the column and a reason; nothing here writes to the database."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from directory.accounts.services import InvalidEmail, normalise_email
from directory.geo.normalise import STATES, zero_fill_postcode
from directory.practitioners.credentials import InvalidNumber, normalise_number
from directory.practitioners.hours import parse_week
from directory.practitioners.models import Payer, Profession, Specialty
from directory.practitioners.origins import ORIGINS
from directory.practitioners.slugs import slugify
from directory.practitioners.taxonomy import PAYERS_FOR, PHYSIO, RMT
from directory.text import MESSAGE as CONTROL_CHARACTERS
from directory.text import control_character

REQUIRED = ("name", "profession", "practice_name", "address", "suburb", "state", "postcode")
OPTIONAL = (
    "slug",
    "phone",
    "email",
    "website",
    "registration_number",
    "association",
    "specialties",
    "payers",
    "languages",
    "bio",
    "gender",
    "telehealth",
    "home_visits",
    "after_hours",
    "wheelchair_access",
    "lat",
    "lng",
    "hours",
    "data_source",
    "data_source_id",
)
COLUMNS = REQUIRED + OPTIONAL

# Latitude and longitude of a box around Australia and its islands.
AUSTRALIA = (-44.0, -9.0, 112.0, 154.5)
_PHONE = re.compile(r"^[0-9+() .-]{6,40}$")
_POSTCODE = re.compile(r"^[0-9]{4}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}
LIMITS = {
    "name": 120,
    "practice_name": 160,
    "address": 200,
    "suburb": 120,
    "association": 120,
    "bio": 5000,
    "slug": 120,
}


class RowRejected(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def missing_columns(header: Iterable[str]) -> list[str]:
    present = {(name or "").strip().lower() for name in header}
    return [name for name in REQUIRED if name not in present]


class Reference:
    """Professions, specialties and payers, loaded once per import."""

    def __init__(self, session: Session) -> None:
        professions = session.scalars(sa.select(Profession)).all()
        self.professions = {p.slug: p for p in professions}
        self.profession_names = {p.name.lower(): p for p in professions}
        specialties = session.scalars(sa.select(Specialty).options(selectinload(Specialty.professions))).all()
        self.specialties = {s.slug: s for s in specialties}
        self.specialty_names = {s.name.lower(): s for s in specialties}
        self.payers = {p.slug: p for p in session.scalars(sa.select(Payer))}

    def profession(self, text: str) -> Profession:
        key = text.strip().lower()
        found = (
            self.professions.get(key)
            or self.profession_names.get(key)
            or self.profession_names.get(key.removesuffix("s"))
        )
        if found is None:
            raise RowRejected("profession", f"Unknown profession “{text}”: use {PHYSIO} or {RMT}.")
        return found

    def specialty_list(self, text: str, profession: Profession) -> list[Specialty]:
        chosen = []
        for item in _split(text):
            specialty = self.specialties.get(item.lower()) or self.specialty_names.get(item.lower())
            if specialty is None:
                raise RowRejected("specialties", f"Unknown specialty “{item}”.")
            if profession.slug not in {p.slug for p in specialty.professions}:
                raise RowRejected(
                    "specialties", f"“{specialty.name}” is not a specialty of a {profession.name.lower()}."
                )
            if specialty not in chosen:
                chosen.append(specialty)
        return chosen

    def payer_list(self, text: str, profession: Profession) -> list[Payer]:
        chosen = []
        for item in _split(text):
            payer = self.payers.get(item.lower())
            if payer is None:
                raise RowRejected("payers", f"Unknown payer “{item}”: use {', '.join(sorted(self.payers))}.")
            if payer.slug not in PAYERS_FOR.get(profession.slug, ()):
                raise RowRejected("payers", f"A {profession.name.lower()} cannot accept “{payer.name}”.")
            if payer not in chosen:
                chosen.append(payer)
        return chosen


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _flag(row: dict, column: str) -> bool:
    value = (row.get(column) or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise RowRejected(column, f"Write yes or no (not “{row.get(column)}”).")


def _text(row: dict, column: str, required: bool = False) -> str:
    value = " ".join((row.get(column) or "").split()) if column != "bio" else (row.get(column) or "").strip()
    if required and not value:
        raise RowRejected(column, f"The {column.replace('_', ' ')} is required.")
    limit = LIMITS.get(column)
    if limit and len(value) > limit:
        raise RowRejected(column, f"Use at most {limit} characters.")
    return value


def _coordinates(row: dict) -> tuple[float, float] | None:
    lat_text, lng_text = (row.get("lat") or "").strip(), (row.get("lng") or "").strip()
    if not lat_text and not lng_text:
        return None
    try:
        lat, lng = float(lat_text), float(lng_text)
    except ValueError:
        raise RowRejected("lat", "Give both lat and lng as decimal degrees, or neither.") from None
    south, north, west, east = AUSTRALIA
    if not (south <= lat <= north and west <= lng <= east):
        raise RowRejected("lat", "These coordinates are not in Australia.")
    return lat, lng


def parse_row(row: dict, reference: Reference) -> dict:
    """The checked values of one row. Raises RowRejected naming the column."""
    row = {(key or "").strip().lower(): value for key, value in row.items() if key is not None}
    for column in COLUMNS:
        if isinstance(row.get(column), str) and control_character(row[column]):
            raise RowRejected(column, CONTROL_CHARACTERS)
    values: dict = {}
    for column in ("name", "practice_name", "address", "suburb"):
        values[column] = _text(row, column, required=True)
    profession = reference.profession(_text(row, "profession", required=True))
    values["profession"] = profession
    state = _text(row, "state", required=True).upper()
    if state not in STATES:
        raise RowRejected("state", f"Use one of {', '.join(STATES)}.")
    values["state"] = state
    postcode = _text(row, "postcode", required=True)
    postcode = zero_fill_postcode(postcode) or postcode  # spreadsheets drop the leading zero of NT postcodes
    if not _POSTCODE.match(postcode):
        raise RowRejected("postcode", "A postcode is four digits.")
    values["postcode"] = postcode
    slug = _text(row, "slug") or slugify(f"{values['name']} {values['suburb']}")
    if not _SLUG.match(slug) or len(slug) > LIMITS["slug"]:
        raise RowRejected("slug", "Use lower-case letters, digits and hyphens.")
    values["slug"] = slug
    phone = _text(row, "phone")
    if phone and not _PHONE.match(phone):
        raise RowRejected("phone", "Use digits, spaces and + ( ) - only.")
    values["phone"] = phone or None
    email = _text(row, "email")
    if email:
        try:
            email = normalise_email(email)
        except InvalidEmail as error:
            raise RowRejected("email", error.message) from None
    values["email"] = email or None
    website = _text(row, "website")
    if website:
        if "://" not in website:
            website = "https://" + website
        parts = urlsplit(website)
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or "." not in parts.hostname
            or len(website) > 300
        ):
            raise RowRejected("website", "Give the web address, like https://example.com.au.")
    values["website"] = website or None
    number = _text(row, "registration_number")
    if number:
        try:
            number = normalise_number(profession.slug, number)
        except InvalidNumber as error:
            raise RowRejected("registration_number", error.message) from None
    values["registration_number"] = number or None
    values["association"] = _text(row, "association") or None
    values["specialties"] = reference.specialty_list(row.get("specialties") or "", profession)
    values["payers"] = reference.payer_list(row.get("payers") or "", profession)
    languages = _split(row.get("languages") or "") or ["English"]
    if len(languages) > 10 or any(len(language) > 40 for language in languages):
        raise RowRejected("languages", "At most 10 languages of 40 characters each, separated by “;”.")
    values["languages"] = languages
    values["bio"] = _text(row, "bio")
    gender = _text(row, "gender").lower() or None
    if gender not in (None, "female", "male", "non-binary"):
        raise RowRejected("gender", "Use female, male, non-binary or leave it empty.")
    values["gender"] = gender
    for column in ("telehealth", "home_visits", "after_hours"):
        values[column] = _flag(row, column)
    values["wheelchair_access"] = (
        _flag(row, "wheelchair_access") if (row.get("wheelchair_access") or "").strip() else None
    )
    values["coordinates"] = _coordinates(row)
    hours = (row.get("hours") or "").strip()
    try:
        # An empty cell keeps the hours the listing has (a new listing has none).
        values["hours"] = parse_week(hours) if hours else None
    except ValueError as error:
        raise RowRejected("hours", str(error)) from None
    values["data_source"], values["data_source_id"] = _data_source(row)
    return values


def _data_source(row: dict) -> tuple[str | None, str | None]:
    """The open data set a row comes from and the object's id there (``origins.ORIGINS``), or
    neither: a row naming one is matched to the listing made from that object."""
    source, object_id = _text(row, "data_source").lower(), _text(row, "data_source_id")
    if not source and not object_id:
        return None, None
    origin = ORIGINS.get(source)
    if origin is None:
        raise RowRejected("data_source", f"Use {', '.join(sorted(ORIGINS))}, or leave it and data_source_id empty.")
    if not origin.id_pattern.match(object_id):
        raise RowRejected("data_source_id", f"Give the object's id in {origin.name}, like node/123456.")
    return source, object_id
