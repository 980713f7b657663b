"""Migrations: head matches the models; downgrade to base and back works, on each database."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from directory.extensions import db
from directory.geo.extract import load_places
from directory.practitioners.reference import forget_reference
from directory.practitioners.spatial import include_name


def test_head_matches_the_models(app):
    with app.app_context():
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_name": include_name})
            diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_downgrade_to_base_and_upgrade_again(app):
    with app.app_context():
        db.session.remove()
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names())
        assert tables <= {"alembic_version"}
        upgrade()
        forget_reference()  # the reference rows were made again
        assert db.session.scalar(sa.text("SELECT count(*) FROM professions")) == 2
        load_places(db.session)  # restore the session's gazetteer for later tests
        db.session.commit()
