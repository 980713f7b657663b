"""Corrections from the public: the form on every listing, the owner told, the administrators'
queue, an accepted correction applied through the audited edit path, the reporter told."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.corrections.models import ListingCorrection
from directory.extensions import db
from directory.practitioners.models import Practice
from tests.helpers import body_of, client_from, csrf_token, login_as, mails_to, submit

GOOD = {
    "field": "phone",
    "description": "The practice changed its number in October; the old one rings out.",
    "suggested_value": "(02) 5550 7777",
    "email": "visitor@example.net",
}


def _report(client, slug, **overrides):
    data = {k: v for k, v in (GOOD | overrides).items() if v is not None}
    return submit(client, f"/practitioners/{slug}/corrections/new", data)


def _corrections(app):
    with app.app_context():
        rows = db.session.execute(
            sa.select(ListingCorrection.id, ListingCorrection.field, ListingCorrection.status).order_by(
                ListingCorrection.id
            )
        ).all()
        db.session.remove()
        return [tuple(r) for r in rows]


def _events(app, prefix):
    with app.app_context():
        rows = db.session.execute(
            sa.select(AuditEvent.action, AuditEvent.details, AuditEvent.actor_id)
            .where(AuditEvent.action.startswith(prefix))
            .order_by(AuditEvent.id)
        ).all()
        db.session.remove()
        return [tuple(r) for r in rows]


def _practice(app, listing):
    with app.app_context():
        practice = db.session.get(Practice, listing.practice_id)
        values = (practice.phone, practice.address, practice.suburb, practice.postcode, practice.lat, practice.lng)
        db.session.remove()
        return values


@pytest.fixture
def claimed(make_practitioner, make_user, set_owner):
    listing = make_practitioner(name="Ana Ruiz")
    owner = make_user(email="owner@example.org")
    set_owner(listing, owner)
    return listing, owner


def test_every_listing_links_to_the_form(client, make_practitioner):
    listing = make_practitioner()
    html = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert f'href="/practitioners/{listing.slug}/corrections/new"' in html and "Report incorrect information" in html
    form = client.get(f"/practitioners/{listing.slug}/corrections/new").get_data(as_text=True)
    assert 'name="csrf_token"' in form and 'name="field"' in form and "without your e-mail" not in form
    assert client.get("/practitioners/nobody/corrections/new").status_code == 404


def test_a_report_reaches_the_owner_without_the_reporters_address(app, client, claimed, outbox):
    listing, owner = claimed
    response = _report(client, listing.slug)
    assert response.status_code == 302
    assert "passed your report on to the practitioner" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert [field for _, field, _ in _corrections(app)] == ["phone"]
    (mail,) = outbox()
    assert mail["To"] == "owner@example.org"
    body = body_of(mail)
    assert "the old one rings out" in body and "(02) 5550 7777" in body and "visitor@example.net" not in body
    assert [a for a, _, _ in _events(app, "correction.")] == ["correction.reported"]
    # The owner sees it on the dashboard; the listing is unchanged until someone acts.
    login_as(client, owner)
    assert "the old one rings out" in client.get("/dashboard").get_data(as_text=True)
    assert _practice(app, listing)[0] == "(02) 5550 1234"


def test_an_unclaimed_listing_reports_only_to_the_queue(app, client, make_practitioner, outbox):
    listing = make_practitioner()
    assert _report(client, listing.slug, email=None).status_code == 302
    assert outbox() == [] and len(_corrections(app)) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"field": ""}, "field"),
        ({"field": "owner_id"}, "field"),
        ({"description": "short"}, "description"),
        ({"description": "x" * 1001}, "description"),
        ({"description": "Wrong phone number \x07 here, please fix"}, "description"),
        ({"suggested_value": "02\x00 5550 7777"}, "suggested_value"),
        ({"suggested_value": "9" * 301}, "suggested_value"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_stored(app, client, make_practitioner, overrides, field):
    listing = make_practitioner()
    response = _report(client, listing.slug, **overrides)
    assert response.status_code == 400
    assert f'data-field="{field}"' in response.get_data(as_text=True)
    assert _corrections(app) == [] and _events(app, "correction.") == []


def test_the_form_needs_its_csrf_token(app, client, make_practitioner):
    listing = make_practitioner()
    response = client.post(f"/practitioners/{listing.slug}/corrections/new", data=GOOD)
    assert response.status_code == 400 and _corrections(app) == []


def test_markup_in_a_report_is_shown_as_text(app, admin_client, make_practitioner):
    listing = make_practitioner()
    _report(admin_client, listing.slug, description="<script>alert(1)</script> is on the page instead of hours")
    html = admin_client.get("/admin/corrections").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_reports_are_rate_limited_and_one_source_cannot_flood_a_listing(app, make_practitioner):
    listings = [make_practitioner() for _ in range(3)]
    visitor = client_from(app, "203.0.113.50")
    assert [_report(visitor, listings[0].slug, email=None).status_code for _ in range(3)] == [302, 302, 302]
    flooded = _report(visitor, listings[0].slug, email=None)
    assert flooded.status_code == 400 and "already reported this listing" in flooded.get_data(as_text=True)
    assert _report(visitor, listings[1].slug, email=None).status_code == 302
    assert _report(visitor, listings[2].slug, email=None).status_code == 302
    assert _report(visitor, listings[2].slug, email=None).status_code == 429  # 5 stored in an hour
    assert len(_corrections(app)) == 5


def test_an_accepted_phone_correction_changes_the_listing_with_an_audit_entry(
    app, admin_client, client, claimed, outbox, admin
):
    listing, _owner = claimed
    _report(client, listing.slug)
    ((correction_id, _, _),) = _corrections(app)
    queue = admin_client.get("/admin/corrections").get_data(as_text=True)
    assert "the old one rings out" in queue and 'value="(02) 5550 7777"' in queue
    response = submit(
        admin_client,
        f"/admin/corrections/{correction_id}/accept",
        {"phone": "(02) 5550 7777", "note": "Confirmed with the practice."},
        page="/admin/corrections",
    )
    assert response.status_code == 302
    assert _practice(app, listing)[0] == "(02) 5550 7777"
    assert "(02) 5550 7777" in client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert _corrections(app) == [(correction_id, "phone", "accepted")]
    corrected = _events(app, "listing.corrected")
    assert corrected == [
        ("listing.corrected", {"phone": ["(02) 5550 1234", "(02) 5550 7777"], "correction_id": correction_id}, admin.id)
    ]
    assert [a for a, _, _ in _events(app, "correction.")] == ["correction.reported", "correction.accepted"]
    told = mails_to(outbox(), "visitor@example.net")
    assert (
        len(told) == 1
        and "corrected the listing" in body_of(told[0])
        and "Confirmed with the practice." in body_of(told[0])
    )
    again = submit(
        admin_client, f"/admin/corrections/{correction_id}/decline", {"note": "x"}, page="/admin/corrections"
    )
    assert again.status_code == 302 and _corrections(app)[0][2] == "accepted"  # decided once


def test_an_accepted_address_correction_places_the_practice_again(app, admin_client, client, make_practitioner):
    listing = make_practitioner(practice={"address": "1 Old St", "suburb": "Sydney", "postcode": "2000"})
    _report(
        client, listing.slug, field="address", description="They moved to Fitzroy in Melbourne last year.", email=None
    )
    ((correction_id, _, _),) = _corrections(app)
    wrong = submit(
        admin_client,
        f"/admin/corrections/{correction_id}/accept",
        {"address": "5 New St", "suburb": "Xqzzyville", "state": "VIC", "postcode": "3065"},
        page="/admin/corrections",
    )
    assert wrong.status_code == 400 and 'data-field="suburb"' in wrong.get_data(as_text=True)
    assert _practice(app, listing)[1] == "1 Old St" and _corrections(app)[0][2] == "open"
    submit(
        admin_client,
        f"/admin/corrections/{correction_id}/accept",
        {"address": "5 New St", "suburb": "Fitzroy", "state": "VIC", "postcode": "3065"},
        page="/admin/corrections",
    )
    phone, address, suburb, postcode, lat, lng = _practice(app, listing)
    assert (address, suburb, postcode) == ("5 New St", "Fitzroy", "3065") and -38.5 < lat < -37.5
    ((_, details, _),) = _events(app, "listing.corrected")
    assert details["address"] == ["1 Old St", "5 New St"] and "location" in details


def test_other_details_are_accepted_with_a_note_and_declines_give_a_reason(
    app, admin_client, client, make_practitioner, outbox
):
    listing = make_practitioner()
    _report(client, listing.slug, field="hours", description="Closed on Mondays now, not open 8 to 5.")
    _report(client, listing.slug, field="other", description="This practitioner retired last year, I think.")
    (hours_id, _, _), (other_id, _, _) = _corrections(app)
    refused = submit(admin_client, f"/admin/corrections/{hours_id}/accept", {"note": ""}, page="/admin/corrections")
    assert refused.status_code == 400 and 'data-field="note"' in refused.get_data(as_text=True)
    submit(
        admin_client,
        f"/admin/corrections/{hours_id}/accept",
        {"note": "Asked the practice to update its hours."},
        page="/admin/corrections",
    )
    refused = submit(admin_client, f"/admin/corrections/{other_id}/decline", {"note": ""}, page="/admin/corrections")
    assert refused.status_code == 400
    submit(
        admin_client,
        f"/admin/corrections/{other_id}/decline",
        {"note": "The practice says she still works there."},
        page="/admin/corrections",
    )
    assert [status for _, _, status in _corrections(app)] == ["accepted", "declined"]
    assert _events(app, "listing.") == []  # nothing on the listing changed
    bodies = [body_of(m) for m in mails_to(outbox(), "visitor@example.net")]
    assert any("stays as it is" in b and "still works there" in b for b in bodies)


def test_only_administrators_decide(app, client, make_user, make_practitioner):
    listing = make_practitioner()
    _report(client, listing.slug)
    ((correction_id, _, _),) = _corrections(app)
    login_as(client, make_user())
    token = csrf_token(client.get(f"/practitioners/{listing.slug}/corrections/new").get_data(as_text=True))
    response = client.post(f"/admin/corrections/{correction_id}/accept", data={"csrf_token": token, "phone": "1"})
    assert response.status_code == 403 and _corrections(app)[0][2] == "open"


def test_the_listing_page_keeps_a_constant_number_of_queries_with_the_link(client, make_practitioner, count_queries):
    few, many = make_practitioner(reviews=(5,)), make_practitioner(reviews=(5, 4, 3), payers=("dva", "ndis"))
    make_practitioner(profession="remedial-massage-therapist")
    client.get("/")  # warm the per-process caches (reference data, the demo flag)
    with count_queries() as a:
        client.get(f"/practitioners/{few.slug}")
    with count_queries() as b:
        html = client.get(f"/practitioners/{many.slug}").get_data(as_text=True)
    assert len(a) == len(b) <= 10 and re.search(r'data-testid="report-incorrect"', html)
