"""Resolving places against the real bundled gazetteer, on each database."""

import dataclasses

import pytest

from directory.geo.distance import great_circle_km
from directory.geo.errors import AmbiguousPlace, PlaceCandidate, PlaceNotFound
from directory.geo.gazetteer import autocomplete, resolve_place
from tests.helpers import CAPITAL_CENTRES


@pytest.mark.parametrize("postcode", sorted(CAPITAL_CENTRES))
def test_capital_city_postcodes_resolve_near_their_centre(db_session, postcode):
    place = resolve_place(db_session, postcode)
    assert great_circle_km(place.lat, place.lng, *CAPITAL_CENTRES[postcode]) < 1.5
    assert place.postcode == postcode


@pytest.mark.parametrize(
    ("text", "state", "postcode"),
    [
        ("Fitzroy VIC", "VIC", "3065"),
        ("fitzroy, vic", "VIC", "3065"),
        ("Fitzroy 3065", "VIC", "3065"),
        ("FITZROY   SA", "SA", None),
        ("St Kilda VIC", "VIC", "3182"),
        ("Saint Kilda VIC", "VIC", "3182"),
        ("Mt Waverley", "VIC", "3149"),
        ("Mount Waverley", "VIC", "3149"),
        ("870", "NT", "0870"),
        ("Alice Springs NT 0870", "NT", "0870"),
        ("Gold Coast", "QLD", None),
        ("Sydney", "NSW", None),
        ("Melbourne", "VIC", None),
    ],
)
def test_resolves_the_shapes_people_type(db_session, text, state, postcode):
    place = resolve_place(db_session, text)
    assert place.state == state
    if postcode:
        assert place.postcode == postcode


def test_ambiguous_name_offers_candidates(db_session):
    with pytest.raises(AmbiguousPlace) as raised:
        resolve_place(db_session, "Richmond")
    states = {c.state for c in raised.value.candidates}
    assert {"NSW", "VIC", "QLD", "SA", "TAS"} <= states
    assert raised.value.field == "near"


def test_state_settles_an_ambiguous_name(db_session):
    place = resolve_place(db_session, "Richmond VIC")
    assert place.postcode == "3121"


def test_unknown_name_suggests_close_names(db_session):
    with pytest.raises(PlaceNotFound) as raised:
        resolve_place(db_session, "Fitzroyy")
    assert any(s.name == "Fitzroy" for s in raised.value.suggestions)


def test_nonsense_is_not_found_without_suggestions(db_session):
    with pytest.raises(PlaceNotFound) as raised:
        resolve_place(db_session, "Xqzzyville")
    assert raised.value.suggestions == []


def test_unknown_postcode_suggests_neighbours(db_session):
    with pytest.raises(PlaceNotFound):
        resolve_place(db_session, "0001")


def test_name_with_a_wrong_postcode_is_not_guessed(db_session):
    with pytest.raises(PlaceNotFound) as raised:
        resolve_place(db_session, "Fitzroy 2000")
    assert raised.value.suggestions


def test_autocomplete_ranks_real_places_and_caps_results(db_session):
    results = autocomplete(db_session, "fitz")
    assert 0 < len(results) <= 10
    assert results[0].name.lower().startswith("fitz")
    assert len(autocomplete(db_session, "s", limit=10)) == 10
    assert autocomplete(db_session, "20")[0].postcode.startswith("20")
    assert autocomplete(db_session, "") == []
    assert autocomplete(db_session, "%_") == []


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("Alice Springs", "0870"),
        ("12 Smith St, Fitzroy VIC 3065", "3065"),
        ("Sydney, Australia", "2000"),
        ("NSW 2000", "2000"),
        ("3065 Fitzroy", "3065"),
    ],
)
def test_more_shapes_people_type(db_session, text, postcode):
    assert resolve_place(db_session, text).postcode == postcode


def test_distinct_places_of_one_name_in_one_state_stay_separate(db_session):
    with pytest.raises(AmbiguousPlace) as raised:
        resolve_place(db_session, "Newtown VIC")
    assert {c.postcode for c in raised.value.candidates} >= {"3220", "3351"}


def test_suggestions_leave_out_mail_centres(db_session):
    with pytest.raises(PlaceNotFound) as raised:
        resolve_place(db_session, "Darwen")
    assert not any(s.name.lower().endswith((" mc", " dc")) for s in raised.value.suggestions)


def test_suburbs_located_exactly_are_the_places_resolve_gives(db_session):
    """An import places its rows by (suburb, state, postcode) in one statement: the same place
    ``resolve_place`` gives for "suburb state postcode", or nothing (then ``resolve_place`` decides)."""
    import random

    import sqlalchemy as sa

    from directory.geo.gazetteer import locate_exactly
    from directory.geo.models import Place

    rows = db_session.execute(
        sa.select(Place.name, Place.state, Place.postcode)
        .where(Place.kind == "locality", Place.postcode.is_not(None))
        .order_by(Place.id)
    ).all()
    sample = {tuple(row) for row in random.Random(9).sample(rows, 300)} | {("Xqzzyville", "VIC", "3999")}
    located = locate_exactly(db_session, sample)
    assert len(located) >= 0.9 * len(sample) and ("Xqzzyville", "VIC", "3999") not in located
    for (name, state, postcode), place in located.items():
        assert place == resolve_place(db_session, f"{name} {state} {postcode}", field="suburb"), name


def test_a_candidate_in_json_has_every_field():
    candidate = PlaceCandidate("Fitzroy VIC 3065", "Fitzroy", "VIC", "3065", -37.8, 144.98)
    assert candidate.to_dict() == dataclasses.asdict(candidate)
