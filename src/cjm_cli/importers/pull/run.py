"""Running a pull: read the portal or the file, then fill a map (`--into`), compare it (`--check`), or hand the
figures out to be printed. Every path a command takes is a function here, callable from Python:

    from cjm_cli.importers.pull.run import pull_crm, pull_into, check_crm
    crm = pull_crm(webhook_from(os.environ), parse_period("2026-Q3"))
    pull_into("shop.yaml", crm_filler(crm, date.today())).text   # the map's new text (not written)
    check_crm("shop.yaml", read_crm_structure(webhook)).problems  # how the map and the CRM differ
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ...core.load import Document, load
from ...core.model import JourneyMap
from ...core.period import Period
from ...core.pipeline import Checked, Converted, check_source
from ...core.problems import START, Problem, UsageError
from ...core.read import STDIN, read_source
from ..common import Problems
from ..into import fill_map
from ..merge import Merge
from ..source import name_of
from . import WEBHOOK_VARIABLE
from .ads import Report, fill_report, read_report
from .crm import Crm, read_figures, read_structure
from .drift import drift
from .fill import Filling, Record
from .fill_crm import fill_crm
from .http import Client, Limits, Webhook, webhook_hint
from .kpis import Kpis, fill_kpis, read_kpis
from .portal import Portal


@dataclass(frozen=True)
class Traffic:
    """How a pull went over the network."""

    requests: int
    retries: int


def webhook_from(environ: Mapping[str, str], file: str | None = None) -> Webhook:
    """The portal's webhook: from the file named (its first line), else from `CJM_BITRIX24_WEBHOOK`; never from a
    map or a command-line argument, which end up in shell histories and CI logs. UsageError when neither."""
    if file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else "cannot be read"
            raise UsageError(f"--webhook-file: {file}: {reason}") from None
        lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        if not lines:
            raise UsageError(f"--webhook-file: {file} holds no address")
        return Webhook(lines[0])
    value = environ.get(WEBHOOK_VARIABLE, "").strip()
    if not value:
        raise UsageError(f"no webhook: {webhook_hint(WEBHOOK_VARIABLE)}")
    return Webhook(value)


def pull_crm(webhook: Webhook, period: Period, limits: Limits | None = None) -> tuple[Crm, Traffic]:
    """The portal's funnels, stages and sources with the figures of `period`."""
    return _with_client(webhook, limits, lambda portal: read_figures(portal, period))


def read_crm_structure(webhook: Webhook, limits: Limits | None = None) -> tuple[Crm, Traffic]:
    """The portal's funnels, stages and sources, without figures (what `--check` compares)."""
    return _with_client(webhook, limits, read_structure)


def _with_client(webhook: Webhook, limits: Limits | None, read: Callable[[Portal], Crm]) -> tuple[Crm, Traffic]:
    client = Client(webhook, limits)
    try:
        return read(Portal(client)), Traffic(client.requests, client.retries)
    finally:
        client.close()


Fill = Callable[[Filling, JourneyMap], None]
"""Puts one pull's figures into a map, through `Filling`."""


def crm_filler(crm: Crm, day: date) -> tuple[Record, Fill]:
    """What `pull_into` needs to fill a map with a portal's figures, pulled on `day`."""
    return Record("bitrix24", crm.period, day), lambda filling, m: fill_crm(filling, crm, m)


@dataclass
class FilePull:
    """What a file gave: KPI rows (`csv`) or an ad report's campaigns; None when errors stopped the reading."""

    kind: str
    path: str
    data: Kpis | Report | None
    problems: list[Problem]

    @property
    def period(self) -> Period | None:
        """The period the file itself names (its title rows), if any."""
        return self.data.period if self.data is not None else None

    @property
    def failed(self) -> bool:
        return self.data is None or any(p.severity == "error" for p in self.problems)


def read_file(kind: str, argument: str) -> FilePull:
    """Read `argument` (a path, or `-`) as a file of `kind` (`csv`, `google-ads`, `yandex-direct`)."""
    sink = Problems(name_of(argument))
    data: Kpis | Report | None = read_kpis(argument, sink) if kind == "csv" else read_report(argument, sink)
    return FilePull(kind, sink.path, data, sorted(sink.items, key=Problem.sort_key))


def file_filler(pulled: FilePull, period: Period | None, day: date) -> tuple[Record, Fill]:
    """What `pull_into` needs to fill a map with a file's figures, for `period` (else the file's own)."""
    record = Record(pulled.kind, period or pulled.period, day)
    data = pulled.data

    def fill(filling: Filling, m: JourneyMap) -> None:
        sink = Problems(pulled.path)
        if isinstance(data, Kpis):
            fill_kpis(filling, data, m, sink)
        elif isinstance(data, Report):
            fill_report(filling, data, m, pulled.kind, sink)
        filling.problems.extend(sink.items)

    return record, fill


def pull_into(map_path: str, pulled: tuple[Record, Fill], problems: list[Problem] | None = None) -> Converted:
    """`map_path`'s text with the figures filled in; warnings (what had no place in the map) with it."""
    record, fill = pulled
    found = list(problems or [])  # the fill's warnings join them while the map is filled

    def filler(document: Document, m: JourneyMap) -> Merge:
        filling = Filling(document, record)
        fill(filling, m)
        found.extend(sorted(filling.problems, key=Problem.sort_key))
        return filling.merge

    hint = "the problems below are in the map as it would be: fix the map first"
    return fill_map(map_path, filler, found, "pull", hint)


def check_map(map_path: str) -> Checked:
    """The map to fill or compare, checked (without the methodology rules: only errors stop a pull)."""
    if map_path == STDIN:
        raise UsageError("name the map file; a pull does not read a map from standard input")
    result = check_source(read_source(map_path))
    return Checked(result.path, result.journey_map, [p for p in result.problems if p.severity == "error"])


def check_crm(map_path: str, crm: Crm) -> Checked:
    """How the map at `map_path` and the CRM differ, as problems at the map's lines."""
    checked = check_map(map_path)
    if not checked.ok or checked.journey_map is None:
        return checked
    source = read_source(map_path)
    return Checked(map_path, checked.journey_map, drift(load(source.path, source.text), checked.journey_map, crm))


def refused(map_path: str, message: str) -> Problem:
    return Problem(map_path, START, "error", "pull", message)
