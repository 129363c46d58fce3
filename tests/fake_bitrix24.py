"""A fake Bitrix24 portal on 127.0.0.1: the REST methods `cjm pull bitrix24` calls, over real HTTP, answering in
the shapes Bitrix24's REST documentation gives (tests/fixtures/pull/README.md says where each is documented).

Its data is a JSON file (tests/fixtures/pull/portal.json): the items of crm.status.list and crm.category.list as
the portal lists them, and rows of leads and deals, each row standing for `n` of them. Knobs for the tests:
`token` (the webhook's secret), `expired`, `scopes`, `rate_limited` (how many requests to refuse with
QUERY_LIMIT_EXCEEDED first), and `calls` (the methods called, batch commands included).
"""

from __future__ import annotations

import copy
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pull" / "portal.json"
TOKEN = "k4x8q2m7w1z9r3t6"
PAGE = 50


@dataclass
class Portal:
    statuses: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    leads: list[dict[str, Any]]
    deals: list[dict[str, Any]]
    token: str = TOKEN
    expired: bool = False
    scopes: tuple[str, ...] = ("crm",)
    rate_limited: int = 0
    """How many of the next requests get 503 QUERY_LIMIT_EXCEEDED."""
    latency: float = 0.0
    """Seconds to wait before each answer, as a real portal takes."""
    raw: tuple[int, dict[str, str], bytes] | None = None
    """An answer to give every request instead: status, headers, body."""
    calls: list[str] = field(default_factory=list)
    """Every method called: `crm.deal.list`, `batch`, and each batch command as `batch:crm.deal.list`."""
    requests: int = 0
    found: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_fixture(cls, path: Path = FIXTURE) -> Portal:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["statuses"], data["categories"], *expand(data["leads"], data["deals"], data["statuses"]))

    def status(self, status_id: str, entity: str | None = None) -> dict[str, Any]:
        return next(s for s in self.statuses if s["STATUS_ID"] == status_id and entity in (None, s["ENTITY_ID"]))


def expand(
    lead_rows: list[dict[str, Any]], deal_rows: list[dict[str, Any]], statuses: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Leads and deals as crm.lead.list and crm.deal.list list them: ids as text, numbers as text."""
    semantics = {s["STATUS_ID"]: s.get("SEMANTICS") for s in statuses if s["ENTITY_ID"].startswith("DEAL_STAGE")}
    leads: list[dict[str, Any]] = []
    deals: list[dict[str, Any]] = []
    for row in lead_rows:
        for _ in range(row["n"]):
            lead = {k: v for k, v in row.items() if k != "n"}
            leads.append({"ID": str(len(leads) * 2 + 1), **lead})
    for row in deal_rows:
        for _ in range(row["n"]):
            deal = {k: v for k, v in row.items() if k != "n"}
            deal["STAGE_SEMANTIC_ID"] = semantics.get(deal["STAGE_ID"]) or "P"
            deals.append({"ID": str(len(deals) * 3 + 7), **deal})
    return leads, deals


def many_deals(count: int) -> list[dict[str, Any]]:
    """`count` deal rows for a benchmark, spread over the fixture's pipelines and stages."""
    stages = [("0", "NEW"), ("0", "PREPARATION"), ("0", "WON"), ("0", "LOSE"), ("1", "C1:NEW"), ("1", "C1:WON")]
    return [
        {
            "CATEGORY_ID": category,
            "STAGE_ID": stage,
            "SOURCE_ID": "WEBFORM",
            "OPPORTUNITY": "1500.00",
            "CURRENCY_ID": "BYN",
            "DATE_CREATE": "2026-08-15T12:00:00+03:00",
            "n": count // len(stages) + (1 if i < count % len(stages) else 0),
        }
        for i, (category, stage) in enumerate(stages)
    ]


# --- answering ----------------------------------------------------------------------------------------------------


def _time() -> dict[str, Any]:
    now = time.time()
    stamp = datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
    return {
        "start": now,
        "finish": now,
        "duration": 0.001,
        "processing": 0.0005,
        "date_start": stamp,
        "date_finish": stamp,
        "operating_reset_at": int(now) + 600,
        "operating": 0,
    }


def _page(items: list[dict[str, Any]], start: Any) -> tuple[list[dict[str, Any]], int, int | None]:
    first = max(int(start or 0), 0)
    page = items[first : first + PAGE]
    following = first + PAGE if first + PAGE < len(items) else None
    return page, len(items), following


def _select(item: dict[str, Any], select: Any) -> dict[str, Any]:
    fields = list(select.values()) if isinstance(select, dict) else select
    if not fields or "*" in fields:
        return item
    return {key: value for key, value in item.items() if key in fields}


def _matches(item: dict[str, Any], filter_: dict[str, Any]) -> bool:
    for key, wanted in filter_.items():
        field_name = key.lstrip("<>=!")
        operator = key[: len(key) - len(field_name)] or "="
        value = item.get(field_name)
        if field_name == "ID":
            value, wanted = int(value or 0), int(wanted)
        elif field_name == "DATE_CREATE":
            value, wanted = str(value)[:10], str(wanted)[:10]
        else:
            value, wanted = str(value), str(wanted)
        if not {
            "=": value == wanted,
            ">": value > wanted,
            ">=": value >= wanted,
            "<": value < wanted,
            "<=": value <= wanted,
            "!": value != wanted,
            "!=": value != wanted,
        }[operator]:
            return False
    return True


def _listed(portal: Portal, method: str, items: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    filter_ = params.get("filter") or {}
    # The items matching one query, worked out once for all its pages: a benchmark lists 10,000 deals.
    key = json.dumps([method, len(items), filter_, params.get("select")], sort_keys=True)
    if key not in portal.found:
        portal.found[key] = [_select(item, params.get("select")) for item in items if _matches(item, filter_)]
    page, total, following = _page(portal.found[key], params.get("start"))
    answer: dict[str, Any] = {"result": page, "total": total}
    if following is not None:
        answer["next"] = following
    return answer


def method_answer(portal: Portal, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """HTTP status and JSON of one method (without `time`)."""
    if method == "crm.status.list":
        filter_ = params.get("filter") or {}
        items = [s for s in portal.statuses if _matches(s, filter_)]
        items.sort(key=lambda s: int(s["SORT"]))
        page, total, following = _page(items, params.get("start"))
        answer: dict[str, Any] = {"result": page, "total": total}
        if following is not None:
            answer["next"] = following
        return 200, answer
    if method == "crm.category.list":
        if str(params.get("entityTypeId")) != "2":
            return 400, {"error": "NOT_FOUND", "error_description": "Smart process not found"}
        page, total, following = _page(portal.categories, params.get("start"))
        answer = {"result": {"categories": page}, "total": total}
        if following is not None:
            answer["next"] = following
        return 200, answer
    if method == "crm.lead.list":
        return 200, _listed(portal, method, portal.leads, params)
    if method == "crm.deal.list":
        return 200, _listed(portal, method, portal.deals, params)
    return 404, {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}


def nested(query: str) -> dict[str, Any]:
    """A PHP query string (`filter[>=DATE_CREATE]=...&select[0]=ID`) as the nested parameters PHP reads."""
    data: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        name, _, rest = key.partition("[")
        parts = [name] + ([p for p in rest.rstrip("]").split("][")] if rest else [])
        target = data
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    converted: dict[str, Any] = _lists(data)
    return converted


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        converted = {key: _lists(item) for key, item in value.items()}
        if converted and all(key.isdigit() for key in converted):
            return [converted[key] for key in sorted(converted, key=int)]
        return converted
    return value


def batch_answer(portal: Portal, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    commands = params.get("cmd") or {}
    if len(commands) > 50:
        return 400, {"error": "ERROR_BATCH_LENGTH_EXCEEDED", "error_description": "Max batch length exceeded"}
    results: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    totals: dict[str, Any] = {}
    following: dict[str, Any] = {}
    times: dict[str, Any] = {}
    for name, command in commands.items():
        method, _, query = command.partition("?")
        portal.calls.append(f"batch:{method}")
        status, answer = method_answer(portal, method, nested(query))
        if status != 200:
            errors[name] = answer
            if params.get("halt") in (1, "1", True):
                break
            continue
        results[name] = answer["result"]
        times[name] = _time()
        if "total" in answer:
            totals[name] = answer["total"]
        if "next" in answer:
            following[name] = answer["next"]
    # PHP writes an empty array as `[]`, a filled one with keys as an object: so does Bitrix24.
    return 200, {
        "result": {
            "result": results or [],
            "result_error": errors or [],
            "result_total": totals or [],
            "result_next": following or [],
            "result_time": times or [],
        }
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        portal = self.server.portal
        portal.requests += 1
        if portal.latency:
            time.sleep(portal.latency)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) != 4 or parts[0] != "rest":
            self._send(404, {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"})
            return
        _, user, token, method = parts
        method = method.removesuffix(".json")
        portal.calls.append(method)
        if portal.raw is not None:
            status, headers, data = portal.raw
            self.send_response(status)
            for key, value in {"Content-Length": str(len(data)), **headers}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
            return
        if portal.rate_limited > 0:
            portal.rate_limited -= 1
            self._send(503, {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"})
            return
        if user != "1" or token != portal.token:
            self._send(401, {"error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"})
            return
        if portal.expired:
            self._send(401, {"error": "expired_token", "error_description": "The access token provided has expired."})
            return
        if "crm" not in portal.scopes:
            description = "The request requires higher privileges than provided by the webhook token"
            self._send(401, {"error": "insufficient_scope", "error_description": description})
            return
        try:
            params = json.loads(body or b"{}")
        except json.JSONDecodeError:
            self._send(400, {"error": "", "error_description": "Parameters are not valid JSON"})
            return
        if method == "batch":
            status, answer = batch_answer(portal, params)
        else:
            status, answer = method_answer(portal, method, params)
        self._send(status, {**answer, "time": _time()} if status == 200 else answer)

    def _send(self, status: int, answer: dict[str, Any]) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the tests say what they need


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    portal: Portal


class Running:
    """A portal served on 127.0.0.1 in a thread; `webhook` is its incoming webhook's address."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.portal = portal
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def webhook(self) -> str:
        return f"{self.address}/rest/1/{self.portal.token}/"

    def __enter__(self) -> Running:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def copy_portal(portal: Portal) -> Portal:
    return copy.deepcopy(portal)
