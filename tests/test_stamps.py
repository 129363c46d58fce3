"""Stamps: an unchanged map is not drawn again, anything it is made from changing draws it again, and
`render --check` decides from stamps without Graphviz."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SMALL_MAP, Run, copy_example
from test_render import fake_dot

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")


def times(folder: Path) -> dict[str, int]:
    """Each file's modification time: what a run that writes nothing leaves as it was."""
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir())}


@pytest.fixture
def maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ideal map with its twin and a small map in maps/, working in tmp_path as users do."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "maps"
    folder.mkdir()
    for name in ("b2c-running-shoes.yaml", "b2c-running-shoes.ideal.yaml"):
        copy_example(name, folder / name)
    (folder / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    return folder


def test_an_unchanged_map_is_not_drawn_again_and_says_the_same(cjm: Callable[..., Run], maps: Path) -> None:
    first = cjm("render", "maps", "-o", "out", "-f", "svg,html")
    assert first.exit_code == 0, first.stderr
    before = times(Path("out"))
    second = cjm("render", "maps", "-o", "out", "-f", "svg,html")
    assert second.exit_code == first.exit_code
    assert times(Path("out")) == before  # nothing written
    assert second.stdout == first.stdout  # the same warnings, at the same places
    assert "wrote" not in second.stderr
    assert "3 maps unchanged since drawn (by their stamps)" in second.stderr
    assert second.stderr.splitlines()[-2] == first.stderr.splitlines()[-1]  # the same summary line


@pytest.mark.parametrize(
    ("change", "redrawn"),
    [
        ("edit the map", {"shop"}),
        ("edit the twin", {"b2c-running-shoes", "b2c-running-shoes.ideal"}),
        ("add settings", {"shop", "b2c-running-shoes", "b2c-running-shoes.ideal"}),
        ("delete an output", {"shop"}),
        ("edit an output", {"shop"}),
    ],
)
def test_what_a_map_is_made_from_changing_draws_it_again(
    cjm: Callable[..., Run], maps: Path, change: str, redrawn: set[str]
) -> None:
    assert cjm("render", "maps", "-o", "out", "-f", "svg,html").exit_code == 0
    if change == "edit the map":
        (maps / "shop.yaml").write_text(SMALL_MAP.replace("Pay", "Pay by card"), encoding="utf-8")
    elif change == "edit the twin":  # the ideal map's report shows the gap from it
        twin = maps / "b2c-running-shoes.yaml"
        twin.write_text(twin.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    elif change == "add settings":
        (maps / ".cjm.yaml").write_text("ignore: [stage-no-owner]\n", encoding="utf-8")
    elif change == "delete an output":
        Path("out/shop.html").unlink()
    else:
        Path("out/shop.html").write_text("edited by hand", encoding="utf-8")
    result = cjm("render", "maps", "-o", "out", "-f", "svg,html")
    assert result.exit_code == 0, result.stderr
    drawn = {line.split("/")[-1].removesuffix(".html") for line in result.stderr.splitlines() if line.endswith(".html")}
    assert drawn == redrawn


def test_other_options_draw_again(cjm: Callable[..., Run], maps: Path) -> None:
    assert cjm("render", "maps/shop.yaml", "-o", "out", "-f", "svg").exit_code == 0
    assert "wrote out/shop.journey.svg" in cjm("render", "maps/shop.yaml", "-o", "out", "-f", "svg,html").stderr
    assert "wrote" in cjm("render", "maps/shop.yaml", "-o", "out", "-f", "svg,html", "--view", "journey").stderr
    assert "wrote" not in cjm("render", "maps/shop.yaml", "-o", "out", "-f", "svg,html", "--view", "journey").stderr


def test_stamps_are_the_same_bytes_for_the_same_maps(cjm: Callable[..., Run], maps: Path) -> None:
    assert cjm("render", "maps", "-o", "first", "-f", "svg").exit_code == 0
    assert cjm("render", "maps", "-o", "second", "-f", "svg", "--jobs", "1").exit_code == 0
    stamps = sorted(p.name for p in Path("first").glob("*.stamp.json"))
    assert len(stamps) == 3
    for name in stamps:
        assert Path("first", name).read_bytes() == Path("second", name).read_bytes()
    stamp = json.loads(Path("first/b2c-running-shoes.ideal.stamp.json").read_text(encoding="ascii"))
    # the twin and the included file, by their paths from the map's folder
    assert list(stamp["reads"]) == ["b2c-running-shoes.yaml", "shared/pacelab-channels.yaml"]
    assert sorted(stamp["outputs"]) == ["b2c-running-shoes.ideal.journey.svg"]


def test_check_passes_without_graphviz_when_the_stamps_match(
    cjm: Callable[..., Run], maps: Path, tmp_path: Path
) -> None:
    assert cjm("render", "maps", "-o", "out").exit_code == 0
    before = times(Path("out"))
    (tmp_path / "no-graphviz").mkdir()
    without = {"PATH": str(tmp_path / "no-graphviz")}
    result = cjm("render", "--check", "maps", "-o", "out", env=without)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "all 9 outputs up to date" in result.stderr
    assert times(Path("out")) == before
    # a map that changed must be drawn to be compared: that needs Graphviz, and says so
    (maps / "shop.yaml").write_text(SMALL_MAP.replace("Pay", "Pay by card"), encoding="utf-8")
    result = cjm("render", "--check", "maps", "-o", "out", env=without)
    assert result.exit_code == 3
    assert "Graphviz's `dot` was not found" in result.stderr


def test_another_graphviz_draws_again_but_passes_the_check(cjm: Callable[..., Run], maps: Path, tmp_path: Path) -> None:
    """Pictures depend on the Graphviz that drew them: `render` draws them again with another one, while
    `--check` takes the stamps' word, so that machines with different Graphviz builds agree."""
    assert cjm("render", "maps/shop.yaml", "-o", "out", "-f", "svg").exit_code == 0
    real = subprocess.run(["sh", "-c", "command -v dot"], capture_output=True, text=True, check=True).stdout.strip()
    other = fake_dot(
        tmp_path / "bin",
        f"""\
        if [ "$1" = -V ]; then echo 'dot - graphviz version 99.0.0 (0)' >&2; exit 0; fi
        exec {real} "$@"
        """,
    )
    assert cjm("render", "--check", "maps/shop.yaml", "-o", "out", "-f", "svg", env=other).exit_code == 0
    result = cjm("render", "maps/shop.yaml", "-o", "out", "-f", "svg", env=other)
    assert "wrote out/shop.journey.svg" in result.stderr
    assert json.loads(Path("out/shop.stamp.json").read_text(encoding="ascii"))["graphviz"] == "99.0.0"


def test_a_picture_that_failed_is_tried_again(cjm: Callable[..., Run], maps: Path, tmp_path: Path) -> None:
    broken = fake_dot(tmp_path / "bin", "echo 'Error: something broke' >&2\nexit 1\n")
    assert cjm("render", "maps/shop.yaml", "-o", "out", env=broken).exit_code == 1
    assert json.loads(Path("out/shop.stamp.json").read_text(encoding="ascii"))["failed"] == ["shop.journey"]
    result = cjm("render", "maps/shop.yaml", "-o", "out")
    assert result.exit_code == 0, result.stdout
    assert "wrote out/shop.journey.png" in result.stderr
