"""Forms of the accounts blueprint. Field checks here; rules that need the database in services."""

from __future__ import annotations

from wtforms import EmailField, PasswordField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from directory.accounts import passwords, services
from directory.forms import Form, strip


class _EmailMixin:
    def validate_email(self, field) -> None:
        try:
            field.data = services.normalise_email(field.data)
        except services.InvalidEmail as error:
            raise ValidationError(error.message) from None


class _NewPasswordMixin:
    # The address the password must not contain; forms without an e-mail field set it.
    account_email: str | None = None

    def validate_password(self, field) -> None:
        email_field = getattr(self, "email", None)
        email = email_field.data if email_field is not None else self.account_email
        problem = passwords.password_problem(field.data or "", email)
        if problem:
            raise ValidationError(problem)


_EMAIL_HELP = "We send a link to this address to confirm it is yours. It is never shown to anyone."
_PASSWORD_HELP = (
    f"At least {passwords.MIN_LENGTH} characters and not a common password. "
    "A few unrelated words are easy to remember and hard to guess."
)


class RegisterForm(_EmailMixin, _NewPasswordMixin, Form):
    email = EmailField(
        "E-mail address",
        validators=[InputRequired(), Length(max=services.EMAIL_MAX_LENGTH)],
        filters=[strip],
        description=_EMAIL_HELP,
    )
    password = PasswordField("Password", validators=[InputRequired()], description=_PASSWORD_HELP)
    confirm = PasswordField(
        "Repeat the password",
        validators=[InputRequired(), EqualTo("password", message="The two passwords do not match.")],
    )


class LoginForm(Form):
    # No format check: a wrong address gets the same answer as a wrong password.
    email = EmailField(
        "E-mail address", validators=[InputRequired(), Length(max=services.EMAIL_MAX_LENGTH)], filters=[strip]
    )
    password = PasswordField("Password", validators=[InputRequired()])


class EmailOnlyForm(_EmailMixin, Form):
    """Ask for a link: password reset, or a new confirmation link."""

    email = EmailField(
        "E-mail address",
        validators=[InputRequired(), Length(max=services.EMAIL_MAX_LENGTH)],
        filters=[strip],
        description="The address you registered with.",
    )


class ResetPasswordForm(_NewPasswordMixin, Form):
    password = PasswordField("New password", validators=[InputRequired()], description=_PASSWORD_HELP)
    confirm = PasswordField(
        "Repeat the new password",
        validators=[InputRequired(), EqualTo("password", message="The two passwords do not match.")],
    )


class ChangeEmailForm(_EmailMixin, Form):
    email = EmailField(
        "New e-mail address",
        validators=[InputRequired(), Length(max=services.EMAIL_MAX_LENGTH)],
        filters=[strip],
        description="We send a link to the new address; the change happens when you follow it.",
    )
    password = PasswordField("Current password", validators=[InputRequired()], description="To make sure it is you.")


class ActionForm(Form):
    """A single button that POSTs (with its CSRF token): confirm, log out, resend.

    The template writes the <button>; the form only carries and checks the CSRF token.
    """
