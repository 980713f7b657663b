"""The credentials queue: registration and membership numbers never checked, or checked over a
year ago (decision 0009). An administrator looks each up on Ahpra's public register (or with the
association) and records what it showed: the listing then says "checked" or "not current", dated."""

from __future__ import annotations

from functools import partial
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from directory.admin.common import bp, commit_decision, current_admin, queue_page, requested_page
from directory.admin.forms import CurrentCredentialForm, LapsedCredentialForm, row_form, row_forms
from directory.extensions import db
from directory.practitioners import credentials
from directory.practitioners.models import Practitioner

RESULT_FORMS = {"current": CurrentCredentialForm, "not_current": LapsedCredentialForm}


def pending_count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(Practitioner.id)).where(credentials.due_for_check())) or 0


def _render_credentials(bound: dict[tuple[str, int], Any] | None = None, status: int = 200):
    page = queue_page(
        sa.select(Practitioner).where(credentials.due_for_check()),
        # Never checked first, then the oldest checks; claimed listings before unclaimed ones.
        order_by=[
            Practitioner.credential_checked_at.is_not(None),
            Practitioner.credential_checked_at,
            Practitioner.owner_id.is_(None),
            Practitioner.id,
        ],
    )
    rows = [{"practitioner": p, "forms": row_forms(p.id, bound, RESULT_FORMS)} for p in page.items]
    return render_template("admin/credentials.html", page=page, rows=rows), status


@bp.get("/credentials")
def credentials_queue():
    return _render_credentials()


def check_credential(practitioner_id: int, result: str):
    practitioner = db.session.get(Practitioner, practitioner_id) or abort(404)
    from_facts = request.args.get("from") == "facts"
    back = redirect(
        url_for("admin.listing_facts", slug=practitioner.slug)
        if from_facts
        else url_for("admin.credentials_queue", page=requested_page())
    )
    form = row_form(RESULT_FORMS[result], practitioner.id, bind=True)
    decide = partial(credentials.record_check, db.session, practitioner, current_admin(), result, form.note.data or "")
    if form.validate_on_submit() and commit_decision(form, decide, default_field="note"):
        label = "current" if result == "current" else "not current"
        flash(f"Recorded: the number of {practitioner.name} is {label} today.", "success")
        return back
    if from_facts:
        for error in [*form.note.errors, *form.form_errors]:
            flash(error, "error")
        return back
    return _render_credentials({(result, practitioner.id): form}, 400)


for _result in RESULT_FORMS:
    bp.add_url_rule(
        f"/credentials/<int:practitioner_id>/{_result}",
        "check_credential",
        check_credential,
        methods=["POST"],
        defaults={"result": _result},
    )
