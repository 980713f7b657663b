"""What search engines read: robots.txt, the sitemap index and its files, landing pages per
profession and place, canonical addresses, descriptions, Open Graph tags and JSON-LD; the
web-app manifest and the favicon."""

from __future__ import annotations

import json
import re

import pytest

FITZROY = (-37.8004, 144.9745)
MELBOURNE = (-37.8136, 144.9631)


@pytest.fixture
def based(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://directory.example.org")
    return app


def test_robots_txt_keeps_crawlers_off_forms_and_points_at_the_sitemap(based):
    body = based.test_client().get("/robots.txt").get_data(as_text=True)
    for path in ("/account/", "/admin", "/dashboard", "/api/", "/*/reviews/new", "/*/claim"):
        assert f"Disallow: {path}\n" in body
    assert "Sitemap: https://directory.example.org/sitemap.xml" in body


def test_sitemap_index_splits_listings_and_landing_pages_into_files(based, make_practitioner, monkeypatch):
    monkeypatch.setitem(based.config, "SITEMAP_URLS_PER_FILE", 2)
    people = [
        make_practitioner(
            lat=FITZROY[0], lng=FITZROY[1], practice={"suburb": "Fitzroy", "state": "VIC", "postcode": "3065"}
        )
        for _ in range(5)
    ]
    client = based.test_client()
    index = client.get("/sitemap.xml").get_data(as_text=True)
    files = re.findall(r"<loc>https://directory\.example\.org(/sitemaps/[^<]+)</loc>", index)
    assert files == [
        "/sitemaps/pages.xml",
        "/sitemaps/listings-1.xml",
        "/sitemaps/listings-2.xml",
        "/sitemaps/listings-3.xml",
        "/sitemaps/places-1.xml",
    ]
    listed = []
    for n in (1, 2, 3):
        listed += re.findall(
            r"/practitioners/([^<]+)</loc>", client.get(f"/sitemaps/listings-{n}.xml").get_data(as_text=True)
        )
    assert listed == [p.slug for p in people]
    assert client.get("/sitemaps/listings-4.xml").status_code == 404
    assert client.get("/sitemaps/listings-0.xml").status_code == 404
    places = client.get("/sitemaps/places-1.xml").get_data(as_text=True)
    assert "<loc>https://directory.example.org/physiotherapists/fitzroy-vic-3065</loc>" in places
    pages = client.get("/sitemaps/pages.xml").get_data(as_text=True)
    assert "<loc>https://directory.example.org/physiotherapists/melbourne-vic</loc>" in pages
    assert "/remedial-massage-therapists/melbourne-vic" not in pages  # none within 20 km


def test_a_suburb_landing_page_lists_its_practitioners_nearest_first(client, make_practitioner):
    near = make_practitioner(
        name="Ada Near",
        lat=FITZROY[0],
        lng=FITZROY[1],
        practice={"suburb": "Fitzroy", "state": "VIC", "postcode": "3065"},
    )
    far = make_practitioner(
        name="Bo Further",
        lat=FITZROY[0] + 0.02,
        lng=FITZROY[1],
        practice={"suburb": "Fitzroy", "state": "VIC", "postcode": "3065"},
    )
    make_practitioner(
        name="Cy Massage",
        profession="remedial-massage-therapist",
        lat=FITZROY[0],
        lng=FITZROY[1],
        practice={"suburb": "Fitzroy", "state": "VIC", "postcode": "3065"},
    )
    response = client.get("/physiotherapists/fitzroy-vic-3065")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Physiotherapists in Fitzroy VIC 3065</h1>" in html
    assert "2 physiotherapists practise in Fitzroy" in html
    assert html.index(near.name) < html.index(far.name) and "Cy Massage" not in html
    assert 'href="/remedial-massage-therapists/fitzroy-vic-3065"' in html
    # The listing's breadcrumb leads back to it.
    listing = client.get(f"/practitioners/{near.slug}").get_data(as_text=True)
    assert 'href="/physiotherapists/fitzroy-vic-3065">Physiotherapists in Fitzroy</a>' in listing


@pytest.mark.parametrize(
    "path",
    [
        "/physiotherapists/fitzroy-vic-3065",  # nobody there
        "/physiotherapists/nowhere-vic-3065",
        "/physiotherapists/fitzroy-xx-3065",
        "/physiotherapists/fitzroy",
        "/physiotherapists/smalltown-vic",  # not a city of the gazetteer
        "/chiropractors/fitzroy-vic-3065",
        "/physiotherapists/fitzroy-vic-3065%00",
    ],
)
def test_landing_pages_that_do_not_exist_are_404(client, path):
    assert client.get(path).status_code in (400, 404)


def test_a_city_landing_page_lists_the_best_rated_within_20_km(client, make_practitioner):
    make_practitioner(name="Low Rated", lat=MELBOURNE[0], lng=MELBOURNE[1], reviews=(2,))
    make_practitioner(name="High Rated", lat=MELBOURNE[0] + 0.05, lng=MELBOURNE[1], reviews=(5, 5, 5))
    html = client.get("/physiotherapists/melbourne-vic").get_data(as_text=True)
    assert "Physiotherapists in Melbourne VIC" in html
    assert html.index("High Rated") < html.index("Low Rated")
    empty = client.get("/remedial-massage-therapists/melbourne-vic")
    assert empty.status_code == 200 and "Search within 50 km" in empty.get_data(as_text=True)


def test_pages_have_canonical_addresses_descriptions_and_open_graph_tags(based, make_practitioner):
    listing = make_practitioner(name="Ola Canon")
    client = based.test_client()
    for path in ("/", f"/practitioners/{listing.slug}", "/guide/remedial-massage-vs-physiotherapy"):
        html = client.get(path + "?utm_source=x", headers={"Host": "evil.example"}).get_data(as_text=True)
        assert f'<link rel="canonical" href="https://directory.example.org{path}">' in html, path
        assert re.search(r'<meta name="description" content="[^"]{40,}">', html), path
        for tag in ("og:title", "og:description", "og:url", "og:type", "og:image"):
            assert f'<meta property="{tag}"' in html, (path, tag)
        assert "evil.example" not in html


@pytest.mark.parametrize(
    "profession, kind",
    [("physiotherapist", "Physiotherapy"), ("remedial-massage-therapist", "HealthAndBeautyBusiness")],
)
def test_listing_json_ld_names_a_fitting_type_address_geo_and_rating(client, make_practitioner, profession, kind):
    listing = make_practitioner(profession=profession, reviews=(5, 4))
    html = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == kind
    assert data["address"]["addressCountry"] == "AU" and data["address"]["postalCode"] == "2000"
    assert data["geo"]["latitude"] == listing.lat
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.5,
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_manifest_and_favicon(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    data = manifest.get_json()
    assert data["name"] == "MoveWell Directory" and data["start_url"] == "/"
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and client.get(favicon.headers["Location"]).status_code == 200
    html = client.get("/").get_data(as_text=True)
    assert 'rel="manifest"' in html and 'rel="icon"' in html
