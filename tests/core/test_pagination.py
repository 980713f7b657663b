"""One pagination for every list: page numbers from requests, pages past the end, paged queries."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.pagination import Page, last_page_at_most, page_number, paginate
from directory.practitioners.models import Profession


@pytest.mark.parametrize(
    ("raw", "page"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 3 ", 3),
        ("0", 1),
        ("-2", 1),
        ("²", 1),
        ("٣", 1),
        ("3.5", 1),
        ("99999", 99999),
        ("100000", 1),
        ("abc", 1),
    ],
)
def test_page_number_reads_ascii_digits_only(raw, page):
    assert page_number(raw) == page


def test_a_page_knows_its_neighbours_and_its_first_position():
    page = Page(items=["k", "l"], page=2, per_page=10, total=25)
    assert (page.pages, page.has_prev, page.has_next, page.first_number) == (3, True, True, 11)
    assert Page([], 1, 10, 0).pages == 1
    past_the_end = Page([], 7, 10, 25)
    assert (past_the_end.has_next, past_the_end.has_prev) == (False, True)


@pytest.mark.parametrize(("asked", "total", "page"), [(1, 0, 1), (5, 0, 1), (3, 25, 3), (9, 25, 3), (0, 25, 1)])
def test_last_page_at_most(asked, total, page):
    assert last_page_at_most(asked, total, 10) == page


def test_paginate_counts_and_clamps_to_the_last_page(db_session):
    page = paginate(db_session, sa.select(Profession), page=5, per_page=1, order_by=[Profession.slug])
    assert page.total == 2 and page.page == 2
    assert [p.slug for p in page.items] == ["remedial-massage-therapist"]
