"""Views of the reviews blueprint: write a review, confirm or withdraw it from the e-mailed link,
report a review, an owner's response and invites. The dispute form and the review policy are in
dispute_views.py, on the same blueprint (reviews.common); importing this module registers both.

Every POST carries a CSRF token and is rate-limited per client address (and, for the review form,
per e-mail typed in). A service refuses what the rules refuse; the view commits once, then mails.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

import directory.reviews.dispute_views  # noqa: F401 (registers its routes on bp)
from directory.extensions import db, limiter
from directory.mail import link_for, send
from directory.practitioners.models import Practitioner
from directory.practitioners.queries import get_practitioner
from directory.reviews import moderation, notifications, owners, submission
from directory.reviews.common import bp
from directory.reviews.errors import InvalidInvite, ReviewError
from directory.reviews.forms import (
    ConfirmReviewForm,
    InviteForm,
    ReportForm,
    ResponseForm,
    ReviewForm,
    WithdrawReviewForm,
    latest_month,
)
from directory.reviews.keys import reviewer_key
from directory.reviews.models import MODERATION_REASONS, RESPONSE_MODERATION_REASONS, Review

# Only reviews actually submitted count (a form sent back with an error does not).
SUBMIT_PER_CLIENT = "20 per hour;60 per day"
SUBMIT_PER_EMAIL = "6 per hour;20 per day"
LINK_PER_CLIENT = "20 per hour"
REPORT_PER_CLIENT = "10 per hour"
OWNER_WRITES = "30 per hour"
MAIL_FAILED = "We could not send the e-mail just now. Please try again in a few minutes."


def _typed_email_key() -> str:
    return "review-email:" + reviewer_key(request.form.get("email") or "")


def _submitted(response) -> bool:
    # 302: stored and mailed; 503: stored, but the e-mail could not be sent.
    return response.status_code in (302, 503)


def _listing(slug: str) -> Practitioner:
    """The practitioner with this slug. Aborts 404."""
    return get_practitioner(db.session, slug) or abort(404)


# --- writing a review -------------------------------------------------------------------------


@bp.route("/practitioners/<slug>/reviews/new", methods=["GET", "POST"])
@limiter.limit(SUBMIT_PER_CLIENT, methods=["POST"], deduct_when=_submitted)
@limiter.limit(SUBMIT_PER_EMAIL, key_func=_typed_email_key, methods=["POST"], deduct_when=_submitted)
def new(slug: str):
    practitioner = _listing(slug)
    form = ReviewForm()
    invite_token = (request.form.get("invite") if request.method == "POST" else request.args.get("invite")) or ""
    invite_problem = None
    if invite_token:
        try:
            owners.find_invite(db.session, practitioner, invite_token)
        except InvalidInvite as error:
            invite_problem = error.message
            invite_token = ""
    if request.method == "GET":
        form.invite.data = invite_token
    status = 200
    if request.method == "POST" and invite_problem:
        # The patient followed an invitation that no longer works: say so before anything is
        # stored; sending the form again goes ahead without the invitation.
        form.validate_on_submit()
        form.invite.data = ""
        invite_problem += " Send the form again to post your review without the invitation."
        status = 400
    elif request.method == "POST":
        if form.validate_on_submit():
            data = submission.ReviewInput(
                rating=form.rating.data,
                title=form.title.data or "",
                body=form.body.data,
                display_name=form.display_name.data,
                email=form.email.data,
                visit_month=form.visit_month.data,
                aspects=form.aspects(),
            )
            try:
                review = submission.submit_review(
                    db.session,
                    practitioner,
                    data,
                    client_address=request.remote_addr,
                    invite_token=invite_token or None,
                    user=current_user,
                )
            except InvalidInvite as error:
                db.session.rollback()
                invite_problem = error.message
            else:
                db.session.commit()
                if send(notifications.confirmation(review, practitioner)):
                    return redirect(url_for("reviews.sent", slug=practitioner.slug))
                # Nothing public happened; the unconfirmed review expires by itself.
                flash(MAIL_FAILED, "error")
                status = 503
        status = status if status == 503 else 400
    return render_template(
        "reviews/new.html",
        form=form,
        practitioner=practitioner,
        practice=practitioner.practice,
        invite_ok=bool(invite_token),
        invite_problem=invite_problem,
        latest_month=latest_month(),
        confirm_days=submission.CONFIRM_WITHIN.days,
    ), status


@bp.get("/practitioners/<slug>/reviews/sent")
def sent(slug: str):
    return render_template("reviews/sent.html", practitioner=_listing(slug), days=submission.CONFIRM_WITHIN.days)


def notify_owner(review: Review) -> None:
    """Tell the listing's owner (if any) that a review was published, so they may respond. After
    the commit; a failed e-mail is logged and changes nothing."""
    message = notifications.owner_notice(review, review.practitioner)
    if message is not None:
        send(message)


# --- the e-mailed link: confirm, see the status, withdraw ------------------------------------------


def _render_manage(review: Review, token: str, status: int = 200):
    return render_template(
        "reviews/manage.html",
        review=review,
        practitioner=review.practitioner,
        token=token,
        confirm_form=ConfirmReviewForm(),
        withdraw_form=WithdrawReviewForm(),
        expired=submission.confirmation_expired(review),
        reason=MODERATION_REASONS.get(review.moderation_reason or ""),
        days=submission.CONFIRM_WITHIN.days,
    ), status


@bp.get("/reviews/manage/<token>")
def manage(token: str):
    """What the reviewer's link shows. GET never changes anything (link scanners follow links)."""
    review = submission.review_from_token(db.session, token)  # InvalidToken → 400 page
    return _render_manage(review, token)


@bp.post("/reviews/manage/<token>/confirm")
@limiter.limit(LINK_PER_CLIENT)
def confirm(token: str):
    review = submission.review_from_token(db.session, token)
    form = ConfirmReviewForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        status = submission.confirm_review(db.session, review)
    except ReviewError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return redirect(url_for("reviews.manage", token=token))
    db.session.commit()
    if status == "published":
        notify_owner(review)
        flash("Thank you: your review is published.", "success")
        return redirect(url_for("listings.detail", slug=review.practitioner.slug, _anchor=f"review-{review.id}"))
    flash("Thank you: your review is confirmed and waits for a moderator.", "info")
    return redirect(url_for("reviews.manage", token=token))


@bp.post("/reviews/manage/<token>/withdraw")
@limiter.limit(LINK_PER_CLIENT)
def withdraw(token: str):
    review = submission.review_from_token(db.session, token)
    form = WithdrawReviewForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        submission.withdraw_review(db.session, review)
    except ReviewError as error:
        db.session.rollback()
        flash(error.message, "warning")
    else:
        db.session.commit()
        flash("Your review is withdrawn. It no longer appears on the listing.", "success")
    return redirect(url_for("reviews.manage", token=token))


# --- reports ----------------------------------------------------------------------------------


def _published_review(review_id: int) -> Review:
    review = db.session.scalar(sa.select(Review).where(Review.id == review_id).options(joinedload(Review.practitioner)))
    if review is None or review.status != "published":
        abort(404)
    return review


@bp.route("/reviews/<int:review_id>/report", methods=["GET", "POST"])
@limiter.limit(REPORT_PER_CLIENT, methods=["POST"])
def report(review_id: int):
    review = _published_review(review_id)
    form = ReportForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                moderation.report_review(
                    db.session,
                    review,
                    reason=form.reason.data,
                    note=form.note.data or "",
                    reporter_email=form.email.data or None,
                    user=current_user,
                    client_address=request.remote_addr,
                )
            except ReviewError as error:
                db.session.rollback()
                form.show_error(error)
            else:
                db.session.commit()
                flash(
                    "Thank you. A moderator will look at this review and remove it if it breaks the policy; "
                    "until then it stays visible.",
                    "success",
                )
                return redirect(
                    url_for("listings.detail", slug=review.practitioner.slug, _anchor=f"review-{review.id}")
                )
        status = 400
    return render_template("reviews/report.html", form=form, review=review, practitioner=review.practitioner), status


# --- owners -----------------------------------------------------------------------------------


def _owned_listing(slug: str) -> Practitioner:
    practitioner = _listing(slug)
    if practitioner.owner_id != current_user.id:
        abort(403)
    return practitioner


@bp.route("/practitioners/<slug>/reviews/<int:review_id>/response", methods=["GET", "POST"])
@limiter.limit(OWNER_WRITES, methods=["POST"])
@login_required
def respond(slug: str, review_id: int):
    practitioner = _owned_listing(slug)
    review = _published_review(review_id)
    if review.practitioner_id != practitioner.id:
        abort(404)
    existing = review.response
    form = ResponseForm(data=None if request.method == "POST" else {"response": existing.body if existing else ""})
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                try:
                    _response, created = owners.respond(db.session, review, current_user, form.response.data)
                except IntegrityError:
                    # A second click inserted the response a moment ago: this one edits it.
                    db.session.rollback()
                    review = _published_review(review_id)
                    _response, created = owners.respond(db.session, review, current_user, form.response.data)
            except ReviewError as error:
                db.session.rollback()
                form.response.errors.append(error.message)
            else:
                db.session.commit()
                if _response.status == "held":
                    flash(_response.hold_reason, "warning")
                else:
                    flash("Your response is published." if created else "Your response is updated.", "success")
                return redirect(url_for("listings.detail", slug=practitioner.slug, _anchor=f"review-{review.id}"))
        status = 400
    return render_template(
        "reviews/respond.html",
        form=form,
        review=review,
        practitioner=practitioner,
        existing=existing,
        response_reasons=RESPONSE_MODERATION_REASONS,
    ), status


@bp.route("/practitioners/<slug>/invites", methods=["GET", "POST"])
@limiter.limit(OWNER_WRITES, methods=["POST"])
@login_required
def invites(slug: str):
    practitioner = _owned_listing(slug)
    form = InviteForm()
    link = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            _invite, token = owners.create_invite(
                db.session, practitioner, current_user, client_address=request.remote_addr
            )
        except ReviewError as error:
            db.session.rollback()
            flash(error.message, "warning")
        else:
            db.session.commit()
            link = link_for("reviews.new", slug=practitioner.slug, invite=token)
    return render_template(
        "reviews/invites.html",
        practitioner=practitioner,
        form=form,
        link=link,
        counts=owners.invite_counts(db.session, practitioner),
        valid_days=owners.INVITE_VALID_FOR.days,
    )
