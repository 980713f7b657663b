"""Forms of the reviews blueprint: the review, a report, an owner's response. CSRF on each."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta

from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from directory.accounts import services as accounts
from directory.forms import Form
from directory.reviews.disputes import DETAILS_MAX, DETAILS_MIN
from directory.reviews.models import (
    ASPECTS,
    MODERATION_REASONS,
    REPORT_REASONS,
    RESPONSE_MODERATION_REASONS,
    TAKEDOWN_CHANNELS,
    TAKEDOWN_GROUNDS,
    TAKEDOWN_OUTCOMES,
    TAKEDOWN_ROLES,
)
from directory.reviews.owners import RESPONSE_MAX
from directory.reviews.submission import BODY_MAX, BODY_MIN

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
EARLIEST_MONTH = "2000-01"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


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
        filters=[_strip],
        validators=[Optional(), Length(max=120, message="Keep the title to 120 characters.")],
    )
    body = TextAreaField(
        "Your review",
        filters=[_strip],
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
        filters=[_strip],
        validators=[
            DataRequired("Give the name to show, for example your first name and an initial."),
            Length(max=80, message="Keep the name to 80 characters."),
        ],
        description="For example your first name and the initial of your surname.",
    )
    email = EmailField(
        "Your e-mail address",
        filters=[_strip],
        validators=[
            DataRequired("Enter your e-mail address: we send a link to confirm the review."),
            Length(max=accounts.EMAIL_MAX_LENGTH),
        ],
        description="We send you a link to confirm your review. Your address is never shown to anyone.",
    )
    visit_month = StringField(
        "Month of your visit",
        filters=[_strip],
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
        if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in field.data or ""):
            raise ValidationError("Use letters, spaces and ordinary punctuation.")

    def validate_title(self, field) -> None:
        if any(unicodedata.category(ch) == "Cc" for ch in field.data or ""):
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
        filters=[_strip],
        validators=[Optional(), Length(max=1000, message="Keep the details to 1,000 characters.")],
        description="What a moderator should know. Please do not repeat personal details.",
    )
    email = EmailField(
        "Your e-mail (optional)",
        filters=[_strip],
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
        filters=[_strip],
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
        filters=[_strip],
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
        filters=[_strip],
        validators=[Optional(), Length(max=1000, message="Keep the note to 1,000 characters.")],
        description="Sent to the owner with the decision and kept in the audit log.",
    )

    def validate_reason(self, field) -> None:
        if field.data and field.data not in RESPONSE_MODERATION_REASONS:
            raise ValidationError("Choose one of the reasons.")


def _no_control_characters(newlines: bool = False):
    def check(form, field) -> None:
        allowed = {"\n", "\r", "\t"} if newlines else set()
        if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in allowed for ch in field.data or ""):
            raise ValidationError("Use letters, numbers and ordinary punctuation.")

    return check


class DisputeForm(Form):
    """A dispute about a review, or a request to remove it on legal grounds (/review-disputes)."""

    review = StringField(
        "Which review?",
        filters=[_strip],
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
        filters=[_strip],
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
        filters=[_strip],
        validators=[DataRequired("Give your name."), Length(max=120), _no_control_characters()],
    )
    requester_email = EmailField(
        "Your e-mail address",
        filters=[_strip],
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
        filters=[_strip],
        validators=[DataRequired("Say why: the requester is told it."), Length(max=1000)],
        description="Told to the requester, and kept in the audit log.",
    )

    def validate_outcome(self, field) -> None:
        if field.data not in TAKEDOWN_OUTCOMES:
            raise ValidationError("Choose an outcome.")

    def validate_reason(self, field) -> None:
        if self.outcome.data == "removed" and field.data not in MODERATION_REASONS:
            raise ValidationError("Choose the published reason: the review is removed only for one of them.")
