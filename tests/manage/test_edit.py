"""The owner's edit form, through the test client with CSRF on."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.claims.models import ContactChange
from directory.extensions import db
from directory.practitioners.models import Practice, Practitioner
from tests.helpers import csrf_token, join_practice, link_in, login_as, page_token

FITZROY = (-37.8004, 144.9745)


@pytest.fixture
def owned(app, make_practitioner, make_user):
    """A physiotherapist listing in Sydney and its owner, already logged in on ``client``."""
    listing = make_practitioner(
        specialties=("sports-injuries",),
        payers=("private-health",),
        practice={"email": "desk@sydney-physio.example.com", "website": "https://sydney-physio.example.com"},
    )
    owner = make_user()
    with app.app_context():
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == listing.id).values(owner_id=owner.id))
        db.session.commit()
        db.session.remove()
    return listing, owner


def _edit_url(listing) -> str:
    return f"/practitioners/{listing.slug}/edit"


def _form_values(html: str) -> dict:
    """What a browser would submit for the edit form as it stands (inputs, checked boxes, selects, textareas)."""
    values: dict[str, list[str] | str] = {}
    for tag in re.findall(r"<input [^>]+>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        value = re.search(r'value="([^"]*)"', tag)
        if kind == "checkbox":
            if " checked" in tag:
                values.setdefault(name.group(1), []).append(value.group(1) if value else "y")
        else:
            values[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = body.strip()
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body)
        values[name] = (selected.group(1) or selected.group(2)) if selected else ""
    return {
        k: (v.replace("&amp;", "&").replace("&#39;", "'").replace("&#34;", '"') if isinstance(v, str) else v)
        for k, v in values.items()
    }


def _post_edit(client, listing, **changes):
    page = client.get(_edit_url(listing))
    assert page.status_code == 200
    data = _form_values(page.get_data(as_text=True)) | changes
    return client.post(_edit_url(listing), data=data)


def _row(app, model, id_):
    with app.app_context():
        row = db.session.get(model, id_)
        values = {c.key: getattr(row, c.key) for c in sa.inspect(model).column_attrs}
        if model is Practitioner:
            values["specialties"] = sorted(s.slug for s in row.specialties)
            values["payers"] = sorted(p.slug for p in row.payers)
        db.session.remove()
        return values


def _edits(app, listing) -> list[dict]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(AuditEvent.details)
            .where(AuditEvent.action == "listing.edited", AuditEvent.practitioner_id == listing.id)
            .order_by(AuditEvent.id)
        ).all()
        db.session.remove()
        return list(rows)


def test_form_is_filled_from_the_listing(client, owned):
    listing, owner = owned
    login_as(client, owner)
    values = _form_values(client.get(_edit_url(listing)).get_data(as_text=True))
    assert values["bio"] == "Works with people of all ages."
    assert values["specialties"] == ["sports-injuries"] and values["payers"] == ["private-health"]
    assert values["state"] == "NSW" and values["postcode"] == "2000"
    assert values["hours_mon"] == "08:00-17:00" and values["hours_tue"] == ""
    assert values["languages"] == "English"
    assert "csrf_token" in values


def test_saving_nothing_records_nothing(app, client, owned):
    listing, owner = owned
    login_as(client, owner)
    response = _post_edit(client, listing)
    assert response.status_code == 302
    assert "Nothing changed" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _edits(app, listing) == []


def test_edit_is_applied_and_audited_with_only_the_changed_fields(app, client, owned):
    listing, owner = owned
    login_as(client, owner)
    response = _post_edit(
        client,
        listing,
        bio="New bio.",
        specialties=["sports-injuries", "pelvic-health"],
        hours_tue="9:00 - 13:30",
        languages="English, Greek,  greek , Auslan",
        telehealth="y",
        payers=["dva"],
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/practitioners/{listing.slug}")
    row = _row(app, Practitioner, listing.id)
    assert row["bio"] == "New bio." and row["telehealth"] is True
    assert row["hours"] == {"mon": "08:00-17:00", "tue": "09:00-13:30"}
    assert row["languages"] == ["English", "Greek", "Auslan"]
    assert row["specialties"] == ["pelvic-health", "sports-injuries"] and row["payers"] == ["dva"]
    [details] = _edits(app, listing)
    assert details == {
        "bio": ["Works with people of all ages.", "New bio."],
        "specialties": [["sports-injuries"], ["pelvic-health", "sports-injuries"]],
        "hours": [{"mon": "08:00-17:00"}, {"mon": "08:00-17:00", "tue": "09:00-13:30"}],
        "languages": [["English"], ["English", "Greek", "Auslan"]],
        "telehealth": [False, True],
        "payers": [["private-health"], ["dva"]],
    }
    with app.app_context():
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "listing.edited")).one()
        assert event.actor_id == owner.id
        db.session.remove()


def test_new_address_is_placed_again(app, client, owned):
    listing, owner = owned
    login_as(client, owner)
    response = _post_edit(
        client, listing, address="12 Brunswick Street", suburb="Fitzroy", state="VIC", postcode="3065"
    )
    assert response.status_code == 302
    practice = _row(app, Practice, listing.practice_id)
    assert (practice["suburb"], practice["state"], practice["postcode"]) == ("Fitzroy", "VIC", "3065")
    assert abs(practice["lat"] - FITZROY[0]) < 0.05 and abs(practice["lng"] - FITZROY[1]) < 0.05
    [details] = _edits(app, listing)
    assert details["suburb"] == ["Sydney", "Fitzroy"] and "location" in details


@pytest.mark.parametrize(("suburb", "state", "postcode"), [("Nowhereville", "VIC", "3999"), ("Fitzroy", "VIC", "3000")])
def test_unknown_place_is_an_error_next_to_the_suburb(app, client, owned, suburb, state, postcode):
    listing, owner = owned
    login_as(client, owner)
    response = _post_edit(client, listing, suburb=suburb, state=state, postcode=postcode, bio="Changed too.")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'id="suburb-error" data-field="suburb">We could not find', html)
    assert _row(app, Practice, listing.practice_id)["suburb"] == "Sydney"
    assert _row(app, Practitioner, listing.id)["bio"] == "Works with people of all ages."
    assert _edits(app, listing) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "javascript:alert(1)", "https://"),
        ("website", "ftp://example.com/", "https://"),
        ("website", "https://", "https://"),
        ("postcode", "300", "four digits"),
        ("postcode", "30000", "four digits"),
        ("hours_wed", "9am-5pm", "08:00-17:30"),
        ("hours_wed", "17:00-09:00", "after the opening"),
        ("hours_wed", "25:00-26:00", "24-hour"),
        ("languages", ", ".join(f"Language {i}" for i in range(11)), "at most 10"),
        ("bio", "x" * 5001, "5000"),
        ("state", "XYZ", "Not a valid choice"),
        ("specialties", ["deep-tissue"], "not a valid choice"),
        ("email", "not-an-address", "e-mail address"),
        ("email", "", "contact us"),
        ("phone", "call me maybe", "phone number"),
    ],
)
def test_invalid_values_are_refused_next_to_their_field(app, client, owned, field, value, message):
    listing, owner = owned
    login_as(client, owner)
    before = _row(app, Practitioner, listing.id), _row(app, Practice, listing.practice_id)
    response = _post_edit(client, listing, **{field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    errors = re.findall(rf'data-field="{field}">([^<]*)<', html)
    assert errors and message.lower() in " ".join(errors).lower(), errors
    assert (_row(app, Practitioner, listing.id), _row(app, Practice, listing.practice_id)) == before


def test_payers_are_limited_to_the_profession(app, client, make_practitioner, make_user):
    massage = make_practitioner(profession="remedial-massage-therapist")
    owner = make_user()
    with app.app_context():
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == massage.id).values(owner_id=owner.id))
        db.session.commit()
        db.session.remove()
    login_as(client, owner)
    html = client.get(_edit_url(massage)).get_data(as_text=True)
    assert 'value="hicaps"' in html and 'value="dva"' not in html and 'value="pelvic-health"' not in html
    response = _post_edit(client, massage, payers=["dva"])
    assert response.status_code == 400
    assert _row(app, Practitioner, massage.id)["payers"] == []


def test_website_accepts_http_and_https(app, client, owned):
    listing, owner = owned
    login_as(client, owner)
    assert _post_edit(client, listing, website="http://example.org/clinic?x=1").status_code == 302
    assert _row(app, Practice, listing.practice_id)["website"] == "http://example.org/clinic?x=1"
    assert _post_edit(client, listing, website="").status_code == 302
    assert _row(app, Practice, listing.practice_id)["website"] is None


def test_forbidden_fields_change_nothing(app, client, owned, make_user):
    """Mass assignment: whatever is posted, only the form's fields reach the listing."""
    listing, owner = owned
    stranger = make_user()
    login_as(client, owner)
    before = _row(app, Practitioner, listing.id), _row(app, Practice, listing.practice_id)
    response = _post_edit(
        client,
        listing,
        bio="Only this changes.",
        owner_id=str(stranger.id),
        rating_count="999",
        rating_mean="5",
        slug="hijacked",
        is_demo="y",
        registration_number="PHY9999999999",
        profession="remedial-massage-therapist",
        profession_id="2",
        practice_id="999",
        name="Someone Else",
        association="Fake",
        lat="0",
        lng="0",
        gender="male",
        id="12345",
        created_at="2000-01-01",
        country="NZ",
        owner="1",
        code_hash="x",
    )
    assert response.status_code == 302
    after = _row(app, Practitioner, listing.id), _row(app, Practice, listing.practice_id)
    changed = {k for k in before[0] if before[0][k] != after[0][k]}
    changed |= {f"practice.{k}" for k in before[1] if before[1][k] != after[1][k]}
    # Saving a change also confirms the listing's details, as its owner (decision 0009).
    assert changed <= {"bio", "updated_at", "practice.updated_at", "confirmed_at", "confirmed_by"}, changed
    assert after[0]["confirmed_by"] == "owner"
    assert after[0]["bio"] == "Only this changes."
    assert after[0]["owner_id"] == owner.id and after[0]["slug"] == listing.slug


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_account_gets_403_and_changes_nothing(app, client, owned, make_user, method):
    listing, owner = owned
    attacker = app.test_client()
    login_as(attacker, make_user())
    # A token of the attacker's own session, from a page with a form they may see.
    token = csrf_token(attacker.get(f"/practitioners/{listing.slug}/claim").get_data(as_text=True))
    login_as(client, owner)
    data = _form_values(client.get(_edit_url(listing)).get_data(as_text=True)) | {
        "csrf_token": token,
        "bio": "Defaced.",
        "owner_id": "1",
    }
    before = _row(app, Practitioner, listing.id)
    response = attacker.get(_edit_url(listing)) if method == "GET" else attacker.post(_edit_url(listing), data=data)
    assert response.status_code == 403
    assert _row(app, Practitioner, listing.id) == before
    assert _edits(app, listing) == []


def test_administrator_may_look_but_not_save(app, client, owned, make_user):
    listing, _ = owned
    login_as(client, make_user(admin=True))
    page = client.get(_edit_url(listing))
    assert page.status_code == 200 and "Only the owner can save" in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    assert client.post(_edit_url(listing), data={"csrf_token": token, "bio": "x"}).status_code == 403


@pytest.mark.parametrize("path", ["/practitioners/{slug}/edit", "/dashboard"])
def test_owner_pages_need_a_login(client, owned, path):
    listing, _ = owned
    response = client.get(path.format(slug=listing.slug))
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_post_without_csrf_token_is_refused(app, client, owned):
    listing, owner = owned
    login_as(client, owner)
    data = _form_values(client.get(_edit_url(listing)).get_data(as_text=True))
    data.pop("csrf_token")
    assert client.post(_edit_url(listing), data=data | {"bio": "x"}).status_code == 400
    assert _row(app, Practitioner, listing.id)["bio"] == "Works with people of all ages."


def test_shared_practice_changes_wait_for_an_administrator(app, client, owned, make_practitioner, admin):
    listing, owner = owned
    colleague = make_practitioner()
    join_practice(app, colleague, listing.practice_id)
    login_as(client, owner)
    html = client.get(_edit_url(listing)).get_data(as_text=True)
    assert "1 other practitioner works at this practice" in html
    assert "an administrator checks them" in html
    _post_edit(client, listing, website="https://new.example.com", address="9 Other Street", bio="New bio text.")
    # The owner's own fields change at once; the shared practice's wait (finding 10 of issue 10).
    assert _row(app, Practitioner, listing.id)["bio"] == "New bio text."
    practice = _row(app, Practice, listing.practice_id)
    assert practice["website"] != "https://new.example.com" and practice["address"] != "9 Other Street"
    assert "https://new.example.com" not in client.get(f"/practitioners/{colleague.slug}").get_data(as_text=True)
    with app.app_context():
        held = {
            c.field: c.id for c in db.session.scalars(sa.select(ContactChange).where(ContactChange.status == "pending"))
        }
        db.session.remove()
    assert set(held) == {"website", "location"}

    login_as(client, admin)
    for change_id in held.values():
        token = page_token(client, "/admin/contact-changes")
        assert client.post(f"/admin/contact-changes/{change_id}/approve", data={"csrf_token": token}).status_code == 302
    practice = _row(app, Practice, listing.practice_id)
    assert practice["website"] == "https://new.example.com" and practice["address"] == "9 Other Street"
    assert "https://new.example.com" in client.get(f"/practitioners/{colleague.slug}").get_data(as_text=True)


def test_new_practice_email_waits_for_the_link_sent_to_it(app, client, owned, outbox):
    listing, owner = owned
    login_as(client, owner)
    response = _post_edit(client, listing, email="new-desk@sydney-physio.example.com")
    assert response.status_code == 302
    assert _row(app, Practice, listing.practice_id)["email"] == "desk@sydney-physio.example.com"
    [message] = outbox()
    assert message["To"] == "new-desk@sydney-physio.example.com"
    assert "new-desk@sydney-physio.example.com" in client.get(_edit_url(listing)).get_data(as_text=True)

    link = link_in(outbox()[-1], "/practice-email/confirm/")
    visitor = app.test_client()  # following the link proves control of the address; no login needed
    page = visitor.get(link)
    assert page.status_code == 200 and "Confirm new-desk@sydney-physio.example.com" in page.get_data(as_text=True)
    assert _row(app, Practice, listing.practice_id)["email"] == "desk@sydney-physio.example.com"
    token = csrf_token(page.get_data(as_text=True))
    assert visitor.post(link, data={"csrf_token": token}).status_code == 302
    assert _row(app, Practice, listing.practice_id)["email"] == "new-desk@sydney-physio.example.com"
    # Single use.
    again = visitor.post(link, data={"csrf_token": token})
    assert "already been used" in visitor.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        actions = list(
            db.session.scalars(
                sa.select(AuditEvent.action).where(AuditEvent.practitioner_id == listing.id).order_by(AuditEvent.id)
            )
        )
        db.session.remove()
    assert actions == ["contact_change.requested", "contact_change.confirmed"]


def test_a_newer_email_change_replaces_the_older_link(app, client, owned, outbox):
    listing, owner = owned
    login_as(client, owner)
    _post_edit(client, listing, email="first@sydney-physio.example.com")
    first_link = link_in(outbox()[-1], "/practice-email/confirm/")
    _post_edit(client, listing, email="second@sydney-physio.example.com")
    visitor = app.test_client()
    page = visitor.get(first_link).get_data(as_text=True)
    assert "already been used, or a newer change replaced it" in page
    assert (
        visitor.post(
            first_link,
            data={
                "csrf_token": csrf_token(
                    visitor.get(link_in(outbox()[-1], "/practice-email/confirm/")).get_data(as_text=True)
                )
            },
        ).status_code
        == 302
    )
    assert _row(app, Practice, listing.practice_id)["email"] == "desk@sydney-physio.example.com"


def test_forged_email_link_is_refused(client, owned):
    assert client.get("/practice-email/confirm/forged.token.value").status_code == 400


def test_new_phone_waits_for_an_administrator(app, client, owned):
    listing, owner = owned
    login_as(client, owner)
    response = _post_edit(client, listing, phone="(02) 9999 0000")
    assert "administrator will check" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _row(app, Practice, listing.practice_id)["phone"] == "(02) 5550 1234"
    with app.app_context():
        change = db.session.scalars(sa.select(ContactChange)).one()
        assert (change.field, change.new_value, change.status, change.requested_by_id) == (
            "phone",
            "(02) 9999 0000",
            "pending",
            owner.id,
        )
        db.session.remove()


def test_editing_is_rate_limited(client, owned):
    listing, owner = owned
    login_as(client, owner)
    data = _form_values(client.get(_edit_url(listing)).get_data(as_text=True))
    statuses = [client.post(_edit_url(listing), data=data).status_code for _ in range(31)]
    assert statuses[:30] == [302] * 30 and statuses[30] == 429
