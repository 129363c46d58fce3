"""A map's own emotion scale (`journey.emotion_scale`) wherever scores are compared or carried over: a score
placed on another scale, the gap to an ideal on another scale, the old score a diff rings."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cjm_cli.analysis.diff import diff_maps
from cjm_cli.core.model import DEFAULT_SCALE, EmotionScale, JourneyMap
from cjm_cli.views.diff_marks import diff_view
from conftest import Run

Cjm = Callable[..., Run]
WriteMap = Callable[..., Path]
TEN = EmotionScale(min=1, max=10)


@st.composite
def scales(draw: st.DrawFn) -> EmotionScale:
    low = draw(st.integers(-100, 99))
    return EmotionScale(min=low, max=draw(st.integers(low + 1, 100)))


@given(scales(), scales(), st.data())
def test_a_score_placed_on_another_scale_keeps_its_place(one: EmotionScale, other: EmotionScale, data: Any) -> None:
    assert one.onto(one.min, other) == other.min and one.onto(one.max, other) == other.max
    low, high = sorted(data.draw(st.lists(st.integers(one.min, one.max), min_size=2, max_size=2)))
    placed = one.onto(low, other), one.onto(high, other)
    assert other.holds(placed[0]) and other.holds(placed[1])
    assert placed[0] <= placed[1], "a higher score is never placed lower"
    # nearest whole score: never farther than half a step of `other` from the exact place
    exact = other.min + (low - one.min) * (other.max - other.min) / (one.max - one.min)
    assert abs(placed[0] - exact) <= 0.5 + 1e-9
    # both halves of the scale are placed alike: a score and its mirror image land on mirror images
    mirror = one.min + one.max - low
    if 2 * exact != other.min + other.max:
        assert one.onto(mirror, other) == other.min + other.max - placed[0]


def test_a_score_on_the_default_scale_placed_on_others() -> None:
    assert [DEFAULT_SCALE.onto(score, TEN) for score in (-2, -1, 0, 1, 2)] == [1, 3, 6, 8, 10]
    assert [TEN.onto(score, DEFAULT_SCALE) for score in range(1, 11)] == [-2, -2, -1, -1, 0, 0, 1, 1, 2, 2]
    five = EmotionScale(min=1, max=5)
    assert [EmotionScale(min=0, max=8).onto(score, five) for score in (1, 3, 5, 7)] == [1, 2, 4, 5]


CURRENT = """\
cjm: 1
title: Today
personas: [{id: anna, name: Anna}]
journey:
  stages:
    - {id: find, name: Find, emotions: {anna: -1}}
    - {id: buy, name: Buy, emotions: {anna: -2}}
"""

IDEAL = """\
cjm: 1
title: Tomorrow
type: ideal
twin: current.yaml
personas: [{id: anna, name: Anna}]
journey:
  emotion_scale: {min: 1, max: 10}
  stages:
    - {id: find, name: Find, emotions: {anna: 8}}
    - {id: buy, name: Buy, emotions: {anna: 9}}
"""


def test_the_gap_to_an_ideal_on_another_scale_is_given_on_the_ideals(cjm: Cjm, write_map: WriteMap) -> None:
    current, ideal = write_map(CURRENT, "current.yaml"), write_map(IDEAL, "ideal.yaml")
    run = cjm("compare", current, ideal, "-f", "json")
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["scale"] == {"min": 1, "max": 10}
    emotions = [(e["now"], e["ideal"], e["change"]) for s in document["stages"] for e in s["emotions"]]
    assert emotions == [(3, 8, 5), (1, 9, 8)]  # -1 of -2..2 is 3.25 of 1..10, -2 its bottom
    text = cjm("compare", current, ideal).stdout
    assert "Anna 3 → 8 (+5)" in text and "Anna 1 → 9 (+8)" in text


def test_a_diff_rings_the_old_score_where_the_new_scale_has_it() -> None:
    def scored(score: int, scale: dict[str, int] | None = None) -> JourneyMap:
        stages = [{"id": "find", "name": "Find", "emotions": {"anna": score}}]
        journey = {"stages": stages} | ({"emotion_scale": scale} if scale else {})
        persona = {"id": "anna", "name": "Anna"}
        return JourneyMap.model_validate({"cjm": 1, "title": "T", "personas": [persona], "journey": journey})

    old, new = scored(1), scored(9, {"min": 1, "max": 10})
    view = diff_view(old, new, diff_maps(old, new), "old.yaml", "new.yaml")
    assert view.marks.old_scores == {("journey", "stages", 0, "emotions", "anna"): 8}  # 1 of -2..2 is 7.75 of 1..10
