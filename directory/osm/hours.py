"""OpenStreetMap ``opening_hours`` → a listing's hours, for the simple rules most practices use.

Understood: rules separated by ``;``, each days then one time range (``Mo-Fr 08:00-17:30``,
``Sa,Su 09:00-12:00``, ``Tu off``), a rule of times alone (every day), later rules overriding earlier
ones for their days, and public-holiday rules (``PH off``), which are left out. Anything else (two
ranges in a day, months, weeks, sunrise, comments, 24/7) gives None: the listing then shows no
hours rather than wrong ones.
"""

from __future__ import annotations

import re

from directory.practitioners.hours import DAYS, normalise_range

_OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_RULE = re.compile(r"^(?:(?P<days>[A-Za-z]{2}(?:\s*[-,]\s*[A-Za-z]{2})*)\s+)?(?P<times>.+)$")
_TIME_RANGE = re.compile(r"^(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$")


def _days(text: str | None) -> list[str] | None:
    """The week days a rule names, in our keys (``mon``…); [] for public holidays alone."""
    if text is None:
        return list(DAYS)
    chosen: list[str] = []
    for part in text.replace(" ", "").split(","):
        if part == "PH":
            continue
        first, _, last = part.partition("-")
        if first not in _OSM_DAYS or (last and last not in _OSM_DAYS):
            return None
        start = _OSM_DAYS.index(first)
        end = _OSM_DAYS.index(last) if last else start
        for offset in range((end - start) % 7 + 1):
            chosen.append(DAYS[(start + offset) % 7])
    return chosen


def parse_opening_hours(text: str | None) -> dict[str, str] | None:
    """The week as listings store it, or None when the value is missing or beyond the simple rules."""
    if not text or not text.strip():
        return None
    week: dict[str, str | None] = {}
    for rule in (part.strip() for part in text.split(";")):
        if not rule:
            continue
        match = _RULE.match(rule)
        if not match:
            return None
        days = _days(match["days"])
        if days is None:
            return None
        times = match["times"].strip()
        if times.lower() in ("off", "closed"):
            value = None
        else:
            range_match = _TIME_RANGE.match(times)
            if not range_match:
                return None
            opens, closes = range_match.groups()
            if closes == "24:00":
                closes = "23:59"
            try:
                value = normalise_range(f"{opens}-{closes}")
            except ValueError:
                return None
        for day in days:
            week[day] = value
    return {day: week[day] for day in DAYS if week.get(day)}
