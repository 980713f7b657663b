"""The audit log page: newest first, filters, and details shown as text, never as markup."""

from __future__ import annotations

import pytest

from directory.audit.services import record
from directory.extensions import db


@pytest.fixture
def log(app):
    def add(action, actor=None, practitioner=None, claim_id=None, **details):
        with app.app_context():
            event = record(
                db.session,
                action,
                actor_id=actor.id if actor else None,
                practitioner_id=practitioner.id if practitioner else None,
                claim_id=claim_id,
                **details,
            )
            db.session.commit()
            event_id = event.id
            db.session.remove()
        return event_id

    return add


def test_the_log_shows_events_newest_first(admin_client, admin, make_practitioner, log):
    listing = make_practitioner(name="Lee Listing")
    older = log("claim.approved", actor=admin, practitioner=listing, reason="Checked.")
    newer = log("ownership.revoked", actor=admin, practitioner=listing, reason="Lapsed.")
    html = admin_client.get("/admin/audit").get_data(as_text=True)
    assert html.index(f'data-event-id="{newer}"') < html.index(f'data-event-id="{older}"')
    assert "admin@example.org" in html and "Lee Listing" in html and f"/admin/listings/{listing.slug}/ownership" in html
    assert "reason:" in html and "Lapsed." in html


def test_details_are_escaped(admin_client, log):
    log("listing.edited", bio=["old", "<script>alert(1)</script>"], **{"<b>key</b>": "<img src=x onerror=alert(1)>"})
    html = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html and "<b>key</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;key&lt;/b&gt;" in html
    assert "system" in html  # no actor


def test_filters_by_action_prefix_and_listing(admin_client, make_practitioner, log):
    one = make_practitioner()
    two = make_practitioner()
    a = log("claim.approved", practitioner=one)
    b = log("claim.rejected", practitioner=two)
    c = log("ownership.revoked", practitioner=one)
    d = log("claimant_special", practitioner=one)  # "claim." must not match it
    html = admin_client.get("/admin/audit?action=claim.").get_data(as_text=True)
    assert f'data-event-id="{a}"' in html and f'data-event-id="{b}"' in html
    assert f'data-event-id="{c}"' not in html and f'data-event-id="{d}"' not in html
    html = admin_client.get(f"/admin/audit?listing={one.slug}").get_data(as_text=True)
    assert {f'data-event-id="{x}"' in html for x in (a, c, d)} == {True} and f'data-event-id="{b}"' not in html
    html = admin_client.get(f"/admin/audit?listing={one.slug}&action=claim").get_data(as_text=True)
    assert html.count("data-event-id=") == 2
    html = admin_client.get("/admin/audit?action=%25").get_data(as_text=True)  # a LIKE wildcard is literal
    assert html.count("data-event-id=") == 0


def test_the_log_is_paginated_and_keeps_filters(admin_client, log):
    for i in range(53):
        log("claim.code_sent", n=i)
    html = admin_client.get("/admin/audit?action=claim.").get_data(as_text=True)
    assert html.count("data-event-id=") == 50
    assert "page=2" in html and "action=claim." in html
    assert admin_client.get("/admin/audit?action=claim.&page=2").get_data(as_text=True).count("data-event-id=") == 3


def test_the_log_runs_a_constant_number_of_queries(admin_client, make_practitioner, make_user, log, count_queries):
    def queries() -> int:
        admin_client.get("/admin/audit")  # warm the per-process caches (demo flag)
        with count_queries() as statements:
            assert admin_client.get("/admin/audit").status_code == 200
        return len(statements)

    log("claim.approved", actor=make_user(), practitioner=make_practitioner())
    one = queries()
    for _ in range(9):
        log("claim.approved", actor=make_user(), practitioner=make_practitioner())
    assert queries() == one


def test_the_overview_counts_the_queues(admin_client, make_practitioner, make_user, make_claim):
    practitioner = make_practitioner()
    for _ in range(3):
        make_claim(practitioner, make_user())
    html = admin_client.get("/admin/").get_data(as_text=True)
    assert "3 waiting" in html
    assert "/admin/claims" in html and "/admin/contact-changes" in html and "/admin/audit" in html
    assert admin_client.get("/admin").status_code in {200, 308}
