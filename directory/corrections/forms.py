"""The public form that reports incorrect information on a listing. CSRF on; free text refuses
control characters."""

from __future__ import annotations

from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from directory.accounts import services as accounts
from directory.corrections.models import CORRECTION_FIELDS
from directory.corrections.services import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    SUGGESTED_MAX,
)
from directory.forms import Form, strip
from directory.text import hidden_character


class CorrectionForm(Form):
    field = SelectField(
        "Which detail is wrong?",
        choices=[SelectChoice("", "Choose a detail")] + [SelectChoice(k, v) for k, v in CORRECTION_FIELDS.items()],
        validate_choice=False,
        validators=[InputRequired("Choose which detail is wrong.")],
    )
    description = TextAreaField(
        "What is wrong?",
        filters=[strip],
        validators=[
            DataRequired("Tell us what is wrong."),
            Length(
                min=DESCRIPTION_MIN,
                max=DESCRIPTION_MAX,
                message=f"Write between {DESCRIPTION_MIN} and {DESCRIPTION_MAX:,} characters.",
            ),
        ],
        description="For example: “The practice moved to 12 Smith St in March.” Please leave out health details.",
    )
    suggested_value = StringField(
        "The correct detail (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=SUGGESTED_MAX, message=f"Keep it to {SUGGESTED_MAX} characters.")],
        description="If you know it: the right phone number, address, website…",
    )
    email = EmailField(
        "Your e-mail (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=accounts.EMAIL_MAX_LENGTH)],
        description="Give it if you want to hear what we decide. It is never shown, nor given to the practitioner.",
    )

    def validate_field(self, field) -> None:
        if field.data not in CORRECTION_FIELDS:
            raise ValidationError("Choose which detail is wrong.")

    def validate_description(self, field) -> None:
        if hidden_character(field.data, allow_newlines=True):
            raise ValidationError("Use letters, numbers and ordinary punctuation.")

    def validate_suggested_value(self, field) -> None:
        if hidden_character(field.data):
            raise ValidationError("Use letters, numbers and ordinary punctuation.")

    def validate_email(self, field) -> None:
        if field.data:
            try:
                field.data = accounts.normalise_email(field.data)
            except accounts.InvalidEmail as error:
                raise ValidationError(error.message) from None
