"""hardening: who put a practice e-mail on record; held changes of a shared practice

Adds ``practices.email_source`` ("record": came with the listing; "account": typed in by an
account holder), marks every practice whose e-mail was ever set through a confirmed contact
change as "account" (it can no longer verify a claim by code: decision 0007), and writes the
stored practice e-mails in the one normal form (NFKC, IDNA domain, lower case). Contact changes
may now hold a shared practice's website and location (``details`` keeps the location's parts),
so ``new_value`` becomes TEXT.

Revision ID: a3c9e1f04b7d
Revises: e1f7b3c9a2d4
Create Date: 2026-11-30 11:20:00.000000

"""

import unicodedata

import sqlalchemy as sa
from alembic import op
from email_validator import EmailNotValidError, validate_email

# revision identifiers, used by Alembic.
revision = "a3c9e1f04b7d"
down_revision = "e1f7b3c9a2d4"
branch_labels = None
depends_on = None


def _normalised(address: str) -> str | None:
    # Copied, not imported (a revision must not change when the application's code does): the
    # rule of accounts.services.normalise_email on 2026-11-30.
    try:
        result = validate_email(
            unicodedata.normalize("NFKC", address).strip(), check_deliverability=False, allow_smtputf8=False
        )
    except EmailNotValidError:
        return None
    email = (result.ascii_email or result.normalized).lower()
    return email if email.isascii() and len(email) <= 254 else None


EMAIL_SOURCE_CHECK = "email_source IN ('record', 'account')"


def upgrade():
    # Added in place, not by rebuilding the table: on SQLite a rebuild of "practices" (which
    # practitioners point at) fails its foreign keys once the table holds rows.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE practices ADD COLUMN email_source VARCHAR(10) DEFAULT 'record' NOT NULL "
            f"CONSTRAINT ck_practices_email_source CHECK ({EMAIL_SOURCE_CHECK})"
        )
    else:
        op.add_column(
            "practices", sa.Column("email_source", sa.String(length=10), server_default="record", nullable=False)
        )
        op.create_check_constraint(op.f("ck_practices_email_source"), "practices", EMAIL_SOURCE_CHECK)

    connection = op.get_bind()
    connection.execute(
        sa.text(
            "UPDATE practices SET email_source = 'account' WHERE id IN "
            "(SELECT practice_id FROM contact_changes WHERE field = 'email' AND status = 'confirmed')"
        )
    )
    rows = connection.execute(sa.text("SELECT id, email FROM practices WHERE email IS NOT NULL")).all()
    for practice_id, email in rows:
        normalised = _normalised(email)
        if normalised is None:
            # Not an address we could send to in its normal form: it verifies nothing.
            connection.execute(
                sa.text("UPDATE practices SET email_source = 'account' WHERE id = :id"), {"id": practice_id}
            )
        elif normalised != email:
            connection.execute(
                sa.text("UPDATE practices SET email = :email WHERE id = :id"), {"email": normalised, "id": practice_id}
            )

    with op.batch_alter_table("contact_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
        batch_op.alter_column(
            "new_value", existing_type=sa.String(length=254), type_=sa.Text(), existing_nullable=False
        )
        batch_op.drop_constraint(op.f("ck_contact_changes_field"), type_="check")
        batch_op.create_check_constraint("field", "field IN ('email', 'phone', 'website', 'location')")


def downgrade():
    connection = op.get_bind()
    # Held website and location changes have no place in the older schema.
    connection.execute(sa.text("DELETE FROM contact_changes WHERE field NOT IN ('email', 'phone')"))
    with op.batch_alter_table("contact_changes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_contact_changes_field"), type_="check")
        batch_op.create_check_constraint("field", "field IN ('email', 'phone')")
        batch_op.alter_column(
            "new_value", existing_type=sa.Text(), type_=sa.String(length=254), existing_nullable=False
        )
        batch_op.drop_column("details")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE practices DROP COLUMN email_source")  # its CHECK goes with it
    else:
        op.drop_constraint(op.f("ck_practices_email_source"), "practices", type_="check")
        op.drop_column("practices", "email_source")
