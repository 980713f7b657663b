"""API adapters (Yelp): tested on recorded responses with the network unreachable; off without a
key (and then the site says nothing about the source); the automatic check of an owner's link; the
figure shown labelled, within the source's 24-hour caching limit."""

from __future__ import annotations

import urllib.request
from datetime import timedelta

import pytest
import sqlalchemy as sa

from directory.clock import utcnow
from directory.extensions import db
from directory.sources.adapters import NotAtSource, SourceError, SourceLimited, YelpAdapter
from directory.sources.models import ExternalRating, RatingSource, SourceLinkRequest
from tests.helpers import login_as, page_token


@pytest.fixture
def owned(make_practitioner, make_user, set_owner):
    listing = make_practitioner(
        name="Ana Ruiz",
        slug="ana-ruiz",
        practice={"name": "Harbour Physio", "postcode": "3065", "phone": "(03) 5550 1111"},
    )
    owner = make_user(email="ana@example.org")
    set_owner(listing, owner)
    return listing, owner


def test_the_network_is_unreachable_in_these_tests(no_network):
    with pytest.raises(OSError):
        urllib.request.urlopen("https://api.yelp.com/v3/businesses/x", timeout=5)
    with pytest.raises(SourceError):
        YelpAdapter("key").business("harbour-physio-fitzroy")  # the real address: refused, not reached


def test_the_adapter_reads_recorded_responses(app, yelp):
    adapter = YelpAdapter(app.config["YELP_API_KEY"], app.config["YELP_API_URL"])
    business = adapter.business("harbour-physio-fitzroy")
    assert (business.name, business.rating, business.count, business.postcode) == ("Harbour Physio", 4.5, 57, "3065")
    assert business.url == "https://www.yelp.com.au/biz/harbour-physio-fitzroy"  # tracking query dropped
    with pytest.raises(NotAtSource):
        adapter.business("gone-business")
    with pytest.raises(SourceLimited):
        adapter.business("over-the-limit")
    with pytest.raises(SourceError, match="401"):
        YelpAdapter("wrong-key", app.config["YELP_API_URL"]).business("harbour-physio-fitzroy")
    assert yelp == [
        "/v3/businesses/harbour-physio-fitzroy",
        "/v3/businesses/gone-business",
        "/v3/businesses/over-the-limit",
        "/v3/businesses/harbour-physio-fitzroy",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.yelp.com.au/biz/harbour-physio-fitzroy?osq=physio", "harbour-physio-fitzroy"),
        ("https://m.yelp.com/biz/caf%C3%A9-physio", "café-physio"),
        ("hPh7sIoFiTzRoY001aBcDe", "hPh7sIoFiTzRoY001aBcDe"),
        ("https://www.example.com/biz/harbour", None),
        ("<script>", None),
    ],
)
def test_an_owner_s_page_address_gives_the_business_id(text, expected):
    result = YelpAdapter("key").external_id_from(text)
    assert result == (expected if expected is None or expected.isascii() else None)


def test_an_owner_links_their_page_and_the_automatic_check_links_it(app, client, runner, owned, yelp):
    listing, owner = owned
    login_as(client, owner)
    page = client.get("/practitioners/ana-ruiz/sources").get_data(as_text=True)
    assert "Yelp" in page and "You cannot remove a site or hide its rating" in page
    token = page_token(client, "/practitioners/ana-ruiz/sources")
    response = client.post(
        "/practitioners/ana-ruiz/sources",
        data={"csrf_token": token, "source": "yelp", "address": "https://www.yelp.com.au/biz/harbour-physio-fitzroy"},
    )
    assert response.status_code == 302
    assert 'data-testid="ratings-elsewhere"' not in client.get("/practitioners/ana-ruiz").get_data(as_text=True)

    result = runner.invoke(args=["sources", "refresh"])
    assert "Owners' links: 1 checked and linked, 0 left for an administrator." in result.output, result.output
    html = client.get("/practitioners/ana-ruiz").get_data(as_text=True)
    yelp_line = html.split('data-testid="rating-yelp"')[1].split("</li>")[0]
    assert "4.5 out of 5 from 57 ratings" in yelp_line and "of “Harbour Physio”" in yelp_line
    assert 'href="https://www.yelp.com.au/biz/harbour-physio-fitzroy"' in yelp_line
    with app.app_context():
        link = db.session.scalars(sa.select(ExternalRating)).one()
        assert (link.external_id, link.linked_by) == ("hPh7sIoFiTzRoY001aBcDe", "automatic")
        db.session.remove()


def test_a_page_that_is_not_the_listing_s_waits_for_an_administrator(app, client, runner, owned, yelp, admin):
    listing, owner = owned
    login_as(client, owner)
    token = page_token(client, "/practitioners/ana-ruiz/sources")
    client.post(
        "/practitioners/ana-ruiz/sources",
        data={"csrf_token": token, "source": "yelp", "address": "https://www.yelp.com/biz/someone-elses-clinic"},
    )
    result = runner.invoke(args=["sources", "refresh"])
    assert "0 checked and linked, 1 left for an administrator" in result.output, result.output
    page = client.get("/practitioners/ana-ruiz/sources").get_data(as_text=True)
    assert "waiting for a check" in page and "automatic check did not find" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ExternalRating)) == 0
        request_id = db.session.scalar(sa.select(SourceLinkRequest.id))
        db.session.remove()
    # An administrator rejects it, saying why; the owner sees the reason.
    client.post("/account/logout", data={"csrf_token": page_token(client, "/dashboard")})
    login_as(client, admin)
    assert "someone-elses-clinic" in client.get("/admin/sources").get_data(as_text=True)
    token = page_token(client, "/admin/sources")
    response = client.post(
        f"/admin/sources/{request_id}/reject", data={"csrf_token": token, "note": "Not your practice."}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(SourceLinkRequest, request_id).status == "rejected"
        db.session.remove()


def test_without_a_key_the_adapter_is_off_and_the_site_says_nothing(app, client, runner, owned, no_network):
    listing, owner = owned
    with app.app_context():
        source = RatingSource(
            slug="yelp", name="Yelp", home_url="https://www.yelp.com.au/", kind="api", max_age_hours=24
        )
        db.session.add(source)
        db.session.flush()
        db.session.add(
            ExternalRating(
                source_id=source.id,
                practitioner_id=listing.id,
                external_id="hPh7sIoFiTzRoY001aBcDe",
                linked_by="automatic",
                rating=4.5,
                rating_count=57,
                retrieved_at=utcnow() - timedelta(hours=1),
                excerpts=[],
            )
        )
        db.session.commit()
        db.session.remove()
    assert not app.config["YELP_API_KEY"]
    html = client.get("/practitioners/ana-ruiz").get_data(as_text=True)
    assert "Yelp" not in html and 'data-testid="ratings-elsewhere"' not in html
    login_as(client, owner)
    assert "Yelp" not in client.get("/practitioners/ana-ruiz/sources").get_data(as_text=True)
    token = page_token(client, "/practitioners/ana-ruiz/sources")
    response = client.post(
        "/practitioners/ana-ruiz/sources", data={"csrf_token": token, "source": "yelp", "address": "x"}
    )
    assert response.status_code == 400  # not a choice
    assert "No API adapter is on" in runner.invoke(args=["sources", "refresh"]).output


def test_refresh_reads_due_figures_and_stops_when_the_source_refuses_more(app, runner, make_practitioner, yelp):
    listings = [make_practitioner(name=f"P{n}") for n in range(3)]
    with app.app_context():
        source = RatingSource(
            slug="yelp", name="Yelp", home_url="https://www.yelp.com.au/", kind="api", max_age_hours=24
        )
        db.session.add(source)
        db.session.flush()
        for listing, external_id in zip(
            listings, ["harbour-physio-fitzroy", "gone-business", "over-the-limit"], strict=True
        ):
            db.session.add(
                ExternalRating(
                    source_id=source.id,
                    practitioner_id=listing.id,
                    external_id=external_id,
                    linked_by="admin",
                    excerpts=[],
                )
            )
        db.session.commit()
        db.session.remove()
    result = runner.invoke(args=["sources", "refresh"])
    assert "yelp: 1 read, 1 not found or failed (stopped: the source refused more requests" in result.output
    with app.app_context():
        figures = dict(db.session.execute(sa.select(ExternalRating.external_id, ExternalRating.rating_count)).all())
        errors = dict(db.session.execute(sa.select(ExternalRating.external_id, ExternalRating.last_error)).all())
        db.session.remove()
    assert figures["harbour-physio-fitzroy"] == 57 and figures["gone-business"] is None
    assert errors["gone-business"] == "Yelp has no such business."
    # A fresh figure is not read again until half its caching limit has passed.
    yelp.clear()
    runner.invoke(args=["sources", "refresh"])
    assert "/v3/businesses/harbour-physio-fitzroy" not in yelp


def test_owners_cannot_link_another_listing_and_requests_are_rate_limited(app, client, owned, make_practitioner, yelp):
    listing, owner = owned
    other = make_practitioner(name="Someone Else")
    login_as(client, owner)
    assert client.get(f"/practitioners/{other.slug}/sources").status_code == 403
    token = page_token(client, "/practitioners/ana-ruiz/sources")
    statuses = [
        client.post(
            "/practitioners/ana-ruiz/sources",
            data={"csrf_token": token, "source": "yelp", "address": f"https://www.yelp.com/biz/clinic-{n}"},
        ).status_code
        for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]
    with app.app_context():
        # One open request per listing and source: each new one replaced the last.
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SourceLinkRequest)) == 1
        db.session.remove()
