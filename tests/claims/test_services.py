"""Claim services, called directly: codes, locks, numbers, contested claims, the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from directory import clock
from directory.accounts.models import User
from directory.audit.models import AuditEvent
from directory.claims import codes, contact_changes, errors, services
from directory.claims.models import Claim
from directory.errors import NotAllowed
from directory.practitioners.credentials import InvalidNumber
from directory.practitioners.models import Practitioner


@pytest.fixture
def listing(make_practitioner):
    return make_practitioner(practice={"email": "reception@clinic.example.com"})


def _load(session, practitioner, user):
    return session.get(Practitioner, practitioner.id), session.get(User, user.id)


def _actions(session, **where) -> list[str]:
    stmt = sa.select(AuditEvent.action).order_by(AuditEvent.id)
    for key, value in where.items():
        stmt = stmt.where(getattr(AuditEvent, key) == value)
    return list(session.scalars(stmt))


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_email_claim_stores_only_an_hmac_and_grants_ownership(db_session, listing, make_user):
    user = make_user()
    practitioner, account = _load(db_session, listing, user)
    claim, code = codes.start_email_claim(db_session, practitioner, account)
    db_session.commit()

    assert len(code) == 6 and code.isdigit()
    assert claim.status == "awaiting_code"
    assert claim.code_sent_to == "reception@clinic.example.com"
    assert claim.code_hash == codes.code_hash(claim.id, code) and code not in claim.code_hash
    assert len(claim.code_hash) == 64
    remaining = clock.as_utc(claim.code_expires_at) - clock.utcnow()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)

    result = codes.verify_claim_code(db_session, claim, account, code)
    db_session.commit()
    assert result.owner_id == user.id
    assert claim.status == "approved" and claim.code_hash is None
    assert _actions(db_session, claim_id=claim.id) == [
        "claim.started",
        "claim.code_sent",
        "claim.approved",
        "ownership.granted",
    ]


def test_code_is_single_use(db_session, listing, make_user):
    practitioner, account = _load(db_session, listing, make_user())
    claim, code = codes.start_email_claim(db_session, practitioner, account)
    codes.verify_claim_code(db_session, claim, account, code)
    db_session.commit()
    with pytest.raises(errors.CodeUsed):
        codes.verify_claim_code(db_session, claim, account, code)


def test_expired_code_is_refused_and_the_claim_marked_expired(db_session, listing, make_user):
    practitioner, account = _load(db_session, listing, make_user())
    claim, code = codes.start_email_claim(db_session, practitioner, account)
    db_session.commit()
    db_session.execute(
        sa.update(Claim).where(Claim.id == claim.id).values(code_expires_at=clock.utcnow() - timedelta(seconds=1))
    )
    db_session.commit()
    with pytest.raises(errors.CodeExpired):
        codes.verify_claim_code(db_session, claim, account, code)
    db_session.commit()
    assert db_session.get(Claim, claim.id).status == "expired"
    assert db_session.get(Practitioner, listing.id).owner_id is None
    assert "claim.expired" in _actions(db_session, claim_id=claim.id)


def test_five_wrong_codes_lock_the_claim_even_against_the_right_code(db_session, listing, make_user):
    practitioner, account = _load(db_session, listing, make_user())
    claim, code = codes.start_email_claim(db_session, practitioner, account)
    db_session.commit()
    for attempt in range(1, 5):
        with pytest.raises(errors.WrongCode) as refused:
            codes.verify_claim_code(db_session, claim, account, _wrong(code))
        db_session.commit()
        assert refused.value.attempts_left == 5 - attempt
    with pytest.raises(errors.ClaimLocked):
        codes.verify_claim_code(db_session, claim, account, _wrong(code))
    db_session.commit()
    with pytest.raises(errors.ClaimLocked):
        codes.verify_claim_code(db_session, claim, account, code)
    db_session.commit()
    stored = db_session.get(Claim, claim.id)
    assert (stored.status, stored.failed_attempts, stored.code_hash) == ("locked", 5, None)
    assert db_session.get(Practitioner, listing.id).owner_id is None
    actions = _actions(db_session, claim_id=claim.id)
    assert actions.count("claim.code_failed") == 5 and actions.count("claim.locked") == 1
    # Starting again at once is refused: a lock is not bypassed by asking for a new code.
    with pytest.raises(errors.ClaimLocked):
        codes.start_email_claim(db_session, practitioner, account)


def test_a_new_code_replaces_the_old_one(db_session, listing, make_user):
    practitioner, account = _load(db_session, listing, make_user())
    first, first_code = codes.start_email_claim(db_session, practitioner, account)
    second, second_code = codes.start_email_claim(db_session, practitioner, account)
    db_session.commit()
    assert db_session.get(Claim, first.id).status == "withdrawn"
    with pytest.raises(errors.CodeUsed):
        codes.verify_claim_code(db_session, first, account, first_code)
    codes.verify_claim_code(db_session, second, account, second_code)


def test_a_code_for_another_listing_does_not_work(db_session, make_practitioner, make_user):
    one, two = make_practitioner(), make_practitioner()
    user = make_user()
    account = db_session.get(User, user.id)
    claim_one, code_one = codes.start_email_claim(db_session, db_session.get(Practitioner, one.id), account)
    claim_two, code_two = codes.start_email_claim(db_session, db_session.get(Practitioner, two.id), account)
    db_session.commit()
    if code_one == code_two:  # one in a million: the HMAC binds the code to its claim anyway
        assert claim_one.code_hash != claim_two.code_hash
        return
    with pytest.raises(errors.WrongCode):
        codes.verify_claim_code(db_session, claim_two, account, code_one)


def test_someone_elses_claim_cannot_be_verified(db_session, listing, make_user):
    owner_to_be, attacker = make_user(), make_user()
    practitioner, account = _load(db_session, listing, owner_to_be)
    claim, code = codes.start_email_claim(db_session, practitioner, account)
    db_session.commit()
    with pytest.raises(NotAllowed):
        codes.verify_claim_code(db_session, claim, db_session.get(User, attacker.id), code)
    assert db_session.get(Practitioner, listing.id).owner_id is None


def test_claimant_rules(db_session, make_practitioner, make_user):
    unconfirmed = db_session.get(User, make_user(confirmed=False).id)
    first, second = make_practitioner(), make_practitioner()
    one = db_session.get(Practitioner, first.id)
    with pytest.raises(errors.EmailNotConfirmed):
        codes.start_email_claim(db_session, one, unconfirmed)

    owner = db_session.get(User, make_user().id)
    claim, code = codes.start_email_claim(db_session, one, owner)
    codes.verify_claim_code(db_session, claim, owner, code)
    db_session.commit()
    with pytest.raises(errors.AlreadyOwner, match="already own this listing"):
        codes.start_email_claim(db_session, one, owner)
    with pytest.raises(errors.OwnsAnotherListing, match="One account manages one listing"):
        codes.start_email_claim(db_session, db_session.get(Practitioner, second.id), owner)
    with pytest.raises(errors.OwnsAnotherListing):
        services.submit_registration_claim(
            db_session, db_session.get(Practitioner, second.id), owner, "PHY0001234567", ""
        )


def test_owner_of_another_listing_cannot_finish_an_open_code_claim(db_session, make_practitioner, make_user):
    """An account with codes for two listings gets only the first; the database refuses the second."""
    first, second = make_practitioner(), make_practitioner()
    account = db_session.get(User, make_user().id)
    claim_one, code_one = codes.start_email_claim(db_session, db_session.get(Practitioner, first.id), account)
    claim_two, code_two = codes.start_email_claim(db_session, db_session.get(Practitioner, second.id), account)
    codes.verify_claim_code(db_session, claim_one, account, code_one)
    db_session.commit()
    with pytest.raises(errors.OwnsAnotherListing):
        codes.verify_claim_code(db_session, claim_two, account, code_two)
    db_session.commit()
    assert db_session.get(Practitioner, second.id).owner_id is None


def test_unique_owner_constraint_is_turned_into_a_clean_error(db_session, make_practitioner, make_user, monkeypatch):
    """Past the Python check (as under a race), the unique owner_id refuses; the savepoint keeps the rest."""
    first, second = make_practitioner(), make_practitioner()
    account = db_session.get(User, make_user().id)
    claim_two, code_two = codes.start_email_claim(db_session, db_session.get(Practitioner, second.id), account)
    db_session.commit()
    db_session.execute(sa.update(Practitioner).where(Practitioner.id == first.id).values(owner_id=account.id))
    db_session.commit()
    monkeypatch.setattr(services, "owned_listing", lambda session, user: None)
    with pytest.raises(errors.OwnsAnotherListing):
        codes.verify_claim_code(db_session, claim_two, account, code_two)
    db_session.commit()
    assert db_session.get(Practitioner, second.id).owner_id is None
    assert db_session.get(Claim, claim_two.id).status == "awaiting_code"


def test_no_practice_email_means_no_code(db_session, make_practitioner, make_user):
    bare = make_practitioner(practice={"email": None})
    with pytest.raises(errors.NoPracticeEmail):
        codes.start_email_claim(db_session, db_session.get(Practitioner, bare.id), db_session.get(User, make_user().id))


@pytest.mark.parametrize(
    ("profession", "number", "stored"),
    [
        ("physiotherapist", "PHY0001234567", "PHY0001234567"),
        ("physiotherapist", " phy 000 123 4567 ", "PHY0001234567"),
        ("remedial-massage-therapist", "MMA-12345", "MMA-12345"),
    ],
)
def test_registration_claim_waits_for_review(db_session, make_practitioner, make_user, profession, number, stored):
    listing = make_practitioner(profession=profession)
    practitioner, account = _load(db_session, listing, make_user())
    claim = services.submit_registration_claim(db_session, practitioner, account, number, "I work here on Mondays.")
    db_session.commit()
    assert (claim.status, claim.method, claim.evidence_number, claim.contested) == (
        "pending_review",
        "registration",
        stored,
        False,
    )
    assert db_session.get(Practitioner, listing.id).owner_id is None
    assert _actions(db_session, claim_id=claim.id) == ["claim.submitted"]
    with pytest.raises(errors.ClaimInProgress):
        services.submit_registration_claim(db_session, practitioner, account, number, "")


@pytest.mark.parametrize(
    ("profession", "number"),
    [
        ("physiotherapist", "PHY000123456"),
        ("physiotherapist", "PH00001234567"),
        ("physiotherapist", "PHY00012345678"),
        ("physiotherapist", "12345"),
        ("remedial-massage-therapist", "ab"),
        ("remedial-massage-therapist", "x" * 41),
    ],
)
def test_bad_numbers_are_refused(db_session, make_practitioner, make_user, profession, number):
    listing = make_practitioner(profession=profession)
    practitioner, account = _load(db_session, listing, make_user())
    with pytest.raises(InvalidNumber) as refused:
        services.submit_registration_claim(db_session, practitioner, account, number, "")
    assert refused.value.field == "number"


def test_claim_on_an_owned_listing_is_contested_whatever_the_method(db_session, listing, make_user):
    owner, rival, other_rival = make_user(), make_user(), make_user()
    practitioner, account = _load(db_session, listing, owner)
    claim, code = codes.start_email_claim(db_session, practitioner, account)
    codes.verify_claim_code(db_session, claim, account, code)
    db_session.commit()

    by_email, no_code = codes.start_email_claim(db_session, practitioner, db_session.get(User, rival.id))
    by_number = services.submit_registration_claim(
        db_session, practitioner, db_session.get(User, other_rival.id), "PHY0009999999", "The listing is mine."
    )
    db_session.commit()
    assert no_code is None
    for contested in (by_email, by_number):
        assert (contested.status, contested.contested) == ("pending_review", True)
    assert db_session.get(Practitioner, listing.id).owner_id == owner.id


def test_owner_supplied_practice_email_cannot_verify_a_claim(db_session, make_practitioner, make_user):
    """A confirmed e-mail change was typed by an owner: it proves nothing for a later claimant."""
    admin_id = make_user(admin=True).id
    shared = make_practitioner()
    colleague = make_practitioner(practice=None)
    db_session.execute(
        sa.update(Practitioner).where(Practitioner.id == colleague.id).values(practice_id=shared.practice_id)
    )
    db_session.commit()
    owner = db_session.get(User, make_user().id)
    practitioner = db_session.get(Practitioner, shared.id)
    claim, code = codes.start_email_claim(db_session, practitioner, owner)
    codes.verify_claim_code(db_session, claim, owner, code)
    change = contact_changes.request_contact_change(
        db_session, practitioner, owner, "email", "mine@webmail.example.com"
    )
    # The practice is shared, so an administrator applies the change: still typed by an account.
    admin = db_session.get(User, admin_id)
    contact_changes.decide_contact_change(db_session, change, admin, approve=True)
    db_session.commit()

    other = db_session.get(User, make_user().id)
    with pytest.raises(errors.NoPracticeEmail):
        codes.start_email_claim(db_session, db_session.get(Practitioner, colleague.id), other)
