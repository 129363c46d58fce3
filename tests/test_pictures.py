"""Pictures from one run of Graphviz per view: the same bytes as separate runs, a PNG within its budget, and a
picture Graphviz cannot draw in time costing the map none of its other outputs."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli.api import check_file
from cjm_cli.render.draw import MIN_READABLE_DPI, PNG_BUDGET_MEGAPIXELS
from cjm_cli.render.flow import flow_dot
from cjm_cli.render.journey import journey_dot
from cjm_cli.views.flow import build_flow
from cjm_cli.views.grid import build_grid
from cjm_cli.views.words import words
from conftest import EXAMPLES, Run
from test_render import fake_dot, png_size

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")


def dot(source: str, *options: str) -> bytes:
    return subprocess.run(["dot", *options], input=source.encode("utf-8"), capture_output=True, check=True).stdout


def test_one_run_gives_the_bytes_of_separate_runs(cjm: Callable[..., Run], tmp_path: Path) -> None:
    example = EXAMPLES / "sales-system.yaml"
    assert cjm("render", example, "-o", tmp_path, "-f", "svg,png").exit_code == 0
    journey_map = check_file(str(example)).journey_map
    assert journey_map is not None
    w = words(journey_map.lang)
    flow, grid = build_flow(journey_map), build_grid(journey_map)
    assert flow is not None and grid is not None
    sources = {
        "flow": (flow_dot(flow, journey_map.title, w), ()),
        "journey": (journey_dot(grid, journey_map.title, w.map_types[journey_map.type]), ("-Kneato", "-n2")),
    }
    for view, (source, layout) in sources.items():
        assert (tmp_path / f"sales-system.{view}.svg").read_bytes() == dot(source, "-Tsvg", *layout)
        assert (tmp_path / f"sales-system.{view}.png").read_bytes() == dot(source, "-Tpng", "-Gdpi=96", *layout)


def large_grid(stages: int, per_stage: int) -> str:
    lines = ["cjm: 1", "title: A long journey", "journey:", "  stages:"]
    for s in range(stages):
        lines += [f"    - id: s{s}", f"      name: Stage {s}", "      actions:"]
        lines += [f"        - Action {s}.{i}, the customer does one more thing" for i in range(per_stage)]
    return "\n".join(lines) + "\n"


def test_a_png_past_its_budget_is_drawn_smaller_and_says_so(
    cjm: Callable[..., Run], write_map: Callable[..., Path]
) -> None:
    path = write_map(large_grid(16, 120))
    result = cjm("render", path, "-f", "png")
    assert result.exit_code == 0, result.stdout
    width, height = png_size(path.parent / "map.journey.png")
    assert width * height <= PNG_BUDGET_MEGAPIXELS * 1_000_000
    warning = next(line for line in result.stdout.splitlines() if "png-resolution" in line)
    dpi = int(warning.split(" is drawn at ")[1].split()[0])
    assert MIN_READABLE_DPI <= dpi < 96
    assert f"past the PNG budget of {PNG_BUDGET_MEGAPIXELS} megapixels" in warning
    # the picture is the one asked for, only smaller: what 96 dpi would have drawn, scaled
    asked = warning.split("at 96 dpi it would be ")[1].split(" px")[0]
    asked_width, asked_height = (int(n.replace(",", "")) for n in asked.split(" x "))
    assert abs(width - asked_width * dpi / 96) <= 2 and abs(height - asked_height * dpi / 96) <= 2


def test_a_flow_graphviz_cannot_draw_in_time_leaves_every_other_output(cjm: Callable[..., Run], tmp_path: Path) -> None:
    real = subprocess.run(["sh", "-c", "command -v dot"], capture_output=True, text=True, check=True).stdout.strip()
    # the flow is laid out by dot itself; the grid, placed by cjm, by neato
    slow_flow = fake_dot(
        tmp_path / "bin",
        f"""\
        case "$*" in *-Kneato*|-V) exec {real} "$@";; esac
        exec sleep 30
        """,
    )
    out = tmp_path / "out"
    result = cjm("render", EXAMPLES / "sales-system.yaml", "-o", out, "--timeout", "2", env=slow_flow)
    assert result.exit_code == 1
    assert "error render-failed Graphviz did not finish in 2 s; sales-system.flow is not drawn" in result.stdout
    assert "checked 1 map: 1 valid, 2 warnings, 1 picture not drawn" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "sales-system.html",
        "sales-system.journey.png",
        "sales-system.journey.svg",
        "sales-system.stamp.json",
    ]
    report = (out / "sales-system.html").read_text(encoding="utf-8")
    assert '<section class="funnels">' in report  # the flow's tables, without its picture
    assert "Схему системы продаж не удалось нарисовать" in report  # and the report says why it has none
