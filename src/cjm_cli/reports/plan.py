"""`cjm plan` out: the ranked backlog of the opportunities of one or more maps, as a text table, Markdown, JSON
or CSV. The ranking is `analysis.plan`'s, the figures and words `views.plan`'s, in the maps' language (English
when the maps are in several).

The JSON document (`PLAN_VERSION` 1; numbers as numbers, null where a figure is undefined):

    {"version": 1, "method": "rice", "statuses": ["idea", "planned", "in-progress"],
     "maps": [{"path", "valid", "title", "problems": [...]}],
     "items": [{"rank", "path", "line", "where", "map", "stage_id", "stage", "id", "text", "status",
                "owner_id", "owner", "due", "personas": [{"id", "name"}], "hypothesis",
                "fixes": [{"id", "text", "persona", "evidence", "confidence"}],
                "moves": [{"kpi", "name", "stage", "unit", "better", "actual", "target", "by", "expected",
                           "reaches_target"}],
                "rice": {"score", "value", "effort"} | null, "ice": {...} | null,
                "ticket", "evidence", "confidence"}]}
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from ..analysis.plan import OPEN, Method, Plan, PlanItem, Score, plan_items, rank
from ..core.language import Language
from ..core.pipeline import Checked
from ..core.problems import Problem
from ..core.text import escape_markdown, plain, spreadsheet_cell
from ..views.plan import PlanTable, plan_table
from ..views.words import Words, words
from .problems import problem_json
from .stats import _columns as columns

PLAN_VERSION = 1


@dataclass(frozen=True)
class PlanRequest:
    statuses: tuple[str, ...] = OPEN
    method: Method | None = None
    """None: the method more of the items use."""


def backlog(results: Sequence[Checked], request: PlanRequest) -> tuple[Plan, Language]:
    """The items of the valid maps with the statuses asked for, ranked; and the language to write them in."""
    items: list[PlanItem] = []
    langs = set()
    for result in results:
        if result.ok and result.journey_map is not None:
            langs.add(result.journey_map.lang)
            found = plan_items(result.journey_map, result.path, result.document)
            items += [item for item in found if item.status in request.statuses]
    lang: Language = langs.pop() if len(langs) == 1 else "en"
    return rank(items, request.method), lang


def _heading(plan: Plan, table: PlanTable, w: Words) -> str:
    formula = w.rice_formula if plan.method == "rice" else w.ice_formula
    ranked = len(plan.items) - plan.unscored
    line = f"{w.plan} · {w.opportunities_count}: {len(plan.items)} · {w.ranked_by} {table.method} ({formula})"
    return line + (f" · {w.unscored} {table.method}: {plan.unscored}" if plan.unscored and ranked else "")


# --- text ---------------------------------------------------------------------------------------------------------


def text_plan(results: Sequence[Checked], request: PlanRequest, stream: TextIO) -> None:
    plan, lang = backlog(results, request)
    w, table = words(lang), plan_table(plan, lang)
    head = _titled(["#", table.method, w.status, w.due, w.owner, w.opportunity, w.stage, w.map])
    rows = [[r.rank, r.score, r.status_word, r.due, r.owner, r.text, r.stage, r.location] for r in table.rows]
    stream.write(plain(_heading(plan, table, w)) + "\n")
    if rows:
        stream.write("\n" + "\n".join(columns([head, *rows], {0, 1})) + "\n")


# --- Markdown -----------------------------------------------------------------------------------------------------


def markdown_plan(results: Sequence[Checked], request: PlanRequest, stream: TextIO) -> None:
    plan, lang = backlog(results, request)
    w, table = words(lang), plan_table(plan, lang)
    head = _titled(["#", table.method, w.opportunity, w.stage, w.status, w.owner, w.due, w.fixes, w.moves])
    lines = [f"## {w.plan}", "", escape_markdown(_heading(plan, table, w)) + ".", ""]
    if table.rows:
        lines += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in table.rows:
        cells = [r.rank, r.score, r.text, r.stage, r.status_word, r.owner, r.due]
        listed = ["; ".join(r.fixes), "; ".join(r.moves)]
        lines.append("| " + " | ".join(escape_markdown(cell) for cell in (*cells, *listed)) + " |")
    stream.write("\n".join(lines) + "\n")


# --- CSV ----------------------------------------------------------------------------------------------------------


def csv_plan(results: Sequence[Checked], request: PlanRequest, stream: TextIO) -> None:
    """One row per item, UTF-8 with a byte-order mark (Excel reads the Cyrillic right), cells that could run
    as formulas prefixed with `'`, lists in a cell one per line."""
    plan, lang = backlog(results, request)
    w, table = words(lang), plan_table(plan, lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        _titled(
            [
                "#",
                table.method,
                w.value,
                w.effort,
                w.status,
                w.due,
                w.owner,
                w.opportunity,
                w.stage,
                w.personas,
                w.fixes,
                w.moves,
                w.hypothesis,
                w.ticket,
                w.evidence,
                w.map,
                w.diff_where,
            ]
        )
    )
    for r in table.rows:
        score = r.item.score(plan.method)
        figures = [_raw(score.score), _raw(score.value), _raw(score.effort)] if score else ["", "", ""]
        row = [r.rank, *figures, r.status_word, r.due, r.owner, r.text, r.stage, r.personas]
        row += ["\n".join(r.fixes), "\n".join(r.moves), r.hypothesis, r.ticket, r.evidence, r.location, r.where]
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    stream.write("\ufeff" + out.getvalue())


def _raw(value: float) -> str:
    """A number as a spreadsheet reads it in any locale's CSV import: `16320`, `0.5`, no grouping."""
    return f"{round(value, 2):g}" if abs(value) < 1e15 else f"{value:.6g}"


def _titled(head: list[str]) -> list[str]:
    return [h[:1].upper() + h[1:] for h in head]


# --- JSON ---------------------------------------------------------------------------------------------------------


def json_plan(results: Sequence[Checked], request: PlanRequest, stream: TextIO) -> None:
    plan, _ = backlog(results, request)
    document = {
        "version": PLAN_VERSION,
        "method": plan.method,
        "statuses": list(request.statuses),
        "maps": [_map_json(result) for result in results],
        "items": [_item_json(r.rank, r.item) for r in plan.items],
    }
    json.dump(document, stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


def _map_json(result: Checked) -> dict[str, Any]:
    errors: list[Problem] = [p for p in result.problems if p.severity == "error"]
    return {
        "path": result.path,
        "valid": result.ok,
        "title": result.journey_map.title if result.ok and result.journey_map else None,
        "problems": [problem_json(p) for p in errors],
    }


def _item_json(rank: int | None, item: PlanItem) -> dict[str, Any]:
    return {
        "rank": rank,
        "path": item.path,
        "line": item.line or None,
        "where": item.where,
        "map": item.map_title,
        "stage_id": item.stage_id,
        "stage": item.stage,
        "id": item.id,
        "text": item.text,
        "status": item.status,
        "owner_id": item.owner_id,
        "owner": item.owner,
        "due": item.due,
        "personas": [{"id": i, "name": n} for i, n in zip(item.persona_ids, item.personas, strict=True)],
        "hypothesis": item.hypothesis,
        "fixes": [
            {
                "id": p.id,
                "text": p.text,
                "persona": p.persona or None,
                "evidence": p.evidence,
                "confidence": p.confidence,
            }
            for p in item.fixes
        ],
        "moves": [
            {
                "kpi": m.id,
                "name": m.name,
                "stage": m.stage,
                "unit": m.unit,
                "better": m.better,
                "actual": m.actual,
                "target": m.target,
                "by": m.by,
                "expected": m.expected,
                "reaches_target": m.reaches_target,
            }
            for m in item.moves
        ],
        "rice": _score_json(item.rice),
        "ice": _score_json(item.ice),
        "ticket": item.ticket,
        "evidence": item.evidence,
        "confidence": item.confidence,
    }


def _score_json(score: Score | None) -> dict[str, float] | None:
    return None if score is None else {"score": score.score, "value": score.value, "effort": score.effort}


WRITERS: dict[str, Callable[[Sequence[Checked], PlanRequest, TextIO], None]] = {
    "text": text_plan,
    "markdown": markdown_plan,
    "json": json_plan,
    "csv": csv_plan,
}
"""The writer of each format of `formats.PLANS`."""
