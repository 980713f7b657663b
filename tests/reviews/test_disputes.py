"""Disputes and takedown requests: the page says how, what we do and when, and that a review is
never removed for being negative; the form records each request; administrators record the ones
received another way and the outcome of each."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.errors import NotAllowed
from directory.extensions import db
from directory.reviews import disputes
from directory.reviews.models import Review, TakedownRequest
from tests.helpers import body_of, client_from, mails_to, submit

GOOD = {
    "requester_role": "practitioner",
    "grounds": "defamation",
    "details": "The review says I charged for sessions that never happened. Our records show otherwise.",
    "requester_name": "Ana Ruiz",
    "requester_email": "ana@example.org",
}


def _send(client, review_ref, **overrides):
    data = {k: v for k, v in (GOOD | {"review": str(review_ref)} | overrides).items() if v is not None}
    return submit(client, "/review-disputes", data)


def _requests(app):
    with app.app_context():
        rows = db.session.execute(
            sa.select(
                TakedownRequest.id, TakedownRequest.grounds, TakedownRequest.outcome, TakedownRequest.received_via
            ).order_by(TakedownRequest.id)
        ).all()
        db.session.remove()
        return [tuple(r) for r in rows]


def _status(app, review_id):
    with app.app_context():
        status = db.session.get(Review, review_id).status
        db.session.remove()
        return status


def test_the_page_says_how_what_we_do_and_when(client):
    html = client.get("/review-disputes").get_data(as_text=True)
    for text in (
        "We never remove a review because it is negative",
        "If a review is about you or your practice",
        "If you wrote the review",
        "personal or health details",
        "within 2 business days",
        "within 10 business days",
        "We do not decide whether a review is defamatory",
        'name="csrf_token"',
    ):
        assert text in html, text
    assert "/review-disputes" in client.get("/review-policy").get_data(as_text=True)


@pytest.mark.parametrize("ref", ["{id}", "#{id}", "https://directory.example.org/practitioners/x#review-{id}"])
def test_a_request_is_recorded_acknowledged_and_hides_nothing(app, client, make_practitioner, make_review, outbox, ref):
    listing = make_practitioner()
    review_id = make_review(listing, rating=1)
    response = _send(client, ref.format(id=review_id))
    assert response.status_code == 302
    ((request_id, grounds, outcome, via),) = _requests(app)
    assert (grounds, outcome, via) == ("defamation", None, "form")
    (mail,) = mails_to(outbox(), "ana@example.org")
    assert f"reference {request_id}" in mail["Subject"] and "within 10 business days" in body_of(mail)
    assert _status(app, review_id) == "published"
    with app.app_context():
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "takedown.received")).one()
        assert event.details["request_id"] == request_id and event.details["grounds"] == "defamation"
        db.session.remove()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"review": "999999"}, "review"),
        ({"review": "not a review"}, "review"),
        ({"requester_role": "owner_id"}, "requester_role"),
        ({"grounds": "negative"}, "grounds"),
        ({"details": "Too short."}, "details"),
        ({"details": "The review is false \x1b[31m and harms my practice badly."}, "details"),
        ({"requester_name": "Ana\u202eRuiz"}, "requester_name"),
        ({"requester_email": "nobody"}, "requester_email"),
    ],
)
def test_bad_input_is_shown_next_to_its_field(app, client, make_practitioner, make_review, overrides, field):
    review_id = make_review(make_practitioner())
    response = _send(client, review_id, **overrides)
    assert response.status_code == 400 and f'data-field="{field}"' in response.get_data(as_text=True)
    assert _requests(app) == []


def test_requests_are_rate_limited(app, make_practitioner, make_review):
    review_id = make_review(make_practitioner())
    visitor = client_from(app, "203.0.113.77")
    statuses = [_send(visitor, review_id, requester_email=f"p{i}@example.org").status_code for i in range(6)]
    assert statuses == [302, 302, 302, 302, 302, 429]


def test_privacy_first_then_a_removal_for_a_published_reason(
    app, client, admin_client, make_practitioner, make_review, outbox
):
    listing = make_practitioner()
    review_id = make_review(listing, rating=1, email="writer@example.net")
    _send(client, review_id)
    _send(client, review_id, grounds="privacy", requester_role="named_person", requester_email="named@example.org")
    (defamation_id, _, _, _), (privacy_id, _, _, _) = _requests(app)
    queue = admin_client.get("/admin/requests").get_data(as_text=True)
    assert queue.index(f'data-request-id="{privacy_id}"') < queue.index(f'data-request-id="{defamation_id}"')

    no_reason = submit(
        admin_client,
        f"/admin/requests/{privacy_id}/decide",
        {"outcome": "removed", "note": "Names a patient."},
        page="/admin/requests",
    )
    assert no_reason.status_code == 400 and _status(app, review_id) == "published"
    done = submit(
        admin_client,
        f"/admin/requests/{privacy_id}/decide",
        {"outcome": "removed", "reason": "personal_information", "note": "Names another patient."},
        page="/admin/requests",
    )
    assert done.status_code == 302 and _status(app, review_id) == "removed"
    assert "removed" in body_of(mails_to(outbox(), "named@example.org")[-1]).lower()
    assert "Personal or third-party health information" in body_of(mails_to(outbox(), "writer@example.net")[-1])
    # The other request about the same review: the review is gone, nothing to keep.
    kept = submit(
        admin_client,
        f"/admin/requests/{defamation_id}/decide",
        {"outcome": "no_review", "note": "The review was removed for another reason."},
        page="/admin/requests",
    )
    assert kept.status_code == 302
    assert [(o, g) for _, g, o, _ in _requests(app)] == [("no_review", "defamation"), ("removed", "privacy")]
    with app.app_context():
        decided = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "takedown.decided")).all()
        assert [e.details["outcome"] for e in decided] == ["removed", "no_review"]
        assert all(e.details["waited_seconds"] >= 0 for e in decided)
        assert db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action == "review.removed")).all()
        db.session.remove()
    again = submit(
        admin_client,
        f"/admin/requests/{privacy_id}/decide",
        {"outcome": "kept", "note": "x"},
        page="/admin/requests",
    )
    assert again.status_code == 302 and _requests(app)[1][2] == "removed"


def test_a_negative_review_disputed_by_its_practitioner_is_kept(
    app, client, admin_client, make_practitioner, make_review, outbox
):
    review_id = make_review(make_practitioner(), rating=1)
    _send(client, review_id)
    ((request_id, _, _, _),) = _requests(app)
    refused = submit(admin_client, f"/admin/requests/{request_id}/decide", {"outcome": "kept"}, page="/admin/requests")
    assert refused.status_code == 400 and 'data-field="note"' in refused.get_data(as_text=True)
    submit(
        admin_client,
        f"/admin/requests/{request_id}/decide",
        {"outcome": "kept", "note": "It describes the writer's own experience; no order applies."},
        page="/admin/requests",
    )
    assert _status(app, review_id) == "published" and _requests(app)[0][2] == "kept"
    assert "own experience" in body_of(mails_to(outbox(), "ana@example.org")[-1])


def test_administrators_record_requests_received_another_way(
    app, admin_client, make_practitioner, make_review, outbox, admin
):
    review_id = make_review(make_practitioner())
    data = {
        "received_via": "post",
        "review": str(review_id),
        "requester_role": "representative",
        "grounds": "legal_order",
        "details": "A letter enclosing a tribunal order to remove review " + str(review_id) + ".",
        "requester_name": "Smith Legal",
        "requester_email": "office@smithlegal.example.com",
    }
    assert submit(admin_client, "/admin/requests/new", data, page="/admin/requests").status_code == 302
    assert [via for *_, via in _requests(app)] == ["post"]
    with app.app_context():
        assert db.session.scalars(sa.select(TakedownRequest)).one().recorded_by_id == admin.id
        db.session.remove()
    assert mails_to(outbox(), "office@smithlegal.example.com")


def test_only_an_administrator_records_a_request_received_another_way(
    db_session, make_practitioner, make_review, make_user
):
    from directory.accounts.models import User

    review_id = make_review(make_practitioner())
    with pytest.raises(NotAllowed):
        disputes.receive(
            db_session,
            review_ref=str(review_id),
            received_via="email",
            recorded_by=db_session.get(User, make_user().id),
            **GOOD,
        )


def test_withdrawn_is_an_outcome_only_once_the_writer_withdrew(db_session, make_practitioner, make_review, admin):
    from directory.accounts.models import User
    from directory.reviews.errors import ReviewError

    review_id = make_review(make_practitioner())
    request = disputes.receive(
        db_session, review_ref=str(review_id), **(GOOD | {"grounds": "remove_my_review", "requester_role": "reviewer"})
    )
    with pytest.raises(ReviewError):
        disputes.decide(
            db_session, request, db_session.get(User, admin.id), "withdrawn", note="The writer withdrew it."
        )
