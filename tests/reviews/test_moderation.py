"""Reports and moderation: the queue, decisions for published reasons, e-mails, the audit log,
the public moderation summary and the policy page."""

from __future__ import annotations

import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.practitioners.rating import FORMULA_TEXT
from directory.reviews.models import Review, ReviewReport
from tests.helpers import body_of, client_from, csrf_token, mails_to, page_token, submit
from tests.reviews.helpers import aggregates, confirm_from_outbox, write_review


def _status(app, review_id):
    with app.app_context():
        status = db.session.get(Review, review_id).status
        db.session.remove()
        return status


def test_any_visitor_reports_and_the_review_stays_visible(app, client, make_practitioner, make_review):
    listing = make_practitioner()
    review_id = make_review(listing, title="Rude receptionist")
    page = client.get(f"/reviews/{review_id}/report").get_data(as_text=True)
    assert "never removed for being negative" in page
    response = submit(
        client,
        f"/reviews/{review_id}/report",
        {"reason": "off_topic", "note": "About the car park.", "email": "watcher@example.net"},
    )
    assert response.status_code == 302
    assert "Rude receptionist" in client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    again = submit(client, f"/reviews/{review_id}/report", {"reason": "off_topic", "email": "watcher@example.net"})
    assert again.status_code == 400 and "already reported" in again.get_data(as_text=True)


def test_report_form_errors(app, client, make_practitioner, make_review):
    review_id = make_review(make_practitioner())
    bogus = submit(client, f"/reviews/{review_id}/report", {"reason": "bogus"}).get_data(as_text=True)
    assert bogus.count('data-field="reason"') == 1
    for data, field in (
        ({"reason": ""}, "reason"),
        ({"reason": "negative"}, "reason"),
        ({"reason": "other"}, "note"),
        ({"reason": "off_topic", "email": "nope"}, "email"),
    ):
        response = submit(client, f"/reviews/{review_id}/report", data)
        assert response.status_code == 400 and f'data-field="{field}"' in response.get_data(as_text=True)
    assert client.post(f"/reviews/{review_id}/report", data={"reason": "off_topic"}).status_code == 400  # no CSRF
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewReport)) == 0
    assert client.get("/reviews/999999/report").status_code == 404


def test_queue_shows_held_and_reported_reviews_urgent_first(app, admin_client, make_practitioner, make_review):
    listing = make_practitioner()
    held = make_review(
        listing, status="held", screening=[{"signal": "link", "score": 3, "detail": "A link."}], screening_score=3
    )
    reported = make_review(listing, reports=("off_topic",))
    urgent = make_review(listing, reports=("personal_information",))
    make_review(listing)  # published, not reported: not in the queue
    html = admin_client.get("/admin/reviews").get_data(as_text=True)
    order = [int(c.split('"', 1)[0]) for c in html.split('data-review-id="')[1:]]
    assert order == [urgent, held, reported]
    assert "A link." in html
    assert "3 waiting" in admin_client.get("/admin/").get_data(as_text=True)


def test_remove_needs_a_published_reason_and_tells_everyone(app, admin_client, make_practitioner, make_review, outbox):
    listing = make_practitioner()
    review_id = make_review(listing, rating=1, reports=("personal_information",))
    before = aggregates(app, listing.id)
    token = page_token(admin_client, "/admin/reviews")
    refused = admin_client.post(f"/admin/reviews/{review_id}/remove", data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 400 and "published reasons" in refused.get_data(as_text=True)
    negative = admin_client.post(f"/admin/reviews/{review_id}/remove", data={"csrf_token": token, "reason": "negative"})
    assert negative.status_code == 400
    assert _status(app, review_id) == "published" and outbox() == []

    done = admin_client.post(
        f"/admin/reviews/{review_id}/remove",
        data={"csrf_token": token, "reason": "personal_information", "note": "Names a child."},
    )
    assert done.status_code == 302
    assert _status(app, review_id) == "removed"
    assert aggregates(app, listing.id)[0] == before[0] - 1
    recipients = sorted(m["To"] for m in outbox())
    assert len(recipients) == 2  # the reviewer and the reporter
    reviewer_mail = [m for m in outbox() if "removed" in m["Subject"]][0]
    assert "Personal or third-party health information" in reviewer_mail.get_content()
    with app.app_context():
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "review.removed")).one()
        assert event.details["reason"] == "personal_information" and event.actor_id is not None
        assert db.session.scalars(sa.select(ReviewReport.status)).all() == ["upheld"]
    summary = admin_client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert 'data-testid="moderation-summary"' in summary
    assert "1 review removed: personal or third-party health information" in summary


def test_publish_and_reject_held_reviews(app, admin_client, make_practitioner, make_review, outbox):
    listing = make_practitioner()
    first = make_review(listing, status="held", rating=5)
    second = make_review(listing, status="held", rating=2)
    token = page_token(admin_client, "/admin/reviews")
    assert admin_client.post(f"/admin/reviews/{first}/publish", data={"csrf_token": token}).status_code == 302
    assert _status(app, first) == "published" and aggregates(app, listing.id)[0] == 1
    assert (
        admin_client.post(
            f"/admin/reviews/{second}/reject", data={"csrf_token": token, "reason": "fake_or_conflict"}
        ).status_code
        == 302
    )
    assert _status(app, second) == "rejected" and aggregates(app, listing.id)[0] == 1
    subjects = [m["Subject"] for m in outbox()]
    assert any("is published" in s for s in subjects) and any("was not published" in s for s in subjects)
    # A decision already taken is not taken twice.
    response = admin_client.post(f"/admin/reviews/{first}/publish", data={"csrf_token": token}, follow_redirects=True)
    assert "is published: “publish” does not apply to it" in response.get_data(as_text=True)
    assert aggregates(app, listing.id)[0] == 1
    html = admin_client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
    assert "1 review not published: fake, or written with a conflict of interest" in html


def test_keep_dismisses_the_reports_and_tells_the_reporter(app, admin_client, make_practitioner, make_review, outbox):
    listing = make_practitioner()
    review_id = make_review(listing, rating=1, reports=("fake_or_conflict",))
    token = page_token(admin_client, "/admin/reviews")
    assert admin_client.post(f"/admin/reviews/{review_id}/keep", data={"csrf_token": token}).status_code == 302
    assert _status(app, review_id) == "published"
    [mail] = outbox()
    assert (
        "stays published" in mail.get_content() and "never remove a review because it is negative" in mail.get_content()
    )
    assert "No reviews are waiting" in admin_client.get("/admin/reviews").get_data(as_text=True)


def test_the_policy_page_states_the_rules_and_the_formula(client):
    html = client.get("/review-policy").get_data(as_text=True)
    assert FORMULA_TEXT.replace("×", "&#215;") in html or FORMULA_TEXT in html
    for phrase in (
        "Fake, or written with a conflict of interest",
        "Harassment",
        "A legal order",
        "We never remove a review because it is negative",
        "We never hold a review because it describes a bad experience",
        "Positive clinical testimonial",
        "Invited by the practice",
        "Ahpra",
    ):
        assert phrase in html
    # The scores in the table follow the formula: one 5-star review scores 3.75.
    assert "<td>1</td><td>5.0</td><td>3.75</td>" in html
    assert client.get("/").status_code == 200 and "/review-policy" in client.get("/").get_data(as_text=True)


def test_listings_without_moderation_show_no_summary(client, make_practitioner):
    html = client.get(f"/practitioners/{make_practitioner(reviews=(4,)).slug}").get_data(as_text=True)
    assert 'data-testid="moderation-summary"' not in html
    assert csrf_token(client.get(f"/practitioners/{make_practitioner().slug}/reviews/new").get_data(as_text=True))


def test_an_action_that_does_not_fit_the_review_changes_nothing(app, admin_client, make_practitioner, make_review):
    listing = make_practitioner()
    held = make_review(listing, status="held")
    token = page_token(admin_client, "/admin/reviews")
    response = admin_client.post(f"/admin/reviews/{held}/remove", data={"csrf_token": token}, follow_redirects=True)
    assert "does not apply" in response.get_data(as_text=True)
    assert _status(app, held) == "held"


def test_reports_on_a_replaced_review_are_closed(app, client, make_practitioner, make_review, outbox):
    listing = make_practitioner(profession="remedial-massage-therapist")
    old = make_review(listing, email="sam@example.net", reports=("off_topic",))
    write_review(client, listing.slug, email="sam+new@example.net")
    confirm_from_outbox(client, outbox()[-1])
    assert _status(app, old) == "replaced"
    with app.app_context():
        assert db.session.scalars(sa.select(ReviewReport.status)).all() == ["dismissed"]


def test_a_shared_address_does_not_block_other_reporters(app, make_practitioner, make_review):
    review_id = make_review(make_practitioner())
    office = [client_from(app, "192.0.2.200") for _ in range(2)]
    first = submit(office[0], f"/reviews/{review_id}/report", {"reason": "off_topic", "email": "one@example.org"})
    second = submit(office[1], f"/reviews/{review_id}/report", {"reason": "harassment", "email": "two@example.org"})
    assert first.status_code == second.status_code == 302


def test_publishing_a_held_review_tells_the_owner(
    app, admin_client, make_practitioner, make_review, make_user, set_owner, outbox
):
    listing = make_practitioner()
    owner = make_user(email="the-owner@example.org")
    set_owner(listing, owner)
    held = make_review(listing, status="held")
    token = page_token(admin_client, "/admin/reviews")
    admin_client.post(f"/admin/reviews/{held}/publish", data={"csrf_token": token})
    assert sorted(m["To"] for m in outbox()) == ["reviewer1@example.net", "the-owner@example.org"]


def test_common_words_for_a_reason_are_understood(app, client, make_practitioner, make_review):
    review_id = make_review(make_practitioner())
    assert (
        submit(client, f"/reviews/{review_id}/report", {"reason": "Spam", "email": "a@example.org"}).status_code == 302
    )
    with app.app_context():
        assert db.session.scalars(sa.select(ReviewReport.reason)).all() == ["fake_or_conflict"]


def test_rescreen_held_publishes_what_the_new_rule_does_not_hold(app, runner, make_practitioner, make_review, outbox):
    """Reviews the old rule held for clinical wording (negative ones among them) are published by
    `flask reviews rescreen-held`; a real positive testimonial keeps waiting, with the new message."""
    listing = make_practitioner(profession="physiotherapist")
    old_signal = [{"signal": "clinical_outcome", "score": 3, "detail": "Clinical-outcome wording: “misdiagnosed”."}]
    negative = make_review(
        listing,
        status="held",
        rating=1,
        body="He misdiagnosed my knee and I lost three months of training.",
        screening=old_signal,
        screening_score=3,
        email="neg@example.net",
    )
    positive = make_review(
        listing,
        status="held",
        rating=5,
        body="After four sessions my sciatica has gone, thank you so much.",
        screening=old_signal,
        screening_score=3,
        email="pos@example.net",
    )
    also_fraud = make_review(
        listing,
        status="held",
        rating=2,
        body="Misdiagnosed me. Visit www.other-clinic.com instead of this place.",
        screening=old_signal + [{"signal": "link", "score": 3, "detail": "link"}],
        screening_score=6,
        email="link@example.net",
    )
    result = runner.invoke(args=["reviews", "rescreen"])
    assert result.exit_code == 0, result.output
    assert "Read 3 held reviews with clinical wording again: 1 published." in result.output
    with app.app_context():
        rows = {r.id: r for r in db.session.scalars(sa.select(Review))}
        assert rows[negative].status == "published" and rows[negative].published_at is not None
        assert rows[positive].status == "held"
        assert [s["signal"] for s in rows[positive].screening] == ["clinical_testimonial"]
        assert "seems to say that treatment worked" in rows[positive].hold_reason
        assert rows[also_fraud].status == "held" and [s["signal"] for s in rows[also_fraud].screening] == ["link"]
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "review.published")).one()
        assert event.details == {"review_id": negative, "rescreened": True} and event.actor_id is None
        assert db.session.get(Practitioner, listing.id).rating_count == 1
        db.session.remove()
    mails = mails_to(outbox(), "neg@example.net")
    assert len(mails) == 1 and "no longer needs a moderator" in body_of(mails[0])
