"""Revision f4b8d2a6c1e9 (ratings from other sources, listings' origins) goes down and up again
with rows in place, on each database: on SQLite its columns are dropped in place, so no table that
reviews and the audit log point at is rebuilt."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from directory.extensions import db


def test_the_revision_goes_down_and_up_with_rows_in_place(app, make_practitioner, make_review):
    listing = make_practitioner(data_source="openstreetmap", data_source_id="node/5")
    make_review(listing)
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO rating_sources (id, slug, name, home_url, kind, max_age_hours) "
                    "VALUES (9001, 'x', 'X', 'https://x.example.org', 'feed', 24)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO external_ratings (source_id, practitioner_id, external_id, linked_by, excerpts) "
                    "VALUES (9001, :p, 'X-1', 'import', '[]')"
                ),
                {"p": listing.id},
            )
        downgrade(revision="f3a8c1d2e5b7")
        inspector = sa.inspect(db.engine)
        assert "external_ratings" not in inspector.get_table_names()
        assert "data_source" not in {c["name"] for c in inspector.get_columns("practitioners")}
        upgrade()
        with db.engine.connect() as conn:
            kept = conn.execute(sa.text("SELECT count(*) FROM reviews WHERE practitioner_id = :p"), {"p": listing.id})
            assert kept.scalar() == 1
            assert conn.execute(sa.text("SELECT data_source FROM practitioners")).scalar() is None
