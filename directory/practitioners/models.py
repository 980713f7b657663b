"""Professions, specialties, payers, practices and practitioners."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models_base import Base, TimestampMixin, one_of
from directory.practitioners.origins import DataOrigin, origin_of
from directory.practitioners.rating import PRIOR_MEAN

# What we know of a listing's registration or membership number (decision 0009): given to us and
# not checked; checked by an administrator against the public register (or with the association)
# on a date; or not current on the register when last checked.
CREDENTIAL_STATUSES = ("self_declared", "checked", "lapsed")
# Who last confirmed a listing's details: its owner, an administrator, or an import (incl. demo data).
CONFIRMED_BY = ("owner", "admin", "import")

specialty_professions = sa.Table(
    "specialty_professions",
    Base.metadata,
    sa.Column("specialty_id", sa.ForeignKey("specialties.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("profession_id", sa.ForeignKey("professions.id", ondelete="CASCADE"), primary_key=True),
)

practitioner_specialties = sa.Table(
    "practitioner_specialties",
    Base.metadata,
    sa.Column("practitioner_id", sa.ForeignKey("practitioners.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("specialty_id", sa.ForeignKey("specialties.id", ondelete="CASCADE"), primary_key=True),
    # The primary key leads with practitioner_id; filters by specialty need this one.
    sa.Index("ix_practitioner_specialties_specialty", "specialty_id", "practitioner_id"),
)

practitioner_payers = sa.Table(
    "practitioner_payers",
    Base.metadata,
    sa.Column("practitioner_id", sa.ForeignKey("practitioners.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("payer_id", sa.ForeignKey("payers.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_practitioner_payers_payer", "payer_id", "practitioner_id"),
)


class Profession(Base):
    __tablename__ = "professions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    plural: Mapped[str] = mapped_column(sa.String(80))
    # Registered through Ahpra (a protected title) or self-regulated through associations.
    regulated: Mapped[bool] = mapped_column(sa.Boolean)

    def __repr__(self) -> str:
        return f"<Profession {self.slug}>"


class Specialty(Base):
    __tablename__ = "specialties"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    professions: Mapped[list[Profession]] = relationship(secondary=specialty_professions, lazy="selectin")

    def __repr__(self) -> str:
        return f"<Specialty {self.slug}>"


class Payer(Base):
    """A way of paying or claiming: health-fund extras, HICAPS, DVA, WorkCover, NDIS, Medicare plans."""

    __tablename__ = "payers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))


class Practice(TimestampMixin, Base):
    """A place where practitioners work. One practitioner may later work at several."""

    __tablename__ = "practices"
    __table_args__ = (
        sa.CheckConstraint("lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180", name="coordinates"),
        sa.CheckConstraint("email_source IN ('record', 'account')", name="email_source"),
        # The bounding-box search reads this composite index.
        sa.Index("ix_practices_lat_lng", "lat", "lng"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    address: Mapped[str] = mapped_column(sa.String(200))
    suburb: Mapped[str] = mapped_column(sa.String(120))
    state: Mapped[str] = mapped_column(sa.String(3))
    postcode: Mapped[str] = mapped_column(sa.String(4))
    country: Mapped[str] = mapped_column(sa.String(2), default="AU", server_default="AU")
    lat: Mapped[float] = mapped_column(sa.Float)
    lng: Mapped[float] = mapped_column(sa.Float)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    # Stored as accounts.services.normalise_email writes it.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    # Who put the e-mail on record (decision 0007): "record" (the imported or original listing)
    # or "account" (typed in by an account holder: an owner, through a link or an administrator).
    # Only an address on record verifies a claim by code.
    email_source: Mapped[str] = mapped_column(sa.String(10), default="record", server_default="record")
    website: Mapped[str | None] = mapped_column(sa.String(300))
    wheelchair_access: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    is_demo: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())

    practitioners: Mapped[list[Practitioner]] = relationship(back_populates="practice")

    @property
    def full_address(self) -> str:
        return f"{self.address}, {self.suburb} {self.state} {self.postcode}"


class Practitioner(TimestampMixin, Base):
    __tablename__ = "practitioners"
    __table_args__ = (
        sa.CheckConstraint("rating_count >= 0", name="rating_count"),
        sa.CheckConstraint(
            "(rating_count = 0 AND rating_mean IS NULL) OR (rating_count > 0 AND rating_mean BETWEEN 1 AND 5)",
            name="rating_mean",
        ),
        sa.CheckConstraint("gender IS NULL OR gender IN ('female', 'male', 'non-binary')", name="gender"),
        sa.CheckConstraint(one_of("credential_status", CREDENTIAL_STATUSES), name="credential_status"),
        sa.CheckConstraint(
            "credential_status = 'self_declared' OR credential_checked_at IS NOT NULL", name="credential_checked"
        ),
        sa.CheckConstraint(one_of("confirmed_by", CONFIRMED_BY), name="confirmed_by"),
        sa.Index("ix_practitioners_profession_practice", "profession_id", "practice_id"),
        # The lists a search with a yes-or-no filter may read (search/statements.py, ``link`` plans).
        sa.Index("ix_practitioners_telehealth", "telehealth", "profession_id", "id"),
        sa.Index("ix_practitioners_home_visits", "home_visits", "profession_id", "id"),
        # One listing per object of an open data set: reimports update it, never duplicate it.
        sa.Index("ux_practitioners_data_source", "data_source", "data_source_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    profession_id: Mapped[int] = mapped_column(sa.ForeignKey("professions.id"))
    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("practices.id"), index=True)
    # Ahpra registration (physiotherapists) or association membership (remedial massage).
    registration_number: Mapped[str | None] = mapped_column(sa.String(40))
    association: Mapped[str | None] = mapped_column(sa.String(120))
    # What we know of that number (CREDENTIAL_STATUSES): back to "self_declared" when it changes.
    credential_status: Mapped[str] = mapped_column(
        sa.String(16), default="self_declared", server_default="self_declared"
    )
    credential_checked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    credential_checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # When the listing's details were last confirmed, and by whom (CONFIRMED_BY); when the owner
    # was last reminded that they are due (``flask listings remind-stale``).
    confirmed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    confirmed_by: Mapped[str] = mapped_column(sa.String(8), default="import", server_default="import")
    stale_reminder_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    bio: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    gender: Mapped[str | None] = mapped_column(sa.String(12))
    telehealth: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    home_visits: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    after_hours: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    # {"mon": "08:00-17:00", ..., "sun": null}
    hours: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The account that claimed this listing. One owner per listing by construction; ownership
    # is granted with a conditional UPDATE (… WHERE owner_id IS NULL) so concurrent claims
    # cannot both win. Unique: one account manages one listing.
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    # Kept in step with published reviews, in the same transaction that changes a review.
    rating_count: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    rating_mean: Mapped[float | None] = mapped_column(sa.Float)
    # The sort-by-rating score of rating.py (a Bayesian mean), kept with the count and mean: an
    # index walks it, so the best-rated listings come first without scoring every row.
    rating_score: Mapped[float] = mapped_column(sa.Float, default=PRIOR_MEAN, server_default=str(PRIOR_MEAN))
    # The area of the map the practice is in (spatial.area_of), set by the database's triggers when
    # the listing is stored or moves and when its practice moves: a best-rated search walks the
    # rating order of the few areas around its circle (ix_practitioners_area_rating). Only SQL reads
    # it: a loaded object may hold the value from before a trigger ran.
    area: Mapped[int | None] = mapped_column(sa.Integer, server_default=sa.FetchedValue())
    # The distribution: how many published reviews gave 1, 2, … 5 stars (they sum to rating_count).
    rating_1: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    rating_2: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    rating_3: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    rating_4: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    rating_5: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    is_demo: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    # Where the listing's details came from when it was not typed in here: an open data set
    # (``origins.ORIGINS``, e.g. "openstreetmap") and the object's id there ("node/123"). Shown with
    # the data set's licence on the listing and carried into the exports.
    data_source: Mapped[str | None] = mapped_column(sa.String(20))
    data_source_id: Mapped[str | None] = mapped_column(sa.String(40))

    profession: Mapped[Profession] = relationship(lazy="joined", innerjoin=True)
    practice: Mapped[Practice] = relationship(back_populates="practitioners", lazy="joined", innerjoin=True)
    specialties: Mapped[list[Specialty]] = relationship(secondary=practitioner_specialties, order_by=Specialty.name)
    payers: Mapped[list[Payer]] = relationship(secondary=practitioner_payers, order_by=Payer.name)
    owner: Mapped[User | None] = relationship("User", foreign_keys=[owner_id])  # noqa: F821

    @property
    def rating_distribution(self) -> dict[int, int]:
        """{5: n, 4: n, … 1: n}, highest first, as the listing's histogram shows it."""
        return {stars: getattr(self, f"rating_{stars}") or 0 for stars in range(5, 0, -1)}

    @property
    def claimed(self) -> bool:
        return self.owner_id is not None

    @property
    def origin(self) -> DataOrigin | None:
        """The open data set the listing's details came from, if any (its name and licence)."""
        return origin_of(self.data_source)

    def __repr__(self) -> str:
        return f"<Practitioner {self.slug}>"


# Best-rated first, then the most recently confirmed, then by name: the order of a nationwide list
# by rating, walked without sorting.
sa.Index(
    "ix_practitioners_rating_score",
    Practitioner.rating_score.desc(),
    Practitioner.confirmed_at.desc(),
    Practitioner.name,
    Practitioner.id,
)

# The same order within each area of the map: best-rated first inside a circle (search/statements.py).
sa.Index(
    "ix_practitioners_area_rating",
    Practitioner.area,
    Practitioner.rating_score.desc(),
    Practitioner.confirmed_at.desc(),
    Practitioner.name,
    Practitioner.id,
)

__all__ = [
    "Payer",
    "Practice",
    "Practitioner",
    "Profession",
    "Specialty",
    "practitioner_payers",
    "practitioner_specialties",
    "specialty_professions",
]
