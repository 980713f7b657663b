"""The owner's edit form. Only the fields declared here can ever reach the listing."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from directory.accounts.services import InvalidEmail, normalise_email
from directory.forms import Form, strip
from directory.geo.normalise import STATES
from directory.practitioners.hours import normalise_range

BIO_MAX = 5000
LANGUAGES_MAX = 10
LANGUAGE_MAX_LENGTH = 40
DAYS = (
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
)
_PHONE = re.compile(r"^[0-9+() .-]{6,40}$")


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes; a value outside the choices is an error."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def normalise_hours(text: str) -> str | None:
    """``"8:00 - 17:30"`` → ``"08:00-17:30"``; empty → None (closed). Raises ValueError."""
    text = (text or "").strip()
    return normalise_range(text) if text else None


def parse_languages(text: str) -> list[str]:
    """Comma-separated languages, trimmed, without repeats. Raises ValueError."""
    seen: dict[str, str] = {}
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if not name:
            continue
        if len(name) > LANGUAGE_MAX_LENGTH:
            raise ValueError(f"“{name[:20]}…” is too long for a language name.")
        seen.setdefault(name.casefold(), name)
    if len(seen) > LANGUAGES_MAX:
        raise ValueError(f"List at most {LANGUAGES_MAX} languages.")
    return list(seen.values())


class ListingForm(Form):
    language_list: list[str] = []

    bio = TextAreaField(
        "About you",
        validators=[Optional(), Length(max=BIO_MAX)],
        render_kw={"rows": 8},
        description=f"Up to {BIO_MAX} characters: how you work, who you see, your training. "
        "No claims of outcomes or testimonials.",
    )
    specialties = CheckboxesField("Specialties", choices=[], description="Only what you treat regularly.")

    phone = StringField(
        "Practice phone",
        filters=[strip],
        validators=[Optional(), Length(max=40)],
        description="A new number is checked by an administrator before it is shown.",
    )
    email = EmailField(
        "Practice e-mail",
        filters=[strip],
        validators=[Optional(), Length(max=254)],
        description="Used to verify claims. A new address is applied once you follow the link we send to it.",
    )
    website = StringField(
        "Website",
        filters=[strip],
        validators=[Optional(), Length(max=300)],
        description="An address starting with https:// or http://.",
    )
    address = StringField("Street address", filters=[strip], validators=[InputRequired(), Length(max=200)])
    suburb = StringField(
        "Suburb",
        filters=[strip],
        validators=[InputRequired(), Length(max=120)],
        description="We place the listing on the map at the centre of the suburb (our place list has no street "
        "addresses), so searches by distance use that point.",
    )
    state = SelectField("State or territory", choices=[SelectChoice(s) for s in STATES], validators=[InputRequired()])
    postcode = StringField(
        "Postcode",
        filters=[strip],
        validators=[InputRequired(), Regexp(r"^[0-9]{4}$", message="A postcode is four digits.")],
    )

    hours_mon = StringField("Monday", filters=[strip])
    hours_tue = StringField("Tuesday", filters=[strip])
    hours_wed = StringField("Wednesday", filters=[strip])
    hours_thu = StringField("Thursday", filters=[strip])
    hours_fri = StringField("Friday", filters=[strip])
    hours_sat = StringField("Saturday", filters=[strip])
    hours_sun = StringField("Sunday", filters=[strip])

    languages = StringField(
        "Languages",
        filters=[strip],
        validators=[Length(max=600)],
        description=f"Separated by commas, at most {LANGUAGES_MAX}: English, Greek, Auslan.",
    )
    telehealth = BooleanField("Telehealth appointments")
    home_visits = BooleanField("Home or mobile visits")
    after_hours = BooleanField("After-hours appointments")
    payers = CheckboxesField("Payment and claims accepted", choices=[])

    def hours_fields(self):
        return [getattr(self, f"hours_{key}") for key, _ in DAYS]

    def validate_email(self, field) -> None:
        if field.data:
            try:
                field.data = normalise_email(field.data)
            except InvalidEmail as error:
                raise ValidationError(error.message) from None

    def validate_phone(self, field) -> None:
        if field.data and (not _PHONE.match(field.data) or sum(c.isdigit() for c in field.data) < 6):
            raise ValidationError("Enter a phone number using digits, spaces, brackets and + only.")

    def validate_website(self, field) -> None:
        if not field.data:
            return
        parts = urlsplit(field.data)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in field.data):
            raise ValidationError("Enter a web address that starts with https:// or http://.")

    def validate_languages(self, field) -> None:
        try:
            self.language_list = parse_languages(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self.hours_fields():
            if field.errors:
                continue
            try:
                field.data = normalise_hours(field.data)
            except ValueError as error:
                field.errors.append(str(error))
                ok = False
        return ok

    def hours(self) -> dict:
        return {key: getattr(self, f"hours_{key}").data for key, _ in DAYS if getattr(self, f"hours_{key}").data}
