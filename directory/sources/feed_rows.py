"""Reading a ratings feed (``flask import-ratings FILE``) and checking each row on its own: the
file as CSV or JSON, each value's type, length and characters, the source it names and whether its
figure is still within that source's terms. Matching rows to listings and writing them is feed.py.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from directory.clock import as_utc
from directory.geo.normalise import zero_fill_postcode
from directory.sources.models import RatingSource
from directory.sources.services import EXTERNAL_ID_MAX, expires_at, page_url
from directory.text import MESSAGE as CONTROL_CHARACTERS
from directory.text import control_character

EXCERPTS_MAX = 3
EXCERPT_TEXT_MAX = 500
AUTHOR_MAX = 80
REQUIRED = ("source", "external_id", "rating", "count", "retrieved_at")
COLUMNS = (
    "source",
    "source_url",
    "external_id",
    "slug",
    "name",
    "practice_name",
    "postcode",
    "rating",
    "count",
    "retrieved_at",
    *(f"excerpt_{n}_{part}" for n in range(1, EXCERPTS_MAX + 1) for part in ("author", "date", "text")),
)
FUTURE_SLACK = timedelta(hours=1)


class FeedUnreadable(Exception):
    """The file cannot be read as a feed at all."""


class RowProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


@dataclass
class FeedRow:
    line: int
    raw: dict
    source: RatingSource
    external_id: str
    url: str | None
    slug: str
    name: str
    practice_name: str
    postcode: str
    rating: float
    count: int
    retrieved_at: datetime
    excerpts: list[dict]


def read_feed(path: Path) -> list[tuple[int, dict]]:
    """``(line, row)`` pairs: a CSV file's lines (the header is line 1), or a JSON file's entries
    (``{"ratings": [...]}`` or a list; numbered from 1). Raises FeedUnreadable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise FeedUnreadable(f"{path} is not UTF-8 text.") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise FeedUnreadable(f"{path} is not JSON: {error}") from None
        entries = data.get("ratings") if isinstance(data, dict) else data
        if not isinstance(entries, list):
            raise FeedUnreadable(f"{path} needs a list of ratings (or an object with one under “ratings”).")
        return [(n, entry if isinstance(entry, dict) else {}) for n, entry in enumerate(entries, start=1)]
    try:
        reader = csv.DictReader(text.splitlines())
        header = [(name or "").strip().lower() for name in reader.fieldnames or []]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise FeedUnreadable(f"Missing columns: {', '.join(missing)}.")
        return [(n, row) for n, row in enumerate(reader, start=2)]
    except csv.Error as error:
        raise FeedUnreadable(f"{path} is not a readable CSV file: {error}") from None


def _text(row: dict, column: str, limit: int, required: bool = False) -> str:
    value = row.get(column)
    value = "" if value is None else str(value)
    if control_character(value, allow_newlines=column.endswith("_text")):
        raise RowProblem(column, CONTROL_CHARACTERS)
    value = value.strip() if column.endswith("_text") else " ".join(value.split())
    if required and not value:
        raise RowProblem(column, f"The {column.replace('_', ' ')} is required.")
    if len(value) > limit:
        raise RowProblem(column, f"Use at most {limit} characters.")
    return value


def _moment(text: str) -> datetime:
    """ISO 8601: a date (read as midnight UTC) or a date and time (UTC when no offset is given)."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
        return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00"))).astimezone(UTC)
    except ValueError:
        raise RowProblem(
            "retrieved_at", "Give the date it was read as 2026-11-30 or 2026-11-30T09:15:00+10:00."
        ) from None


def _excerpts(row: dict) -> list[dict]:
    if isinstance(row.get("excerpts"), list):  # JSON: [{"author", "date", "text"}]
        flat = {}
        for n, item in enumerate(row["excerpts"][: EXCERPTS_MAX + 1], start=1):
            if not isinstance(item, dict):
                raise RowProblem("excerpts", "Each excerpt is an object with author, date and text.")
            flat |= {f"excerpt_{n}_{part}": item.get(part) for part in ("author", "date", "text")}
        if len(row["excerpts"]) > EXCERPTS_MAX:
            raise RowProblem("excerpts", f"At most {EXCERPTS_MAX} excerpts.")
        row = flat
    excerpts = []
    for n in range(1, EXCERPTS_MAX + 1):
        text = _text(row, f"excerpt_{n}_text", EXCERPT_TEXT_MAX)
        author = _text(row, f"excerpt_{n}_author", AUTHOR_MAX)
        written = _text(row, f"excerpt_{n}_date", 10)
        if not (text or author or written):
            continue
        if not text:
            raise RowProblem(f"excerpt_{n}_text", "An excerpt needs its text.")
        try:
            written = date.fromisoformat(written).isoformat() if written else ""
        except ValueError:
            raise RowProblem(f"excerpt_{n}_date", "Give the date as 2026-11-30.") from None
        excerpts.append({"author": author, "date": written, "text": text})
    return excerpts


def parse_row(line: int, raw: dict, sources: dict[str, RatingSource], now: datetime) -> FeedRow:
    row = {(str(key) or "").strip().lower(): value for key, value in raw.items() if key is not None}
    slug = _text(row, "source", 40, required=True).lower()
    source = sources.get(slug)
    if source is None:
        raise RowProblem("source", f"No source “{slug}”: register it first with flask sources add.")
    if source.kind != "feed":
        raise RowProblem("source", f"{source.name} is read by its API adapter, not from a file.")
    external_id = _text(row, "external_id", EXTERNAL_ID_MAX, required=True)
    url_text = _text(row, "source_url", 300)
    url = page_url(url_text)
    if url_text and url is None:
        raise RowProblem("source_url", "Give the page's address, like https://example.com.au/page.")
    try:
        rating = float(str(row.get("rating") or "").strip())
    except ValueError:
        raise RowProblem("rating", "Give the average rating as a number from 1 to 5.") from None
    if not 1 <= rating <= 5:
        raise RowProblem("rating", "Give the average rating as a number from 1 to 5.")
    count_text = str(row.get("count") if row.get("count") is not None else "").strip()
    if not count_text.isdigit() or not 1 <= int(count_text) <= 10_000_000:
        raise RowProblem("count", "Give how many ratings the average is of: a whole number, at least 1.")
    retrieved_at = _moment(_text(row, "retrieved_at", 40, required=True))
    if retrieved_at > now + FUTURE_SLACK:
        raise RowProblem("retrieved_at", "This date is in the future.")
    if expires_at(source, retrieved_at) <= now:
        raise RowProblem(
            "retrieved_at",
            f"Read too long ago: {source.name}'s terms let us keep a figure {source.max_age_hours // 24} days.",
        )
    postcode = _text(row, "postcode", 4)
    postcode = zero_fill_postcode(postcode) or postcode
    return FeedRow(
        line=line,
        raw=raw,
        source=source,
        external_id=external_id,
        url=url,
        slug=_text(row, "slug", 120).lower(),
        name=_text(row, "name", 120),
        practice_name=_text(row, "practice_name", 160),
        postcode=postcode,
        rating=round(rating, 2),
        count=int(count_text),
        retrieved_at=retrieved_at,
        excerpts=_excerpts(row),
    )
