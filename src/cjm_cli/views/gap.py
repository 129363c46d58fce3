"""The gap to the ideal as `cjm compare`, its picture and the ideal map's report show it: figures and words in the
map's language, a colour per persona, and both emotion curves."""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.gap import Gap, KpiGap, PainRef, Resolved, StageGap
from ..core.lanes import BY_KEY
from ..core.language import Language
from .figures import number, signed
from .scale import DEFAULT_SCALE_VIEW, ScaleView, scale_view
from .shapes import Status
from .theme import Line, Marker, persona_colour, persona_line, persona_marker
from .words import Words, words


@dataclass(frozen=True)
class EmotionRow:
    persona_id: str
    persona: str
    colour: str
    now: str
    """ "−2", "+1" ("7" on a scale of 1 to 10), "" where the map gives none."""
    ideal: str
    change: str
    """ "+3", "0", "" where either is missing."""


@dataclass(frozen=True)
class KpiRow:
    name: str
    now: str
    target: str
    gap: str
    """target − actual, "−18 %"; "" when either is unknown."""
    status: Status
    """Whether the actual value already meets the target."""


@dataclass(frozen=True)
class GapStageView:
    number: str
    name: str
    note: str
    """Said of a stage only one of the maps has."""
    emotions: tuple[EmotionRow, ...]
    resolved: tuple[tuple[str, str], ...]
    """The pain ("Pain (Persona)") and what resolves it ("through: Opportunity (planned); Other (done)"; "" when
    no opportunity of the current map fixes it)."""
    remaining: tuple[str, ...]
    new_pains: tuple[str, ...]
    kpis: tuple[KpiRow, ...]
    new: tuple[str, ...]
    """ "Touchpoints: Apple Pay"."""


@dataclass(frozen=True)
class Curve:
    persona_id: str
    persona: str
    colour: str
    now: tuple[int | None, ...]
    """One score per stage of the gap, on the gap's scale; None where there is none."""
    ideal: tuple[int | None, ...]
    marker: Marker = "circle"
    line: Line = "solid"


@dataclass(frozen=True)
class GapView:
    title: str
    """ "Gap to the ideal"."""
    current: str
    ideal: str
    summary: tuple[tuple[str, int], ...]
    """(title, count): pains resolved, remaining and new, and items new in the ideal."""
    stages: tuple[GapStageView, ...]
    curves: tuple[Curve, ...]
    now_word: str
    ideal_word: str
    emotion_title: str
    resolved_title: str
    remaining_title: str
    new_pains_title: str
    kpi_title: str
    new_title: str
    stage_word: str
    scale: ScaleView = DEFAULT_SCALE_VIEW


def gap_view(g: Gap, lang: Language) -> GapView:
    w = words(lang)
    colours = {pid: persona_colour(i) for i, (pid, _) in enumerate(g.personas)}
    curves = tuple(
        Curve(
            pid,
            name,
            colours[pid],
            tuple(_score(s, pid, now=True) for s in g.stages),
            tuple(_score(s, pid, now=False) for s in g.stages),
            persona_marker(i),
            persona_line(i),
        )
        for i, (pid, name) in enumerate(g.personas)
        if any(e.persona_id == pid for s in g.stages for e in s.emotions)
    )
    scale = scale_view(g.scale)
    summary = (
        (w.resolved, g.count("resolved")),
        (w.remaining, g.count("remaining")),
        (w.new_pains, g.count("new_pains")),
        (w.new_in_ideal, g.count("new")),
    )
    stages = tuple(_stage(n, s, colours, w, lang, scale) for n, s in enumerate(g.stages, start=1))
    return GapView(
        w.gap_title,
        g.current,
        g.ideal,
        summary,
        stages,
        curves,
        w.current,
        w.ideal,
        w.emotion,
        w.resolved,
        w.remaining,
        w.new_pains,
        w.kpi_gaps,
        w.new_in_ideal,
        w.stage,
        scale,
    )


def _score(stage: StageGap, persona_id: str, now: bool) -> int | None:
    for e in stage.emotions:
        if e.persona_id == persona_id:
            return e.now if now else e.ideal
    return None


def _stage(n: int, s: StageGap, colours: dict[str, str], w: Words, lang: Language, scale: ScaleView) -> GapStageView:
    note = "" if s.in_current and s.in_ideal else w.stage_only_current if s.in_current else w.stage_only_ideal
    return GapStageView(
        str(n),
        s.name,
        note,
        tuple(
            EmotionRow(
                e.persona_id,
                e.persona,
                colours[e.persona_id],
                _shown(e.now, scale),
                _shown(e.ideal, scale),
                _change(e.change),
            )
            for e in s.emotions
        ),
        tuple(_resolved(r, w) for r in s.resolved),
        tuple(_pain(p) for p in s.remaining),
        tuple(_pain(p) for p in s.new_pains),
        tuple(_kpi(k, lang) for k in s.kpis),
        tuple(f"{BY_KEY[item.lane].titles[lang]}: {item.text}" for item in s.new),
    )


def _shown(score: int | None, scale: ScaleView) -> str:
    """A score as the scale writes it: "+1", "0", "−2" ("7" on 1..10); "" for none."""
    return "" if score is None else scale.label(score)


def _change(change: int | None) -> str:
    """A change of score, always with its sign but 0: "+3", "0", "−1"; "" for none."""
    if change is None:
        return ""
    return f"+{change}" if change > 0 else f"\u2212{-change}" if change < 0 else "0"


def _pain(p: PainRef) -> str:
    return f"{p.text} ({p.persona})" if p.persona else p.text


def _resolved(r: Resolved, w: Words) -> tuple[str, str]:
    through = "; ".join(f"{t.text} ({w.statuses[t.status]})" for t in r.through)
    return _pain(r.pain), f"{w.through}: {through}" if through else ""


def _kpi(k: KpiGap, lang: Language) -> KpiRow:
    unit = f" {k.unit}" if k.unit else ""

    def shown(value: float | None) -> str:
        return "" if value is None else number(value, lang) + unit

    gap = k.gap
    status: Status = "" if k.met is None else "good" if k.met else "bad"
    return KpiRow(k.name, shown(k.actual), shown(k.target), "" if gap is None else signed(gap, lang) + unit, status)
