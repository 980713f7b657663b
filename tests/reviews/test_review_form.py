"""The review form, driven as a browser drives it (CSRF on), and the e-mailed confirmation."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.reviews.models import Review
from tests.helpers import client_from, csrf_token, link_in
from tests.reviews.helpers import GOOD, aggregates, confirm_from_outbox, json_ld, review_rows, write_review


def test_submit_then_confirm_publishes_and_counts(app, client, make_practitioner, outbox):
    practitioner = make_practitioner(profession="remedial-massage-therapist", reviews=(4,))
    before = aggregates(app, practitioner.id)

    response = write_review(client, practitioner.slug)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/practitioners/{practitioner.slug}/reviews/sent")

    # Nothing public yet: not on the page, not in the API, aggregates unchanged.
    page = client.get(f"/practitioners/{practitioner.slug}").get_data(as_text=True)
    assert GOOD["body"] not in page
    api = client.get(f"/api/v1/practitioners/{practitioner.slug}/reviews").get_json()
    assert all(r["body"] != GOOD["body"] for r in api["results"])
    assert aggregates(app, practitioner.id) == before

    messages = outbox()
    assert len(messages) == 1 and messages[0]["To"] == GOOD["email"]
    # Following the link (as a mail scanner would) confirms nothing.
    path = link_in(messages[0], "/reviews/manage/")
    waiting = client.get(path).get_data(as_text=True)
    assert "Confirm my review" in waiting
    assert 'data-testid="label-confirmed"' not in waiting  # not a "confirmed e-mail" before it is
    assert aggregates(app, practitioner.id) == before

    response, _ = confirm_from_outbox(client, messages[0])
    assert response.status_code == 302
    page = client.get(f"/practitioners/{practitioner.slug}").get_data(as_text=True)
    assert GOOD["body"] in page and "Sam K." in page and "Confirmed e-mail" in page
    count, mean, distribution = aggregates(app, practitioner.id)
    assert count == before[0] + 1
    assert mean == pytest.approx(4.5)
    assert distribution == (1, 1, 0, 0, 0)  # 5 stars, 4 stars, … 1 star
    assert GOOD["email"] not in page


def test_the_link_confirms_only_once(app, client, make_practitioner, outbox):
    practitioner = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, practitioner.slug)
    _, path = confirm_from_outbox(client, outbox()[0])
    page = client.get(path).get_data(as_text=True)
    assert "Published" in page and "Confirm my review" not in page
    again = client.post(path + "/confirm", data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "already been confirmed" in again.get_data(as_text=True)
    assert aggregates(app, practitioner.id)[0] == 1


def test_post_without_csrf_is_refused_and_sends_nothing(app, client, make_practitioner, outbox):
    practitioner = make_practitioner()
    response = client.post(f"/practitioners/{practitioner.slug}/reviews/new", data=GOOD)
    assert response.status_code == 400
    assert review_rows(app) == [] and outbox() == []


def test_confirm_without_csrf_is_refused(app, client, make_practitioner, outbox):
    practitioner = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, practitioner.slug)
    path = link_in(outbox()[0], "/reviews/manage/")
    assert client.post(path + "/confirm").status_code == 400
    assert [status for _, status, _ in review_rows(app)] == ["unconfirmed"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rating", "0", "from 1 to 5"),
        ("rating", "6", "from 1 to 5"),
        ("rating", "five", "from 1 to 5"),
        ("rating", None, "from 1 to 5"),
        ("body", "x" * 20, "between 30 and 5,000"),
        ("body", "x" * 20_000, "between 30 and 5,000"),
        ("body", "   " + "a" * 25 + "   ", "between 30 and 5,000"),
        ("email", "not-an-address", "valid e-mail"),
        ("email", "", "e-mail address"),
        ("visit_month", "2999-01", "future"),
        ("visit_month", "1999-12", "2000 or later"),
        ("visit_month", "2026-13", "YYYY-MM"),
        ("visit_month", "March 2026", "YYYY-MM"),
        ("display_name", "", "name to show"),
        ("display_name", "x" * 81, "80"),
        ("title", "t" * 121, "120"),
        ("consent", None, "confirm this statement"),
        ("aspect_punctuality", "9", "1 to 5"),
        ("display_name", "    ", "name to show"),
        ("display_name", "\u202eevil\u200b", "ordinary punctuation"),
        ("consent", "no", "confirm this statement"),
        ("visit_month", "\uff11\uff19\uff19\uff19-\uff10\uff13", "YYYY-MM"),
        ("body", " " * 40, "Write your review"),
    ],
)
def test_bad_input_gets_an_error_next_to_the_field(app, client, make_practitioner, outbox, field, value, message):
    practitioner = make_practitioner()
    response = write_review(client, practitioner.slug, **{field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'data-field="{field}">' in html
    error = html.split(f'data-field="{field}">', 1)[1].split("<", 1)[0]
    assert message in error
    assert review_rows(app) == [] and outbox() == []


def test_the_form_explains_itself(client, make_practitioner):
    html = client.get(f"/practitioners/{make_practitioner().slug}/reviews/new").get_data(as_text=True)
    assert "Collection notice" in html and "never shown" in html
    assert "other people's names" in html
    assert 'name="csrf_token"' in html
    for name in ("rating", "title", "body", "display_name", "email", "visit_month", "consent"):
        assert f'name="{name}"' in html


def test_unknown_listing_is_404(client):
    assert client.get("/practitioners/nobody/reviews/new").status_code == 404
    assert client.post("/practitioners/nobody/reviews/new", data=GOOD).status_code in (400, 404)


PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_reviews_is_shown_as_text_everywhere(app, client, make_practitioner, outbox, payload):
    practitioner = make_practitioner(profession="remedial-massage-therapist")
    write_review(
        client,
        practitioner.slug,
        title=payload[:120],
        display_name=payload[:80],
        body=f"Friendly staff and clear fees. {payload} The end.",
    )
    confirm_from_outbox(client, outbox()[0])
    html = client.get(f"/practitioners/{practitioner.slug}").get_data(as_text=True)
    assert payload not in html  # never raw
    assert "&lt;" in html
    # The JSON-LD block is intact (nothing closed it early) and carries the text as data.
    data = json_ld(html)
    assert data["aggregateRating"]["reviewCount"] == 1
    assert payload in data["review"][0]["reviewBody"]
    ld_block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in ld_block
    api = client.get(f"/api/v1/practitioners/{practitioner.slug}/reviews").get_json()
    assert api["results"][0]["title"] == payload[:120]  # JSON carries the text as it was typed
    response = client.get(f"/api/v1/practitioners/{practitioner.slug}/reviews")
    assert response.mimetype == "application/json"


def test_a_second_confirmed_review_replaces_the_first(app, client, make_practitioner, outbox):
    practitioner = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, practitioner.slug, rating="2", body="First version: the wait was long and nobody said why.")
    confirm_from_outbox(client, outbox()[0])
    assert aggregates(app, practitioner.id)[:2] == (1, 2.0)

    write_review(
        client,
        practitioner.slug,
        rating="4",
        email="SAM@example.net",
        body="Second version: they called to apologise and explained the delay.",
    )
    assert aggregates(app, practitioner.id)[:2] == (1, 2.0)  # not until confirmed
    confirm_from_outbox(client, outbox()[-1])
    count, mean, distribution = aggregates(app, practitioner.id)
    assert (count, mean, distribution) == (1, 4.0, (0, 1, 0, 0, 0))
    html = client.get(f"/practitioners/{practitioner.slug}").get_data(as_text=True)
    assert "Second version" in html and "First version" not in html
    assert [status for _, status, _ in review_rows(app)] == ["replaced", "published"]


def test_clinical_outcome_wording_is_held_on_physio_but_published_on_massage(app, client, make_practitioner, outbox):
    body = "She cured my sciatica in two sessions and fixed my shoulder, highly recommended."
    physio = make_practitioner(profession="physiotherapist")
    massage = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, physio.slug, body=body)
    write_review(client, massage.slug, body=body, email="other@example.net")
    physio_mail, massage_mail = outbox()
    response, path = confirm_from_outbox(client, physio_mail)
    status_page = client.get(path).get_data(as_text=True)
    assert "Waiting for a moderator" in status_page
    assert "registered health practitioners" in status_page  # told why, and may revise
    assert aggregates(app, physio.id)[0] == 0
    assert body not in client.get(f"/practitioners/{physio.slug}").get_data(as_text=True)

    confirm_from_outbox(client, massage_mail)
    assert aggregates(app, massage.id)[0] == 1
    assert body in client.get(f"/practitioners/{massage.slug}").get_data(as_text=True)


@pytest.mark.parametrize(
    "rating, body",
    [
        ("1", "He misdiagnosed my shoulder and I felt worse after three sessions of manipulation."),
        ("3", "She explained the diagnosis clearly, though my back is no better after six visits yet."),
        ("2", "My knee feels better, but the fees were never explained and I was overcharged twice."),
    ],
)
def test_negative_and_neutral_clinical_experiences_are_published_on_physio_listings(
    app, client, make_practitioner, outbox, rating, body
):
    physio = make_practitioner(profession="physiotherapist")
    write_review(client, physio.slug, body=body, rating=rating)
    confirm_from_outbox(client, outbox()[0])
    assert [status for _, status, _ in review_rows(app)] == ["published"]
    assert body in client.get(f"/practitioners/{physio.slug}").get_data(as_text=True)


def test_revising_a_held_review_replaces_it(app, client, make_practitioner, outbox):
    physio = make_practitioner(profession="physiotherapist")
    write_review(client, physio.slug, body="He fixed my knee completely, I am cured and back to running.")
    confirm_from_outbox(client, outbox()[0])
    write_review(client, physio.slug, body="Appointments ran on time and each step and fee was explained.")
    confirm_from_outbox(client, outbox()[-1])
    assert [status for _, status, _ in review_rows(app)] == ["replaced", "published"]
    assert aggregates(app, physio.id)[0] == 1


def test_reviewer_can_withdraw_from_the_link(app, client, make_practitioner, outbox):
    practitioner = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, practitioner.slug)
    _, path = confirm_from_outbox(client, outbox()[0])
    assert aggregates(app, practitioner.id)[0] == 1
    page = client.get(path).get_data(as_text=True)
    response = client.post(path + "/withdraw", data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "Withdrawn by you" in response.get_data(as_text=True)
    assert aggregates(app, practitioner.id) == (0, None, (0, 0, 0, 0, 0))
    assert GOOD["body"] not in client.get(f"/practitioners/{practitioner.slug}").get_data(as_text=True)


def test_tampered_or_foreign_links_are_refused(app, client, make_practitioner, outbox):
    practitioner = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, practitioner.slug)
    path = link_in(outbox()[0], "/reviews/manage/")
    tampered = client.get(path[:-3] + "abc")
    assert tampered.status_code == 400
    assert "This link is not valid" in tampered.get_data(as_text=True)  # the reason, not a generic page
    assert client.get("/reviews/manage/not-a-token").status_code == 400
    assert client.post("/reviews/manage/not-a-token/confirm").status_code == 400


def test_an_expired_confirmation_is_refused(app, client, make_practitioner, outbox, runner):
    practitioner = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, practitioner.slug)
    with app.app_context():
        review = db.session.scalars(sa.select(Review)).one()
        review.created_at = review.created_at - timedelta(days=8)
        db.session.commit()
        db.session.remove()
    response, path = confirm_from_outbox(client, outbox()[0], follow=True)
    assert "expired" in response.get_data(as_text=True)
    assert aggregates(app, practitioner.id)[0] == 0
    result = runner.invoke(args=["reviews", "purge-unconfirmed"])
    assert "Deleted 1 " in result.output
    assert review_rows(app) == []


def test_review_json_ld_and_page_never_show_the_email(app, client, make_practitioner, outbox):
    practitioner = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, practitioner.slug, email="secret.person@example.net")
    confirm_from_outbox(client, outbox()[0])
    for url in (
        f"/practitioners/{practitioner.slug}",
        f"/api/v1/practitioners/{practitioner.slug}/reviews",
        f"/api/v1/practitioners/{practitioner.slug}",
        f"/practitioners/{practitioner.slug}?order=lowest",
    ):
        assert "secret.person" not in client.get(url).get_data(as_text=True)


def test_review_posts_are_rate_limited_per_address_and_per_email(app, client, make_practitioner, outbox):
    listings = [make_practitioner(profession="remedial-massage-therapist") for _ in range(21)]
    # Per e-mail: six an hour, whatever the client address and whatever "+tag" is added.
    for i in range(6):
        response = write_review(client_from(app, f"192.0.2.{i + 1}"), listings[i].slug, email=f"BUSY+{i}@example.net")
        assert response.status_code == 302
    response = write_review(client_from(app, "192.0.2.50"), listings[6].slug, email="busy@example.net")
    assert response.status_code == 429
    assert "too many times" in response.get_data(as_text=True)
    # Per client address: twenty an hour, whatever the e-mail; a form sent back with an error does
    # not count, so a patient fixing a typo is not locked out.
    same = client_from(app, "192.0.2.99")
    for _ in range(3):
        assert write_review(same, listings[0].slug, email="p@example.net", body="too short").status_code == 400
    codes = [write_review(same, listings[i].slug, email=f"p{i}@example.net").status_code for i in range(21)]
    assert codes == [302] * 20 + [429]
    assert len(outbox()) == 6 + 20


def test_one_address_cannot_stack_reviews_on_one_listing(app, make_practitioner, outbox):
    """Plus-addressed or different e-mails from one client: the copies are held, not published."""
    listing = make_practitioner(profession="remedial-massage-therapist")
    attacker = client_from(app, "203.0.113.9")
    body = "Terrible service, rude staff and a dirty room. Avoid this place at all costs."
    write_review(attacker, listing.slug, email="attacker+0@gmail.com", rating="1", body=body)
    confirm_from_outbox(attacker, outbox()[-1])
    write_review(attacker, listing.slug, email="someone.else@example.net", rating="1", body=body)
    confirm_from_outbox(attacker, outbox()[-1])
    write_review(
        attacker,
        listing.slug,
        email="third@example.org",
        rating="1",
        body="Another complaint in other words: waited forever and nobody said sorry.",
    )
    confirm_from_outbox(attacker, outbox()[-1])
    write_review(attacker, listing.slug, email="attacker+9@gmail.com", rating="1", body=body + " Again.")
    confirm_from_outbox(attacker, outbox()[-1])
    statuses = [status for _, status, _ in review_rows(app)]
    # The same text from the same address is held, and so is everything else from that address
    # once two other "reviewers" have used it, the first one's new version too (which, being
    # that reviewer's current opinion, replaces their first review at once).
    assert statuses == ["replaced", "held", "held", "held"]
    assert aggregates(app, listing.id)[0] == 0


def test_an_invitation_that_no_longer_works_is_reported_before_anything_is_stored(
    app, client, make_practitioner, outbox
):
    listing = make_practitioner(profession="remedial-massage-therapist")
    response = write_review(client, listing.slug, invite="not-a-real-invite")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "not valid for this listing" in html and "without the invitation" in html
    assert review_rows(app) == [] and outbox() == []
    # Sent again (the page dropped the invitation), the review goes ahead without it.
    assert write_review(client, listing.slug).status_code == 302


def test_copies_submitted_together_are_caught_when_confirmed(app, make_practitioner, outbox):
    """Submit the same text to two listings first, confirm afterwards: the second is held."""
    first, second = (make_practitioner(profession="remedial-massage-therapist") for _ in range(2))
    body = "Wonderful clinic, the best in town, friendly staff and great value for money."
    write_review(client_from(app, "198.51.100.7"), first.slug, email="a@example.net", body=body)
    write_review(client_from(app, "203.0.113.8"), second.slug, email="b@example.org", body=body)
    one, two = outbox()
    confirm_from_outbox(client_from(app, "198.51.100.7"), one)
    confirm_from_outbox(client_from(app, "203.0.113.8"), two)
    assert [status for _, status, _ in review_rows(app)] == ["published", "held"]


def test_a_held_new_version_replaces_the_published_one_at_once(app, client, make_practitioner, outbox):
    listing = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, listing.slug, rating="5", body="Excellent: on time and very clear about the fees.")
    confirm_from_outbox(client, outbox()[-1])
    write_review(
        client,
        listing.slug,
        rating="1",
        body="Update: they now charge extra, call 0412 345 678 to hear it for yourself.",
    )
    confirm_from_outbox(client, outbox()[-1])
    assert [status for _, status, _ in review_rows(app)] == ["replaced", "held"]
    assert aggregates(app, listing.id) == (0, None, (0, 0, 0, 0, 0))


def test_similar_reviews_from_behind_one_proxy_are_published(app, client, make_practitioner, outbox):
    """Behind a reverse proxy (or on localhost) every request shows one address: that address says
    nothing about who wrote what, and reviews sharing a sentence pattern are not copies."""
    listing = make_practitioner(profession="remedial-massage-therapist")
    for i, detail in enumerate(
        (
            "the parking was easy",
            "the room was warm and quiet",
            "she remembered my last visit",
            "the receptionist was lovely",
        )
    ):
        write_review(
            client,
            listing.slug,
            email=f"patient{i}@example.net",
            body=f"My honest review of this clinic: on time, fees explained, and {detail}.",
        )
        confirm_from_outbox(client, outbox()[-1])
    assert [status for _, status, _ in review_rows(app)] == ["published"] * 4
