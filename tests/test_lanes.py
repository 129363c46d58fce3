"""The lane table (`core.lanes`) is the one place a lane of the journey grid is defined: every field of a stage
is a lane's, and every lane reaches the model, the checks, the grid, its colours, the pictures, the report, the
diff's marks and the exports. Adding a lane without its row, or a row without its field, fails here."""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from cjm_cli.analysis.diff import diff_maps
from cjm_cli.api import Checked, check_source
from cjm_cli.core.lanes import ITEM_LANES, ITSELF, KEY, LANES, GridLane
from cjm_cli.core.language import LANGUAGES, Language
from cjm_cli.core.load import load
from cjm_cli.core.model import JourneyMap, JourneyStage
from cjm_cli.core.read import decode
from cjm_cli.exporters.table import to_csv
from cjm_cli.render.html import html_report
from cjm_cli.render.journey import journey_dot
from cjm_cli.views import theme
from cjm_cli.views.diff_marks import diff_view
from cjm_cli.views.grid import build_grid
from conftest import ROOT

EVERY_LANE = ROOT / "tests" / "fixtures" / "lanes" / "every-lane.yaml"
NOT_LANES = {"id", "name", "description", "time", "ignore"}
"""The fields of a stage that are its own, not a lane's."""


def every_lane(lang: Language = "en") -> dict[str, Any]:
    data: dict[str, Any] = load(str(EVERY_LANE), EVERY_LANE.read_text(encoding="utf-8")).data
    return {**data, "lang": lang}


def checked(data: dict[str, Any]) -> Checked:
    return check_source(decode("map.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()))


def valid(data: dict[str, Any]) -> JourneyMap:
    result = checked(data)
    assert result.ok, result.problems
    assert result.journey_map is not None
    return result.journey_map


def test_every_field_of_a_stage_is_shown_by_one_lane() -> None:
    shown = [name for lane in LANES for name in lane.fields]
    assert len(shown) == len(set(shown)), "a field shown by two lanes"
    assert set(shown) == set(JourneyStage.model_fields) - NOT_LANES


@pytest.mark.parametrize("lane", LANES, ids=lambda lane: lane.key)
def test_every_lane_has_its_title_in_every_language(lane: GridLane) -> None:
    assert set(lane.titles) == set(LANGUAGES)
    assert all(title.strip() for title in lane.titles.values())


@pytest.mark.parametrize("lane", ITEM_LANES, ids=lambda lane: lane.key)
def test_every_lane_of_cards_has_its_colours(lane: GridLane) -> None:
    assert all(len(colour) == 7 and colour.startswith("#") for colour in lane.colours)
    assert theme.LANE[lane.key] == theme.Swatch(*lane.colours)


def test_the_fixture_fills_every_lane() -> None:
    journey = valid(every_lane()).journey
    assert journey is not None
    stage = journey.stages[0]
    for lane in LANES:
        for name in lane.fields:
            assert getattr(stage, name), f"fill `{name}` at the first stage of {EVERY_LANE.name}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_lane_is_drawn_with_its_title(lang: Language) -> None:
    journey_map = valid(every_lane(lang))
    grid = build_grid(journey_map)
    assert grid is not None
    assert [(lane.key, lane.title) for lane in grid.lanes] == [(lane.key, lane.titles[lang]) for lane in LANES]
    for drawn in grid.lanes:
        if drawn.kind == "items":
            assert drawn.cells[0], f"{drawn.key}: its item is not drawn"
    picture = journey_dot(grid, journey_map.title, "")
    report = html_report(journey_map, grid, None, None)
    for lane in LANES:
        assert all(word in picture for word in lane.titles[lang].split()), lane.key  # wrapped to fit its box
        assert f'data-lane="{lane.key}"' in report


def test_every_lane_of_cards_is_a_row_of_the_csv_export() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(valid(every_lane())).lstrip("\ufeff"))))
    titles = [row[0] for row in rows]
    for lane in ITEM_LANES:
        assert lane.titles["en"] in titles


def _references() -> list[tuple[GridLane, str, str]]:
    return [(lane, attribute, target) for lane in LANES for attribute, target in lane.references]


def _reference_id(value: object) -> str:
    return value.key if isinstance(value, GridLane) else str(value)


@pytest.mark.parametrize(("lane", "attribute", "target"), _references(), ids=_reference_id)
def test_every_reference_of_a_lane_is_checked(lane: GridLane, attribute: str, target: str) -> None:
    data = every_lane()
    stage = data["journey"]["stages"][0]
    if attribute == KEY:
        stage[lane.fields[0]] = {"nobody": stage[lane.fields[0]]["anna"]}
    elif attribute == ITSELF:
        stage[lane.field] = "nobody"
    else:
        item = stage[lane.field][0]
        item[attribute] = ["nobody"] if isinstance(item[attribute], list) else "nobody"
    problems = [p for p in checked(data).problems if p.code == "unknown-ref"]
    assert len(problems) == 1, problems
    assert "'nobody'" in problems[0].message


@pytest.mark.parametrize("lane", ITEM_LANES, ids=lambda lane: lane.key)
def test_an_item_added_to_any_lane_is_marked_by_a_diff(lane: GridLane) -> None:
    new = every_lane()
    old = copy.deepcopy(new)
    del old["journey"]["stages"][0][lane.field]
    if lane.key == "pains":  # the opportunity names the pain
        old["journey"]["stages"][0]["opportunities"][0]["fixes"] = []
    if lane.key == "kpis":  # ... and the KPI it moves
        old["journey"]["stages"][0]["opportunities"][0]["moves"] = []
    old_map, new_map = valid(old), valid(new)
    marks = diff_view(old_map, new_map, diff_maps(old_map, new_map), "old.yaml", "new.yaml").marks
    grid = build_grid(new_map, marks)
    assert grid is not None
    [drawn] = [shown for shown in grid.lanes if shown.key == lane.key]
    assert [entry.mark.kind if entry.mark else None for entry in drawn.cells[0]] == ["added"]


def test_the_fixture_is_a_valid_map_as_written(tmp_path: Path) -> None:
    result = check_source(decode(str(EVERY_LANE), EVERY_LANE.read_bytes()))
    assert result.ok and not [p for p in result.problems if p.severity == "error"]
