"""What do maps shaped to cost the most take to validate? Prints figures; asserts nothing.

Each shape grows in steps; for each step the map is written to a file and `cjm validate` runs on it in a new
process, as a user (or a CI job, or a pre-commit hook) would. Printed per step: the map's size, the problems
reported, the wall time and the peak memory of the process. Linear work shows as time and memory growing
with the size (start-up aside), not with its square.

Shapes:
- personas x stages: every persona feels something at the first stage only, so each other stage misses an
  emotion for each of them (before problems were bounded: 1,442,400 warnings for 1,200 x 1,200);
- pains: one stage with thousands of pains no opportunity fixes, and personas whose emotions dip there;
- references: ad groups landing on pages by URL, thousands of pipelines each selling along with another,
  touchpoints naming channels;
- unknown references: touchpoints naming channels that do not exist (errors, not warnings).

    python benchmarks/validate_adversarial.py [--steps 3] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

CJM = [sys.executable, "-m", "cjm_cli", "validate", "--format", "json"]


def personas_by_stages(n: int) -> str:
    lines = ["cjm: 1", "title: Personas by stages", "personas:"]
    lines += [f"  - {{id: p{i}, name: P{i}}}" for i in range(n)]
    lines += ["journey:", "  stages:"]
    feelings = ", ".join(f"p{i}: 0" for i in range(n))
    lines.append(f"    - {{id: s0, name: S0, emotions: {{{feelings}}}}}")
    lines += [f"    - {{id: s{i}, name: S{i}}}" for i in range(1, n)]
    return "\n".join(lines) + "\n"


def many_pains(n: int) -> str:
    lines = ["cjm: 1", "title: Pains", "personas:"]
    lines += [f"  - {{id: p{i}, name: P{i}}}" for i in range(n // 10)]
    low = ", ".join(f"p{i}: -2" for i in range(n // 10))
    lines += ["journey:", "  stages:", f"    - id: s0\n      name: S0\n      emotions: {{{low}}}\n      pains:"]
    lines += [f"        - {{id: x{i}, text: Pain {i}, persona: p{i % max(n // 10, 1)}}}" for i in range(n)]
    lines += [f"    - {{id: s1, name: S1, emotions: {{{low}}}, pains: [{{text: Other, persona: nobody}}]}}"]
    return "\n".join(lines).replace("persona: nobody", "persona: p0") + "\n"


def many_references(n: int) -> str:
    lines = ["cjm: 1", "title: References", "channels:"]
    lines += [f"  - {{id: c{i}, name: C{i}, kind: site, feeds: leads}}" for i in range(n // 4)]
    lines += ["leads:", "  stages:", "    - {id: NEW, name: New}", "    - {id: JUNK, name: Junk, meaning: failure}"]
    lines += ["deals:"]
    pipelines = max(n // 8, 2)
    for p in range(pipelines):
        lines += [f"  - id: d{p}", f"    name: D{p}", f"    cross_sell: [d{(p + 1) % pipelines}]", "    stages:"]
        lines += ["      - {id: WON, name: Won, meaning: success}", "      - {id: LOST, name: Lost, meaning: failure}"]
    lines += ["site:", "  url: https://example.com", "  pages:"]
    lines += [f"    - {{id: pg{i}, title: Page {i}, url: /p{i}, stages: [s0]}}" for i in range(n // 4)]
    lines += ["ppc:", "  - id: camp", "    name: Campaign", "    groups:"]
    lines += [f"      - {{id: g{i}, name: G{i}, landing: 'https://example.com/p{i}'}}" for i in range(n // 4)]
    lines += ["journey:", "  stages:", "    - id: s0", "      name: S0", "      touchpoints:"]
    lines += [f"        - {{channel: c{i}}}" for i in range(n // 4)]
    return "\n".join(lines) + "\n"


def unknown_references(n: int) -> str:
    lines = ["cjm: 1", "title: Unknown", "channels:", "  - {id: c0, name: C0, kind: site}"]
    lines += ["journey:", "  stages:", "    - id: s0", "      name: S0", "      touchpoints:"]
    lines += [f"        - {{channel: nowhere{i}}}" for i in range(n)]
    return "\n".join(lines) + "\n"


SHAPES: dict[str, tuple[Callable[[int], str], list[int]]] = {
    "personas x stages": (personas_by_stages, [300, 600, 1200]),
    "pains": (many_pains, [5_000, 10_000, 20_000]),
    "references": (many_references, [2_500, 5_000, 10_000]),  # 10,000 is near the limit of 100,000 values
    "unknown references": (unknown_references, [10_000, 20_000, 40_000]),
}


def run(path: Path, output: Path) -> tuple[float, int, int]:
    """Wall seconds, peak memory in MiB, and the problems reported, for `cjm validate path`. The report goes
    to a file: read into this process, it would swell the memory the next child starts with (and reports)."""
    started = time.perf_counter()
    with open(output, "wb") as report:
        process = subprocess.Popen([*CJM, str(path)], stdout=report, stderr=subprocess.DEVNULL)
        _pid, _status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    with open(output, "rb") as report:
        problems = sum(b'"severity"' in line for line in report)
    return elapsed, usage.ru_maxrss // 1024, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3, help="how many sizes of each shape (at most 3)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    arguments = parser.parse_args()
    print(f"{'shape':<20} {'n':>7} {'KB':>7} {'problems':>9} {'seconds':>8} {'MiB':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for name, (make, sizes) in SHAPES.items():
            for size in sizes[: arguments.steps]:
                n = max(2, int(size * arguments.scale))
                path = Path(folder) / "map.yaml"
                path.write_text(make(n), encoding="utf-8")
                seconds, mib, problems = run(path, Path(folder) / "report.json")
                kb = path.stat().st_size // 1024
                print(f"{name:<20} {n:>7} {kb:>7} {problems:>9} {seconds:>8.2f} {mib:>6}", flush=True)


if __name__ == "__main__":
    main()
