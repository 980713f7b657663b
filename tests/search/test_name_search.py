"""Name search reads the full-text index (practitioners/text_search.py, migration c6f2d8a4e1b9):
every word typed begins a word of the name or of the practice's name; the index follows every
change in the same transaction, on both databases; existing rows are indexed by the migration."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from directory.bulk import insert_rows
from directory.extensions import db
from directory.practitioners.models import Practice, Practitioner
from directory.practitioners.reference import reference
from directory.practitioners.text_search import match_query, search_words
from directory.search import services
from directory.search.estimates import estimates
from directory.search.params import parse_search_params


def _names(client, q: str, **extra) -> list[str]:
    args = "&".join(f"{k}={v}" for k, v in extra.items())
    return sorted(r["name"] for r in client.get(f"/api/v1/practitioners?q={q}&{args}").get_json()["results"])


def test_words_are_folded_as_the_index_folds_them():
    assert search_words("O’Brien Physio-Co, Zoë Ørsted") == ["o", "brien", "physio", "co", "zoe", "orsted"]
    assert match_query("sqlite", "Ben  Lee") == '"ben"* AND "lee"*'
    assert match_query("postgresql", "ben lee") == "ben:* & lee:*"
    assert match_query("sqlite", "!!") == match_query("sqlite", "") != ""


def test_each_word_begins_a_word_of_the_name_or_the_practice(client, make_practitioner):
    make_practitioner(name="Ben Leeson", practice={"name": "Harbour Physio"})
    make_practitioner(name="Ana Lee", practice={"name": "Clinic 4"})
    make_practitioner(name="Zoë O'Brien", practice={"name": "Kew Massage"})
    assert _names(client, "ben+lee") == ["Ben Leeson"]
    assert _names(client, "lee") == ["Ana Lee", "Ben Leeson"]
    assert _names(client, "lee+clinic") == ["Ana Lee"]
    assert _names(client, "harb") == ["Ben Leeson"]
    assert _names(client, "zoe+obrien") == []  # "obrien" is not a word: "o" and "brien" are
    assert _names(client, "zoe+o+brien") == ["Zoë O'Brien"]
    assert _names(client, "ZOË") == ["Zoë O'Brien"]
    assert _names(client, "eeson") == []  # words are matched from their beginning
    assert _names(client, "%25%21") == []  # no word at all: nothing, and no error


def test_the_index_follows_every_change_in_the_same_transaction(app, client, make_practitioner):
    person = make_practitioner(name="Rhea Rename", practice={"name": "Old Name Physio"})
    with app.app_context():
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == person.id).values(name="Rhea Newname"))
        db.session.execute(sa.update(Practice).where(Practice.id == person.practice_id).values(name="Brand New Physio"))
        db.session.commit()
    assert _names(client, "rename") == [] and _names(client, "newname") == ["Rhea Newname"]
    assert _names(client, "old+name") == [] and _names(client, "brand") == ["Rhea Newname"]
    with app.app_context():
        db.session.execute(sa.delete(Practitioner).where(Practitioner.id == person.id))
        db.session.commit()
    assert _names(client, "rhea") == []


def test_practitioners_added_in_one_statement_are_all_indexed(app, client, make_practitioner):
    """An import adds hundreds of practitioners in one statement (a COPY on PostgreSQL, whose
    trigger reads them all from the statement's new rows since c2a7e5d9f4b3): each is found."""
    first = make_practitioner(name="Tess Template", practice={"name": "Copyhouse Physio"})
    with app.app_context():
        base = db.session.get(Practitioner, first.id)
        rows = [
            {
                "slug": f"manyrow-{n}",
                "name": f"Manyrow Number{n}",
                "profession_id": base.profession_id,
                "practice_id": base.practice_id,
                "languages": ["English"],
                "hours": {},
            }
            for n in range(3)
        ]
        insert_rows(db.session, Practitioner.__table__, rows)
        db.session.commit()
    assert _names(client, "manyrow") == ["Manyrow Number0", "Manyrow Number1", "Manyrow Number2"]
    assert _names(client, "number1") == ["Manyrow Number1"]
    assert _names(client, "copyhouse") == ["Manyrow Number0", "Manyrow Number1", "Manyrow Number2", "Tess Template"]


def test_a_rare_name_in_a_crowded_circle_reads_the_index(app, db_session, make_practitioner):
    for _ in range(30):
        make_practitioner()
    make_practitioner(name="Quill Rarename")
    params = parse_search_params(db_session, {"q": "rarename", "lat": "-33.8688", "lng": "151.2093", "radius_km": "50"})
    ref = reference(db_session)
    costs = services._plan_costs(params, params.effective_sort, ref, estimates(db_session), _origin(), {"q"}, 21)
    assert costs["link_name"] == "text"
    assert min((k for k in costs if k != "link_name"), key=lambda k: costs[k][0]) == "link"


def _origin():
    from directory.geo.gazetteer import ResolvedPlace

    return ResolvedPlace("Sydney", -33.8688, 151.2093, "NSW", "2000")


def test_rows_from_before_the_revision_are_indexed_by_it(app, client):
    with app.app_context():
        db.session.remove()
        downgrade(revision="f4b8d2a6c1e9")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO practices (id, name, address, suburb, state, postcode, lat, lng) "
                    "VALUES (9101, 'Backfill Physio', '1 St', 'Sydney', 'NSW', '2000', -33.87, 151.21)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO practitioners (id, slug, name, profession_id, practice_id, languages, hours) "
                    "VALUES (9101, 'old-row', 'Olga Oldrow', 1, 9101, '[]', '{}')"
                )
            )
        upgrade()
    assert _names(client, "oldrow") == ["Olga Oldrow"] and _names(client, "backfill") == ["Olga Oldrow"]
