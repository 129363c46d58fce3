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
from cjm_cli.api import check_file
from cjm_cli.core.model import DEFAULT_SCALE, EmotionScale, JourneyMap
from cjm_cli.views.diff_marks import diff_view
from conftest import EXAMPLES, Run

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


# --- cjm stats: the curves' figures on the map's scale -------------------------------------------------------------

TEN_POINT = """\
cjm: 1
title: Ten points
lang: ru
personas: [{id: anna, name: Анна}, {id: oleg, name: Олег}]
journey:
  emotion_scale: {min: 1, max: 10}
  stages:
    - {id: a, name: Поиск, emotions: {anna: 8, oleg: 6}}
    - {id: b, name: Выбор, emotions: {anna: 5, oleg: 6}}
    - {id: c, name: Оплата, emotions: {anna: 2}}
    - {id: d, name: Доставка, emotions: {anna: 9, oleg: 1}}
"""


def test_stats_measure_each_curve_on_the_maps_scale(cjm: Cjm, write_map: WriteMap) -> None:
    run = cjm("stats", write_map(TEN_POINT), "--format", "json")
    assert run.exit_code == 0, run.stderr
    [figures] = json.loads(run.stdout)["maps"]
    emotions = figures["emotions"]
    assert emotions["scale"] == {"min": 1, "max": 10, "neutral": 5.5}
    anna, oleg = emotions["personas"]
    assert (anna["scores"], anna["average"], anna["position"]) == (4, 6.0, 5 / 9)
    assert anna["lowest"] == {"stage_id": "c", "stage": "Оплата", "score": 2}
    assert anna["highest"] == {"stage_id": "d", "stage": "Доставка", "score": 9}
    # 5 and 2 are below the middle of 1..10 (5.5); 8 -> 5 and 5 -> 2 fall as far: the first is the biggest
    assert anna["below_neutral"] == 2
    assert anna["biggest_fall"] == {"from": "a", "to": "b", "by": 3}
    # Oleg has no score at Оплата: the curve is broken there, so 6 -> 1 is no fall of the curve
    assert (oleg["scores"], oleg["average"], oleg["below_neutral"], oleg["biggest_fall"]) == (3, 13 / 3, 1, None)
    assert oleg["lowest"] == {"stage_id": "d", "stage": "Доставка", "score": 1}


def test_stats_write_the_curves_in_the_maps_language_and_scale(cjm: Cjm, write_map: WriteMap) -> None:
    lines = cjm("stats", write_map(TEN_POINT)).stdout.splitlines()
    at = lines.index("Эмоции · шкала 1 … 10")
    assert lines[at + 1].split() == ["Персона", "Среднее", "Ниже", "нейтрального", "Минимум", "Сильнейшее", "падение"]
    assert lines[at + 2].split() == ["Анна", "6", "2", "из", "4", "2", "Оплата", "−3", "Поиск", "→", "Выбор"]
    assert lines[at + 3].split() == ["Олег", "4,3", "1", "из", "3", "1", "Доставка"]
    signed = cjm("stats", EXAMPLES / "b2c-running-shoes.yaml").stdout
    assert "Emotions · scale −2 … +2" in signed and "Anna, the new runner     +0.2  2 of 5" in signed


def test_a_map_with_emotions_only_has_figures(cjm: Cjm, write_map: WriteMap) -> None:
    only = "cjm: 1\ntitle: T\npersonas: [{id: a, name: A}]\njourney:\n  stages: [{id: s, name: S, emotions: {a: -1}}]\n"
    text = cjm("stats", write_map(only)).stdout
    assert "no figures" not in text and "Emotions · scale −2 … +2" in text
    none = cjm("stats", write_map("cjm: 1\ntitle: T\njourney:\n  stages: [{id: s, name: S}]\n", "none.yaml"))
    assert json.loads(cjm("stats", write_map(only), "-f", "json").stdout)["maps"][0]["emotions"] is not None
    assert "no figures" in none.stdout


# --- Mermaid: its 1..5 placed on the map's scale and back ----------------------------------------------------------

ONE_TO_TEN = """\
cjm: 1
title: Ten
personas: [{id: anna, name: Anna}]
journey:
  emotion_scale: {min: 1, max: 10}  # as UXPressia scores
  stages:
""" + "".join(f"    - {{id: s{n}, name: Stage {n}, emotions: {{anna: {n}}}}}\n" for n in range(1, 11))


def mermaid_scores(diagram: str) -> list[int]:
    """The score of each task of a diagram, in order."""
    return [int(line.split(":")[1]) for line in diagram.splitlines() if line.startswith("        ")]


def test_mermaid_export_places_the_maps_scale_on_one_to_five(cjm: Cjm, write_map: WriteMap) -> None:
    run = cjm("export", "mermaid", write_map(ONE_TO_TEN))
    assert run.exit_code == 0, run.stderr
    assert mermaid_scores(run.stdout) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    five = "".join(f"    - {{id: s{n}, name: Stage {n}, emotions: {{anna: {n}}}}}\n" for n in range(-2, 3))
    default = ONE_TO_TEN[: ONE_TO_TEN.index("  emotion_scale")] + "  stages:\n" + five
    assert mermaid_scores(cjm("export", "mermaid", write_map(default, "default.yaml")).stdout) == [1, 2, 3, 4, 5]


def test_mermaid_import_into_a_map_keeps_its_scale_and_places_the_scores_on_it(cjm: Cjm, write_map: WriteMap) -> None:
    path = write_map(ONE_TO_TEN)
    diagram = write_map(
        "journey\n  title Ten\n" + "".join(f"  section Stage {n}\n    Stage {n}: {n}: Anna\n" for n in range(1, 6)),
        "journey.mmd",
    )
    run = cjm("import", "mermaid", diagram, "--into", path)
    assert run.exit_code == 0, run.stderr
    text = path.read_text(encoding="utf-8")
    assert "  emotion_scale:" in text
    checked = check_file(str(path))
    assert checked.journey_map is not None and checked.journey_map.journey is not None
    journey = checked.journey_map.journey
    assert (journey.emotion_scale.min, journey.emotion_scale.max) == (1, 10)
    assert [s.emotions["anna"] for s in journey.stages] == [1, 3, 6, 8, 10]


def test_mermaid_round_trip_into_the_map_keeps_the_five_levels_mermaid_has(
    cjm: Cjm, write_map: WriteMap, tmp_path: Path
) -> None:
    path = write_map(ONE_TO_TEN)
    assert cjm("export", "mermaid", path, "-o", tmp_path / "journey.mmd").exit_code == 0
    run = cjm("import", "mermaid", tmp_path / "journey.mmd", "--into", path, "-o", tmp_path / "back.yaml")
    assert run.exit_code == 0, run.stderr
    back = check_file(str(tmp_path / "back.yaml")).journey_map
    assert back is not None and back.journey is not None
    assert [s.emotions["anna"] for s in back.journey.stages] == [1, 1, 3, 3, 6, 6, 8, 8, 10, 10]
