"""The pages about the rules for reviews: how to dispute a review or ask for its removal (the form
behind /review-disputes) and the review policy (/review-policy). On the blueprint of
``reviews.common``."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from directory.errors import DomainError
from directory.extensions import db, limiter
from directory.mail import send
from directory.practitioners.rating import FORMULA_TEXT, PRIOR_MEAN, PRIOR_WEIGHT, bayesian_score
from directory.reviews import disputes as disputes_service
from directory.reviews import moderation, notifications, submission
from directory.reviews.common import bp
from directory.reviews.dispute_forms import DisputeForm
from directory.reviews.models import MODERATION_REASONS, REPORT_REASONS

# --- disputes and takedown requests ----------------------------------------------------------------

DISPUTE_PER_CLIENT = "5 per hour;20 per day"


def _dispute_stored(response) -> bool:
    return response.status_code == 302


@bp.route("/review-disputes", methods=["GET", "POST"])
@limiter.limit(DISPUTE_PER_CLIENT, methods=["POST"], deduct_when=_dispute_stored)
def disputes():
    """How to dispute a review or ask for its removal on legal grounds, what we do and when; the form."""
    form = DisputeForm()
    if request.method == "GET" and request.args.get("review"):
        form.review.data = request.args.get("review", "")[:20]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                received = disputes_service.receive(
                    db.session,
                    review_ref=form.review.data,
                    requester_role=form.requester_role.data,
                    grounds=form.grounds.data,
                    details=form.details.data,
                    requester_name=form.requester_name.data,
                    requester_email=form.requester_email.data,
                    client_address=request.remote_addr,
                )
            except DomainError as error:
                db.session.rollback()
                form.show_error(error)
            else:
                db.session.commit()
                send(notifications.dispute_received(received))
                flash(
                    f"Thank you. We have your request (reference {received.id}) and have e-mailed you a copy.",
                    "success",
                )
                return redirect(url_for("reviews.disputes"))
        status = 400
    return render_template(
        "reviews/disputes.html",
        form=form,
        acknowledge_within=disputes_service.ACKNOWLEDGE_WITHIN,
        decide_within=disputes_service.DECIDE_WITHIN,
        urgent_within=disputes_service.URGENT_DECIDE_WITHIN,
        reasons=MODERATION_REASONS,
    ), status


# --- the policy ---------------------------------------------------------------------------------


@bp.get("/review-policy")
def policy():
    examples = [
        (n, mean, bayesian_score(n, mean)) for n, mean in ((1, 5.0), (3, 5.0), (20, 4.5), (200, 4.8), (0, None))
    ]
    return render_template(
        "reviews/policy.html",
        formula=FORMULA_TEXT,
        prior_weight=PRIOR_WEIGHT,
        prior_mean=PRIOR_MEAN,
        examples=examples,
        reasons=MODERATION_REASONS,
        report_reasons=REPORT_REASONS,
        confirm_days=submission.CONFIRM_WITHIN.days,
        owner_cap=moderation.OWNER_OPEN_REPORTS_CAP,
    )
