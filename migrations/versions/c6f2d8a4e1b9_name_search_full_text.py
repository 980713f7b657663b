"""name search by full-text index: practitioner_search, kept in step by triggers

Every practitioner's name and their practice's name, folded to lower-case ASCII words, in a
full-text index: SQLite an FTS5 table (rowid = practitioner id, prefix indexes for 1–3
characters), PostgreSQL a table of tsvectors with a GIN index. Triggers on practitioners and
practices keep it in step in the same transaction (as the R*Tree of b4d2c8e6f1a3); the ORM does
not model it (practitioners/unmodelled.py). Issue 11.

Revision ID: c6f2d8a4e1b9
Revises: f4b8d2a6c1e9
Create Date: 2026-11-30 12:50:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "c6f2d8a4e1b9"
down_revision = "f4b8d2a6c1e9"
branch_labels = None
depends_on = None

# Copied, not imported: a revision must not change when the application's code does.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE practitioner_search USING fts5(words, tokenize = 'unicode61 remove_diacritics 2', "
    "prefix = '1 2 3')",
    """INSERT INTO practitioner_search (rowid, words)
       SELECT p.id, p.name || ' ' || pr.name FROM practitioners p JOIN practices pr ON pr.id = p.practice_id""",
    """CREATE TRIGGER practitioners_search_insert AFTER INSERT ON practitioners BEGIN
         INSERT INTO practitioner_search (rowid, words)
         VALUES (new.id, new.name || ' ' || (SELECT name FROM practices WHERE id = new.practice_id));
       END""",
    """CREATE TRIGGER practitioners_search_update AFTER UPDATE OF id, name, practice_id ON practitioners BEGIN
         DELETE FROM practitioner_search WHERE rowid = old.id;
         INSERT INTO practitioner_search (rowid, words)
         VALUES (new.id, new.name || ' ' || (SELECT name FROM practices WHERE id = new.practice_id));
       END""",
    """CREATE TRIGGER practitioners_search_delete AFTER DELETE ON practitioners BEGIN
         DELETE FROM practitioner_search WHERE rowid = old.id;
       END""",
    """CREATE TRIGGER practices_search_update AFTER UPDATE OF name ON practices BEGIN
         DELETE FROM practitioner_search WHERE rowid IN (SELECT id FROM practitioners WHERE practice_id = new.id);
         INSERT INTO practitioner_search (rowid, words)
         SELECT id, name || ' ' || new.name FROM practitioners WHERE practice_id = new.id;
       END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS practices_search_update",
    "DROP TRIGGER IF EXISTS practitioners_search_delete",
    "DROP TRIGGER IF EXISTS practitioners_search_update",
    "DROP TRIGGER IF EXISTS practitioners_search_insert",
    "DROP TABLE IF EXISTS practitioner_search",
]

# PostgreSQL's 'simple' configuration lower-cases each token and keeps it whole; the text is folded
# first (accents off, everything but letters and digits a space) so that its tokens are the words
# SQLite's unicode61 tokenizer finds, and the words the application searches for.
PG_FOLD = (
    "regexp_replace(translate(lower({text}), "
    "'àáâãäåāăąçćčďèéêëēĕėęěìíîïĩīįñńňòóôõöøōőùúûüũūůűųýÿźżžßđł', "
    "'aaaaaaaaacccdeeeeeeeeeiiiiiiinnnoooooooouuuuuuuuuyyzzzsdl'), '[^a-z0-9]+', ' ', 'g')"
)
PG_WORDS = "to_tsvector('simple', " + PG_FOLD.format(text="{name} || ' ' || {practice}") + ")"
PG_UP = [
    """CREATE TABLE practitioner_search (
         practitioner_id integer PRIMARY KEY REFERENCES practitioners (id) ON DELETE CASCADE,
         words tsvector NOT NULL
       )""",
    "CREATE INDEX ix_practitioner_search_words ON practitioner_search USING gin (words)",
    "INSERT INTO practitioner_search (practitioner_id, words) SELECT p.id, "
    + PG_WORDS.format(name="p.name", practice="pr.name")
    + " FROM practitioners p JOIN practices pr ON pr.id = p.practice_id",
    """CREATE FUNCTION practitioner_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO practitioner_search (practitioner_id, words)
         SELECT NEW.id, """
    + PG_WORDS.format(name="NEW.name", practice="pr.name")
    + """ FROM practices pr WHERE pr.id = NEW.practice_id
         ON CONFLICT (practitioner_id) DO UPDATE SET words = EXCLUDED.words;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER practitioners_search_refresh AFTER INSERT OR UPDATE OF name, practice_id ON practitioners
       FOR EACH ROW EXECUTE FUNCTION practitioner_search_refresh()""",
    """CREATE FUNCTION practice_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE practitioner_search s SET words = """
    + PG_WORDS.format(name="p.name", practice="NEW.name")
    + """ FROM practitioners p WHERE p.practice_id = NEW.id AND s.practitioner_id = p.id;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER practices_search_refresh AFTER UPDATE OF name ON practices
       FOR EACH ROW EXECUTE FUNCTION practice_search_refresh()""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS practices_search_refresh ON practices",
    "DROP TRIGGER IF EXISTS practitioners_search_refresh ON practitioners",
    "DROP FUNCTION IF EXISTS practice_search_refresh()",
    "DROP FUNCTION IF EXISTS practitioner_search_refresh()",
    "DROP TABLE IF EXISTS practitioner_search",
]


def upgrade():
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else PG_UP
    for statement in statements:
        op.execute(statement)


def downgrade():
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else PG_DOWN
    for statement in statements:
        op.execute(statement)
