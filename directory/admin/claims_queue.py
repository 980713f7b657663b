"""The claims queue: claims by registration or membership number, and claims on owned listings."""

from __future__ import annotations

from functools import partial
from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from sqlalchemy.orm import Session, joinedload

from directory.admin.common import bp, commit_decision, current_admin, queue_page, requested_page, send_or_warn
from directory.admin.forms import ApproveClaimForm, RejectClaimForm, row_form, row_forms
from directory.claims import decisions, notifications
from directory.claims.models import Claim
from directory.errors import DomainError
from directory.extensions import db
from directory.practitioners.models import Practitioner


def pending_count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(Claim.id)).where(Claim.status == "pending_review")) or 0


def _claim_options() -> list:
    return [joinedload(Claim.practitioner).joinedload(Practitioner.owner), joinedload(Claim.user)]


def _load_claim(claim_id: int) -> Claim:
    """The claim with its listing, listing owner and claimant. 404 when there is none."""
    return db.first_or_404(sa.select(Claim).where(Claim.id == claim_id).options(*_claim_options()))


def _render_claims(bound: dict[tuple[str, int], Any] | None = None, status: int = 200):
    page = queue_page(
        sa.select(Claim).where(Claim.status == "pending_review"),
        order_by=[Claim.created_at, Claim.id],
        options=_claim_options(),
    )
    forms = {"approve": ApproveClaimForm, "reject": RejectClaimForm}
    rows = [{"claim": claim, **row_forms(claim.id, bound, forms)} for claim in page.items]
    return render_template("admin/claims.html", page=page, rows=rows), status


def _back_to_claims():
    return redirect(url_for("admin.claims", page=requested_page()))


def _decided_elsewhere():
    flash("This claim has already been decided (perhaps by another administrator).", "warning")
    return _back_to_claims()


@bp.get("/claims")
def claims():
    return _render_claims()


@bp.post("/claims/<int:claim_id>/approve")
def approve_claim(claim_id: int):
    claim = _load_claim(claim_id)
    if claim.status != "pending_review":
        return _decided_elsewhere()
    form = row_form(ApproveClaimForm, claim.id, bind=True)
    if not form.validate_on_submit():
        return _render_claims({("approve", claim.id): form}, 400)
    practitioner = claim.practitioner
    previous_owner = practitioner.owner
    previous = (previous_owner.id, previous_owner.email) if previous_owner else None
    try:
        decisions.approve_claim(db.session, claim, current_admin(), reason=form.note.data or "")
    except DomainError as error:
        db.session.rollback()
        flash(f"Not approved: {error.message}", "error")
        return _back_to_claims()
    db.session.commit()
    flash(f"Approved: {claim.user.email} now manages {practitioner.name}.", "success")
    send_or_warn(notifications.claim_decided(claim))
    if previous and previous[0] != claim.user_id and practitioner.owner_id != previous[0]:
        send_or_warn(
            notifications.ownership_removed(
                practitioner,
                previous[1],
                reason=form.note.data or "",
                because="another person's claim on the listing was approved",
            )
        )
    return _back_to_claims()


@bp.post("/claims/<int:claim_id>/reject")
def reject_claim(claim_id: int):
    claim = _load_claim(claim_id)
    if claim.status != "pending_review":
        return _decided_elsewhere()
    form = row_form(RejectClaimForm, claim.id, bind=True)
    reject = partial(decisions.reject_claim, db.session, claim, current_admin(), reason=form.reason.data)
    if form.validate_on_submit() and commit_decision(form, reject, default_field="reason"):
        flash(f"Rejected the claim by {claim.user.email} on {claim.practitioner.name}.", "success")
        send_or_warn(notifications.claim_decided(claim))
        return _back_to_claims()
    return _render_claims({("reject", claim.id): form}, 400)
