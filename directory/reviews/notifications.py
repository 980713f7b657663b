"""The e-mails of reviews: who gets which message, with which links.

Each function returns a ``mail.Email``; the view sends it after the commit with ``mail.send``.
Owners are never told a reviewer's e-mail address.
"""

from __future__ import annotations

from directory.mail import Email, link_for
from directory.practitioners.models import Practitioner
from directory.reviews import disputes
from directory.reviews.models import (
    MODERATION_REASONS,
    RESPONSE_MODERATION_REASONS,
    TAKEDOWN_GROUNDS,
    TAKEDOWN_OUTCOMES,
    Review,
    ReviewReport,
    ReviewResponse,
    TakedownRequest,
)
from directory.reviews.submission import CONFIRM_WITHIN, review_token

DECISION_SUBJECTS = {
    "published": "Your review of {name} is published",
    "rejected": "Your review of {name} was not published",
    "removed": "Your review of {name} was removed",
}


def _reason(review: Review) -> str:
    return MODERATION_REASONS.get(review.moderation_reason or "", "")


def confirmation(review: Review, practitioner: Practitioner) -> Email:
    """The link that confirms a new review, to the reviewer."""
    return Email(
        review.email,
        f"Confirm your review of {practitioner.name}",
        "reviews/email/confirm.txt",
        {
            "review": review,
            "practitioner": practitioner,
            "link": link_for("reviews.manage", token=review_token(review)),
            "days": CONFIRM_WITHIN.days,
        },
    )


def decision(review: Review, practitioner: Practitioner, rescreened: bool = False) -> Email:
    """Tells a reviewer what a moderator decided about their review (``rescreened``: it was published
    because the screening rule changed, without a moderator)."""
    subject = DECISION_SUBJECTS.get(review.status, "Your review of {name}").format(name=practitioner.name)
    return Email(
        review.email,
        subject,
        "reviews/email/decision.txt",
        {
            "review": review,
            "practitioner": practitioner,
            "link": link_for("reviews.manage", token=review_token(review)),
            "reason": _reason(review),
            "policy": link_for("reviews.policy"),
            "rescreened": rescreened,
        },
    )


def owner_notice(review: Review, practitioner: Practitioner) -> Email | None:
    """Tells a listing's owner that a review of it was published (None when it has no owner)."""
    owner = practitioner.owner
    if owner is None:
        return None
    return Email(
        owner.email,
        f"A new review of {practitioner.name} is published",
        "reviews/email/owner_notice.txt",
        {
            "review": review,
            "practitioner": practitioner,
            "respond": link_for("reviews.respond", slug=practitioner.slug, review_id=review.id),
            "policy": link_for("reviews.policy"),
        },
    )


def response_decision(response: ReviewResponse, review: Review, practitioner: Practitioner, owner_email: str) -> Email:
    """Tells the owner what a moderator decided about their held response."""
    published = response.status == "published"
    return Email(
        owner_email,
        f"Your response to a review of {practitioner.name} is {'published' if published else 'not published'}",
        "reviews/email/response_decision.txt",
        {
            "response": response,
            "review": review,
            "practitioner": practitioner,
            "reason": RESPONSE_MODERATION_REASONS.get(response.moderation_reason or "", ""),
            "respond": link_for("reviews.respond", slug=practitioner.slug, review_id=review.id),
            "policy": link_for("reviews.policy"),
        },
    )


def report_outcome(report: ReviewReport, review: Review, practitioner: Practitioner) -> Email:
    """Tells the author of a report how a moderator decided it."""
    return Email(
        report.reporter_email,
        f"Your report about a review of {practitioner.name}",
        "reviews/email/report_outcome.txt",
        {
            "report": report,
            "review": review,
            "practitioner": practitioner,
            "reason": _reason(review),
            "policy": link_for("reviews.policy"),
        },
    )


def dispute_received(request: TakedownRequest) -> Email:
    """Acknowledges a dispute or takedown request at once, with the times the page promises."""
    return Email(
        request.requester_email,
        f"We have your request about review #{request.review_id} (reference {request.id})",
        "reviews/email/dispute_received.txt",
        {
            "request": request,
            "grounds": TAKEDOWN_GROUNDS.get(request.grounds, ""),
            "decide_within": disputes.URGENT_DECIDE_WITHIN
            if request.grounds in disputes.URGENT_GROUNDS
            else disputes.DECIDE_WITHIN,
            "page": link_for("reviews.disputes"),
        },
    )


def dispute_decided(request: TakedownRequest) -> Email:
    """Tells the requester the outcome of their request, and why."""
    return Email(
        request.requester_email,
        f"Your request about review #{request.review_id} (reference {request.id})",
        "reviews/email/dispute_decided.txt",
        {
            "request": request,
            "outcome": TAKEDOWN_OUTCOMES.get(request.outcome or "", ""),
            "policy": link_for("reviews.policy"),
        },
    )
