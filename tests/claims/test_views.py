"""The claim pages through the test client, with CSRF on, as a browser submits them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from directory import clock
from directory.accounts.models import User
from directory.audit.models import AuditEvent
from directory.claims.models import Claim
from directory.extensions import db
from directory.practitioners.models import Practitioner
from tests.helpers import body_of, code_in, csrf_token, link_in, login_as, owner_of, session_csrf_token, submit

PRACTICE_EMAIL = "reception@harbour-physio.example.com"


@pytest.fixture
def listing(make_practitioner):
    return make_practitioner(name="Ada Harbour", practice={"email": PRACTICE_EMAIL})


def _claim_url(listing, suffix: str = "") -> str:
    return f"/practitioners/{listing.slug}/claim{suffix}"


def _claims_of(app, listing) -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Claim.user_id, Claim.status).where(Claim.practitioner_id == listing.id).order_by(Claim.id)
        ).all()
        db.session.remove()
        return [tuple(row) for row in rows]


def _send_code(client, listing):
    return submit(client, _claim_url(listing), {"method": "email_code"})


def _enter(client, listing, code):
    return submit(client, _claim_url(listing, "/verify"), {"code": code})


def test_full_claim_by_practice_email_then_edit_the_bio(app, client, listing, make_user, outbox):
    user = make_user()
    login_as(client, user)
    page = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert f'href="/practitioners/{listing.slug}/claim"' in page and "Claim this listing" in page

    claim_page = client.get(_claim_url(listing)).get_data(as_text=True)
    assert "r…@harbour-physio.example.com" in claim_page
    assert PRACTICE_EMAIL not in claim_page  # masked: the page does not hand out the address

    sent = _send_code(client, listing)
    assert sent.status_code == 302 and sent.headers["Location"].endswith(_claim_url(listing, "/verify"))
    [message] = outbox()
    assert message["To"] == PRACTICE_EMAIL
    code = code_in(outbox()[-1])
    assert code not in client.get(_claim_url(listing, "/verify")).get_data(as_text=True)

    verified = _enter(client, listing, code)
    assert verified.status_code == 302
    assert verified.headers["Location"].endswith(f"/practitioners/{listing.slug}/edit")
    assert owner_of(app, listing) == user.id

    edit_page = client.get(f"/practitioners/{listing.slug}/edit").get_data(as_text=True)
    form = {
        "csrf_token": csrf_token(edit_page),
        "bio": "Sports physiotherapy for runners and rowers.",
        "address": "1 Test Street",
        "suburb": "Sydney",
        "state": "NSW",
        "postcode": "2000",
        "phone": "(02) 5550 1234",
        "email": PRACTICE_EMAIL,
        "languages": "English",
        "hours_mon": "08:00-17:00",
    }
    saved = client.post(f"/practitioners/{listing.slug}/edit", data=form)
    assert saved.status_code == 302
    public = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert "Sports physiotherapy for runners and rowers." in public
    assert "Edit this listing" in public and "Claim this listing" not in public
    anonymous = app.test_client().get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert "Claim this listing" not in anonymous and "Claimed" in anonymous


@pytest.mark.parametrize("suffix", ["", "/verify", "/verify/not-a-token"])
def test_claim_pages_need_a_login(client, listing, suffix):
    response = client.get(_claim_url(listing, suffix))
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_unknown_listing_is_404(client, make_user):
    login_as(client, make_user())
    assert client.get("/practitioners/nobody-here/claim").status_code == 404


def test_unconfirmed_email_is_explained_with_a_resend_link(app, client, listing, make_user):
    login_as(client, make_user(confirmed=False))
    page = client.get(_claim_url(listing)).get_data(as_text=True)
    assert "Confirm your e-mail address first" in page
    assert 'href="/account/confirm/resend"' in page
    assert 'name="method" value="email_code"' not in page
    # Posting anyway changes nothing.
    token = session_csrf_token(client)
    client.post(_claim_url(listing), data={"csrf_token": token, "method": "email_code"})
    assert _claims_of(app, listing) == []


def test_post_without_csrf_token_is_refused(app, client, listing, make_user):
    login_as(client, make_user())
    assert client.post(_claim_url(listing), data={"method": "email_code"}).status_code == 400
    assert _claims_of(app, listing) == []


def test_five_wrong_codes_lock_the_claim(app, client, listing, make_user, outbox):
    login_as(client, make_user())
    _send_code(client, listing)
    code = code_in(outbox()[-1])
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1):
        response = _enter(client, listing, wrong)
        assert response.status_code == 400
        assert f"{left} more tr" in response.get_data(as_text=True)
    locked = _enter(client, listing, wrong)
    assert locked.status_code == 302
    page = client.get(locked.headers["Location"]).get_data(as_text=True)
    assert "This claim is locked" in page and "contact us" in page
    # The right code no longer helps, and a new code is not handed out at once.
    assert 'name="code"' not in page
    token = csrf_token(client.get(_claim_url(listing)).get_data(as_text=True))
    client.post(_claim_url(listing, "/verify"), data={"csrf_token": token, "code": code})
    assert owner_of(app, listing) is None
    again = _send_code(client, listing)
    assert "Try again in an hour" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert len(outbox()) == 1


def test_malformed_code_is_a_form_error_and_not_an_attempt(app, client, listing, make_user, outbox):
    login_as(client, make_user())
    _send_code(client, listing)
    response = _enter(client, listing, "12ab")
    assert response.status_code == 400 and "six digits" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Claim.failed_attempts)) == 0
        db.session.remove()


def test_used_code_cannot_be_replayed(app, client, listing, make_user, outbox):
    login_as(client, make_user())
    _send_code(client, listing)
    code = code_in(outbox()[-1])
    _enter(client, listing, code)
    link = link_in(outbox()[-1], "/claim/verify/")
    replay = submit(client, link, {})
    assert replay.status_code == 302
    assert "no longer valid" in client.get(replay.headers["Location"]).get_data(as_text=True)
    again = client.get(_claim_url(listing, "/verify"))
    assert again.status_code == 302 and again.headers["Location"].endswith("/edit")


def test_expired_code_is_refused(app, client, listing, make_user, outbox):
    login_as(client, make_user())
    _send_code(client, listing)
    code = code_in(outbox()[-1])
    with app.app_context():
        db.session.execute(sa.update(Claim).values(code_expires_at=clock.utcnow() - timedelta(minutes=1)))
        db.session.commit()
        db.session.remove()
    page = client.get(_claim_url(listing, "/verify")).get_data(as_text=True)
    assert "Your code has expired" in page
    client.post(_claim_url(listing, "/verify"), data={"csrf_token": csrf_token(page), "code": code})
    assert owner_of(app, listing) is None


def test_link_shows_a_button_and_only_the_post_acts(app, client, listing, make_user, outbox):
    user = make_user()
    login_as(client, user)
    _send_code(client, listing)
    link = link_in(outbox()[-1], "/claim/verify/")
    page = client.get(link)
    assert page.status_code == 200 and "Confirm my claim" in page.get_data(as_text=True)
    assert owner_of(app, listing) is None  # no side effect on GET
    confirmed = client.post(link, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/edit")
    assert owner_of(app, listing) == user.id


def test_someone_elses_link_or_a_forged_one_does_nothing(app, client, listing, make_user, make_practitioner, outbox):
    login_as(client, make_user())
    _send_code(client, listing)
    link = link_in(outbox()[-1], "/claim/verify/")

    attacker = app.test_client()
    login_as(attacker, make_user())
    assert attacker.get(link).status_code == 403
    page = attacker.get(_claim_url(listing)).get_data(as_text=True)
    assert attacker.post(link, data={"csrf_token": csrf_token(page)}).status_code == 403

    other = make_practitioner()
    assert client.get(link.replace(listing.slug, other.slug)).status_code == 404
    token = link.rsplit("/", 1)[1]
    assert client.get(_claim_url(listing, "/verify/" + token[:-2] + "xx")).status_code == 400
    assert owner_of(app, listing) is None and owner_of(app, other) is None


def test_attacker_without_a_claim_cannot_post_a_code(app, client, listing, make_user, outbox):
    login_as(client, make_user())
    _send_code(client, listing)
    code = code_in(outbox()[-1])
    attacker = app.test_client()
    login_as(attacker, make_user())
    page = attacker.get(_claim_url(listing)).get_data(as_text=True)
    response = attacker.post(_claim_url(listing, "/verify"), data={"csrf_token": csrf_token(page), "code": code})
    assert response.status_code == 302 and response.headers["Location"].endswith(_claim_url(listing))
    assert owner_of(app, listing) is None


def test_code_for_another_listing_is_a_wrong_code(app, client, make_practitioner, make_user, outbox):
    one, two = make_practitioner(), make_practitioner()
    login_as(client, make_user())
    _send_code(client, one)
    code_one = code_in(outbox()[-1])
    _send_code(client, two)
    code_two = code_in(outbox()[-1])
    if code_one != code_two:
        assert _enter(client, two, code_one).status_code == 400
    assert owner_of(app, two) is None


def test_registration_number_claim_waits_for_review(app, client, listing, make_user, outbox):
    user = make_user()
    login_as(client, user)
    response = submit(
        client,
        _claim_url(listing),
        {"method": "registration", "number": "PHY0001234567", "note": "Mondays and Thursdays."},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    assert _claims_of(app, listing) == [(user.id, "pending_review")]
    assert owner_of(app, listing) is None
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Waiting for an administrator" in dashboard
    assert "waiting for an administrator" in client.get(_claim_url(listing)).get_data(as_text=True)
    assert outbox() == []


def test_bad_registration_number_is_shown_next_to_the_field(app, client, listing, make_user):
    login_as(client, make_user())
    response = submit(client, _claim_url(listing), {"method": "registration", "number": "PHY12", "note": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-field="number"' in html and "three letters and ten digits" in html
    assert _claims_of(app, listing) == []


def test_contested_claim_goes_to_review_and_the_owner_is_told(app, client, listing, make_user, outbox):
    owner = make_user(email="owner@example.com")
    with app.app_context():
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == listing.id).values(owner_id=owner.id))
        db.session.commit()
        db.session.remove()
    rival = make_user()
    login_as(client, rival)
    page = client.get(_claim_url(listing)).get_data(as_text=True)
    assert "Someone already manages this listing" in page
    assert "Claim this listing" not in client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    response = submit(
        client,
        _claim_url(listing),
        {"method": "registration", "number": "PHY0007654321", "note": "This is my listing."},
    )
    assert response.status_code == 302
    assert _claims_of(app, listing) == [(rival.id, "pending_review")]
    assert owner_of(app, listing) == owner.id
    [message] = outbox()
    assert message["To"] == "owner@example.com"
    assert "administrator will review" in body_of(message)
    with app.app_context():
        assert db.session.scalar(sa.select(Claim.contested)) is True
        db.session.remove()


def test_owner_is_told_they_already_own_it(app, client, listing, make_user):
    owner = make_user()
    with app.app_context():
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == listing.id).values(owner_id=owner.id))
        db.session.commit()
        db.session.remove()
    login_as(client, owner)
    page = client.get(_claim_url(listing)).get_data(as_text=True)
    assert "You already own this listing" in page
    response = client.post(_claim_url(listing), data={"csrf_token": session_csrf_token(client), "method": "email_code"})
    assert "You already own this listing" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _claims_of(app, listing) == []


def test_owner_of_another_listing_is_told_one_account_one_listing(app, client, listing, make_practitioner, make_user):
    mine = make_practitioner(name="Owned Already")
    user = make_user()
    with app.app_context():
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == mine.id).values(owner_id=user.id))
        db.session.commit()
        db.session.remove()
    login_as(client, user)
    page = client.get(_claim_url(listing)).get_data(as_text=True)
    assert "already manages the listing of" in page and "Owned Already" in page
    response = client.post(
        _claim_url(listing),
        data={"csrf_token": session_csrf_token(client), "method": "registration", "number": "PHY0001234567"},
    )
    assert "One account manages one listing" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _claims_of(app, listing) == []


def test_mail_failure_keeps_the_claim_and_says_so(app, client, listing, make_user, mail_server_down):
    login_as(client, make_user())
    response = _send_code(client, listing)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "could not send" in page and "send a new code" in page
    assert [status for _, status in _claims_of(app, listing)] == ["awaiting_code"]


def test_starting_claims_is_rate_limited(client, make_practitioner, make_user):
    login_as(client, make_user())
    listings = [make_practitioner() for _ in range(6)]
    statuses = [_send_code(client, item).status_code for item in listings]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429


def test_entering_codes_is_rate_limited(client, listing, make_user, outbox):
    login_as(client, make_user())
    page = client.get(_claim_url(listing, "/verify"))  # no claim: redirected, but the POST still counts
    token = csrf_token(client.get(_claim_url(listing)).get_data(as_text=True))
    statuses = [
        client.post(_claim_url(listing, "/verify"), data={"csrf_token": token, "code": "000000"}).status_code
        for _ in range(21)
    ]
    assert page.status_code == 302 and statuses[:20] == [302] * 20 and statuses[20] == 429


def test_every_claim_event_is_in_the_audit_log(app, client, listing, make_user, outbox):
    user = make_user()
    login_as(client, user)
    _send_code(client, listing)
    code = code_in(outbox()[-1])
    _enter(client, listing, f"{(int(code) + 1) % 10**6:06d}")
    _enter(client, listing, code)
    with app.app_context():
        events = db.session.execute(
            sa.select(AuditEvent.action, AuditEvent.actor_id)
            .where(AuditEvent.practitioner_id == listing.id)
            .order_by(AuditEvent.id)
        ).all()
        db.session.remove()
    assert [action for action, _ in events] == [
        "claim.started",
        "claim.code_sent",
        "claim.code_failed",
        "claim.approved",
        "ownership.granted",
    ]
    assert {actor for _, actor in events} == {user.id}


def test_accounts_cannot_be_impersonated_through_user_lookups(app, listing, make_user):
    """The loader refuses a stale session version: a copied cookie of another account is useless."""
    user = make_user()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:999"
    assert client.get(_claim_url(listing)).status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id) is not None
        db.session.remove()
