"""A small JSON-over-HTTPS client for a Bitrix24 incoming webhook, from the standard library.

- The webhook's URL (`https://portal.bitrix24.by/rest/1/<token>/`) holds its secret; `Webhook` keeps it and
  shows itself only as `https://portal.bitrix24.by/rest/1/***/`, in every message, `repr` and `str`.
- https only; plain http only to the loopback interface (a test's fake portal). Redirects are not followed.
- Each request has a timeout; an answer larger than `max_bytes` is refused before it is read whole.
- `QUERY_LIMIT_EXCEEDED` (503, the request-rate limit), `OPERATION_TIME_LIMIT` (429) and a 500 or 503 without
  an answer are retried after a growing pause (or the server's `Retry-After`); a lost connection once.
- Anything else is a `PortalError` (an environment failure, exit code 3) of one line: expired or wrong
  credentials, a webhook without the `crm` scope, a host that cannot be reached.

The error codes are those of "Statuses and System Error Codes" in Bitrix24's REST documentation
(https://apidocs.bitrix24.com/api-reference/common/system-errors.html) and its limits page
(https://apidocs.bitrix24.com/limits.html).
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import re
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ...core.problems import EnvironmentFailure, UsageError
from ...core.text import plain

MAX_BYTES = 32 * 1024 * 1024
_WEBHOOK_PATH = re.compile(r"^/rest/(\d{1,10})/([A-Za-z0-9_]{4,128})(?:/.*)?$")
_RETRIED = {"QUERY_LIMIT_EXCEEDED", "OPERATION_TIME_LIMIT", "INTERNAL_SERVER_ERROR", "ERROR_UNEXPECTED_ANSWER"}
_CREDENTIALS = {
    "expired_token": "the webhook's token has expired",
    "INVALID_CREDENTIALS": "the portal knows no active webhook with this user and token",
    "NO_AUTH_FOUND": "the portal found no webhook token in the address",
    "insufficient_scope": "the webhook lacks the rights this needs: give it the `crm` scope",
    "ACCESS_DENIED": "the portal's REST API is not available (REST needs a commercial plan)",
    "user_access_error": "the webhook's user has no access",
    "OVERLOAD_LIMIT": "the portal's REST API is blocked for overload; ask Bitrix24's support",
    "PORTAL_DELETED": "the portal is closed or deleted",
    "INVALID_REQUEST": "the portal wants https",
}
_HINT = "create an incoming webhook with the `crm` scope (see docs/live-data.md) and put its address in"


class PortalError(EnvironmentFailure):
    """The portal could not be read: one line, the webhook's token masked."""


class Webhook:
    """An incoming webhook's address. Its token is never shown: `str`, `repr` and messages say `***`."""

    def __init__(self, url: str) -> None:
        url = url.strip()
        parts = urlsplit(url)
        path = _WEBHOOK_PATH.match(parts.path or "")
        if parts.scheme not in ("https", "http") or not parts.hostname or path is None:
            raise UsageError(
                "the webhook's address reads https://<portal>/rest/<user id>/<token>/ (copy it from the webhook's "
                "page in Bitrix24)"
            )
        if parts.username or parts.password or parts.query or parts.fragment:
            raise UsageError("the webhook's address must hold no user name, password, query or fragment")
        if parts.scheme == "http" and not _loopback(parts.hostname):
            raise UsageError("the webhook's address must start with https:// (plain http only to 127.0.0.1)")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.user = path[1]
        self.__token = path[2]
        port = f":{parts.port}" if parts.port else ""
        self.shown = f"{parts.scheme}://{parts.hostname}{port}/rest/{self.user}/***/"

    def path(self, method: str) -> str:
        return f"/rest/{self.user}/{self.__token}/{method}.json"

    def mask(self, text: str) -> str:
        """`text` with the token replaced wherever it occurs (a server may echo the address back)."""
        return text.replace(self.__token, "***")

    def __repr__(self) -> str:
        return f"Webhook({self.shown})"

    __str__ = __repr__


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Limits:
    timeout: float = 30.0
    """Seconds to connect and for each answer."""
    retries: int = 8
    """How many times a rate-limited or failed request is tried again."""
    pause: float = 1.0
    """The first pause before a retry, in seconds; it doubles with each retry, up to `longest_pause`."""
    longest_pause: float = 30.0
    max_bytes: int = MAX_BYTES


class Client:
    """Calls methods of one portal through one connection, kept alive between calls."""

    def __init__(self, webhook: Webhook, limits: Limits | None = None, sleep: Callable[[float], None] = time.sleep):
        self.webhook = webhook
        self.limits = limits or Limits()
        self.sleep = sleep
        self.requests = 0
        """How many HTTP requests were made (retries included)."""
        self.retries = 0
        self._connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def call(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """The JSON answer of `method` (its whole envelope: `result`, `total`, `next`, `time`)."""
        body = json.dumps(params, ensure_ascii=False).encode("utf-8")
        for attempt in range(self.limits.retries + 1):
            last = attempt == self.limits.retries
            outcome = self._once(method, body, reconnect_once=True)
            if isinstance(outcome, dict):
                return outcome
            if last:
                raise PortalError(self._say(method, f"{outcome.reason}, still after {self.limits.retries} retries"))
            self.retries += 1
            self.sleep(outcome.wait if outcome.wait is not None else self._pause(attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _pause(self, attempt: int) -> float:
        return float(min(self.limits.pause * 2**attempt, self.limits.longest_pause))

    def _once(self, method: str, body: bytes, reconnect_once: bool) -> dict[str, Any] | _Retry:
        self.requests += 1
        connection = self._connect()
        headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "cjm"}
        try:
            connection.request("POST", self.webhook.path(method), body, headers)
            response = connection.getresponse()
            data = response.read(self.limits.max_bytes + 1)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
            self.close()
            if reconnect_once:
                return self._once(method, body, reconnect_once=False)
            return _Retry(f"the connection was lost ({type(error).__name__})")
        except TimeoutError:
            self.close()
            return _Retry(f"no answer within {self.limits.timeout:g} seconds")
        except ssl.SSLError as error:
            self.close()
            raise PortalError(self._say(method, f"TLS failed: {error.reason or type(error).__name__}")) from None
        except (socket.gaierror, ConnectionRefusedError, OSError) as error:
            self.close()
            raise PortalError(self._say(method, _network(error, self.webhook.host))) from None
        if len(data) > self.limits.max_bytes:
            self.close()
            raise PortalError(self._say(method, f"the answer is larger than {self.limits.max_bytes // 2**20} MiB"))
        return self._answer(method, response, data)

    def _answer(self, method: str, response: http.client.HTTPResponse, data: bytes) -> dict[str, Any] | _Retry:
        status = response.status
        if 300 <= status < 400:
            where = self.webhook.mask(response.getheader("Location") or "elsewhere")
            raise PortalError(self._say(method, f"the portal sends requests to {where[:200]}: use that address"))
        try:
            answer = json.loads(data.decode("utf-8")) if data else None
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            answer = None
        error = answer.get("error") if isinstance(answer, dict) else None
        if status == 200 and isinstance(answer, dict) and not error:
            return answer
        code = error if isinstance(error, str) else ""
        described = answer.get("error_description") if isinstance(answer, dict) else None
        detail = plain(self.webhook.mask(str(described or "")))[:200]
        wait = _retry_after(response.getheader("Retry-After"))
        if code in _RETRIED or (status in (500, 502, 503, 504) and not code):
            return _Retry(f"{code or f'HTTP {status}'}" + (f": {detail}" if detail else ""), wait)
        if code in _CREDENTIALS:
            raise PortalError(self._say(method, f"{code}: {_CREDENTIALS[code]}"))
        if code == "ERROR_METHOD_NOT_FOUND" or status == 404:
            reason = f"the portal has no method {method} (or the webhook lacks the `crm` scope)"
            raise PortalError(self._say(method, reason))
        if answer is None:
            kind = response.getheader("Content-Type") or "no content type"
            raise PortalError(self._say(method, f"HTTP {status}, and the answer is not JSON ({plain(kind)[:60]})"))
        said = ": ".join(x for x in (plain(code)[:80], detail) if x) or f"HTTP {status}"
        raise PortalError(self._say(method, said))

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            timeout = self.limits.timeout
            if self.webhook.scheme == "https":
                context = ssl.create_default_context()
                self._connection = http.client.HTTPSConnection(
                    self.webhook.host, self.webhook.port, timeout=timeout, context=context
                )
            else:
                self._connection = http.client.HTTPConnection(self.webhook.host, self.webhook.port, timeout=timeout)
        return self._connection

    def _say(self, method: str, what: str) -> str:
        return f"{self.webhook.shown} {method}: {what}"


@dataclass(frozen=True)
class _Retry:
    reason: str
    wait: float | None = None


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(min(int(value.strip()), 120))
    return None


def _network(error: OSError, host: str) -> str:
    if isinstance(error, socket.gaierror):
        return f"cannot find the host {host} (no network, or a mistake in the address)"
    if isinstance(error, ConnectionRefusedError):
        return f"{host} refused the connection"
    return f"cannot reach {host}: {error.strerror or type(error).__name__}"


def webhook_hint(variable: str) -> str:
    return f"{_HINT} {variable}, or in a file named with --webhook-file"
