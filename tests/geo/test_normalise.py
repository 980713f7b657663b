"""Parsing what visitors type into name, state and postcode."""

import pytest

from directory.geo.normalise import fold, normalise_name, parse_place_query, zero_fill_postcode


@pytest.mark.parametrize(
    ("text", "name", "state", "postcode"),
    [
        ("2000", None, None, "2000"),
        ("870", None, None, "0870"),
        ("Fitzroy", "fitzroy", None, None),
        ("Fitzroy VIC", "fitzroy", "VIC", None),
        ("fitzroy, sa", "fitzroy", "SA", None),
        ("Fitzroy 3065", "fitzroy", None, "3065"),
        ("Alice Springs NT 0870", "alice springs", "NT", "0870"),
        ("Alice Springs 0870 NT", "alice springs", "NT", "0870"),
        ("  St Kilda  ", "saint kilda", None, None),
        ("Mt. Waverley, Victoria", "mount waverley", "VIC", None),
        ("Bondi New South Wales", "bondi", "NSW", None),
        ("ÉMU PLAINS", "emu plains", None, None),
        ("Victoria", "victoria", None, None),
    ],
)
def test_parse_place_query(text, name, state, postcode):
    query = parse_place_query(text)
    assert (query.name, query.state, query.postcode) == (name, state, postcode)


@pytest.mark.parametrize("text", ["", "   ", ",.;", "VIC"])
def test_parse_place_query_rejects_empty_input(text):
    assert parse_place_query(text) is None


def test_fold_and_normalise():
    assert fold("  Côte-d'Ivoire!! ") == "cote d ivoire"
    assert normalise_name("St. Kilda East") == normalise_name("Saint Kilda East") == "saint kilda east"
    assert normalise_name("Mt Druitt") == "mount druitt"


@pytest.mark.parametrize(
    ("token", "expected"), [("870", "0870"), ("2000", "2000"), ("12", None), ("20000", None), ("2a00", None)]
)
def test_zero_fill_postcode(token, expected):
    assert zero_fill_postcode(token) == expected
