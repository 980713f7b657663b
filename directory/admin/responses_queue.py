"""The owners' responses queue: responses held by screening (decision 0008) until a moderator
publishes them or declines them for a reason."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy.orm import Session, joinedload

from directory.admin.common import bp, current_admin, queue_page, requested_page, send_or_warn
from directory.admin.forms import row_form, row_forms
from directory.errors import DomainError
from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.reviews import notifications, owners
from directory.reviews.forms import ResponseModerationForm
from directory.reviews.models import RESPONSE_MODERATION_REASONS, Review, ReviewResponse

RESPONSE_ACTIONS = {"publish": "Published", "reject": "Declined"}


def pending_count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(ReviewResponse.id)).where(ReviewResponse.status == "held")) or 0


def _options() -> list:
    return [joinedload(ReviewResponse.review).joinedload(Review.practitioner).joinedload(Practitioner.owner)]


def _render_responses(bound: dict[tuple[str, int], Any] | None = None, status: int = 200):
    page = queue_page(
        sa.select(ReviewResponse).where(ReviewResponse.status == "held"),
        order_by=[ReviewResponse.updated_at, ReviewResponse.id],
        options=_options(),
    )
    forms = dict.fromkeys(RESPONSE_ACTIONS, ResponseModerationForm)
    rows = [
        {"response": response, "forms": row_forms(response.id, bound, forms, prefix_with_action=True)}
        for response in page.items
    ]
    return render_template("admin/responses.html", page=page, rows=rows, reasons=RESPONSE_MODERATION_REASONS), status


@bp.get("/responses")
def responses():
    return _render_responses()


def moderate_response(response_id: int, action: str):
    response = db.session.scalar(sa.select(ReviewResponse).where(ReviewResponse.id == response_id).options(*_options()))
    if response is None:
        abort(404)
    back = redirect(url_for("admin.responses", page=requested_page()))
    if response.status != "held":
        flash(f"Response #{response.id} is {response.status}: it is not waiting any more.", "warning")
        return back
    form = row_form(ResponseModerationForm, response.id, bind=True, prefix=action)
    if action == "publish":
        del form.reason
    if not form.validate_on_submit():
        return _render_responses({(action, response.id): form}, 400)
    reason = form.reason.data if action == "reject" else None
    if action == "reject" and not reason:
        form.reason.errors.append("Choose a reason: the owner is told it.")
        return _render_responses({(action, response.id): form}, 400)
    review = response.review
    practitioner = review.practitioner
    owner_email = practitioner.owner.email if practitioner.owner else None
    try:
        note = form.note.data or ""
        owners.moderate_response(db.session, response, current_admin(), action, reason=reason, note=note)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return back
    db.session.commit()
    flash(f"{RESPONSE_ACTIONS[action]}: the response to review #{review.id} of {practitioner.name}.", "success")
    if owner_email:
        send_or_warn(notifications.response_decision(response, review, practitioner, owner_email))
    return back


for _action in RESPONSE_ACTIONS:
    bp.add_url_rule(
        f"/responses/<int:response_id>/{_action}",
        "moderate_response",
        moderate_response,
        methods=["POST"],
        defaults={"action": _action},
    )
