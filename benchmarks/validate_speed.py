"""How fast does `cjm validate` answer? Prints figures; asserts nothing.

Generates maps of growing size (items = stages, touchpoints, thoughts, pains, channels, pipeline stages,
pages, keywords...), runs `cjm validate` on each as a user would (a new process every time), and prints
the median wall time next to a bare `python -c pass` and to `python -c "import cjm_cli.cli"`, so that
start-up, imports and the work itself can be told apart. Then lists the slowest imports (`-X importtime`).

    python benchmarks/validate_speed.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CJM = [sys.executable, "-m", "cjm_cli"]


def make_map(items: int) -> str:
    """A valid map with roughly `items` list items spread over every block."""
    stages = max(1, items // 25)
    per = max(1, items // (stages * 8))
    lines = ["cjm: 1", "title: Benchmark map", "lang: ru"]
    lines += ["personas:", "  - {id: p1, name: Покупатель}", "  - {id: p2, name: Директор}"]
    lines += ["departments:", "  - {id: sales, name: Продажи}"]
    lines += ["channels:"] + [f"  - {{id: ch{i}, name: Канал {i}, kind: messenger, feeds: leads}}" for i in range(per)]
    lines += ["journey:", "  stages:"]
    for s in range(stages):
        lines += [f"    - id: s{s}", f"      name: Этап {s}", "      owner: sales", "      emotions: {p1: 1, p2: -1}"]
        lines += ["      touchpoints:"] + [f"        - {{channel: ch{i}}}" for i in range(per)]
        for lane in ("actions", "thoughts", "opportunities", "frontstage", "backstage"):
            lines += [f"      {lane}:"] + [f"        - Текст {lane} {s}.{i}, достаточно длинный" for i in range(per)]
        lines += ["      pains:"] + [f"        - {{id: pain{s}_{i}, text: Боль {i}}}" for i in range(per)]
        lines += ["      kpis:"] + [f"        - {{name: KPI {i}, target: 10, actual: 8}}" for i in range(per)]
    lines += [
        "leads:",
        "  stages:",
        "    - {id: NEW, name: Новый, count: 100}",
        "    - {id: JUNK, name: Брак, meaning: failure}",
    ]
    lines += ["deals:", "  - id: a", "    name: Продукт А", "    stages:"]
    lines += [f"      - {{id: S{i}, name: Стадия {i}, count: {1000 - i}}}" for i in range(per * 4)]
    lines += ["site:", "  pages:"] + [f"    - {{id: page{i}, title: Страница {i}, url: /p{i}}}" for i in range(per * 4)]
    lines += ["ppc:", "  - id: c1", "    name: Кампания", "    groups:"]
    for g in range(per * 2):
        lines += [f"      - id: g{g}", f"        name: Группа {g}", f"        landing: page{g % (per * 4)}"]
        lines += ["        keywords:"] + [f"          - купить товар {g} {k}" for k in range(per)]
    return "\n".join(lines) + "\n"


def make_misspelt_map(items: int) -> str:
    """The worst case for "did you mean": `items` channels and as many touchpoints naming none of them."""
    lines = ["cjm: 1", "title: Misspelt", "channels:"]
    lines += [f"  - {{id: channel_{i}, name: C{i}, kind: site}}" for i in range(items)]
    lines += ["journey:", "  stages:", "    - id: s", "      name: S", "      touchpoints:"]
    lines += [f"        - {{channel: chanel_{i}}}" for i in range(items)]
    return "\n".join(lines) + "\n"


def phases() -> str:
    """Where the time of one run goes, measured inside a single process."""
    script = """
import os, time
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
t0 = time.perf_counter()
import typer
t1 = time.perf_counter()
import yaml, pydantic
from pydantic import BaseModel
t2 = time.perf_counter()
from cjm_cli.api import check_file
t3 = time.perf_counter()
print(f"typer {1000 * (t1 - t0):.0f} ms, pydantic + PyYAML {1000 * (t2 - t1):.0f} ms, "
      f"cjm's modules and models {1000 * (t3 - t2):.0f} ms")
"""
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip()


def count_items(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.lstrip().startswith("- "))


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def slowest_imports(top: int = 8) -> list[tuple[int, str]]:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import cjm_cli.cli, cjm_cli.api"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in completed.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.split("|")
            if not name.startswith("  "):  # top-level imports only
                rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("GITHUB_ACTIONS", "")

    bare = median_seconds([sys.executable, "-c", "pass"], args.runs)
    imports = median_seconds([sys.executable, "-c", "import cjm_cli.cli, cjm_cli.api"], args.runs)
    print(f"python start-up            {bare * 1000:7.1f} ms")
    print(f"start-up + cjm imports     {imports * 1000:7.1f} ms")
    print(f"imports, one run:          {phases()}")
    print()
    print(f"{'items':>7} {'bytes':>9} {'validate':>10} {'x start-up':>11} {'x imports':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for items in (100, 1000, 5000):
            text = make_map(items)
            path = Path(folder, f"map-{items}.yaml")
            path.write_text(text, encoding="utf-8")
            check = subprocess.run([*CJM, "validate", "-f", "text", str(path)], capture_output=True, text=True)
            if check.returncode != 0:
                raise SystemExit(f"generated map is not valid:\n{check.stdout}")
            seconds = median_seconds([*CJM, "validate", str(path)], args.runs)
            print(
                f"{count_items(text):>7} {len(text.encode()):>9} {seconds * 1000:8.1f}ms "
                f"{seconds / bare:10.1f}x {seconds / imports:9.2f}x"
            )
        for items in (1000, 3000):
            path = Path(folder, f"misspelt-{items}.yaml")
            path.write_text(make_misspelt_map(items), encoding="utf-8")
            seconds = median_seconds([*CJM, "validate", str(path)], max(1, args.runs // 2))
            print(f"{items:>7} unknown references among as many ids: {seconds * 1000:8.1f}ms")
    print()
    print("slowest top-level imports (cumulative):")
    for microseconds, name in slowest_imports():
        print(f"  {microseconds / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
