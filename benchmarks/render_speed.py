"""How fast is `cjm render`, and how much of it is Graphviz? Prints figures; asserts nothing.

Generates maps of growing size (stages x items per stage; the items spread over touchpoints, actions, thoughts,
pains and opportunities, with emotions for two or three personas, plus a sales system that grows with the
number of stages: channels, lead stages, two deal pipelines with automations, site pages, paid campaigns).
For each map it measures, over N runs, the median wall time and the peak memory of

- `cjm render MAP -o OUT`: every format of both views, a new process every time, as a user runs it;
- bare `dot` on the very DOT sources cjm draws (made beforehand through the library and written to .gv files):
  `dot -Tsvg flow.gv`, `dot -Tpng -Gdpi=N flow.gv`, `dot -Kneato -n2 -Tsvg journey.gv` and
  `dot -Kneato -n2 -Tpng -Gdpi=N journey.gv`, back to back: the four calls `cjm render` makes.

Peak memory is the largest resident set of the process and of the processes it waited for (cjm's dot
included), read per run with os.wait4 on a fresh child, so one run's peak never hides another's.
Python's start-up and cjm's import cost are printed first, to tell them apart from the work.

    python benchmarks/render_speed.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cjm_cli.api import check_file
from cjm_cli.render.draw import DEFAULT_DPI, MIN_READABLE_DPI, PNG_MAX_SIDE
from cjm_cli.render.flow import flow_dot
from cjm_cli.render.graphviz_run import find_dot
from cjm_cli.render.journey import journey_dot
from cjm_cli.views.flow import build_flow
from cjm_cli.views.grid import build_grid
from cjm_cli.views.words import words

SIZES = ((5, 4), (10, 20), (20, 50))
"""Stages x items per stage."""
_SCRIPT = Path(sys.executable).with_name("cjm")
CJM = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "cjm_cli"]
ENV = {**os.environ, "GITHUB_ACTIONS": "", "NO_COLOR": "1"}
LANES = ("actions", "thoughts", "pains", "opportunities", "touchpoints")
PERSONAS = (
    ("anna", "Anna, the new customer"),
    ("mark", "Mark, the regular"),
    ("olga", "Olga, the purchasing manager"),
)
DEPARTMENTS = (("marketing", "Marketing"), ("sales", "Sales"), ("service", "Service and delivery"))
KINDS = ("messenger", "site", "chat", "social", "email", "phone", "marketplace", "offline", "ads", "referral")
ACTIONS = ("email", "sms", "task", "message", "call", "document")
AD_TEXT = "Fast delivery, free returns, a real person on the phone"


def q(text: str) -> str:
    """A YAML scalar that means exactly `text` (a JSON string is a YAML double-quoted scalar)."""
    return json.dumps(text, ensure_ascii=False)


def make_map(stages: int, per_stage: int) -> str:
    """A valid map: `stages` journey stages of `per_stage` items each, and a sales system of matching size."""
    people = PERSONAS[: 2 if stages < 10 else 3]
    channels = max(3, stages)
    funnel = max(3, stages // 2)  # progress stages of each pipeline
    pages = max(3, stages)
    lines = ["cjm: 1", "title: Benchmark map", "type: current", "lang: en", "personas:"]
    lines += [f"  - {{id: {pid}, name: {q(name)}, role: Persona for the benchmark}}" for pid, name in people]
    lines += ["departments:"] + [f"  - {{id: {did}, name: {q(name)}}}" for did, name in DEPARTMENTS]

    lines += ["journey:", "  stages:"]
    for s in range(stages):
        counts = {lane: per_stage // len(LANES) + (i < per_stage % len(LANES)) for i, lane in enumerate(LANES)}
        lines += [
            f"    - id: s{s}",
            f"      name: {q(f'Stage {s + 1}: the customer moves on')}",
            f"      owner: {DEPARTMENTS[s % len(DEPARTMENTS)][0]}",
            "      emotions: {" + ", ".join(f"{pid}: {(s + i) % 5 - 2}" for i, (pid, _) in enumerate(people)) + "}",
            "      feelings: {" + ", ".join(f"{pid}: {q(f'feeling {s}')}" for pid, _ in people) + "}",
        ]
        if counts["touchpoints"]:
            lines += ["      touchpoints:"]
            for i in range(counts["touchpoints"]):
                lines += [
                    f"        - {{channel: ch{(s + i) % channels}, name: {q(f'Touchpoint {s}.{i} on the site')}}}"
                ]
        for lane in ("actions", "thoughts"):
            if counts[lane]:
                lines += [f"      {lane}:"]
                for i in range(counts[lane]):
                    text = q(f"{lane[:-1].capitalize()} {s}.{i}: a sentence long enough to wrap in a card")
                    persona = people[i % len(people)][0]
                    lines += [f"        - {{text: {text}, persona: {persona}}}" if i % 3 == 1 else f"        - {text}"]
        if counts["pains"]:
            lines += ["      pains:"]
            for i in range(counts["pains"]):
                text = q(f"Pain {s}.{i}: the customer waits and nobody tells them why")
                lines += [f"        - {{id: pain_{s}_{i}, text: {text}, persona: {people[i % len(people)][0]}}}"]
        if counts["opportunities"]:
            lines += ["      opportunities:"]
            for i in range(counts["opportunities"]):
                fixes = f"[pain_{s}_{i}]" if i < counts["pains"] else "[]"
                owner = DEPARTMENTS[i % len(DEPARTMENTS)][0]
                text = q(f"Opportunity {s}.{i}: tell the customer what happens next and when")
                lines += [f"        - {{text: {text}, fixes: {fixes}, owner: {owner}}}"]

    lines += ["channels:"]
    for c in range(channels):
        feeds = "pb" if c == channels - 1 else "leads"
        crm = "true" if c % 4 else "false"
        lines += [
            f"  - {{id: ch{c}, name: {q(f'Channel {c}')}, kind: {KINDS[c % len(KINDS)]}, crm: {crm}, feeds: {feeds}}}"
        ]

    qualifying = max(1, stages // 4)
    lines += ["leads:", "  period: Q1", "  stages:", "    - {id: NEW, name: New, count: 5000}"]
    lines += [f"    - {{id: Q{i}, name: {q(f'Qualifying {i}')}, count: {4000 - 100 * i}}}" for i in range(qualifying)]
    lines += ["    - {id: CONVERTED, name: Converted, meaning: success, count: 1200}"]
    lines += ["    - {id: JUNK, name: Junk, meaning: failure, count: 900}"]

    lines += ["deals:"]
    for pipeline, prefix, other in (("pa", "", "pb"), ("pb", "C1:", "pa")):
        lines += [
            f"  - id: {pipeline}",
            f"    name: {q(f'Product {pipeline[-1].upper()}')}",
            "    currency: EUR",
            "    period: Q1",
            f"    cross_sell: [{other}]",
            "    stages:",
        ]
        for i in range(funnel):
            lines += [
                f"      - id: {q(f'{prefix}S{i}')}",
                f"        name: {q(f'Deal stage {i}')}",
                f"        count: {1000 - 20 * i}",
                f"        amount: {(1000 - 20 * i) * 150}",
                "        automations:",
            ]
            for a in range(1 + (i % 3 == 0)):
                page = f", page: page{(i + a) % pages}" if a else ""
                text = q(f"Automatic {ACTIONS[(i + a) % len(ACTIONS)]} number {a} at stage {i}")
                lines += [f"          - {{action: {ACTIONS[(i + a) % len(ACTIONS)]}, text: {text}, delay: 1d{page}}}"]
        lines += [f"      - {{id: {q(f'{prefix}WON')}, name: Won, meaning: success, count: 300, amount: 45000}}"]
        lines += [f"      - {{id: {q(f'{prefix}LOSE')}, name: Lost, meaning: failure, count: 400, amount: 60000}}"]

    lines += ["site:", "  url: https://example.com", "  pages:"]
    for p in range(pages):
        pipeline, prefix = ("pa", "") if p % 2 else ("pb", "C1:")
        lines += [
            f"    - id: page{p}",
            f"      title: {q(f'Page {p}')}",
            f"      url: /page-{p}/",
            f"      stages: [s{p % stages}]",
            "      lead_stages: [NEW]",
            f"      deal_stages: [{q(f'{pipeline}.{prefix}S{p % funnel}')}]",
        ]

    lines += ["ppc:"]
    for c in range(max(1, stages // 5)):
        lines += [f"  - id: camp{c}", f"    name: {q(f'Campaign {c}')}", "    network: search", "    groups:"]
        for g in range(2):
            lines += [
                f"      - id: camp{c}_g{g}",
                f"        name: {q(f'Group {g} of campaign {c}')}",
                f"        landing: page{(2 * c + g) % pages}",
                "        keywords: [" + ", ".join(q(f"buy product {c} {g} {k}") for k in range(3)) + "]",
                "        ads:",
                f"          - {{title: {q(f'Ad {c}.{g}')}, text: {q(AD_TEXT)}}}",
            ]
    return "\n".join(lines) + "\n"


def count_items(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.lstrip().startswith("- "))


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_kib: int
    """Largest resident set of the command and of the processes it waited for (KiB)."""


def gnu_time() -> str | None:
    """GNU time, when installed: it reports the peak of the command it starts, from a process of its own."""
    path = shutil.which("time")
    if path is None:
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        probe = subprocess.run([path, "-f", "%M", "-o", report.name, "true"], capture_output=True, check=False)
        return path if probe.returncode == 0 and report.read().strip().isdigit() else None


# A child forked from this script starts with this script's resident set counted in its peak (Linux copies
# the high-water mark), which would put a floor of ~40 MB under every figure: GNU time, a small C program,
# starts the command instead and reads its peak. Without GNU time, os.wait4 reads it with that floor.
TIME = gnu_time()
# ru_maxrss is in kilobytes on Linux, in bytes on macOS.
_RU_MAXRSS_PER_KIB = 1024 if sys.platform == "darwin" else 1


def run_once(command: Sequence[str]) -> Sample:
    """Run `command` in a fresh child; its wall time and the peak memory of that run alone."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        wrapped = [TIME, "-f", "%M", "-o", report.name, *command] if TIME else list(command)
        started = time.perf_counter()
        process = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.stderr.close()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        if process.returncode != 0:
            message = errors.decode(errors="replace")
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{message}")
        peak = int(report.read().split()[-1]) if TIME else usage.ru_maxrss // _RU_MAXRSS_PER_KIB
    return Sample(elapsed, peak)


def run_sequence(commands: Sequence[Sequence[str]]) -> Sample:
    """Commands back to back: the total wall time and the largest peak."""
    samples = [run_once(c) for c in commands]
    return Sample(sum(s.seconds for s in samples), max(s.peak_kib for s in samples))


def measure(commands: Sequence[Sequence[str]], runs: int) -> tuple[float, float]:
    """Median seconds and highest peak (MB) over `runs` runs of `commands` back to back."""
    samples = [run_sequence(commands) for _ in range(runs)]
    return statistics.median(s.seconds for s in samples), max(s.peak_kib for s in samples) / 1024


_SVG_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def png_dpi(svg: bytes) -> int | None:
    """The -Gdpi cjm passes for this picture's PNG (see render._picture), None when it draws no PNG."""
    size = _SVG_SIZE.search(svg)
    longest = max(float(size[1]), float(size[2])) if size else 0.0
    dpi = min(DEFAULT_DPI, int(PNG_MAX_SIDE * 72 / longest) if longest else DEFAULT_DPI)
    return None if dpi < MIN_READABLE_DPI else dpi


def dot_commands(map_path: Path, folder: Path) -> tuple[list[list[str]], str]:
    """Write the map's DOT sources to folder/*.gv; the dot calls `cjm render` makes on them, and a note."""
    checked = check_file(str(map_path))
    if not checked.ok or checked.journey_map is None:
        problems = "\n".join(f"{p.position}: {p.code} {p.message}" for p in checked.problems)
        raise SystemExit(f"generated map {map_path.name} is not valid:\n{problems}")
    journey_map = checked.journey_map
    flow, grid = build_flow(journey_map), build_grid(journey_map)
    assert flow is not None and grid is not None
    w = words(journey_map.lang)
    dot = find_dot(timeout=600)
    commands: list[list[str]] = []
    notes = []
    sources = (
        ("flow", flow_dot(flow, journey_map.title, w), ()),
        ("journey", journey_dot(grid, journey_map.title, w.map_types[journey_map.type]), ("-Kneato", "-n2")),
    )
    for view, source, layout in sources:
        gv = folder / f"{view}.gv"
        gv.write_text(source, encoding="utf-8")
        commands.append([dot.path, "-Tsvg", *layout, str(gv), "-o", str(folder / f"{view}.svg")])
        dpi = png_dpi(dot.run(source, "svg", *layout))  # also warms the file cache
        if dpi is None:
            notes.append(f"{view}: no PNG")
        else:
            commands.append([dot.path, "-Tpng", *layout, f"-Gdpi={dpi}", str(gv), "-o", str(folder / f"{view}.png")])
            if dpi != DEFAULT_DPI:
                notes.append(f"{view} PNG at {dpi} dpi")
    return commands, ", ".join(notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("dot") is None:
        raise SystemExit("Graphviz's dot is not on PATH")

    bare, bare_peak = measure([[sys.executable, "-c", "pass"]], args.runs)
    cli, cli_peak = measure([[sys.executable, "-c", "import cjm_cli.cli"]], args.runs)
    modules = "import cjm_cli.cli, cjm_cli.api, cjm_cli.render.outputs, cjm_cli.render.flow, cjm_cli.render.journey, "
    modules += "cjm_cli.render.html"
    everything, everything_peak = measure([[sys.executable, "-c", modules]], args.runs)
    peaks = f"peak memory by {TIME} -f %M" if TIME else "peak memory by os.wait4 (includes this script's ~40 MB)"
    print(f"cjm: {' '.join(CJM)}; {args.runs} runs: median times, highest peaks; {peaks}")
    print(f"python -c pass                  {bare * 1000:7.1f} ms  {bare_peak:6.1f} MB")
    print(f"python -c 'import cjm_cli.cli'  {cli * 1000:7.1f} ms  {cli_peak:6.1f} MB  (+{(cli - bare) * 1000:.1f} ms)")
    print(
        f"+ every module render imports   {everything * 1000:7.1f} ms  {everything_peak:6.1f} MB  "
        f"(+{(everything - bare) * 1000:.1f} ms)"
    )
    print()
    columns = ("size", "items", "cjm s", "dot s", "cjm/dot", "cjm-dot s", "cjm MB", "dot MB")
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, (6, 6, 7, 7, 7, 9, 7, 7), strict=True)))
    with tempfile.TemporaryDirectory(prefix="cjm-render-speed-") as tmp:
        for stages, per_stage in SIZES:
            size = f"{stages}x{per_stage}"
            folder = Path(tmp, size)
            (folder / "cjm").mkdir(parents=True)
            (folder / "dot").mkdir()
            text = make_map(stages, per_stage)
            map_path = folder / f"map-{size}.yaml"
            map_path.write_text(text, encoding="utf-8")
            commands, note = dot_commands(map_path, folder / "dot")
            render = [*CJM, "render", str(map_path), "-o", str(folder / "cjm")]
            cjm_seconds, cjm_peak = measure([render], args.runs)
            written = sorted(p.name for p in (folder / "cjm").iterdir())
            if len(written) != len(commands) + 1:  # every picture cjm drew, and the report
                note = f"{note}; cjm wrote {', '.join(written)}".lstrip("; ")
            dot_seconds, dot_peak = measure(commands, args.runs)
            print(
                f"{size:>6} {count_items(text):>6} {cjm_seconds:7.2f} {dot_seconds:7.2f} "
                f"{cjm_seconds / dot_seconds:7.2f} {cjm_seconds - dot_seconds:9.2f} "
                f"{cjm_peak:7.1f} {dot_peak:7.1f}  {note}".rstrip()
            )
    print()
    print("items: list items in the map (journey items, personas, channels, stages, automations, pages...).")
    print("cjm s: the whole `cjm render` process; dot s: the four dot calls it makes, run back to back;")
    print("cjm-dot s: what cjm adds to Graphviz (start-up, imports, checking, building, the report, writing).")


if __name__ == "__main__":
    main()
