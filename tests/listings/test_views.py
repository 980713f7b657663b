"""The listing page and the guide."""

import re

import pytest


def test_listing_shows_the_difference_section_tailored_and_linked(client, make_practitioner):
    physio = make_practitioner(profession="physiotherapist", specialties=("pelvic-health",))
    for _ in range(3):
        make_practitioner(profession="remedial-massage-therapist", lat=-33.87, lng=151.21)
    make_practitioner(profession="remedial-massage-therapist", lat=-34.5, lng=151.21)  # 70 km away
    response = client.get(f"/practitioners/{physio.slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    section = re.search(r'<section id="difference".*?</section>', html, re.S).group(0)
    assert "physiotherapist" in section.lower() and "remedial massage therapist" in section.lower()
    assert "pelvic" in section.lower()
    link = re.search(r'<a href="([^"]+)" data-testid="other-profession-link"[^>]*>(.*?)</a>', section, re.S)
    assert "profession=remedial-massage-therapist" in link.group(1)
    assert "3 remedial massage therapists" in link.group(2)


def test_massage_listing_links_to_physiotherapists(client, make_practitioner):
    rmt = make_practitioner(profession="remedial-massage-therapist", specialties=("lymphatic-drainage",))
    html = client.get(f"/practitioners/{rmt.slug}").get_data(as_text=True)
    assert 'id="difference"' in html
    assert "No physiotherapists within 100 km" in html
    assert "do not make medical diagnoses" in html


def test_listing_shows_facts_and_reviews(client, make_practitioner):
    p = make_practitioner(payers=("dva",), reviews=(5, 3), registration_number="PHY0001234567")
    html = client.get(f"/practitioners/{p.slug}").get_data(as_text=True)
    assert "PHY0001234567" in html
    assert "Department of Veterans" in html
    assert "2 reviews" in html
    assert "example.net" not in html  # reviewer e-mails are never shown


def test_listing_json_ld_cannot_be_broken_out_of(client, make_practitioner):
    p = make_practitioner(name="</script><script>alert(1)</script>")
    html = client.get(f"/practitioners/{p.slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in html


def test_unknown_listing_is_404(client):
    assert client.get("/practitioners/nobody-here").status_code == 404


@pytest.mark.parametrize("page", ["-1", "abc", "999999999999"])
def test_bad_review_page_is_not_an_error(client, make_practitioner, page):
    p = make_practitioner(reviews=(5,))
    assert client.get(f"/practitioners/{p.slug}?page={page}").status_code == 200


def test_listing_page_runs_a_constant_number_of_queries(client, make_practitioner, count_queries):
    few = make_practitioner(specialties=("pelvic-health",), reviews=(5,))
    many = make_practitioner(
        specialties=("pelvic-health", "vestibular", "hydrotherapy"),
        payers=("dva", "ndis"),
        reviews=(5, 4, 3, 5, 5, 4, 2, 5, 5, 5, 4, 1),
    )
    for _ in range(5):
        make_practitioner(profession="remedial-massage-therapist")
    client.get(f"/practitioners/{few.slug}")  # warm the per-process caches (reference data, demo flag)
    with count_queries() as a:
        client.get(f"/practitioners/{few.slug}")
    with count_queries() as b:
        client.get(f"/practitioners/{many.slug}")
    assert len(a) == len(b) <= 5


def test_guide_page(client):
    html = client.get("/guide/remedial-massage-vs-physiotherapy").get_data(as_text=True)
    assert "<h1" in html and "Ahpra" in html
    assert "x-ray" not in html.lower()


def test_listing_queries_stay_constant_with_responses_and_moderation(
    app, client, make_practitioner, make_review, count_queries
):
    from directory.extensions import db
    from directory.reviews.models import ReviewResponse

    few = make_practitioner()
    make_review(few)
    many = make_practitioner()
    ids = [make_review(many, rating=1 + i % 5) for i in range(14)]
    make_review(many, status="removed", moderation_reason="off_topic")
    make_review(many, status="rejected", moderation_reason="harassment")
    with app.app_context():
        db.session.add_all(ReviewResponse(review_id=i, body="Thank you.") for i in ids[:8])
        db.session.commit()
        db.session.remove()
    client.get(f"/practitioners/{few.slug}")  # warm the per-process caches
    with count_queries() as a:
        client.get(f"/practitioners/{few.slug}")
    with count_queries() as b:
        html = client.get(f"/practitioners/{many.slug}?order=lowest&page=1").get_data(as_text=True)
    assert len(a) == len(b) <= 5
    assert html.count('data-testid="owner-response"') >= 1 and 'data-testid="moderation-summary"' in html


def test_the_other_profession_nearby_is_counted_within_10_km_then_100_km(client, make_practitioner, monkeypatch):
    from directory.listings import services

    monkeypatch.setattr(services, "NEARBY_CAP", 3)
    physio = make_practitioner()
    make_practitioner(profession="remedial-massage-therapist", lat=-34.5, lng=150.9)  # about 75 km away

    def link() -> str:
        html = client.get(f"/practitioners/{physio.slug}").get_data(as_text=True)
        return re.search(r'data-testid="other-profession-link"[^>]*>(.*?)</a>', html, re.S).group(1).strip()

    assert link() == "1 remedial massage therapist within 100 km of this practice"
    for _ in range(3):
        make_practitioner(profession="remedial-massage-therapist")
    assert link() == "3 remedial massage therapists within 10 km of this practice"
    make_practitioner(profession="remedial-massage-therapist")
    assert link() == "More than 3 remedial massage therapists within 10 km of this practice"


@pytest.mark.parametrize("order", ["newest", "highest", "lowest"])
def test_review_pages_by_keyset_are_the_pages_by_offset(app, client, make_practitioner, make_review, order):
    # Equal timestamps and equal ratings: the id settles every tie, the same way both ways.
    listing = make_practitioner()
    for i in range(23):
        make_review(listing, rating=1 + i % 3)
    by_offset, by_keyset, after = [], [], None
    for page in (1, 2, 3):
        by_offset += client.get(
            f"/api/v1/practitioners/{listing.slug}/reviews?order={order}&per_page=10&page={page}"
        ).get_json()["results"]
        url = f"/api/v1/practitioners/{listing.slug}/reviews?order={order}&per_page=10&page={page}"
        data = client.get(url + (f"&after={after}" if after else "")).get_json()
        by_keyset += data["results"]
        after = data["next_after"]
    assert after is None
    assert [r["id"] for r in by_keyset] == [r["id"] for r in by_offset]
    assert len({r["id"] for r in by_keyset}) == 23
    html = client.get(f"/practitioners/{listing.slug}?order={order}").get_data(as_text=True)
    assert "after=" in html  # the next page's link reads by keyset


@pytest.mark.parametrize("after", ["2147483648", "99999999999", "0", "-1", "１２", "abc", ""])
def test_a_review_cursor_out_of_range_shows_the_first_page(client, make_practitioner, make_review, after):
    """Ids are 32-bit integers: ``after=2147483648`` made PostgreSQL's integer overflow (a 500)."""
    listing = make_practitioner()
    make_review(listing, body="The appointment started on time and the fees were explained clearly.")
    response = client.get(f"/practitioners/{listing.slug}?after={after}")
    assert response.status_code == 200
    assert "The appointment started on time" in response.get_data(as_text=True)


def test_the_review_cursor_reads_ids_up_to_the_largest_integer():
    from directory.pagination import MAX_ID, cursor_id

    assert cursor_id(str(MAX_ID)) == MAX_ID == 2**31 - 1
    assert cursor_id(str(MAX_ID + 1)) is None
    assert cursor_id(" 17 ") == 17 and cursor_id("0") is None and cursor_id(None) is None


def test_listing_says_what_each_way_to_pay_needs(client, make_practitioner):
    physio = make_practitioner(payers=("medicare-care-plan", "dva", "workcover"))
    html = client.get(f"/practitioners/{physio.slug}").get_data(as_text=True)
    medicare = re.search(r'data-testid="payer-medicare-care-plan">(.*?)</li>', html, re.S).group(1)
    assert "GP Chronic Condition Management Plan" in medicare and "referral from your GP" in medicare
    assert "referral from your GP" in re.search(r'data-testid="payer-dva">(.*?)</li>', html, re.S).group(1)
    assert "accepted workers" in re.search(r'data-testid="payer-workcover">(.*?)</li>', html, re.S).group(1)
    massage = make_practitioner(profession="remedial-massage-therapist", payers=("workcover",))
    html = client.get(f"/practitioners/{massage.slug}").get_data(as_text=True)
    workcover = re.search(r'data-testid="payer-workcover">(.*?)</li>', html, re.S).group(1)
    assert "some states" in workcover and "doctor&#39;s request" in workcover


def test_home_page_keeps_the_referral_exceptions(client):
    html = client.get("/").get_data(as_text=True)
    assert "No referral needed" not in html
    assert "unless Medicare, the Department of Veterans' Affairs (DVA) or an insurer is paying" in html
    assert "often called knots" in html


def test_the_difference_section_names_the_other_profession_at_the_same_practice(client, make_practitioner, app):
    import sqlalchemy as sa

    from directory.extensions import db
    from directory.practitioners.models import Practitioner

    physio = make_practitioner(name="Pam Here")
    alone = make_practitioner(name="Al Alone")
    for _ in range(2):
        rmt = make_practitioner(profession="remedial-massage-therapist")
        with app.app_context():
            db.session.execute(
                sa.update(Practitioner).where(Practitioner.id == rmt.id).values(practice_id=physio.practice_id)
            )
            db.session.commit()
    html = client.get(f"/practitioners/{physio.slug}").get_data(as_text=True)
    assert "This practice also has 2 remedial massage therapists." in html
    assert 'data-testid="other-profession-here"' not in client.get(f"/practitioners/{alone.slug}").get_data(
        as_text=True
    )
