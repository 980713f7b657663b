"""Views of the manage blueprint: the owner's dashboard, the edit form, the practice e-mail link."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from directory.claims import codes, contact_changes, notifications
from directory.claims.forms import ConfirmForm
from directory.claims.services import mask_email
from directory.errors import DomainError
from directory.extensions import db, limiter
from directory.geo.errors import AmbiguousPlace, PlaceNotFound
from directory.mail import send
from directory.manage import services
from directory.manage.forms import DAYS, ListingForm
from directory.practitioners import freshness
from directory.practitioners.queries import details, get_practitioner

bp = Blueprint("manage", __name__)

EDIT_LIMIT = "30/hour"
CONFIRM_LIMIT = "10/hour"


@bp.get("/dashboard")
@login_required
def dashboard():
    data = services.dashboard(db.session, current_user)
    return render_template(
        "manage/dashboard.html",
        data=data,
        mask_email=mask_email,
        code_expired=codes.code_expired,
        confirm_form=ConfirmForm(),
        stale=data.owned is not None and freshness.is_stale(data.owned),
        stale_after_months=round(freshness.STALE_AFTER.days / 30.5),
    )


@bp.post("/practitioners/<slug>/confirm")
@limiter.limit(CONFIRM_LIMIT)
@login_required
def confirm_details(slug: str):
    """One click on the dashboard: the owner says the listing's details are still correct."""
    practitioner = get_practitioner(db.session, slug) or abort(404)
    if practitioner.owner_id != current_user.id:
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.confirm_listing(db.session, practitioner, current_user)
    db.session.commit()
    flash("Thank you: your listing shows that you confirmed its details today.", "success")
    return redirect(url_for("manage.dashboard"))


def _form_for(practitioner, formdata_values: dict | None) -> ListingForm:
    """The edit form, its choices limited to this profession, filled from the listing on GET."""
    data = None
    if formdata_values is not None:
        data = {key: value for key, value in formdata_values.items() if key not in ("hours", "languages")}
        data["languages"] = ", ".join(formdata_values["languages"])
        for key, _label in DAYS:
            data[f"hours_{key}"] = formdata_values["hours"].get(key, "")
    form = ListingForm(data=data)
    form.specialties.choices = [
        SelectChoice(s.slug, s.name) for s in services.allowed_specialties(db.session, practitioner)
    ]
    form.payers.choices = [SelectChoice(p.slug, p.name) for p in services.allowed_payers(db.session, practitioner)]
    return form


def _values_from(form: ListingForm) -> dict:
    """The form's fields in the shape ``update_listing`` takes. Nothing else is read from the request."""
    return {
        "bio": form.bio.data or "",
        "specialties": form.specialties.data or [],
        "phone": form.phone.data or "",
        "email": form.email.data or "",
        "website": form.website.data or "",
        "address": form.address.data,
        "suburb": form.suburb.data,
        "state": form.state.data,
        "postcode": form.postcode.data,
        "hours": form.hours(),
        "languages": form.language_list,
        "telehealth": form.telehealth.data,
        "home_visits": form.home_visits.data,
        "after_hours": form.after_hours.data,
        "payers": form.payers.data or [],
    }


@bp.route("/practitioners/<slug>/edit", methods=["GET", "POST"])
@limiter.limit(EDIT_LIMIT, methods=["POST"])
@login_required
def edit(slug: str):
    practitioner = get_practitioner(db.session, slug, *details()) or abort(404)
    is_owner = practitioner.owner_id == current_user.id
    # Administrators may look (read only); everyone else but the owner is refused.
    if not is_owner and not (current_user.is_admin and request.method == "GET"):
        abort(403)
    form = _form_for(practitioner, None if request.method == "POST" else services.current_values(practitioner))
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            response = _save(practitioner, form)
            if response is not None:
                return response
        status = 400
    return render_template(
        "manage/edit.html",
        form=form,
        practitioner=practitioner,
        practice=practitioner.practice,
        read_only=not is_owner,
        colleagues=services.colleagues_count(db.session, practitioner),
        pending=services.pending_contact_changes(db.session, practitioner),
        days=DAYS,
    ), status


def _save(practitioner, form: ListingForm):
    resolver = current_app.extensions["place_resolver"]
    try:
        outcome = services.update_listing(db.session, practitioner, current_user, _values_from(form), resolver)
    except (PlaceNotFound, AmbiguousPlace) as error:
        db.session.rollback()
        form.suburb.errors.append(error.message)
        return None
    except DomainError as error:
        db.session.rollback()
        field = getattr(form, error.field, None) if error.field else None
        if field is None:
            abort(error.status)
        field.errors.append(error.message)
        return None
    db.session.commit()
    if outcome.nothing:
        flash("Nothing changed.", "info")
        return redirect(url_for("manage.edit", slug=practitioner.slug))
    if outcome.changed:
        flash("Your listing is updated.", "success")
    for change in outcome.contact_changes:
        if contact_changes.needs_administrator(db.session, change):
            what = {"email": "practice e-mail", "phone": "phone number", "website": "website", "location": "address"}
            shared = " Other practitioners share this practice, so we check changes that appear on their listings."
            flash(
                f"An administrator will check the new {what[change.field]} before it is shown."
                + (shared if change.field != "phone" else ""),
                "info",
            )
        elif change.field == "email":
            if send(notifications.practice_email_confirmation(change)):
                flash(
                    f"We sent a link to {change.new_value}. The new practice e-mail applies once it is followed.",
                    "info",
                )
            else:
                flash(
                    "We could not send the link to the new practice e-mail. Please save it again in a few minutes.",
                    "error",
                )
    return redirect(url_for("listings.detail", slug=practitioner.slug))


@bp.route("/practice-email/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(CONFIRM_LIMIT, methods=["POST"])
def confirm_practice_email(token: str):
    """The link sent to a new practice e-mail: GET shows a button, POST applies the change.

    No login: following the link proves control of the new address, which is what is checked.
    """
    change, value = contact_changes.read_contact_token(db.session, token)  # InvalidToken → 400 page
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            contact_changes.confirm_contact_change(db.session, change, value)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "warning")
            return redirect(url_for("manage.confirm_practice_email", token=token))
        db.session.commit()
        flash("The new practice e-mail is confirmed and shown on the listing.", "success")
        return redirect(url_for("listings.detail", slug=change.practitioner.slug))
    usable = change.status == "pending" and change.new_value == value
    return render_template("manage/confirm_email.html", change=change, value=value, form=form, usable=usable)
