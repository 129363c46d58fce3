"""The emotion scale as the charts draw it: its ends, the scores that get a line and a label, and how a score
is written (`+2` and `−1` on a scale with negative scores, `7` on one of 1 to 10)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import DEFAULT_SCALE, EmotionScale

_STEPS = (1, 2, 5, 10, 20, 25, 50)
_MOST_LINES = 11
"""A chart shows at most this many labelled levels: every score up to a scale of 0..10, then every 2nd, 5th..."""


@dataclass(frozen=True)
class ScaleView:
    min: int
    max: int
    ticks: tuple[int, ...]
    """The scores drawn as levels with their label, from the top (`max`) down; both ends are among them."""
    step: int = 1
    """Between two labelled levels (at least: an end may be farther from its neighbour)."""

    @property
    def steps(self) -> float:
        """How many steps the scale spans: the chart is tall enough for a label on each."""
        return (self.max - self.min) / self.step

    @property
    def middle(self) -> float:
        """The neutral level, halfway: 0 on -2..2, 5.5 (between two scores) on 1..10."""
        return (self.min + self.max) / 2

    @property
    def signed(self) -> bool:
        """Whether scores below the middle are negative numbers, written with their sign, and those above +."""
        return self.min < 0

    def share(self, score: float) -> float:
        """Where `score` is on the chart: 0 at the top (`max`), 1 at the bottom (`min`)."""
        return (self.max - score) / (self.max - self.min)

    def label(self, score: float) -> str:
        """A score as the charts and tables write it: `+2`, `0`, `−1` (a minus sign) on a signed scale, `7`."""
        shown = f"{abs(score):g}"
        if score < 0:
            return f"\u2212{shown}"
        return f"+{shown}" if self.signed and score > 0 else shown


def scale_view(scale: EmotionScale = DEFAULT_SCALE) -> ScaleView:
    step = next((s for s in _STEPS if (scale.max - scale.min) / s < _MOST_LINES), _STEPS[-1])
    inside = [s for s in range(scale.max - 1, scale.min, -1) if s % step == 0]
    if inside and scale.max - inside[0] < step:  # a level too close under the top end, whose label it would touch
        inside = inside[1:]
    if inside and inside[-1] - scale.min < step:
        inside = inside[:-1]
    return ScaleView(scale.min, scale.max, (scale.max, *inside, scale.min), step)


DEFAULT_SCALE_VIEW = scale_view()
