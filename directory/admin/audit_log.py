"""The audit log: every claim event, decision and edit, newest first, filtered by action or listing."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import render_template, request
from sqlalchemy.orm import joinedload

from directory.admin.common import bp, requested_page
from directory.audit.models import AuditEvent
from directory.extensions import db
from directory.pagination import paginate
from directory.practitioners.models import Practitioner

AUDIT_PER_PAGE = 50


def detail_pairs(details: Any) -> list[tuple[str, str]]:
    """An event's details as (key, text) pairs; the template escapes both."""
    if not details:
        return []
    if not isinstance(details, dict):
        return [("", _as_text(details))]
    return [(str(key), _as_text(value)) for key, value in details.items()]


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


@bp.get("/audit")
def audit():
    action = request.args.get("action", "").strip()[:60]
    listing = request.args.get("listing", "").strip()[:120]
    base = sa.select(AuditEvent, Practitioner.slug, Practitioner.name).outerjoin(
        Practitioner, Practitioner.id == AuditEvent.practitioner_id
    )
    if action:
        base = base.where(AuditEvent.action.startswith(action, autoescape=True))
    if listing:
        base = base.where(Practitioner.slug == listing)
    page = paginate(
        db.session,
        base,
        page=requested_page(),
        order_by=[AuditEvent.created_at.desc(), AuditEvent.id.desc()],
        options=[joinedload(AuditEvent.actor)],
        per_page=AUDIT_PER_PAGE,
        scalars=False,
    )
    events = [
        {"event": event, "slug": slug, "name": name, "details": detail_pairs(event.details)}
        for event, slug, name in page.items
    ]
    return render_template("admin/audit.html", page=page, events=events, action=action, listing=listing)
