"""Review services on a real database: aggregates kept in step, replacements, concurrency rules."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.reviews import errors, moderation, owners, status, submission
from directory.reviews.models import Review, ReviewInvite


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield db.session
        db.session.rollback()
        db.session.remove()


def _submit(session, practitioner, rating, email, body=None, client="203.0.113.9"):
    data = submission.ReviewInput(
        rating=rating,
        body=body or f"Rated {rating}: the visit was on time and the fees were explained.",
        display_name="Alex",
        email=email,
        visit_month="2026-02",
    )
    return submission.submit_review(session, practitioner, data, client_address=client)


def test_a_mixed_sequence_leaves_no_difference_from_a_recount(ctx, make_practitioner, make_user):
    """Submits, confirms, replacements, holds, rejections, removals, withdrawals and reports,
    in a seeded random order over three listings; after each step the stored aggregates
    equal a recount from scratch."""
    listings = [
        make_practitioner(profession="remedial-massage-therapist", reviews=(5, 3)),
        make_practitioner(profession="physiotherapist"),
        make_practitioner(profession="remedial-massage-therapist"),
    ]
    admin = make_user(email="mod@example.org", admin=True)
    session = ctx
    from directory.accounts.models import User

    moderator = session.get(User, admin.id)
    practitioners = [session.get(Practitioner, p.id) for p in listings]
    rng = random.Random(20261127)
    emails = [f"person{i}@example.net" for i in range(6)]
    actions = {"submit": 0, "confirm": 0, "publish": 0, "reject": 0, "remove": 0, "withdraw": 0, "replace": 0}
    for step in range(160):
        roll = rng.random()
        reviews = list(session.scalars(sa.select(Review).order_by(Review.id)))
        by_status: dict[str, list[Review]] = {}
        for review in reviews:
            by_status.setdefault(review.status, []).append(review)
        try:
            if roll < 0.35 or not reviews:
                practitioner = rng.choice(practitioners)
                clinical = practitioner.profession.regulated and rng.random() < 0.3
                body = "It cured my back pain completely, a miracle." if clinical else None
                _submit(
                    session,
                    practitioner,
                    rng.randint(1, 5),
                    rng.choice(emails),
                    body=(body or f"Visit {step}: on time, fees explained clearly, friendly reception."),
                )
                actions["submit"] += 1
            elif roll < 0.65 and by_status.get("unconfirmed"):
                review = rng.choice(by_status["unconfirmed"])
                replaced_before = len(by_status.get("replaced", []))
                submission.confirm_review(session, review)
                actions["confirm"] += 1
                if session.scalar(sa.select(sa.func.count()).where(Review.status == "replaced")) > replaced_before:
                    actions["replace"] += 1
            elif roll < 0.75 and by_status.get("held"):
                review = rng.choice(by_status["held"])
                if rng.random() < 0.5:
                    moderation.moderate(session, review, moderator, "publish")
                    actions["publish"] += 1
                else:
                    moderation.moderate(session, review, moderator, "reject", reason="clinical_testimonial")
                    actions["reject"] += 1
            elif roll < 0.85 and by_status.get("published"):
                review = rng.choice(by_status["published"])
                moderation.moderate(session, review, moderator, "remove", reason="off_topic")
                actions["remove"] += 1
            elif by_status.get("published") or by_status.get("held"):
                review = rng.choice(by_status.get("published", []) + by_status.get("held", []))
                submission.withdraw_review(session, review)
                actions["withdraw"] += 1
        except errors.ReviewError:
            session.rollback()
            continue
        session.commit()
        assert status.aggregate_differences(session) == [], f"after step {step}"
    assert all(n > 0 for n in actions.values()), actions
    # One published review per reviewer and listing, always.
    published = session.execute(
        sa.select(Review.practitioner_id, Review.email, sa.func.count())
        .where(Review.status == "published")
        .group_by(Review.practitioner_id, Review.email)
    ).all()
    assert all(n == 1 for *_, n in published)


def test_verify_aggregates_command_finds_and_fixes_a_difference(app, runner, make_practitioner):
    practitioner = make_practitioner(reviews=(5, 4, 4))
    assert runner.invoke(args=["reviews", "verify-aggregates"]).exit_code == 0
    with app.app_context():
        db.session.execute(
            sa.update(Practitioner).where(Practitioner.id == practitioner.id).values(rating_count=7, rating_5=5)
        )
        db.session.commit()
    result = runner.invoke(args=["reviews", "verify-aggregates"])
    assert result.exit_code == 1 and f"practitioner {practitioner.id}" in result.output
    assert runner.invoke(args=["reviews", "verify-aggregates", "--fix"]).exit_code == 0
    result = runner.invoke(args=["reviews", "verify-aggregates"])
    assert result.exit_code == 0 and "All rating aggregates match" in result.output


def test_the_database_allows_one_published_review_per_email(ctx, make_practitioner, make_review):
    practitioner = make_practitioner()
    make_review(practitioner, email="same@example.net")
    with pytest.raises(sa.exc.IntegrityError):
        make_review(practitioner, email="same@example.net")


def test_the_same_review_cannot_be_published_twice(ctx, make_practitioner):
    """Two confirmations of one review (two tabs): the second is refused, the count grows once."""
    practitioner = ctx.get(Practitioner, make_practitioner(profession="remedial-massage-therapist").id)
    review = _submit(ctx, practitioner, 5, "twice@example.net")
    ctx.commit()
    submission.confirm_review(ctx, review)
    ctx.commit()
    stale = submission.ReviewInput  # noqa: F841  (the second request reads the row afresh)
    with pytest.raises(errors.ReviewError):
        submission.confirm_review(ctx, review)
    # A conditional UPDATE refuses even when Python believed the review was still unconfirmed.
    assert status.set_status(ctx, review, "published", ("unconfirmed",)) is False
    ctx.commit()
    assert ctx.get(Practitioner, practitioner.id).rating_count == 1
    assert status.aggregate_differences(ctx) == []


def test_invites_are_single_use_and_label_invited_reviews(ctx, make_practitioner, make_user, set_owner):
    listing = make_practitioner(profession="remedial-massage-therapist")
    owner = make_user(email="owner@example.org")
    set_owner(listing, owner)
    from directory.accounts.models import User

    practitioner = ctx.get(Practitioner, listing.id)
    user = ctx.get(User, owner.id)
    invite, token = owners.create_invite(ctx, practitioner, user)
    ctx.commit()

    def data(email):
        return submission.ReviewInput(
            rating=5,
            body="On time, clear about fees and very friendly staff.",
            display_name="Jo",
            email=email,
            visit_month="2026-01",
        )

    # A mistyped address: the patient submits again with the same link.
    typo = submission.submit_review(
        ctx, practitioner, data("jo@exmaple.net"), client_address="198.51.100.1", invite_token=token
    )
    ctx.commit()
    review = submission.submit_review(
        ctx, practitioner, data("jo@example.net"), client_address="198.51.100.1", invite_token=token
    )
    ctx.commit()
    assert typo.invite_id == review.invite_id == invite.id
    assert ctx.get(ReviewInvite, invite.id).used_at is None  # used up only on confirmation
    submission.confirm_review(ctx, review)
    ctx.commit()
    assert review.labels == ["invited-by-practice", "confirmed-email"]
    assert ctx.get(ReviewInvite, invite.id).used_at is not None
    # Whoever confirms second keeps their review, without the label.
    submission.confirm_review(ctx, typo)
    ctx.commit()
    assert typo.invite_id is None and typo.labels == ["confirmed-email"]
    with pytest.raises(errors.InvalidInvite):
        submission.submit_review(
            ctx, practitioner, data("other@example.net"), client_address="198.51.100.1", invite_token=token
        )
    ctx.rollback()
    other = ctx.get(Practitioner, make_practitioner().id)
    _, other_token = owners.create_invite(ctx, practitioner, user)
    with pytest.raises(errors.InvalidInvite):
        owners.find_invite(ctx, other, other_token)  # an invite is for its own listing only


def test_plus_addresses_are_one_reviewer(ctx, make_practitioner):
    practitioner = ctx.get(Practitioner, make_practitioner(profession="remedial-massage-therapist").id)
    first = _submit(ctx, practitioner, 1, "Jo.Citizen+a@gmail.com")
    submission.confirm_review(ctx, first)
    second = _submit(
        ctx,
        practitioner,
        2,
        "jocitizen+b@googlemail.com",
        body="A different text: the reception was friendly and the fees were clear.",
    )
    submission.confirm_review(ctx, second)
    ctx.commit()
    ctx.refresh(first)
    assert first.status == "replaced" and second.status == "published"
    assert ctx.get(Practitioner, practitioner.id).rating_count == 1


def test_the_review_link_does_not_carry_the_address(ctx, make_practitioner):
    import base64
    import json

    practitioner = ctx.get(Practitioner, make_practitioner().id)
    review = _submit(ctx, practitioner, 4, "private.person@example.net")
    ctx.commit()
    token = submission.review_token(review)
    payload = token.split(".", 1)[0]
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert "private" not in json.dumps(decoded) and decoded["review"] == review.id
    assert submission.review_from_token(ctx, token).id == review.id


def test_an_invite_whose_first_review_was_withdrawn_still_works(ctx, make_practitioner, make_user, set_owner):
    listing = make_practitioner(profession="remedial-massage-therapist")
    owner = make_user(email="owner2@example.org")
    set_owner(listing, owner)
    from directory.accounts.models import User

    practitioner = ctx.get(Practitioner, listing.id)
    _, token = owners.create_invite(ctx, practitioner, ctx.get(User, owner.id))
    ctx.commit()
    data = submission.ReviewInput(
        rating=4,
        body="Friendly, on time and the fees were clearly explained.",
        display_name="Kim",
        email="kim@example.net",
        visit_month="2026-01",
    )
    first = submission.submit_review(ctx, practitioner, data, client_address="198.51.100.2", invite_token=token)
    ctx.commit()
    submission.withdraw_review(ctx, first)
    ctx.commit()
    again = submission.submit_review(ctx, practitioner, data, client_address="198.51.100.2", invite_token=token)
    ctx.commit()
    submission.confirm_review(ctx, again)
    ctx.commit()
    assert again.labels == ["invited-by-practice", "confirmed-email"]
