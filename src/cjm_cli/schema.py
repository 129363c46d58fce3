"""The JSON Schema of the map format, generated from the models (the committed copy is in `schemas/`)."""

from __future__ import annotations

import json
from typing import Any

from .model import FORMAT_VERSION, JourneyMap

SCHEMA_FILE = "schemas/cjm.schema.json"  # the committed copy, relative to the repository root


def json_schema() -> dict[str, Any]:
    schema = JourneyMap.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"cjm map, format {FORMAT_VERSION}",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def json_schema_text() -> str:
    """The schema as the bytes `cjm schema` prints: stable key order, UTF-8, a final newline."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
