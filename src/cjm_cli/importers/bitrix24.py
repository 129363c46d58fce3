"""Bitrix24 `crm.status.list` in: lead statuses -> `leads`, deal stages -> one pipeline per category in `deals`,
lead sources -> `channels`.

The input is the JSON the REST method returns (https://apidocs.bitrix24.com/api-reference/crm/status/
crm-status-list.html), as the bare array or in its `{"result": [...], "total": ...}` envelope. Each item has
`ENTITY_ID`, `STATUS_ID`, `NAME`, `SORT`, `SEMANTICS` (`S` success, `F` failure, null for in progress) and
`EXTRA.SEMANTICS` (`process`, `success`, `failure`, `apology`). `ENTITY_ID` says what an item is:
`STATUS` a lead status, `DEAL_STAGE` a stage of the general pipeline, `DEAL_STAGE_<n>` a stage of pipeline
(category) n, whose stage ids read `C<n>:NEW`; `SOURCE` a lead source. Other directories (`INDUSTRY`,
`CONTACT_TYPE`...) are left out, with a warning at the first item of each; so are categories of other
entities than deals.

Stage ids stay Bitrix24's (`NEW`, `C1:PREPAYMENT_INVOICE`, `UC_3XYZ12`), so the map can be compared with the
CRM; pipeline names are not part of this method's answer (they come from `crm.category.list`): the import
names them "Pipeline <n>", and `--into` keeps the names a map already gives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.problems import START, Position
from .bitrix24_answer import Entry, read_answer
from .common import Imported, Problems, fit, language, one_line
from .ids import as_id
from .source import name_of, read_text

_DEAL_STAGE = re.compile(r"^DEAL_STAGE(?:_(\d{1,9}))?$")  # no category number is longer
_SURROGATE = re.compile("[\ud800-\udfff]")
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


def import_bitrix24(arguments: list[str], sink: Problems) -> Imported:
    """The map of one answer, or of several files together: the pages of a long answer, a batch, the pipelines'
    names from crm.category.list."""
    statuses: list[Status] = []
    names: dict[int, tuple[str, Position, Problems]] = {}  # category -> its name, where it is named
    counted, totals = 0, []
    for argument in arguments:
        file_sink = sink.file(name_of(argument))
        source = read_text(argument, file_sink)
        answer = read_answer(source.text, file_sink) if source is not None else None
        if answer is None:
            continue
        read: list[Status] = []
        for number, entry in enumerate(answer.statuses, start=1):
            status = _status(entry, number, len(statuses) + len(read), file_sink)
            if status is not None:
                read.append(status)
        _warn_other_directories(read, file_sink)
        statuses += read
        counted += len(answer.statuses)
        totals += [answer.total] if answer.total is not None else []
        names.update(_category_names(answer.categories, file_sink))
    if sink.failed:
        return sink.result(None)
    staged = {int(m.group(1) or 0) for s in statuses if (m := _DEAL_STAGE.match(s.entity))}
    for number, (name, where, file_sink) in names.items():
        if number not in staged:
            file_sink.warning(
                where,
                "unused",
                f"pipeline {number} ({name[:40]}) has no deal stages in the files: its name is not used",
                "import its stages with it (crm.status.list, ENTITY_ID DEAL_STAGE or DEAL_STAGE_<n>)",
            )
    if totals and max(totals) > counted:
        sink.warning(
            START,
            "incomplete",
            f"the file{'s' if len(arguments) > 1 else ''} hold{'' if len(arguments) > 1 else 's'} {counted} of "
            f"{max(totals)} statuses: some pages of the answer are missing",
            "fetch every page (the `start` parameter) and import the files together: "
            "cjm import bitrix24 page1.json page2.json ...",
        )
    return sink.result(_to_map(statuses, {number: name for number, (name, _, _) in names.items()}, sink))


def _warn_other_directories(statuses: list[Status], sink: Problems) -> None:
    """One warning for each directory of the answer that a map has no place for (`INDUSTRY`, `CONTACT_TYPE`...),
    at its first item, with how many items it has."""
    others: dict[str, list[Status]] = {}
    for status in statuses:
        if status.entity not in ("STATUS", "SOURCE") and not _DEAL_STAGE.match(status.entity):
            others.setdefault(status.entity, []).append(status)
    for entity, items in others.items():
        count = "this item" if len(items) == 1 else f"{len(items)} items, the first is this one"
        sink.warning(
            items[0].position,
            "not-kept",
            f"the directory {one_line(entity)[:40]} is not kept in the map: {count}",
            "a map holds lead statuses (STATUS), deal stages (DEAL_STAGE, DEAL_STAGE_<n>) and sources (SOURCE); "
            "the other directories stay in the CRM",
        )


def _category_names(entries: list[Entry], sink: Problems) -> dict[int, tuple[str, Position, Problems]]:
    """Deal category (pipeline) number -> its name and where, from crm.category.list or crm.dealcategory.list."""
    names: dict[int, tuple[str, Position, Problems]] = {}
    for entry in entries:
        item = entry.item
        number, name = item.get("id", item.get("ID")), item.get("name", item.get("NAME"))
        entity_type = item.get("entityTypeId", 2)
        if entity_type not in (2, "2"):  # a smart process's or another entity's pipelines, not the deals'
            sink.warning(
                entry.position,
                "not-kept",
                f"the category {one_line(str(number))[:20]} is of entity type {one_line(str(entity_type))[:20]}, "
                "not of deals (2): it is not kept in the map",
                "call crm.category.list with entityTypeId 2 for the deal pipelines",
            )
            continue
        if isinstance(number, str) and number.strip().isdigit() and len(number.strip()) <= 9:
            number = int(number)
        if not isinstance(number, int) or isinstance(number, bool) or not isinstance(name, str):
            sink.warning(entry.position, "json-shape", "a deal category without a number id or a name is left out")
            continue
        text = fit(_clean(name, "name", str(number), entry.position, sink), sink, entry.position, "the name")
        names[number] = (text, entry.position, sink)
    return names


def _status(entry: Entry, number: int, order: int, sink: Problems) -> Status | None:
    """The status of the `number`th item of its file, `order`th of all."""
    item, where = entry.item, entry.position
    if not isinstance(item, dict):
        sink.error(where, "json-shape", f"item {number} is not an object", 'each status is {"STATUS_ID": ...}')
        return None
    entity = item.get("ENTITY_ID")
    status_id = item.get("STATUS_ID")
    for key, value in (("ENTITY_ID", entity), ("STATUS_ID", status_id)):
        if not isinstance(value, str) or not value.strip():
            sink.error(where, "json-shape", f"item {number} has no {key}", f"each status has a text {key}")
            return None
    assert isinstance(entity, str) and isinstance(status_id, str)
    status_id = _clean(status_id, "STATUS_ID", status_id, where, sink)
    name = item.get("NAME")
    name = one_line(_clean(name, "NAME", status_id, where, sink)) if isinstance(name, str) else ""
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


def _clean(text: str, key: str, status_id: str, where: Position, sink: Problems) -> str:
    """`text` with lone surrogates (half of a character, which JSON's `\\ud800` escapes can hold and no file can
    write) replaced by U+FFFD, with a warning at the item."""
    if not _SURROGATE.search(text):
        return text
    found = ord(_SURROGATE.search(text).group())  # type: ignore[union-attr]
    owner = one_line(_SURROGATE.sub("?", status_id))[:40]
    sink.warning(
        where,
        "json-text",
        f"{key} of {owner} holds U+{found:04X}, half of a character; it is replaced by U+FFFD",
        "the file was written by a program that cut a character in two; fix the text in Bitrix24",
    )
    return _SURROGATE.sub("\ufffd", text)


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


def _to_map(statuses: list[Status], names: dict[int, str], sink: Problems) -> dict[str, Any] | None:
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
    lang = language([s.name for s in statuses] + list(names.values()))
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
                "name": names.get(n) or (words["general"] if n == 0 else words["pipeline"].format(n=n)),
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
