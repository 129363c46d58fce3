"""Bitrix24 `crm.status.list` in: lead statuses -> `leads`, deal stages -> one pipeline per category in `deals`,
lead sources -> `channels`.

The input is the JSON the REST method returns (https://apidocs.bitrix24.com/api-reference/crm/status/
crm-status-list.html), as the bare array or in its `{"result": [...], "total": ...}` envelope. Each item has
`ENTITY_ID`, `STATUS_ID`, `NAME`, `SORT`, `SEMANTICS` (`S` success, `F` failure, null for in progress) and
`EXTRA.SEMANTICS` (`process`, `success`, `failure`, `apology`). `ENTITY_ID` says what an item is:
`STATUS` a lead status, `DEAL_STAGE` a stage of the general pipeline, `DEAL_STAGE_<n>` a stage of pipeline
(category) n, whose stage ids read `C<n>:NEW`; `SOURCE` a lead source. Other directories are skipped.

Stage ids stay Bitrix24's (`NEW`, `C1:PREPAYMENT_INVOICE`, `UC_3XYZ12`), so the map can be compared with the
CRM; pipeline names are not part of this method's answer (they come from `crm.category.list`): the import
names them "Pipeline <n>", and `--into` keeps the names a map already gives them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..core.problems import START, Position
from ..core.read import position_of_offset
from .common import Imported, Problems, fit, language, one_line
from .ids import as_id
from .source import read_text

_DEAL_STAGE = re.compile(r"^DEAL_STAGE(?:_(\d+))?$")
_CATEGORY_PREFIX = re.compile(r"^C(\d+):")
_MEANINGS = {"process": "progress", "success": "success", "failure": "failure", "apology": "failure"}
_SHORT_MEANINGS = {"S": "success", "F": "failure", "P": "progress", "": "progress"}

# What kind of channel a lead source is, and whether its requests reach the CRM by themselves.
_SOURCES: dict[str, tuple[str, bool]] = {
    "CALL": ("phone", True),
    "CALLBACK": ("phone", True),
    "EMAIL": ("email", True),
    "WEB": ("site", False),
    "WEBFORM": ("site", True),
    "STORE": ("site", True),
    "BOOKING": ("site", True),
    "ADVERTISING": ("ads", False),
    "PARTNER": ("referral", False),
    "RECOMMENDATION": ("referral", False),
    "TRADE_SHOW": ("offline", False),
    "RC_GENERATOR": ("other", True),
    "REPEAT_SALE": ("other", True),
    "OTHER": ("other", False),
}
# Open-line connectors (`5|TELEGRAM`, `7|WHATSAPPBYTWILIO`): all of them reach the CRM by themselves.
_CONNECTORS = (
    (("TELEGRAM", "VIBER", "WHATSAPP", "WECHAT", "IMESSAGE", "MAX"), "messenger"),
    (("LIVECHAT", "OPENLINE", "NETWORK"), "chat"),
    (("FACEBOOK", "FBINSTAGRAM", "INSTAGRAM", "VK", "OK", "ODNOKLASSNIKI"), "social"),
    (("AVITO", "OLX", "KUFAR"), "marketplace"),
    (("MAIL",), "email"),
)

_WORDS = {
    "en": {"title": "Bitrix24: leads, deals and sources", "general": "General pipeline", "pipeline": "Pipeline {n}"},
    "ru": {"title": "Битрикс24: лиды, сделки и источники", "general": "Общая воронка", "pipeline": "Воронка {n}"},
}


@dataclass
class Status:
    entity: str
    id: str
    name: str
    sort: int
    meaning: str
    position: Position
    order: int


def import_bitrix24(argument: str, sink: Problems) -> Imported:
    source = read_text(argument, sink)
    if source is None:
        return sink.result(None)
    items = _items(source.text, sink)
    if items is None:
        return sink.result(None)
    statuses = [status for index, item in enumerate(items) if (status := _status(item, index, sink)) is not None]
    if sink.failed:
        return sink.result(None)
    return sink.result(_to_map(statuses, sink))


# --- reading the JSON ---------------------------------------------------------------------------------------------


def _items(text: str, sink: Problems) -> list[tuple[Any, Position]] | None:
    """The status objects with the position each starts at, or None after reporting why there are none."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # A string runs to the end of the file, or the file ends where JSON expects more: it was cut short.
        cut_short = error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string")
        sink.error(
            Position(error.lineno, error.colno),
            "json-syntax",
            f"invalid JSON: {error.msg}",
            "the file ends too early: it looks cut short" if cut_short else "check the JSON near this position",
        )
        return None
    except RecursionError:
        sink.error(START, "too-deep", "the JSON is nested too deep", "this is not a crm.status.list answer")
        return None
    if isinstance(data, dict) and "error" in data:
        detail = f"{data.get('error')}: {data.get('error_description', '')}".rstrip(": ")
        sink.error(START, "bitrix24-error", f"the file is Bitrix24's error answer: {one_line(detail)[:200]}", "")
        return None
    items = data.get("result") if isinstance(data, dict) else data
    if not isinstance(items, list):
        sink.error(
            START,
            "json-shape",
            'expected the answer of crm.status.list: a list of statuses, or {"result": [...]}',
            "call crm.status.list and save its answer as it is",
        )
        return None
    if isinstance(data, dict) and isinstance(data.get("total"), int) and data["total"] > len(items):
        sink.warning(
            START,
            "incomplete",
            f"the file holds {len(items)} of {data['total']} statuses: one page of the answer",
            "fetch every page (the `start` parameter) and import them together as one list",
        )
    offsets = _item_offsets(text)
    return [(item, position_of_offset(text, offset)) for item, offset in zip(items, offsets, strict=True)]


def _item_offsets(text: str) -> list[int]:
    """Where each item of the status list starts, in the bare array or in the envelope's `result`."""
    decoder = json.JSONDecoder()
    index = _skip(text, 0)
    if text[index] == "[":
        return _array_offsets(text, index, decoder)
    found: list[int] = []
    index = _skip(text, index + 1)
    while text[index] != "}":
        key, index = decoder.raw_decode(text, index)
        index = _skip(text, _skip(text, index) + 1)  # past the ':'
        if key == "result":
            found = _array_offsets(text, index, decoder)  # the last `result` wins, as in json.loads
        _, index = decoder.raw_decode(text, index)
        index = _skip(text, index)
        if text[index] == ",":
            index = _skip(text, index + 1)
    return found


def _array_offsets(text: str, index: int, decoder: json.JSONDecoder) -> list[int]:
    offsets = []
    index = _skip(text, index + 1)
    while text[index] != "]":
        offsets.append(index)
        _, index = decoder.raw_decode(text, index)
        index = _skip(text, index)
        if text[index] == ",":
            index = _skip(text, index + 1)
    return offsets


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\n\r":
        index += 1
    return index


def _status(entry: tuple[Any, Position], order: int, sink: Problems) -> Status | None:
    item, where = entry
    if not isinstance(item, dict):
        sink.error(where, "json-shape", f"item {order + 1} is not an object", 'each status is {"STATUS_ID": ...}')
        return None
    entity = item.get("ENTITY_ID")
    status_id = item.get("STATUS_ID")
    for key, value in (("ENTITY_ID", entity), ("STATUS_ID", status_id)):
        if not isinstance(value, str) or not value.strip():
            sink.error(where, "json-shape", f"item {order + 1} has no {key}", f"each status has a text {key}")
            return None
    assert isinstance(entity, str) and isinstance(status_id, str)
    name = item.get("NAME")
    name = one_line(name) if isinstance(name, str) else ""
    if not name:
        sink.warning(where, "json-shape", f"status {status_id[:40]} has no NAME; its id is used as the name", "")
        name = one_line(status_id)
    return Status(
        entity.strip(),
        status_id.strip(),
        fit(name, sink, where, "the name"),
        _sort(item.get("SORT"), status_id, where, sink),
        _meaning(item, status_id, where, sink),
        where,
        order,
    )


def _sort(value: Any, status_id: str, where: Position, sink: Problems) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,12}\s*", value):
        return int(value)
    if value is not None:
        sink.warning(where, "json-shape", f"SORT of {status_id[:40]} is not a number; it keeps its place in the file")
    return 1 << 62


def _meaning(item: dict[str, Any], status_id: str, where: Position, sink: Problems) -> str:
    extra = item.get("EXTRA")
    semantics = extra.get("SEMANTICS") if isinstance(extra, dict) else None
    if isinstance(semantics, str) and semantics in _MEANINGS:
        return _MEANINGS[semantics]
    short = item.get("SEMANTICS")
    short = "" if short is None else short
    if isinstance(short, str) and short in _SHORT_MEANINGS:
        return _SHORT_MEANINGS[short]
    sink.warning(where, "json-shape", f"unknown SEMANTICS of {status_id[:40]}; read as in progress", "")
    return "progress"


# --- the map ------------------------------------------------------------------------------------------------------


def _to_map(statuses: list[Status], sink: Problems) -> dict[str, Any] | None:
    leads = _sorted([s for s in statuses if s.entity == "STATUS"], sink)
    sources = _sorted([s for s in statuses if s.entity == "SOURCE"], sink)
    categories: dict[int, list[Status]] = {}
    for status in statuses:
        match = _DEAL_STAGE.match(status.entity)
        if match:
            categories.setdefault(int(match.group(1) or 0), []).append(status)
    if not (leads or sources or categories):
        found = sorted({s.entity for s in statuses})
        sink.error(
            START,
            "nothing-to-import",
            "no lead statuses (ENTITY_ID STATUS), deal stages (DEAL_STAGE...) or sources (SOURCE) in the file",
            f"ENTITY_IDs found: {', '.join(found)[:200]}" if found else "the list is empty",
        )
        return None
    lang = language([s.name for s in statuses])
    words = _WORDS[lang]
    data: dict[str, Any] = {"cjm": 1, "title": words["title"], "lang": lang}
    if sources:
        data["channels"] = [_channel(s) for s in sources]
    if leads:
        data["leads"] = {"stages": [_stage(s) for s in leads]}
    if categories:
        data["deals"] = [
            {
                "id": f"pipeline_{n}",
                "name": words["general"] if n == 0 else words["pipeline"].format(n=n),
                "stages": [_stage(s) for s in _sorted(categories[n], sink)],
            }
            for n in sorted(categories)
        ]
    return data


def _sorted(statuses: list[Status], sink: Problems) -> list[Status]:
    """In the CRM's order (SORT, then the file's), each id once."""
    seen: dict[str, Status] = {}
    for status in sorted(statuses, key=lambda s: (s.sort, s.order)):
        if as_id(status.id) in seen:
            sink.warning(status.position, "duplicate-id", f"{status.id[:40]} appears twice; the first one is kept")
            continue
        seen[as_id(status.id)] = status
    return list(seen.values())


def _stage(status: Status) -> dict[str, Any]:
    stage: dict[str, Any] = {"id": as_id(status.id), "name": status.name}
    if status.meaning != "progress":
        stage["meaning"] = status.meaning
    return stage


def _channel(status: Status) -> dict[str, Any]:
    kind, crm = _source_kind(status.id)
    return {"id": as_id(status.id), "name": status.name, "kind": kind, "crm": crm, "feeds": "leads"}


def _source_kind(status_id: str) -> tuple[str, bool]:
    if status_id in _SOURCES:
        return _SOURCES[status_id]
    _, bar, connector = status_id.partition("|")
    if bar:  # an open line: `<line id>|<connector>`
        upper = connector.upper()
        for names, kind in _CONNECTORS:
            if any(name in upper for name in names):
                return kind, True
        return "chat", True
    if status_id.isdigit() and len(status_id) >= 5:  # a telephony line, named by its number
        return "phone", True
    return "other", False


def category_of(stage_ids: list[str]) -> int | None:
    """The Bitrix24 category (pipeline number) of a pipeline's stage ids: `C1:NEW` -> 1, `NEW` -> 0;
    None when the ids disagree."""
    found = {int(m.group(1)) if (m := _CATEGORY_PREFIX.match(i)) else 0 for i in stage_ids}
    return found.pop() if len(found) == 1 else None
