"""The JSON shapes of /api/v1 as OpenAPI 3.1 schemas: the ``components`` of the document."""

from __future__ import annotations

from directory.api.hsds_spec import HSDS_SCHEMAS
from directory.search.params import MAX_PER_PAGE, SORTS

_NULLABLE_STRING = {"type": ["string", "null"]}


_OWN_SOURCE = {
    "type": "string",
    "enum": ["movewell"],
    "description": "Whose rating this is: movewell, the published reviews on this directory. Ratings from "
    "other sites are shown on listing pages, labelled, and never counted here.",
}

RATING = {
    "type": "object",
    "required": ["source", "average", "count"],
    "properties": {
        "source": _OWN_SOURCE,
        "average": {"type": ["number", "null"]},
        "count": {"type": "integer", "minimum": 0},
    },
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
                "credential": {
                    "type": "object",
                    "required": ["status", "checked_at"],
                    "description": "The registration (Ahpra) or membership number's state: self_declared "
                    "(given to us, not checked), checked (found current on the public register or with the "
                    "association on checked_at), lapsed (not current on checked_at), or none (no number).",
                    "properties": {
                        "status": {"type": "string", "enum": ["none", "self_declared", "checked", "lapsed"]},
                        "checked_at": _NULLABLE_STRING,
                    },
                },
                "confirmed": {
                    "type": "object",
                    "required": ["at", "by"],
                    "description": "When the listing's details were last confirmed, and by whom.",
                    "properties": {
                        "at": {"type": "string"},
                        "by": {"type": "string", "enum": ["owner", "admin", "import"]},
                    },
                },
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
            "items": {"type": "string", "enum": ["invited-by-practice", "confirmed-email", "demo"]},
            "description": "Where the review comes from: a single-use invite from the practice "
            "(invited-by-practice; the practice chose whom to invite, and nothing else checks the visit), "
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

REVIEW_PAGE = {
    "type": "object",
    "required": ["results", "total", "page", "per_page", "order", "rating"],
    "properties": {
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Review"}},
        "next_after": {
            "type": ["integer", "null"],
            "description": "Pass as after (with page + 1) to read the next page; null on the last page.",
        },
        "order": {"type": "string", "enum": ["newest", "highest", "lowest"]},
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "rating": {
            "type": "object",
            "required": ["source", "average", "count", "distribution"],
            "properties": {
                "source": _OWN_SOURCE,
                "average": {"type": ["number", "null"]},
                "count": {"type": "integer"},
                "distribution": {"type": "object", "additionalProperties": {"type": "integer"}},
            },
        },
    },
}

SEARCH_RESULTS = {
    "type": "object",
    "required": ["results", "total", "total_relation", "page", "per_page", "near", "next_after"],
    "properties": {
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/PractitionerSummary"}},
        "total": {
            "type": "integer",
            "minimum": 0,
            "description": "How many practitioners match: exact when total_relation is eq; when it is gt, "
            "more than this many match (counting stops at a cap of at most 100 so that a count never "
            "costs a scan of every match).",
        },
        "total_relation": {
            "type": "string",
            "enum": ["eq", "gt"],
            "description": "eq: total is exact. gt: more than total match; page on while next pages are full.",
        },
        "next_after": {
            "type": ["string", "null"],
            "description": "For a nationwide list by rating: pass as `after`, with page + 1, to read the next "
            "page from where this one ended. Null when there is no next page or the list is not such a list.",
        },
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
}

COMPONENTS = {
    "schemas": {
        **HSDS_SCHEMAS,
        "Rating": RATING,
        "PractitionerSummary": PRACTITIONER_SUMMARY,
        "PractitionerDetail": PRACTITIONER_DETAIL,
        "Review": REVIEW,
        "ReviewPage": REVIEW_PAGE,
        "Place": PLACE,
        "SearchResults": SEARCH_RESULTS,
        "Error": ERROR,
    }
}
