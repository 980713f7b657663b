"""rating sources and listing origins: ratings from elsewhere, labelled; listings from open data

Adds ``rating_sources`` (a source, its home page and terms: how long a figure may be kept, whether
excerpts may be shown), ``external_ratings`` (a listing's page on a source and the figure read
there), ``source_link_requests`` (an owner's request to link a listing to its page on a source,
decided by an administrator or an adapter's automatic check), and ``practitioners.data_source`` /
``data_source_id`` (the open data set a listing came from and the object's id there, one listing
per object). Decisions 0013 and 0014.

Revision ID: f4b8d2a6c1e9
Revises: f3a8c1d2e5b7
Create Date: 2026-12-01 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f4b8d2a6c1e9"
down_revision = "f3a8c1d2e5b7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rating_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("home_url", sa.String(length=300), nullable=False),
        sa.Column("terms_url", sa.String(length=300), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("max_age_hours", sa.Integer(), nullable=False),
        sa.Column("excerpts_allowed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("kind IN ('feed', 'api')", name=op.f("ck_rating_sources_kind")),
        sa.CheckConstraint("max_age_hours > 0", name=op.f("ck_rating_sources_max_age_hours")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_sources")),
        sa.UniqueConstraint("slug", name=op.f("uq_rating_sources_slug")),
    )
    op.create_table(
        "external_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.Column("linked_by", sa.String(length=10), nullable=False),
        sa.Column("subject_name", sa.String(length=160), nullable=True),
        sa.Column("rating", sa.Float(), nullable=True),
        sa.Column("rating_count", sa.Integer(), nullable=True),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("excerpts", sa.JSON(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("linked_by IN ('import', 'admin', 'automatic')", name=op.f("ck_external_ratings_linked_by")),
        sa.CheckConstraint(
            "(rating IS NULL AND rating_count IS NULL AND retrieved_at IS NULL) OR "
            "(rating BETWEEN 1 AND 5 AND rating_count >= 1 AND retrieved_at IS NOT NULL)",
            name=op.f("ck_external_ratings_figure"),
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_external_ratings_practitioner_id_practitioners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["rating_sources.id"],
            name=op.f("fk_external_ratings_source_id_rating_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_ratings")),
        sa.UniqueConstraint("source_id", "practitioner_id", name="uq_external_ratings_source_practitioner"),
    )
    op.create_index("ix_external_ratings_practitioner", "external_ratings", ["practitioner_id"])
    op.create_index("ix_external_ratings_source_external_id", "external_ratings", ["source_id", "external_id"])
    op.create_table(
        "source_link_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), server_default="pending", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), server_default="", nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name=op.f("ck_source_link_requests_status")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_source_link_requests_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_source_link_requests_practitioner_id_practitioners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_source_link_requests_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["rating_sources.id"],
            name=op.f("fk_source_link_requests_source_id_rating_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_link_requests")),
    )
    op.create_index("ix_source_link_requests_status_created", "source_link_requests", ["status", "created_at"])
    op.create_index(
        "ux_source_link_requests_pending",
        "source_link_requests",
        ["source_id", "practitioner_id"],
        unique=True,
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )
    # Added in place, not by rebuilding the table: on SQLite a rebuild of "practitioners" (which
    # reviews and the audit log point at) fails its foreign keys once the table holds rows.
    op.add_column("practitioners", sa.Column("data_source", sa.String(length=20), nullable=True))
    op.add_column("practitioners", sa.Column("data_source_id", sa.String(length=40), nullable=True))
    op.create_index("ux_practitioners_data_source", "practitioners", ["data_source", "data_source_id"], unique=True)


def downgrade():
    op.drop_index("ux_practitioners_data_source", table_name="practitioners")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite 3.35+ drops a column in place (no rebuild of a table others point at).
        op.execute("ALTER TABLE practitioners DROP COLUMN data_source_id")
        op.execute("ALTER TABLE practitioners DROP COLUMN data_source")
    else:
        op.drop_column("practitioners", "data_source_id")
        op.drop_column("practitioners", "data_source")
    op.drop_index("ux_source_link_requests_pending", table_name="source_link_requests")
    op.drop_index("ix_source_link_requests_status_created", table_name="source_link_requests")
    op.drop_table("source_link_requests")
    op.drop_index("ix_external_ratings_source_external_id", table_name="external_ratings")
    op.drop_index("ix_external_ratings_practitioner", table_name="external_ratings")
    op.drop_table("external_ratings")
    op.drop_table("rating_sources")
