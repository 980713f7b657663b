"""Twenty claims finishing at the same moment: exactly one owner, on SQLite and on PostgreSQL.

Real threads, each with its own app context and therefore its own session and connection,
released together by a barrier.
"""

from __future__ import annotations

import threading
from collections import Counter

import sqlalchemy as sa

from directory.accounts.models import User
from directory.audit.models import AuditEvent
from directory.claims import codes
from directory.claims.models import Claim
from directory.errors import DomainError
from directory.extensions import db
from directory.practitioners.models import Practitioner
from tests.helpers import csrf_token, login_as

CLAIMANTS = 20
LOST = "Someone else completed a claim on this listing moments ago; an administrator will review yours."


def _open_claims(app, listing, users) -> list[tuple[int, int, str]]:
    """One awaiting_code claim per user on ``listing``: (claim id, user id, code)."""
    out = []
    with app.app_context():
        practitioner = db.session.get(Practitioner, listing.id)
        for user in users:
            claim, code = codes.start_email_claim(db.session, practitioner, db.session.get(User, user.id))
            out.append((claim.id, user.id, code))
        db.session.commit()
        db.session.remove()
    return out


def _check_outcome(app, listing, claims, winners: list[int]) -> None:
    assert len(winners) == 1
    winner = winners[0]
    with app.app_context():
        session = db.session
        assert session.get(Practitioner, listing.id).owner_id == winner
        statuses = Counter(
            (row.status, row.contested)
            for row in session.scalars(sa.select(Claim).where(Claim.practitioner_id == listing.id))
        )
        assert statuses == {("approved", False): 1, ("pending_review", True): CLAIMANTS - 1}
        events = Counter(session.scalars(sa.select(AuditEvent.action).where(AuditEvent.practitioner_id == listing.id)))
        assert events["ownership.granted"] == 1
        assert events["claim.approved"] == 1
        assert events["claim.contested"] == CLAIMANTS - 1
        granted = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "ownership.granted")).one()
        assert granted.actor_id == winner and granted.details["owner_id"] == winner
        approved_claim = session.scalars(
            sa.select(Claim).where(Claim.practitioner_id == listing.id, Claim.status == "approved")
        ).one()
        assert approved_claim.user_id == winner and granted.claim_id == approved_claim.id
        session.remove()


def test_twenty_simultaneous_code_claims_make_exactly_one_owner(app, make_practitioner, make_user):
    listing = make_practitioner(practice={"email": "front-desk@race.example.com"})
    users = [make_user() for _ in range(CLAIMANTS)]
    claims = _open_claims(app, listing, users)
    barrier = threading.Barrier(CLAIMANTS)
    results: list[tuple[str, int, str]] = []
    lock = threading.Lock()

    def finish(claim_id: int, user_id: int, code: str) -> None:
        with app.app_context():
            session = db.session
            try:
                claim, user = session.get(Claim, claim_id), session.get(User, user_id)
                session.commit()  # give the connection back before waiting
                barrier.wait(timeout=120)
                codes.verify_claim_code(session, claim, user, code)
                session.commit()
                outcome = ("owner", user_id, "")
            except DomainError as error:
                session.commit()  # the claim sent to review, and its audit event, are kept
                outcome = (error.code, user_id, error.message)
            except Exception as error:  # noqa: BLE001 - the test reports anything that escapes
                session.rollback()
                outcome = ("exception", user_id, repr(error))
            finally:
                session.remove()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=finish, args=claim) for claim in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads)

    kinds = Counter(kind for kind, _, _ in results)
    assert kinds == {"owner": 1, "already_claimed": CLAIMANTS - 1}, results
    assert {message for kind, _, message in results if kind == "already_claimed"} == {LOST}
    _check_outcome(app, listing, claims, [user_id for kind, user_id, _ in results if kind == "owner"])


def test_twenty_simultaneous_code_forms_through_the_views(app, make_practitioner, make_user, outbox):
    listing = make_practitioner(practice={"email": "front-desk@race.example.com"})
    users = [make_user() for _ in range(CLAIMANTS)]
    claims = _open_claims(app, listing, users)
    barrier = threading.Barrier(CLAIMANTS)
    results: list[tuple[int, int, str, str]] = []
    lock = threading.Lock()

    def post(user, code: str) -> None:
        client = app.test_client()
        login_as(client, user)
        url = f"/practitioners/{listing.slug}/claim/verify"
        token = csrf_token(client.get(url).get_data(as_text=True))
        barrier.wait(timeout=120)
        response = client.post(url, data={"csrf_token": token, "code": code})
        page = ""
        if response.status_code == 302:
            page = client.get(response.headers["Location"]).get_data(as_text=True)
        with lock:
            results.append((user.id, response.status_code, response.headers.get("Location", ""), page))

    by_user = {user.id: user for user in users}
    threads = [threading.Thread(target=post, args=(by_user[user_id], code)) for _, user_id, code in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert all(status == 302 for _, status, _, _ in results), [r[:3] for r in results]
    edit = f"/practitioners/{listing.slug}/edit"
    winners = [user_id for user_id, _, location, _ in results if location.endswith(edit)]
    losers = [page for _, _, location, page in results if location.endswith("/dashboard")]
    assert len(losers) == CLAIMANTS - 1
    assert all("moments ago" in page and "Waiting for an administrator" in page for page in losers)
    _check_outcome(app, listing, claims, winners)
    # The new owner is told about every claim sent to review.
    owner_email = by_user[winners[0]].email
    assert sum(1 for m in outbox() if m["To"] == owner_email) == CLAIMANTS - 1


def test_simultaneous_wrong_codes_never_count_past_the_lock(app, make_practitioner, make_user):
    """failed_attempts is incremented in SQL: ten wrong codes at once count five, then lock once."""
    listing = make_practitioner()
    [(claim_id, user_id, code)] = _open_claims(app, listing, [make_user()])
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    tries = 10
    barrier = threading.Barrier(tries)
    results: list[str] = []
    lock = threading.Lock()

    def guess() -> None:
        with app.app_context():
            session = db.session
            try:
                claim, user = session.get(Claim, claim_id), session.get(User, user_id)
                session.commit()
                barrier.wait(timeout=120)
                codes.verify_claim_code(session, claim, user, wrong)
                session.commit()
                outcome = "accepted"
            except DomainError as error:
                session.commit()
                outcome = error.code
            except Exception as error:  # noqa: BLE001
                session.rollback()
                outcome = repr(error)
            finally:
                session.remove()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=guess) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert Counter(results) == {"wrong_code": 4, "claim_locked": 6}, results
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert (claim.status, claim.failed_attempts) == ("locked", 5)
        events = Counter(db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.claim_id == claim_id)))
        assert events["claim.code_failed"] == 5 and events["claim.locked"] == 1
        db.session.remove()
