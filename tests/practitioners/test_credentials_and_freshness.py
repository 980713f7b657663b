"""What a listing says of its number (self-declared, checked on a date, not current) and of its
details (last confirmed, by whom): services, the listing page, the dashboard's one click, the
administrators' pages, the reminder command, and search's tie-break."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from directory.accounts.models import User
from directory.audit.models import AuditEvent
from directory.clock import as_utc, utcnow
from directory.errors import NotAllowed
from directory.extensions import db
from directory.practitioners import credentials, freshness
from directory.practitioners.models import Practitioner
from tests.helpers import body_of, link_in, login_as, mails_to, page_token, session_csrf_token, submit


def _set(app, practitioner, **values):
    with app.app_context():
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == practitioner.id).values(**values))
        db.session.commit()
        db.session.remove()


def _row(app, practitioner):
    with app.app_context():
        row = db.session.get(Practitioner, practitioner.id)
        values = {
            c: getattr(row, c)
            for c in ("credential_status", "credential_checked_at", "confirmed_at", "confirmed_by", "stale_reminder_at")
        }
        db.session.remove()
        return values


def _actions(app, prefix=""):
    with app.app_context():
        rows = db.session.execute(
            sa.select(AuditEvent.action, AuditEvent.details)
            .where(AuditEvent.action.startswith(prefix))
            .order_by(AuditEvent.id)
        ).all()
        db.session.remove()
        return [tuple(r) for r in rows]


# --- services -------------------------------------------------------------------------------------


def test_only_an_administrator_records_a_check_of_an_existing_number(db_session, make_practitioner, make_user, admin):
    listing = make_practitioner(registration_number="PHY0001234567")
    bare = make_practitioner()
    practitioner = db_session.get(Practitioner, listing.id)
    assert credentials.state_of(practitioner).status == "self_declared"
    with pytest.raises(NotAllowed):
        credentials.record_check(db_session, practitioner, db_session.get(User, make_user().id), "current")
    administrator = db_session.get(User, admin.id)
    with pytest.raises(credentials.NoNumber):
        credentials.record_check(db_session, db_session.get(Practitioner, bare.id), administrator, "current")
    credentials.record_check(db_session, practitioner, administrator, "not_current", "Registration lapsed.")
    state = credentials.state_of(practitioner)
    assert state.status == "lapsed" and state.checked_at is not None and state.checked_on
    credentials.record_check(db_session, practitioner, administrator, "current")
    assert practitioner.credential_status == "checked" and practitioner.credential_checked_by_id == admin.id
    event = db_session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "credential.checked" and event.details["status"] == ["lapsed", "checked"]


def test_a_listing_is_confirmed_by_its_owner_an_administrator_or_an_import(
    db_session, make_practitioner, make_user, admin
):
    listing = make_practitioner()
    owner, stranger = make_user(), make_user()
    db_session.execute(sa.update(Practitioner).where(Practitioner.id == listing.id).values(owner_id=owner.id))
    practitioner = db_session.get(Practitioner, listing.id)
    with pytest.raises(NotAllowed):
        freshness.confirm(db_session, practitioner, db_session.get(User, stranger.id), "owner")
    with pytest.raises(NotAllowed):
        freshness.confirm(db_session, practitioner, db_session.get(User, owner.id), "admin")
    freshness.confirm(db_session, practitioner, db_session.get(User, owner.id), "owner")
    assert practitioner.confirmed_by == "owner" and not freshness.is_stale(practitioner)
    assert freshness.is_stale(practitioner, utcnow() + freshness.STALE_AFTER)
    freshness.confirm(db_session, practitioner, db_session.get(User, admin.id), "admin", "Phoned the practice.")
    events = db_session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "listing.confirmed")).all()
    assert [e.details for e in events] == [{"by": "owner"}, {"by": "admin", "note": "Phoned the practice."}]


def test_an_import_confirms_what_it_changes_and_a_new_number_is_self_declared_again(
    app, tmp_path, runner, make_practitioner, admin
):
    listing = make_practitioner(name="Ana Ruiz", registration_number="PHY0001234567", slug="ana-ruiz")
    _set(
        app,
        listing,
        credential_status="checked",
        credential_checked_at=utcnow(),
        confirmed_at=utcnow() - timedelta(days=400),
    )
    path = tmp_path / "import.csv"
    path.write_text(
        "name,profession,practice_name,address,suburb,state,postcode,registration_number,slug\n"
        "Ana Ruiz,physiotherapist,Harbour Physio,12 Bay St,Sydney,NSW,2000,PHY0009999999,ana-ruiz\n"
    )
    assert runner.invoke(args=["import-practitioners", str(path)]).exit_code == 0
    row = _row(app, listing)
    assert row["credential_status"] == "self_declared" and row["credential_checked_at"] is None
    assert row["confirmed_by"] == "import" and as_utc(row["confirmed_at"]) > utcnow() - timedelta(minutes=5)


# --- the listing page -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("self_declared", ['data-testid="credential-self-declared"', "We have not checked it yet."]),
        (
            "checked",
            [
                'data-testid="credential-checked"',
                "Checked on 2 November 2026",
                "Ahpra’s public register on 2 November 2026, and it was current",
            ],
        ),
        ("lapsed", ['data-testid="credential-lapsed"', "Not current on 2 November 2026"]),
    ],
)
def test_the_listing_shows_the_state_of_the_number_with_its_date(
    app, client, make_practitioner, admin, status, expected
):
    from datetime import UTC, datetime

    listing = make_practitioner(registration_number="PHY0001234567")
    when = None if status == "self_declared" else datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    _set(
        app,
        listing,
        credential_status=status,
        credential_checked_at=when,
        credential_checked_by_id=admin.id if when else None,
    )
    html = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    section = re.search(r'<section[^>]*id="credentials".*?</section>', html, re.S).group(0)
    for text in expected:
        assert text in section
    assert "Registration number on file" not in html


def test_a_massage_therapists_membership_is_self_declared_or_checked_with_the_association(
    app, client, make_practitioner
):
    from datetime import UTC, datetime

    listing = make_practitioner(
        profession="remedial-massage-therapist",
        registration_number="AMT-12345",
        association="Association of Massage Therapists (AMT)",
    )
    html = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert 'data-testid="credential-self-declared"' in html
    _set(app, listing, credential_status="checked", credential_checked_at=datetime(2026, 10, 5, tzinfo=UTC))
    html = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert "checked this number with the association on 5 October 2026" in html


@pytest.mark.parametrize(
    ("source", "age_days", "text", "stale"),
    [
        ("owner", 10, "by the practitioner", False),
        ("admin", 40, "by a MoveWell administrator", False),
        ("import", 200, "from the data we imported", True),
    ],
)
def test_the_listing_says_when_its_details_were_last_confirmed_and_by_whom(
    app, client, make_practitioner, source, age_days, text, stale
):
    listing = make_practitioner()
    when = utcnow() - timedelta(days=age_days)
    _set(app, listing, confirmed_at=when, confirmed_by=source)
    html = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    line = re.search(r'data-testid="confirmed">(.*?)</p>', html, re.S).group(1)
    assert f"Details last confirmed on {when.day} {when:%B %Y} {text}." in line
    assert ('data-testid="stale"' in line) is stale


# --- the owner's one click -------------------------------------------------------------------------


def test_the_owner_confirms_with_one_click_from_the_dashboard(app, client, make_practitioner, make_user, set_owner):
    listing = make_practitioner()
    owner = make_user()
    set_owner(listing, owner)
    _set(app, listing, confirmed_at=utcnow() - timedelta(days=300), confirmed_by="import")
    login_as(client, owner)
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'data-testid="freshness"' in page and "more than 6 months ago" in page
    response = submit(client, f"/practitioners/{listing.slug}/confirm", page="/dashboard", follow=True)
    assert response.status_code == 200 and "you confirmed its details today" in response.get_data(as_text=True)
    row = _row(app, listing)
    assert row["confirmed_by"] == "owner"
    assert _actions(app, "listing.confirmed") == [("listing.confirmed", {"by": "owner"})]
    assert "by the practitioner" in client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)


def test_only_the_owner_confirms_and_only_with_a_csrf_token(app, client, make_practitioner, make_user, set_owner):
    listing = make_practitioner()
    set_owner(listing, make_user())
    before = _row(app, listing)
    assert client.post(f"/practitioners/{listing.slug}/confirm").status_code == 400  # no CSRF token
    anonymous = client.post(f"/practitioners/{listing.slug}/confirm", data={"csrf_token": session_csrf_token(client)})
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    login_as(client, make_user())
    token = page_token(client, "/dashboard")
    assert client.post(f"/practitioners/{listing.slug}/confirm", data={"csrf_token": token}).status_code == 403
    assert client.post("/practitioners/nobody/confirm", data={"csrf_token": token}).status_code == 404
    assert _row(app, listing) == before


def test_saving_an_edit_confirms_the_listing(app, client, make_practitioner, make_user, set_owner):
    listing = make_practitioner()
    owner = make_user()
    set_owner(listing, owner)
    _set(app, listing, confirmed_at=utcnow() - timedelta(days=300))
    login_as(client, owner)
    edit = client.get(f"/practitioners/{listing.slug}/edit").get_data(as_text=True)
    assert edit
    with app.app_context():
        from directory.manage import services

        practitioner = db.session.get(Practitioner, listing.id)
        services.update_listing(db.session, practitioner, db.session.get(User, owner.id), {"bio": "New bio."}, None)
        db.session.commit()
        db.session.remove()
    assert _row(app, listing)["confirmed_by"] == "owner"


# --- administrators -------------------------------------------------------------------------------


def test_an_administrator_checks_a_number_from_the_queue(app, admin_client, client, make_practitioner):
    fresh = make_practitioner(registration_number="PHY0001234567", name="Never Checked")
    checked = make_practitioner(registration_number="PHY0007654321", name="Checked Lately")
    _set(app, checked, credential_status="checked", credential_checked_at=utcnow() - timedelta(days=30))
    make_practitioner(name="No Number")
    queue = admin_client.get("/admin/credentials").get_data(as_text=True)
    assert "Never Checked" in queue and "Checked Lately" not in queue and "No Number" not in queue
    assert 'data-testid="count-admin.credentials_queue">1 waiting' in admin_client.get("/admin/").get_data(as_text=True)
    refused = submit(
        admin_client, f"/admin/credentials/{fresh.id}/not_current", {"note": ""}, page="/admin/credentials"
    )
    assert refused.status_code == 400 and 'data-field="note"' in refused.get_data(as_text=True)
    assert _row(app, fresh)["credential_status"] == "self_declared"
    done = submit(
        admin_client,
        f"/admin/credentials/{fresh.id}/current",
        {"note": "Register: current."},
        page="/admin/credentials",
    )
    assert done.status_code == 302
    html = client.get(f"/practitioners/{fresh.slug}").get_data(as_text=True)
    today = utcnow()
    assert f"Checked on {today.day} {today:%B %Y}" in html
    assert [a for a, _ in _actions(app, "credential.")] == ["credential.checked"]
    assert "Never Checked" not in admin_client.get("/admin/credentials").get_data(as_text=True)


def test_an_administrator_confirms_a_listing_after_checking_with_the_practice(
    app, admin_client, client, make_practitioner
):
    listing = make_practitioner()
    _set(app, listing, confirmed_at=utcnow() - timedelta(days=300))
    page = admin_client.get(f"/admin/listings/{listing.slug}/facts").get_data(as_text=True)
    assert "Confirm the details" in page
    refused = submit(
        admin_client,
        f"/admin/listings/{listing.slug}/confirm",
        {"note": ""},
        page=f"/admin/listings/{listing.slug}/facts",
    )
    assert refused.status_code == 400
    submit(
        admin_client,
        f"/admin/listings/{listing.slug}/confirm",
        {"note": "Phoned the practice."},
        page=f"/admin/listings/{listing.slug}/facts",
    )
    assert _row(app, listing)["confirmed_by"] == "admin"
    assert "by a MoveWell administrator" in client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)


# --- the daily reminder ----------------------------------------------------------------------------


def test_remind_stale_emails_owners_once_a_month_until_they_confirm(
    app, runner, client, make_practitioner, make_user, set_owner, outbox
):
    stale_owner, fresh_owner = make_user(email="stale@example.org"), make_user(email="fresh@example.org")
    stale, fresh, unclaimed = make_practitioner(), make_practitioner(), make_practitioner()
    set_owner(stale, stale_owner)
    set_owner(fresh, fresh_owner)
    long_ago = utcnow() - timedelta(days=200)
    _set(app, stale, confirmed_at=long_ago)
    _set(app, unclaimed, confirmed_at=long_ago)
    _set(app, fresh, confirmed_at=utcnow() - timedelta(days=20))

    result = runner.invoke(args=["listings", "remind-stale"])
    assert result.exit_code == 0 and "Reminded 1 owners" in result.output
    (mail,) = outbox()
    assert mail["To"] == "stale@example.org" and "still correct" in mail["Subject"]
    assert f"last confirmed on {long_ago.day} {long_ago:%B %Y}" in body_of(mail)
    assert link_in(mail, "/dashboard") == "/dashboard"

    assert "Reminded 0 owners" in runner.invoke(args=["listings", "remind-stale"]).output  # not twice a day
    _set(app, stale, stale_reminder_at=utcnow() - timedelta(days=31))
    assert "Reminded 1 owners" in runner.invoke(args=["listings", "remind-stale"]).output  # a month later

    login_as(client, stale_owner)
    submit(client, f"/practitioners/{stale.slug}/confirm", page="/dashboard")
    _set(app, stale, stale_reminder_at=utcnow() - timedelta(days=31))
    assert "Reminded 0 owners" in runner.invoke(args=["listings", "remind-stale"]).output
    assert len(mails_to(outbox(), "stale@example.org")) == 2


def test_a_reminder_that_cannot_be_sent_is_tried_again_next_run(
    app, runner, make_practitioner, make_user, set_owner, mail_server_down
):
    listing = make_practitioner()
    set_owner(listing, make_user())
    _set(app, listing, confirmed_at=utcnow() - timedelta(days=200))
    result = runner.invoke(args=["listings", "remind-stale"])
    assert result.exit_code == 1 and "1 e-mails could not be sent" in result.output
    assert _row(app, listing)["stale_reminder_at"] is None


# --- search ---------------------------------------------------------------------------------------


def test_search_breaks_ties_in_favour_of_recently_confirmed_listings(app, client, make_practitioner):
    practice = {"name": "Shared Practice", "address": "1 Same St"}
    older = make_practitioner(name="Aaron Older", practice=practice)
    newer = make_practitioner(name="Zed Newer", practice=practice)
    _set(app, older, confirmed_at=utcnow() - timedelta(days=300))
    _set(app, newer, confirmed_at=utcnow() - timedelta(days=3))
    # Same place (same distance), no reviews (same score): the fresher listing comes first.
    for query in ("lat=-33.8688&lng=151.2093&sort=distance", "lat=-33.8688&lng=151.2093&sort=rating", "sort=rating"):
        results = client.get(f"/api/v1/practitioners?{query}").get_json()["results"]
        slugs = [r["slug"] for r in results if r["slug"] in (older.slug, newer.slug)]
        assert slugs == [newer.slug, older.slug], query


def test_the_api_gives_the_state_of_the_number_and_when_the_listing_was_confirmed(app, client, make_practitioner):
    listing = make_practitioner(registration_number="PHY0001234567")
    data = client.get(f"/api/v1/practitioners/{listing.slug}").get_json()
    assert data["credential"] == {"status": "self_declared", "checked_at": None}
    assert data["confirmed"]["by"] == "import" and data["confirmed"]["at"]
    assert client.get(f"/api/v1/practitioners/{make_practitioner().slug}").get_json()["credential"]["status"] == "none"
