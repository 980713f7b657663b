"""The audit log: every claim decision, ownership change and listing edit, append-only."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.models_base import Base


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        sa.Index("ix_audit_events_practitioner_created", "practitioner_id", "created_at"),
        sa.Index("ix_audit_events_created", "created_at"),
        # The transparency report counts actions over months.
        sa.Index("ix_audit_events_action_created", "action", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )
    # Who acted: an account, or nobody (the system, e.g. an expiry).
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Dotted verbs: "claim.code_sent", "claim.approved", "listing.edited", "ownership.revoked", …
    action: Mapped[str] = mapped_column(sa.String(60))
    practitioner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="SET NULL"))
    claim_id: Mapped[int | None] = mapped_column(sa.ForeignKey("claims.id", ondelete="SET NULL"))
    # What changed: {"bio": ["old", "new"], …} for edits; reasons and methods for decisions.
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship()
