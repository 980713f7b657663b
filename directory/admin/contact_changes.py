"""The contact changes queue: new practice phone numbers and e-mails that verify claims."""

from __future__ import annotations

from functools import partial
from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from sqlalchemy.orm import Session, joinedload

from directory.admin.common import bp, commit_decision, current_admin, queue_page, requested_page, send_or_warn
from directory.admin.forms import ApproveContactChangeForm, RejectContactChangeForm, row_form, row_forms
from directory.claims import contact_changes as contact_change_services
from directory.claims import notifications
from directory.claims.models import ContactChange
from directory.extensions import db


def pending_count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(ContactChange.id)).where(ContactChange.status == "pending")) or 0


def _contact_change_options() -> list:
    return [
        joinedload(ContactChange.practitioner),
        joinedload(ContactChange.practice),
        joinedload(ContactChange.requested_by),
    ]


def _load_contact_change(change_id: int) -> ContactChange:
    """The change with its listing, practice and requester. 404 when there is none."""
    return db.first_or_404(
        sa.select(ContactChange).where(ContactChange.id == change_id).options(*_contact_change_options())
    )


def _render_contact_changes(bound: dict[tuple[str, int], Any] | None = None, status: int = 200):
    page = queue_page(
        sa.select(ContactChange).where(ContactChange.status == "pending"),
        order_by=[ContactChange.created_at, ContactChange.id],
        options=_contact_change_options(),
    )
    forms = {"approve": ApproveContactChangeForm, "reject": RejectContactChangeForm}
    rows = [{"change": change, **row_forms(change.id, bound, forms)} for change in page.items]
    return render_template("admin/contact_changes.html", page=page, rows=rows), status


def _decide_contact_change(change_id: int, approve: bool):
    change = _load_contact_change(change_id)
    back = redirect(url_for("admin.contact_changes", page=requested_page()))
    if change.status != "pending":
        flash("This change has already been decided.", "warning")
        return back
    form_class = ApproveContactChangeForm if approve else RejectContactChangeForm
    form = row_form(form_class, change.id, bind=True)
    requester_email = change.requested_by.email
    reason = form.reason.data or ""
    decide = partial(
        contact_change_services.decide_contact_change, db.session, change, current_admin(), approve, reason
    )
    if form.validate_on_submit() and commit_decision(form, decide, default_field="reason"):
        practitioner = change.practitioner
        flash(f"{'Approved' if approve else 'Rejected'} the new {change.field} for {practitioner.name}.", "success")
        send_or_warn(notifications.contact_change_decided(change, requester_email, approve, reason))
        return back
    return _render_contact_changes({("approve" if approve else "reject", change.id): form}, 400)


@bp.get("/contact-changes")
def contact_changes():
    return _render_contact_changes()


@bp.post("/contact-changes/<int:change_id>/approve")
def approve_contact_change(change_id: int):
    return _decide_contact_change(change_id, approve=True)


@bp.post("/contact-changes/<int:change_id>/reject")
def reject_contact_change(change_id: int):
    return _decide_contact_change(change_id, approve=False)
