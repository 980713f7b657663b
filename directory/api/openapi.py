"""The OpenAPI 3.1 description of /api/v1. Tests validate real responses against it."""

from __future__ import annotations

from directory.search.services import MAX_PER_PAGE, SORTS

_NULLABLE_STRING = {"type": ["string", "null"]}


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
]

RATING = {
    "type": "object",
    "required": ["average", "count"],
    "properties": {"average": {"type": ["number", "null"]}, "count": {"type": "integer", "minimum": 0}},
}

PRACTITIONER_SUMMARY = {
    "type": "object",
    "required": [
        "slug",
        "name",
        "practice_name",
        "profession",
        "specialties",
        "suburb",
        "state",
        "postcode",
        "lat",
        "lng",
        "rating",
        "claimed",
        "url",
    ],
    "properties": {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "practice_name": {"type": "string"},
        "profession": {"type": "string"},
        "specialties": {"type": "array", "items": {"type": "string"}},
        "suburb": {"type": "string"},
        "state": {"type": "string"},
        "postcode": {"type": "string"},
        "lat": {"type": "number"},
        "lng": {"type": "number"},
        "distance_km": {"type": "number", "minimum": 0},
        "rating": {"$ref": "#/components/schemas/Rating"},
        "claimed": {"type": "boolean"},
        "url": {"type": "string", "format": "uri"},
    },
}

PRACTITIONER_DETAIL = {
    "allOf": [
        {"$ref": "#/components/schemas/PractitionerSummary"},
        {
            "type": "object",
            "required": ["practice", "bio", "languages", "telehealth", "home_visits", "payers", "hours"],
            "properties": {
                "practice": {
                    "type": "object",
                    "required": ["name", "address", "suburb", "state", "postcode"],
                    "properties": {
                        "name": {"type": "string"},
                        "address": {"type": "string"},
                        "suburb": {"type": "string"},
                        "state": {"type": "string"},
                        "postcode": {"type": "string"},
                        "phone": _NULLABLE_STRING,
                        "email": _NULLABLE_STRING,
                        "website": _NULLABLE_STRING,
                        "wheelchair_access": {"type": "boolean"},
                    },
                },
                "registration_number": _NULLABLE_STRING,
                "association": _NULLABLE_STRING,
                "bio": {"type": "string"},
                "languages": {"type": "array", "items": {"type": "string"}},
                "gender": _NULLABLE_STRING,
                "telehealth": {"type": "boolean"},
                "home_visits": {"type": "boolean"},
                "after_hours": {"type": "boolean"},
                "payers": {"type": "array", "items": {"type": "string"}},
                "hours": {"type": "object", "additionalProperties": _NULLABLE_STRING},
                "demo": {"type": "boolean"},
            },
        },
    ]
}

REVIEW = {
    "type": "object",
    "required": ["id", "rating", "title", "body", "display_name", "visit_month", "labels", "response"],
    "properties": {
        "id": {"type": "integer"},
        "rating": {"type": "integer", "minimum": 1, "maximum": 5},
        "title": _NULLABLE_STRING,
        "body": {"type": "string"},
        "display_name": {"type": "string"},
        "visit_month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
        "published_at": _NULLABLE_STRING,
        "labels": {
            "type": "array",
            "items": {"type": "string", "enum": ["verified-visit", "confirmed-email", "demo"]},
            "description": "Where the review comes from: a single-use invite from the practice (verified-visit), "
            "a confirmed e-mail address, or fictional demo data.",
        },
        "aspects": {
            "type": "object",
            "description": "Optional non-clinical ratings (communication, punctuality, explanation, premises).",
            "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
        },
        "response": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["body", "updated_at"],
                    "properties": {"body": {"type": "string"}, "updated_at": {"type": "string"}},
                },
            ],
            "description": "The listing owner's public response, if any.",
        },
    },
}

PLACE = {
    "type": "object",
    "required": ["label", "name", "state", "postcode", "lat", "lng"],
    "properties": {
        "label": {"type": "string"},
        "name": {"type": "string"},
        "state": {"type": "string"},
        "postcode": _NULLABLE_STRING,
        "lat": {"type": "number"},
        "lng": {"type": "number"},
    },
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "field"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": _NULLABLE_STRING,
                "suggestions": {"type": "array", "items": {"$ref": "#/components/schemas/Place"}},
                "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Place"}},
            },
        }
    },
}


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
                                            "required": ["slug", "name"],
                                            "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
                                        }
                                    )
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Rating": RATING,
                "PractitionerSummary": PRACTITIONER_SUMMARY,
                "PractitionerDetail": PRACTITIONER_DETAIL,
                "Review": REVIEW,
                "ReviewPage": {
                    "type": "object",
                    "required": ["results", "total", "page", "per_page", "order", "rating"],
                    "properties": {
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Review"}},
                        "order": {"type": "string", "enum": ["newest", "highest", "lowest"]},
                        "total": {"type": "integer"},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "rating": {
                            "type": "object",
                            "properties": {
                                "average": {"type": ["number", "null"]},
                                "count": {"type": "integer"},
                                "distribution": {"type": "object", "additionalProperties": {"type": "integer"}},
                            },
                        },
                    },
                },
                "Place": PLACE,
                "SearchResults": {
                    "type": "object",
                    "required": ["results", "total", "page", "per_page", "near"],
                    "properties": {
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/PractitionerSummary"}},
                        "total": {"type": "integer", "minimum": 0},
                        "page": {"type": "integer", "minimum": 1},
                        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                        "sort": {"type": "string", "enum": list(SORTS)},
                        "near": {
                            "oneOf": [
                                {"type": "null"},
                                {
                                    "type": "object",
                                    "required": ["label", "lat", "lng"],
                                    "properties": {
                                        "label": {"type": "string"},
                                        "lat": {"type": "number"},
                                        "lng": {"type": "number"},
                                    },
                                },
                            ]
                        },
                    },
                },
                "Error": ERROR,
            }
        },
    }
