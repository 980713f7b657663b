"""Claims on listings, and changes to verification contacts that wait for confirmation."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.models_base import Base, TimestampMixin, one_of
from directory.practitioners.models import Practice, Practitioner

CLAIM_METHODS = ("email_code", "registration")
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
    """A new practice e-mail or phone (used to verify claims), held until confirmed."""

    __tablename__ = "contact_changes"
    __table_args__ = (
        sa.CheckConstraint("field IN ('email', 'phone')", name="field"),
        sa.CheckConstraint("status IN ('pending', 'confirmed', 'rejected', 'superseded')", name="status"),
        sa.Index("ix_contact_changes_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("practices.id", ondelete="CASCADE"))
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="CASCADE"))
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(sa.String(10))
    new_value: Mapped[str] = mapped_column(sa.String(254))
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    practice: Mapped[Practice] = relationship()
    practitioner: Mapped[Practitioner] = relationship()
    requested_by: Mapped[User] = relationship()
