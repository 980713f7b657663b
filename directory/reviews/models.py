"""Patient reviews, their reports, the owners' responses and review invites.

Only published reviews count towards a practitioner's rating. Review text is never edited: a
reviewer who wants to change a review writes a new one, which replaces the old one once confirmed
(the old row stays, with status "replaced"). Moderators publish, reject or remove whole reviews
for a published reason; nobody else can change a review's status but its author (withdrawing).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models_base import Base, TimestampMixin, one_of
from directory.practitioners.models import Practitioner

REVIEW_STATUSES = ("unconfirmed", "held", "published", "rejected", "removed", "withdrawn", "replaced")

# Why a moderator may reject or remove a review. Never "negative": the list is published on the
# policy page, and the listing's public moderation summary counts removals by these reasons.
MODERATION_REASONS = {
    "fake_or_conflict": "Fake, or written with a conflict of interest",
    "incentivised": "Incentivised (written in exchange for a discount, gift or payment)",
    "harassment": "Harassment, threats or abuse",
    "personal_information": "Personal or third-party health information",
    # The key stays as stored; the name is what people read (decision 0008).
    "clinical_testimonial": "Positive clinical testimonial (on a physiotherapist's listing)",
    "off_topic": "Off-topic (not about the reviewer's own experience of this practitioner)",
    "legal_order": "A legal order",
}

# What a visitor may report: the same reasons (a report argues one of them) plus "other".
REPORT_REASONS = {**MODERATION_REASONS, "other": "Something else (explain in the note)"}

# Why a moderator may decline an owner's response (it is the practitioner's own words: decision 0008).
RESPONSE_STATUSES = ("published", "held", "rejected")
RESPONSE_MODERATION_REASONS = {
    "clinical_claim": "A claim about treatment or its results",
    "patient_details": "Confirms that the reviewer was a patient, or discusses their health or treatment",
    "harassment": "Harassment, threats or abuse",
}

# Non-clinical aspects a reviewer may rate besides the overall rating.
ASPECTS = {
    "communication": "Communication",
    "punctuality": "Punctuality",
    "explanation": "Explanation of treatment and fees",
    "premises": "Premises",
}


class ReviewInvite(Base):
    """A single-use link an owner hands a patient. A review written through it is labelled "invited by
    the practice": the practice chose whom to invite, and nothing else checks the visit.

    Only a hash of the token is stored; the owner sees the link once, when it is created.
    """

    __tablename__ = "review_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # A keyed hash of the owner's client address when the invite was made.
    client_key: Mapped[str | None] = mapped_column(sa.String(64))


class Review(TimestampMixin, Base):
    __tablename__ = "reviews"
    __table_args__ = (
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        sa.CheckConstraint(one_of("status", REVIEW_STATUSES), name="status"),
        sa.CheckConstraint(
            "moderation_reason IS NULL OR " + one_of("moderation_reason", MODERATION_REASONS),
            name="moderation_reason",
        ),
        *(
            sa.CheckConstraint(f"aspect_{name} IS NULL OR aspect_{name} BETWEEN 1 AND 5", name=f"aspect_{name}")
            for name in ASPECTS
        ),
        sa.Index("ix_reviews_practitioner_status_published", "practitioner_id", "status", "published_at"),
        # One published review per reviewer and practitioner, whatever the code above does.
        sa.Index(
            "uq_reviews_one_published_per_email",
            "practitioner_id",
            "email_key",
            unique=True,
            sqlite_where=sa.text("status = 'published'"),
            postgresql_where=sa.text("status = 'published'"),
        ),
        sa.Index("ix_reviews_email_key_practitioner", "email_key", "practitioner_id"),
        sa.Index("ix_reviews_status_created", "status", "created_at"),
        sa.Index("ix_reviews_client_key_created", "client_key", "created_at"),
        # Screening's look-ups (reviews/screening.py), each with the status it asks for, so that
        # no planner prefers ix_reviews_status_created and reads every published review.
        sa.Index("ix_reviews_fingerprint_status", "fingerprint", "status"),
        sa.Index("ix_reviews_email_key_status_id", "email_key", "status", "id"),
        sa.Index("ix_reviews_client_key_status_id", "client_key", "status", "id"),
        sa.Index("ix_reviews_demo_status_id", "is_demo", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(sa.SmallInteger)
    title: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    body: Mapped[str] = mapped_column(sa.Text)
    display_name: Mapped[str] = mapped_column(sa.String(80))
    # Never shown publicly (pages, API, JSON-LD). Stored lower-case.
    email: Mapped[str] = mapped_column(sa.String(254))
    # Who the reviewer is, for "one review per person": the address without its "+tag" (and,
    # for Gmail, without dots), so that jo+1@… and jo+2@… are the same reviewer.
    email_key: Mapped[str] = mapped_column(sa.String(254))
    visit_month: Mapped[str] = mapped_column(sa.String(7))  # YYYY-MM
    aspect_communication: Mapped[int | None] = mapped_column(sa.SmallInteger)
    aspect_punctuality: Mapped[int | None] = mapped_column(sa.SmallInteger)
    aspect_explanation: Mapped[int | None] = mapped_column(sa.SmallInteger)
    aspect_premises: Mapped[int | None] = mapped_column(sa.SmallInteger)
    status: Mapped[str] = mapped_column(sa.String(12), default="unconfirmed")
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    is_demo: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    # Screening: a keyed hash of the client address (never the address itself), a fingerprint of
    # the normalised text, and the signals found with their scores ([{"signal", "score", "detail"}]).
    client_key: Mapped[str | None] = mapped_column(sa.String(64))
    fingerprint: Mapped[str | None] = mapped_column(sa.String(64))
    screening: Mapped[list] = mapped_column(sa.JSON, default=list, server_default="[]")
    screening_score: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    # What the reviewer is told when the review is held (e.g. a positive clinical testimonial).
    hold_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # A moderator's decision: one of MODERATION_REASONS, a note for the reviewer, who and when.
    moderation_reason: Mapped[str | None] = mapped_column(sa.String(40))
    moderation_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    moderated_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    moderated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Written through an owner's invite: labelled "invited by the practice". Several unconfirmed reviews
    # may name one invite (a patient who mistyped their address writes again); the first to be
    # confirmed uses it up, with a conditional UPDATE of review_invites.used_at, and keeps it.
    invite_id: Mapped[int | None] = mapped_column(sa.ForeignKey("review_invites.id", ondelete="SET NULL"), index=True)
    # The newer version of this review by the same reviewer, once it has replaced this one.
    replaced_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reviews.id", ondelete="SET NULL"), index=True)

    practitioner: Mapped[Practitioner] = relationship()
    response: Mapped[ReviewResponse | None] = relationship(back_populates="review", uselist=False)

    @property
    def invited(self) -> bool:
        return self.invite_id is not None

    @property
    def labels(self) -> list[str]:
        """Where the review comes from, as shown beside it and in the API."""
        if self.is_demo:
            return ["demo"]
        # "verified" is kept for what the site itself checked: an invitation proves only that the
        # practice chose to ask this person.
        return ["invited-by-practice", "confirmed-email"] if self.invited else ["confirmed-email"]

    @property
    def aspects(self) -> list[tuple[str, int]]:
        """The aspect ratings given, as (label, stars)."""
        return [
            (label, getattr(self, f"aspect_{key}")) for key, label in ASPECTS.items() if getattr(self, f"aspect_{key}")
        ]


class ReviewResponse(TimestampMixin, Base):
    """The owner's one public response to a review (unique per review), editable by the owner.

    Screened like a review (decision 0008): a response that makes a clinical claim or speaks of the
    reviewer's health, treatment or visit is held for a moderator and shown only once published.
    """

    __tablename__ = "review_responses"
    __table_args__ = (
        sa.CheckConstraint(one_of("status", RESPONSE_STATUSES), name="status"),
        sa.CheckConstraint(
            "moderation_reason IS NULL OR " + one_of("moderation_reason", RESPONSE_MODERATION_REASONS),
            name="moderation_reason",
        ),
        sa.Index("ix_review_responses_status_updated", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default="published", server_default="published")
    # The signals found ([{"signal", "score", "detail", "quote"}]) and what the owner is told.
    screening: Mapped[list] = mapped_column(sa.JSON, default=list, server_default="[]")
    hold_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    moderation_reason: Mapped[str | None] = mapped_column(sa.String(40))
    moderation_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    moderated_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    moderated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def published(self) -> bool:
        return self.status == "published"

    review: Mapped[Review] = relationship(back_populates="response")


class ReviewReport(Base):
    """Someone's report of a review against the policy. It never hides the review by itself."""

    __tablename__ = "review_reports"
    __table_args__ = (
        sa.CheckConstraint(one_of("reason", REPORT_REASONS), name="reason"),
        sa.CheckConstraint("status IN ('open', 'upheld', 'dismissed')", name="status"),
        sa.Index("ix_review_reports_status_created", "status", "created_at"),
        sa.Index("ix_review_reports_review", "review_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(sa.String(40))
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Told the outcome when given. Never shown publicly.
    reporter_email: Mapped[str | None] = mapped_column(sa.String(254))
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    by_owner: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    client_key: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(10), default="open", server_default="open")
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


# Requests to remove a review on legal grounds, or disputes about one (the page /review-disputes).
TAKEDOWN_ROLES = {
    "practitioner": "The practitioner the review is about, or their practice",
    "reviewer": "The person who wrote the review",
    "named_person": "A person named or described in the review",
    "representative": "A lawyer or other representative",
    "other": "Someone else",
}
TAKEDOWN_GROUNDS = {
    "defamation": "It states something false that harms a reputation (a defamation concern)",
    "privacy": "It shares someone's personal or health information",
    "legal_order": "A court or tribunal order, or another legal requirement",
    "policy": "It breaks the review policy in another way",
    "remove_my_review": "I wrote it and want it taken down",
    "other": "Something else",
}
TAKEDOWN_OUTCOMES = {
    "removed": "The review was removed for a published reason",
    "kept": "The review stays: it follows the policy and no order requires its removal",
    "withdrawn": "The writer withdrew the review",
    "no_review": "No published review matched the request",
}
TAKEDOWN_CHANNELS = ("form", "email", "post", "phone")


class TakedownRequest(Base):
    """A dispute about a review, or a request to remove it on legal grounds, and its outcome.

    Received through the public form or recorded by an administrator (e-mail, post, phone). A
    request never hides a review by itself; "removed" is a moderator's removal for a published
    reason (``moderation_reason``), made with the decision.
    """

    __tablename__ = "takedown_requests"
    __table_args__ = (
        sa.CheckConstraint(one_of("requester_role", TAKEDOWN_ROLES), name="requester_role"),
        sa.CheckConstraint(one_of("grounds", TAKEDOWN_GROUNDS), name="grounds"),
        sa.CheckConstraint("outcome IS NULL OR " + one_of("outcome", TAKEDOWN_OUTCOMES), name="outcome"),
        sa.CheckConstraint(one_of("received_via", TAKEDOWN_CHANNELS), name="received_via"),
        sa.Index("ix_takedown_requests_outcome_created", "outcome", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reviews.id", ondelete="SET NULL"), index=True)
    requester_role: Mapped[str] = mapped_column(sa.String(20))
    grounds: Mapped[str] = mapped_column(sa.String(20))
    details: Mapped[str] = mapped_column(sa.Text)
    requester_name: Mapped[str] = mapped_column(sa.String(120))
    # Told the outcome. Never shown publicly nor to the other side.
    requester_email: Mapped[str] = mapped_column(sa.String(254))
    received_via: Mapped[str] = mapped_column(sa.String(10), default="form", server_default="form")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    client_key: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )
    # NULL while open; then one of TAKEDOWN_OUTCOMES.
    outcome: Mapped[str | None] = mapped_column(sa.String(12))
    outcome_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    review: Mapped[Review | None] = relationship()


# The orders a visitor may choose for a listing's reviews (never the owner's choice).
REVIEW_ORDERS = {
    "newest": (Review.published_at.desc(), Review.id.desc()),
    "highest": (Review.rating.desc(), Review.published_at.desc(), Review.id.desc()),
    "lowest": (Review.rating.asc(), Review.published_at.desc(), Review.id.desc()),
}
