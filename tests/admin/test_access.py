"""Only administrators reach the admin area: every route, every method (flaskr's test_login_required)."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer

from directory.corrections.models import ListingCorrection
from directory.reviews.models import ReviewResponse, TakedownRequest
from directory.sources.models import RatingSource, SourceLinkRequest
from tests.helpers import login_as, page_token, store

ROUTES = [
    ("GET", "/admin/"),
    ("GET", "/admin/listings?slug={slug}"),
    ("GET", "/admin/claims"),
    ("POST", "/admin/claims/{claim}/approve"),
    ("POST", "/admin/claims/{claim}/reject"),
    ("GET", "/admin/listings/{slug}/ownership"),
    ("POST", "/admin/listings/{slug}/ownership/transfer"),
    ("POST", "/admin/listings/{slug}/ownership/revoke"),
    ("GET", "/admin/contact-changes"),
    ("POST", "/admin/contact-changes/{change}/approve"),
    ("POST", "/admin/contact-changes/{change}/reject"),
    ("GET", "/admin/audit"),
    ("GET", "/admin/reviews"),
    ("POST", "/admin/reviews/{held}/publish"),
    ("POST", "/admin/reviews/{held}/reject"),
    ("POST", "/admin/reviews/{reported}/keep"),
    ("POST", "/admin/reviews/{reported}/remove"),
    ("GET", "/admin/corrections"),
    ("POST", "/admin/corrections/{correction}/accept"),
    ("POST", "/admin/corrections/{correction}/decline"),
    ("GET", "/admin/listings/{slug}/facts"),
    ("POST", "/admin/listings/{slug}/confirm"),
    ("GET", "/admin/credentials"),
    ("POST", "/admin/credentials/{listing}/current"),
    ("POST", "/admin/credentials/{listing}/not_current"),
    ("GET", "/admin/requests"),
    ("POST", "/admin/requests/new"),
    ("POST", "/admin/requests/{request}/decide"),
    ("GET", "/admin/responses"),
    ("POST", "/admin/responses/{response}/publish"),
    ("POST", "/admin/responses/{response}/reject"),
    ("GET", "/admin/sources"),
    ("POST", "/admin/sources/{link}/approve"),
    ("POST", "/admin/sources/{link}/reject"),
]


def test_every_admin_route_is_listed_here(app):
    """A new admin route must be added to ROUTES, so the access tests below cover it."""
    covered = {
        (
            method,
            path.split("?")[0]
            .replace("{claim}", "<int:claim_id>")
            .replace("{change}", "<int:change_id>")
            .replace("{slug}", "<slug>")
            .replace("{held}", "<int:review_id>")
            .replace("{reported}", "<int:review_id>")
            .replace("{response}", "<int:response_id>")
            .replace("{listing}", "<int:practitioner_id>")
            .replace("{correction}", "<int:correction_id>")
            .replace("{request}", "<int:request_id>")
            .replace("{link}", "<int:request_id>"),
        )
        for method, path in ROUTES
    }
    registered = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert registered == covered


@pytest.fixture
def targets(app, make_practitioner, make_user, make_claim, make_contact_change, set_owner, make_review):
    """A listing with an owner, a pending claim on it, a pending contact change, a held review and
    a reported one."""
    practitioner = make_practitioner(registration_number="PHY0001234567")
    owner = make_user(email="owner@example.org")
    claimant = make_user(email="claimant@example.org")
    other = make_user(email="other@example.org")
    set_owner(practitioner, owner)
    answered = make_review(practitioner)
    response = store(app, ReviewResponse(review_id=answered, body="Glad your back is better.", status="held"))
    correction = store(
        app,
        ListingCorrection(practitioner_id=practitioner.id, field="hours", description="Closed on Mondays now."),
    )
    takedown = store(
        app,
        TakedownRequest(
            review_id=answered,
            requester_role="practitioner",
            grounds="defamation",
            details="The review says things that did not happen.",
            requester_name="Owner",
            requester_email="owner@example.org",
        ),
    )
    source = store(
        app,
        RatingSource(slug="example", name="Example", home_url="https://example.org", kind="feed", max_age_hours=24),
    )
    link = store(
        app,
        SourceLinkRequest(
            source_id=source, practitioner_id=practitioner.id, external_id="X1", requested_by_id=owner.id
        ),
    )
    return {
        "answered": answered,
        "link": link,
        "request": takedown,
        "correction": correction,
        "listing": practitioner.id,
        "response": response,
        "slug": practitioner.slug,
        "claim": make_claim(practitioner, claimant, contested=True),
        "change": make_contact_change(practitioner, owner),
        "other": other.email,
        "held": make_review(practitioner, status="held"),
        "reported": make_review(practitioner, reports=("off_topic",)),
    }


def _mint_csrf(app, client) -> str:
    """A valid CSRF token for this client's session, made the way Flask-WTF makes one.

    Visitors who may not open an admin page have no admin form to copy a token from; a token
    that is valid for their session shows that the refusal comes from the access check, not CSRF.
    """
    raw = "a" * 40
    with client.session_transaction() as session:
        session["csrf_token"] = raw
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def _request(client, method, path, targets, token):
    url = path.format(**targets)
    if method == "GET":
        return client.get(url)
    reason = {"/reviews/": "off_topic", "/responses/": "clinical_claim"}.get(
        next((part for part in ("/reviews/", "/responses/") if part in path), ""), "Because."
    )
    data = {"csrf_token": token, "reason": reason, "note": "Because.", "email": targets["other"], "outcome": "kept"}
    if path.endswith("/requests/new"):  # a request received by e-mail, recorded in full
        data |= {
            "received_via": "email",
            "review": str(targets["answered"]),
            "requester_role": "practitioner",
            "grounds": "defamation",
            "details": "The review states things that did not happen at the practice.",
            "requester_name": "Owner",
            "requester_email": "owner@example.org",
        }
    return client.post(url, data=data)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_the_login_page(app, client, targets, state, method, path):
    before = state()
    token = _mint_csrf(app, client)
    response = _request(client, method, path, targets, token)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")
    assert "next=" in response.headers["Location"]
    assert state() == before


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_other_accounts_are_refused(app, client, make_user, targets, state, method, path):
    login_as(client, make_user(email="visitor@example.org"))
    before = state()
    token = _mint_csrf(app, client)
    response = _request(client, method, path, targets, token)
    assert response.status_code == 403  # not 400: the CSRF token was valid
    assert state() == before


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_administrators_get_in(app, admin_client, targets, method, path):
    token = page_token(admin_client, "/admin/claims")
    response = _request(admin_client, method, path, targets, token)
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert not response.headers["Location"].startswith("/account/login")


@pytest.mark.parametrize("path", [path for method, path in ROUTES if method == "POST"])
def test_posts_without_a_csrf_token_are_refused(admin_client, targets, state, path):
    before = state()
    response = admin_client.post(path.format(**targets), data={"reason": "Because.", "email": targets["other"]})
    assert response.status_code == 400
    assert state() == before


def test_unknown_ids_are_404(admin_client, make_practitioner):
    token = page_token(admin_client, f"/admin/listings/{make_practitioner().slug}/ownership")
    assert admin_client.get("/admin/listings/no-such-listing/ownership").status_code == 404
    for path in (
        "/admin/claims/999999/approve",
        "/admin/claims/999999/reject",
        "/admin/contact-changes/999999/approve",
        "/admin/contact-changes/999999/reject",
        "/admin/listings/no-such-listing/ownership/transfer",
        "/admin/listings/no-such-listing/ownership/revoke",
    ):
        assert admin_client.post(path, data={"csrf_token": token, "reason": "x"}).status_code == 404, path


def test_posts_are_rate_limited(app, admin_client, targets):
    app.config["RATELIMIT_ADMIN"] = "3/hour"
    try:
        token = page_token(admin_client, "/admin/claims")
        url = f"/admin/claims/{targets['claim']}/reject"
        statuses = [admin_client.post(url, data={"csrf_token": token, "reason": ""}).status_code for _ in range(4)]
    finally:
        del app.config["RATELIMIT_ADMIN"]
    assert statuses == [400, 400, 400, 429]
    assert admin_client.get("/admin/claims").status_code == 200  # reading is not limited


@pytest.mark.parametrize(
    "path",
    [
        "/admin/claims",
        "/admin/contact-changes",
        "/admin/reviews",
        "/admin/responses",
        "/admin/requests",
        "/admin/corrections",
        "/admin/credentials",
        "/admin/sources",
        "/admin/audit",
    ],
)
@pytest.mark.parametrize("page", ["²", "٣", "99999", "-1", "x"])
def test_a_page_number_that_is_not_ascii_digits_is_the_first_page(admin_client, path, page):
    # "²".isdigit() is True but int("²") fails: this was a 500 before the one pagination.
    response = admin_client.get(path, query_string={"page": page})
    assert response.status_code == 200
