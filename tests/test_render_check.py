"""`cjm render --check`: stale, missing and fresh outputs found without writing anything; and the progress bar
that batch work shows on a terminal only."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli.api import check_render, output_folders, render_file
from cjm_cli.render.graphviz_run import find_dot
from cjm_cli.render.outputs import RenderOptions, output_names
from conftest import EXAMPLES, SMALL_MAP, Run

OUTPUTS = ["shop.html", "shop.journey.png", "shop.journey.svg", "shop.stamp.json"]


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below `folder` with its modification time and size: proof that nothing was written."""
    return {
        str(path.relative_to(folder)): (path.lstat().st_mtime_ns, path.lstat().st_size)
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def rendered(cjm: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small map rendered into out/, working in tmp_path so that paths are relative, as users give them."""
    monkeypatch.chdir(tmp_path)
    Path("shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    result = cjm("render", "shop.yaml", "-o", "out")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in Path("out").iterdir()) == OUTPUTS
    return tmp_path


def test_fresh_outputs_exit_0_and_say_so(cjm: Callable[..., Run], rendered: Path) -> None:
    before = snapshot(rendered)
    result = cjm("render", "--check", "shop.yaml", "-o", "out")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "all 3 outputs up to date" in result.stderr
    assert "stale" not in result.stdout and "missing" not in result.stdout
    assert snapshot(rendered) == before


def test_an_edited_map_makes_its_outputs_stale(cjm: Callable[..., Run], rendered: Path) -> None:
    Path("shop.yaml").write_text(SMALL_MAP.replace("title: Shop", "title: Shop 2"), encoding="utf-8")
    before = snapshot(rendered)
    result = cjm("render", "--check", "shop.yaml", "-o", "out")
    assert result.exit_code == 1
    stale = [line for line in result.stdout.splitlines() if line.startswith(("stale ", "missing "))]
    # The title is in the report and in the picture (and so in the PNG's pixels).
    assert stale == ["stale out/shop.html", "stale out/shop.journey.png", "stale out/shop.journey.svg"]
    assert "3 of 3 outputs stale or missing" in result.stderr
    assert "(dot -V)" in result.stderr  # which Graphviz drew them is worth knowing when only pictures differ
    assert snapshot(rendered) == before


def test_missing_outputs_are_listed_and_no_folder_is_made(cjm: Callable[..., Run], rendered: Path) -> None:
    Path("out/shop.journey.png").unlink()
    before = snapshot(rendered)
    result = cjm("render", "--check", "shop.yaml", "-o", "out")
    assert result.exit_code == 1
    assert "missing out/shop.journey.png\n" in result.stdout
    assert "shop.html" not in result.stdout and "shop.journey.svg" not in result.stdout

    result = cjm("render", "--check", "shop.yaml", "-o", "elsewhere/deeper")
    assert result.exit_code == 1
    assert "missing elsewhere/deeper/shop.html\n" in result.stdout
    assert snapshot(rendered) == before  # no `elsewhere` either


def test_outputs_beside_the_map_are_named_as_render_names_them(cjm: Callable[..., Run], rendered: Path) -> None:
    result = cjm("render", "--check", "shop.yaml", "-f", "html")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "missing shop.html"


def test_options_are_part_of_what_is_compared(cjm: Callable[..., Run], rendered: Path) -> None:
    before = snapshot(rendered)
    higher_dpi = cjm("render", "--check", "shop.yaml", "-o", "out", "--dpi", "150")
    assert higher_dpi.exit_code == 1
    assert [line for line in higher_dpi.stdout.splitlines() if " out/" in line] == ["stale out/shop.journey.png"]

    only_svg = cjm("render", "--check", "shop.yaml", "-o", "out", "-f", "svg")
    assert only_svg.exit_code == 0, only_svg.stdout
    assert "all 1 output up to date" in only_svg.stderr
    assert snapshot(rendered) == before


def test_more_formats_than_were_rendered_are_missing(cjm: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    assert cjm("render", tmp_path / "shop.yaml", "-o", tmp_path / "out", "-f", "svg").exit_code == 0
    result = cjm("render", "--check", tmp_path / "shop.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert [line.split()[0] + " " + Path(line.split()[1]).name for line in result.stdout.splitlines()[:2]] == [
        "missing shop.html",
        "missing shop.journey.png",
    ]


def test_a_map_with_problems_is_reported_as_validate_does(
    cjm: Callable[..., Run], rendered: Path, write_map: Callable[..., Path]
) -> None:
    Path("shop.yaml").write_text(SMALL_MAP.replace("name: Buy", "name: Buy, colour: red"), encoding="utf-8")
    before = snapshot(rendered)
    result = cjm("render", "--check", "shop.yaml", "-o", "out")
    validated = cjm("validate", "shop.yaml")
    assert result.exit_code == 1
    assert "shop.yaml:6:" in result.stdout and "unknown-key" in result.stdout
    assert result.stdout == validated.stdout
    assert snapshot(rendered) == before


def test_a_directory_checks_every_map_in_it(cjm: Callable[..., Run], tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    (maps / "b2c").mkdir(parents=True)
    (maps / "b2c" / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    (maps / "other.yaml").write_text(SMALL_MAP.replace("Shop", "Other"), encoding="utf-8")
    assert cjm("render", maps, "-o", tmp_path / "out", "-f", "svg").exit_code == 0
    (maps / "other.yaml").write_text(SMALL_MAP.replace("Shop", "Other, changed"), encoding="utf-8")
    result = cjm("render", "--check", maps, "-o", tmp_path / "out", "-f", "svg")
    assert result.exit_code == 1
    listed = [line for line in result.stdout.splitlines() if line.startswith(("stale ", "missing "))]
    assert listed == [f"stale {tmp_path / 'out' / 'other.journey.svg'}"]
    assert "2 maps: 2 valid" in result.stderr and "1 of 2 outputs stale or missing" in result.stderr


def test_something_else_in_the_way_is_stale_and_never_opened(cjm: Callable[..., Run], rendered: Path) -> None:
    Path("out/shop.html").unlink()
    Path("out/shop.html").mkdir()
    Path("out/shop.journey.svg").unlink()
    os.mkfifo("out/shop.journey.svg")  # opening it would wait for a writer forever
    result = cjm("render", "--check", "shop.yaml", "-o", "out")
    assert result.exit_code == 1
    assert "stale out/shop.html\n" in result.stdout and "stale out/shop.journey.svg\n" in result.stdout


def test_render_and_check_share_one_render(tmp_path: Path) -> None:
    """The library's two uses of one in-memory render: what render_file writes, check_render finds fresh."""
    example = str(EXAMPLES / "sales-system.yaml")
    folder = output_folders([(example, None)], tmp_path)[example]
    options, dot = RenderOptions(formats=("svg", "html")), find_dot()
    assert check_render(example, folder, options, dot).stale == [
        ("missing", folder / name)
        for name in ("sales-system.flow.svg", "sales-system.html", "sales-system.journey.svg")
    ]
    written = render_file(example, folder, options, dot)
    assert written.ok and written.written == sorted(written.outputs)
    checked = check_render(example, folder, options, dot)
    assert checked.ok and checked.stale == [] and checked.written == []
    assert checked.outputs == written.outputs


def test_output_names_are_the_files_a_render_makes(tmp_path: Path) -> None:
    """`cjm watch` serves the files `output_names` lists: they must be the ones a render writes."""
    example = str(EXAMPLES / "sales-system.yaml")
    options = RenderOptions(formats=("svg", "png", "html"))
    made = render_file(example, tmp_path, options, find_dot())
    assert sorted(made.outputs) == sorted(tmp_path / name for name in output_names("sales-system", options))


# --- the progress bar ---------------------------------------------------------------------------------------


def run_cjm(args: list[str], cwd: Path, terminal: bool, env: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Run cjm as a subprocess with standard error on a pipe, or on a pseudo-terminal when `terminal`;
    return the exit code and what reached standard error."""
    environment = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": "", "CI": "", **(env or {})}
    command = [sys.executable, "-m", "cjm_cli", *args]
    if not terminal:
        done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, timeout=120, check=False)
        return done.returncode, done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=follower, stdin=subprocess.DEVNULL
    )
    os.close(follower)
    received = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other end closed: the process is done
                break
            if not chunk:
                break
            received += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    return process.wait(timeout=120), received


@pytest.fixture
def three_maps(tmp_path: Path) -> Path:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(SMALL_MAP.replace("Shop", name.upper()), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", [["validate", "."], ["render", ".", "-o", "out", "-f", "svg"]])
def test_no_bar_when_standard_error_is_not_a_terminal(three_maps: Path, command: list[str]) -> None:
    code, stderr = run_cjm(command, three_maps, terminal=False)
    assert code == 0, stderr
    assert b"\r" not in stderr and b"\x1b" not in stderr and b"3/3" not in stderr


def test_a_terminal_shows_a_bar_and_erases_it(three_maps: Path) -> None:
    code, stderr = run_cjm(["render", ".", "-o", "out", "-f", "svg"], three_maps, terminal=True)
    assert code == 0, stderr
    assert b"[" in stderr and b"1/3 a.yaml" in stderr and b"3/3 c.yaml" in stderr
    assert b"wrote out/c.journey.svg" in stderr
    # Lines written while the bar is up start on a cleared line, and the bar is gone at the end.
    assert b"\r\x1b[Kwrote out/a.journey.svg" in stderr
    last_line = stderr.rstrip(b"\r\n").split(b"\n")[-1]
    assert last_line.rsplit(b"\r\x1b[K", 1)[-1].startswith(b"checked 3 maps")


def test_no_bar_in_ci_even_on_a_terminal(three_maps: Path) -> None:
    code, stderr = run_cjm(["validate", "."], three_maps, terminal=True, env={"CI": "true"})
    assert code == 0, stderr
    assert b"3/3" not in stderr and b"\x1b[K" not in stderr


def test_one_map_needs_no_bar(three_maps: Path) -> None:
    code, stderr = run_cjm(["validate", "a.yaml"], three_maps, terminal=True)
    assert code == 0, stderr
    assert b"1/1" not in stderr and b"\x1b[K" not in stderr
