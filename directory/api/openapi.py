"""The OpenAPI 3.1 description of /api/v1. Tests validate real responses against it."""

from __future__ import annotations

from directory.api.schemas import COMPONENTS
from directory.practitioners.taxonomy import PAYERS, PROFESSIONS, SPECIALTIES
from directory.search.params import DEFAULT_PER_PAGE, MAX_ID, MAX_PAGE, MAX_PER_PAGE, MAX_TEXT, SORTS


def _param(name: str, schema: dict, description: str, required: bool = False, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


# Text parameters refuse control characters (directory.text; the API allows none at all).
NO_CONTROLS = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
# Text that counts as given: at least one character that is not a space.
SOME_TEXT = "\\S"


def _given(name: str) -> dict:
    """Schema: the parameter is there with some text (a space alone counts as not given)."""
    return {"required": [name], "properties": {name: {"pattern": SOME_TEXT}}}


def _text(max_length: int, **extra) -> dict:
    return {"type": "string", "maxLength": max_length, "pattern": NO_CONTROLS, **extra}


# The search parameters form one object, each property a query parameter of its own (form
# style, exploded), so that the rules between them are part of the contract: lat and lng come
# together; sorting by distance needs a place or a point; sorting by relevance needs text.
SEARCH_SCHEMA = {
    "type": "object",
    "properties": {
        "near": _text(
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
        "q": _text(
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
                    {"not": {"anyOf": [{"required": ["lat"]}, _given("near")]}},
                    {
                        "anyOf": [
                            {"required": ["sort"], "properties": {"sort": {"const": "rating"}}},
                            {"allOf": [{"not": {"required": ["sort"]}}, {"not": _given("q")}]},
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


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _list_of(item: dict) -> dict:
    return {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": item}}}


_BAD = _json("#/components/schemas/Error", "Invalid parameter: the error names the field.")
_NOT_FOUND = _json("#/components/schemas/Error", "Not found.")


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
                        "200": _json("#/components/schemas/SearchResults", "One page of results."),
                        "400": _BAD,
                        "404": _json("#/components/schemas/Error", "Unknown place; suggestions may follow."),
                    },
                }
            },
            "/practitioners/{slug}": {
                "get": {
                    "operationId": "getPractitioner",
                    "parameters": [_param("slug", SLUG, "Listing slug.", True, "path")],
                    "responses": {
                        "200": _json("#/components/schemas/PractitionerDetail", "The listing."),
                        "400": _BAD,
                        "404": _NOT_FOUND,
                    },
                }
            },
            "/practitioners/{slug}/reviews": {
                "get": {
                    "operationId": "listReviews",
                    "parameters": [
                        _param("slug", SLUG, "Listing slug.", True, "path"),
                        _param("page", {"type": "integer", "minimum": 1, "maximum": MAX_REVIEW_PAGE}, "Page number."),
                        _param("per_page", {"type": "integer", "minimum": 1, "maximum": 50}, "Reviews per page."),
                        _param(
                            "order",
                            {"type": "string", "enum": ["newest", "highest", "lowest"]},
                            "Newest first (default), highest rated or lowest rated first.",
                        ),
                        _param(
                            "after",
                            {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
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
                        _param(
                            "q",
                            _text(120, minLength=1, allOf=[{"pattern": SOME_TEXT}]),
                            "What was typed: at least one character that is not a space.",
                            True,
                        ),
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
    document["paths"].update(_hsds_paths())
    return document


_HSDS_PAGE_PARAMETERS = [
    _param("page", {"type": "integer", "minimum": 1, "maximum": 100_000}, "Page number (from 1)."),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": 50}, "Records per page (default 20)."),
]
_HSDS_ID = {"type": "string", "pattern": NO_CONTROLS}


def _hsds_paths() -> dict:
    """Open Referral HSDS 3.0 (decision 0014): the listings' facts as HSDS objects, under the ODbL."""
    by_id = "Not found: no record has this id (ids are the UUIDs the pages give)."
    return {
        "/hsds": {
            "get": {
                "operationId": "getHsdsMeta",
                "summary": "Open Referral HSDS 3.0: the version, where this document is, the data's licence.",
                "responses": {"200": _json("#/components/schemas/HsdsMeta", "About this HSDS API.")},
            }
        },
        "/hsds/services": {
            "get": {
                "operationId": "listHsdsServices",
                "summary": "A page of services (one per listing), fully nested, in HSDS 3.0.",
                "parameters": _HSDS_PAGE_PARAMETERS,
                "responses": {
                    "200": _json("#/components/schemas/HsdsServicePage", "A page of services."),
                    "400": _BAD,
                },
            }
        },
        "/hsds/services/{id}": {
            "get": {
                "operationId": "getHsdsService",
                "parameters": [_param("id", _HSDS_ID, "The service's id (a UUID).", True, "path")],
                "responses": {
                    "200": _json("#/components/schemas/HsdsService", "The service, fully nested."),
                    "400": _BAD,
                    "404": _json("#/components/schemas/Error", by_id),
                },
            }
        },
        "/hsds/organizations": {
            "get": {
                "operationId": "listHsdsOrganizations",
                "summary": "A page of organizations (one per practice) with their location, in HSDS 3.0.",
                "parameters": _HSDS_PAGE_PARAMETERS,
                "responses": {
                    "200": _json("#/components/schemas/HsdsOrganizationPage", "A page of organizations."),
                    "400": _BAD,
                },
            }
        },
        "/hsds/organizations/{id}": {
            "get": {
                "operationId": "getHsdsOrganization",
                "parameters": [_param("id", _HSDS_ID, "The organization's id (a UUID).", True, "path")],
                "responses": {
                    "200": _json("#/components/schemas/HsdsOrganization", "The organization."),
                    "400": _BAD,
                    "404": _json("#/components/schemas/Error", by_id),
                },
            }
        },
    }
