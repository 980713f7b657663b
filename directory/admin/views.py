"""The administrators' area: queues of work (claims, contact changes), ownership, the audit log.

Every route of this blueprint is for administrators only: ``require_admin`` runs before each of
them, so a new route cannot forget the check. Decisions go through the claims services, the view
commits once, and only then are e-mails sent (a failed e-mail keeps the decision and says so).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import Session, joinedload

from directory.accounts.models import User
from directory.admin.forms import (
    ApproveClaimForm,
    ApproveContactChangeForm,
    RejectClaimForm,
    RejectContactChangeForm,
    RevokeOwnershipForm,
    TransferOwnershipForm,
    row_form,
)
from directory.audit.models import AuditEvent
from directory.claims import services as claim_services
from directory.claims.models import Claim, ContactChange
from directory.errors import DomainError
from directory.extensions import db, limiter, login_manager
from directory.listings.models import Practitioner
from directory.mail import send_mail
from directory.reviews import services as review_services
from directory.reviews.forms import ModerationForm
from directory.reviews.models import MODERATION_REASONS, REPORT_REASONS, Review, ReviewReport

bp = Blueprint("admin", __name__)

PER_PAGE = 25
AUDIT_PER_PAGE = 50

# Every POST of the area shares one budget per client address (generous for a person working
# a queue, small for a script). RATELIMIT_ADMIN can change it, e.g. in tests.
limiter.limit(
    lambda: current_app.config.get("RATELIMIT_ADMIN", "120/hour"),
    methods=["POST"],
    error_message="Too many decisions from this address; wait a few minutes.",
)(bp)


@bp.before_request
def require_admin():
    """Anonymous visitors go to the login page (as with login_required); other accounts get 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)
    return None


# --- Queues -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    """A list of things waiting for an administrator, shown on the overview with its count.

    A new queue (e.g. reviews held for moderation) is one more entry in QUEUES and its views.
    """

    title: str
    endpoint: str
    description: str
    count: Callable[[Session], int]


def _pending_claims(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(Claim.id)).where(Claim.status == "pending_review")) or 0


def _pending_contact_changes(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(ContactChange.id)).where(ContactChange.status == "pending")) or 0


def _open_report_exists():
    return sa.exists().where(ReviewReport.review_id == Review.id, ReviewReport.status == "open")


def _review_queue_condition():
    """Held reviews, and published reviews somebody reported."""
    return sa.or_(Review.status == "held", sa.and_(Review.status == "published", _open_report_exists()))


def _pending_reviews(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count(Review.id)).where(_review_queue_condition())) or 0


QUEUES: list[Queue] = [
    Queue(
        "Reviews",
        "admin.reviews",
        "Reviews held by screening, and reviews reported by visitors or owners.",
        _pending_reviews,
    ),
    Queue(
        "Claims",
        "admin.claims",
        "Claims by registration or membership number, and claims on owned listings.",
        _pending_claims,
    ),
    Queue(
        "Contact changes",
        "admin.contact_changes",
        "New practice phone numbers and e-mail addresses used to verify claims.",
        _pending_contact_changes,
    ),
]


# --- Helpers ----------------------------------------------------------------------------------


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _page_arg() -> int:
    value = request.args.get("page", "1")
    return max(1, int(value)) if value.isdigit() and len(value) < 6 else 1


def paginate(
    base: sa.Select, *, order_by: Sequence, options: Sequence = (), per_page: int = PER_PAGE, scalars: bool = True
) -> Page:
    """One page of ``base`` (two statements: the count, then the rows with their eager loads)."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.order_by(None).subquery())) or 0
    page = min(_page_arg(), max(1, math.ceil(total / per_page)))
    statement = base.options(*options).order_by(*order_by).offset((page - 1) * per_page).limit(per_page)
    result = db.session.scalars(statement) if scalars else db.session.execute(statement)
    return Page(list(result.all()), page, per_page, total)


def _admin() -> User:
    return current_user._get_current_object()


def _send(to: str, subject: str, body: str) -> None:
    """Send after the commit; a failure is reported to the administrator, the decision stays."""
    if not send_mail(to, subject, body):
        flash(f"The decision is saved, but the e-mail to {to} could not be sent. Tell them another way.", "warning")


def _listing_url(practitioner: Practitioner) -> str:
    return url_for("listings.detail", slug=practitioner.slug, _external=True)


def _apply_error(form, error: DomainError, default_field: str | None = None) -> None:
    """Show a service's error next to its field (or ``default_field``), else above the form."""
    name = error.field if error.field in form._fields else default_field
    if name and name in form._fields:
        form[name].errors = [*form[name].errors, error.message]
    else:
        form.form_errors.append(error.message)


# --- Overview ---------------------------------------------------------------------------------


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


# --- Claims queue -----------------------------------------------------------------------------


def _claim_options() -> list:
    return [joinedload(Claim.practitioner).joinedload(Practitioner.owner), joinedload(Claim.user)]


def _load_claim(claim_id: int) -> Claim:
    """The claim with its listing, listing owner and claimant. 404 when there is none."""
    claim = db.session.scalar(sa.select(Claim).where(Claim.id == claim_id).options(*_claim_options()))
    if claim is None:
        abort(404)
    return claim


def _render_claims(bound: dict[tuple[str, int], Any] | None = None, status: int = 200):
    bound = bound or {}
    page = paginate(
        sa.select(Claim).where(Claim.status == "pending_review"),
        order_by=[Claim.created_at, Claim.id],
        options=_claim_options(),
    )
    rows = [
        {
            "claim": claim,
            "approve": bound.get(("approve", claim.id)) or row_form(ApproveClaimForm, claim.id),
            "reject": bound.get(("reject", claim.id)) or row_form(RejectClaimForm, claim.id),
        }
        for claim in page.items
    ]
    return render_template("admin/claims.html", page=page, rows=rows), status


def _back_to_claims():
    return redirect(url_for("admin.claims", page=_page_arg()))


def _decided_elsewhere():
    flash("This claim has already been decided (perhaps by another administrator).", "warning")
    return _back_to_claims()


@bp.get("/claims")
def claims():
    return _render_claims()


@bp.post("/claims/<int:claim_id>/approve")
def approve_claim(claim_id: int):
    claim = _load_claim(claim_id)
    if claim.status != "pending_review":
        return _decided_elsewhere()
    form = row_form(ApproveClaimForm, claim.id, bind=True)
    if not form.validate_on_submit():
        return _render_claims({("approve", claim.id): form}, 400)
    practitioner = claim.practitioner
    previous_owner = practitioner.owner
    previous = (previous_owner.id, previous_owner.email) if previous_owner else None
    try:
        claim_services.approve_claim(db.session, claim, _admin(), reason=form.note.data or "")
    except DomainError as error:
        db.session.rollback()
        flash(f"Not approved: {error.message}", "error")
        return _back_to_claims()
    db.session.commit()
    flash(f"Approved: {claim.user.email} now manages {practitioner.name}.", "success")
    _send(*claim_services.decision_email(claim))
    if previous and previous[0] != claim.user_id and practitioner.owner_id != previous[0]:
        _send(
            previous[1],
            f"You no longer manage {practitioner.name} on MoveWell Directory",
            render_template(
                "admin/email/ownership_removed.txt",
                practitioner=practitioner,
                listing_url=_listing_url(practitioner),
                reason=form.note.data or "",
                because="another person's claim on the listing was approved",
            ),
        )
    return _back_to_claims()


@bp.post("/claims/<int:claim_id>/reject")
def reject_claim(claim_id: int):
    claim = _load_claim(claim_id)
    if claim.status != "pending_review":
        return _decided_elsewhere()
    form = row_form(RejectClaimForm, claim.id, bind=True)
    if form.validate_on_submit():
        try:
            claim_services.reject_claim(db.session, claim, _admin(), reason=form.reason.data)
        except DomainError as error:
            db.session.rollback()
            _apply_error(form, error, default_field="reason")
        else:
            db.session.commit()
            flash(f"Rejected the claim by {claim.user.email} on {claim.practitioner.name}.", "success")
            _send(*claim_services.decision_email(claim))
            return _back_to_claims()
    return _render_claims({("reject", claim.id): form}, 400)


# --- Ownership --------------------------------------------------------------------------------


def _load_listing(slug: str) -> Practitioner:
    """The listing with its owner. 404 when no listing has this slug."""
    practitioner = db.session.scalar(
        sa.select(Practitioner).where(Practitioner.slug == slug).options(joinedload(Practitioner.owner))
    )
    if practitioner is None:
        abort(404)
    return practitioner


def _render_ownership(practitioner: Practitioner, transfer=None, revoke=None, status: int = 200):
    return render_template(
        "admin/ownership.html",
        practitioner=practitioner,
        transfer_form=transfer or TransferOwnershipForm(formdata=None),
        revoke_form=revoke or RevokeOwnershipForm(formdata=None),
    ), status


@bp.get("/listings/<slug>/ownership")
def ownership(slug: str):
    return _render_ownership(_load_listing(slug))


@bp.post("/listings/<slug>/ownership/transfer")
def transfer_ownership(slug: str):
    practitioner = _load_listing(slug)
    form = TransferOwnershipForm()
    if form.validate_on_submit():
        new_owner = db.session.scalar(sa.select(User).where(User.email == form.email.data.lower()))
        previous_owner = practitioner.owner
        previous_email = previous_owner.email if previous_owner else None
        if new_owner is None:
            form.email.errors.append("No account has this e-mail address.")
        elif not new_owner.email_confirmed:
            # transfer_ownership does not check this; a listing must go to a proven address.
            form.email.errors.append("This account has not confirmed its e-mail address yet.")
        else:
            try:
                claim_services.transfer_ownership(db.session, practitioner, new_owner, _admin(), form.reason.data)
            except DomainError as error:
                db.session.rollback()
                # Errors about the new owner (unconfirmed, owns another listing) belong to the e-mail.
                _apply_error(form, error, default_field="email")
            else:
                db.session.commit()
                flash(f"{new_owner.email} now manages {practitioner.name}.", "success")
                listing_url = _listing_url(practitioner)
                _send(
                    new_owner.email,
                    f"You now manage {practitioner.name} on MoveWell Directory",
                    render_template(
                        "admin/email/ownership_granted.txt",
                        practitioner=practitioner,
                        listing_url=listing_url,
                        reason=form.reason.data,
                    ),
                )
                if previous_email and previous_email != new_owner.email:
                    _send(
                        previous_email,
                        f"You no longer manage {practitioner.name} on MoveWell Directory",
                        render_template(
                            "admin/email/ownership_removed.txt",
                            practitioner=practitioner,
                            listing_url=listing_url,
                            reason=form.reason.data,
                            because="an administrator transferred it to another account",
                        ),
                    )
                return redirect(url_for("admin.ownership", slug=practitioner.slug))
    return _render_ownership(_load_listing(slug), transfer=form, status=400)


@bp.post("/listings/<slug>/ownership/revoke")
def revoke_ownership(slug: str):
    practitioner = _load_listing(slug)
    form = RevokeOwnershipForm()
    if form.validate_on_submit():
        previous_owner = practitioner.owner
        if previous_owner is None:
            flash("This listing has no owner to remove.", "warning")
            return redirect(url_for("admin.ownership", slug=practitioner.slug))
        previous_email = previous_owner.email
        try:
            claim_services.revoke_ownership(db.session, practitioner, _admin(), form.reason.data)
        except DomainError as error:
            db.session.rollback()
            _apply_error(form, error, default_field="reason")
        else:
            db.session.commit()
            flash(f"{previous_email} no longer manages {practitioner.name}.", "success")
            _send(
                previous_email,
                f"You no longer manage {practitioner.name} on MoveWell Directory",
                render_template(
                    "admin/email/ownership_removed.txt",
                    practitioner=practitioner,
                    listing_url=_listing_url(practitioner),
                    reason=form.reason.data,
                    because="an administrator removed you as its owner",
                ),
            )
            return redirect(url_for("admin.ownership", slug=practitioner.slug))
    return _render_ownership(_load_listing(slug), revoke=form, status=400)


# --- Contact changes queue --------------------------------------------------------------------


def _contact_change_options() -> list:
    return [
        joinedload(ContactChange.practitioner),
        joinedload(ContactChange.practice),
        joinedload(ContactChange.requested_by),
    ]


def _load_contact_change(change_id: int) -> ContactChange:
    """The change with its listing, practice and requester. 404 when there is none."""
    change = db.session.scalar(
        sa.select(ContactChange).where(ContactChange.id == change_id).options(*_contact_change_options())
    )
    if change is None:
        abort(404)
    return change


def _render_contact_changes(bound: dict[tuple[str, int], Any] | None = None, status: int = 200):
    bound = bound or {}
    page = paginate(
        sa.select(ContactChange).where(ContactChange.status == "pending"),
        order_by=[ContactChange.created_at, ContactChange.id],
        options=_contact_change_options(),
    )
    rows = [
        {
            "change": change,
            "approve": bound.get(("approve", change.id)) or row_form(ApproveContactChangeForm, change.id),
            "reject": bound.get(("reject", change.id)) or row_form(RejectContactChangeForm, change.id),
        }
        for change in page.items
    ]
    return render_template("admin/contact_changes.html", page=page, rows=rows), status


def _decide_contact_change(change_id: int, approve: bool):
    change = _load_contact_change(change_id)
    back = redirect(url_for("admin.contact_changes", page=_page_arg()))
    if change.status != "pending":
        flash("This change has already been decided.", "warning")
        return back
    form_class = ApproveContactChangeForm if approve else RejectContactChangeForm
    form = row_form(form_class, change.id, bind=True)
    if form.validate_on_submit():
        requester_email = change.requested_by.email
        try:
            claim_services.decide_contact_change(
                db.session, change, _admin(), approve=approve, reason=form.reason.data or ""
            )
        except DomainError as error:
            db.session.rollback()
            _apply_error(form, error, default_field="reason")
        else:
            db.session.commit()
            practitioner = change.practitioner
            flash(f"{'Approved' if approve else 'Rejected'} the new {change.field} for {practitioner.name}.", "success")
            _send(
                requester_email,
                f"Your change to {practitioner.name} on MoveWell Directory was "
                + ("approved" if approve else "not approved"),
                render_template(
                    "admin/email/contact_change_decided.txt",
                    change=change,
                    approve=approve,
                    practitioner=practitioner,
                    reason=form.reason.data or "",
                ),
            )
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


# --- Reviews queue ----------------------------------------------------------------------------

# Reports that may concern personal information or abuse come first: such a review is the one
# that should not stay up while it waits.
URGENT_REPORT_REASONS = ("personal_information", "harassment")
REVIEW_ACTIONS = {"publish": "Published", "reject": "Rejected", "remove": "Removed", "keep": "Kept"}


def _review_options() -> list:
    return [joinedload(Review.practitioner).joinedload(Practitioner.owner)]


def _render_reviews(bound: dict[tuple[str, int], Any] | None = None, status: int = 200):
    bound = bound or {}
    urgent = sa.exists().where(
        ReviewReport.review_id == Review.id,
        ReviewReport.status == "open",
        ReviewReport.reason.in_(URGENT_REPORT_REASONS),
    )
    page = paginate(
        sa.select(Review).where(_review_queue_condition()),
        order_by=[sa.case((urgent, 0), else_=1), Review.created_at, Review.id],
        options=_review_options(),
    )
    reports: dict[int, list[ReviewReport]] = {}
    if page.items:
        for report in db.session.scalars(
            sa.select(ReviewReport)
            .where(ReviewReport.review_id.in_([r.id for r in page.items]), ReviewReport.status == "open")
            .order_by(ReviewReport.id)
        ):
            reports.setdefault(report.review_id, []).append(report)
    rows = []
    for review in page.items:
        actions = ["publish", "reject"] if review.status == "held" else ["keep", "remove"]
        forms = {}
        for action in actions:
            form = bound.get((action, review.id)) or row_form(ModerationForm, review.id)
            for field in form:
                field.id = f"{action}-{review.id}-{field.name}"
                field.label.field_id = field.id
            forms[action] = form
        rows.append({"review": review, "reports": reports.get(review.id, []), "forms": forms})
    return render_template(
        "admin/reviews.html", page=page, rows=rows, report_reasons=REPORT_REASONS, reasons=MODERATION_REASONS
    ), status


@bp.get("/reviews")
def reviews():
    return _render_reviews()


def moderate_review(review_id: int, action: str):
    review = db.session.scalar(sa.select(Review).where(Review.id == review_id).options(*_review_options()))
    if review is None:
        abort(404)
    back = redirect(url_for("admin.reviews", page=_page_arg()))
    applies = {"publish": "held", "reject": "held", "keep": "published", "remove": "published"}[action]
    if review.status != applies:
        flash(
            f"Review #{review.id} is {review.status}: “{action}” does not apply to it (perhaps another "
            "administrator decided it already).",
            "warning",
        )
        return back
    form = row_form(ModerationForm, review.id, bind=True)
    if action in ("publish", "keep"):
        del form.reason  # a reason is given only for taking a review down
    if not form.validate_on_submit():
        return _render_reviews({(action, review.id): form}, 400)
    reason = form.reason.data if action in ("reject", "remove") else None
    if action in ("reject", "remove") and not reason:
        form.reason.errors.append(
            "Choose one of the published reasons: the reviewer is told it, and the listing "
            "shows it in its moderation summary."
        )
        return _render_reviews({(action, review.id): form}, 400)
    practitioner = review.practitioner
    try:
        reports = review_services.moderate(
            db.session, review, _admin(), action, reason=reason, note=form.note.data or ""
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return back
    db.session.commit()
    flash(f"{REVIEW_ACTIONS[action]}: review #{review.id} of {practitioner.name}.", "success")
    if action != "keep":
        _send(*review_services.decision_email(review, practitioner))
    if action == "publish":
        notice = review_services.owner_notice_email(review, practitioner)
        if notice is not None:
            _send(*notice)
    for report in reports:
        if report.reporter_email:
            _send(*review_services.report_outcome_email(report, review, practitioner))
    return back


for _action in REVIEW_ACTIONS:
    bp.add_url_rule(
        f"/reviews/<int:review_id>/{_action}",
        "moderate_review",
        moderate_review,
        methods=["POST"],
        defaults={"action": _action},
    )


# --- Audit log --------------------------------------------------------------------------------


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
        base,
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
