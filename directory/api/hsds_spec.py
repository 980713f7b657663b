"""The Open Referral HSDS 3.0 part of the OpenAPI document (decision 0014): the schemas of the
HSDS objects /api/v1/hsds returns, and its paths."""

from __future__ import annotations

from directory.api.spec_helpers import BAD, NO_CONTROLS, json_body, param

_STR = {"type": "string"}
_UUID = {"type": "string", "format": "uuid"}

HSDS_LOCATION = {
    "type": "object",
    "required": ["id", "location_type", "name", "latitude", "longitude", "addresses"],
    "description": "An HSDS 3.0 location: the practice's address and position.",
    "properties": {
        "id": _UUID,
        "location_type": {"type": "string", "enum": ["physical"]},
        "name": _STR,
        "latitude": {"type": "number"},
        "longitude": {"type": "number"},
        "external_identifier": {"type": "string", "description": "The open-data object it came from (node/123)."},
        "external_identifier_type": _STR,
        "addresses": {"type": "array", "items": {"type": "object", "required": ["id", "address_1", "city"]}},
        "phones": {"type": "array", "items": {"type": "object", "required": ["id", "number"]}},
        "accessibility": {"type": "array", "items": {"type": "object", "required": ["id"]}},
    },
}

HSDS_ORGANIZATION = {
    "type": "object",
    "required": ["id", "name", "description"],
    "description": "An HSDS 3.0 organization: a practice, with its location.",
    "properties": {
        "id": _UUID,
        "name": _STR,
        "description": _STR,
        "email": _STR,
        "website": _STR,
        "phones": {"type": "array", "items": {"type": "object", "required": ["id", "number"]}},
        "locations": {"type": "array", "items": {"$ref": "#/components/schemas/HsdsLocation"}},
    },
}

HSDS_SERVICE = {
    "type": "object",
    "required": [
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "status",
        "assured_date",
        "service_at_locations",
    ],
    "description": "An HSDS 3.0 service, fully nested: a practitioner's listing at its practice (no reviews).",
    "properties": {
        "id": _UUID,
        "organization_id": _UUID,
        "name": _STR,
        "description": _STR,
        "url": {"type": "string", "format": "uri"},
        "email": _STR,
        "status": {"type": "string", "enum": ["active"]},
        "assured_date": {
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "The day the listing's details were last confirmed.",
        },
        "accreditations": _STR,
        "fees_description": _STR,
        "phones": {"type": "array", "items": {"type": "object", "required": ["id", "number"]}},
        "languages": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}},
        "schedules": {
            "type": "array",
            "items": {"type": "object", "required": ["id", "freq", "byday", "opens_at", "closes_at"]},
        },
        "organization": {"type": "object", "required": ["id", "name", "description"]},
        "service_at_locations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "service_id", "location_id", "location"],
                "properties": {"location": {"$ref": "#/components/schemas/HsdsLocation"}},
            },
        },
    },
}


def _hsds_page(item: str) -> dict:
    return {
        "type": "object",
        "description": "HSDS's Page: one page of records.",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 1},
            "page_number": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 0},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


HSDS_META = {
    "type": "object",
    "required": ["version", "profile", "openapi_url", "licence", "attribution"],
    "properties": {
        "version": {"type": "string", "enum": ["3.0"]},
        "profile": {"type": "string", "format": "uri"},
        "openapi_url": {"type": "string", "format": "uri"},
        "description": _STR,
        "publisher": {"type": "object"},
        "licence": {
            "type": "object",
            "required": ["name", "url"],
            "description": "The licence of the listings' facts: the Open Database License 1.0.",
        },
        "attribution": {"type": "array", "items": {"type": "object", "required": ["text", "licence"]}},
    },
}


HSDS_SCHEMAS = {
    "HsdsMeta": HSDS_META,
    "HsdsLocation": HSDS_LOCATION,
    "HsdsOrganization": HSDS_ORGANIZATION,
    "HsdsService": HSDS_SERVICE,
    "HsdsServicePage": _hsds_page("HsdsService"),
    "HsdsOrganizationPage": _hsds_page("HsdsOrganization"),
}


PAGE_PARAMETERS = [
    param("page", {"type": "integer", "minimum": 1, "maximum": 100_000}, "Page number (from 1)."),
    param("per_page", {"type": "integer", "minimum": 1, "maximum": 50}, "Records per page (default 20)."),
]
HSDS_ID = {"type": "string", "pattern": NO_CONTROLS}


def hsds_paths() -> dict:
    """Open Referral HSDS 3.0 (decision 0014): the listings' facts as HSDS objects, under the ODbL."""
    by_id = "Not found: no record has this id (ids are the UUIDs the pages give)."
    return {
        "/hsds": {
            "get": {
                "operationId": "getHsdsMeta",
                "summary": "Open Referral HSDS 3.0: the version, where this document is, the data's licence.",
                "responses": {"200": json_body("#/components/schemas/HsdsMeta", "About this HSDS API.")},
            }
        },
        "/hsds/services": {
            "get": {
                "operationId": "listHsdsServices",
                "summary": "A page of services (one per listing), fully nested, in HSDS 3.0.",
                "parameters": PAGE_PARAMETERS,
                "responses": {
                    "200": json_body("#/components/schemas/HsdsServicePage", "A page of services."),
                    "400": BAD,
                },
            }
        },
        "/hsds/services/{id}": {
            "get": {
                "operationId": "getHsdsService",
                "parameters": [param("id", HSDS_ID, "The service's id (a UUID).", True, "path")],
                "responses": {
                    "200": json_body("#/components/schemas/HsdsService", "The service, fully nested."),
                    "400": BAD,
                    "404": json_body("#/components/schemas/Error", by_id),
                },
            }
        },
        "/hsds/organizations": {
            "get": {
                "operationId": "listHsdsOrganizations",
                "summary": "A page of organizations (one per practice) with their location, in HSDS 3.0.",
                "parameters": PAGE_PARAMETERS,
                "responses": {
                    "200": json_body("#/components/schemas/HsdsOrganizationPage", "A page of organizations."),
                    "400": BAD,
                },
            }
        },
        "/hsds/organizations/{id}": {
            "get": {
                "operationId": "getHsdsOrganization",
                "parameters": [param("id", HSDS_ID, "The organization's id (a UUID).", True, "path")],
                "responses": {
                    "200": json_body("#/components/schemas/HsdsOrganization", "The organization."),
                    "400": BAD,
                    "404": json_body("#/components/schemas/Error", by_id),
                },
            }
        },
    }
