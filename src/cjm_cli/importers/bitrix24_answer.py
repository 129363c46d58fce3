"""Bitrix24 REST answers in: the lists of statuses and deal categories a file holds, each item with its position.

A file is what a REST call returns, saved as it is (https://apidocs.bitrix24.com/api-reference/):

- `crm.status.list`: the bare array of statuses, or its envelope `{"result": [...], "total": 120, "next": 50}`;
  several pages of one answer saved together as an array of envelopes `[{"result": [...]}, ...]`;
- `batch` (https://apidocs.bitrix24.com/api-reference/how-to-call-rest-api/batch.html): `{"result": {"result":
  {"cmd": ...}, "result_error": ..., "result_total": ...}}`, each command's answer inside;
- the pipeline names: `crm.category.list` (`{"result": {"categories": [{"id": 1, "name": ...}]}}`) or the older
  `crm.dealcategory.list` (`{"result": [{"ID": "1", "NAME": ...}]}`).

Positions come from one pass over the text (`_Walker`) and a line index, so that a file of any size costs
time in proportion to its size. Numbers Python will not convert (more than 4,300 digits) are kept as their
digits, a text like any other.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import START, Position
from .common import Problems, one_line

JsonPath = tuple[str | int, ...]
_WHITE_SPACE = re.compile(r"[ \t\n\r]*")
_MAX_DIGITS = 30  # longer integers stay text: no SORT or id is that long, and Python refuses past 4,300


def _integer(digits: str) -> int | str:
    return int(digits) if len(digits.lstrip("-")) <= _MAX_DIGITS else digits


_DECODER = json.JSONDecoder(parse_int=_integer)


@dataclass
class Entry:
    """An item of a list in the answer, where it starts."""

    item: Any
    position: Position


@dataclass
class Answer:
    """What one file holds: statuses, deal categories (id -> name, each with its position), the `total` of the
    status list when the file says it."""

    statuses: list[Entry] = field(default_factory=list)
    categories: list[Entry] = field(default_factory=list)
    total: int | None = None


class LineIndex:
    """Line and column of a character offset, from the offsets where lines start (found once)."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        index = text.find("\n")
        while index != -1:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)

    def position(self, offset: int) -> Position:
        line = bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1)


def read_answer(text: str, sink: Problems) -> Answer | None:
    """The statuses and categories of one file, or None after reporting why there are none."""
    try:
        data = _DECODER.decode(text)
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
    lists: dict[JsonPath, str] = {}
    total = _find_lists(data, (), lists, sink)
    if sink.failed:
        return None
    if not lists and not _empty_answer(data):
        sink.error(
            START,
            "json-shape",
            'expected the answer of crm.status.list: a list of statuses, or {"result": [...]}',
            "call crm.status.list (or batch, crm.category.list) and save its answer as it is",
        )
        return None
    offsets = _Walker(text, set(lists)).offsets()
    lines = LineIndex(text)
    answer = Answer(total=total)
    for path, kind in lists.items():
        items = _at(data, path)
        entries = [Entry(item, lines.position(offset)) for item, offset in zip(items, offsets[path], strict=True)]
        (answer.statuses if kind == "statuses" else answer.categories).extend(entries)
    return answer


def _find_lists(data: Any, path: JsonPath, lists: dict[JsonPath, str], sink: Problems) -> int | None:
    """Record in `lists` the path of every list of statuses or categories in `data`; return the `total` said."""
    if isinstance(data, list):
        if data and all(isinstance(item, dict) and "result" in item for item in data):  # pages saved together
            pages = [_find_lists(item, (*path, i), lists, sink) for i, item in enumerate(data)]
            return max((t for t in pages if t is not None), default=None)
        lists[path] = "categories" if _are_categories(data) else "statuses"
        return None
    if not isinstance(data, dict):
        return None
    if "error" in data:
        detail = f"{data.get('error')}: {data.get('error_description', '')}".rstrip(": ")
        sink.error(START, "bitrix24-error", f"the file is Bitrix24's error answer: {one_line(str(detail))[:200]}", "")
        return None
    result = data.get("result")
    if isinstance(result, dict) and "result" in result:  # batch: each command's answer, its total beside
        commands, totals = result["result"], result.get("result_total")
        named = commands.items() if isinstance(commands, dict) else enumerate(commands or [])
        found: list[int | None] = []
        for name, answer in named:
            kind = _method_result(answer, (*path, "result", "result", name), lists)
            if kind == "statuses":
                found.append(_total_of(totals, name))
            elif kind is None and answer not in (None, [], {}):
                sink.warning(
                    START,
                    "not-kept",
                    f"the batch command {one_line(str(name))[:40]} answered neither statuses nor categories: "
                    "its answer is not kept in the map",
                    "a map is made from crm.status.list and crm.category.list; the other commands' answers are "
                    "left out",
                )
        _batch_errors(result.get("result_error"), sink)
        return _sum(found)
    if _method_result(result, (*path, "result"), lists) == "statuses":
        return _total_of(data, "total")
    return None


def _total_of(data: Any, key: str | int) -> int | None:
    """The number of items the whole answer has, where the file says it (`total`, a batch's `result_total`)."""
    if isinstance(data, dict):
        total = data.get(key if isinstance(key, str) else str(key))
    elif isinstance(data, list) and isinstance(key, int) and key < len(data):
        total = data[key]
    else:
        return None
    return total if isinstance(total, int) and not isinstance(total, bool) else None


def _sum(totals: list[int | None]) -> int | None:
    return sum(t for t in totals if t is not None) if any(t is not None for t in totals) else None


def _method_result(result: Any, path: JsonPath, lists: dict[JsonPath, str]) -> str | None:
    """Record the list in what one method returned: statuses, or categories (crm.category.list's
    `categories`); return which."""
    if isinstance(result, list):
        lists[path] = "categories" if _are_categories(result) else "statuses"
        return lists[path]
    if isinstance(result, dict) and isinstance(result.get("categories"), list):
        lists[(*path, "categories")] = "categories"
        return "categories"
    return None


def _batch_errors(errors: Any, sink: Problems) -> None:
    named = errors.items() if isinstance(errors, dict) else enumerate(errors or [])
    for name, error in named:
        detail = error.get("error_description") or error.get("error") if isinstance(error, dict) else error
        sink.warning(
            START,
            "bitrix24-error",
            f"the batch command {one_line(str(name))[:40]} failed: {one_line(str(detail))[:200]}",
            "its answer is not in the file; run that command again",
        )


def _are_categories(items: list[Any]) -> bool:
    """Deal categories (pipelines): `{"id": 1, "name": ...}` of crm.category.list, `{"ID": "1", "NAME": ...}` of
    crm.dealcategory.list; statuses have an ENTITY_ID or a STATUS_ID."""
    return bool(items) and all(
        isinstance(item, dict)
        and not ({"ENTITY_ID", "STATUS_ID"} & item.keys())
        and (("id" in item and "name" in item) or ("ID" in item and "NAME" in item))
        for item in items
    )


def _empty_answer(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("result"), dict) and "result" in data["result"]


def _at(data: Any, path: JsonPath) -> Any:
    for step in path:
        data = data[step]
    return data


class _Walker:
    """One pass over the JSON text: the offsets where the items of the lists at `wanted` start. Containers on the
    way to them are scanned; everything else is skipped by the decoder, so every character is read once or twice.
    A key written twice counts the last time, as in `json.loads`."""

    def __init__(self, text: str, wanted: set[JsonPath]) -> None:
        self.text = text
        self.wanted = wanted
        self.on_the_way = {path[:end] for path in wanted for end in range(len(path) + 1)}
        self.found: dict[JsonPath, list[int]] = {}

    def offsets(self) -> dict[JsonPath, list[int]]:
        self.value(_skip(self.text, 0), ())
        return self.found

    def value(self, index: int, path: JsonPath) -> int:
        """Walk the value starting at `index`; return the index after it."""
        text = self.text
        if path not in self.on_the_way or text[index] not in "[{":
            return _DECODER.raw_decode(text, index)[1]
        array = text[index] == "["
        close = "]" if array else "}"
        wanted = array and path in self.wanted
        if wanted:
            self.found[path] = []
        index = _skip(text, index + 1)
        number = 0
        while text[index] != close:
            if array:
                if wanted:
                    self.found[path].append(index)
                index = self.value(index, (*path, number))
                number += 1
            else:
                key, index = _DECODER.raw_decode(text, index)
                index = self.value(_skip(text, _skip(text, index) + 1), (*path, key))
            index = _skip(text, index)
            if text[index] == ",":
                index = _skip(text, index + 1)
        return index + 1


def _skip(text: str, index: int) -> int:
    """The index of the first character from `index` that is not white space."""
    return _WHITE_SPACE.match(text, index).end()  # type: ignore[union-attr]
