"""`cjm compare` out: the gap from a current-state map to its ideal twin as text, Markdown or JSON, in the ideal
map's language. What the gap holds is `analysis.gap`'s; its figures and words `views.gap`'s.

The JSON document (`GAP_VERSION` 1; null where a figure is undefined):

    {"version": 1, "current": {"path", "title"}, "ideal": {"path", "title"},
     "summary": {"resolved", "remaining", "new_pains", "new"}, "scale": {"min", "max"},
     "stages": [{"id", "name", "in_current", "in_ideal",
                 "emotions": [{"persona", "name", "now", "ideal", "change"}],
                 "resolved": [{"pain": {"id", "text", "persona"}, "through": [{"id", "text", "status"}]}],
                 "remaining": [{"id", "text", "persona"}], "new_pains": [...],
                 "kpis": [{"name", "unit", "better", "actual", "target", "gap", "met", "in_current"}],
                 "new": [{"lane", "text"}]}]}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TextIO

from ..analysis.gap import Gap, GapComparison, PainRef, StageGap
from ..core.language import Language
from ..core.text import escape_markdown, plain
from ..views.gap import GapStageView, GapView, gap_view

GAP_VERSION = 1
_INDENT = "  "


def _view(comparison: GapComparison) -> tuple[Gap, GapView]:
    assert comparison.gap is not None and comparison.ideal.journey_map is not None
    lang: Language = comparison.ideal.journey_map.lang
    return comparison.gap, gap_view(comparison.gap, lang)


def _summary(view: GapView) -> str:
    return " · ".join(f"{title}: {count}" for title, count in view.summary)


def _joined(resolved: tuple[str, str]) -> str:
    """ "Pain — through: Opportunity (planned)"."""
    pain, through = resolved
    return f"{pain} — {through}" if through else pain


# --- text ---------------------------------------------------------------------------------------------------------


def text_gap(comparison: GapComparison, stream: TextIO) -> None:
    _, view = _view(comparison)
    lines = [f"{view.title}: {view.current} → {view.ideal}", _summary(view)]
    for stage in view.stages:
        lines += ["", *_stage_text(stage, view)]
    stream.write("\n".join(plain(line) for line in lines) + "\n")


def _stage_text(stage: GapStageView, view: GapView) -> list[str]:
    lines = [f"{stage.number}. {stage.name}" + (f" ({stage.note})" if stage.note else "")]
    if stage.emotions:
        shown = "; ".join(f"{e.persona} {e.now or '·'} → {e.ideal or '·'} ({e.change or '·'})" for e in stage.emotions)
        lines.append(f"{_INDENT}{view.emotion_title}: {shown}")
    for title, entries in (
        (view.resolved_title, tuple(_joined(pair) for pair in stage.resolved)),
        (view.remaining_title, stage.remaining),
        (view.new_pains_title, stage.new_pains),
    ):
        if entries:
            lines += [f"{_INDENT}{title}:", *(f"{_INDENT * 2}- {entry}" for entry in entries)]
    if stage.kpis:
        lines.append(f"{_INDENT}{view.kpi_title}:")
        for k in stage.kpis:
            gap = f" ({k.gap})" if k.gap else ""
            lines.append(f"{_INDENT * 2}- {k.name}: {k.now or '·'} → {k.target or '·'}{gap}")
    if stage.new:
        lines += [f"{_INDENT}{view.new_title}:", *(f"{_INDENT * 2}- {entry}" for entry in stage.new)]
    return lines


# --- Markdown -----------------------------------------------------------------------------------------------------


def markdown_gap(comparison: GapComparison, stream: TextIO) -> None:
    _, view = _view(comparison)
    md = escape_markdown
    lines = [f"## {view.title}", "", f"{md(view.current)} → {md(view.ideal)}", "", md(_summary(view)), ""]
    for stage in view.stages:
        note = f" ({md(stage.note)})" if stage.note else ""
        lines += [f"### {stage.number}. {md(stage.name)}{note}", ""]
        if stage.emotions:
            lines += [
                f"| {view.emotion_title} | {view.now_word} | {view.ideal_word} | ± |",
                "| --- | --- | --- | --- |",
            ]
            lines += [f"| {md(e.persona)} | {e.now} | {e.ideal} | {e.change} |" for e in stage.emotions]
            lines.append("")
        for title, entries in (
            (view.resolved_title, tuple(_joined(pair) for pair in stage.resolved)),
            (view.remaining_title, stage.remaining),
            (view.new_pains_title, stage.new_pains),
            (view.new_title, stage.new),
        ):
            if entries:
                lines += [f"**{title}**", "", *(f"- {md(entry)}" for entry in entries), ""]
        if stage.kpis:
            lines += [f"| {view.kpi_title} | {view.now_word} | {view.ideal_word} | ± |", "| --- | --- | --- | --- |"]
            lines += [f"| {md(k.name)} | {md(k.now)} | {md(k.target)} | {md(k.gap)} |" for k in stage.kpis]
            lines.append("")
    stream.write("\n".join(lines))


# --- JSON ---------------------------------------------------------------------------------------------------------


def json_gap(comparison: GapComparison, stream: TextIO) -> None:
    g, _ = _view(comparison)
    document = {
        "version": GAP_VERSION,
        "current": {"path": comparison.current.path, "title": g.current},
        "ideal": {"path": comparison.ideal.path, "title": g.ideal},
        "summary": {part: g.count(part) for part in ("resolved", "remaining", "new_pains", "new")},
        "scale": {"min": g.scale.min, "max": g.scale.max},
        "stages": [_stage_json(stage) for stage in g.stages],
    }
    json.dump(document, stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


def _stage_json(stage: StageGap) -> dict[str, Any]:
    return {
        "id": stage.id,
        "name": stage.name,
        "in_current": stage.in_current,
        "in_ideal": stage.in_ideal,
        "emotions": [
            {"persona": e.persona_id, "name": e.persona, "now": e.now, "ideal": e.ideal, "change": e.change}
            for e in stage.emotions
        ],
        "resolved": [{"pain": _pain_json(r.pain), "through": [asdict(t) for t in r.through]} for r in stage.resolved],
        "remaining": [_pain_json(p) for p in stage.remaining],
        "new_pains": [_pain_json(p) for p in stage.new_pains],
        "kpis": [
            {
                "name": k.name,
                "unit": k.unit,
                "better": k.better,
                "actual": k.actual,
                "target": k.target,
                "gap": k.gap,
                "met": k.met,
                "in_current": k.in_current,
            }
            for k in stage.kpis
        ],
        "new": [asdict(item) for item in stage.new],
    }


def _pain_json(pain: PainRef) -> dict[str, Any]:
    return {"id": pain.id, "text": pain.text, "persona": pain.persona or None}


WRITERS: dict[str, Callable[[GapComparison, TextIO], None]] = {
    "text": text_gap,
    "markdown": markdown_gap,
    "json": json_gap,
}
"""The writer of each format of `formats.GAPS`."""
