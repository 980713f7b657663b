"""Facts patients can rely on and reviews fair to both sides (issue 12)

Payers renamed (slugs unchanged).

Revision ID: 7c3e9a1d5b20
Revises: 4df1f297d692
Create Date: 2026-11-30 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c3e9a1d5b20"
down_revision = "4df1f297d692"
branch_labels = None
depends_on = None

# Copied, not imported: a revision must not change when the application's code does.
PAYER_NAMES = {
    # slug: (name before, name after)
    "hicaps": ("On-the-spot claiming (HICAPS)", "On-the-spot health-fund claiming (HICAPS)"),
    "medicare-care-plan": (
        "Medicare Chronic Disease Management plan",
        "Medicare: GP Chronic Condition Management Plan",
    ),
    "workcover": ("WorkCover", "Workers' compensation (WorkCover)"),
    "ctp": ("Motor vehicle (CTP) claims", "Compulsory third party (CTP) motor vehicle insurance"),
    "ndis": ("NDIS", "National Disability Insurance Scheme (NDIS)"),
}


def _rename_payers(after: bool) -> None:
    payers = sa.table("payers", sa.column("slug", sa.String), sa.column("name", sa.String))
    for slug, names in PAYER_NAMES.items():
        op.execute(payers.update().where(payers.c.slug == slug).values(name=names[1 if after else 0]))


def upgrade():
    _rename_payers(after=True)


def downgrade():
    _rename_payers(after=False)
