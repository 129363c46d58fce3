"""What do shared definitions (`include:`) cost? Prints figures; asserts nothing.

The same map is checked in one process (`check_file`, best of `--runs`) written three ways: every persona,
department and channel in the map itself; the same items moved to one shared file the map includes; and moved
to a chain of shared files, each including the next (the deepest chain allowed, 8 files). The map holds
`--items` items of each kind and a journey whose stages name them all, so that the checked maps are the same.

    python benchmarks/include_speed.py [--items 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from cjm_cli.api import check_file

KINDS = ("personas", "departments", "channels")


def definitions(items: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "personas": [{"id": f"p{n}", "name": f"Персона {n}"} for n in range(items)],
        "departments": [{"id": f"d{n}", "name": f"Отдел {n}"} for n in range(items)],
        "channels": [{"id": f"c{n}", "name": f"Канал {n}", "kind": "messenger"} for n in range(items)],
    }


def journey(items: int) -> dict[str, Any]:
    stages = [
        {
            "id": f"s{n}",
            "name": f"Этап {n}",
            "owner": f"d{n}",
            "touchpoints": [{"channel": f"c{n}"}],
            "emotions": {f"p{k}": 0 for k in range(items)} if n == 0 else {},
        }
        for n in range(items)
    ]
    return {"stages": stages}


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def layouts(folder: Path, items: int) -> dict[str, Path]:
    shared = definitions(items)
    head = {"cjm": 1, "title": "Карта", "lang": "ru"}
    (folder / ".git").mkdir()
    inline = write(folder / "inline.yaml", {**head, **shared, "journey": journey(items)})
    write(folder / "one-shared.yaml", shared)
    one = write(folder / "one.yaml", {**head, "include": ["one-shared.yaml"], "journey": journey(items)})
    depth = 8
    size = -(-items // depth)  # each file a slice, in order: the checked map is the same
    for level in range(depth):
        part: dict[str, Any] = {kind: values[level * size : (level + 1) * size] for kind, values in shared.items()}
        if level + 1 < depth:
            part["include"] = [f"chain-{level + 1}.yaml"]
        write(folder / f"chain-{level}.yaml", part)
    chain = write(folder / "chain.yaml", {**head, "include": ["chain-0.yaml"], "journey": journey(items)})
    return {"all in the map": inline, "one shared file": one, "a chain of 8 files": chain}


def best(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        checked = check_file(str(path))
        times.append(time.perf_counter() - start)
        assert checked.journey_map is not None, checked.problems[:3]
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=200, help="personas, departments and channels, of each")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        maps = layouts(Path(folder), args.items)
        same = {label: check_file(str(path)).journey_map for label, path in maps.items()}
        assert len({json.dumps(m.model_dump(mode="json"), sort_keys=True) for m in same.values() if m}) == 1
        found = {label: best(path, args.runs) for label, path in maps.items()}
    base = found["all in the map"]
    print(f"check_file of a map with {args.items} personas, departments and channels each (best of {args.runs})")
    for label, seconds in found.items():
        print(f"   {label:<20} {seconds * 1000:8.1f} ms  {seconds / base:5.2f}x")


if __name__ == "__main__":
    main()
