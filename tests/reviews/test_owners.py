"""Owners answer and report; they can never hide, edit, delete, reorder or feature a review."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.extensions import db
from directory.reviews.models import Review, ReviewReport, ReviewResponse
from tests.helpers import body_of, client_from, csrf_token, login_as, mails_to, submit
from tests.reviews.helpers import GOOD, aggregates, confirm_from_outbox, review_rows, write_review


@pytest.fixture
def owned(make_practitioner, make_user, set_owner, make_review):
    """A claimed listing with three published reviews (2, 5 and 1 stars) and its owner's account."""
    listing = make_practitioner(profession="physiotherapist")
    owner = make_user(email="owner@example.org")
    set_owner(listing, owner)
    reviews = [make_review(listing, rating=r) for r in (2, 5, 1)]
    return listing, owner, reviews


def _reviews_state(app):
    with app.app_context():
        rows = db.session.execute(
            sa.select(
                Review.id,
                Review.status,
                Review.rating,
                Review.title,
                Review.body,
                Review.display_name,
                Review.published_at,
                Review.moderation_reason,
            ).order_by(Review.id)
        ).all()
        db.session.remove()
        return [tuple(r) for r in rows]


def _listing_order(client, slug):
    html = client.get(f"/practitioners/{slug}").get_data(as_text=True)
    return [int(chunk.split('"', 1)[0]) for chunk in html.split('id="review-')[1:]]


def test_owner_responds_once_and_edits(app, client, owned):
    listing, owner, reviews = owned
    login_as(client, owner)
    url = f"/practitioners/{listing.slug}/reviews/{reviews[0]}/response"
    page = client.get(url).get_data(as_text=True)
    assert "Do not confirm that the reviewer was your patient" in page
    response = submit(client, url, {"response": "Thank you for the feedback; please call the practice."})
    assert response.status_code == 302
    html = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert "Thank you for the feedback; please call the practice." in html
    submit(client, url, {"response": "We have changed our booking system since."})
    with app.app_context():
        responses = db.session.scalars(sa.select(ReviewResponse)).all()
        assert [r.body for r in responses] == ["We have changed our booking system since."]
        actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]
        assert actions == ["review.response_added", "review.response_edited"]
    api = client.get(f"/api/v1/practitioners/{listing.slug}/reviews").get_json()
    answered = [r for r in api["results"] if r["id"] == reviews[0]][0]
    assert answered["response"]["body"] == "We have changed our booking system since."
    empty = submit(client, url, {"response": ""})
    assert empty.status_code == 400 and 'data-field="response"' in empty.get_data(as_text=True)


def test_others_cannot_respond(app, client, owned, make_user, make_practitioner, set_owner, make_review):
    listing, owner, reviews = owned
    url = f"/practitioners/{listing.slug}/reviews/{reviews[0]}/response"
    assert client.get(url).status_code == 302  # anonymous → login
    other = make_user(email="other-owner@example.org")
    set_owner(make_practitioner(), other)
    login_as(client, other)
    assert client.get(url).status_code == 403
    # An owner of listing A cannot answer a review of B through A's URL either.
    login_as(client, owner)
    foreign_id = make_review(make_practitioner())
    assert client.get(f"/practitioners/{listing.slug}/reviews/{foreign_id}/response").status_code == 404


def test_owner_reports_are_capped_and_hide_nothing(app, client, owned, make_review):
    listing, owner, reviews = owned
    more = [make_review(listing, rating=1) for _ in range(4)]
    login_as(client, owner)
    for review_id in reviews + more[:2]:
        response = submit(
            client, f"/reviews/{review_id}/report", {"reason": "fake_or_conflict", "note": "Not a patient."}
        )
        assert response.status_code == 302
    refused = submit(client, f"/reviews/{more[2]}/report", {"reason": "fake_or_conflict"})
    assert refused.status_code == 400 and "waiting for a moderator" in refused.get_data(as_text=True)
    with app.app_context():
        reports = db.session.scalars(sa.select(ReviewReport)).all()
        assert len(reports) == 5 and all(r.by_owner for r in reports)
        db.session.remove()
    # Reported reviews stay visible and counted.
    assert aggregates(app, listing.id)[0] == 7
    assert len(_listing_order(client, listing.slug)) == 7


# Every way an owner might try to hide, edit, delete, reorder or feature a review.
FORBIDDEN_FIELDS = {
    "status": "removed",
    "hidden": "1",
    "delete": "1",
    "featured": "1",
    "pinned": "1",
    "order": "highest",
    "position": "1",
    "rating": "5",
    "body": "Edited by the owner, 5 stars.",
    "title": "Best ever",
    "display_name": "Owner",
    "published_at": "2000-01-01",
    "moderation_reason": "off_topic",
    "action": "remove",
    "reason": "off_topic",
}


def test_every_attempt_to_hide_edit_delete_or_reorder_is_refused(app, client, owned):
    listing, owner, reviews = owned
    login_as(client, owner)
    before = _reviews_state(app)
    order_before = _listing_order(client, listing.slug)
    edit_page = client.get(f"/practitioners/{listing.slug}/edit").get_data(as_text=True)
    token = csrf_token(edit_page)
    target = reviews[0]
    attempts = []
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for url in (
            f"/practitioners/{listing.slug}",
            f"/practitioners/{listing.slug}/reviews",
            f"/practitioners/{listing.slug}/reviews/{target}",
            f"/practitioners/{listing.slug}/reviews/{target}/edit",
            f"/practitioners/{listing.slug}/reviews/{target}/delete",
            f"/practitioners/{listing.slug}/reviews/{target}/hide",
            f"/practitioners/{listing.slug}/reviews/{target}/feature",
            f"/reviews/{target}",
            f"/reviews/{target}/delete",
            f"/api/v1/practitioners/{listing.slug}/reviews",
            f"/api/v1/practitioners/{listing.slug}/reviews/{target}",
            f"/admin/reviews/{target}/remove",
            f"/admin/reviews/{target}/keep",
        ):
            response = client.open(url, method=method, data={"csrf_token": token, **FORBIDDEN_FIELDS})
            attempts.append((method, url, response.status_code))
            assert response.status_code in (400, 403, 404, 405), (method, url, response.status_code)
    # The owner's own forms ignore review fields: the response form, the edit form, the report form.
    submit(
        client,
        f"/practitioners/{listing.slug}/reviews/{target}/response",
        {"response": "Thanks for your review.", **{k: v for k, v in FORBIDDEN_FIELDS.items() if k != "response"}},
    )
    submit(client, f"/practitioners/{listing.slug}/edit", {**FORBIDDEN_FIELDS})
    submit(client, f"/reviews/{target}/report", {**FORBIDDEN_FIELDS, "reason": "off_topic"})
    # Ordering is the visitor's choice, never the owner's: the default order is unchanged.
    assert _reviews_state(app) == before
    assert _listing_order(client, listing.slug) == order_before
    assert aggregates(app, listing.id)[0] == 3
    with app.app_context():
        db.session.remove()


def test_owners_create_single_use_invites(app, client, owned, outbox):
    listing, owner, _ = owned
    login_as(client, owner)
    response = submit(client, f"/practitioners/{listing.slug}/invites", {})
    html = response.get_data(as_text=True)
    link = html.split('data-testid="invite-link"', 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    link = link.replace("&amp;", "&")
    path = link.split("://", 1)[1].split("/", 1)[1]
    visitor = client_from(app, "198.51.100.23")  # the patient, in their own browser, at home
    page = visitor.get("/" + path)
    assert "Invited by the practice" in page.get_data(as_text=True)
    form = {"csrf_token": csrf_token(page.get_data(as_text=True)), **GOOD, "invite": path.split("invite=", 1)[1]}
    assert visitor.post(f"/practitioners/{listing.slug}/reviews/new", data=form).status_code == 302
    confirm_from_outbox(visitor, outbox()[-1])
    html = visitor.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert 'data-testid="label-invited"' in html and "Invited by the practice" in html
    assert "Verified visit" not in html and "verified" not in html.lower().split("<main")[1].split("</main>")[0]
    api = visitor.get(f"/api/v1/practitioners/{listing.slug}/reviews").get_json()
    assert "invited-by-practice" in [r for r in api["results"] if r["body"] == GOOD["body"]][0]["labels"]
    again = visitor.get("/" + path).get_data(as_text=True)
    assert "already been used" in again


def test_others_cannot_create_invites(client, owned, make_user):
    listing, _, _ = owned
    assert client.get(f"/practitioners/{listing.slug}/invites").status_code == 302
    login_as(client, make_user(email="nobody@example.org"))
    assert client.get(f"/practitioners/{listing.slug}/invites").status_code == 403


def test_the_owner_is_told_when_a_review_is_published(app, client, owned, outbox):
    listing, owner, _ = owned
    patient = app.test_client()
    write_review(patient, listing.slug, email="pat@example.net")
    confirm_from_outbox(patient, outbox()[-1])
    notice = outbox()[-1]
    assert notice["To"] == owner.email and "is published" in notice["Subject"]
    body = notice.get_content()
    assert f"/practitioners/{listing.slug}/reviews/" in body and "/response" in body
    assert "pat@example.net" not in body and "do not confirm that the reviewer was your patient" in body


def test_an_invite_used_from_the_owners_own_address_is_held(app, client, owned, outbox):
    listing, owner, _ = owned
    office = client_from(app, "192.0.2.77")
    login_as(office, owner)
    html = submit(office, f"/practitioners/{listing.slug}/invites", {}).get_data(as_text=True)
    link = html.split('data-testid="invite-link"', 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    token = link.replace("&amp;", "&").split("invite=", 1)[1]
    same_place = client_from(app, "192.0.2.77")  # logged out, "a patient", same address
    page = same_place.get(f"/practitioners/{listing.slug}/reviews/new?invite={token}").get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), **GOOD, "invite": token}
    assert same_place.post(f"/practitioners/{listing.slug}/reviews/new", data=form).status_code == 302
    confirm_from_outbox(same_place, outbox()[-1])
    assert review_rows(app)[-1][1] == "held"


def test_two_clicks_on_publish_response_make_one_response(app, owned):
    import threading

    listing, owner, reviews = owned
    url = f"/practitioners/{listing.slug}/reviews/{reviews[0]}/response"
    clients = []
    for _ in range(2):
        c = app.test_client()
        login_as(c, owner)
        clients.append((c, csrf_token(c.get(url).get_data(as_text=True))))
    barrier = threading.Barrier(2)
    statuses = []

    def post(c, token, text):
        barrier.wait(timeout=60)
        statuses.append(c.post(url, data={"csrf_token": token, "response": text}).status_code)

    threads = [threading.Thread(target=post, args=(c, t, f"Thank you ({i}).")) for i, (c, t) in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert statuses == [302, 302]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewResponse)) == 1
        db.session.remove()


# --- owners' responses are screened (decision 0008) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "signals"),
    [
        ("Glad your back pain is gone, see you next time!", {"clinical_claim", "patient_details"}),
        ("Our treatment fixes sciatica in three sessions.", {"clinical_claim"}),
        ("Sorry about the wait at your appointment; we have changed our booking system.", {"patient_details"}),
        ("As your physio I can tell you the exercises take time.", {"patient_details"}),
        ("We are sorry to hear when you came in it was so busy.", {"patient_details"}),
        ("Thank you for your feedback. We have changed our booking system since.", set()),
        ("We are sorry to hear this. Please call the practice manager so we can talk.", set()),
    ],
)
def test_what_holds_a_response(text, signals):
    from directory.reviews import screening

    assert {s.signal for s in screening.response_signals(text)} == signals


def test_a_response_with_a_clinical_claim_waits_for_a_moderator(app, client, admin_client, owned, outbox):
    listing, owner, reviews = owned
    owner_client = app.test_client()
    login_as(owner_client, owner)
    url = f"/practitioners/{listing.slug}/reviews/{reviews[1]}/response"
    response = submit(
        owner_client, url, {"response": "So pleased your knee is better after your sessions!"}, follow=True
    )
    page = response.get_data(as_text=True)
    assert "A moderator will read your response before it is shown" in page
    assert 'data-testid="response-waiting"' in page  # the owner sees that it waits
    public = app.test_client().get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert "So pleased your knee" not in public and 'data-testid="response-waiting"' not in public
    api = app.test_client().get(f"/api/v1/practitioners/{listing.slug}/reviews").get_json()
    assert all(r["response"] is None for r in api["results"])
    with app.app_context():
        held = db.session.scalars(sa.select(ReviewResponse)).one()
        assert held.status == "held" and {s["signal"] for s in held.screening} == {"clinical_claim", "patient_details"}
        actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]
        assert actions == ["review.response_added", "review.response_held"]
        response_id = held.id
        db.session.remove()

    queue = admin_client.get("/admin/responses").get_data(as_text=True)
    assert "So pleased your knee" in queue
    refused = submit(admin_client, f"/admin/responses/{response_id}/reject", {"reason": ""}, page="/admin/responses")
    assert refused.status_code == 400 and 'data-field="reason"' in refused.get_data(as_text=True)
    declined = submit(
        admin_client,
        f"/admin/responses/{response_id}/reject",
        {"reason": "patient_details", "note": "Please leave out their treatment."},
        page="/admin/responses",
    )
    assert declined.status_code == 302
    mail = mails_to(outbox(), "owner@example.org")[-1]
    assert "did not publish it" in body_of(mail) and "Please leave out their treatment." in body_of(mail)
    assert "So pleased your knee" not in app.test_client().get(f"/practitioners/{listing.slug}").get_data(as_text=True)

    # The owner writes a new response without the clinical claim: it is published at once.
    submit(owner_client, url, {"response": "Thank you for the kind words; the whole team will see them."})
    public = app.test_client().get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert "Thank you for the kind words" in public
    with app.app_context():
        assert db.session.scalars(sa.select(ReviewResponse)).one().status == "published"
        db.session.remove()


def test_a_moderator_publishes_a_held_response(app, admin_client, owned, outbox):
    listing, owner, reviews = owned
    with app.app_context():
        db.session.add(
            ReviewResponse(review_id=reviews[0], author_id=owner.id, body="Your visit matters.", status="held")
        )
        db.session.commit()
        response_id = db.session.scalar(sa.select(ReviewResponse.id))
        db.session.remove()
    assert (
        submit(admin_client, f"/admin/responses/{response_id}/publish", {}, page="/admin/responses").status_code == 302
    )
    assert "Your visit matters." in admin_client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert "published it" in body_of(mails_to(outbox(), "owner@example.org")[-1])
    again = submit(admin_client, f"/admin/responses/{response_id}/publish", {}, page="/admin/responses")
    assert again.status_code == 302  # already decided: a warning, nothing changes
    with app.app_context():
        actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]
        db.session.remove()
    assert actions == ["review.response_published"]


def test_rescreen_holds_responses_published_before_screening(app, runner, owned):
    listing, owner, reviews = owned
    with app.app_context():
        db.session.add_all(
            [
                ReviewResponse(review_id=reviews[0], body="Glad the treatment cured your sciatica!"),
                ReviewResponse(review_id=reviews[1], body="Thank you, we appreciate the feedback."),
            ]
        )
        db.session.commit()
        db.session.remove()
    result = runner.invoke(args=["reviews", "rescreen"])
    assert result.exit_code == 0 and "Held 1 published owners' responses" in result.output
    with app.app_context():
        statuses = dict(db.session.execute(sa.select(ReviewResponse.review_id, ReviewResponse.status)).all())
        db.session.remove()
    assert statuses == {reviews[0]: "held", reviews[1]: "published"}
