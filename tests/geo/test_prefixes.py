"""Autocomplete from the in-memory prefix index gives what the gazetteer's rows sorted in SQL give
(the way autocomplete worked before the index), on each database."""

from random import Random

import sqlalchemy as sa

from directory.geo import prefixes
from directory.geo.gazetteer import _candidate, _merge, autocomplete, forget_names_cache
from directory.geo.models import Place
from directory.geo.normalise import normalise_name, parse_place_query


def _sorted_in_sql(session, text: str, limit: int) -> list:
    """The reference: every row of the prefix range ranked by the database, as autocomplete did."""
    query = parse_place_query(text)
    prefix = normalise_name(text) if query is None or query.name is None else query.name
    stmt = (
        sa.select(Place)
        .where(Place.kind.in_(("locality", "city")), Place.name_norm >= prefix, Place.name_norm < prefix + "\x7f")
        .order_by(
            Place.name_norm != prefix,
            Place.po_box,
            Place.population.desc(),
            sa.func.length(Place.name_norm),
            Place.name_norm,
            Place.state,
            Place.id,
        )
        .limit(limit * 5)
    )
    if query is not None and query.state:
        stmt = stmt.where(Place.state == query.state)
    groups: dict[str, list] = {}
    for row in session.scalars(stmt):
        groups.setdefault(row.name_norm, []).append(row)
    results = []
    for group in groups.values():
        results.extend(_candidate(p) for p in _merge(group))
        if len(results) >= limit:
            break
    return results[:limit]


def _typed(session, count: int) -> list[str]:
    """Beginnings of real names (1 to 7 letters), some with a state, and a few that match nothing."""
    names = session.execute(sa.select(Place.name, Place.state).where(Place.kind == "locality").order_by(Place.id)).all()
    rng = Random(3)
    typed = []
    for name, state in rng.sample(names, count):
        beginning = name[: rng.randint(1, 7)]
        typed.append(f"{beginning} {state}" if rng.random() < 0.2 else beginning)
    return [*typed, "mt wav", "saint k", "zzzq", "a", "fitzroy", "fitzroy sa", "newtown vic"]


def test_the_index_ranks_as_the_database_sorted(db_session):
    for text in _typed(db_session, 300):
        for limit in (5, 10):
            assert autocomplete(db_session, text, limit=limit) == _sorted_in_sql(db_session, text, limit), text


def test_the_index_is_read_once_and_forgotten_with_the_gazetteer(db_session):
    forget_names_cache()
    statements = []
    engine = db_session.get_bind()

    def count(*args):
        statements.append(args[2])

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        autocomplete(db_session, "richm")
        autocomplete(db_session, "bondi b")
        autocomplete(db_session, "ballar")
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    # The index once; the answers need no statement.
    assert len(statements) == 1
    assert prefixes.prefix_index(db_session) is prefixes.prefix_index(db_session)
    index = prefixes.prefix_index(db_session)
    forget_names_cache()
    assert prefixes.prefix_index(db_session) is not index
