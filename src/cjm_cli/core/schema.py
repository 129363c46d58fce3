"""The JSON Schema of the map format, generated from the models (the committed copy is in `schemas/`)."""

from __future__ import annotations

import json
from typing import Any

from .model import FORMAT_VERSION, JourneyMap
from .model_docs import field_docs

SCHEMA_FILE = "schemas/cjm.schema.json"  # the committed copy, relative to the repository root


def json_schema() -> dict[str, Any]:
    schema = JourneyMap.model_json_schema()
    _describe(schema, JourneyMap.__name__)
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, name)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"cjm map, format {FORMAT_VERSION}",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def json_schema_text() -> str:
    """The schema as the bytes `cjm schema` prints: stable key order, UTF-8, a final newline."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _describe(definition: dict[str, Any], class_name: str) -> None:
    """Give each property of a model's schema the field's docstring as its description (for editors)."""
    docs = field_docs().get(class_name, {})
    if "anyOf" in definition:  # an item written as text or as a mapping: the mapping is inside
        docs = {**field_docs()["TextOrItem"], **docs}
    for part in [definition, *definition.get("anyOf", [])]:
        for field, prop in part.get("properties", {}).items():
            if field in docs:
                prop["description"] = docs[field]
