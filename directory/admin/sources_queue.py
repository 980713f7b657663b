"""Owners' requests to link their listing to its page on another site (decision 0013): approve
(linking it, the id corrected if need be) or reject with a reason the owner sees."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from sqlalchemy.orm import joinedload

from directory.admin.common import bp, commit_decision, current_admin, queue_page, requested_page
from directory.admin.forms import row_form, row_forms
from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.sources import services
from directory.sources.forms import ApproveLinkForm, RejectLinkForm
from directory.sources.models import ExternalRating, SourceLinkRequest

FORMS = {"approve": ApproveLinkForm, "reject": RejectLinkForm}


def pending_count(session) -> int:
    return session.scalar(sa.select(sa.func.count(SourceLinkRequest.id)).where(SourceLinkRequest.status == "pending"))


def _options() -> list:
    return [joinedload(SourceLinkRequest.practitioner).joinedload(Practitioner.practice)]


def _render(bound=None, status: int = 200):
    page = queue_page(
        sa.select(SourceLinkRequest).where(SourceLinkRequest.status == "pending"),
        order_by=[SourceLinkRequest.created_at, SourceLinkRequest.id],
        options=_options(),
    )
    current = {
        (link.source_id, link.practitioner_id): link
        for link in db.session.scalars(
            sa.select(ExternalRating).where(
                ExternalRating.practitioner_id.in_({r.practitioner_id for r in page.items} or {0})
            )
        )
    }
    rows = []
    for request in page.items:
        forms = row_forms(request.id, bound, FORMS)
        if ("approve", request.id) not in (bound or {}):
            forms["approve"].external_id.data = request.external_id
        rows.append({"request": request, "current": current.get((request.source_id, request.practitioner_id)), **forms})
    return render_template("admin/sources.html", page=page, rows=rows), status


@bp.get("/sources")
def source_links():
    return _render()


def _decide(request_id: int, action: str):
    request = db.first_or_404(
        sa.select(SourceLinkRequest).where(SourceLinkRequest.id == request_id).options(*_options())
    )
    back = redirect(url_for("admin.source_links", page=requested_page()))
    if request.status != "pending":
        flash("This request has already been decided.", "warning")
        return back
    form = row_form(FORMS[action], request.id, bind=True)
    admin = current_admin()
    if action == "approve":
        decide = partial(services.approve_request, db.session, request, admin, form.external_id.data)
    else:
        decide = partial(services.reject_request, db.session, request, admin, form.note.data or "")
    if form.validate_on_submit() and commit_decision(form, decide, default_field=next(iter(form._fields))):
        verb = "Linked" if action == "approve" else "Rejected"
        flash(f"{verb}: {request.practitioner.name} on {request.source.name}.", "success")
        return back
    return _render({(action, request.id): form}, 400)


@bp.post("/sources/<int:request_id>/approve")
def approve_source_link(request_id: int):
    return _decide(request_id, "approve")


@bp.post("/sources/<int:request_id>/reject")
def reject_source_link(request_id: int):
    return _decide(request_id, "reject")
