"""The OpenAPI 3.1 description of /api/v1. Tests validate real responses against it."""

from __future__ import annotations

from directory.api.schemas import COMPONENTS
from directory.search.params import MAX_PER_PAGE, SORTS


def _param(name: str, schema: dict, description: str, required: bool = False, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


SEARCH_PARAMETERS = [
    _param(
        "near",
        {"type": "string", "maxLength": 120},
        "A postcode (2000, 870), suburb (Fitzroy), suburb with state or postcode (Fitzroy VIC, Fitzroy 3065).",
    ),
    _param(
        "lat",
        {"type": "number", "minimum": -90, "maximum": 90},
        "Latitude, with lng; used when near is absent (a typed place wins).",
    ),
    _param("lng", {"type": "number", "minimum": -180, "maximum": 180}, "Longitude; with lat."),
    _param("radius_km", {"type": "number", "minimum": 1, "maximum": 100, "default": 10}, "Search radius in km."),
    _param(
        "profession", {"type": "string", "enum": ["physiotherapist", "remedial-massage-therapist"]}, "Profession slug."
    ),
    _param("specialty", {"type": "string"}, "Specialty slug (see /specialties)."),
    _param("payer", {"type": "string"}, "Payer slug (see /payers): private-health, hicaps, dva, …"),
    _param("q", {"type": "string", "maxLength": 100}, "Text in the practitioner's or the practice's name."),
    _param("min_rating", {"type": "number", "minimum": 0, "maximum": 5}, "Minimum average rating."),
    _param("telehealth", {"type": "boolean"}, "Only practitioners offering telehealth."),
    _param("home_visits", {"type": "boolean"}, "Only practitioners offering home or mobile visits."),
    _param(
        "sort",
        {"type": "string", "enum": list(SORTS)},
        "distance (default with a location), rating (Bayesian mean), relevance (default with q and no location).",
    ),
    _param("page", {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}, "Page number."),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20}, "Results per page."),
    _param(
        "after",
        {"type": "string", "maxLength": 400},
        "The next_after of the previous page of a nationwide list by rating (no place, sort=rating): the page "
        "starts where that one ended. Refused with any other search.",
    ),
]


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _list_of(item: dict) -> dict:
    return {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": item}}}


_BAD = _json("#/components/schemas/Error", "Invalid parameter: the error names the field.")
_NOT_FOUND = _json("#/components/schemas/Error", "Not found.")


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "MoveWell Directory API",
            "version": "1.0.0",
            "description": "Find physiotherapists and remedial massage therapists in Australia. "
            "Read-only; errors are JSON objects with code, message and field.",
            "license": {
                "name": "Place data © GeoNames, CC BY 4.0",
                "url": "https://creativecommons.org/licenses/by/4.0/",
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
                        "200": _json("#/components/schemas/SearchResults", "One page of results."),
                        "400": _BAD,
                        "404": _json("#/components/schemas/Error", "Unknown place; suggestions may follow."),
                    },
                }
            },
            "/practitioners/{slug}": {
                "get": {
                    "operationId": "getPractitioner",
                    "parameters": [_param("slug", {"type": "string"}, "Listing slug.", True, "path")],
                    "responses": {
                        "200": _json("#/components/schemas/PractitionerDetail", "The listing."),
                        "404": _NOT_FOUND,
                    },
                }
            },
            "/practitioners/{slug}/reviews": {
                "get": {
                    "operationId": "listReviews",
                    "parameters": [
                        _param("slug", {"type": "string"}, "Listing slug.", True, "path"),
                        _param("page", {"type": "integer", "minimum": 1}, "Page number."),
                        _param("per_page", {"type": "integer", "minimum": 1, "maximum": 50}, "Reviews per page."),
                        _param(
                            "order",
                            {"type": "string", "enum": ["newest", "highest", "lowest"]},
                            "Newest first (default), highest rated or lowest rated first.",
                        ),
                        _param(
                            "after",
                            {"type": "integer", "minimum": 1},
                            "The next_after of the previous page: this page starts right after that review "
                            "(keyset paging, as fast on page 200 as on page 1); page then only numbers it.",
                        ),
                    ],
                    "responses": {
                        "200": _json("#/components/schemas/ReviewPage", "Published reviews, newest first."),
                        "400": _BAD,
                        "404": _NOT_FOUND,
                    },
                }
            },
            "/places": {
                "get": {
                    "operationId": "autocompletePlaces",
                    "parameters": [
                        _param("q", {"type": "string", "minLength": 1, "maxLength": 120}, "What was typed.", True),
                        _param("limit", {"type": "integer", "minimum": 1, "maximum": 10}, "At most 10."),
                    ],
                    "responses": {
                        "200": {
                            "description": "Matching places, best first.",
                            "content": {
                                "application/json": {"schema": _list_of({"$ref": "#/components/schemas/Place"})}
                            },
                        },
                        "400": _BAD,
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
                                    "schema": _list_of(
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
                                    "schema": _list_of(
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
                                    "schema": _list_of(
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
