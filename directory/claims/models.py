"""Claims on listings, and changes to verification contacts that wait for confirmation."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.models_base import Base, TimestampMixin, one_of
from directory.practitioners.models import Practice, Practitioner

CLAIM_METHODS = ("email_code", "registration")
# What a held change may set on a practice: the contacts that verify claims, and (at a practice
# shared with colleagues) its website and location, which appear on their listings too.
CONTACT_FIELDS = ("email", "phone", "website", "location")
CLAIM_STATUSES = ("awaiting_code", "pending_review", "approved", "rejected", "locked", "expired", "withdrawn")


class Claim(TimestampMixin, Base):
    __tablename__ = "claims"
    __table_args__ = (
        sa.CheckConstraint(one_of("method", CLAIM_METHODS), name="method"),
        sa.CheckConstraint(one_of("status", CLAIM_STATUSES), name="status"),
        sa.CheckConstraint("failed_attempts >= 0", name="failed_attempts"),
        sa.Index("ix_claims_status_created", "status", "created_at"),
        sa.Index("ix_claims_user", "user_id", "status"),
        sa.Index("ix_claims_practitioner", "practitioner_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20))
    # Method A: an HMAC of the 6-digit code (never the code), where it went, until when.
    code_hash: Mapped[str | None] = mapped_column(sa.String(64))
    code_sent_to: Mapped[str | None] = mapped_column(sa.String(254))
    code_expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    failed_attempts: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    # Method B: registration (Ahpra) or association membership number, and a note.
    evidence_number: Mapped[str | None] = mapped_column(sa.String(40))
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The listing had an owner when this claim was made: it goes to an administrator.
    contested: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    practitioner: Mapped[Practitioner] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class ContactChange(TimestampMixin, Base):
    """A new practice e-mail or phone (used to verify claims), or a shared practice's new website or
    location, held until confirmed (an e-mail by a link to it, the others by an administrator)."""

    __tablename__ = "contact_changes"
    __table_args__ = (
        sa.CheckConstraint(one_of("field", CONTACT_FIELDS), name="field"),
        sa.CheckConstraint("status IN ('pending', 'confirmed', 'rejected', 'superseded')", name="status"),
        sa.Index("ix_contact_changes_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("practices.id", ondelete="CASCADE"))
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="CASCADE"))
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(sa.String(10))
    # What is shown: the address, number, web address, or the location as one line.
    new_value: Mapped[str] = mapped_column(sa.Text)
    # A new location's parts: address, suburb, state, postcode, lat, lng.
    details: Mapped[dict | None] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    practice: Mapped[Practice] = relationship()
    practitioner: Mapped[Practitioner] = relationship()
    requested_by: Mapped[User] = relationship()

    LABELS = {"email": "e-mail address", "phone": "phone number", "website": "website", "location": "address"}

    @property
    def label(self) -> str:
        """What changes, in words: "e-mail address", "phone number", "website", "address"."""
        return self.LABELS.get(self.field, self.field)

    def current_value(self) -> str | None:
        """What the practice shows now for this field."""
        practice = self.practice
        if self.field == "location":
            return practice.full_address
        return getattr(practice, self.field)
