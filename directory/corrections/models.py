"""A report of incorrect information on a listing, and what an administrator decided."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models_base import Base, one_of
from directory.practitioners.models import Practitioner

# Which detail is wrong, as the reporter chooses it. The first ones an administrator can correct
# on the listing when accepting (APPLIED); the others are accepted with a note of what was done.
CORRECTION_FIELDS = {
    "phone": "Phone number",
    "website": "Website",
    "address": "Address",
    "email": "E-mail address",
    "hours": "Opening hours",
    "specialties": "Specialties",
    "payers": "Ways to pay or claim",
    "credentials": "Registration or membership",
    "moved_or_closed": "The practitioner has moved, or the practice has closed",
    "other": "Something else",
}
APPLIED = ("phone", "website", "address")
CORRECTION_STATUSES = ("open", "accepted", "declined")


class ListingCorrection(Base):
    """Someone's report that a detail of a listing is wrong. It never changes the listing by
    itself: the owner may fix it, and an administrator accepts or declines it."""

    __tablename__ = "listing_corrections"
    __table_args__ = (
        sa.CheckConstraint(one_of("field", CORRECTION_FIELDS), name="field"),
        sa.CheckConstraint(one_of("status", CORRECTION_STATUSES), name="status"),
        sa.Index("ix_listing_corrections_status_created", "status", "created_at"),
        sa.Index("ix_listing_corrections_practitioner_status", "practitioner_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(sa.String(20))
    description: Mapped[str] = mapped_column(sa.Text)
    suggested_value: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    # Told the outcome when given. Never shown publicly nor to the owner.
    reporter_email: Mapped[str | None] = mapped_column(sa.String(254))
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # A keyed hash of the reporter's client address, to stop one source flooding a listing.
    client_key: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(10), default="open", server_default="open")
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decision_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # What accepting it changed on the listing: {field: [old, new]}, as in the audit log.
    applied: Mapped[dict] = mapped_column(sa.JSON, default=dict, server_default="{}")

    practitioner: Mapped[Practitioner] = relationship()

    @property
    def field_label(self) -> str:
        return CORRECTION_FIELDS.get(self.field, self.field)
