"""The SQL each database gets for the plans whose speed depends on the planner's guesses
(decision 0010). Results are the equivalence tests' business; these hold the shapes that keep
PostgreSQL from choosing a plan 10–20 times slower on the bench data set."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from directory.geo.distance import CircleParameters
from directory.practitioners.reference import reference
from directory.search.conditions import Shape
from directory.search.statements import count_nearby_statement, statement

DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}


def sql(shape: Shape) -> str:
    return str(statement(shape).compile(dialect=DIALECTS[shape.dialect]))


@pytest.mark.parametrize(
    "link, filters",
    [
        ("specialty", {"specialty"}),
        ("payer", {"payer", "profession"}),
        ("text", {"q", "profession"}),
    ],
)
def test_postgresql_reads_a_link_plans_list_once_as_an_array(link, filters):
    """With ``id IN (subquery)`` PostgreSQL scanned every practitioner to probe the list when its
    guesses were off (a specialty within 10 km of Sydney: 80 ms; a first name and a profession
    within 50 km: 200 ms, at 100,000 practitioners). The list is now one array from a CTE, used by
    the page and its count."""
    text = sql(Shape("postgresql", "link", "rating", frozenset(filters), link=link))
    assert text.count(f"list_{link} AS") == 1
    assert text.count(f"= ANY (CAST((SELECT list_{link}.ids") == 2  # the page and the count
    assert "array_agg" in text


def test_sqlite_reads_a_link_plans_list_by_in():
    text = sql(Shape("sqlite", "link", "distance", frozenset({"specialty"}), link="specialty"))
    assert "list_specialty" not in text and "IN (SELECT practitioner_specialties.practitioner_id" in text


@pytest.mark.parametrize("dialect, hidden", [("sqlite", True), ("postgresql", False)])
def test_the_profession_filter_hides_its_index_from_sqlite_only(dialect, hidden):
    """SQLite must not drive a search by the profession's index (half the directory). PostgreSQL
    chooses by its statistics, which "+ 0" would hide: it guessed 0.5% of the rows and sorted a
    whole profession (110 ms) instead of walking the rating index (a few ms)."""
    text = sql(Shape(dialect, "nationwide", "rating", frozenset({"profession"})))
    assert ("practitioners.profession_id + " in text) is hidden


def _executed_counts(plan: dict) -> int:
    """Aggregate nodes of an EXPLAIN (ANALYZE, FORMAT JSON) plan that ran at least once."""
    ran = int(plan["Node Type"] == "Aggregate" and plan.get("Actual Loops", 0) > 0)
    return ran + sum(_executed_counts(child) for child in plan.get("Plans", []))


def test_postgresql_counts_the_first_circle_of_a_nearby_count_once(db_session, make_practitioner):
    """The listing page's "N physiotherapists within 10 km": the first circle's count is used for
    the column and for the CASE that decides whether to count the second circle. PostgreSQL
    inlined the CTE holding it and counted the first circle twice."""
    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's planner inlines CTEs; SQLite's statement is checked by the results")
    practitioner = make_practitioner(profession="physiotherapist")
    profession_id = reference(db_session).profession("physiotherapist").id
    values, circles = {"f_profession": profession_id, "c_limit": 101}, []
    for index, radius in enumerate((10, 100)):
        circle_values, flat, box = CircleParameters(f"n{index}").values(practitioner.lat, practitioner.lng, radius)
        values.update(circle_values)
        circles.append((flat, box.crosses_antimeridian))
    compiled = count_nearby_statement("postgresql", tuple(circles)).params(**values)
    text = str(compiled.compile(dialect=db_session.get_bind().dialect, compile_kwargs={"literal_binds": True}))
    assert db_session.execute(sa.text(text.replace("%", "%%"))).one() == (1, None)
    (plan,) = db_session.execute(sa.text("EXPLAIN (ANALYZE, FORMAT JSON) " + text.replace("%", "%%"))).scalar()
    assert _executed_counts(plan["Plan"]) == 1
