"""``flask import-ratings``: a feed of another source's ratings, matched to listings by slug,
external id or name, practice and postcode; unmatched and ambiguous rows reported; the same file
twice changes nothing; the figures appear labelled on listings and never change our own rating."""

from __future__ import annotations

import csv
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.clock import utcnow
from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.sources.models import ExternalRating

HEADER = "source,source_url,external_id,slug,name,practice_name,postcode,rating,count,retrieved_at"


@pytest.fixture
def feed_source(runner):
    result = runner.invoke(
        args=[
            "sources",
            "add",
            "example-reviews",
            "--name",
            "Example Reviews",
            "--home-url",
            "https://reviews.example.org",
            "--terms-url",
            "https://reviews.example.org/terms",
            "--keep-days",
            "30",
            "--excerpts",
        ]
    )
    assert result.exit_code == 0, result.output
    return "example-reviews"


@pytest.fixture
def listings(make_practitioner):
    harbour = {"name": "Harbour Physio", "postcode": "3065", "suburb": "Fitzroy", "state": "VIC"}
    return {
        "ana": make_practitioner(name="Ana Ruiz", slug="ana-ruiz", practice=harbour, reviews=(5, 4, 3)),
        "ben": make_practitioner(name="Ben Lee", slug="ben-lee", practice=harbour),
        "cai": make_practitioner(
            name="Cai Ng",
            slug="cai-ng",
            profession="remedial-massage-therapist",
            practice={"name": "Bay Massage", "postcode": "2000"},
        ),
    }


def _today() -> str:
    return utcnow().date().isoformat()


def _write(tmp_path, rows, name="feed.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _rows() -> list[str]:
    today = _today()
    return [
        # By slug.
        f"example-reviews,https://reviews.example.org/p/1,ER-1,ana-ruiz,,,,4.8,120,{today}",
        # By the match key (accents, case and punctuation ignored).
        f"example-reviews,https://reviews.example.org/p/2,ER-2,,CAI NG,bay massage.,2000,4.2,15,{today}T08:30:00+10:00",
        # Two listings at Harbour Physio: ambiguous without a name.
        f"example-reviews,,ER-3,,,Harbour Physio,3065,3.9,40,{today}",
        # Nobody of that name there.
        f"example-reviews,,ER-4,,Dee Oh,Island Physio,6725,4.0,3,{today}",
        # Refused: not an average from 1 to 5.
        f"example-reviews,,ER-5,ben-lee,,,,7,10,{today}",
    ]


def _events(app) -> int:
    with app.app_context():
        n = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
        db.session.remove()
    return n


def test_the_same_feed_twice_changes_nothing_and_problems_are_reported(app, runner, tmp_path, feed_source, listings):
    path = _write(tmp_path, _rows())
    first = runner.invoke(args=["import-ratings", str(path)])
    assert first.exit_code == 0, first.output
    assert "2 created, 0 updated, 0 unchanged" in first.output
    assert "1 unmatched, 1 ambiguous, 1 rejected" in first.output
    with (tmp_path / "feed.report.csv").open(encoding="utf-8") as handle:
        report = list(csv.DictReader(handle))
    assert [(r["line"], r["outcome"], r["column"]) for r in report] == [
        ("4", "ambiguous", "name"),
        ("5", "unmatched", "name"),
        ("6", "rejected", "rating"),
    ]
    assert "Ana Ruiz at Harbour Physio" in report[0]["reason"] and "Ben Lee at Harbour Physio" in report[0]["reason"]
    events = _events(app)

    again = runner.invoke(args=["import-ratings", str(path)])
    assert "0 created, 0 updated, 2 unchanged" in again.output, again.output
    assert _events(app) == events
    with app.app_context():
        links = db.session.scalars(sa.select(ExternalRating).order_by(ExternalRating.external_id)).all()
        assert [(link.external_id, link.rating, link.rating_count, link.linked_by) for link in links] == [
            ("ER-1", 4.8, 120, "import"),
            ("ER-2", 4.2, 15, "import"),
        ]
        db.session.remove()


def test_a_linked_page_is_found_by_its_id_and_another_page_is_refused(app, runner, tmp_path, feed_source, listings):
    runner.invoke(args=["import-ratings", str(_write(tmp_path, _rows()[:1]))])
    later = (utcnow() + timedelta(minutes=1)).isoformat()
    rows = [
        f"example-reviews,,ER-1,,,,,4.7,131,{later}",  # the id alone: the listing linked to it
        f"example-reviews,,ER-9,ana-ruiz,,,,2.0,2,{_today()}",  # another page for Ana on this source
    ]
    result = runner.invoke(args=["import-ratings", str(_write(tmp_path, rows, "second.csv"))])
    assert "0 created, 1 updated, 0 unchanged" in result.output and "1 rejected" in result.output, result.output
    assert "linked to another page on Example Reviews (ER-1)" in result.output
    with app.app_context():
        link = db.session.scalars(sa.select(ExternalRating)).one()
        assert (link.rating, link.rating_count) == (4.7, 131)
        db.session.remove()


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("nosuch,,X,ana-ruiz,,,,4,1,{today}", "source"),
        ("example-reviews,,X,ana-ruiz,,,,4,0,{today}", "count"),
        ("example-reviews,,X,ana-ruiz,,,,4,1,2000-01-01", "retrieved_at"),  # past the 30 days the terms allow
        ("example-reviews,,X,ana-ruiz,,,,4,1,2999-01-01", "retrieved_at"),
        ("example-reviews,javascript:alert(1),X,ana-ruiz,,,,4,1,{today}", "source_url"),
        ("example-reviews,,,ana-ruiz,,,,4,1,{today}", "external_id"),
        ("example-reviews,,X\x00,ana-ruiz,,,,4,1,{today}", "external_id"),
    ],
)
def test_bad_rows_are_refused_and_write_nothing(app, runner, tmp_path, feed_source, listings, row, column):
    result = runner.invoke(args=["import-ratings", str(_write(tmp_path, [row.format(today=_today())]))])
    assert "1 rejected" in result.output, result.output
    with (tmp_path / "feed.report.csv").open(encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["column"] == column
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ExternalRating)) == 0
        db.session.remove()


def test_unreadable_feeds_are_refused(app, runner, tmp_path, feed_source):
    short = tmp_path / "short.csv"
    short.write_text("source,rating\nexample-reviews,4\n", encoding="utf-8")
    result = runner.invoke(args=["import-ratings", str(short)])
    assert result.exit_code != 0 and "Missing columns: external_id, count, retrieved_at" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert "is not JSON" in runner.invoke(args=["import-ratings", str(broken)]).output


def test_external_ratings_appear_labelled_and_never_change_our_own(
    app, runner, client, tmp_path, feed_source, listings
):
    runner.invoke(args=["import-ratings", str(_write(tmp_path, _rows()))])
    html = client.get("/practitioners/ana-ruiz").get_data(as_text=True)
    ours = html.split('data-testid="rating-ours"')[1].split("</li>")[0]
    assert "On MoveWell (our own reviews):" in ours and "4.0 out of 5 from 3 reviews" in ours
    theirs = html.split('data-testid="rating-example-reviews"')[1].split("</li>")[0]
    assert 'href="https://reviews.example.org/p/1"' in theirs and "Example Reviews" in theirs
    assert "4.8 out of 5 from 120 ratings" in theirs and "as read on" in theirs
    assert html.index('data-testid="rating-ours"') < html.index('data-testid="rating-example-reviews"')
    combined = html.split('data-testid="rating-combined"')[1].split("</p>")[0]
    assert "4.8 out of 5 from 123 ratings" in combined and "weighted by the number of ratings" in combined
    # Our own figures are untouched: the stored aggregates, the review summary and the API.
    with app.app_context():
        ana = db.session.scalars(sa.select(Practitioner).where(Practitioner.slug == "ana-ruiz")).one()
        assert (ana.rating_count, ana.rating_mean) == (3, 4.0)
        db.session.remove()
    assert 'data-testid="rating-mean">4.0<' in html and 'data-testid="rating-count">3<' in html
    assert client.get("/api/v1/practitioners/ana-ruiz").get_json()["rating"] == {
        "source": "movewell",
        "average": 4.0,
        "count": 3,
    }
    assert runner.invoke(args=["reviews", "verify-aggregates"]).exit_code == 0
    # A listing without other sources shows no such block at all.
    assert 'data-testid="ratings-elsewhere"' not in client.get("/practitioners/ben-lee").get_data(as_text=True)


def test_search_sorts_and_filters_by_our_own_rating_only(app, runner, client, tmp_path, feed_source, make_practitioner):
    low = make_practitioner(name="Low Here", slug="low-here", reviews=(3, 3, 3, 3, 3), practice={"postcode": "2000"})
    make_practitioner(name="High Here", slug="high-here", reviews=(4, 4, 4, 4, 4), practice={"postcode": "2000"})
    row = f"example-reviews,,ER-LOW,{low.slug},,,,5.0,5000,{_today()}"
    runner.invoke(args=["import-ratings", str(_write(tmp_path, [row]))])
    results = client.get("/api/v1/practitioners?near=2000&sort=rating").get_json()["results"]
    assert [r["slug"] for r in results] == ["high-here", "low-here"]
    filtered = client.get("/api/v1/practitioners?near=2000&min_rating=3.5").get_json()["results"]
    assert [r["slug"] for r in filtered] == ["high-here"]
    page = client.get("/search?near=2000&sort=rating").get_data(as_text=True)
    assert page.index("High Here") < page.index("Low Here")


def test_excerpts_only_where_the_terms_allow_and_never_a_testimonial(
    app, runner, client, tmp_path, feed_source, listings
):
    today = _today()
    excerpts = [
        {"author": "Sam", "date": today, "text": "Friendly front desk and always on time."},
        {"author": "Kim", "date": today, "text": "My back pain is completely gone after two sessions!"},
    ]
    feed = {
        "ratings": [
            {
                "source": "example-reviews",
                "external_id": "ER-1",
                "slug": "ana-ruiz",
                "rating": 4.5,
                "count": 8,
                "retrieved_at": today,
                "source_url": "https://reviews.example.org/p/1",
                "excerpts": excerpts,
            },
        ]
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    result = runner.invoke(args=["import-ratings", str(path)])
    assert "1 created" in result.output and "1 excerpts left out" in result.output, result.output
    html = client.get("/practitioners/ana-ruiz").get_data(as_text=True)
    assert "Friendly front desk and always on time." in html and "completely gone" not in html
    # Terms changed to forbid excerpts: the next figure carries none.
    runner.invoke(
        args=[
            "sources",
            "add",
            "example-reviews",
            "--name",
            "Example Reviews",
            "--home-url",
            "https://reviews.example.org",
            "--keep-days",
            "30",
            "--no-excerpts",
        ]
    )
    assert "Friendly front desk" not in client.get("/practitioners/ana-ruiz").get_data(as_text=True)


def test_a_stale_figure_is_hidden_then_deleted(app, runner, client, tmp_path, feed_source, listings):
    runner.invoke(args=["import-ratings", str(_write(tmp_path, _rows()[:1]))])
    with app.app_context():
        db.session.execute(sa.update(ExternalRating).values(retrieved_at=utcnow() - timedelta(days=31)))
        db.session.commit()
        db.session.remove()
    assert 'data-testid="ratings-elsewhere"' not in client.get("/practitioners/ana-ruiz").get_data(as_text=True)
    result = runner.invoke(args=["sources", "refresh"])
    assert "Deleted 1 figures past their source's caching limit." in result.output, result.output
    with app.app_context():
        link = db.session.scalars(sa.select(ExternalRating)).one()
        assert (link.external_id, link.rating, link.rating_count, link.retrieved_at) == ("ER-1", None, None, None)
        db.session.remove()


def test_the_listing_page_stays_within_its_statement_budget(
    app, runner, client, tmp_path, feed_source, listings, count_queries
):
    runner.invoke(args=["import-ratings", str(_write(tmp_path, _rows()))])
    client.get("/practitioners/ana-ruiz")  # warm the per-process caches
    with count_queries() as with_sources:
        client.get("/practitioners/ana-ruiz")
    with count_queries() as without:
        client.get("/practitioners/ben-lee")
    assert len(with_sources) == len(without) <= 5, with_sources
