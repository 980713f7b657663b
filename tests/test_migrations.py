"""Migrations: head matches the models; downgrade to base and back works, on each database."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from directory.extensions import db
from directory.geo.gazetteer import load_places


def test_head_matches_the_models(app):
    with app.app_context():
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_downgrade_to_base_and_upgrade_again(app):
    with app.app_context():
        db.session.remove()
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names())
        assert tables <= {"alembic_version"}
        upgrade()
        assert db.session.scalar(sa.text("SELECT count(*) FROM professions")) == 2
        load_places(db.session)  # restore the session's gazetteer for later tests
        db.session.commit()


def test_hardening_revision_marks_owner_typed_practice_emails_and_normalises_them(app, make_practitioner, make_user):
    """a3c9e1f04b7d: a practice whose e-mail came through a confirmed change stops verifying claims;
    stored practice e-mails are rewritten in normalise_email's form."""
    typed = make_practitioner(practice={"email": "Mine@Webmail.Example.com"})
    imported = make_practitioner(practice={"email": "Desk@CLINIQUÉ.example.com"})
    owner = make_user()
    with app.app_context():
        db.session.remove()
        downgrade(revision="4df1f297d692")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO contact_changes (practice_id, practitioner_id, requested_by_id, field, new_value, "
                    "status) VALUES (:p, :r, :u, 'email', 'Mine@Webmail.Example.com', 'confirmed')"
                ),
                {"p": typed.practice_id, "r": typed.id, "u": owner.id},
            )
        upgrade()
        rows = dict(
            db.session.execute(
                sa.text("SELECT id, email || ' ' || email_source FROM practices WHERE id IN (:a, :b)"),
                {"a": typed.practice_id, "b": imported.practice_id},
            ).all()
        )
        db.session.remove()
    assert rows[typed.practice_id] == "mine@webmail.example.com account"
    assert rows[imported.practice_id] == "desk@xn--cliniqu-hya.example.com record"
