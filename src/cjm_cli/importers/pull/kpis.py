"""KPI values from a CSV keyed by KPI id (`cjm pull csv FILE`): the shape analytics tools export, a report
saved as CSV with a column naming the map's KPIs.

Columns, known by their header in any case and order (English or Russian):

    kpi      the KPI's `id` in the map          (also: kpi id, id, показатель, kpi_id)
    actual   its measured value                 (also: value, факт, значение)
    target   its target, optional               (also: цель, план)
    period   the period of the row, optional    (also: период): 2026-Q3, 2026-07, 2026...

Commas, semicolons or tabs separate the fields; numbers may be written `1,234.5`, `1 234,5` or `12,5%`.
Lines starting with `#` are skipped, as Google Analytics 4 writes its report's title and dates in them; its
`# Start date: 20260701` and `# End date: 20260930` give the period when `--period` does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.model import JourneyMap, Kpi
from ...core.period import Period, parse_period
from ...core.problems import Position, shown
from ..common import Problems
from ..source import read_text
from ..table import read_table
from .fill import Filling, Record
from .numbers import HeaderRow, number, period_in

_COLUMNS = {
    "kpi": ("kpi", "kpiid", "id", "показатель", "kpi_id"),
    "actual": ("actual", "value", "факт", "значение"),
    "target": ("target", "цель", "план"),
    "period": ("period", "период"),
}


@dataclass(frozen=True)
class KpiRow:
    kpi: str
    actual: float | None
    target: float | None
    period: Period | None
    position: Position


@dataclass
class Kpis:
    path: str
    rows: list[KpiRow]
    period: Period | None
    """The period the file's comment lines name (GA4), if any."""


def _normal(header: str) -> str:
    return re.sub(r"[^\w]+", "", header.casefold())


def read_kpis(argument: str, sink: Problems) -> Kpis | None:
    """The rows of the CSV at `argument`; None after reporting why it cannot be read."""
    source = read_text(argument, sink)
    if source is None:
        return None
    comments = [line for line in source.text.split("\n") if line.lstrip().startswith("#")]
    text = "\n".join("" if line.lstrip().startswith("#") else line for line in source.text.split("\n"))
    aliases = {_normal(name): key for key, names in _COLUMNS.items() for name in names}
    header = HeaderRow(aliases, _normal, lambda names: {"kpi", "actual"} <= names)
    table = read_table(text, sink, header.normalise, header.is_header, "kpi and actual")
    if table is None:
        return None
    decimal_comma = header.russian
    rows: list[KpiRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        kpi = table.cell(row, table.index("kpi"))
        if not kpi:
            continue
        if kpi in seen:
            sink.warning(
                row.position(table.index("kpi")),
                "duplicate-id",
                f"KPI {shown(kpi)} is listed again (first on line {seen[kpi]}); this row is left out",
            )
            continue
        seen[kpi] = row.line
        values: dict[str, float | None] = {}
        for key in ("actual", "target"):
            column = table.index(key)
            try:
                values[key] = number(table.cell(row, column), decimal_comma) if column is not None else None
            except ValueError as error:
                sink.error(row.position(column), "number", f"{key} of KPI {shown(kpi)}: {error}", "write a number")
        period = None
        if (column := table.index("period")) is not None and (written := table.cell(row, column)):
            try:
                period = parse_period(written)
            except ValueError as error:
                sink.error(row.position(column), "period", str(error), "")
        rows.append(KpiRow(kpi, values.get("actual"), values.get("target"), period, row.position(table.index("kpi"))))
    return Kpis(sink.path, rows, period_in(comments))


def fill_kpis(filling: Filling, kpis: Kpis, m: JourneyMap, sink: Problems) -> None:
    """Each KPI of the map named in the file gets the file's actual (and target) value and `pulled`."""
    by_id = {row.kpi: row for row in kpis.rows}
    filled: set[str] = set()
    for i, stage in enumerate(m.journey.stages if m.journey else []):
        for j, kpi in enumerate(stage.kpis):
            row = by_id.get(kpi.id or "")
            if row is None:
                continue
            at = ("journey", "stages", i, "kpis", j)
            if row.actual is not None:
                filling.set(at, "actual", row.actual, Kpi)
            if row.target is not None:
                filling.set(at, "target", row.target, Kpi)
            period = row.period or filling.record.period
            filling.pulled(at, Kpi, Record(filling.record.source, period, filling.record.day))
            filled.add(row.kpi)
    for row in kpis.rows:
        if row.kpi not in filled:
            sink.warning(
                row.position,
                "pull-no-place",
                f"the map has no KPI with the id {shown(row.kpi)}",
                "give the KPI `id:` in the map, or check the spelling",
            )
    filling.merge.summary.append(f"filled {len(filled)} KPI(s)")
