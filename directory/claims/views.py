"""Views of the claims blueprint: start a claim, enter the code, follow the e-mailed link."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from directory.claims import codes, notifications, services
from directory.claims.errors import AlreadyClaimed, ClaimLocked, CodeExpired, WrongCode
from directory.claims.forms import CodeForm, ConfirmForm, EmailClaimForm, RegistrationClaimForm
from directory.claims.models import Claim
from directory.claims.ownership import owned_listing
from directory.errors import DomainError
from directory.extensions import db, limiter
from directory.mail import send
from directory.practitioners.models import Practitioner
from directory.practitioners.queries import get_practitioner

bp = Blueprint("claims", __name__)

# Per client address, on POST only (Flask-Limiter's default key).
START_LIMIT = "5/hour"
VERIFY_LIMIT = "20/hour"
MAIL_FAILED = "We could not send the e-mail just now. Please try again in a few minutes."


def _notify_owner_of_contest(claim: Claim) -> None:
    """Tell the current owner that someone else claims their listing (after commit)."""
    owner = claim.practitioner.owner
    if owner is None:
        return
    if not send(notifications.claim_contested(claim, owner)):
        # The claim stands; the administrator sees it is contested either way.
        flash("We could not e-mail the current owner just now; an administrator will contact them.", "warning")


def _start_context(practitioner: Practitioner) -> dict:
    """What the claim page needs to explain where this account stands with this listing."""
    session = db.session
    owned = owned_listing(session, current_user)
    claims = session.scalars(
        sa.select(Claim)
        .where(
            Claim.practitioner_id == practitioner.id,
            Claim.user_id == current_user.id,
            Claim.status.in_(("awaiting_code", "pending_review", "locked")),
        )
        .order_by(Claim.id.desc())
    ).all()
    awaiting = next((c for c in claims if c.status == "awaiting_code"), None)
    if awaiting is not None and codes.code_expired(awaiting):
        awaiting = None
    return {
        "practitioner": practitioner,
        "practice": practitioner.practice,
        "owned": owned,
        "pending": next((c for c in claims if c.status == "pending_review"), None),
        "awaiting": awaiting,
        "awaiting_email": services.mask_email(awaiting.code_sent_to) if awaiting else "",
        "email_trusted": services.practice_email_is_trusted(practitioner.practice),
        "masked_email": services.mask_email(practitioner.practice.email),
    }


@bp.route("/practitioners/<slug>/claim", methods=["GET", "POST"])
@limiter.limit(START_LIMIT, methods=["POST"])
@login_required
def start(slug: str):
    practitioner = get_practitioner(db.session, slug) or abort(404)
    email_form = EmailClaimForm()
    number_form = RegistrationClaimForm()
    if request.method == "POST":
        # Two forms post here; a hidden "method" says which. CSRFProtect has checked the token.
        method = request.form.get("method")
        if method == "email_code":
            return _start_by_email(practitioner)
        if method != "registration":
            abort(400)
        if number_form.validate_on_submit():
            response = _start_by_number(practitioner, number_form)
            if response is not None:
                return response
    status = 400 if number_form.errors else 200
    return render_template(
        "claims/start.html", email_form=email_form, number_form=number_form, **_start_context(practitioner)
    ), status


def _start_by_email(practitioner: Practitioner):
    try:
        claim, code = codes.start_email_claim(db.session, practitioner, current_user)
    except DomainError as error:
        db.session.commit()
        flash(error.message, "warning")
        return redirect(url_for("claims.start", slug=practitioner.slug))
    db.session.commit()
    if code is None:
        _notify_owner_of_contest(claim)
        flash(
            "This listing already has an owner, so an administrator will review your claim. "
            "We have told the current owner.",
            "info",
        )
        return redirect(url_for("manage.dashboard"))
    if send(notifications.claim_code(claim, code)):
        flash(
            f"We sent a 6-digit code to {services.mask_email(claim.code_sent_to)}. It expires in 30 minutes.", "success"
        )
    else:
        flash(MAIL_FAILED, "error")
    return redirect(url_for("claims.verify", slug=practitioner.slug))


def _start_by_number(practitioner: Practitioner, form: RegistrationClaimForm):
    try:
        claim = services.submit_registration_claim(
            db.session, practitioner, current_user, form.number.data, form.note.data or ""
        )
    except DomainError as error:
        db.session.rollback()
        if error.field in ("number", "note"):
            getattr(form, error.field).errors.append(error.message)
            return None
        flash(error.message, "warning")
        return redirect(url_for("claims.start", slug=practitioner.slug))
    db.session.commit()
    if claim.contested:
        _notify_owner_of_contest(claim)
    flash(
        "Thank you. An administrator will check your number and e-mail you the decision, usually within "
        "two working days.",
        "success",
    )
    return redirect(url_for("manage.dashboard"))


def _finish_claim(claim: Claim, code: str, form):
    """Check ``code`` for ``claim``; commit in every outcome (a failed attempt counts). Returns a
    response, or None to show the form again with its errors."""
    slug = claim.practitioner.slug
    try:
        codes.verify_claim_code(db.session, claim, current_user, code)
    except AlreadyClaimed as error:
        db.session.commit()
        _notify_owner_of_contest(error.claim)
        flash(error.message, "warning")
        return redirect(url_for("manage.dashboard"))
    except (WrongCode, CodeExpired) as error:
        db.session.commit()
        if hasattr(form, "code"):
            form.code.errors.append(error.message)
            return None
        flash(error.message, "error")
        return redirect(url_for("claims.verify", slug=slug))
    except ClaimLocked as error:
        db.session.commit()
        flash(error.message, "error")
        return redirect(url_for("claims.verify", slug=slug))
    except DomainError as error:
        db.session.commit()
        flash(error.message, "warning")
        return redirect(url_for("claims.start", slug=slug))
    db.session.commit()
    flash("That is the right code: you now manage this listing. Check that everything on it is correct.", "success")
    return redirect(url_for("manage.edit", slug=slug))


@bp.route("/practitioners/<slug>/claim/verify", methods=["GET", "POST"])
@limiter.shared_limit(VERIFY_LIMIT, scope="claim-verify", methods=["POST"])
@login_required
def verify(slug: str):
    practitioner = get_practitioner(db.session, slug) or abort(404)
    claim = codes.current_code_claim(db.session, practitioner, current_user)
    if claim is None:
        if practitioner.owner_id == current_user.id:
            flash("You already own this listing.", "info")
            return redirect(url_for("manage.edit", slug=slug))
        flash("No code is waiting for you on this listing. Start a claim first.", "info")
        return redirect(url_for("claims.start", slug=slug))
    form = CodeForm()
    status = 200
    if claim.status == "awaiting_code" and form.validate_on_submit():
        response = _finish_claim(claim, form.code.data, form)
        if response is not None:
            return response
        status = 400
    elif form.errors:
        status = 400
    expired = claim.status == "awaiting_code" and codes.code_expired(claim)
    return render_template(
        "claims/verify.html",
        practitioner=practitioner,
        claim=claim,
        form=form,
        resend_form=EmailClaimForm(),
        masked_email=services.mask_email(claim.code_sent_to),
        expired=expired,
    ), status


@bp.route("/practitioners/<slug>/claim/verify/<token>", methods=["GET", "POST"])
@limiter.shared_limit(VERIFY_LIMIT, scope="claim-verify", methods=["POST"])
@login_required
def verify_link(slug: str, token: str):
    """The link in the code e-mail. GET shows a button; only the POST acts."""
    claim_id, code = codes.read_claim_link_token(token)  # InvalidToken → 400 page
    claim = db.session.get(Claim, claim_id)
    if claim is None or claim.practitioner.slug != slug:
        abort(404)
    if claim.user_id != current_user.id:
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        return _finish_claim(claim, code, form)
    return render_template("claims/confirm_link.html", practitioner=claim.practitioner, claim=claim, form=form)
