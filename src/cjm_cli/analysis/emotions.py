"""Figures of the emotion curves, on the map's own scale (`journey.emotion_scale`): per persona, the average
score and where it lies between the ends of the scale, the lowest and highest points, how many stages are
below the neutral middle, and the biggest fall from one stage to the next. Definitions: docs/metrics.md.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..core.model import EmotionScale, JourneyMap


@dataclass(frozen=True)
class StageScore:
    stage_id: str
    stage: str
    score: int


@dataclass(frozen=True)
class Fall:
    """A fall of the curve between two stages next to each other that both have a score."""

    from_stage: str
    to_stage: str
    """The stages' ids."""
    by: int
    """How many points it falls: always more than 0."""


@dataclass(frozen=True)
class CurveFigures:
    persona_id: str
    persona: str
    scored: int
    """How many stages give the persona a score."""
    stages: int
    """How many stages the journey has."""
    average: float | None
    position: float | None
    """Where the average lies on the scale: 0 at `min`, 1 at `max` (0.5 neutral), to compare maps whose scales
    differ."""
    lowest: StageScore | None
    """The lowest score, at the first stage that has it."""
    highest: StageScore | None
    below_neutral: int
    """How many stages give a score below the scale's middle."""
    biggest_fall: Fall | None
    """The largest fall, the first of equal ones; None when the curve never falls."""


@dataclass(frozen=True)
class EmotionFigures:
    scale: EmotionScale
    curves: tuple[CurveFigures, ...]
    """One per persona with a score at some stage, in the order the personas are listed."""


def emotion_figures(journey_map: JourneyMap) -> EmotionFigures | None:
    """The figures of every persona's curve; None for a map without a journey or without any score."""
    if journey_map.journey is None:
        return None
    scale = journey_map.journey.emotion_scale
    stages = journey_map.journey.stages
    curves = []
    for persona in journey_map.personas:
        points = [StageScore(s.id, s.name, s.emotions[persona.id]) for s in stages if persona.id in s.emotions]
        if not points:
            continue
        average = sum(p.score for p in points) / len(points)
        curves.append(
            CurveFigures(
                persona.id,
                persona.name,
                len(points),
                len(stages),
                average,
                (average - scale.min) / (scale.max - scale.min),
                min(points, key=lambda p: p.score),
                max(points, key=lambda p: p.score),
                sum(p.score < scale.middle for p in points),
                _biggest_fall(journey_map, persona.id),
            )
        )
    return EmotionFigures(scale, tuple(curves)) if curves else None


def _biggest_fall(journey_map: JourneyMap, persona_id: str) -> Fall | None:
    """A stage without a score breaks the curve, as the pictures draw it: no fall is measured across it."""
    assert journey_map.journey is not None
    falls = [
        Fall(a.id, b.id, a.emotions[persona_id] - b.emotions[persona_id])
        for a, b in itertools.pairwise(journey_map.journey.stages)
        if persona_id in a.emotions and persona_id in b.emotions and a.emotions[persona_id] > b.emotions[persona_id]
    ]
    return max(falls, key=lambda fall: fall.by) if falls else None
