"""Forms of the administrators' area: one small form per decision, CSRF on each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

REASON_MAX = 1000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ApproveClaimForm(FlaskForm):
    note = TextAreaField(
        "Note (optional)",
        filters=[_strip],
        validators=[Optional(), Length(max=REASON_MAX)],
        description="Recorded in the audit log and included in the e-mail to the claimant.",
    )
    submit = SubmitField("Approve claim")


class RejectClaimForm(FlaskForm):
    reason = TextAreaField(
        "Reason for rejecting",
        filters=[_strip],
        validators=[DataRequired("Give the reason: the claimant is told it."), Length(max=REASON_MAX)],
        description="Recorded in the audit log and sent to the claimant.",
    )
    submit = SubmitField("Reject claim")


class TransferOwnershipForm(FlaskForm):
    email = EmailField(
        "New owner's e-mail",
        filters=[_strip],
        validators=[DataRequired("Enter the e-mail address of the account."), Email(), Length(max=254)],
        description="An existing, confirmed account that manages no other listing.",
    )
    reason = TextAreaField(
        "Reason",
        filters=[_strip],
        validators=[DataRequired("Give the reason for this transfer."), Length(max=REASON_MAX)],
        description="Recorded in the audit log and sent to the previous and the new owner.",
    )
    submit = SubmitField("Transfer ownership")


class RevokeOwnershipForm(FlaskForm):
    reason = TextAreaField(
        "Reason",
        filters=[_strip],
        validators=[DataRequired("Give the reason for removing the owner."), Length(max=REASON_MAX)],
        description="Recorded in the audit log and sent to the owner.",
    )
    submit = SubmitField("Remove owner")


class ApproveContactChangeForm(FlaskForm):
    reason = TextAreaField(
        "Note (optional)",
        filters=[_strip],
        validators=[Optional(), Length(max=REASON_MAX)],
        description="Recorded in the audit log.",
    )
    submit = SubmitField("Approve change")


class RejectContactChangeForm(FlaskForm):
    reason = TextAreaField(
        "Reason for rejecting",
        filters=[_strip],
        validators=[DataRequired("Give the reason: the requester is told it."), Length(max=REASON_MAX)],
        description="Recorded in the audit log and sent to the person who asked for the change.",
    )
    submit = SubmitField("Reject change")


def row_form(form_class: type[FlaskForm], row_id: int, *, bind: bool = False) -> FlaskForm:
    """A form for one row of a queue, with element ids unique on the page.

    ``bind=True`` reads the submitted data (the row being posted); otherwise the form is blank,
    so the text typed for one row does not appear in every other row when the page is redrawn.
    """
    form = form_class() if bind else form_class(formdata=None)
    prefix = form_class.__name__.removesuffix("Form").lower()
    for field in form:
        field.id = f"{prefix}-{row_id}-{field.name}"
        field.label.field_id = field.id
    return form
