"""The base of every form: Flask-WTF (CSRF on) plus the rule for free text (``directory.text``).

Each text field a person types into is checked for control characters before the form's own
checks; the error appears beside the field.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField

from directory.text import MESSAGE, control_character


def strip(value):
    """A field filter: the text without its surrounding spaces (other values as they are)."""
    return value.strip() if isinstance(value, str) else value


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

    def show_error(self, error, default_field: str | None = None) -> None:
        """Show a service's error (``errors.DomainError``) next to the field it names (or
        ``default_field``), else above the form."""
        name = error.field if error.field in self._fields else default_field
        if name and name in self._fields:
            self[name].errors = [*self[name].errors, error.message]
        else:
            self.form_errors.append(error.message)
