"""The public form "Report incorrect information", on every listing. Rate-limited per client
address; the view commits once, then tells the owner."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.corrections import notifications, services
from directory.corrections.forms import CorrectionForm
from directory.errors import DomainError
from directory.extensions import db, limiter
from directory.mail import send
from directory.practitioners.queries import get_practitioner

bp = Blueprint("corrections", __name__)

# Only reports actually stored count (a form sent back with an error does not).
REPORT_PER_CLIENT = "5 per hour;20 per day"


def _stored(response) -> bool:
    return response.status_code == 302


@bp.route("/practitioners/<slug>/corrections/new", methods=["GET", "POST"])
@limiter.limit(REPORT_PER_CLIENT, methods=["POST"], deduct_when=_stored)
def new(slug: str):
    practitioner = get_practitioner(db.session, slug) or abort(404)
    form = CorrectionForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                correction = services.report(
                    db.session,
                    practitioner,
                    field=form.field.data,
                    description=form.description.data,
                    suggested_value=form.suggested_value.data or "",
                    reporter_email=form.email.data or None,
                    user=current_user,
                    client_address=request.remote_addr,
                )
            except DomainError as error:
                db.session.rollback()
                form.show_error(error)
            else:
                db.session.commit()
                message = notifications.to_owner(correction, practitioner)
                if message is not None:
                    send(message)  # a failed e-mail changes nothing: the report is in the queue
                flash(
                    "Thank you. We have passed your report on"
                    + (" to the practitioner and" if practitioner.owner_id else "")
                    + " to our team, who will check it.",
                    "success",
                )
                return redirect(url_for("listings.detail", slug=practitioner.slug))
        status = 400
    return render_template("corrections/new.html", form=form, practitioner=practitioner), status
