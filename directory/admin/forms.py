"""Forms of the administrators' area: one small form per decision, CSRF on each."""

from __future__ import annotations

from wtforms import EmailField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from directory.forms import Form, strip

REASON_MAX = 1000


def _text(label: str, description: str, required: str | None = None) -> TextAreaField:
    """A note or reason of a decision: stripped, at most REASON_MAX characters; required (with
    the message ``required``) when it is told to someone."""
    first = DataRequired(required) if required else Optional()
    return TextAreaField(label, filters=[strip], validators=[first, Length(max=REASON_MAX)], description=description)


class ApproveClaimForm(Form):
    note = _text("Note (optional)", "Recorded in the audit log and included in the e-mail to the claimant.")
    submit = SubmitField("Approve claim")


class RejectClaimForm(Form):
    reason = _text(
        "Reason for rejecting",
        "Recorded in the audit log and sent to the claimant.",
        required="Give the reason: the claimant is told it.",
    )
    submit = SubmitField("Reject claim")


class TransferOwnershipForm(Form):
    email = EmailField(
        "New owner's e-mail",
        filters=[strip],
        validators=[DataRequired("Enter the e-mail address of the account."), Email(), Length(max=254)],
        description="An existing, confirmed account that manages no other listing.",
    )
    reason = _text(
        "Reason",
        "Recorded in the audit log and sent to the previous and the new owner.",
        required="Give the reason for this transfer.",
    )
    submit = SubmitField("Transfer ownership")


class RevokeOwnershipForm(Form):
    reason = _text(
        "Reason",
        "Recorded in the audit log and sent to the owner.",
        required="Give the reason for removing the owner.",
    )
    submit = SubmitField("Remove owner")


class ApproveContactChangeForm(Form):
    reason = _text("Note (optional)", "Recorded in the audit log.")
    submit = SubmitField("Approve change")


class RejectContactChangeForm(Form):
    reason = _text(
        "Reason for rejecting",
        "Recorded in the audit log and sent to the person who asked for the change.",
        required="Give the reason: the requester is told it.",
    )
    submit = SubmitField("Reject change")


class CurrentCredentialForm(Form):
    note = _text("Note (optional)", "Recorded in the audit log, e.g. what the register showed.")
    submit = SubmitField("Current on the register")


class LapsedCredentialForm(Form):
    note = _text(
        "What the register showed",
        "Recorded in the audit log. The listing says the number was not current on this date.",
        required="Say what the register showed: the listing will say the number was not current.",
    )
    submit = SubmitField("Not current")


class AdminConfirmForm(Form):
    note = _text(
        "How you confirmed the details",
        "Recorded in the audit log, e.g. “phoned the practice”. The listing will say an administrator "
        "confirmed its details today.",
        required="Say how you confirmed the details.",
    )
    submit = SubmitField("Confirm the listing's details")


class AcceptCorrectionForm(Form):
    """Accept a report of incorrect information: the corrected detail (the view shows the inputs
    that fit the detail reported) and a note for the reporter."""

    phone = StringField("Correct phone number", filters=[strip], validators=[Optional(), Length(max=40)])
    website = StringField("Correct website", filters=[strip], validators=[Optional(), Length(max=300)])
    address = StringField("Street address", filters=[strip], validators=[Optional(), Length(max=200)])
    suburb = StringField("Suburb", filters=[strip], validators=[Optional(), Length(max=120)])
    state = StringField("State", filters=[strip], validators=[Optional(), Length(max=3)])
    postcode = StringField("Postcode", filters=[strip], validators=[Optional(), Length(max=4)])
    note = _text(
        "Note to the reporter (optional)", "What was done. Recorded in the audit log and told to the reporter."
    )
    submit = SubmitField("Accept and correct")


class DeclineCorrectionForm(Form):
    note = _text(
        "Why the listing stays as it is",
        "Recorded in the audit log and told to the reporter.",
        required="Give the reason: the reporter is told it.",
    )
    submit = SubmitField("Decline")


def row_form(form_class: type[Form], row_id: int, *, bind: bool = False, prefix: str | None = None) -> Form:
    """A form for one row of a queue, with element ids unique on the page.

    ``bind=True`` reads the submitted data (the row being posted); otherwise the form is blank,
    so the text typed for one row does not appear in every other row when the page is redrawn.
    """
    form = form_class() if bind else form_class(formdata=None)
    prefix = prefix or form_class.__name__.removesuffix("Form").lower()
    for field in form:
        field.id = f"{prefix}-{row_id}-{field.name}"
        field.label.field_id = field.id
    return form


def row_forms(
    row_id: int,
    bound: dict[tuple[str, int], Form] | None,
    form_classes: dict[str, type[Form]],
    *,
    prefix_with_action: bool = False,
) -> dict[str, Form]:
    """The decision forms of one queue row, by action: the form just posted for it (with its errors)
    when ``bound`` has one, blank forms otherwise."""
    bound = bound or {}
    return {
        action: bound.get((action, row_id))
        or row_form(form_class, row_id, prefix=action if prefix_with_action else None)
        for action, form_class in form_classes.items()
    }
