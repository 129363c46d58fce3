"""Stage 3, model (continued): loaded data into a `JourneyMap`, pydantic's errors into positioned problems.

pydantic reports every structural error of a document in one go; each is translated here into a
`Problem` at the position the loader recorded for its location, with a message in the map's terms and,
where it helps, a hint: "did you mean", "quote it", the allowed values.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .load import Document, Path
from .model import ID_PATTERN, SCALE_HINT, JourneyMap, TextOrItem
from .model_docs import field_doc
from .problems import Problem, shown

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
}

_BOUNDS = {
    "greater_than_equal": "it must be at least",
    "less_than_equal": "it must be at most",
    "greater_than": "it must be more than",
    "less_than": "it must be less than",
}


def validate_document(document: Document) -> tuple[JourneyMap | None, list[Problem]]:
    """Validate loaded data against the format; all structural problems of the file at once."""
    try:
        return JourneyMap.model_validate(document.data), []
    except ValidationError as error:
        problems = [_translate(document, detail) for detail in error.errors(include_url=False)]
        return None, _unique(problems)


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt name, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def describe_value(value: Any) -> str:
    """A value as a user wrote it, named by its kind: "the number 1.1", "the text 'no'"."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {shown(repr(value))}"
    if isinstance(value, str):
        return f"the text '{shown(value, 40)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__  # pragma: no cover - the loader only makes the kinds above


def _translate(document: Document, detail: Any) -> Problem:
    raw_loc = detail["loc"]
    loc: Path = tuple(part for part in raw_loc if part != "[key]")
    kind: str = detail["type"]
    value = detail.get("input")
    field = loc[-1] if loc else ""
    what = f"item {field + 1} of '{loc[-2]}'" if isinstance(field, int) and len(loc) > 1 else f"'{shown(field)}'"
    model = _model_at(loc[:-1])

    def problem(code: str, message: str, hint: str = "", at_key: bool = "[key]" in raw_loc) -> Problem:
        return document.problem(loc, "error", code, message, hint, at_key)

    if kind == "missing":
        return problem("missing-key", f"missing required key '{field}'", _field_hint(model, str(field)))
    if loc == ("cjm",):
        hint = "write `cjm: 1`, without quotes" if isinstance(value, str) else "this version of cjm reads `cjm: 1`"
        return problem("version", f"unsupported format version: {describe_value(value)}", hint)
    if kind == "extra_forbidden":
        return problem("unknown-key", f"unknown key '{shown(field)}'", _unknown_key_hint(document, loc), at_key=True)
    if kind in ("model_type", "model_attributes_type") and _is_text_or_item(_model_at(loc)):
        return problem("type", f"expected text, got {describe_value(value)}", _quote_hint(document, loc, value))
    if kind in ("model_type", "model_attributes_type") and isinstance(value, str):
        return problem(
            "type",
            f"expected a mapping of keys, got {describe_value(value)}",
            _example_mapping(_model_at(loc), value),
        )
    if kind in _TYPE_NAMES:
        message = f"expected {_TYPE_NAMES[kind]}, got {describe_value(value)}"
        hint = ""
        if kind == "string_type":
            hint = _quote_hint(document, loc, value)
        elif kind == "bool_type" and isinstance(value, str):
            hint = "write true or false"
        elif kind in ("int_type", "float_type") and isinstance(value, str):
            hint = "write the number without quotes, units or spaces"
        return problem("type", message, hint)
    if kind == "literal_error":
        expected = _literal_choices(loc)
        hint = (suggest(value, expected) if isinstance(value, str) else "") or f"one of: {', '.join(expected)}"
        return problem("value", f"{describe_value(value)} is not allowed for {what}", hint)
    if kind == "string_pattern_mismatch" and detail.get("ctx", {}).get("pattern") == ID_PATTERN:
        return problem(
            "id",
            f"'{shown(value)}' is not a valid id",
            "ids use latin letters, digits, '_', '-' and ':', and no spaces",
        )
    if kind == "string_too_short":
        return problem("value", f"{what} must not be empty", "write a value or remove it")
    if kind == "too_short":
        return problem("value", f"{what} needs at least one item", "add an item or remove the key")
    if kind == "string_too_long":
        limit = detail.get("ctx", {}).get("max_length")
        return problem("value", f"{what} is longer than {limit} characters", "shorten it")
    if kind in _BOUNDS:
        bound = next(iter(detail.get("ctx", {}).values()), "")
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # a float field's bound: `10`, as the map would write it, not `10.0`
        return problem("value", f"{describe_value(value)} is out of range for {what}: {_BOUNDS[kind]} {bound}")
    if kind == "finite_number":
        return problem("value", f"{describe_value(value)} is not allowed for {what}", "write a finite number")
    if kind == "control_character":
        return problem(
            "control-character",
            f"{detail['msg']} in {describe_value(value)} of {what}",
            "remove it: written as a YAML escape (\\e, \\x01...) it is still a character no picture can show",
        )
    if kind == "emotion_scale":  # a score off the map's own scale (`model.journey`)
        return problem("value", detail["msg"], SCALE_HINT.format(**detail["ctx"]))
    if kind == "value_error":
        return problem("value", str(detail["ctx"]["error"]))
    return problem("value", f"{describe_value(value)} is not valid for {what}: {detail['msg']}")


def _quote_hint(document: Document, loc: Path, value: Any) -> str:
    """Why a text field did not get text, and how to write it."""
    written = document.plain_text.get(loc)
    if value is None:
        return "write a value, or remove the key"
    if written is not None:
        return f'YAML reads {written} as {describe_value(value)}; quote it: "{written}"'
    if isinstance(value, dict):
        return "a text holding ': ' must be quoted"
    return ""


def _unknown_key_hint(document: Document, loc: Path) -> str:
    model = _model_at(loc[:-1])
    # `ignore` (silencing rules) is allowed everywhere; listing it with every block's own keys is noise.
    allowed = [name for name in model.model_fields if name != "ignore"] if model else []
    key = str(loc[-1])
    hint = suggest(key, allowed) if len(loc) > 1 else _top_level_hint(key, allowed)
    if hint:
        return hint
    if loc[:-1] in document.flow_mappings and _value_at(document.data, loc) is None:
        return "inside {...} a comma ends a value: quote a text that holds commas"
    return f"allowed keys: {', '.join(allowed)}"


def _value_at(data: Any, loc: Path) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _is_text_or_item(model: type[BaseModel] | None) -> bool:
    return model is not None and issubclass(model, TextOrItem)


def _example_mapping(model: type[BaseModel] | None, value: str) -> str:
    """For a text where a mapping belongs: show the mapping it probably meant."""
    if model is None:
        return ""
    keys = [name for name in ("name", "text", "channel") if name in model.model_fields]
    if not keys:
        return ""
    return "write " + " or ".join(f"{{{key}: {shown(value, 30)}}}" for key in keys)


def _top_level_hint(key: str, allowed: list[str]) -> str:
    """For a key written at the top level that belongs inside a block (`stages`, `pages`): name the block."""
    homes = [
        name
        for name, field in JourneyMap.model_fields.items()
        if (inner := _inner_model(field.annotation)) is not None and key in inner.model_fields
    ]
    if homes and key not in ("id", "name", "description"):
        named = [f"`{home}:`" for home in homes]
        blocks = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
        return f"`{key}` belongs inside {blocks}, indented under it"
    return suggest(key, allowed)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _model_at(loc: Path) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc` (walking field annotations from the root)."""
    model: type[BaseModel] | None = JourneyMap
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `X | None`, `list[X]`, `Annotated[list[X], ...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _literal_choices(loc: Path) -> list[str]:
    model = _model_at(loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model else None
    if field is None:
        return []
    return [str(choice) for choice in _literal_values(field.annotation)]


def _literal_values(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return [value for argument in typing.get_args(annotation) for value in _literal_values(argument)]


def _field_hint(model: type[BaseModel] | None, name: str) -> str:
    if name == "cjm":
        return "start the map with `cjm: 1`, the format version"
    doc = field_doc(model, name) if model else ""
    return f"{name}: {doc[:1].lower()}{doc[1:]}" if doc else ""
