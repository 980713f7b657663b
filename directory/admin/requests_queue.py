"""Disputes and takedown requests: every request (from /review-disputes, or recorded here from an
e-mail, a letter or a call) and its outcome. Privacy and legal orders first, then the oldest."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy.orm import Session, joinedload

from directory.admin.common import bp, current_admin, queue_page, requested_page, send_or_warn
from directory.admin.forms import row_form, row_forms
from directory.errors import DomainError
from directory.extensions import db
from directory.reviews import disputes, notifications
from directory.reviews.dispute_forms import DecideDisputeForm, RecordDisputeForm
from directory.reviews.models import Review, TakedownRequest


def pending_count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(TakedownRequest.id)).where(TakedownRequest.outcome.is_(None))) or 0


def _options() -> list:
    return [joinedload(TakedownRequest.review).joinedload(Review.practitioner)]


def _render(bound: dict[tuple[str, int], Any] | None = None, record_form=None, status: int = 200):
    urgent = TakedownRequest.grounds.in_(disputes.URGENT_GROUNDS)
    page = queue_page(
        sa.select(TakedownRequest).where(TakedownRequest.outcome.is_(None)),
        order_by=[sa.case((urgent, 0), else_=1), TakedownRequest.created_at, TakedownRequest.id],
        options=_options(),
    )
    rows = [
        {
            "request": item,
            "overdue": disputes.overdue(item),
            "forms": row_forms(item.id, bound, {"decide": DecideDisputeForm}),
        }
        for item in page.items
    ]
    return render_template(
        "admin/requests.html",
        page=page,
        rows=rows,
        record_form=record_form or RecordDisputeForm(formdata=None),
    ), status


@bp.get("/requests")
def requests():
    return _render()


@bp.post("/requests/new")
def record_request():
    form = RecordDisputeForm()
    if form.validate_on_submit():
        try:
            received = disputes.receive(
                db.session,
                review_ref=form.review.data,
                requester_role=form.requester_role.data,
                grounds=form.grounds.data,
                details=form.details.data,
                requester_name=form.requester_name.data,
                requester_email=form.requester_email.data,
                received_via=form.received_via.data,
                recorded_by=current_admin(),
            )
        except DomainError as error:
            db.session.rollback()
            form.show_error(error)
        else:
            db.session.commit()
            flash(f"Recorded request {received.id}; the requester is sent an acknowledgement.", "success")
            send_or_warn(notifications.dispute_received(received))
            return redirect(url_for("admin.requests"))
    return _render(record_form=form, status=400)


@bp.post("/requests/<int:request_id>/decide")
def decide_request(request_id: int):
    item = db.session.scalar(sa.select(TakedownRequest).where(TakedownRequest.id == request_id).options(*_options()))
    if item is None:
        abort(404)
    back = redirect(url_for("admin.requests", page=requested_page()))
    if item.outcome is not None:
        flash(f"Request {item.id} has already been decided.", "warning")
        return back
    form = row_form(DecideDisputeForm, item.id, bind=True, prefix="decide")
    if not form.validate_on_submit():
        return _render({("decide", item.id): form}, status=400)
    review = item.review
    try:
        closed = disputes.decide(
            db.session, item, current_admin(), form.outcome.data, reason=form.reason.data or None, note=form.note.data
        )
    except DomainError as error:
        db.session.rollback()
        form.show_error(error)
        return _render({("decide", item.id): form}, status=400)
    db.session.commit()
    flash(f"Decided request {item.id}: {item.outcome}.", "success")
    send_or_warn(notifications.dispute_decided(item))
    if item.outcome == "removed" and review is not None:
        send_or_warn(notifications.decision(review, review.practitioner))
        for report in closed:
            if report.reporter_email:
                send_or_warn(notifications.report_outcome(report, review, review.practitioner))
    return back
