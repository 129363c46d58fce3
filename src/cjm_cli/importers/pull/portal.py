"""Reading a Bitrix24 portal through its REST API: whole lists, page by page, with `batch` to cut round trips.

A list method (`crm.lead.list`, `crm.deal.list`, `crm.status.list`, `crm.category.list`) answers 50 items at
a time with `total` (how many match) and `next` (the `start` of the next page). The first page is asked for
on its own; the starts of the other pages follow from `total`, and they are asked for 50 at a time in one
`batch` call, whose answer holds each command's `result`, `result_error`, `result_total` and `result_next`
(an empty PHP array, `[]`, where a map of them is empty). Items come sorted by `ID` and are kept once each,
so that an item added while the pages are read does not count twice.

Shapes as documented in Bitrix24's REST documentation: list methods and `batch`
(https://apidocs.bitrix24.com/settings/how-to-call-rest-api/list-methods-pecularities.html,
https://apidocs.bitrix24.com/settings/how-to-call-rest-api/batch.html).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from ...core.text import plain
from .http import Client, PortalError

PAGE = 50
BATCH = 50


def php_query(params: dict[str, Any]) -> str:
    """`params` as PHP's `http_build_query` writes them, which is how `batch` takes each command's parameters:
    `{"filter": {">=DATE_CREATE": "2026-07-01"}, "select": ["ID"]}` -> `filter%5B%3E%3DDATE_CREATE%5D=...`."""
    pairs: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}[{key}]" if prefix else str(key), item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(f"{prefix}[{index}]", item)
        else:
            pairs.append((prefix, "" if value is None else str(value)))

    walk("", params)
    return "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in pairs)


class Portal:
    """The methods cjm reads, on top of a `Client`."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def items(self, method: str, params: dict[str, Any], unwrap: str | None = None) -> list[dict[str, Any]]:
        """Every item `method` lists for `params` (`unwrap`: the key the list sits under in `result`, as
        `categories` for crm.category.list)."""
        first = self.client.call(method, {**params, "start": 0})
        found: dict[str, dict[str, Any]] = {}
        for item in _page(first.get("result"), unwrap, method):
            found.setdefault(_key(item, len(found)), item)
        total, following = first.get("total"), first.get("next")
        if not isinstance(following, int) or isinstance(following, bool):
            return list(found.values())
        if not isinstance(total, int) or total <= following:
            total = following + PAGE  # no count given: one more page at least
        starts = list(range(following, total, PAGE))
        while starts:
            chunk, starts = starts[:BATCH], starts[BATCH:]
            pages = self._batch(method, params, chunk, unwrap)
            for page in pages:
                for item in page:
                    found.setdefault(_key(item, len(found)), item)
            if not starts and len(pages[-1]) == PAGE and first.get("total") is None:
                starts = [chunk[-1] + PAGE]  # without a count, read on until a page comes back short
        return list(found.values())

    def _batch(
        self, method: str, params: dict[str, Any], starts: list[int], unwrap: str | None
    ) -> list[list[dict[str, Any]]]:
        commands = {f"p{start}": f"{method}?{php_query({**params, 'start': start})}" for start in starts}
        answer = self.client.call("batch", {"halt": 1, "cmd": commands})
        result = answer.get("result")
        if not isinstance(result, dict):
            raise PortalError(f"{self.client.webhook.shown} batch: the answer has no `result`")
        pages = result.get("result")
        pages = pages if isinstance(pages, dict) else {}
        errors = result.get("result_error")
        if isinstance(errors, dict) and errors:
            name, error = next(iter(errors.items()))
            detail = error.get("error_description") or error.get("error") if isinstance(error, dict) else error
            said = plain(self.client.webhook.mask(str(detail)))[:200]
            raise PortalError(f"{self.client.webhook.shown} batch ({method}, {name}): {said}")
        missing = [name for name in commands if name not in pages]
        if missing:
            raise PortalError(f"{self.client.webhook.shown} batch ({method}): no answer for {', '.join(missing[:3])}")
        return [list(_page(pages[name], unwrap, method)) for name in commands]

    def statuses(self) -> list[dict[str, Any]]:
        """crm.status.list: lead statuses, deal stages of every pipeline, sources..."""
        return self.items("crm.status.list", {"order": {"SORT": "ASC"}})

    def categories(self) -> list[dict[str, Any]]:
        """crm.category.list for deals (entityTypeId 2): the pipelines, with their names."""
        return self.items("crm.category.list", {"entityTypeId": 2}, unwrap="categories")

    def listed(self, method: str, filter_: dict[str, Any], select: list[str]) -> list[dict[str, Any]]:
        """Leads or deals matching `filter_`, with the fields in `select`, in the order of their ids."""
        return self.items(method, {"order": {"ID": "ASC"}, "filter": filter_, "select": select})


def _page(result: Any, unwrap: str | None, method: str) -> Iterator[dict[str, Any]]:
    if unwrap is not None and isinstance(result, dict):
        result = result.get(unwrap)
    if not isinstance(result, list):
        raise PortalError(f"{method}: the answer holds no list of items (is the address a Bitrix24 portal's?)")
    yield from (item for item in result if isinstance(item, dict))


def _key(item: dict[str, Any], fallback: int) -> str:
    identifier = item.get("ID", item.get("id"))
    return str(identifier) if identifier is not None else f"#{fallback}"
