"""Reviews confirmed at the same moment, through the views, on SQLite and on PostgreSQL.

Twenty different reviews of one listing: the count grows by exactly twenty. One review
confirmed from ten tabs at once: it is published once and counted once. Real threads, each
with its own client (and so its own session and connection), released together by a barrier.
"""

from __future__ import annotations

import threading

import sqlalchemy as sa

from directory.extensions import db
from directory.reviews import status
from directory.reviews.models import Review
from tests.helpers import client_from, csrf_token, link_in
from tests.reviews.helpers import aggregates, review_rows, write_review

REVIEWERS = 20
TABS = 10


def _confirm_together(app, paths: list[str]) -> list[int]:
    barrier = threading.Barrier(len(paths))
    statuses: list[int] = []
    lock = threading.Lock()

    def confirm(path: str) -> None:
        client = app.test_client()
        token = csrf_token(client.get(path).get_data(as_text=True))
        barrier.wait(timeout=120)
        response = client.post(path + "/confirm", data={"csrf_token": token})
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=confirm, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads)
    return statuses


def test_twenty_reviews_confirmed_at_once_all_count(app, make_practitioner, outbox):
    listing = make_practitioner(profession="remedial-massage-therapist", reviews=(3,))
    for i in range(REVIEWERS):
        client = client_from(app, f"198.51.100.{i + 1}")  # twenty patients, twenty addresses
        write_review(
            client,
            listing.slug,
            email=f"patient{i}@example.net",
            rating=str(1 + i % 5),
            body=f"Visit {i}: punctual, friendly, and every fee was explained up front, thank you.",
        )
    paths = [link_in(message, "/reviews/manage/") for message in outbox()]
    assert len(paths) == REVIEWERS
    with app.app_context():
        # Twenty reviews in a minute is a burst, and screening holds the later ones; this test is
        # about concurrent publication, so they are all let through.
        assert db.session.scalar(sa.select(sa.func.count()).where(Review.screening_score >= 3)) > 0
        db.session.execute(sa.update(Review).values(screening_score=0, screening=[]))
        db.session.commit()
        db.session.remove()
    statuses = _confirm_together(app, paths)
    assert statuses == [302] * REVIEWERS
    count, mean, distribution = aggregates(app, listing.id)
    assert count == REVIEWERS + 1
    assert distribution == (4, 4, 5, 4, 4)  # 5 … 1 stars: four of each, plus the earlier 3
    with app.app_context():
        assert status.aggregate_differences(db.session) == []
        db.session.remove()


def test_one_review_confirmed_from_ten_tabs_counts_once(app, client, make_practitioner, outbox):
    listing = make_practitioner(profession="remedial-massage-therapist")
    write_review(client, listing.slug)
    path = link_in(outbox()[0], "/reviews/manage/")
    statuses = _confirm_together(app, [path] * TABS)
    assert statuses == [302] * TABS  # one publishes; the others are told it was already confirmed
    assert aggregates(app, listing.id)[0] == 1
    assert [status for _, status, _ in review_rows(app)] == ["published"]
    with app.app_context():
        assert status.aggregate_differences(db.session) == []
        db.session.remove()
