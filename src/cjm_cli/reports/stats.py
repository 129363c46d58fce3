"""`cjm stats` out: a map's funnel, KPI and emotion figures as text tables or as one JSON document.

The figures come from `analysis.metrics`; the text tables use the same formatted values as the HTML report
(`views.funnels.funnel_tables`, `views.figures.kpi_views`; the emotion curves' `views.curves.curve_table`),
in the map's language. User text reaches the
terminal through `core.text.plain`, so that no map can move the cursor or forge lines.

The JSON document (`STATS_VERSION` 1; numbers as numbers, null where a figure is undefined):

    {"version": 1,
     "maps": [{"path", "valid", "title", "lang",
               "problems": [{"line", "column", "severity", "code", "message", "hint"}],
               "funnels": [{"key", "kind", "name", "period", "currency",
                            "stages": [{"id", "name", "meaning", "count", "amount", "of_entry"}],
                            "steps": [{"from", "to", "from_count", "to_count", "conversion", "lost"}],
                            "overall_conversion", "outcome",
                            "biggest_drop_off": {"from", "to", "conversion", "lost"} | null,
                            "won", "lost", "revenue", "average_deal", "pulled"}],
               "kpis": [{"stage_id", "stage", "name", "target", "actual", "unit", "better", "period",
                         "status", "gap", "pulled"}],
               "returns": [{"key", "kind", "cost", "leads", "sales", "revenue", "currency", "cost_per_lead",
                            "cost_per_sale", "return_on_ad_spend", "cost_per_click"}],
               "emotions": {"scale": {"min", "max", "neutral"},
                            "personas": [{"id", "name", "scores", "average", "position",
                                          "lowest": {"stage_id", "stage", "score"}, "highest": {...},
                                          "below_neutral", "biggest_fall": {"from", "to", "by"} | null}]}
                           | null}]}
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any, TextIO

from ..analysis.emotions import EmotionFigures, StageScore
from ..analysis.metrics import FunnelMetrics, KpiMetrics, Step, measure
from ..core.lanes import BY_KEY
from ..core.language import Language
from ..core.model import JourneyMap, Pulled
from ..core.pipeline import Checked
from ..core.text import plain
from ..views.curves import CurveTable, curve_table
from ..views.figures import kpi_views
from ..views.funnels import funnel_tables
from ..views.shapes import FunnelTable, KpiView
from ..views.words import Words, words
from .problems import problem_json, report

STATS_VERSION = 1
_NAME_LIMIT = 40  # characters of a stage or KPI name in a text table; JSON has them whole
_INDENT = "  "


def errors_only(result: Checked) -> Checked:
    """The map's errors without its warnings: figures are `cjm stats`' subject, methodology is `validate`'s."""
    return Checked(result.path, result.journey_map, [p for p in result.problems if p.severity == "error"])


# --- text ---------------------------------------------------------------------------------------------------------


def text_stats(results: Sequence[Checked], stream: TextIO) -> None:
    """Each map's tables, or its errors as `cjm validate` reports them; a blank line between maps."""
    for n, result in enumerate(results):
        if n:
            stream.write("\n")
        if not result.ok or result.journey_map is None:
            report([errors_only(result)], "auto", stream)
            continue
        stream.write("\n".join(map_text(result.path, result.journey_map)) + "\n")


def map_text(path: str, journey_map: JourneyMap) -> list[str]:
    """The lines of one map's figures."""
    w = words(journey_map.lang)
    lines = [plain(f"{path}: {journey_map.title}")]
    tables = funnel_tables(journey_map)
    kpis = kpi_views(journey_map)
    for table in tables:
        lines += ["", *_funnel_text(table, w)]
    if kpis:
        lines += ["", *_kpi_text(kpis, w, journey_map.lang)]
    curves = curve_table(journey_map)
    if curves:
        lines += ["", *_curve_text(curves)]
    if not measure(journey_map).has_figures:
        lines += ["", _INDENT + w.no_figures]
    return lines


def _funnel_text(table: FunnelTable, w: Words) -> list[str]:
    title = plain(" · ".join(x for x in (table.title, table.subtitle) if x))
    if not table.has_figures:
        return [f"{title}: {w.no_counts}"]
    head = [w.stage, "", w.count, *([w.amount] if table.has_amounts else []), w.from_previous]
    head += [w.from_first, ""]
    rows = []
    for row in table.rows:
        notes = [row.outcome] if row.outcome else []
        notes += [f"◀ {w.biggest_drop_off} {row.drop_off}"] if row.drop_off else []
        amount = [row.amount] if table.has_amounts else []
        rows.append([row.id, row.name, row.count, *amount, row.from_previous, row.from_first, ", ".join(notes)])
    right = {2, 3, 4} | ({5} if table.has_amounts else set())
    lines = [title, *_columns([head, *rows], right)]
    if table.totals:
        lines.append(_INDENT + plain(" · ".join(f"{label} {value}" for label, value in table.totals)))
    if table.drop_off:
        lines.append(_INDENT + plain(f"{w.biggest_drop_off}: {table.drop_off}"))
    return lines


def _kpi_text(kpis: Sequence[KpiView], w: Words, lang: Language) -> list[str]:
    status = {"good": w.met, "bad": w.missed, "": w.unknown}
    head = [w.stage, "KPI", w.actual, w.target, w.gap, w.status]
    rows = [[k.stage, k.name, k.actual, k.target, k.gap, status[k.status]] for k in kpis]
    return [BY_KEY["kpis"].titles[lang], *_columns([[h[:1].upper() + h[1:] for h in head], *rows], {2, 3, 4})]


def _curve_text(table: CurveTable) -> list[str]:
    rows = [[r.persona, r.average, r.below_neutral, r.lowest, r.biggest_fall] for r in table.rows]
    return [table.title, *_columns([list(table.head), *rows], {1})]


def _columns(rows: list[list[str]], right: set[int]) -> list[str]:
    """Rows as aligned columns (numbers in `right` aligned right), indented; user text made safe and short."""
    cells = [[_short(plain(cell)) for cell in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(cells[0]))]
    lines = []
    for row in cells:
        padded = [
            " " * (widths[i] - _width(cell)) + cell if i in right else cell + " " * (widths[i] - _width(cell))
            for i, cell in enumerate(row)
        ]
        lines.append((_INDENT + "  ".join(padded)).rstrip())
    return lines


def _short(text: str) -> str:
    return text if len(text) <= _NAME_LIMIT else text[: _NAME_LIMIT - 1] + "…"


def _width(text: str) -> int:
    """Columns a terminal gives the text: wide (CJK) characters take two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# --- JSON ---------------------------------------------------------------------------------------------------------


def json_stats(results: Sequence[Checked], stream: TextIO) -> None:
    document = {"version": STATS_VERSION, "maps": [_map_json(r) for r in results]}
    json.dump(document, stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


def _map_json(result: Checked) -> dict[str, Any]:
    figures = measure(result.journey_map) if result.ok and result.journey_map else None
    return {
        "path": result.path,
        "valid": result.ok,
        "title": result.journey_map.title if figures and result.journey_map else None,
        "lang": result.journey_map.lang if figures and result.journey_map else None,
        "problems": [problem_json(p) for p in errors_only(result).problems],
        "funnels": [_funnel_json(f) for f in figures.funnels] if figures else [],
        "kpis": [_kpi_json(k) for k in figures.kpis] if figures else [],
        "returns": [
            {"kind": kind, **asdict(r)}
            for kind, found in (("channel", figures.channels), ("campaign", figures.campaigns))
            for r in found
        ]
        if figures
        else [],
        "emotions": _emotions_json(figures.emotions) if figures and figures.emotions else None,
    }


def _funnel_json(f: FunnelMetrics) -> dict[str, Any]:
    drop_off = f.biggest_drop_off
    return {
        "key": f.key,
        "kind": f.kind,
        "name": f.name,
        "period": f.period,
        "currency": f.currency,
        "stages": [
            {
                "id": s.id,
                "name": s.name,
                "meaning": s.meaning,
                "count": s.count,
                "amount": s.amount,
                "of_entry": s.of_entry,
            }
            for s in f.stages
        ],
        "steps": [_step_json(s) for s in f.steps],
        "overall_conversion": f.overall,
        "outcome": f.outcome,
        "biggest_drop_off": _step_json(drop_off, brief=True) if drop_off else None,
        "won": f.won,
        "lost": f.lost,
        "revenue": f.revenue,
        "average_deal": f.average_deal,
        "pulled": _pulled_json(f.pulled),
    }


def _step_json(step: Step, brief: bool = False) -> dict[str, Any]:
    counts = {} if brief else {"from_count": step.from_count, "to_count": step.to_count}
    return {"from": step.from_stage, "to": step.to_stage, **counts, "conversion": step.conversion, "lost": step.lost}


def _kpi_json(k: KpiMetrics) -> dict[str, Any]:
    return {
        "stage_id": k.stage_id,
        "stage": k.stage,
        "name": k.name,
        "target": k.target,
        "actual": k.actual,
        "unit": k.unit,
        "better": k.better,
        "period": k.period,
        "status": k.status,
        "gap": k.gap,
        "pulled": _pulled_json(k.pulled),
    }


def _emotions_json(e: EmotionFigures) -> dict[str, Any]:
    def point(p: StageScore | None) -> dict[str, Any] | None:
        return None if p is None else {"stage_id": p.stage_id, "stage": p.stage, "score": p.score}

    return {
        "scale": {"min": e.scale.min, "max": e.scale.max, "neutral": e.scale.middle},
        "personas": [
            {
                "id": c.persona_id,
                "name": c.persona,
                "scores": c.scored,
                "average": c.average,
                "position": c.position,
                "lowest": point(c.lowest),
                "highest": point(c.highest),
                "below_neutral": c.below_neutral,
                "biggest_fall": None
                if c.biggest_fall is None
                else {"from": c.biggest_fall.from_stage, "to": c.biggest_fall.to_stage, "by": c.biggest_fall.by},
            }
            for c in e.curves
        ],
    }


def _pulled_json(pulled: Pulled | None) -> dict[str, Any] | None:
    return None if pulled is None else {"source": pulled.source, "period": pulled.period, "date": pulled.date}


WRITERS: dict[str, Callable[[Sequence[Checked], TextIO], None]] = {"text": text_stats, "json": json_stats}
"""The writer of each format of `formats.STATS`."""
