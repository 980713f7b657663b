"""OpenStreetMap opening_hours: the simple rules most practices use; anything else gives no hours."""

import pytest

from directory.osm.hours import parse_opening_hours

WEEKDAYS = {day: "08:00-17:00" for day in ("mon", "tue", "wed", "thu", "fri")}


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("Mo-Fr 08:00-17:00", WEEKDAYS),
        ("Mo-Fr 08:00-17:00; PH off", WEEKDAYS),
        ("Mo-Fr 8:00-17:00; We off", {d: v for d, v in WEEKDAYS.items() if d != "wed"}),
        ("Sa,Su 09:00-12:00", {"sat": "09:00-12:00", "sun": "09:00-12:00"}),
        ("Fr-Mo 10:00-14:00", {d: "10:00-14:00" for d in ("mon", "fri", "sat", "sun")}),
        ("Mo 07:00-24:00", {"mon": "07:00-23:59"}),
        ("Sa,PH 09:00-12:00", {"sat": "09:00-12:00"}),
        ("09:00-17:00", {d: "09:00-17:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}),
    ],
)
def test_simple_rules_are_read(text, week):
    assert parse_opening_hours(text) == week


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "24/7",
        "Mo-Fr 08:00-12:00,13:00-17:00",
        "Jan-Mar Mo 09:00-17:00",
        "Mo-Fr sunrise-sunset",
        'Mo-Fr 08:00-17:00 "by appointment"',
        "Xx 08:00-17:00",
        "Mo 17:00-08:00",
    ],
)
def test_anything_else_gives_no_hours(text):
    assert parse_opening_hours(text) is None
