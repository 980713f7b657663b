"""Search understands needs: words people type are read through the synonym table beside the
taxonomy (decision 0011), in the HTML search and in the API, alone or with a place."""

from __future__ import annotations

import re

import pytest

from directory.practitioners.synonyms import NEEDS
from directory.practitioners.taxonomy import SPECIALTIES
from directory.search.needs import read_text

FITZROY = (-37.8004, 144.9745)
MELBOURNE_3000 = (-37.8136, 144.9631)
PERTH = (-31.9523, 115.8613)


@pytest.mark.parametrize(
    "text, specialty, profession, rest",
    [
        ("back pain Fitzroy VIC", "back-and-neck-pain", None, "fitzroy vic"),
        ("sore lower back", "back-and-neck-pain", None, ""),
        ("sports massage 3000", "sports-massage", None, "3000"),
        ("pregnancy", "pregnancy-and-postnatal", None, ""),
        ("pregnancy massage", "pregnancy-massage", None, ""),
        ("dry needling", "dry-needling", None, ""),
        ("rehab after knee surgery", "post-surgical-rehabilitation", None, ""),
        ("physo near Fitzroy", None, "physiotherapist", "fitzroy"),
        ("massge for my neck", "back-and-neck-pain", "remedial-massage-therapist", ""),
        ("Sciatica!", "back-and-neck-pain", None, ""),
        ("vertigo", "vestibular", None, ""),
        ("dizzyness", "vestibular", None, ""),
    ],
)
def test_words_people_type_choose_a_specialty_or_a_profession(text, specialty, profession, rest):
    reading = read_text(text)
    assert (reading.need.specialty, reading.need.profession, reading.rest) == (specialty, profession, rest)


@pytest.mark.parametrize("text", ["Ben", "hana sato", "clinic 1", "zz", "Fitzroy", "Port Melbourne", "3000"])
def test_names_and_places_are_not_needs(text):
    assert read_text(text).need is None


def test_every_synonym_chooses_something_that_exists():
    specialties = {slug for slug, _name, _applies in SPECIALTIES}
    for phrase, (specialty, profession) in NEEDS.items():
        assert phrase == " ".join(phrase.split()) and phrase == phrase.lower(), phrase
        assert specialty in specialties | {None} and (specialty or profession), phrase


@pytest.fixture
def fitzroy_and_beyond(make_practitioner):
    def at(lat, lng, suburb, state, postcode, **kw):
        return make_practitioner(
            lat=lat, lng=lng, practice={"suburb": suburb, "state": state, "postcode": postcode}, **kw
        )

    return {
        "back": at(*FITZROY, "Fitzroy", "VIC", "3065", name="Bea Back", specialties=("back-and-neck-pain",)),
        "other": at(*FITZROY, "Fitzroy", "VIC", "3065", name="Otto Other", specialties=("hand-therapy",)),
        "sports": at(
            *MELBOURNE_3000,
            "Melbourne",
            "VIC",
            "3000",
            name="Sol Sports",
            profession="remedial-massage-therapist",
            specialties=("sports-massage",),
        ),
        "pregnancy": at(*PERTH, "Perth", "WA", "6000", name="Pia Pregnancy", specialties=("pregnancy-and-postnatal",)),
        "backname": at(*PERTH, "Perth", "WA", "6000", name="Back To Health Clinic"),
    }


def _names(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize("param", ["near", "q"])
def test_back_pain_fitzroy_vic_finds_back_pain_near_fitzroy(client, fitzroy_and_beyond, param):
    html = client.get(f"/search?{param}=back+pain+Fitzroy+VIC").get_data(as_text=True)
    assert _names(html) == ["Bea Back"]
    assert "for back and neck pain within 10 km of Fitzroy VIC 3065" in html
    assert "We read “back pain” as the specialty <strong>Back and neck pain</strong>" in html
    data = client.get(f"/api/v1/practitioners?{param}=back+pain+Fitzroy+VIC").get_json()
    assert [r["name"] for r in data["results"]] == ["Bea Back"]
    assert data["near"]["label"] == "Fitzroy VIC 3065"


def test_sports_massage_3000_and_pregnancy_nationwide(client, fitzroy_and_beyond):
    assert _names(client.get("/search?near=sports+massage+3000").get_data(as_text=True)) == ["Sol Sports"]
    data = client.get("/api/v1/practitioners?q=sports+massage+3000").get_json()
    assert [r["name"] for r in data["results"]] == ["Sol Sports"] and data["results"][0]["distance_km"] is not None
    html = client.get("/search?near=pregnancy").get_data(as_text=True)
    assert _names(html) == ["Pia Pregnancy"] and "across Australia" in html
    assert [r["name"] for r in client.get("/api/v1/practitioners?q=pregnancy").get_json()["results"]] == [
        "Pia Pregnancy"
    ]


def test_a_name_with_a_need_word_stays_a_name(client, fitzroy_and_beyond):
    data = client.get("/api/v1/practitioners?q=Back+To+Health").get_json()
    assert [r["name"] for r in data["results"]] == ["Back To Health Clinic"]


def test_a_chosen_filter_wins_over_the_words(client, fitzroy_and_beyond):
    html = client.get("/search?near=back+pain+Fitzroy+VIC&specialty=hand-therapy").get_data(as_text=True)
    assert _names(html) == ["Otto Other"]


def test_a_place_with_a_need_word_in_its_name_is_still_a_place(client):
    html = client.get("/search?near=Back+Creek").get_data(as_text=True)
    assert "Which one did you mean?" in html and "Back Creek NSW" in html
    # Places whose whole name reads like a need: the gazetteer's names win.
    for place in ("The Falls", "Needles", "Parkinson", "Copping"):
        response = client.get(f"/search?near={place}")
        html = response.get_data(as_text=True)
        assert 'data-testid="need"' not in html, place
        assert response.status_code == 200 and (f"near {place}" in html or "Which one did you mean?" in html), place


def test_an_ambiguous_place_keeps_the_need_in_each_choice(client, fitzroy_and_beyond):
    html = client.get("/search?near=back+pain+Richmond").get_data(as_text=True)
    assert 'href="/search?near=Richmond+VIC+3121&amp;specialty=back-and-neck-pain"' in html


def test_a_near_that_is_no_place_offers_a_name_search(client, fitzroy_and_beyond):
    response = client.get("/search?near=Zyxwv+Qqq")
    assert response.status_code == 404
    assert 'href="/search?q=Zyxwv+Qqq"' in response.get_data(as_text=True)


def test_sorting_by_relevance_or_distance_after_the_words_left_is_not_an_error(client, fitzroy_and_beyond):
    assert client.get("/search?q=back+pain&sort=relevance").status_code == 200
    assert client.get("/api/v1/practitioners?q=back+pain&sort=relevance").status_code == 200
