"""The emotion curves' figures as `cjm stats` shows them, in the map's language and on its scale: a row per
persona with the average, how many stages are below neutral, the lowest point and the biggest fall."""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.emotions import CurveFigures, emotion_figures
from ..core.lanes import BY_KEY
from ..core.model import JourneyMap
from .figures import average_score
from .scale import ScaleView, scale_view
from .words import Words, words


@dataclass(frozen=True)
class CurveRow:
    persona: str
    average: str
    """On the scale, to one decimal place: "−0,4" ("+1.2" on a scale with negative scores, "6.5" on 1..10)."""
    below_neutral: str
    """ "2 of 5": stages below neutral of the stages with a score."""
    lowest: str
    """ "−2 Checkout": the score and the stage."""
    biggest_fall: str
    """ "−3 Compare → Checkout"; "" when the curve never falls."""


@dataclass(frozen=True)
class CurveTable:
    title: str
    """ "Emotions · scale −2 … +2"."""
    head: tuple[str, ...]
    rows: tuple[CurveRow, ...]


def curve_table(journey_map: JourneyMap) -> CurveTable | None:
    figures = emotion_figures(journey_map)
    if figures is None:
        return None
    w, lang = words(journey_map.lang), journey_map.lang
    scale = scale_view(figures.scale)
    names = {s.id: s.name for s in journey_map.journey.stages} if journey_map.journey else {}
    title = BY_KEY["emotions"].titles[lang]
    scale_words = w.emotion_scale.format(min=scale.label(scale.min), max=scale.label(scale.max))
    head = (w.persona, w.average, w.below_neutral, w.lowest, w.biggest_fall)
    rows = tuple(_row(curve, scale, names, w, lang) for curve in figures.curves)
    return CurveTable(f"{title} · {scale_words}", head, rows)


def _row(curve: CurveFigures, scale: ScaleView, names: dict[str, str], w: Words, lang: str) -> CurveRow:
    assert curve.average is not None and curve.lowest is not None
    fall = curve.biggest_fall
    return CurveRow(
        curve.persona,
        average_score(curve.average, lang, scale.signed),
        w.of_total.format(n=curve.below_neutral, total=curve.scored),
        f"{scale.label(curve.lowest.score)} {curve.lowest.stage}",
        f"\u2212{fall.by} {names[fall.from_stage]} → {names[fall.to_stage]}" if fall else "",
    )
