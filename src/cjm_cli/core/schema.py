"""The JSON Schema of the map format, generated from the models (the committed copy is in `schemas/`).

Written for editors (the YAML language server) and validators (check-jsonschema, ajv in 2020-12 mode):
- every pattern is an ECMAScript regular expression that also holds in unicode mode;
- an optional field is its type alone, not `anyOf [type, null]`, so that an editor's message names what is
  expected ("must be string") rather than that a value is not null; the models still take an explicit `null`;
- closed vocabularies are enums, `ignore:` lists included (rule codes, groups and `all`);
- every property has the description of its field (its docstring in the `model` package).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .. import SCHEMA_ID
from .model import FORMAT_VERSION, JourneyMap
from .model_docs import field_doc
from .rules import ALL, BY_CODE, GROUPS

SCHEMA_FILE = "schemas/cjm.schema.json"  # the committed copy, relative to the repository root


def rule_names() -> list[str]:
    """What an `ignore:` list may name: every rule code, every group, and `all`."""
    return [*BY_CODE, *GROUPS, ALL]


_RULE_NAME = "RuleName"


class _MapSchema(GenerateJsonSchema):
    """pydantic's schema of the models, in the words editors handle best (see the module's docstring)."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        if schema.get("default", ...) is None:  # "absent" is not a value to suggest
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # "Cjm", "Ignore": a field's title would only repeat its key; its description says more

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        for name, prop in json_schema.get("properties", {}).items():
            description = field_doc(schema["cls"], name)
            if description:
                prop["description"] = description
        return json_schema


def json_schema() -> dict[str, Any]:
    schema = JourneyMap.model_json_schema(schema_generator=_MapSchema)
    for definition in [schema, *schema["$defs"].values()]:
        for part in [definition, *definition.get("anyOf", [])]:  # an item written as text or as a mapping
            if "ignore" in part.get("properties", {}):
                part["properties"]["ignore"]["items"] = {"$ref": f"#/$defs/{_RULE_NAME}"}
    schema["$defs"][_RULE_NAME] = {
        "description": "A methodology rule's code, a group of rules, or `all` (`cjm rules` lists them).",
        "enum": rule_names(),
        "type": "string",
    }
    schema["$defs"] = dict(sorted(schema["$defs"].items()))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"cjm map, format {FORMAT_VERSION}",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def json_schema_text() -> str:
    """The schema as the bytes `cjm schema` prints: stable key order, UTF-8, a final newline."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
