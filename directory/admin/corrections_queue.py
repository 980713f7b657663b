"""The corrections queue: reports of incorrect information from the public. Accepting one corrects
the listing through the audited edit path (or records what was done) and tells the reporter;
declining tells them why the listing stays as it is."""

from __future__ import annotations

from functools import partial
from typing import Any

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, url_for
from sqlalchemy.orm import Session, joinedload

from directory.admin.common import bp, commit_decision, current_admin, queue_page, requested_page, send_or_warn
from directory.admin.forms import AcceptCorrectionForm, DeclineCorrectionForm, row_form, row_forms
from directory.corrections import notifications, services
from directory.corrections.models import APPLIED, ListingCorrection
from directory.extensions import db
from directory.geo.errors import AmbiguousPlace, PlaceNotFound
from directory.practitioners.models import Practitioner

FORMS = {"accept": AcceptCorrectionForm, "decline": DeclineCorrectionForm}


def pending_count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(ListingCorrection.id)).where(ListingCorrection.status == "open")) or 0


def _options() -> list:
    return [joinedload(ListingCorrection.practitioner).joinedload(Practitioner.owner)]


def _load(correction_id: int) -> ListingCorrection:
    """The report with its listing. 404 when there is none."""
    return db.first_or_404(
        sa.select(ListingCorrection).where(ListingCorrection.id == correction_id).options(*_options())
    )


def _prefill(form: AcceptCorrectionForm, correction: ListingCorrection) -> AcceptCorrectionForm:
    """A blank accept form shows the listing's current address, and the reporter's suggestion for a
    phone number or website."""
    practice = correction.practitioner.practice
    if correction.field == "address":
        form.address.data, form.suburb.data = practice.address, practice.suburb
        form.state.data, form.postcode.data = practice.state, practice.postcode
    elif correction.field in ("phone", "website"):
        form[correction.field].data = correction.suggested_value or getattr(practice, correction.field) or ""
    return form


def _render(bound: dict[tuple[str, int], Any] | None = None, status: int = 200):
    page = queue_page(
        sa.select(ListingCorrection).where(ListingCorrection.status == "open"),
        order_by=[ListingCorrection.created_at, ListingCorrection.id],
        options=_options(),
    )
    rows = []
    for correction in page.items:
        forms = row_forms(correction.id, bound, FORMS)
        if ("accept", correction.id) not in (bound or {}):
            _prefill(forms["accept"], correction)
        rows.append({"correction": correction, **forms})
    return render_template("admin/corrections.html", page=page, rows=rows, applied=APPLIED), status


@bp.get("/corrections")
def corrections():
    return _render()


def _decide(correction_id: int, action: str):
    correction = _load(correction_id)
    back = redirect(url_for("admin.corrections", page=requested_page()))
    if correction.status != "open":
        flash("This report has already been decided.", "warning")
        return back
    form = row_form(FORMS[action], correction.id, bind=True)
    practitioner = correction.practitioner
    admin = current_admin()
    if action == "accept":
        values = {key: form[key].data for key in ("phone", "website", "address", "suburb", "state", "postcode")}
        resolver = current_app.extensions["place_resolver"]
        decide = partial(services.accept, db.session, correction, admin, values, resolver, form.note.data or "")
    else:
        decide = partial(services.decline, db.session, correction, admin, form.note.data or "")
    if form.validate_on_submit():
        try:
            done = commit_decision(form, decide, default_field="note")
        except (PlaceNotFound, AmbiguousPlace) as error:
            db.session.rollback()
            form.suburb.errors = [*form.suburb.errors, error.message]
            done = False
        if done:
            flash(
                f"{'Accepted' if action == 'accept' else 'Declined'}: the report about {practitioner.name}.", "success"
            )
            message = notifications.decision(correction, practitioner)
            if message is not None:
                send_or_warn(message)
            return back
    return _render({(action, correction.id): form}, 400)


@bp.post("/corrections/<int:correction_id>/accept")
def accept_correction(correction_id: int):
    return _decide(correction_id, "accept")


@bp.post("/corrections/<int:correction_id>/decline")
def decline_correction(correction_id: int):
    return _decide(correction_id, "decline")
