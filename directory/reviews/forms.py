"""Forms of the reviews blueprint: the review, a report, an owner's response. CSRF on each."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from directory.accounts import services as accounts
from directory.forms import Form, strip
from directory.reviews.models import (
    ASPECTS,
    MODERATION_REASONS,
    REPORT_REASONS,
    RESPONSE_MODERATION_REASONS,
)
from directory.reviews.owners import RESPONSE_MAX
from directory.reviews.submission import BODY_MAX, BODY_MIN
from directory.text import control_character, hidden_character

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
EARLIEST_MONTH = "2000-01"


def latest_month(now: datetime | None = None) -> str:
    """The current month where the day is furthest ahead (UTC+14), so nobody's "this month" is refused."""
    moment = (now or datetime.now(UTC)) + timedelta(hours=14)
    return f"{moment.year:04d}-{moment.month:02d}"


class StarsField(RadioField):
    """1–5 stars; anything else ("0", "6", "five") gets one clear message."""

    def __init__(self, label, message="Choose a rating from 1 to 5 stars.", **kwargs):
        self.message = message
        super().__init__(
            label,
            choices=[SelectChoice(n, f"{n} star{'s' if n != 1 else ''}") for n in range(1, 6)],
            coerce=int,
            validate_choice=False,
            **kwargs,
        )

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0] in {"1", "2", "3", "4", "5"}:
            self.data = int(valuelist[0])
        elif valuelist and valuelist[0]:
            self.data = "invalid"

    def pre_validate(self, form):
        if self.data == "invalid":
            raise ValidationError(self.message)


class AspectField(SelectField):
    def __init__(self, label, **kwargs):
        super().__init__(
            label,
            choices=[SelectChoice("", "Not rated")] + [SelectChoice(str(n), f"{n} / 5") for n in range(1, 6)],
            validators=[Optional()],
            **kwargs,
        )

    def pre_validate(self, form):
        if self.data not in ("", None, "1", "2", "3", "4", "5"):
            raise ValidationError("Choose from 1 to 5, or leave it not rated.")

    @property
    def stars(self) -> int | None:
        return int(self.data) if self.data else None


class ReviewForm(Form):
    rating = StarsField("Overall rating", validators=[InputRequired("Choose a rating from 1 to 5 stars.")])
    title = StringField(
        "Title (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=120, message="Keep the title to 120 characters.")],
    )
    body = TextAreaField(
        "Your review",
        filters=[strip],
        validators=[
            DataRequired("Write your review."),
            Length(
                min=BODY_MIN,
                max=BODY_MAX,
                message=f"Write between {BODY_MIN} and {BODY_MAX:,} characters (you wrote %(length)s).",
            ),
        ],
        description="Describe your own experience: how you were treated, communication, punctuality, how treatment "
        "and fees were explained, the premises. Please leave out other people's names and details, and "
        "your own health details beyond what you are comfortable sharing.",
    )
    display_name = StringField(
        "Name shown with your review",
        filters=[strip],
        validators=[
            DataRequired("Give the name to show, for example your first name and an initial."),
            Length(max=80, message="Keep the name to 80 characters."),
        ],
        description="For example your first name and the initial of your surname.",
    )
    email = EmailField(
        "Your e-mail address",
        filters=[strip],
        validators=[
            DataRequired("Enter your e-mail address: we send a link to confirm the review."),
            Length(max=accounts.EMAIL_MAX_LENGTH),
        ],
        description="We send you a link to confirm your review. Your address is never shown to anyone.",
    )
    visit_month = StringField(
        "Month of your visit",
        filters=[strip],
        validators=[DataRequired("Give the month of your visit.")],
        description="As YYYY-MM, for example 2026-03.",
    )
    aspect_communication = AspectField(ASPECTS["communication"])
    aspect_punctuality = AspectField(ASPECTS["punctuality"])
    aspect_explanation = AspectField(ASPECTS["explanation"])
    aspect_premises = AspectField(ASPECTS["premises"])
    consent = BooleanField(
        "This review is about my own experience, I was not paid or offered anything for it, and I agree that "
        "MoveWell Directory publishes it and keeps it as the collection notice describes.",
        validators=[InputRequired("Please confirm this statement to submit your review.")],
    )
    invite = HiddenField()

    def validate_email(self, field) -> None:
        try:
            field.data = accounts.normalise_email(field.data)
        except accounts.InvalidEmail as error:
            raise ValidationError(error.message) from None

    def validate_visit_month(self, field) -> None:
        match = _MONTH.match(field.data or "")
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError("Give the month as YYYY-MM, for example 2026-03.")
        if field.data < EARLIEST_MONTH:
            raise ValidationError("The visit must be in 2000 or later.")
        if field.data > latest_month():
            raise ValidationError("The month of your visit cannot be in the future.")

    def validate_display_name(self, field) -> None:
        # Control and invisible formatting characters (bidi overrides, zero-width spaces) could
        # make a name look like another one.
        if hidden_character(field.data):
            raise ValidationError("Use letters, spaces and ordinary punctuation.")

    def validate_title(self, field) -> None:
        if control_character(field.data, allow_newlines=False):
            raise ValidationError("Use letters, spaces and ordinary punctuation.")

    def validate_consent(self, field) -> None:
        # A checkbox sends "y"; anything else ("no", "false") is not consent.
        if not field.raw_data or field.raw_data[0].lower() not in ("y", "yes", "on", "true", "1"):
            raise ValidationError("Please confirm this statement to submit your review.")

    def aspects(self) -> dict[str, int | None]:
        return {name: self[f"aspect_{name}"].stars for name in ASPECTS}


class ConfirmReviewForm(Form):
    """A button: confirming needs a POST, so a link scanner that follows the e-mailed link does nothing."""


class WithdrawReviewForm(Form):
    pass


# Other words for the listed reasons, as a script or another site might send them.
REPORT_REASON_ALIASES = {
    "fake": "fake_or_conflict",
    "spam": "fake_or_conflict",
    "conflict_of_interest": "fake_or_conflict",
    "incentivized": "incentivised",
    "paid": "incentivised",
    "abuse": "harassment",
    "abusive": "harassment",
    "offensive": "harassment",
    "privacy": "personal_information",
    "personal_info": "personal_information",
    "personal_data": "personal_information",
    "off-topic": "off_topic",
    "legal": "legal_order",
    "testimonial": "clinical_testimonial",
    "positive_clinical_testimonial": "clinical_testimonial",
}


class ReportForm(Form):
    reason = SelectField(
        "What is wrong with this review?",
        choices=[SelectChoice("", "Choose a reason")] + [SelectChoice(k, v) for k, v in REPORT_REASONS.items()],
        validate_choice=False,
        validators=[InputRequired("Choose a reason from the list.")],
    )
    note = TextAreaField(
        "Details (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=1000, message="Keep the details to 1,000 characters.")],
        description="What a moderator should know. Please do not repeat personal details.",
    )
    email = EmailField(
        "Your e-mail (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=254)],
        description="Give it if you want to hear the outcome. It is never shown.",
    )

    def validate_reason(self, field) -> None:
        field.data = REPORT_REASON_ALIASES.get((field.data or "").strip().lower(), field.data)
        if field.data not in REPORT_REASONS:
            raise ValidationError("Choose a reason from the list.")

    def validate_note(self, field) -> None:
        if self.reason.data == "other" and not field.data:
            raise ValidationError("Tell us what is wrong with this review.")

    def validate_email(self, field) -> None:
        if field.data:
            try:
                field.data = accounts.normalise_email(field.data)
            except accounts.InvalidEmail as error:
                raise ValidationError(error.message) from None


class ResponseForm(Form):
    response = TextAreaField(
        "Your public response",
        filters=[strip],
        validators=[
            DataRequired("Write your response."),
            Length(max=RESPONSE_MAX, message=f"Keep your response to {RESPONSE_MAX:,} characters."),
        ],
        description="Shown under the review with your name. Do not confirm that the reviewer was your patient, "
        "and do not discuss their health or treatment: that is their private information, and "
        "disclosing it may breach the Privacy Act and your profession's code of conduct.",
    )


class InviteForm(Form):
    pass


class ModerationForm(Form):
    """A moderator's decision on one review. The view drops ``reason`` for publish and keep."""

    reason = SelectField(
        "Reason",
        choices=[SelectChoice("", "Choose a published reason")]
        + [SelectChoice(k, v) for k, v in MODERATION_REASONS.items()],
        validate_choice=False,
        validators=[Optional()],
    )
    note = TextAreaField(
        "Note to the reviewer (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=1000, message="Keep the note to 1,000 characters.")],
        description="Sent to the reviewer with the decision and kept in the audit log.",
    )

    def validate_reason(self, field) -> None:
        if field.data and field.data not in MODERATION_REASONS:
            raise ValidationError("Choose one of the published reasons.")


class ResponseModerationForm(Form):
    """A moderator's decision on a held owner's response. The view drops ``reason`` for publish."""

    reason = SelectField(
        "Reason",
        choices=[SelectChoice("", "Choose a reason")]
        + [SelectChoice(k, v) for k, v in RESPONSE_MODERATION_REASONS.items()],
        validate_choice=False,
        validators=[Optional()],
    )
    note = TextAreaField(
        "Note to the owner (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=1000, message="Keep the note to 1,000 characters.")],
        description="Sent to the owner with the decision and kept in the audit log.",
    )

    def validate_reason(self, field) -> None:
        if field.data and field.data not in RESPONSE_MODERATION_REASONS:
            raise ValidationError("Choose one of the reasons.")
