"""A listing's ownership: transfer it to another account, or take it from its owner."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy.orm import joinedload

from directory.accounts.services import find_user_by_email
from directory.admin.common import bp, commit_decision, current_admin, send_or_warn
from directory.admin.forms import RevokeOwnershipForm, TransferOwnershipForm
from directory.claims import decisions, notifications
from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.practitioners.queries import get_practitioner


def _load_listing(slug: str) -> Practitioner:
    """The listing with its owner. 404 when no listing has this slug."""
    return get_practitioner(db.session, slug, joinedload(Practitioner.owner)) or abort(404)


def _render_ownership(practitioner: Practitioner, transfer=None, revoke=None, status: int = 200):
    return render_template(
        "admin/ownership.html",
        practitioner=practitioner,
        transfer_form=transfer or TransferOwnershipForm(formdata=None),
        revoke_form=revoke or RevokeOwnershipForm(formdata=None),
    ), status


@bp.get("/listings/<slug>/ownership")
def ownership(slug: str):
    return _render_ownership(_load_listing(slug))


@bp.post("/listings/<slug>/ownership/transfer")
def transfer_ownership(slug: str):
    practitioner = _load_listing(slug)
    form = TransferOwnershipForm()
    if form.validate_on_submit():
        new_owner = find_user_by_email(db.session, form.email.data)
        previous_owner = practitioner.owner
        previous_email = previous_owner.email if previous_owner else None
        reason = form.reason.data
        if new_owner is None:
            form.email.errors.append("No account has this e-mail address.")
        elif not new_owner.email_confirmed:
            # transfer_ownership does not check this; a listing must go to a proven address.
            form.email.errors.append("This account has not confirmed its e-mail address yet.")
        elif commit_decision(
            form,
            partial(decisions.transfer_ownership, db.session, practitioner, new_owner, current_admin(), reason),
            # Errors about the new owner (unconfirmed, owns another listing) belong to the e-mail.
            default_field="email",
        ):
            flash(f"{new_owner.email} now manages {practitioner.name}.", "success")
            send_or_warn(notifications.ownership_granted(practitioner, new_owner, reason))
            if previous_email and previous_email != new_owner.email:
                because = "an administrator transferred it to another account"
                send_or_warn(notifications.ownership_removed(practitioner, previous_email, reason, because))
            return redirect(url_for("admin.ownership", slug=practitioner.slug))
    return _render_ownership(_load_listing(slug), transfer=form, status=400)


@bp.post("/listings/<slug>/ownership/revoke")
def revoke_ownership(slug: str):
    practitioner = _load_listing(slug)
    form = RevokeOwnershipForm()
    if form.validate_on_submit():
        previous_owner = practitioner.owner
        if previous_owner is None:
            flash("This listing has no owner to remove.", "warning")
            return redirect(url_for("admin.ownership", slug=practitioner.slug))
        previous_email, reason = previous_owner.email, form.reason.data
        revoke = partial(decisions.revoke_ownership, db.session, practitioner, current_admin(), reason)
        if commit_decision(form, revoke, default_field="reason"):
            flash(f"{previous_email} no longer manages {practitioner.name}.", "success")
            because = "an administrator removed you as its owner"
            send_or_warn(notifications.ownership_removed(practitioner, previous_email, reason, because))
            return redirect(url_for("admin.ownership", slug=practitioner.slug))
    return _render_ownership(_load_listing(slug), revoke=form, status=400)
