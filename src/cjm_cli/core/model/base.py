"""The building blocks of the format: ids, texts, links, the closed vocabularies, and the base of every block
(unknown keys are errors, values are never coerced)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from ..i18n import tr
from ..period import DAY_PATTERN, check_day
from ..text import CONTROL_CHARACTERS

FORMAT_VERSION = 1


def check_characters(value: str) -> str:
    """Refuse a text holding a character no output can carry (`core.text.CONTROL_CHARACTERS`), such as the
    ESC of `"\\e[31m"`: YAML escapes let a map write what its file may not hold."""
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise PydanticCustomError(
            "control_character", "control character {character}", {"character": f"U+{ord(found.group()):04X}"}
        )
    return value


Printable = AfterValidator(check_characters)
"""Every text of the format carries this check (`tests/test_any_text.py` finds one that does not)."""

ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_:-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64)]
# Labels end up in Graphviz, whose labels cannot exceed 16 384 characters; texts stay well below that.
TEXT_MAX = 1000
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX), Printable]
LongText = Annotated[str, Field(min_length=1, max_length=10_000), Printable]
SCALE_LIMIT = 100
"""No emotion scale reaches past -100 or 100 (a scale of 0 to 100 is the widest anyone draws)."""
# A score's range is the map's own `journey.emotion_scale`, checked with the map (core/check.py); the schema
# can only say what no scale allows.
Score = Annotated[int, Field(json_schema_extra={"minimum": -SCALE_LIMIT, "maximum": SCALE_LIMIT})]
Count = Annotated[int, Field(ge=0)]
Amount = Annotated[float, Field(ge=0)]

MapType = Literal["current", "ideal", "day-in-life", "blueprint"]
ChannelKind = Literal[
    "messenger", "site", "chat", "social", "email", "phone", "marketplace", "offline", "ads", "referral", "other"
]
Meaning = Literal["progress", "success", "failure"]
ActionKind = Literal["email", "sms", "message", "call", "task", "notify", "document", "webhook", "other"]
Network = Literal["search", "social", "display", "video"]
Direction = Literal["higher", "lower"]
Confidence = Literal["observed", "inferred", "assumed"]
EvidenceKind = Literal["interview", "survey", "analytics", "support", "observation", "review", "other"]
PlanStatus = Literal["idea", "planned", "in-progress", "done", "dropped"]

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_URL_FORBIDDEN = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f]")


def check_link(value: str) -> str:
    """Allow http(s) and mailto links, site paths (`/...`) and in-page anchors (`#...`), nothing else."""
    if _URL_FORBIDDEN.search(value):
        raise ValueError(tr("a link must not contain spaces, quotes, angle brackets or control characters"))
    lowered = value.lower()
    if lowered.startswith(_SAFE_SCHEMES) or (value.startswith("/") and not value.startswith("//")):
        return value
    if value.startswith("#"):
        return value
    raise ValueError(tr("a link must start with https://, http://, mailto:, / (a page of the site) or #"))


# The same rule for editors (JSON Schema patterns have no flags, hence the spelled-out case). An ECMAScript
# regular expression in unicode mode, as ajv and check-jsonschema read it: there `\"` is no escape, so the
# quote stands in the class as itself.
_LINK_PATTERN = r"""^([Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:|/(?!/)|#)[^\s<>"'`\\]*$"""
Link = Annotated[
    str,
    Field(min_length=1, max_length=2000, json_schema_extra={"pattern": _LINK_PATTERN}),
    Printable,
    AfterValidator(check_link),
]


# YAML 1.2 reads `2025-03-31` as text, as editors do (no timestamps): a day is text, checked to be one.
Day = Annotated[
    str,
    Field(min_length=1, max_length=40, json_schema_extra={"pattern": DAY_PATTERN}),
    Printable,
    AfterValidator(check_day),
]

_INTERVAL = re.compile(r"([1-9][0-9]{0,3}) (day|week|month|year)s?")


def check_interval(value: str) -> str:
    """How often: a number and a unit, `30 days`, `6 weeks`, `3 months`, `1 year`."""
    if not _INTERVAL.fullmatch(value):
        raise ValueError(
            tr("'{text}' is not an interval: write `30 days`, `6 weeks`, `3 months` or `1 year`", text=value[:40])
        )
    return value


Interval = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        json_schema_extra={"pattern": r"^[1-9][0-9]{0,3} (days?|weeks?|months?|years?)$"},
    ),
    Printable,
    AfterValidator(check_interval),
]


def interval_parts(interval: str) -> tuple[int, str]:
    """`3 months` -> (3, "month"): the number and the unit, singular."""
    number, unit = interval.split(" ")
    return int(number), unit.rstrip("s")


def after(day: date, interval: str) -> date:
    """The day `interval` after `day`, by the calendar: a month after 31 January is the last day of February."""
    number, unit = interval_parts(interval)
    if unit in ("day", "week"):
        try:
            return day + timedelta(days=number * (7 if unit == "week" else 1))
        except OverflowError:  # past the year 9999
            return date.max
    months = number * (12 if unit == "year" else 1)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > date.max.year:
        return date.max
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


_TIME = re.compile(r"([01]?[0-9]|2[0-3]):[0-5][0-9]")


def check_time(value: str) -> str:
    """A time of day, `07:30`, or a span of one, `07:30-08:15`."""
    parts = [part.strip() for part in value.split("-")]
    if len(parts) > 2 or not all(_TIME.fullmatch(part) for part in parts):
        raise ValueError(
            tr("'{text}' is not a time of day: write `07:30`, or `07:30-08:15` for a span", text=value[:40])
        )
    return value


TimeOfDay = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        json_schema_extra={"pattern": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]( ?- ?([01]?[0-9]|2[0-3]):[0-5][0-9])?$"},
    ),
    Printable,
    AfterValidator(check_time),
]


def minutes(time: str) -> int:
    """The start of a time of day (`07:30-08:15` -> 450), in minutes after midnight."""
    hours, mins = time.split("-")[0].strip().split(":")
    return int(hours) * 60 + int(mins)


def null_is_a_value(schema: dict[str, Any]) -> None:
    """The JSON Schema of an optional field where `null` written out says something (`feeds: null`): the
    schema leaves `null` out of the other optional fields, for editors' messages (see core/schema.py)."""
    schema["type"] = [schema["type"], "null"]


# Any text: a name that is no rule gets a warning with "did you mean" (see rules.py), not a pattern error.
RuleCode = Annotated[str, Field(min_length=1, max_length=64), Printable]


class Item(BaseModel):
    """Base of every block: unknown keys are errors, and values are never silently coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    ignore: list[RuleCode] | None = None
    """Methodology rules (codes or groups, see `cjm rules`) not to report for this element and everything
    inside it, e.g. `[stage-no-kpi]` on a stage that has no metric on purpose."""

    @field_validator("ignore", mode="before")
    @classmethod
    def _a_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError(tr("`ignore` is a list, even of one code: write `ignore: [{code}]`", code=value[:64]))
        return value


class TextOrItem(Item):
    """An item that may be written as plain text, short for `{text: ...}`."""

    text: Text
    """What it says, in the customer's or the team's words; an item with nothing else may be written as this text
    alone."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        if isinstance(data, dict) and len(data) == 1:
            # `- Price: too high?` is YAML for a mapping; almost always meant as one text.
            [(key, value)] = data.items()
            if key not in cls.model_fields and not isinstance(value, dict | list):
                written = f"{key}: {value}" if value is not None else f"{key}:"
                raise ValueError(
                    tr("'{text}' reads as a key and a value; a text holding ': ' must be quoted", text=written[:60])
                )
        return data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        as_object = handler.resolve_ref_schema(handler(core_schema))
        as_text = {"type": "string", "minLength": 1, "maxLength": TEXT_MAX, "description": "Short for {text: ...}."}
        return {"anyOf": [as_text, dict(as_object)], "description": as_object.get("description", "")}
