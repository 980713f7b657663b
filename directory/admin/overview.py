"""The administrators' overview: each queue of work with its count, and finding a listing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from directory.admin import (
    claims_queue,
    contact_changes,
    corrections_queue,
    credentials_queue,
    requests_queue,
    responses_queue,
    review_queue,
    sources_queue,
)
from directory.admin.common import bp
from directory.extensions import db
from directory.practitioners.models import Practitioner


@dataclass(frozen=True)
class Queue:
    """A list of things waiting for an administrator, shown on the overview with its count.

    A new queue is one more entry in QUEUES and a module of its views.
    """

    title: str
    endpoint: str
    description: str
    count: Callable[[Session], int]


QUEUES: list[Queue] = [
    Queue(
        "Reviews",
        "admin.reviews",
        "Reviews held by screening, and reviews reported by visitors or owners.",
        review_queue.pending_count,
    ),
    Queue(
        "Disputes and takedown requests",
        "admin.requests",
        "Requests to remove a review on legal grounds (defamation concerns, privacy, orders), and disputes.",
        requests_queue.pending_count,
    ),
    Queue(
        "Owners' responses",
        "admin.responses",
        "Responses held because they make a clinical claim or speak of the reviewer's health or visit.",
        responses_queue.pending_count,
    ),
    Queue(
        "Claims",
        "admin.claims",
        "Claims by registration or membership number, and claims on owned listings.",
        claims_queue.pending_count,
    ),
    Queue(
        "Reports of incorrect information",
        "admin.corrections",
        "Details of listings that visitors say are wrong or out of date.",
        corrections_queue.pending_count,
    ),
    Queue(
        "Credentials",
        "admin.credentials_queue",
        "Registration and membership numbers never checked, or checked over a year ago.",
        credentials_queue.pending_count,
    ),
    Queue(
        "Contact changes",
        "admin.contact_changes",
        "New practice phone numbers and e-mail addresses used to verify claims.",
        contact_changes.pending_count,
    ),
    Queue(
        "Links to other sites",
        "admin.source_links",
        "Owners' requests to show their listing's rating on another review site.",
        sources_queue.pending_count,
    ),
]


@bp.get("/")
def index():
    queues = [(queue, queue.count(db.session)) for queue in QUEUES]
    return render_template("admin/index.html", queues=queues)


@bp.get("/listings")
def find_listing():
    """Go to a listing's ownership page from its slug (or its address on this site)."""
    slug = request.args.get("slug", "").strip().rstrip("/").rsplit("/", 1)[-1][:120]
    if slug and db.session.scalar(sa.select(Practitioner.id).where(Practitioner.slug == slug)):
        return redirect(url_for("admin.ownership", slug=slug))
    flash(f"No listing has the address “{slug}”." if slug else "Enter a listing's address.", "error")
    return redirect(url_for("admin.index"))
