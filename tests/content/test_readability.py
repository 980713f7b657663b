"""Plain language: the guide, the review policy and the listings' difference section are written
for a patient at about school grade 8 (Flesch–Kincaid, measured as tests/content/readability.py
describes), and every abbreviation is spelled out where a page first uses it."""

from __future__ import annotations

import re

import pytest

from tests.content.readability import MAX_GRADE, grade, part, visible_text

PAGES = {
    "guide": "/guide/remedial-massage-vs-physiotherapy",
    "review policy": "/review-policy",
    "disputes and takedown requests": "/review-disputes",
}

# Abbreviations our copy uses, with the words that spell them out. The spelled-out form must come
# first on a page: "the Department of Veterans' Affairs (DVA)", then "DVA" on its own.
ABBREVIATIONS = {
    "Ahpra": "Australian Health Practitioner Regulation Agency",
    "GP": "general practitioner",
    "DVA": "Department of Veterans' Affairs",
    "CTP": "compulsory third party",
    "NDIS": "National Disability Insurance Scheme",
    "MMA": "Massage & Myotherapy Australia",
    "AMT": "Association of Massage Therapists",
    "ATMS": "Australian Traditional-Medicine Society",
    "ANTA": "Australian Natural Therapists Association",
    "TMJ": "temporomandibular joint",
    "ACCC": "Australian Competition and Consumer Commission",
}


def _pages(client, make_practitioner):
    """(name, visible text) of every page part the readability rule covers."""
    texts = []
    for name, path in PAGES.items():
        texts.append((name, visible_text(part(client.get(path).get_data(as_text=True)))))
    for profession in ("physiotherapist", "remedial-massage-therapist"):
        from directory.practitioners.taxonomy import SPECIALTIES

        slugs = tuple(slug for slug, _name, professions in SPECIALTIES if profession in professions)
        for label, specialties in (("no specialties", ()), ("every specialty", slugs)):
            listing = make_practitioner(profession=profession, specialties=specialties)
            html = client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)
            texts.append((f"difference section, {profession}, {label}", visible_text(part(html, "difference"))))
    return texts


def test_pages_are_written_at_about_grade_8(client, make_practitioner, report_figure):
    grades = {name: grade(text) for name, text in _pages(client, make_practitioner)}
    for name, value in grades.items():
        report_figure(f"Flesch–Kincaid grade, {name}", value)
    too_hard = {name: value for name, value in grades.items() if value > MAX_GRADE}
    assert not too_hard, f"above grade {MAX_GRADE}: {too_hard}"


def test_every_abbreviation_is_spelled_out_where_a_page_first_uses_it(client, make_practitioner):
    for name, text in _pages(client, make_practitioner):
        plain = text.replace("\u2019", "'")
        for short, long in ABBREVIATIONS.items():
            first = re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", plain)
            if first is None:
                continue
            spelled = re.search(rf"{re.escape(long)},? (?:or )?\(?(?:the )?{re.escape(short)}\)?", plain, re.I)
            assert spelled and spelled.start() < first.start(), f"{name}: {short} before “{long} ({short})”"


@pytest.mark.parametrize("text, expected", [("<p>One two</p><li>Three</li>", "One two. Three.")])
def test_visible_text_ends_each_block_as_a_sentence(text, expected):
    assert visible_text(text) == expected
