"""The JSON API, checked against its own OpenAPI document."""

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from directory.geo.distance import great_circle_km
from tests.helpers import BAD_SEARCH_PARAMETERS, CAPITAL_CENTRES


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def check(spec, schema_name, data):
    """Validate a response body against a component schema of the OpenAPI document."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    Draft202012Validator(schema).validate(data)


def test_openapi_document_is_valid(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def near(lat, lng, km_north=0.0, km_east=0.0):
    return {"lat": lat + km_north / 111.2, "lng": lng + km_east / 92.0}


@pytest.mark.parametrize("postcode", sorted(CAPITAL_CENTRES))
def test_search_near_capital_postcodes(client, spec, make_practitioner, postcode):
    lat, lng = CAPITAL_CENTRES[postcode]
    make_practitioner(profession="physiotherapist", **near(lat, lng, 3, 1))
    make_practitioner(profession="remedial-massage-therapist", **near(lat, lng, -8, 2))
    make_practitioner(profession="physiotherapist", **near(lat, lng, 20, 0))
    make_practitioner(profession="remedial-massage-therapist", **near(lat, lng, 40, 0))
    response = client.get(f"/api/v1/practitioners?near={postcode}&radius_km=25")
    assert response.status_code == 200
    data = response.get_json()
    check(spec, "SearchResults", data)
    assert great_circle_km(data["near"]["lat"], data["near"]["lng"], lat, lng) < 1.5
    assert {r["profession"] for r in data["results"]} == {"physiotherapist", "remedial-massage-therapist"}
    assert data["total"] == 3
    distances = [r["distance_km"] for r in data["results"]]
    assert distances == sorted(distances) and all(d <= 25 for d in distances)


@pytest.mark.parametrize("place", ["Fitzroy VIC", "Fitzroy 3065", "Newtown NSW", "St Kilda VIC"])
def test_search_near_suburb_with_state(client, spec, place):
    response = client.get("/api/v1/practitioners", query_string={"near": place})
    assert response.status_code == 200
    check(spec, "SearchResults", response.get_json())


def test_ambiguous_place_offers_candidates(client, spec):
    response = client.get("/api/v1/practitioners?near=Richmond")
    assert response.status_code == 400
    data = response.get_json()
    check(spec, "Error", data)
    assert data["error"]["code"] == "ambiguous_place" and data["error"]["field"] == "near"
    assert len(data["error"]["candidates"]) >= 5


def test_unknown_place(client, spec):
    response = client.get("/api/v1/practitioners?near=Xqzzyville")
    assert response.status_code == 404
    check(spec, "Error", response.get_json())
    response = client.get("/api/v1/practitioners?near=Fitzroyy")
    assert response.status_code == 404
    assert response.get_json()["error"]["suggestions"]


@pytest.mark.parametrize(("query", "field"), BAD_SEARCH_PARAMETERS)
def test_bad_input_is_a_400_json_error(client, spec, query, field):
    response = client.get(f"/api/v1/practitioners?{query}")
    assert response.status_code == 400
    data = response.get_json()
    check(spec, "Error", data)
    assert data["error"]["field"] == field
    assert "Traceback" not in response.get_data(as_text=True)


def test_practitioner_detail_and_reviews(client, spec, make_practitioner):
    p = make_practitioner(specialties=("pelvic-health",), payers=("dva",), reviews=(5, 4))
    response = client.get(f"/api/v1/practitioners/{p.slug}")
    assert response.status_code == 200
    data = response.get_json()
    check(spec, "PractitionerDetail", data)
    assert data["specialties"] == ["pelvic-health"] and data["rating"] == {
        "source": "movewell",
        "average": 4.5,
        "count": 2,
    }
    response = client.get(f"/api/v1/practitioners/{p.slug}/reviews?per_page=1")
    data = response.get_json()
    check(spec, "ReviewPage", data)
    assert data["total"] == 2 and len(data["results"]) == 1
    assert "email" not in data["results"][0]
    assert "@" not in response.get_data(as_text=True)


def test_unknown_practitioner_is_a_json_404(client, spec):
    for path in ("/api/v1/practitioners/nobody", "/api/v1/practitioners/nobody/reviews", "/api/v1/nothing"):
        response = client.get(path)
        assert response.status_code == 404
        check(spec, "Error", response.get_json())


def test_places_autocomplete(client):
    data = client.get("/api/v1/places?q=Fitz").get_json()
    assert 0 < len(data["results"]) <= 10
    assert client.get("/api/v1/places?q=").status_code == 400
    assert client.get("/api/v1/places?q=s&limit=50").status_code == 400


def test_reference_lists(client):
    professions = client.get("/api/v1/professions").get_json()["results"]
    assert [p["slug"] for p in professions] == ["physiotherapist", "remedial-massage-therapist"]
    specialties = client.get("/api/v1/specialties").get_json()["results"]
    assert {"slug": "pelvic-health", "name": "Pelvic health", "professions": ["physiotherapist"]} in specialties


def test_post_is_refused_as_json(client):
    response = client.post("/api/v1/practitioners")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_api_is_rate_limited_per_client(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        responses = [client.get("/api/v1/professions") for _ in range(4)]
    finally:
        app.config["API_RATE_LIMIT"] = "300 per minute"
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[-1].get_json()["error"]["code"] == "too_many_requests"


def test_untrusted_host_header_is_refused(app, client, make_practitioner):
    make_practitioner()
    app.config["TRUSTED_HOSTS"] = ["directory.example.org"]
    try:
        assert client.get("/sitemap.xml", headers={"Host": "evil.example"}).status_code == 400
        ok = client.get("/sitemap.xml", headers={"Host": "directory.example.org"})
        assert ok.status_code == 200 and "http://directory.example.org/sitemaps/listings-1.xml" in ok.get_data(
            as_text=True
        )
        listings = client.get("/sitemaps/listings-1.xml", headers={"Host": "directory.example.org"})
        assert "http://directory.example.org/practitioners/" in listings.get_data(as_text=True)
    finally:
        app.config["TRUSTED_HOSTS"] = None


def test_reviews_api_orders_labels_and_responses(
    app, client, spec, make_practitioner, make_review, set_owner, make_user
):
    from directory.extensions import db
    from directory.reviews.models import ReviewResponse

    p = make_practitioner(profession="remedial-massage-therapist")
    low = make_review(p, rating=1, aspect_punctuality=2)
    high = make_review(p, rating=5, invite_id=None)
    make_review(p, rating=3, status="held")  # never listed
    make_review(p, rating=2, status="removed", moderation_reason="off_topic")  # never listed
    with app.app_context():
        db.session.add(ReviewResponse(review_id=low, body="Sorry to hear this; please call us."))
        db.session.commit()
        db.session.remove()
    data = client.get(f"/api/v1/practitioners/{p.slug}/reviews?order=lowest").get_json()
    check(spec, "ReviewPage", data)
    assert [r["id"] for r in data["results"]] == [low, high] and data["order"] == "lowest"
    assert data["total"] == 2 and data["rating"]["distribution"] == {"5": 1, "4": 0, "3": 0, "2": 0, "1": 1}
    lowest = data["results"][0]
    assert lowest["response"]["body"] == "Sorry to hear this; please call us."
    assert lowest["labels"] == ["confirmed-email"] and lowest["aspects"] == {"punctuality": 2}
    assert data["results"][1]["response"] is None
    highest = client.get(f"/api/v1/practitioners/{p.slug}/reviews?order=highest").get_json()
    assert [r["id"] for r in highest["results"]] == [high, low]
    bad = client.get(f"/api/v1/practitioners/{p.slug}/reviews?order=owner")
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "order"
    assert "@" not in client.get(f"/api/v1/practitioners/{p.slug}/reviews").get_data(as_text=True)


def test_result_links_are_each_listings_address_under_the_sites_root(client, make_practitioner):
    """The page of results builds listing addresses once (practitioners/links.py): each must still
    be what ``url_for`` gives, also when the site is served under a path prefix."""
    made = [make_practitioner(lat=-33.8688 + i / 1000) for i in range(3)]
    for root in ("", "/directory"):
        api = client.get("/api/v1/practitioners?near=2000", base_url=f"http://localhost{root}").get_json()
        assert {r["slug"]: r["url"] for r in api["results"]} == {
            p.slug: f"http://localhost{root}/practitioners/{p.slug}" for p in made
        }
        page = client.get("/search?near=2000", base_url=f"http://localhost{root}").get_data(as_text=True)
        for p in made:
            assert f'href="{root}/practitioners/{p.slug}"' in page


def test_payers_name_the_professions_that_accept_them_with_their_conditions(client):
    payers = {p["slug"]: p for p in client.get("/api/v1/payers").get_json()["results"]}
    assert set(payers["workcover"]["professions"]) == {"physiotherapist", "remedial-massage-therapist"}
    assert "doctor's request" in payers["workcover"]["professions"]["remedial-massage-therapist"]
    assert set(payers["medicare-care-plan"]["professions"]) == {"physiotherapist"}
    assert payers["medicare-care-plan"]["name"] == "Medicare: GP Chronic Condition Management Plan"
