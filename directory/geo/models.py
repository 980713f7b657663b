"""The gazetteer table: postcodes, localities and cities loaded from the bundled extract."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from directory.models_base import Base


class Place(Base):
    __tablename__ = "places"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('postcode', 'locality', 'city')", name="kind"),
        sa.CheckConstraint("lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180", name="coordinates"),
        sa.Index("ix_places_name_norm_state", "name_norm", "state"),
        sa.Index("ix_places_postcode", "postcode"),
        # Prefix scans for autocomplete; PostgreSQL needs text_pattern_ops for LIKE/range use.
        sa.Index(
            "ix_places_name_norm_pattern",
            "name_norm",
            postgresql_ops={"name_norm": "text_pattern_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    name: Mapped[str] = mapped_column(sa.String(120))
    name_norm: Mapped[str] = mapped_column(sa.String(120))
    state: Mapped[str] = mapped_column(sa.String(3))
    postcode: Mapped[str | None] = mapped_column(sa.String(4))
    lat: Mapped[float] = mapped_column(sa.Float)
    lng: Mapped[float] = mapped_column(sa.Float)
    population: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    po_box: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    source: Mapped[str] = mapped_column(sa.String(40))

    def __repr__(self) -> str:
        return f"<Place {self.kind} {self.name} {self.state} {self.postcode}>"
