"""The search service: parameter rules and results, on each database."""

import pytest

from directory.errors import InvalidParameter
from directory.geo.distance import great_circle_km
from directory.geo.geocoders import OfflineResolver
from directory.search.params import parse_search_params
from directory.search.services import search_practitioners

SYDNEY = (-33.8688, 151.2093)


def offsets(km_north: float):
    return SYDNEY[0] + km_north / 111.2, SYDNEY[1]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"lat": "999", "lng": "151"}, "lat"),
        ({"lat": "-33", "lng": "200"}, "lng"),
        ({"lat": "-33"}, "lng"),
        ({"lat": "nan", "lng": "151"}, "lat"),
        ({"near": "2000", "radius_km": "-5"}, "radius_km"),
        ({"near": "2000", "radius_km": "100000"}, "radius_km"),
        ({"near": "2000", "radius_km": "0.5"}, "radius_km"),
        ({"near": "2000", "radius_km": "inf"}, "radius_km"),
        ({"profession": "chiropractor"}, "profession"),
        ({"specialty": "astrology"}, "specialty"),
        ({"payer": "bitcoin"}, "payer"),
        ({"page": "-1"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"per_page": "100000"}, "per_page"),
        ({"sort": "DROP TABLE practitioners"}, "sort"),
        ({"sort": "distance"}, "sort"),
        ({"sort": "relevance", "near": "2000"}, "sort"),
        ({"min_rating": "6"}, "min_rating"),
        ({"telehealth": "maybe"}, "telehealth"),
        ({"q": "x" * 101}, "q"),
        ({"near": "a\x00b"}, "near"),
    ],
)
def test_bad_parameters_name_their_field(db_session, args, field):
    with pytest.raises(InvalidParameter) as raised:
        parse_search_params(db_session, args)
    assert raised.value.field == field


def test_defaults(db_session):
    params = parse_search_params(db_session, {"near": "2000"})
    assert (params.radius_km, params.page, params.per_page, params.effective_sort) == (10, 1, 20, "distance")
    assert parse_search_params(db_session, {}).effective_sort == "rating"
    assert parse_search_params(db_session, {"q": "smith"}).effective_sort == "relevance"


def test_radius_edges_are_accepted(db_session):
    assert parse_search_params(db_session, {"near": "2000", "radius_km": "1"}).radius_km == 1
    assert parse_search_params(db_session, {"near": "2000", "radius_km": "100"}).radius_km == 100


def test_results_within_radius_sorted_by_distance(db_session, make_practitioner):
    for km in (0.5, 3, 7, 9.5, 12, 30):
        make_practitioner(lat=offsets(km)[0], lng=offsets(km)[1])
    params = parse_search_params(db_session, {"near": "2000"})
    result = search_practitioners(db_session, params, OfflineResolver())
    distances = [hit.distance_km for hit in result.hits]
    assert result.total == len(distances) == 4
    assert distances == sorted(distances)
    for hit in result.hits:
        p = hit.practitioner
        assert great_circle_km(result.origin.lat, result.origin.lng, p.lat, p.lng) <= 10


def test_filters_combine(db_session, make_practitioner):
    make_practitioner(profession="physiotherapist", specialties=("pelvic-health",), telehealth=True, payers=("dva",))
    make_practitioner(profession="physiotherapist", specialties=("sports-injuries",))
    make_practitioner(profession="remedial-massage-therapist", specialties=("deep-tissue",), home_visits=True)

    def total(**args):
        params = parse_search_params(db_session, {"near": "Sydney NSW 2000", **args})
        return search_practitioners(db_session, params, OfflineResolver()).total

    assert total() == 3
    assert total(profession="physiotherapist") == 2
    assert total(profession="remedial-massage-therapist") == 1
    assert total(specialty="pelvic-health") == 1
    assert total(telehealth="1") == 1
    assert total(home_visits="true") == 1
    assert total(payer="dva") == 1
    assert total(profession="remedial-massage-therapist", specialty="pelvic-health") == 0


def test_min_rating_and_rating_sort_use_the_bayesian_score(db_session, make_practitioner):
    one_five = make_practitioner(name="Single Five", reviews=(5,))
    many = make_practitioner(name="Many Good", reviews=(5, 5, 5, 4, 5, 5, 4, 5, 5, 5))
    none = make_practitioner(name="No Reviews")
    params = parse_search_params(db_session, {"near": "2000", "sort": "rating"})
    slugs = [h.practitioner.slug for h in search_practitioners(db_session, params, OfflineResolver()).hits]
    assert slugs == [many.slug, one_five.slug, none.slug]
    params = parse_search_params(db_session, {"near": "2000", "min_rating": "4.9"})
    slugs = [h.practitioner.slug for h in search_practitioners(db_session, params, OfflineResolver()).hits]
    assert slugs == [one_five.slug]


def test_text_search_and_relevance(db_session, make_practitioner):
    exact = make_practitioner(name="Jo Smith")
    prefix = make_practitioner(name="Smithers Brown", lat=offsets(20)[0])
    practice = make_practitioner(name="Alex Lee", practice={"name": "Smith Street Physio"})
    make_practitioner(name="Unrelated Person")
    params = parse_search_params(db_session, {"q": "smith"})
    result = search_practitioners(db_session, params, OfflineResolver())
    assert result.total == 3
    assert [h.practitioner.slug for h in result.hits] == [prefix.slug, exact.slug, practice.slug]
    # Wildcards are matched literally.
    assert search_practitioners(db_session, parse_search_params(db_session, {"q": "%"}), OfflineResolver()).total == 0


def test_pagination(db_session, make_practitioner):
    for km in range(7):
        make_practitioner(lat=offsets(km)[0])
    params = parse_search_params(db_session, {"near": "2000", "per_page": "3", "page": "3"})
    result = search_practitioners(db_session, params, OfflineResolver())
    assert result.total == 7 and result.page.pages == 3 and len(result.hits) == 1
