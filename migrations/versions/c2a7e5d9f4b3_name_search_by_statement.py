"""PostgreSQL: new practitioners enter the name search a statement at a time, not a row at a time.

An import's COPY adds thousands of practitioners in one statement; the row trigger of c6f2d8a4e1b9
ran its INSERT once for each. A statement trigger with the statement's new rows (a transition
table) does it in one INSERT … SELECT. Changes of a name or a practice keep the row trigger
(PostgreSQL allows no transition table on a trigger of chosen columns). SQLite has no statement
triggers and is unchanged. Issue 9.

Revision ID: c2a7e5d9f4b3
Revises: b8e4c2f6a9d1
Create Date: 2026-12-07 21:30:00
"""

from alembic import op

revision = "c2a7e5d9f4b3"
down_revision = "b8e4c2f6a9d1"
branch_labels = None
depends_on = None

# Copied, not imported (a revision must not change when the application's code does): the words
# of a practitioner as c6f2d8a4e1b9 folds them.
PG_FOLD = (
    "regexp_replace(translate(lower({text}), "
    "'àáâãäåāăąçćčďèéêëēĕėęěìíîïĩīįñńňòóôõöøōőùúûüũūůűųýÿźżžßđł', "
    "'aaaaaaaaacccdeeeeeeeeeiiiiiiinnnoooooooouuuuuuuuuyyzzzsdl'), '[^a-z0-9]+', ' ', 'g')"
)
PG_WORDS = "to_tsvector('simple', " + PG_FOLD.format(text="{name} || ' ' || {practice}") + ")"

ROW_TRIGGER = """CREATE TRIGGER practitioners_search_refresh AFTER {events} ON practitioners
       FOR EACH ROW EXECUTE FUNCTION practitioner_search_refresh()"""

UP = [
    "DROP TRIGGER practitioners_search_refresh ON practitioners",
    ROW_TRIGGER.format(events="UPDATE OF name, practice_id"),
    # A new practitioner has no row yet (a deleted one's went with it: ON DELETE CASCADE).
    """CREATE FUNCTION practitioner_search_added() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO practitioner_search (practitioner_id, words)
         SELECT a.id, """
    + PG_WORDS.format(name="a.name", practice="pr.name")
    + """ FROM added a JOIN practices pr ON pr.id = a.practice_id;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER practitioners_search_added AFTER INSERT ON practitioners
       REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION practitioner_search_added()""",
]
DOWN = [
    "DROP TRIGGER IF EXISTS practitioners_search_added ON practitioners",
    "DROP FUNCTION IF EXISTS practitioner_search_added()",
    "DROP TRIGGER IF EXISTS practitioners_search_refresh ON practitioners",
    ROW_TRIGGER.format(events="INSERT OR UPDATE OF name, practice_id"),
]


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in UP:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWN:
            op.execute(statement)
