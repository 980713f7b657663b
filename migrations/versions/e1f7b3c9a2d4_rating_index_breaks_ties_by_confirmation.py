"""The rating index breaks ties by the most recently confirmed listing (issue 12's tie-break in the
order issue 9's rating walk reads): (rating_score DESC, confirmed_at DESC, name, id).

Revision ID: e1f7b3c9a2d4
Revises: 7c3e9a1d5b20
Create Date: 2026-11-30 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e1f7b3c9a2d4"
down_revision = "7c3e9a1d5b20"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_practitioners_rating_score", table_name="practitioners")
    op.create_index(
        "ix_practitioners_rating_score",
        "practitioners",
        [sa.text("rating_score DESC"), sa.text("confirmed_at DESC"), "name", "id"],
    )


def downgrade():
    op.drop_index("ix_practitioners_rating_score", table_name="practitioners")
    op.create_index("ix_practitioners_rating_score", "practitioners", [sa.text("rating_score DESC"), "name", "id"])
