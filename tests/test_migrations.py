"""Migrations: head matches the models; downgrade to base and back works, on each database."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from directory.extensions import db
from directory.geo.extract import load_places
from directory.practitioners.reference import forget_reference
from directory.practitioners.unmodelled import include_name


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


def test_issue_12_revision_migrates_existing_rows(app):
    """Rows written before revision 7c3e9a1d5b20 come out as its data migration says: payers and
    associations renamed, numbers self-declared, each listing confirmed when it was added, imported
    or last edited by its owner, owners' responses published; and no row that refers to a table the
    migration recreates is lost (SQLite recreates tables with foreign keys off: migrations/env.py)."""
    with app.app_context():
        db.session.remove()
        downgrade(revision="4df1f297d692")
        with db.engine.begin() as conn:
            run = conn.execute
            run(
                sa.text(
                    "INSERT INTO users (id, email, password_hash, is_admin) VALUES (9001, 'o@example.org', 'x', false)"
                )
            )
            run(
                sa.text(
                    "INSERT INTO practices (id, name, address, suburb, state, postcode, lat, lng) "
                    "VALUES (9001, 'P', '1 St', 'Sydney', 'NSW', '2000', -33.87, 151.21)"
                )
            )
            for pid, association, demo, owner in (
                (9001, "Australian Massage Therapists (AMT)", False, "9001"),
                (9002, "ATMS", True, "NULL"),
                (9003, "Massage Association of Australia", True, "NULL"),
                (9004, "ATMS", False, "NULL"),
            ):
                run(
                    sa.text(
                        "INSERT INTO practitioners (id, slug, name, profession_id, practice_id, registration_number, "
                        "association, languages, hours, owner_id, is_demo, created_at) VALUES "
                        f"({pid}, 'm{pid}', 'M', 2, 9001, 'AMT-{pid}', :association, '[]', '{{}}', {owner}, "
                        ":demo, :created)"
                    ),
                    {"association": association, "demo": demo, "created": "2025-01-01 00:00:00"},
                )
            run(
                sa.text(
                    "INSERT INTO audit_events (action, practitioner_id, details, created_at) VALUES "
                    "('listing.edited', 9001, '{}', :edited), ('listing.imported', 9004, '{}', :imported)"
                ),
                {"edited": "2026-03-04 05:06:07", "imported": "2025-06-01 00:00:00"},
            )
            run(
                sa.text(
                    "INSERT INTO reviews (id, practitioner_id, rating, title, body, display_name, email, email_key, "
                    "visit_month, status) VALUES (9001, 9001, 5, '', 'Nice and on time, fees explained.', 'R', "
                    "'r@example.net', 'r@example.net', '2026-01', 'published')"
                )
            )
            run(sa.text("INSERT INTO review_responses (review_id, body) VALUES (9001, 'Thank you.')"))
        upgrade()
        with db.engine.connect() as conn:
            rows = {
                r.id: r
                for r in conn.execute(
                    sa.text(
                        "SELECT id, association, credential_status, confirmed_by, confirmed_at FROM practitioners "
                        "WHERE id >= 9001 ORDER BY id"
                    )
                )
            }
            payer = conn.execute(sa.text("SELECT name FROM payers WHERE slug = 'medicare-care-plan'")).scalar()
            response = conn.execute(sa.text("SELECT status FROM review_responses WHERE review_id = 9001")).scalar()
            # Recreating tables (SQLite batch mode) deleted nothing that refers to them.
            kept = conn.execute(sa.text("SELECT count(*) FROM reviews WHERE practitioner_id = 9001")).scalar()
            linked = conn.execute(
                sa.text("SELECT count(*) FROM audit_events WHERE practitioner_id IN (9001, 9004)")
            ).scalar()
        assert payer == "Medicare: GP Chronic Condition Management Plan"
        assert rows[9001].association == "Association of Massage Therapists (AMT)"
        assert rows[9002].association == "Australian Traditional-Medicine Society (ATMS)"
        assert rows[9003].association == "Massage & Myotherapy Australia (MMA)"
        assert rows[9004].association == "ATMS"  # not demo data: left as the practitioner wrote it
        assert {r.credential_status for r in rows.values()} == {"self_declared"}
        assert rows[9001].confirmed_by == "owner" and str(rows[9001].confirmed_at).startswith("2026-03-04 05:06:07")
        assert rows[9004].confirmed_by == "import" and str(rows[9004].confirmed_at).startswith("2025-06-01")
        assert rows[9002].confirmed_by == "import" and str(rows[9002].confirmed_at).startswith("2025-01-01")
        assert response == "published" and kept == 1 and linked == 2
        load_places(db.session)  # the round trip emptied nothing else, but keep the gazetteer as it was
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
