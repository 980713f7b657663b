"""The contact-changes queue: new practice phone numbers and e-mail addresses wait for a decision."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.claims.models import ContactChange
from directory.extensions import db
from directory.practitioners.models import Practice
from tests.helpers import csrf_token, page_token


@pytest.fixture
def listing(make_practitioner):
    return make_practitioner(name="Pat Phone")


@pytest.fixture
def requester(make_user):
    return make_user(email="pat@example.org")


def _read(app, change_id, practice_id):
    with app.app_context():
        status = db.session.scalar(sa.select(ContactChange.status).where(ContactChange.id == change_id))
        phone = db.session.scalar(sa.select(Practice.phone).where(Practice.id == practice_id))
        db.session.remove()
    return status, phone


def test_the_queue_lists_pending_changes(admin_client, listing, requester, make_contact_change):
    make_contact_change(listing, requester, new_value="(02) 5550 4321")
    make_contact_change(listing, requester, field="email", new_value="new@practice.example")
    html = admin_client.get("/admin/contact-changes").get_data(as_text=True)
    assert "(02) 5550 4321" in html and "new@practice.example" in html and "pat@example.org" in html
    assert html.count("data-change-id=") == 2


def test_approving_a_phone_change(app, admin_client, listing, requester, make_contact_change, outbox, events):
    change_id = make_contact_change(listing, requester, new_value="(02) 5550 4321")
    token = page_token(admin_client, "/admin/contact-changes")
    response = admin_client.post(f"/admin/contact-changes/{change_id}/approve", data={"csrf_token": token})
    assert response.status_code == 302
    assert _read(app, change_id, listing.practice_id) == ("confirmed", "(02) 5550 4321")
    assert [m["To"] for m in outbox()] == ["pat@example.org"]
    assert events()


def test_rejecting_needs_a_reason(app, admin_client, listing, requester, make_contact_change, state):
    change_id = make_contact_change(listing, requester)
    before = state()
    token = page_token(admin_client, "/admin/contact-changes")
    response = admin_client.post(f"/admin/contact-changes/{change_id}/reject", data={"csrf_token": token})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="rejectcontactchange-{change_id}-reason-error"' in html
    assert state() == before
    response = admin_client.post(
        f"/admin/contact-changes/{change_id}/reject",
        data={"csrf_token": csrf_token(html), "reason": "Not the practice's number."},
    )
    assert response.status_code == 302
    assert _read(app, change_id, listing.practice_id) == ("rejected", "(02) 5550 1234")


def test_the_queue_runs_a_constant_number_of_queries(
    admin_client, make_practitioner, make_user, make_contact_change, count_queries
):
    def queries() -> int:
        admin_client.get("/admin/contact-changes")  # warm the per-process caches (demo flag)
        with count_queries() as statements:
            assert admin_client.get("/admin/contact-changes").status_code == 200
        return len(statements)

    def add(n: int) -> None:
        for _ in range(n):
            make_contact_change(make_practitioner(), make_user())

    add(1)
    one = queries()
    add(9)
    assert queries() == one
