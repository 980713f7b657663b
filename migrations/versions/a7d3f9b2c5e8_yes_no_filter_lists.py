"""Lists of the practitioners who offer telehealth, or home visits, by profession: a search with
such a filter can read the short list instead of every practitioner in its circle (issue 9).

Revision ID: a7d3f9b2c5e8
Revises: c6f2d8a4e1b9
Create Date: 2026-11-30 21:00:00
"""

from alembic import op

revision = "a7d3f9b2c5e8"
down_revision = "c6f2d8a4e1b9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_practitioners_telehealth", "practitioners", ["telehealth", "profession_id", "id"])
    op.create_index("ix_practitioners_home_visits", "practitioners", ["home_visits", "profession_id", "id"])


def downgrade():
    op.drop_index("ix_practitioners_home_visits", table_name="practitioners")
    op.drop_index("ix_practitioners_telehealth", table_name="practitioners")
