"""The reviews queue: reviews held by screening, and published reviews somebody reported."""

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
from directory.reviews import moderation, notifications
from directory.reviews.forms import ModerationForm
from directory.reviews.models import MODERATION_REASONS, REPORT_REASONS, Review, ReviewReport


def _open_report_exists():
    return sa.exists().where(ReviewReport.review_id == Review.id, ReviewReport.status == "open")


def _review_queue_condition():
    """Held reviews, and published reviews somebody reported."""
    return sa.or_(Review.status == "held", sa.and_(Review.status == "published", _open_report_exists()))


def pending_count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(Review.id)).where(_review_queue_condition())) or 0


# Reports that may concern personal information or abuse come first: such a review is the one
# that should not stay up while it waits.
URGENT_REPORT_REASONS = ("personal_information", "harassment")
REVIEW_ACTIONS = {"publish": "Published", "reject": "Rejected", "remove": "Removed", "keep": "Kept"}


def _review_options() -> list:
    return [joinedload(Review.practitioner).joinedload(Practitioner.owner)]


def _render_reviews(bound: dict[tuple[str, int], Any] | None = None, status: int = 200):
    urgent = sa.exists().where(
        ReviewReport.review_id == Review.id,
        ReviewReport.status == "open",
        ReviewReport.reason.in_(URGENT_REPORT_REASONS),
    )
    page = queue_page(
        sa.select(Review).where(_review_queue_condition()),
        order_by=[sa.case((urgent, 0), else_=1), Review.created_at, Review.id],
        options=_review_options(),
    )
    reports: dict[int, list[ReviewReport]] = {}
    if page.items:
        for report in db.session.scalars(
            sa.select(ReviewReport)
            .where(ReviewReport.review_id.in_([r.id for r in page.items]), ReviewReport.status == "open")
            .order_by(ReviewReport.id)
        ):
            reports.setdefault(report.review_id, []).append(report)
    rows = []
    for review in page.items:
        actions = ["publish", "reject"] if review.status == "held" else ["keep", "remove"]
        forms = row_forms(review.id, bound, dict.fromkeys(actions, ModerationForm), prefix_with_action=True)
        rows.append({"review": review, "reports": reports.get(review.id, []), "forms": forms})
    return render_template(
        "admin/reviews.html", page=page, rows=rows, report_reasons=REPORT_REASONS, reasons=MODERATION_REASONS
    ), status


@bp.get("/reviews")
def reviews():
    return _render_reviews()


def moderate_review(review_id: int, action: str):
    review = db.session.scalar(sa.select(Review).where(Review.id == review_id).options(*_review_options()))
    if review is None:
        abort(404)
    back = redirect(url_for("admin.reviews", page=requested_page()))
    applies = {"publish": "held", "reject": "held", "keep": "published", "remove": "published"}[action]
    if review.status != applies:
        flash(
            f"Review #{review.id} is {review.status}: “{action}” does not apply to it (perhaps another "
            "administrator decided it already).",
            "warning",
        )
        return back
    form = row_form(ModerationForm, review.id, bind=True, prefix=action)
    if action in ("publish", "keep"):
        del form.reason  # a reason is given only for taking a review down
    if not form.validate_on_submit():
        return _render_reviews({(action, review.id): form}, 400)
    reason = form.reason.data if action in ("reject", "remove") else None
    if action in ("reject", "remove") and not reason:
        form.reason.errors.append(
            "Choose one of the published reasons: the reviewer is told it, and the listing "
            "shows it in its moderation summary."
        )
        return _render_reviews({(action, review.id): form}, 400)
    practitioner = review.practitioner
    try:
        reports = moderation.moderate(
            db.session, review, current_admin(), action, reason=reason, note=form.note.data or ""
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return back
    db.session.commit()
    flash(f"{REVIEW_ACTIONS[action]}: review #{review.id} of {practitioner.name}.", "success")
    if action != "keep":
        send_or_warn(notifications.decision(review, practitioner))
    if action == "publish":
        notice = notifications.owner_notice(review, practitioner)
        if notice is not None:
            send_or_warn(notice)
    for report in reports:
        if report.reporter_email:
            send_or_warn(notifications.report_outcome(report, review, practitioner))
    return back


for _action in REVIEW_ACTIONS:
    bp.add_url_rule(
        f"/reviews/<int:review_id>/{_action}",
        "moderate_review",
        moderate_review,
        methods=["POST"],
        defaults={"action": _action},
    )
