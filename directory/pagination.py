"""One way to page through a list: the page number read from a request, the ``Page`` that the
``pagination`` macro (templates/macros/pagination.html) draws, and a paged query."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

MAX_PAGE_DIGITS = 5
MAX_ID = 2**31 - 1  # ids are 32-bit integers (PostgreSQL's integer; SQLite stores them too)


@dataclass
class Page:
    """One page of ``total`` items, ``per_page`` at a time. ``page`` may lie past the last page
    (an old link): it then has no items and no next page.

    When counting stopped at a cap, ``total_exact`` is False: ``total`` is a lower bound, the
    number of pages is unknown, and ``has_more`` (one row more than the page was read) says
    whether a next page exists.
    """

    items: list[Any]
    page: int
    per_page: int
    total: int
    total_exact: bool = True
    has_more: bool = False

    @property
    def pages(self) -> int | None:
        """How many pages there are (at least 1), or None when the total is only a lower bound."""
        if not self.total_exact:
            return None
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        if not self.total_exact:
            return self.has_more
        return self.page < self.pages

    @property
    def shown(self) -> bool:
        """Whether there is more than one page to move between."""
        return self.has_prev or self.has_next or (self.pages or 0) > 1

    @property
    def first_number(self) -> int:
        """The position of the page's first item in the whole list, counting from 1."""
        return (self.page - 1) * self.per_page + 1


def page_number(raw: str | None) -> int:
    """The page a ``?page=`` argument asks for: ASCII digits (``"²"`` is not a page), else page 1."""
    value = (raw or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= MAX_PAGE_DIGITS:
        return max(1, int(value))
    return 1


def cursor_id(raw: str | None) -> int | None:
    """The row id an ``?after=`` argument names (a keyset cursor): ASCII digits from 1 to MAX_ID,
    else None (the list starts from its page number). A larger number would overflow PostgreSQL's
    integer and fail the statement."""
    value = (raw or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= len(str(MAX_ID)) and 0 < int(value) <= MAX_ID:
        return int(value)
    return None


def last_page_at_most(page: int, total: int, per_page: int) -> int:
    """``page``, or the last page when ``page`` lies past it."""
    return min(max(1, page), max(1, math.ceil(total / per_page)))


def paginate(
    session: Session,
    statement: sa.Select,
    *,
    page: int,
    per_page: int,
    order_by: Sequence = (),
    options: Sequence = (),
    scalars: bool = True,
) -> Page:
    """One page of ``statement``'s rows, the last page when ``page`` lies past it. Two
    statements: the count, then the rows (with ``options``, e.g. eager loads)."""
    total = session.scalar(sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())) or 0
    page = last_page_at_most(page, total, per_page)
    rows = statement.options(*options).order_by(*order_by).offset((page - 1) * per_page).limit(per_page)
    result = session.scalars(rows) if scalars else session.execute(rows)
    return Page(list(result.all()), page, per_page, total)
