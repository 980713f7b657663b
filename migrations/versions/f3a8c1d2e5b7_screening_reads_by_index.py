"""Screening reads by index: each look-up of reviews/screening.py gets an index that holds the
status it asks for (fingerprint; e-mail key; client key; demo or not, newest first). Without them
SQLite read every published review through ix_reviews_status_created: 2.5–7 s a look-up at
1,000,000 reviews, inside the transaction that stores a review.

Revision ID: f3a8c1d2e5b7
Revises: a3c9e1f04b7d
Create Date: 2026-11-30 12:50:00
"""

from alembic import op

revision = "f3a8c1d2e5b7"
down_revision = "a3c9e1f04b7d"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_reviews_fingerprint_status", ["fingerprint", "status"]),
    ("ix_reviews_email_key_status_id", ["email_key", "status", "id"]),
    ("ix_reviews_client_key_status_id", ["client_key", "status", "id"]),
    ("ix_reviews_demo_status_id", ["is_demo", "status", "id"]),
]


def upgrade():
    op.drop_index("ix_reviews_fingerprint", table_name="reviews")
    for name, columns in INDEXES:
        op.create_index(name, "reviews", columns)


def downgrade():
    for name, _columns in INDEXES:
        op.drop_index(name, table_name="reviews")
    op.create_index("ix_reviews_fingerprint", "reviews", ["fingerprint"])
