"""Forms of the claim pages. Field checks here; the rules about who may claim live in services."""

from __future__ import annotations

import re

from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from directory.claims.services import NOTE_MAX
from directory.forms import Form


class EmailClaimForm(Form):
    """Method A: one button, "send a code to the practice e-mail"."""

    # The template adds <input type="hidden" name="method" value="email_code">.


class RegistrationClaimForm(Form):
    """Method B: a registration or membership number and a note, for an administrator."""

    number = StringField(
        "Registration or membership number",
        validators=[InputRequired(), Length(min=3, max=40)],
        description="Physiotherapists: your Ahpra registration number (three letters and ten digits, like "
        "PHY0001234567). Remedial massage therapists: your association membership number.",
    )
    note = TextAreaField(
        "Note for the administrator",
        validators=[Optional(), Length(max=NOTE_MAX)],
        render_kw={"rows": 4},
        description="Anything that helps us check that this is you: your association, a work e-mail, a website.",
    )


class CodeForm(Form):
    code = StringField(
        "6-digit code",
        validators=[InputRequired(message="Enter the code from the e-mail.")],
        description="Sent to the practice e-mail. It works once and expires 30 minutes after it was sent.",
    )

    def validate_code(self, field) -> None:
        digits = re.sub(r"\s+", "", field.data or "")
        if not re.fullmatch(r"[0-9]{6}", digits):
            raise ValidationError("The code is six digits, like 123456.")
        field.data = digits


class ConfirmForm(Form):
    """A button that confirms what a link in an e-mail asked for (links never act on GET)."""
