"""Issue 10, finding 1: an owner-typed practice e-mail never verifies a claim by code, however it
is spelt (finding 1), and a shared practice's fields change only with an administrator (finding 10).

The takeover: an owner sets the practice e-mail to an address whose spelling the database folds
differently from Python (an accented capital, a Greek final sigma), confirms it, and then another
account of theirs claims a colleague's listing at the same practice by a code sent to it; or the
owner, once revoked, wins the listing back the same way.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.claims.models import Claim, ContactChange
from directory.extensions import db
from directory.practitioners.models import Practice, Practitioner
from tests.helpers import join_practice, link_in, login_as, page_token, scalar, submit
from tests.manage.test_edit import _post_edit

# Spellings that SQLite's lower() (ASCII only) or PostgreSQL's lower() (no final sigma) fold
# differently from Python's str.lower().
TYPED_ADDRESSES = ["ΟΔΟΣ@clinic.example.com", "Reception@CLINIQUÉ.example.com"]


def _practice_email(app, practice_id: int) -> str | None:
    return scalar(app, sa.select(Practice.email).where(Practice.id == practice_id))


def _set_practice_email_as_owner(app, client, listing, owner, typed: str, outbox) -> None:
    """The owner types ``typed`` as the practice e-mail and, when a link is sent, follows it."""
    login_as(client, owner)
    before = len(outbox())
    _post_edit(client, listing, email=typed)
    for message in outbox()[before:]:
        if "/practice-email/confirm/" in message.get_body(preferencelist=("plain",)).get_content():
            link = link_in(message, "/practice-email/confirm/")
            submit(client, link)


def _claim_by_code(app, slug: str, user) -> None:
    client = app.test_client()
    login_as(client, user)
    token = page_token(client, f"/practitioners/{slug}/claim")
    client.post(f"/practitioners/{slug}/claim", data={"csrf_token": token, "method": "email_code"})


def _codes_sent(app, user_id: int) -> list[str | None]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Claim.code_sent_to).where(Claim.user_id == user_id, Claim.status == "awaiting_code")
        ).all()
        db.session.remove()
    return list(rows)


@pytest.mark.parametrize("typed", TYPED_ADDRESSES)
def test_an_owner_typed_address_never_verifies_a_colleagues_claim(
    app, client, make_practitioner, make_user, set_owner, outbox, typed
):
    listing = make_practitioner()
    on_record = _practice_email(app, listing.practice_id)
    owner, accomplice = make_user(), make_user()
    set_owner(listing, owner)
    _set_practice_email_as_owner(app, client, listing, owner, typed, outbox)
    # A colleague joins the practice later (an import, for example).
    colleague = make_practitioner()
    join_practice(app, colleague, listing.practice_id)

    _claim_by_code(app, colleague.slug, accomplice)

    # A code went nowhere, or only to the address that came with the listing.
    assert set(_codes_sent(app, accomplice.id)) <= {on_record}
    typed_local = typed.split("@")[0].lower()
    assert not [m for m in outbox() if "claim" in m["Subject"].lower() and typed_local in str(m["To"]).lower()]


@pytest.mark.parametrize("typed", TYPED_ADDRESSES)
def test_a_revoked_owner_cannot_win_the_listing_back_by_code(
    app, client, make_practitioner, make_user, set_owner, outbox, typed
):
    listing = make_practitioner()
    on_record = _practice_email(app, listing.practice_id)
    owner = make_user()
    set_owner(listing, owner)
    _set_practice_email_as_owner(app, client, listing, owner, typed, outbox)
    set_owner(listing, None)  # an administrator revoked the ownership

    _claim_by_code(app, listing.slug, owner)

    assert set(_codes_sent(app, owner.id)) <= {on_record}
    assert scalar(app, sa.select(Practitioner.owner_id).where(Practitioner.id == listing.id)) is None


def test_a_practice_email_is_stored_in_the_one_normal_form(
    app, client, make_practitioner, make_user, set_owner, outbox
):
    listing = make_practitioner()
    owner = make_user()
    set_owner(listing, owner)
    _set_practice_email_as_owner(app, client, listing, owner, "Reception@CLINIQUÉ.example.com", outbox)
    assert _practice_email(app, listing.practice_id) == "reception@xn--cliniqu-hya.example.com"
    assert scalar(app, sa.select(Practice.email_source).where(Practice.id == listing.practice_id)) == "account"


def test_the_same_address_in_another_spelling_is_no_change(app, client, make_practitioner, make_user, set_owner):
    listing = make_practitioner(practice={"email": "desk@clinic.example.com"})
    owner = make_user()
    set_owner(listing, owner)
    login_as(client, owner)
    _post_edit(client, listing, email="DESK@Clinic.Example.com")
    assert scalar(app, sa.select(sa.func.count(ContactChange.id))) == 0


def test_an_imported_address_still_verifies_claims(app, make_practitioner, make_user, outbox):
    listing = make_practitioner(practice={"email": "desk@clinic.example.com"})
    claimant = make_user()
    _claim_by_code(app, listing.slug, claimant)
    assert _codes_sent(app, claimant.id) == ["desk@clinic.example.com"]


def test_a_shared_practice_email_waits_for_an_administrator(
    app, client, make_practitioner, make_user, set_owner, outbox
):
    """Finding 10: one owner cannot change the contact of colleagues' listings alone."""
    listing = make_practitioner(practice={"email": "desk@clinic.example.com"})
    colleague = make_practitioner()
    join_practice(app, colleague, listing.practice_id)
    owner = make_user()
    set_owner(listing, owner)
    login_as(client, owner)
    response = _post_edit(client, listing, email="mine@webmail.example.com")
    assert response.status_code == 302
    assert not [m for m in outbox() if m["To"] == "mine@webmail.example.com"]  # no link: an administrator decides
    assert _practice_email(app, listing.practice_id) == "desk@clinic.example.com"
    assert scalar(app, sa.select(ContactChange.status).where(ContactChange.field == "email")) == "pending"
