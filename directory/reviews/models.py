"""Patient reviews. Only published reviews count towards a practitioner's rating."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.listings.models import Practitioner
from directory.models_base import Base, TimestampMixin

REVIEW_STATUSES = ("unconfirmed", "held", "published", "rejected", "removed", "withdrawn", "replaced")


class Review(TimestampMixin, Base):
    __tablename__ = "reviews"
    __table_args__ = (
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        sa.CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in REVIEW_STATUSES) + ")", name="status"
        ),
        sa.Index("ix_reviews_practitioner_status_published", "practitioner_id", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(sa.SmallInteger)
    title: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    body: Mapped[str] = mapped_column(sa.Text)
    display_name: Mapped[str] = mapped_column(sa.String(80))
    # Never shown publicly (pages, API, JSON-LD).
    email: Mapped[str] = mapped_column(sa.String(254))
    visit_month: Mapped[str] = mapped_column(sa.String(7))  # YYYY-MM
    status: Mapped[str] = mapped_column(sa.String(12), default="unconfirmed")
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    is_demo: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())

    practitioner: Mapped[Practitioner] = relationship()
