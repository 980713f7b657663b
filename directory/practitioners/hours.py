"""Opening hours as listings store them: ``{"mon": "08:00-17:30", …}``, one range a day, days not
open left out (or None). The CSV column writes a week as ``mon 08:00-17:30; tue 08:00-17:30``."""

from __future__ import annotations

import re

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


def normalise_range(text: str) -> str:
    """``"8:00 - 17:30"`` → ``"08:00-17:30"``. Raises ValueError with a reason to show."""
    match = _RANGE.match((text or "").strip())
    if not match:
        raise ValueError(f"Write opening hours like 08:00-17:30 (not “{text}”).")
    open_h, open_m, close_h, close_m = (int(g) for g in match.groups())
    if open_h > 23 or close_h > 23 or open_m > 59 or close_m > 59:
        raise ValueError("Use 24-hour times from 00:00 to 23:59.")
    if (open_h, open_m) >= (close_h, close_m):
        raise ValueError("The closing time must be after the opening time.")
    return f"{open_h:02d}:{open_m:02d}-{close_h:02d}:{close_m:02d}"


def open_days(hours: dict | None) -> dict[str, str]:
    """The days a listing is open, in week order: days that are missing or None are closed."""
    return {day: hours[day] for day in DAYS if (hours or {}).get(day)}


def parse_week(text: str) -> dict[str, str]:
    """``"mon 08:00-17:30; sat 09:00-12:00"`` → the stored form. Raises ValueError."""
    week: dict[str, str] = {}
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        day, _, times = part.partition(" ")
        day = day.strip().lower()[:3]
        if day not in DAYS or not times.strip():
            raise ValueError(f"Write each day as “mon 08:00-17:30”, separated by “;” (not “{part}”).")
        if day in week:
            raise ValueError(f"“{day}” is given twice.")
        week[day] = normalise_range(times)
    return open_days(week)


def format_week(hours: dict | None) -> str:
    """The stored form as the CSV column writes it (empty when no day is open)."""
    return "; ".join(f"{day} {value}" for day, value in open_days(hours).items())
