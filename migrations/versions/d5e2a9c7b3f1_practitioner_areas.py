"""Practitioners carry the area of the map their practice is in (one degree of latitude by 1.25 of
longitude), kept in step by triggers, and an index of each area in rating order: best-rated first
inside a circle walks the one to four areas its box touches instead of the whole country (issue 9).

Revision ID: d5e2a9c7b3f1
Revises: a7d3f9b2c5e8
Create Date: 2026-12-07 13:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d5e2a9c7b3f1"
down_revision = "a7d3f9b2c5e8"
branch_labels = None
depends_on = None

# Copied, not imported (a revision must not change when the application's code does): the area of
# (lat, lng) as practitioners/spatial.py's area_of computes it. Latitude + 90 and longitude + 180
# are never negative, so SQLite's CAST (towards zero) rounds down as floor() does.
SQLITE_AREA = "CAST(({lat} + 90) / 1.0 AS INTEGER) * 1000 + CAST(({lng} + 180) / 1.25 AS INTEGER)"
POSTGRESQL_AREA = "floor(({lat} + 90) / 1.0)::integer * 1000 + floor(({lng} + 180) / 1.25)::integer"

SQLITE_OF_PRACTICE = (
    "(SELECT " + SQLITE_AREA.format(lat="lat", lng="lng") + " FROM practices WHERE practices.id = new.practice_id)"
)
SQLITE_UP = [
    f"""CREATE TRIGGER practitioners_area_insert AFTER INSERT ON practitioners BEGIN
         UPDATE practitioners SET area = {SQLITE_OF_PRACTICE} WHERE id = new.id;
       END""",
    f"""CREATE TRIGGER practitioners_area_update AFTER UPDATE OF practice_id ON practitioners BEGIN
         UPDATE practitioners SET area = {SQLITE_OF_PRACTICE} WHERE id = new.id;
       END""",
    f"""CREATE TRIGGER practices_area_update AFTER UPDATE OF lat, lng ON practices BEGIN
         UPDATE practitioners SET area = {SQLITE_AREA.format(lat="new.lat", lng="new.lng")}
         WHERE practice_id = new.id;
       END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS practices_area_update",
    "DROP TRIGGER IF EXISTS practitioners_area_update",
    "DROP TRIGGER IF EXISTS practitioners_area_insert",
]
POSTGRESQL_UP = [
    # FOR SHARE: a move of the practice that is not yet committed is waited for, not read past
    # (the foreign key's own lock does not conflict with an update of lat and lng).
    f"""CREATE FUNCTION practitioners_area() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         SELECT {POSTGRESQL_AREA.format(lat="lat", lng="lng")} INTO NEW.area
         FROM practices WHERE practices.id = NEW.practice_id FOR SHARE;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER practitioners_area BEFORE INSERT OR UPDATE OF practice_id ON practitioners
       FOR EACH ROW EXECUTE FUNCTION practitioners_area()""",
    f"""CREATE FUNCTION practices_area() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE practitioners SET area = {POSTGRESQL_AREA.format(lat="NEW.lat", lng="NEW.lng")}
         WHERE practice_id = NEW.id;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER practices_area AFTER UPDATE OF lat, lng ON practices
       FOR EACH ROW WHEN (OLD.lat IS DISTINCT FROM NEW.lat OR OLD.lng IS DISTINCT FROM NEW.lng)
       EXECUTE FUNCTION practices_area()""",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS practices_area ON practices",
    "DROP FUNCTION IF EXISTS practices_area()",
    "DROP TRIGGER IF EXISTS practitioners_area ON practitioners",
    "DROP FUNCTION IF EXISTS practitioners_area()",
]


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Not in batch mode: rebuilding the table would drop the name search's triggers on it.
    op.add_column("practitioners", sa.Column("area", sa.Integer(), nullable=True))
    area = (SQLITE_AREA if sqlite else POSTGRESQL_AREA).format(lat="practices.lat", lng="practices.lng")
    op.execute(
        f"UPDATE practitioners SET area = (SELECT {area} FROM practices WHERE practices.id = practitioners.practice_id)"
    )
    op.create_index(
        "ix_practitioners_area_rating",
        "practitioners",
        ["area", sa.text("rating_score DESC"), sa.text("confirmed_at DESC"), "name", "id"],
    )
    for statement in SQLITE_UP if sqlite else POSTGRESQL_UP:
        op.execute(statement)


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRESQL_DOWN:
        op.execute(statement)
    op.drop_index("ix_practitioners_area_rating", table_name="practitioners")
    if sqlite:  # SQLite 3.35 and later drop a column in place (batch mode would rebuild the table)
        op.execute("ALTER TABLE practitioners DROP COLUMN area")
    else:
        op.drop_column("practitioners", "area")
