"""search at national scale: a spatial index of practices, and the stored rating score

SQLite gets an R*Tree of practices kept in step by triggers; PostgreSQL a GiST index on
point(lng, lat). Practitioners get ``rating_score`` (the Bayesian mean of rating.py, filled from
the stored count and mean) and an index that lists them best-rated first (decision 0010).

Revision ID: b4d2c8e6f1a3
Revises: 4df1f297d692
Create Date: 2026-11-30 11:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b4d2c8e6f1a3"
down_revision = "4df1f297d692"
branch_labels = None
depends_on = None

# Copied, not imported: a revision must not change when the application's code does.
PRIOR_WEIGHT, PRIOR_MEAN = 5, 3.5

SQLITE_UP = [
    "CREATE VIRTUAL TABLE practice_rtree USING rtree(id, min_lat, max_lat, min_lng, max_lng)",
    "INSERT INTO practice_rtree (id, min_lat, max_lat, min_lng, max_lng) SELECT id, lat, lat, lng, lng FROM practices",
    """CREATE TRIGGER practices_rtree_insert AFTER INSERT ON practices BEGIN
         INSERT INTO practice_rtree (id, min_lat, max_lat, min_lng, max_lng)
         VALUES (new.id, new.lat, new.lat, new.lng, new.lng);
       END""",
    """CREATE TRIGGER practices_rtree_update AFTER UPDATE OF id, lat, lng ON practices BEGIN
         DELETE FROM practice_rtree WHERE id = old.id;
         INSERT INTO practice_rtree (id, min_lat, max_lat, min_lng, max_lng)
         VALUES (new.id, new.lat, new.lat, new.lng, new.lng);
       END""",
    """CREATE TRIGGER practices_rtree_delete AFTER DELETE ON practices BEGIN
         DELETE FROM practice_rtree WHERE id = old.id;
       END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS practices_rtree_delete",
    "DROP TRIGGER IF EXISTS practices_rtree_update",
    "DROP TRIGGER IF EXISTS practices_rtree_insert",
    "DROP TABLE IF EXISTS practice_rtree",
]


def upgrade():
    with op.batch_alter_table("practitioners") as batch:
        batch.add_column(sa.Column("rating_score", sa.Float(), nullable=False, server_default=str(PRIOR_MEAN)))
    op.execute(
        f"UPDATE practitioners SET rating_score = "
        f"({PRIOR_WEIGHT * PRIOR_MEAN} + coalesce(rating_mean, 0.0) * rating_count) / ({PRIOR_WEIGHT} + rating_count)"
    )
    op.create_index(
        "ix_practitioners_rating_score",
        "practitioners",
        [sa.text("rating_score DESC"), "name", "id"],
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    else:
        op.execute("CREATE INDEX ix_practices_point ON practices USING gist (point(lng, lat))")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_practices_point")
    op.drop_index("ix_practitioners_rating_score", table_name="practitioners")
    with op.batch_alter_table("practitioners") as batch:
        batch.drop_column("rating_score")
