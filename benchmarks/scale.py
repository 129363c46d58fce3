"""How close is cjm to the floor, and how does it scale to a portfolio of maps? Prints figures; asserts nothing.

Every figure is measured here, side by side, in one run:

1. **Cold start.** CPU time (user + system, of the command and every process it waited for) of
   `cjm validate` of one example map against `python -c 'import yaml; from pydantic import BaseModel'`, and of
   `cjm --version` against `python -c pass`.
2. **Ratio to the floor**, per map size (stages x items per stage, `render_speed.make_map`) and per format
   (`svg`, `png`, `html`, all three): the CPU time of `cjm render MAP -f FORMAT` into an empty folder, against
   the floor: `python -c 'import yaml, jinja2, typer, graphviz; from pydantic import BaseModel'` plus raw `dot`
   on the very DOT cjm writes, one run per picture as Graphviz is used without cjm (the flow's SVG alone for
   `html`, which embeds it).
3. **Validation's growth**: checking a generated map of 2,500 to 20,000 items in one process, and the exponent
   of its growth between the smallest and the largest.
4. **A portfolio**: 100 and 1,000 example-sized maps (copies of examples/ with their titles numbered) in one
   folder: `cjm render DIR -o OUT` with 1 job and with N (the CPUs), the first run and a second one with
   nothing changed, the same with `--index` (every map's summary read from its stamp, the index written), and
   `render --check` of the unchanged outputs: wall time, CPU time and peak memory. Peak
   memory is the largest sum of the resident sets of cjm and all its processes (workers, dot), sampled every
   20 ms from /proc.

    python benchmarks/scale.py [--runs 3] [--maps 100,1000] [--jobs N]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from render_speed import SIZES, make_map
from validate_speed import make_map as make_validate_map

from cjm_cli.api import check_file
from cjm_cli.core.jobs import default_jobs
from cjm_cli.core.pipeline import check_source
from cjm_cli.core.read import Source
from cjm_cli.render.draw import png_resolution
from cjm_cli.render.flow import flow_dot
from cjm_cli.render.graphviz_run import find_dot
from cjm_cli.render.journey import journey_dot
from cjm_cli.views.flow import build_flow
from cjm_cli.views.grid import build_grid
from cjm_cli.views.words import words

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).with_name("cjm")
CJM = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "cjm_cli"]
CJM_CHECK = [*CJM, "render", "--check"]
# As an installed cjm runs: with its bytecode cached (a run with PYTHONDONTWRITEBYTECODE would compile every
# module of cjm's source tree again each time).
ENV = {**os.environ, "GITHUB_ACTIONS": "", "NO_COLOR": "1", "CI": "1"}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
FLOOR_VALIDATE = [sys.executable, "-c", "import yaml; from pydantic import BaseModel"]
FLOOR_RENDER = [sys.executable, "-c", "import yaml, jinja2, typer, graphviz; from pydantic import BaseModel"]
FORMATS = ("svg", "png", "html", "svg,png,html")
EXAMPLES = ("sales-system.yaml", "b2c-running-shoes.yaml", "b2b-blueprint.yaml")


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    peak_mb: float


def _tree_rss(pid: int) -> int:
    """The resident set of `pid` and every process below it, in KiB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def run(command: Sequence[str], expect: tuple[int, ...] = (0,)) -> Sample:
    """Run `command`: its wall time, CPU time (with its children's) and the peak memory of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in expect:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors.decode(errors='replace')}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak[0] / 1024)


def median(commands: Sequence[Sequence[str]], runs: int, fresh: Path | None = None) -> Sample:
    """Median wall and CPU time, highest peak, of `commands` back to back; `fresh` is emptied before each run."""
    samples = []
    for _ in range(runs):
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        parts = [run(c) for c in commands]
        samples.append(Sample(sum(p.wall for p in parts), sum(p.cpu for p in parts), max(p.peak_mb for p in parts)))
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        max(s.peak_mb for s in samples),
    )


def cold_start(runs: int) -> None:
    example = str(ROOT / "examples" / "sales-system.yaml")
    print("1. cold start (CPU time, median)")
    pairs = (
        ("cjm --version", [*CJM, "--version"], "python -c pass", [sys.executable, "-c", "pass"]),
        ("cjm validate MAP", [*CJM, "validate", example], "python -c 'import yaml; from pydantic ...'", FLOOR_VALIDATE),
    )
    for name, command, floor_name, floor in pairs:
        ours, base = median([command], runs), median([floor], runs)
        print(
            f"   {name:<18} {ours.cpu * 1000:6.0f} ms  {floor_name:<44} {base.cpu * 1000:6.0f} ms  "
            f"{ours.cpu / base.cpu:5.2f}x"
        )
    print()


def floor_commands(map_path: Path, folder: Path, dot: str) -> dict[str, list[list[str]]]:
    """The raw dot runs on the DOT cjm writes for each format (run one by one, as without cjm)."""
    checked = check_file(str(map_path))
    assert checked.journey_map is not None
    journey_map = checked.journey_map
    w = words(journey_map.lang)
    flow, grid = build_flow(journey_map), build_grid(journey_map)
    assert flow is not None and grid is not None
    views = (
        ("flow", flow_dot(flow, journey_map.title, w), ()),
        ("journey", journey_dot(grid, journey_map.title, w.map_types[journey_map.type]), ("-Kneato", "-n2")),
    )
    svg: list[list[str]] = []
    png: list[list[str]] = []
    for view, source, layout in views:
        graph = folder / f"{view}.gv"
        graph.write_text(source, encoding="utf-8")
        svg.append([dot, "-Tsvg", *layout, str(graph), "-o", str(folder / f"{view}.svg")])
        drawn = subprocess.run([dot, "-Tsvg", *layout, str(graph)], capture_output=True, check=True).stdout
        dpi = png_resolution(drawn, 96).dpi
        if dpi is not None:
            png.append([dot, "-Tpng", *layout, f"-Gdpi={dpi}", str(graph), "-o", str(folder / f"{view}.png")])
    return {"svg": svg, "png": png, "html": svg[:1], "svg,png,html": svg + png}


def ratios(runs: int) -> None:
    dot = find_dot(600).path
    print("2. cjm render against the floor (imports + raw dot on the same DOT), CPU time, median")
    print(f"   {'size':>6} {'format':<13} {'cjm s':>7} {'floor s':>8} {'ratio':>6} {'cjm wall':>9} {'floor wall':>11}")
    floor_imports = median([FLOOR_RENDER], runs)
    with tempfile.TemporaryDirectory(prefix="cjm-scale-") as tmp:
        for stages, per_stage in SIZES:
            size = f"{stages}x{per_stage}"
            folder = Path(tmp, size)
            folder.mkdir()
            map_path = folder / "map.yaml"
            map_path.write_text(make_map(stages, per_stage), encoding="utf-8")
            floors = floor_commands(map_path, folder, dot)
            for fmt in FORMATS:
                out = folder / "out"
                ours = median([[*CJM, "render", str(map_path), "-o", str(out), "-f", fmt]], runs, fresh=out)
                raw = median(floors[fmt], runs)
                floor_cpu, floor_wall = floor_imports.cpu + raw.cpu, floor_imports.wall + raw.wall
                print(
                    f"   {size:>6} {fmt:<13} {ours.cpu:7.2f} {floor_cpu:8.2f} {ours.cpu / floor_cpu:5.2f}x "
                    f"{ours.wall:9.2f} {floor_wall:11.2f}"
                )
    print()


def validation_growth() -> None:
    print("3. checking one map in one process (best of 3)")
    sizes = (2500, 5000, 10000, 20000)
    times = []
    for items in sizes:
        source = Source("map.yaml", make_validate_map(items))
        best = math.inf
        for _ in range(3):
            started = time.perf_counter()
            check_source(source)
            best = min(best, time.perf_counter() - started)
        times.append(best)
        print(f"   {items:>6} items {best * 1000:8.0f} ms")
    exponent = math.log(times[-1] / times[0]) / math.log(sizes[-1] / sizes[0])
    print(f"   growth: time ~ size^{exponent:.2f} (1.00 is linear)")
    print()


def portfolio(count: int, jobs: int, folder: Path) -> None:
    maps = folder / f"maps-{count}"
    maps.mkdir()
    shutil.copytree(ROOT / "examples" / "shared", maps / "shared")  # the files the examples include
    for n in range(count):
        example = EXAMPLES[n % len(EXAMPLES)]
        text = (ROOT / "examples" / example).read_text(encoding="utf-8")
        (maps / f"{n:04d}-{example}").write_text(text.replace('\ntitle: "', f'\ntitle: "{n} ', 1), encoding="utf-8")
    rows = []
    for label, processes in (("1 job", 1), (f"{jobs} jobs", jobs)):
        out = folder / f"out-{count}-{processes}"
        command = [*CJM, "render", str(maps), "-o", str(out), "--jobs", str(processes)]
        first = run(command)
        again = run(command)
        indexed = run([*command, "--index"])
        check = run([*CJM_CHECK, str(maps), "-o", str(out), "--jobs", str(processes)])
        rows.append((label, first, again, indexed, check))
    print(f"   {count} maps ({count // len(EXAMPLES)} of each of {', '.join(EXAMPLES)}, with their numbered titles)")
    for label, first, again, indexed, check in rows:
        print(
            f"   {label:<7} first {first.wall:7.1f} s wall {first.cpu:7.1f} s CPU {first.peak_mb:6.0f} MB | "
            f"unchanged {again.wall:5.2f} s ({again.wall / first.wall:5.1%}) {again.peak_mb:4.0f} MB | "
            f"unchanged --index {indexed.wall:5.2f} s {indexed.peak_mb:4.0f} MB | --check {check.wall:5.2f} s"
        )
    busy = ", ".join(f"{label} {first.cpu / first.wall:.2f}" for label, first, *_rest in rows)
    print(f"   {jobs} jobs / 1 job, first run: {rows[0][1].wall / rows[1][1].wall:.2f}x faster (CPUs busy: {busy})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--maps", default="100,1000", help="portfolio sizes, comma-separated (0: none)")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--skip", default="", help="sections to leave out, e.g. 2,3")
    args = parser.parse_args()
    if shutil.which("dot") is None:
        raise SystemExit("Graphviz's dot is not on PATH")
    skip = set(args.skip.split(","))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the start; cjm: {' '.join(CJM)}; {args.runs} runs")
    print()
    if "1" not in skip:
        cold_start(max(args.runs, 5))
    if "2" not in skip:
        ratios(args.runs)
    if "3" not in skip:
        validation_growth()
    counts = [int(n) for n in args.maps.split(",") if int(n)]
    if "4" not in skip and counts:
        print(f"4. a portfolio in one folder: cjm render DIR -o OUT (all formats), 1 job and {args.jobs}")
        with tempfile.TemporaryDirectory(prefix="cjm-portfolio-") as tmp:
            for count in counts:
                portfolio(count, args.jobs, Path(tmp))
        print()


if __name__ == "__main__":
    main()
