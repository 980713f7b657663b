"""Command-line tools, through Flask's CLI runner."""

import sqlalchemy as sa

from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.reviews.models import Review


def test_places_load_if_empty_keeps_a_loaded_gazetteer(runner):
    result = runner.invoke(args=["places", "load", "--if-empty"])
    assert result.exit_code == 0 and "already loaded" in result.output


def test_seed_demo_then_if_empty_does_nothing(app, runner):
    result = runner.invoke(args=["seed-demo", "--practitioners", "30", "--reviews", "40", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Seeded 30 practitioners" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Practitioner.id))) == 30
        assert db.session.scalar(sa.select(sa.func.count(Review.id)).where(Review.is_demo.is_(True))) == 40
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and "not seeding" in result.output


def test_seed_demo_refuses_reviews_without_practitioners(runner):
    result = runner.invoke(args=["seed-demo", "--practitioners", "0", "--reviews", "5"])
    assert result.exit_code == 2
    assert "reviews need practitioners" in result.output
