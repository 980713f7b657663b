"""The base of every form: Flask-WTF (CSRF on) plus the rule for free text (``directory.text``).

Each text field a person types into is checked for control characters before the form's own
checks; the error appears beside the field.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField

from directory.text import MESSAGE, control_character


class Form(FlaskForm):
    """A FlaskForm whose text fields refuse control characters (newline and tab excepted)."""

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            # Passwords are never shown or stored as text; hidden fields and buttons carry no prose.
            if isinstance(field, PasswordField) or field.type in ("CSRFTokenField", "SubmitField"):
                continue
            values = field.data if isinstance(field.data, list) else [field.data]
            if any(isinstance(v, str) and control_character(v) for v in values):
                if MESSAGE not in field.errors:
                    field.errors = [*field.errors, MESSAGE]
                ok = False
        return ok
