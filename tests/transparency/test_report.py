"""/transparency: every figure counted from the audit log, checked against a direct count of the
rows the events describe (reviews, reports, claims, requests, responses, corrections)."""

from __future__ import annotations

import re
import statistics
from datetime import timedelta

import sqlalchemy as sa

from directory.accounts.models import User
from directory.claims import decisions
from directory.claims import services as claim_services
from directory.claims.models import Claim
from directory.clock import as_utc, utcnow
from directory.corrections import services as corrections
from directory.corrections.models import ListingCorrection
from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.reviews import disputes, moderation, owners, submission
from directory.reviews.models import Review, ReviewReport, ReviewResponse, TakedownRequest
from directory.transparency.report import MONTHS, build, month_keys

COLUMNS = ("received", "published", "held", "rejected", "removed", "withdrawn", "reported")


def _write(session, practitioner, n, body, rating=5, email="w{}@example.net"):
    """Submit and confirm a review as its writer does. Returns it."""
    review = submission.submit_review(
        session,
        practitioner,
        submission.ReviewInput(
            rating=rating, body=body, display_name="Writer", email=email.format(n), visit_month="2026-05"
        ),
        client_address=f"203.0.113.{n}",
    )
    submission.confirm_review(session, review)
    return review


def _earlier(session, model, row_id, column, hours):
    """Move a timestamp back, as if the step happened ``hours`` ago."""
    session.execute(
        sa.update(model.__table__)
        .where(model.__table__.c.id == row_id)
        .values({column: utcnow() - timedelta(hours=hours)})
    )


def _scenario(app, make_practitioner, make_user):
    """A month of a small directory's life, through the services."""
    physio = make_practitioner(profession="physiotherapist")
    massage = make_practitioner(profession="remedial-massage-therapist")
    owner = make_user(email="owner@example.org")
    claimant = make_user(email="claimant@example.org")
    admin_row = make_user(email="moderator@example.org", admin=True)
    with app.app_context():
        s = db.session
        admin = s.get(User, admin_row.id)
        p, m = s.get(Practitioner, physio.id), s.get(Practitioner, massage.id)
        clean = [
            _write(s, m, i, f"Review {i}: on time, friendly staff, and the fees were clearly explained.")
            for i in range(1, 6)
        ]
        testimonials = [
            _write(s, p, i, f"Visit {i}: my back feels so much better after these sessions, thank you.")
            for i in range(6, 9)
        ]
        linked = _write(s, m, 9, "Great clinic, more about it at www.some-other-site.com for anyone interested.")
        s.commit()
        # Moderators: publish one testimonial after 2 hours, reject one after 6, reject the link after 10.
        for review, hours in ((testimonials[0], 2), (testimonials[1], 6), (linked, 10)):
            _earlier(s, Review, review.id, "confirmed_at", hours)
        s.commit()
        moderation.moderate(s, testimonials[0], admin, "publish")
        moderation.moderate(s, testimonials[1], admin, "reject", reason="clinical_testimonial")
        moderation.moderate(s, linked, admin, "reject", reason="fake_or_conflict")
        # Reports: one upheld (removed), one dismissed (kept), one closed by a withdrawal, one open.
        reports = []
        for review, reason in (
            (clean[0], "harassment"),
            (clean[1], "fake_or_conflict"),
            (clean[2], "off_topic"),
            (clean[3], "other"),
        ):
            reports.append(
                moderation.report_review(
                    s,
                    review,
                    reason=reason,
                    note="Please check this.",
                    reporter_email=None,
                    user=None,
                    client_address=f"198.51.100.{review.id}",
                )
            )
        s.commit()
        _earlier(s, ReviewReport, reports[0].id, "created_at", 20)
        _earlier(s, ReviewReport, reports[1].id, "created_at", 30)
        s.commit()
        moderation.moderate(s, clean[0], admin, "remove", reason="harassment")
        moderation.moderate(s, clean[1], admin, "keep")
        submission.withdraw_review(s, clean[2])
        submission.withdraw_review(s, clean[4])
        # Claims: one granted by an administrator, then the owner removed; one granted by a code elsewhere.
        claim = claim_services.submit_registration_claim(s, p, s.get(User, claimant.id), "PHY0001234567", "")
        s.commit()
        decisions.approve_claim(s, claim, admin)
        s.commit()
        decisions.revoke_ownership(s, s.get(Practitioner, physio.id), admin, "The practitioner left the practice.")
        s.execute(sa.update(Practitioner).where(Practitioner.id == massage.id).values(owner_id=owner.id))
        # A takedown request kept, another open; a response held and declined; two corrections.
        kept = disputes.receive(
            s,
            review_ref=str(clean[3].id),
            requester_role="practitioner",
            grounds="defamation",
            details="The review states things that never happened here.",
            requester_name="Owner",
            requester_email="owner@example.org",
        )
        disputes.receive(
            s,
            review_ref=str(clean[3].id),
            requester_role="named_person",
            grounds="privacy",
            details="The review mentions my name and my treatment.",
            requester_name="Someone",
            requester_email="someone@example.org",
        )
        s.commit()
        _earlier(s, TakedownRequest, kept.id, "created_at", 48)
        s.commit()
        disputes.decide(s, s.get(TakedownRequest, kept.id), admin, "kept", note="It describes an experience.")
        response, _ = owners.respond(s, clean[3], s.get(User, owner.id), "Glad your back pain is gone!")
        owners.moderate_response(s, response, admin, "reject", reason="clinical_claim")
        first = corrections.report(s, m, field="hours", description="Closed on Mondays now, not open.")
        corrections.report(s, m, field="phone", description="The number has changed this year.")
        corrections.accept(s, first, admin, {}, None, note="Asked the practice to update the hours.")
        s.commit()
        s.remove()


def _direct_counts(app) -> dict:
    """The same figures, counted from the rows themselves rather than from the audit log."""
    with app.app_context():
        s = db.session
        count = lambda model, *where: s.scalar(sa.select(sa.func.count()).select_from(model).where(*where))  # noqa: E731
        reviews = s.scalars(sa.select(Review)).all()
        reports = s.scalars(sa.select(ReviewReport)).all()
        status_of = {r.id: r.status for r in reviews}
        waits = []
        for review in reviews:
            if review.status == "rejected" or (review.status == "published" and review.moderated_at is not None):
                waits.append((as_utc(review.moderated_at) - as_utc(review.confirmed_at)).total_seconds())
        for report in reports:
            if report.status in ("upheld", "dismissed") and status_of[report.review_id] in ("removed", "published"):
                waits.append((as_utc(report.decided_at) - as_utc(report.created_at)).total_seconds())
        result = {
            "received": count(Review, Review.confirmed_at.is_not(None)),
            "published": count(Review, Review.published_at.is_not(None)),
            "held": count(Review, Review.confirmed_at.is_not(None), Review.screening_score >= 3),
            "rejected": count(Review, Review.status == "rejected"),
            "removed": count(Review, Review.status == "removed"),
            "withdrawn": count(Review, Review.status == "withdrawn"),
            "reported": count(ReviewReport),
            "upheld": count(ReviewReport, ReviewReport.status == "upheld"),
            "dismissed": sum(
                1
                for r in reports
                if r.status == "dismissed" and status_of[r.review_id] not in ("withdrawn", "replaced")
            ),
            "moot": sum(
                1 for r in reports if r.status == "dismissed" and status_of[r.review_id] in ("withdrawn", "replaced")
            ),
            "open": count(ReviewReport, ReviewReport.status == "open"),
            "median_hours": round(statistics.median(waits) / 3600, 1),
            "decisions": len(waits),
            "granted": count(Claim, Claim.status == "approved"),
            "revoked": s.scalar(
                sa.select(sa.func.count())
                .select_from(Claim)
                .join(Practitioner, Practitioner.id == Claim.practitioner_id)
                .where(
                    Claim.status == "approved",
                    sa.or_(Practitioner.owner_id.is_(None), Practitioner.owner_id != Claim.user_id),
                )
            ),
            "takedown_kept": count(TakedownRequest, TakedownRequest.outcome == "kept"),
            "takedown_received": count(TakedownRequest),
            "responses_rejected": count(ReviewResponse, ReviewResponse.status == "rejected"),
            "corrections_reported": count(ListingCorrection),
            "corrections_accepted": count(ListingCorrection, ListingCorrection.status == "accepted"),
        }
        s.remove()
        return result


def _cell(html, month, column):
    row = re.search(rf'<tr data-month="{month}">(.*?)</tr>', html, re.S).group(1)
    return int(re.search(rf'data-column="{column}">(\d+)<', row).group(1))


def test_the_figures_match_a_direct_count_of_the_database(app, client, make_practitioner, make_user):
    _scenario(app, make_practitioner, make_user)
    expected = _direct_counts(app)
    html = client.get("/transparency").get_data(as_text=True)
    this_month = month_keys(utcnow())[0]
    reviews = re.search(r'data-testid="reviews-by-month".*?</table>', html, re.S).group(0)
    for column in COLUMNS:
        assert _cell(reviews, "total", column) == expected[column], column
        assert _cell(reviews, this_month, column) == expected[column], column
    assert expected["received"] == 9 and expected["held"] == 4 and expected["reported"] == 4  # the scenario ran

    outcomes = re.search(r'data-testid="report-outcomes".*?</table>', html, re.S).group(0)
    for outcome in ("upheld", "dismissed", "moot", "open"):
        assert int(re.search(rf'data-outcome="{outcome}">(\d+)<', outcomes).group(1)) == expected[outcome], outcome
    median = re.search(r'data-testid="median-decision">.*?\((\d+) in all\).*?<strong>([\d.]+) hours', html, re.S)
    assert int(median.group(1)) == expected["decisions"] and float(median.group(2)) == expected["median_hours"]

    claims = re.search(r'data-testid="claims".*?</table>', html, re.S).group(0)
    assert _cell(claims, "total", "granted") == expected["granted"] == 1
    assert _cell(claims, "total", "revoked") == expected["revoked"] == 1

    report = _report(app)
    assert dict(report.takedown_by_outcome) == {
        "The review stays: it follows the policy and no order requires its removal": expected["takedown_kept"]
    }
    assert sum(n for _, n in report.takedown_by_grounds) == expected["takedown_received"]
    assert report.responses.get("rejected", 0) == expected["responses_rejected"]
    assert report.corrections == {
        "reported": expected["corrections_reported"],
        "accepted": expected["corrections_accepted"],
    }
    assert dict(report.rejected_by_reason) == {
        "Positive clinical testimonial (on a physiotherapist's listing)": 1,
        "Fake, or written with a conflict of interest": 1,
    }
    assert dict(report.removed_by_reason) == {"Harassment, threats or abuse": 1}
    # The review with a link was also the sixth of the day on its listing (a burst): it counts
    # under both reasons, as the page says.
    assert dict(report.held_by_reason) == {
        "A positive clinical testimonial (physiotherapists)": 3,
        "A link or contact details in the text": 1,
        "Checks for fake or conflicted reviews (bursts, copies, one source, the practice itself)": 1,
    }


def _report(app):
    with app.app_context():
        result = build(db.session)
        db.session.remove()
        return result


def test_an_empty_log_shows_twelve_months_of_zeros(client):
    html = client.get("/transparency").get_data(as_text=True)
    months = re.findall(r'<tr data-month="(\d{4}-\d{2})">', html)
    assert months[:MONTHS] == month_keys(utcnow())
    reviews = re.search(r'data-testid="reviews-by-month".*?</table>', html, re.S).group(0)
    assert all(_cell(reviews, "total", column) == 0 for column in COLUMNS)
    assert "No moderator decisions in this period." in html


def test_demo_reviews_are_not_counted(app, client, make_practitioner):
    make_practitioner(reviews=(5, 4, 3), is_demo=True)
    reviews = re.search(
        r'data-testid="reviews-by-month".*?</table>', client.get("/transparency").get_data(as_text=True), re.S
    ).group(0)
    assert _cell(reviews, "total", "published") == 0


def test_the_page_runs_a_constant_number_of_queries(app, client, make_practitioner, make_user, count_queries):
    client.get("/")  # warm the per-process caches (the demo flag)
    with count_queries() as empty:
        client.get("/transparency")
    _scenario(app, make_practitioner, make_user)
    with count_queries() as full:
        client.get("/transparency")
    assert len(empty) == len(full) <= 6
