"""The HTML search page: results, errors beside their fields, never a 500."""

import pytest


def test_search_page_lists_results(client, make_practitioner):
    p = make_practitioner(name="Harriet <b>Bold</b>")
    response = client.get("/search?near=2000")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="/practitioners/{p.slug}"' in html
    assert "Harriet &lt;b&gt;Bold&lt;/b&gt;" in html
    assert "1 practitioner" in html and "km" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("lat=999&lng=151", "lat"),
        ("near=2000&radius_km=-5", "radius_km"),
        ("near=2000&radius_km=100000", "radius_km"),
        ("profession=dentist", "profession"),
        ("page=-1", "page"),
        ("per_page=100000", "per_page"),
        ("sort=DROP%20TABLE", "sort"),
        ("near=Xqzzyville", "near"),
        ("near=Richmond", "near"),
    ],
)
def test_bad_input_shows_a_message_next_to_the_field(client, query, field):
    response = client.get(f"/search?{query}")
    assert response.status_code in (200, 400, 404)
    html = response.get_data(as_text=True)
    assert f'data-field="{field}"' in html
    assert f'id="{field}-error"' in html


def test_ambiguous_place_lists_choices_that_resolve(client):
    html = client.get("/search?near=Richmond").get_data(as_text=True)
    assert 'data-testid="place-candidates"' in html
    assert "Richmond VIC 3121" in html
    assert client.get("/search?near=Richmond VIC 3121").status_code == 200


def test_search_page_runs_a_constant_number_of_queries(client, make_practitioner, count_queries):
    make_practitioner(specialties=("pelvic-health",))
    with count_queries() as few:
        assert client.get("/search?near=2000").status_code == 200
    for i in range(15):
        make_practitioner(lat=-33.8688 + i / 500, specialties=("pelvic-health", "vestibular"))
    with count_queries() as many:
        assert client.get("/search?near=2000").status_code == 200
    assert len(few) == len(many)
    assert len(many) <= 12
