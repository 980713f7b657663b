"""Forms of disputes about reviews and requests to remove them (/review-disputes, and the
administrators' queue of them in admin/requests_queue.py; the rules are reviews/disputes.py).
CSRF on each."""

from __future__ import annotations

from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from directory.accounts import services as accounts
from directory.forms import Form, strip
from directory.reviews.disputes import DETAILS_MAX, DETAILS_MIN
from directory.reviews.models import (
    MODERATION_REASONS,
    TAKEDOWN_CHANNELS,
    TAKEDOWN_GROUNDS,
    TAKEDOWN_OUTCOMES,
    TAKEDOWN_ROLES,
)
from directory.text import hidden_character


def _no_control_characters(newlines: bool = False):
    def check(form, field) -> None:
        if hidden_character(field.data, allow_newlines=newlines):
            raise ValidationError("Use letters, numbers and ordinary punctuation.")

    return check


class DisputeForm(Form):
    """A dispute about a review, or a request to remove it on legal grounds (/review-disputes)."""

    review = StringField(
        "Which review?",
        filters=[strip],
        validators=[DataRequired("Say which review."), Length(max=300), _no_control_characters()],
        description="Its number, or the address of the listing with “#review-…” at the end (the “Report” "
        "link under the review shows it).",
    )
    requester_role = SelectField(
        "Who are you?",
        choices=[SelectChoice("", "Choose one")] + [SelectChoice(k, v) for k, v in TAKEDOWN_ROLES.items()],
        validate_choice=False,
        validators=[InputRequired("Say who you are.")],
    )
    grounds = SelectField(
        "What is the problem?",
        choices=[SelectChoice("", "Choose one")] + [SelectChoice(k, v) for k, v in TAKEDOWN_GROUNDS.items()],
        validate_choice=False,
        validators=[InputRequired("Choose the grounds of your request.")],
    )
    details = TextAreaField(
        "Details",
        filters=[strip],
        validators=[
            DataRequired("Tell us about your request."),
            Length(
                min=DETAILS_MIN, max=DETAILS_MAX, message=f"Write between {DETAILS_MIN} and {DETAILS_MAX:,} characters."
            ),
            _no_control_characters(newlines=True),
        ],
        description="Which statements you dispute and why, or which personal details should not be there. "
        "For a legal order, say which court or tribunal made it; we will ask for a copy.",
    )
    requester_name = StringField(
        "Your name",
        filters=[strip],
        validators=[DataRequired("Give your name."), Length(max=120), _no_control_characters()],
    )
    requester_email = EmailField(
        "Your e-mail address",
        filters=[strip],
        validators=[DataRequired("Give your e-mail address: we answer there."), Length(max=accounts.EMAIL_MAX_LENGTH)],
        description="We answer there. It is never shown, nor given to the other side.",
    )

    def validate_requester_role(self, field) -> None:
        if field.data not in TAKEDOWN_ROLES:
            raise ValidationError("Say who you are.")

    def validate_grounds(self, field) -> None:
        if field.data not in TAKEDOWN_GROUNDS:
            raise ValidationError("Choose the grounds of your request.")

    def validate_requester_email(self, field) -> None:
        try:
            field.data = accounts.normalise_email(field.data)
        except accounts.InvalidEmail as error:
            raise ValidationError(error.message) from None


class RecordDisputeForm(DisputeForm):
    """An administrator records a request received by e-mail, post or phone."""

    received_via = SelectField(
        "Received by",
        choices=[SelectChoice(k, k.capitalize()) for k in TAKEDOWN_CHANNELS if k != "form"],
        validate_choice=False,
        validators=[InputRequired("Say how the request was received.")],
    )

    def validate_received_via(self, field) -> None:
        if field.data not in TAKEDOWN_CHANNELS or field.data == "form":
            raise ValidationError("Say how the request was received.")


class DecideDisputeForm(Form):
    """An administrator's decision on a request."""

    outcome = SelectField(
        "Outcome",
        choices=[SelectChoice("", "Choose an outcome")] + [SelectChoice(k, v) for k, v in TAKEDOWN_OUTCOMES.items()],
        validate_choice=False,
        validators=[InputRequired("Choose an outcome.")],
    )
    reason = SelectField(
        "Published reason (when the review is removed)",
        choices=[SelectChoice("", "—")] + [SelectChoice(k, v) for k, v in MODERATION_REASONS.items()],
        validate_choice=False,
        validators=[Optional()],
    )
    note = TextAreaField(
        "Why",
        filters=[strip],
        validators=[DataRequired("Say why: the requester is told it."), Length(max=1000)],
        description="Told to the requester, and kept in the audit log.",
    )

    def validate_outcome(self, field) -> None:
        if field.data not in TAKEDOWN_OUTCOMES:
            raise ValidationError("Choose an outcome.")

    def validate_reason(self, field) -> None:
        if self.outcome.data == "removed" and field.data not in MODERATION_REASONS:
            raise ValidationError("Choose the published reason: the review is removed only for one of them.")
