"""``flask create-admin EMAIL``: new accounts, promotions, and refusals without tracebacks."""

import sqlalchemy as sa

from directory.accounts.models import User
from directory.accounts.passwords import verify_password
from directory.extensions import db

STRONG = "plum kettle orbit lantern"


def _user(app, email):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        db.session.remove()
    return user


def test_creates_a_confirmed_administrator(app, runner, events):
    result = runner.invoke(args=["create-admin", "  Boss@Example.ORG ", "--password", STRONG])
    assert result.exit_code == 0, result.output
    assert "Created administrator boss@example.org" in result.output
    user = _user(app, "boss@example.org")
    assert user.is_admin and user.email_confirmed
    assert user.password_hash.startswith("$argon2id$") and verify_password(user.password_hash, STRONG)
    [event] = events("admin.")
    assert event.action == "admin.created" and event.actor_id is None
    assert event.details["user_id"] == user.id


def test_prompts_twice_for_the_password_when_it_is_not_given(app, runner):
    result = runner.invoke(args=["create-admin", "prompted@example.org"], input=f"{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert STRONG not in result.output  # hidden input
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert verify_password(_user(app, "prompted@example.org").password_hash, STRONG)


def test_promotes_an_existing_account_and_keeps_its_password(app, runner, make_user, events):
    existing = make_user(email="practitioner@example.org")
    result = runner.invoke(args=["create-admin", "Practitioner@example.org"])
    assert result.exit_code == 0, result.output
    assert "now an administrator" in result.output
    user = _user(app, "practitioner@example.org")
    assert user.is_admin and user.id == existing.id
    assert verify_password(user.password_hash, existing.password)
    assert [e.action for e in events("admin.")] == ["admin.promoted"]
    assert events("admin.")[0].actor_id is None


def test_promoting_with_a_password_sets_it(app, runner, make_user):
    make_user(email="second@example.org")
    result = runner.invoke(args=["create-admin", "second@example.org", "--password", STRONG])
    assert result.exit_code == 0, result.output
    assert verify_password(_user(app, "second@example.org").password_hash, STRONG)


def test_an_existing_administrator_is_left_alone(app, runner, make_user, events):
    make_user(email="already@example.org", admin=True)
    result = runner.invoke(args=["create-admin", "already@example.org"])
    assert result.exit_code == 0 and "nothing changed" in result.output
    assert events("admin.") == []


def test_a_weak_password_is_refused(app, runner):
    for weak in ("short", "password1234", "aaaaaaaaaaaaaaaa"):
        result = runner.invoke(args=["create-admin", "weak@example.org", "--password", weak])
        assert result.exit_code == 2, (weak, result.output)
        assert "Invalid value for --password" in result.output and "Traceback" not in result.output
    assert _user(app, "weak@example.org") is None


def test_a_weak_prompted_password_is_refused(app, runner):
    result = runner.invoke(args=["create-admin", "weak@example.org"], input="short\nshort\n")
    assert result.exit_code != 0 and "at least 12 characters" in result.output
    assert _user(app, "weak@example.org") is None


def test_a_bad_email_is_refused(app, runner, events):
    for bad in ("not-an-address", "two@@example.org", "someone@", ""):
        result = runner.invoke(args=["create-admin", bad, "--password", STRONG])
        assert result.exit_code == 2, (bad, result.output)
        assert "Invalid value for EMAIL" in result.output
        assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
    assert events() == []
