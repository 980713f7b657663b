"""The OpenAPI 3.1 description of /api/v1. Tests validate real responses against it."""

from __future__ import annotations

from directory.api.hsds_spec import hsds_paths
from directory.api.schemas import COMPONENTS
from directory.api.spec_helpers import BAD, NO_CONTROLS, NOT_FOUND, SOME_TEXT, given, json_body, list_of, param, text
from directory.pagination import MAX_ID
from directory.practitioners.taxonomy import PAYERS, PROFESSIONS, SPECIALTIES
from directory.search.params import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, MAX_TEXT, SORTS

# The search parameters form one object, each property a query parameter of its own (form
# style, exploded), so that the rules between them are part of the contract: lat and lng come
# together; sorting by distance needs a place or a point; sorting by relevance needs text.
SEARCH_SCHEMA = {
    "type": "object",
    "properties": {
        "near": text(
            120,
            description="A postcode (2000, 870), suburb (Fitzroy), suburb with state or postcode (Fitzroy VIC, "
            "Fitzroy 3065), a need (back pain, sports massage) or both (back pain Fitzroy VIC). A typed place wins "
            "over lat and lng.",
        ),
        "lat": {"type": "number", "minimum": -90, "maximum": 90, "description": "Latitude, with lng."},
        "lng": {"type": "number", "minimum": -180, "maximum": 180, "description": "Longitude, with lat."},
        "radius_km": {"type": "number", "minimum": 1, "maximum": 100, "default": 10, "description": "Radius in km."},
        "profession": {"type": "string", "enum": [p["slug"] for p in PROFESSIONS], "description": "Profession slug."},
        "specialty": {"type": "string", "enum": [s[0] for s in SPECIALTIES], "description": "See /specialties."},
        "payer": {"type": "string", "enum": [p[0] for p in PAYERS], "description": "See /payers."},
        "q": text(
            MAX_TEXT,
            description="A name (each word begins a word of the practitioner's or the practice's name), or a need "
            "('sports massage'), optionally with a place ('back pain Fitzroy VIC').",
        ),
        "min_rating": {"type": "number", "minimum": 0, "maximum": 5, "description": "Minimum average rating."},
        "telehealth": {"type": "boolean", "description": "Only practitioners offering telehealth."},
        "home_visits": {"type": "boolean", "description": "Only practitioners offering home or mobile visits."},
        "sort": {
            "type": "string",
            "enum": list(SORTS),
            "description": "distance (default with a location; needs one), rating (Bayesian mean; the default "
            "otherwise), relevance (default with q and no location; needs q).",
        },
        "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1, "description": "Page number."},
        "per_page": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PER_PAGE,
            "default": DEFAULT_PER_PAGE,
            "description": "Results per page.",
        },
        "after": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_ID,
            "description": "The next_after of the previous page of a nationwide list by rating (no place; "
            "sort=rating, or no sort and no q): the page starts right after the listing that one ended on "
            "(keyset paging); a listing gone since gives an empty page. Refused with any other search.",
        },
    },
    # Other parameters are ignored, but no parameter may carry a control character.
    "propertyNames": {"pattern": NO_CONTROLS, "minLength": 1},
    "additionalProperties": {"type": "string", "pattern": NO_CONTROLS},
    "dependentRequired": {"lat": ["lng"], "lng": ["lat"]},
    "allOf": [
        {
            "if": {"required": ["sort"], "properties": {"sort": {"const": "distance"}}},
            "then": {
                "anyOf": [
                    {"required": ["lat"]},
                    {"required": ["near"], "properties": {"near": {"pattern": SOME_TEXT}}},
                ]
            },
        },
        {
            "if": {"required": ["sort"], "properties": {"sort": {"const": "relevance"}}},
            "then": {"required": ["q"], "properties": {"q": {"pattern": SOME_TEXT}}},
        },
        {
            # after: nationwide lists by rating only.
            "if": {"required": ["after"]},
            "then": {
                "allOf": [
                    {"not": {"anyOf": [{"required": ["lat"]}, given("near")]}},
                    {
                        "anyOf": [
                            {"required": ["sort"], "properties": {"sort": {"const": "rating"}}},
                            {"allOf": [{"not": {"required": ["sort"]}}, {"not": given("q")}]},
                        ]
                    },
                ]
            },
        },
    ],
}

SEARCH_PARAMETERS = [
    {
        "name": "search",
        "in": "query",
        "style": "form",
        "explode": True,
        "schema": SEARCH_SCHEMA,
        "description": "Each property is a query parameter of its own: ?near=Fitzroy+VIC&profession=physiotherapist.",
    }
]


MAX_REVIEW_PAGE = 100_000
SLUG = {"type": "string", "pattern": NO_CONTROLS}


def _typed(schema: dict) -> bool:
    return "enum" in schema or schema.get("type") in ("integer", "number", "boolean")


def typed_parameters() -> dict[str, frozenset[str]]:
    """For each path of the document, the query parameters that are numbers, booleans or enums:
    the API refuses them empty (``?limit=``), as the document does."""
    found: dict[str, frozenset[str]] = {}
    for path, operations in openapi_document()["paths"].items():
        names: set[str] = set()
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] != "query":
                continue
            schema = parameter["schema"]
            if schema.get("type") == "object":
                names.update(name for name, prop in schema["properties"].items() if _typed(prop))
            elif _typed(schema):
                names.add(parameter["name"])
        found[path] = frozenset(names)
    return found


def openapi_document() -> dict:
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "MoveWell Directory API",
            "version": "1.0.0",
            "description": "Find physiotherapists and remedial massage therapists in Australia. "
            "Read-only; errors are JSON objects with code, message and field.",
            "license": {
                "name": "Listings: Open Database License (ODbL) 1.0; place data © GeoNames, CC BY 4.0",
                "url": "https://opendatacommons.org/licenses/odbl/1-0/",
            },
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/practitioners": {
                "get": {
                    "operationId": "searchPractitioners",
                    "summary": "Search practitioners near a place or a point.",
                    "parameters": SEARCH_PARAMETERS,
                    "responses": {
                        "200": json_body("#/components/schemas/SearchResults", "One page of results."),
                        "400": BAD,
                        "404": json_body("#/components/schemas/Error", "Unknown place; suggestions may follow."),
                    },
                }
            },
            "/practitioners/{slug}": {
                "get": {
                    "operationId": "getPractitioner",
                    "parameters": [param("slug", SLUG, "Listing slug.", True, "path")],
                    "responses": {
                        "200": json_body("#/components/schemas/PractitionerDetail", "The listing."),
                        "400": BAD,
                        "404": NOT_FOUND,
                    },
                }
            },
            "/practitioners/{slug}/reviews": {
                "get": {
                    "operationId": "listReviews",
                    "parameters": [
                        param("slug", SLUG, "Listing slug.", True, "path"),
                        param("page", {"type": "integer", "minimum": 1, "maximum": MAX_REVIEW_PAGE}, "Page number."),
                        param("per_page", {"type": "integer", "minimum": 1, "maximum": 50}, "Reviews per page."),
                        param(
                            "order",
                            {"type": "string", "enum": ["newest", "highest", "lowest"]},
                            "Newest first (default), highest rated or lowest rated first.",
                        ),
                        param(
                            "after",
                            {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                            "The next_after of the previous page: this page starts right after that review "
                            "(keyset paging, as fast on page 200 as on page 1); page then only numbers it.",
                        ),
                    ],
                    "responses": {
                        "200": json_body("#/components/schemas/ReviewPage", "Published reviews, newest first."),
                        "400": BAD,
                        "404": NOT_FOUND,
                    },
                }
            },
            "/places": {
                "get": {
                    "operationId": "autocompletePlaces",
                    "parameters": [
                        param(
                            "q",
                            text(120, minLength=1, allOf=[{"pattern": SOME_TEXT}]),
                            "What was typed: at least one character that is not a space.",
                            True,
                        ),
                        param("limit", {"type": "integer", "minimum": 1, "maximum": 10}, "At most 10."),
                    ],
                    "responses": {
                        "200": {
                            "description": "Matching places, best first.",
                            "content": {
                                "application/json": {"schema": list_of({"$ref": "#/components/schemas/Place"})}
                            },
                        },
                        "400": BAD,
                    },
                }
            },
            "/professions": {
                "get": {
                    "operationId": "listProfessions",
                    "responses": {
                        "200": {
                            "description": "The professions.",
                            "content": {
                                "application/json": {
                                    "schema": list_of(
                                        {
                                            "type": "object",
                                            "required": ["slug", "name"],
                                            "properties": {
                                                "slug": {"type": "string"},
                                                "name": {"type": "string"},
                                                "plural": {"type": "string"},
                                                "regulated": {"type": "boolean"},
                                            },
                                        }
                                    )
                                }
                            },
                        }
                    },
                }
            },
            "/specialties": {
                "get": {
                    "operationId": "listSpecialties",
                    "responses": {
                        "200": {
                            "description": "The specialties.",
                            "content": {
                                "application/json": {
                                    "schema": list_of(
                                        {
                                            "type": "object",
                                            "required": ["slug", "name", "professions"],
                                            "properties": {
                                                "slug": {"type": "string"},
                                                "name": {"type": "string"},
                                                "professions": {"type": "array", "items": {"type": "string"}},
                                            },
                                        }
                                    )
                                }
                            },
                        }
                    },
                }
            },
            "/payers": {
                "get": {
                    "operationId": "listPayers",
                    "responses": {
                        "200": {
                            "description": "Ways to pay or claim.",
                            "content": {
                                "application/json": {
                                    "schema": list_of(
                                        {
                                            "type": "object",
                                            "required": ["slug", "name", "professions"],
                                            "properties": {
                                                "slug": {"type": "string"},
                                                "name": {"type": "string"},
                                                "professions": {
                                                    "type": "object",
                                                    "description": "The professions that can accept this "
                                                    "payer (by slug), each with the condition a patient "
                                                    "should know.",
                                                    "additionalProperties": {"type": "string"},
                                                },
                                            },
                                        }
                                    )
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": COMPONENTS,
    }
    document["paths"].update(hsds_paths())
    return document
