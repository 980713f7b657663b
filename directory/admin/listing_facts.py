"""A listing's facts as an administrator keeps them: when its details were last confirmed (an
administrator may confirm them after checking with the practice) and the state of its number."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, url_for

from directory.admin.common import bp, commit_decision, current_admin
from directory.admin.forms import AdminConfirmForm, CurrentCredentialForm, LapsedCredentialForm, row_form
from directory.extensions import db
from directory.practitioners import credentials, freshness
from directory.practitioners.models import Practitioner
from directory.practitioners.queries import get_practitioner


def _load(slug: str) -> Practitioner:
    """The listing. 404 when no listing has this slug."""
    return get_practitioner(db.session, slug) or abort(404)


def _render(practitioner: Practitioner, confirm_form=None, status: int = 200):
    return render_template(
        "admin/listing_facts.html",
        practitioner=practitioner,
        credential=credentials.state_of(practitioner),
        stale=freshness.is_stale(practitioner),
        confirm_form=confirm_form or AdminConfirmForm(formdata=None),
        current_form=row_form(CurrentCredentialForm, practitioner.id),
        lapsed_form=row_form(LapsedCredentialForm, practitioner.id),
    ), status


@bp.get("/listings/<slug>/facts")
def listing_facts(slug: str):
    return _render(_load(slug))


@bp.post("/listings/<slug>/confirm")
def confirm_listing(slug: str):
    practitioner = _load(slug)
    form = AdminConfirmForm()
    decide = partial(freshness.confirm, db.session, practitioner, current_admin(), "admin", form.note.data or "")
    if form.validate_on_submit() and commit_decision(form, decide, "note"):
        flash(f"The listing of {practitioner.name} now says an administrator confirmed it today.", "success")
        return redirect(url_for("admin.listing_facts", slug=practitioner.slug))
    return _render(practitioner, confirm_form=form, status=400)
