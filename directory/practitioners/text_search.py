"""Name search by full-text index: every practitioner's name and their practice's name, as words.

A search for ``q`` matches a practitioner when every word of ``q`` begins a word of their name or
of their practice's name ("ben lee" finds "Ben Leeson", "lee clinic" finds "Ana Lee" at "Clinic
4"). Words are folded (lower case, accents off, everything but letters and digits a space) the same
way here and in the index.

- SQLite: the FTS5 table ``practitioner_search`` (rowid = practitioner id; unicode61 tokenizer
  without diacritics; prefix indexes of 1–3 characters), ``MATCH '"ben"* AND "lee"*'``;
- PostgreSQL: the table ``practitioner_search`` (practitioner id, tsvector of the folded words,
  GIN index), ``words @@ to_tsquery('simple', 'ben:* & lee:*')``.

Both are kept in step by triggers in the same transaction as the change (migration
``c6f2d8a4e1b9``); the ORM does not model them (``unmodelled.include_name``).
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa

TABLE = "practitioner_search"
GIN_INDEX = "ix_practitioner_search_words"
MAX_WORDS = 8  # a name search longer than this is a sentence, not a name
# Letters that do not decompose into a letter and an accent, as the index folds them.
_STROKES = str.maketrans({"ø": "o", "ß": "s", "đ": "d", "ł": "l", "Ø": "o", "Đ": "d", "Ł": "l"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
# A word no name contains: what a search with no letter or digit in it looks for.
NOTHING = "0qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq0"

_sqlite_index = sa.table(TABLE, sa.column("rowid"), sa.column("words"))
_pg_index = sa.table(TABLE, sa.column("practitioner_id"), sa.column("words"))


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's filter: leave the index table (and FTS5's shadow tables) out of comparisons."""
    if type_ == "table":
        return not (name or "").startswith(TABLE)
    if type_ == "index":
        return name != GIN_INDEX
    return True


def search_words(text: str) -> list[str]:
    """The words of ``text`` as the index holds them: ``"O'Brien Physio-Co"`` → o, brien, physio, co."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_STROKES))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", plain).split()


def match_query(dialect: str, text: str) -> str:
    """The full-text query of a name search: each word as the beginning of a word, all of them."""
    words = search_words(text)[:MAX_WORDS] or [NOTHING]
    if dialect == "sqlite":
        return " AND ".join(f'"{word}"*' for word in words)
    return " & ".join(f"{word}:*" for word in words)


def matching_ids(dialect: str, parameter: str = "q_fts") -> sa.Select:
    """The ids of the practitioners whose words match the bound query ``parameter``."""
    query = sa.bindparam(parameter, type_=sa.String)
    if dialect == "sqlite":
        return sa.select(_sqlite_index.c.rowid).where(sa.literal_column(TABLE).op("MATCH")(query))
    return sa.select(_pg_index.c.practitioner_id).where(
        _pg_index.c.words.op("@@")(sa.func.to_tsquery(sa.literal_column("'simple'"), query))
    )
