"""The figures of a pull, printed instead of filled in (`cjm pull KIND` without `--into`): text tables for a
person, one JSON document for a program. User text (stage and source names from the portal, names from a
file) reaches the terminal through `core.text.plain`.

The JSON of a portal's figures:

    {"portal": "https://portal/rest/1/***/", "period": "2026-Q3", "from": "2026-07-01", "to": "2026-09-30",
     "leads": {"stages": [{"id", "name", "meaning", "count"}]} | null,
     "pipelines": [{"category", "name", "currencies", "stages": [{"id", "name", "meaning", "count", "amount"}]}],
     "sources": [{"id", "name", "leads", "deals", "sales", "revenue", "currencies"}],
     "notes": [...]}

The JSON of a file: `{"file", "period", "kpis": [{"kpi", "actual", "target", "period"}]}` for `csv`,
`{"file", "period", "campaigns": [{"campaign", "currency", "cost", "clicks", "impressions",
"groups": [{"group", "cost", "clicks", "impressions"}]}]}` for an ad report (null where the file gives nothing).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from ...core.text import plain
from .ads import Report
from .crm import Crm, Funnel
from .kpis import Kpis


def crm_json(crm: Crm, portal: str, stream: TextIO) -> None:
    period = crm.period
    document = {
        "portal": portal,
        "period": period.written if period else None,
        "from": period.first.isoformat() if period else None,
        "to": period.last.isoformat() if period else None,
        "leads": _funnel_json(crm.leads) if crm.leads else None,
        "pipelines": [_funnel_json(p) for p in crm.pipelines],
        "sources": [
            {
                "id": s.id,
                "name": s.name,
                "leads": s.leads,
                "deals": s.deals,
                "sales": s.sales,
                "revenue": s.revenue,
                "currencies": list(s.currencies),
            }
            for s in crm.sources
        ],
        "notes": list(crm.notes),
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _funnel_json(funnel: Funnel) -> dict[str, Any]:
    stages: list[dict[str, Any]] = [
        {"id": s.id, "name": s.name, "meaning": s.meaning, "count": s.count} for s in funnel.stages
    ]
    if funnel.category is None:
        return {"stages": stages}
    for stage, figures in zip(stages, funnel.stages, strict=True):
        stage["amount"] = figures.amount
    return {"category": funnel.category, "name": funnel.name, "currencies": list(funnel.currencies), "stages": stages}


def crm_text(crm: Crm, portal: str, stream: TextIO) -> None:
    period = crm.period
    title = f"{portal} · {period.written} ({period.first.isoformat()}..{period.last.isoformat()})" if period else portal
    lines = [plain(title)]
    if crm.leads:
        lines += ["", "Leads", *table([[s.id, s.name, s.meaning, _n(s.count)] for s in crm.leads.stages], {3})]
    for p in crm.pipelines:
        currency = f" ({', '.join(p.currencies)})" if p.currencies else ""
        lines += ["", plain(f"Pipeline {p.category}: {p.name or '?'}{currency}")]
        lines += table([[s.id, s.name, s.meaning, _n(s.count), _n(s.amount)] for s in p.stages], {3, 4})
    if crm.sources:
        head = ["source", "", "leads", "deals", "sales", "revenue"]
        rows = [[s.id, s.name, _n(s.leads), _n(s.deals), _n(s.sales), _n(s.revenue)] for s in crm.sources]
        lines += ["", "Sources", *table([head, *rows], {2, 3, 4, 5})]
    lines += [plain(f"note: {note}") for note in crm.notes]
    stream.write("\n".join(lines) + "\n")


def table(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Rows as aligned columns, indented; those in `right` aligned right; user text made safe."""
    cells = [[plain(cell)[:48] for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))] if cells else []
    return [
        ("  " + "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(row))).rstrip()
        for row in cells
    ]


def _n(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def file_json(data: Kpis | Report, stream: TextIO) -> None:
    document: dict[str, Any] = {"file": data.path, "period": data.period.written if data.period else None}
    if isinstance(data, Kpis):
        document["kpis"] = [
            {"kpi": r.kpi, "actual": r.actual, "target": r.target, "period": r.period.written if r.period else None}
            for r in data.rows
        ]
    else:
        document["campaigns"] = [
            {
                "campaign": c.name,
                "currency": c.currency,
                **_spend(c.spend),
                "groups": [{"group": name, **_spend(spend)} for name, spend in c.groups.values()],
            }
            for c in data.campaigns.values()
        ]
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _spend(spend: Any) -> dict[str, Any]:
    return {key: getattr(spend, key) if key in spend.counted else None for key in ("cost", "clicks", "impressions")}


def file_text(data: Kpis | Report, stream: TextIO) -> None:
    lines = [plain(data.path + (f" · {data.period.written}" if data.period else ""))]
    if isinstance(data, Kpis):
        head = ["kpi", "actual", "target", "period"]
        rows = [[r.kpi, _n(r.actual), _n(r.target), r.period.written if r.period else ""] for r in data.rows]
        lines += table([head, *rows], {1, 2})
    else:
        rows = [["campaign / ad group", "cost", "clicks", "impressions"]]
        for c in data.campaigns.values():
            rows.append([c.name + (f" ({c.currency})" if c.currency else ""), *_spent(c.spend)])
            rows += [["  " + name, *_spent(spend)] for name, spend in c.groups.values()]
        lines += table(rows, {1, 2, 3})
    stream.write("\n".join(lines) + "\n")


def _spent(spend: Any) -> list[str]:
    return [_n(getattr(spend, key)) if key in spend.counted else "" for key in ("cost", "clicks", "impressions")]
