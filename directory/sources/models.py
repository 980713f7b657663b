"""Rating sources, a listing's page on each (with its figure there), and owners' requests to link one."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models_base import Base, TimestampMixin, one_of
from directory.practitioners.models import Practitioner

# A feed file (``flask import-ratings``) or an API adapter (``flask sources refresh``).
SOURCE_KINDS = ("feed", "api")
# Who linked a listing to its page on a source: a feed import, an administrator (deciding an
# owner's request or on their own), or the automatic check of an API adapter.
LINKED_BY = ("import", "admin", "automatic")
REQUEST_STATUSES = ("pending", "approved", "rejected")


class RatingSource(TimestampMixin, Base):
    """Somewhere else people rate practitioners, and its terms: how long a figure read from it may
    be kept (past that it is hidden, then deleted) and whether review excerpts may be shown."""

    __tablename__ = "rating_sources"
    __table_args__ = (
        sa.CheckConstraint(one_of("kind", SOURCE_KINDS), name="kind"),
        sa.CheckConstraint("max_age_hours > 0", name="max_age_hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    home_url: Mapped[str] = mapped_column(sa.String(300))
    terms_url: Mapped[str | None] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(8))
    max_age_hours: Mapped[int] = mapped_column(sa.Integer)
    excerpts_allowed: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())

    def __repr__(self) -> str:
        return f"<RatingSource {self.slug}>"


class ExternalRating(TimestampMixin, Base):
    """A listing's page on a source (the source's id for it), and the figure read there: average,
    count, when it was read, and excerpts where the terms allow. The figure is empty until read
    and emptied again when the source's caching limit has passed."""

    __tablename__ = "external_ratings"
    __table_args__ = (
        sa.UniqueConstraint("source_id", "practitioner_id", name="uq_external_ratings_source_practitioner"),
        sa.CheckConstraint(one_of("linked_by", LINKED_BY), name="linked_by"),
        sa.CheckConstraint(
            "(rating IS NULL AND rating_count IS NULL AND retrieved_at IS NULL) OR "
            "(rating BETWEEN 1 AND 5 AND rating_count >= 1 AND retrieved_at IS NOT NULL)",
            name="figure",
        ),
        # A listing page reads its figures by practitioner; a feed matches rows by external id.
        sa.Index("ix_external_ratings_practitioner", "practitioner_id"),
        sa.Index("ix_external_ratings_source_external_id", "source_id", "external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("rating_sources.id", ondelete="CASCADE"))
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(sa.String(200))
    # The listing's page on the source (shown as the link to it).
    url: Mapped[str | None] = mapped_column(sa.String(300))
    linked_by: Mapped[str] = mapped_column(sa.String(10))
    # The name the source gives (often the practice's: a rating of the business, not the person).
    subject_name: Mapped[str | None] = mapped_column(sa.String(160))
    rating: Mapped[float | None] = mapped_column(sa.Float)
    rating_count: Mapped[int | None] = mapped_column(sa.Integer)
    retrieved_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # [{"author", "date" (YYYY-MM-DD), "text"}], only where the source's terms allow excerpts.
    excerpts: Mapped[list] = mapped_column(sa.JSON, default=list)
    # The last failed attempt to read the figure (an adapter), for operators.
    last_error: Mapped[str | None] = mapped_column(sa.String(200))

    source: Mapped[RatingSource] = relationship(lazy="joined", innerjoin=True)
    practitioner: Mapped[Practitioner] = relationship()


class SourceLinkRequest(Base):
    """An owner's word that their listing is this page on a source. It links nothing by itself: an
    administrator, or an adapter's automatic check, approves or rejects it; an existing link stays
    until then (an owner can never remove a source)."""

    __tablename__ = "source_link_requests"
    __table_args__ = (
        sa.CheckConstraint(one_of("status", REQUEST_STATUSES), name="status"),
        sa.Index("ix_source_link_requests_status_created", "status", "created_at"),
        # One open request per listing and source: a newer one replaces it.
        sa.Index(
            "ux_source_link_requests_pending",
            "source_id",
            "practitioner_id",
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("rating_sources.id", ondelete="CASCADE"))
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("practitioners.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str | None] = mapped_column(sa.String(300))
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(10), default="pending", server_default="pending")
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Why it was rejected, or what the automatic check found: shown to the owner.
    note: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")

    source: Mapped[RatingSource] = relationship(lazy="joined", innerjoin=True)
    practitioner: Mapped[Practitioner] = relationship()


__all__ = ["ExternalRating", "RatingSource", "SourceLinkRequest"]
