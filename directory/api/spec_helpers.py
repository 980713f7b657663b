"""Small builders of the OpenAPI document's parts (parameters, responses, text schemas), shared by
openapi.py and hsds_spec.py."""

from __future__ import annotations


def param(name: str, schema: dict, description: str, required: bool = False, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


# Text parameters refuse control characters (directory.text; the API allows none at all).
NO_CONTROLS = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
# Text that counts as given: at least one character that is not a space.
SOME_TEXT = "\\S"


def given(name: str) -> dict:
    """Schema: the parameter is there with some text (a space alone counts as not given)."""
    return {"required": [name], "properties": {name: {"pattern": SOME_TEXT}}}


def text(max_length: int, **extra) -> dict:
    return {"type": "string", "maxLength": max_length, "pattern": NO_CONTROLS, **extra}


def json_body(schema_ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def list_of(item: dict) -> dict:
    return {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": item}}}


BAD = json_body("#/components/schemas/Error", "Invalid parameter: the error names the field.")
NOT_FOUND = json_body("#/components/schemas/Error", "Not found.")
