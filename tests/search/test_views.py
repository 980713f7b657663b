"""The HTML search page: results, errors beside their fields, never a 500."""

import pytest

from directory.core.hooks import options
from directory.practitioners.reference import PayerRef
from tests.helpers import BAD_SEARCH_PARAMETERS


def test_search_page_lists_results(client, make_practitioner):
    p = make_practitioner(name="Harriet <b>Bold</b>")
    response = client.get("/search?near=2000")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="/practitioners/{p.slug}"' in html
    assert "Harriet &lt;b&gt;Bold&lt;/b&gt;" in html
    assert "1 practitioner" in html and "km" in html


@pytest.mark.parametrize(
    ("query", "field"), [*BAD_SEARCH_PARAMETERS, ("near=Xqzzyville", "near"), ("near=Richmond", "near")]
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
    client.get("/search?near=3000")  # warm the per-process caches (reference data, estimates, demo flag)
    with count_queries() as few:
        assert client.get("/search?near=2000").status_code == 200
    for i in range(15):
        make_practitioner(lat=-33.8688 + i / 500, specialties=("pelvic-health", "vestibular"))
    with count_queries() as many:
        assert client.get("/search?near=2000").status_code == 200
    assert len(few) == len(many)
    assert len(many) <= 4


def test_typed_place_wins_over_leftover_coordinates(client):
    html = client.get("/search?near=Fitzroy+VIC&lat=-17.94&lng=122.23").get_data(as_text=True)
    assert "near Fitzroy VIC 3065" in html


def test_min_rating_survives_pagination_links(client, make_practitioner):
    for i in range(3):
        make_practitioner(lat=-33.8688 + i / 1000, reviews=(5, 5))
    html = client.get("/search?near=2000&min_rating=4&per_page=1").get_data(as_text=True)
    assert "min_rating=4&amp;" in html or 'min_rating=4"' in html
    assert '<option value="4" selected>' in html


def test_page_past_the_end_says_so(client, make_practitioner):
    make_practitioner()
    html = client.get("/search?near=2000&page=9").get_data(as_text=True)
    assert "past the last one" in html


def test_suggestions_keep_the_filters(client):
    html = client.get("/search?near=Sydnee&profession=physiotherapist").get_data(as_text=True)
    assert "profession=physiotherapist" in html.split('data-testid="place-suggestions"')[1]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_on_pages_are_405_not_500(client, method):
    response = getattr(client, method)("/search")
    assert response.status_code in (400, 405)
    response = getattr(client, method)("/guide/remedial-massage-vs-physiotherapy")
    assert response.status_code in (400, 405)


@pytest.mark.parametrize("value", ["²", "①", "-²", "9" * 5000, "1e3", " 1"])
def test_non_ascii_or_huge_numbers_are_a_field_error(client, value):
    response = client.get("/api/v1/practitioners", query_string={"page": value})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.get_json()["error"]["field"] == "page"
    assert client.get("/search", query_string={"per_page": value}).status_code in (200, 400)


def test_the_form_keeps_the_chosen_lists(client):
    """The profession, specialty and payer chosen stay selected, one each."""
    html = client.get(
        "/search?near=2000&profession=physiotherapist&specialty=sports-injuries&payer=medicare-care-plan"
    ).get_data(as_text=True)
    assert html.count(" selected>") == 3
    assert '<option value="physiotherapist" selected>Physiotherapists</option>' in html
    assert '<option value="sports-injuries" selected>' in html
    assert '<option value="medicare-care-plan" selected>' in html


def test_options_escape_what_they_show():
    records = [PayerRef(1, "a-b", "Tom & <Jerry>"), PayerRef(2, 'x"y', "Plain")]
    html = str(options(records, 'x"y'))
    assert html == (
        '<option value="a-b">Tom &amp; &lt;Jerry&gt;</option><option value="x&#34;y" selected>Plain</option>'
    )
