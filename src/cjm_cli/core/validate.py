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

from . import i18n
from .i18n import N_, tr
from .load import Document, Path
from .model import ID_PATTERN, SCALE_HINT, JourneyMap, TextOrItem
from .model_docs import field_doc
from .problems import Problem, shown

# pydantic's error types a map can meet, in cjm's words (pydantic's own messages are English only).
_TYPE_NAMES = {
    "string_type": N_("text"),
    "int_type": N_("a whole number"),
    "float_type": N_("a number"),
    "bool_type": N_("true or false"),
    "list_type": N_("a list"),
    "dict_type": N_("a mapping"),
    "model_type": N_("a mapping of keys"),
    "model_attributes_type": N_("a mapping of keys"),
}

_BOUNDS = {
    "greater_than_equal": N_("{value} is out of range for {what}: it must be at least {bound}"),
    "less_than_equal": N_("{value} is out of range for {what}: it must be at most {bound}"),
    "greater_than": N_("{value} is out of range for {what}: it must be more than {bound}"),
    "less_than": N_("{value} is out of range for {what}: it must be less than {bound}"),
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
    return tr("did you mean '{name}'?", name=close[0]) if close else ""


def describe_value(value: Any) -> str:
    """A value as a user wrote it, named by its kind: "the number 1.1", "the text 'no'"."""
    if value is None:
        return tr("nothing (null)")
    if isinstance(value, bool):
        return tr("the boolean {value}", value=str(value).lower())
    if isinstance(value, int | float):
        return tr("the number {value}", value=shown(repr(value)))
    if isinstance(value, str):
        return tr("the text '{value}'", value=shown(value, 40))
    if isinstance(value, list):
        return tr("a list")
    if isinstance(value, dict):
        return tr("a mapping")
    return type(value).__name__  # pragma: no cover - the loader only makes the kinds above


def _translate(document: Document, detail: Any) -> Problem:
    raw_loc = detail["loc"]
    loc: Path = tuple(part for part in raw_loc if part != "[key]")
    kind: str = detail["type"]
    value = detail.get("input")
    field = loc[-1] if loc else ""
    if isinstance(field, int) and len(loc) > 1:
        what = tr("item {number} of '{key}'", number=field + 1, key=loc[-2])
    else:
        what = tr("'{key}'", key=shown(field))
    model = _model_at(loc[:-1])

    def problem(code: str, message: str, hint: str = "", at_key: bool = "[key]" in raw_loc) -> Problem:
        return document.problem(loc, "error", code, message, hint, at_key)

    if kind == "missing":
        return problem("missing-key", tr("missing required key '{key}'", key=field), _field_hint(model, str(field)))
    described = describe_value(value)
    if loc == ("cjm",):
        hint = (
            tr("write `cjm: 1`, without quotes") if isinstance(value, str) else tr("this version of cjm reads `cjm: 1`")
        )
        return problem("version", tr("unsupported format version: {value}", value=described), hint)
    if kind == "extra_forbidden":
        message = tr("unknown key '{key}'", key=shown(field))
        return problem("unknown-key", message, _unknown_key_hint(document, loc), at_key=True)
    if kind in ("model_type", "model_attributes_type") and _is_text_or_item(_model_at(loc)):
        message = tr("expected text, got {value}", value=described)
        return problem("type", message, _quote_hint(document, loc, value))
    if kind in ("model_type", "model_attributes_type") and isinstance(value, str):
        message = tr("expected a mapping of keys, got {value}", value=described)
        return problem("type", message, _example_mapping(_model_at(loc), value))
    if kind in _TYPE_NAMES:
        message = tr("expected {kind}, got {value}", kind=tr(_TYPE_NAMES[kind]), value=described)
        hint = ""
        if kind == "string_type":
            hint = _quote_hint(document, loc, value)
        elif kind == "bool_type" and isinstance(value, str):
            hint = tr("write true or false")
        elif kind in ("int_type", "float_type") and isinstance(value, str):
            hint = tr("write the number without quotes, units or spaces")
        return problem("type", message, hint)
    if kind == "literal_error":
        expected = _literal_choices(loc)
        hint = (suggest(value, expected) if isinstance(value, str) else "") or tr(
            "one of: {choices}", choices=", ".join(expected)
        )
        return problem("value", tr("{value} is not allowed for {what}", value=described, what=what), hint)
    if kind == "string_pattern_mismatch" and detail.get("ctx", {}).get("pattern") == ID_PATTERN:
        return problem(
            "id",
            tr("'{id}' is not a valid id", id=shown(value)),
            tr("ids use latin letters, digits, '_', '-' and ':', and no spaces"),
        )
    if kind == "string_too_short":
        return problem("value", tr("{what} must not be empty", what=what), tr("write a value or remove it"))
    if kind == "too_short":
        return problem("value", tr("{what} needs at least one item", what=what), tr("add an item or remove the key"))
    if kind == "string_too_long":
        limit = detail.get("ctx", {}).get("max_length")
        message = tr("{what} is longer than {limit} characters", what=what, limit=limit)
        return problem("value", message, tr("shorten it"))
    if kind in _BOUNDS:
        bound = next(iter(detail.get("ctx", {}).values()), "")
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # a float field's bound: `10`, as the map would write it, not `10.0`
        return problem("value", tr(_BOUNDS[kind], value=described, what=what, bound=bound))
    if kind == "finite_number":
        message = tr("{value} is not allowed for {what}", value=described, what=what)
        return problem("value", message, tr("write a finite number"))
    if kind == "control_character":
        return problem(
            "control-character",
            tr("{character} in {value} of {what}", character=_control_character(detail), value=described, what=what),
            tr("remove it: written as a YAML escape (\\e, \\x01...) it is still a character no picture can show"),
        )
    if kind == "emotion_scale":  # a score off the map's own scale (`model.journey`)
        return problem("value", detail["msg"], SCALE_HINT.format(**detail["ctx"]))
    if kind == "value_error":
        return problem("value", str(detail["ctx"]["error"]))
    # A check of pydantic's that no field of the format asks for today: its own (English) words, named as ours.
    return problem(
        "value", tr("{value} is not valid for {what}: {reason}", value=described, what=what, reason=detail["msg"])
    )


def _control_character(detail: Any) -> str:
    """`control character U+001B` (from `model.base.check_characters`), in the user's language."""
    return tr("control character {character}", character=detail.get("ctx", {}).get("character", "?"))


def _quote_hint(document: Document, loc: Path, value: Any) -> str:
    """Why a text field did not get text, and how to write it."""
    written = document.plain_text.get(loc)
    if value is None:
        return tr("write a value, or remove the key")
    if written is not None:
        return tr(
            'YAML reads {written} as {value}; quote it: "{written}"', written=written, value=describe_value(value)
        )
    if isinstance(value, dict):
        return tr("a text holding ': ' must be quoted")
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
        return tr("inside {...} a comma ends a value: quote a text that holds commas")
    return tr("allowed keys: {keys}", keys=", ".join(allowed))


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
    return tr("write {examples}", examples=tr(" or ").join(f"{{{key}: {shown(value, 30)}}}" for key in keys))


def _top_level_hint(key: str, allowed: list[str]) -> str:
    """For a key written at the top level that belongs inside a block (`stages`, `pages`): name the block."""
    homes = [
        name
        for name, field in JourneyMap.model_fields.items()
        if (inner := _inner_model(field.annotation)) is not None and key in inner.model_fields
    ]
    if homes and key not in ("id", "name", "description"):
        named = [f"`{home}:`" for home in homes]
        blocks = named[0] if len(named) == 1 else f"{', '.join(named[:-1])}{tr(' or ')}{named[-1]}"
        return tr("`{key}` belongs inside {blocks}, indented under it", key=key, blocks=blocks)
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
        return tr("start the map with `cjm: 1`, the format version")
    if i18n.current() != i18n.ENGLISH:  # the format's descriptions (docs/format.md, the schema) are English
        return tr("add the key `{key}`", key=name)
    doc = field_doc(model, name) if model else ""
    return f"{name}: {doc[:1].lower()}{doc[1:]}" if doc else ""
