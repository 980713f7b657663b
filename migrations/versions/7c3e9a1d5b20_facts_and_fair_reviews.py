"""Facts patients can rely on and reviews fair to both sides (issue 12)

Payers renamed (slugs unchanged). Association names corrected: the Association of Massage
Therapists (AMT) everywhere; in demo data, every association spelled out (the demo's "Massage
Association of Australia" becomes Massage & Myotherapy Australia). Owners' responses screened:
a status (existing responses are published), their screening and a moderator's decision.
Listings: the state of their number (existing numbers are self-declared: nothing checked them)
and when their details were last confirmed, and by whom (existing listings: the latest of when they
were added or imported, and of their owner's edits). Corrections from the public, and disputes
and takedown requests: a table each. The audit log indexed by action and time (the transparency
report counts actions by month).

Revision ID: 7c3e9a1d5b20
Revises: b4d2c8e6f1a3
Create Date: 2026-11-30 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c3e9a1d5b20"
down_revision = "b4d2c8e6f1a3"
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


# (name before, name after, demo rows only)
ASSOCIATION_NAMES = (
    ("Australian Massage Therapists (AMT)", "Association of Massage Therapists (AMT)", False),
    ("Massage & Myotherapy Australia", "Massage & Myotherapy Australia (MMA)", True),
    ("ATMS", "Australian Traditional-Medicine Society (ATMS)", True),
    ("ANTA", "Australian Natural Therapists Association (ANTA)", True),
)
DEMO_ONLY_ASSOCIATION = ("Massage Association of Australia", "Massage & Myotherapy Australia (MMA)")


def _rename_associations(after: bool) -> None:
    practitioners = sa.table("practitioners", sa.column("association", sa.String), sa.column("is_demo", sa.Boolean))
    for before, now, demo_only in ASSOCIATION_NAMES:
        old, new = (before, now) if after else (now, before)
        statement = practitioners.update().where(practitioners.c.association == old)
        if demo_only:
            statement = statement.where(practitioners.c.is_demo.is_(True))
        op.execute(statement.values(association=new))
    if after:
        old, new = DEMO_ONLY_ASSOCIATION
        op.execute(
            practitioners.update()
            .where(practitioners.c.association == old, practitioners.c.is_demo.is_(True))
            .values(association=new)
        )


CORRECTION_FIELD_CHECK = (
    "field IN ('phone', 'website', 'address', 'email', 'hours', 'specialties', 'payers', 'credentials', "
    "'moved_or_closed', 'other')"
)
TAKEDOWN_ROLE_CHECK = "requester_role IN ('practitioner', 'reviewer', 'named_person', 'representative', 'other')"
TAKEDOWN_GROUNDS_CHECK = "grounds IN ('defamation', 'privacy', 'legal_order', 'policy', 'remove_my_review', 'other')"
TAKEDOWN_OUTCOME_CHECK = "outcome IS NULL OR outcome IN ('removed', 'kept', 'withdrawn', 'no_review')"
CREDENTIAL_STATUS_CHECK = "credential_status IN ('self_declared', 'checked', 'lapsed')"
CREDENTIAL_CHECKED_CHECK = "credential_status = 'self_declared' OR credential_checked_at IS NOT NULL"
CONFIRMED_BY_CHECK = "confirmed_by IN ('owner', 'admin', 'import')"

RESPONSE_STATUS_CHECK = "status IN ('published', 'held', 'rejected')"
RESPONSE_REASON_CHECK = (
    "moderation_reason IS NULL OR moderation_reason IN ('clinical_claim', 'patient_details', 'harassment')"
)


def upgrade():
    _rename_payers(after=True)
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_action_created", ["action", "created_at"], unique=False)
    _rename_associations(after=True)

    op.create_table(
        "listing_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("suggested_value", sa.String(length=300), server_default="", nullable=False),
        sa.Column("reporter_email", sa.String(length=254), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=10), server_default="open", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_note", sa.Text(), server_default="", nullable=False),
        sa.Column("applied", sa.JSON(), server_default="{}", nullable=False),
        sa.CheckConstraint(CORRECTION_FIELD_CHECK, name=op.f("ck_listing_corrections_field")),
        sa.CheckConstraint("status IN ('open', 'accepted', 'declined')", name=op.f("ck_listing_corrections_status")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_listing_corrections_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_listing_corrections_practitioner_id_practitioners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["users.id"], name=op.f("fk_listing_corrections_reporter_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_corrections")),
    )
    with op.batch_alter_table("listing_corrections", schema=None) as batch_op:
        batch_op.create_index("ix_listing_corrections_practitioner_status", ["practitioner_id", "status"], unique=False)
        batch_op.create_index("ix_listing_corrections_status_created", ["status", "created_at"], unique=False)

    op.create_table(
        "takedown_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("requester_role", sa.String(length=20), nullable=False),
        sa.Column("grounds", sa.String(length=20), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("requester_name", sa.String(length=120), nullable=False),
        sa.Column("requester_email", sa.String(length=254), nullable=False),
        sa.Column("received_via", sa.String(length=10), server_default="form", nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("outcome_note", sa.Text(), server_default="", nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(TAKEDOWN_ROLE_CHECK, name=op.f("ck_takedown_requests_requester_role")),
        sa.CheckConstraint(TAKEDOWN_GROUNDS_CHECK, name=op.f("ck_takedown_requests_grounds")),
        sa.CheckConstraint(TAKEDOWN_OUTCOME_CHECK, name=op.f("ck_takedown_requests_outcome")),
        sa.CheckConstraint(
            "received_via IN ('form', 'email', 'post', 'phone')", name=op.f("ck_takedown_requests_received_via")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_takedown_requests_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_takedown_requests_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_takedown_requests_review_id_reviews"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown_requests")),
    )
    with op.batch_alter_table("takedown_requests", schema=None) as batch_op:
        batch_op.create_index("ix_takedown_requests_outcome_created", ["outcome", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_takedown_requests_review_id"), ["review_id"], unique=False)

    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("credential_status", sa.String(length=16), server_default="self_declared", nullable=False)
        )
        batch_op.add_column(sa.Column("credential_checked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("credential_checked_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("confirmed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
        )
        batch_op.add_column(sa.Column("confirmed_by", sa.String(length=8), server_default="import", nullable=False))
        batch_op.add_column(sa.Column("stale_reminder_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_practitioners_credential_checked_by_id_users"),
            "users",
            ["credential_checked_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(batch_op.f("ck_practitioners_credential_status"), CREDENTIAL_STATUS_CHECK)
        batch_op.create_check_constraint(batch_op.f("ck_practitioners_credential_checked"), CREDENTIAL_CHECKED_CHECK)
        batch_op.create_check_constraint(batch_op.f("ck_practitioners_confirmed_by"), CONFIRMED_BY_CHECK)
    # When each existing listing was last confirmed: when it was added, or imported again; and by its
    # owner if they edited it after that.
    op.execute("UPDATE practitioners SET confirmed_at = created_at, confirmed_by = 'import'")
    latest = (
        "(SELECT max(audit_events.created_at) FROM audit_events WHERE audit_events.practitioner_id = "
        "practitioners.id AND audit_events.action = '{action}')"
    )
    imported, edited = latest.format(action="listing.imported"), latest.format(action="listing.edited")
    op.execute(f"UPDATE practitioners SET confirmed_at = {imported} WHERE {imported} > confirmed_at")
    op.execute(
        f"UPDATE practitioners SET confirmed_at = {edited}, confirmed_by = 'owner' "
        f"WHERE {edited} >= confirmed_at AND owner_id IS NOT NULL"
    )

    with op.batch_alter_table("review_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=10), server_default="published", nullable=False))
        batch_op.add_column(sa.Column("screening", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("hold_reason", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("moderation_reason", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("moderation_note", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("moderated_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_review_responses_moderated_by_id_users"),
            "users",
            ["moderated_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(batch_op.f("ck_review_responses_status"), RESPONSE_STATUS_CHECK)
        batch_op.create_check_constraint(batch_op.f("ck_review_responses_moderation_reason"), RESPONSE_REASON_CHECK)
        batch_op.create_index("ix_review_responses_status_updated", ["status", "updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("takedown_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_takedown_requests_review_id"))
        batch_op.drop_index("ix_takedown_requests_outcome_created")
    op.drop_table("takedown_requests")

    with op.batch_alter_table("listing_corrections", schema=None) as batch_op:
        batch_op.drop_index("ix_listing_corrections_status_created")
        batch_op.drop_index("ix_listing_corrections_practitioner_status")
    op.drop_table("listing_corrections")

    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_practitioners_confirmed_by"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_practitioners_credential_checked"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_practitioners_credential_status"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_practitioners_credential_checked_by_id_users"), type_="foreignkey")
        batch_op.drop_column("stale_reminder_at")
        batch_op.drop_column("confirmed_by")
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("credential_checked_by_id")
        batch_op.drop_column("credential_checked_at")
        batch_op.drop_column("credential_status")

    with op.batch_alter_table("review_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_review_responses_status_updated")
        batch_op.drop_constraint(batch_op.f("ck_review_responses_moderation_reason"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_review_responses_status"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_review_responses_moderated_by_id_users"), type_="foreignkey")
        batch_op.drop_column("moderated_by_id")
        batch_op.drop_column("moderated_at")
        batch_op.drop_column("moderation_note")
        batch_op.drop_column("moderation_reason")
        batch_op.drop_column("hold_reason")
        batch_op.drop_column("screening")
        batch_op.drop_column("status")

    _rename_associations(after=False)
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_action_created")
    _rename_payers(after=False)
