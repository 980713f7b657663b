"""Accounts: people who sign in to claim and manage listings, and administrators."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from directory.models_base import Base, TimestampMixin


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"
    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lower"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased (checked by the database) so lookups and uniqueness ignore case.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    email_confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # A new address waits here until a link sent to it is followed.
    pending_email: Mapped[str | None] = mapped_column(sa.String(254))
    is_admin: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    # Part of the session identity: bumping it ends every session of this account (log out,
    # password reset), so a copied old cookie stops working.
    session_version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")
    last_login_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id}>"
