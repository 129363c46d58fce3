"""How does `cjm import` grow with the file? Prints figures; asserts nothing.

Every importer is meant to cost time in proportion to the size of its file: positions come from one pass and
a line index, never from counting lines from the start for each item. This prints the time of a whole import
(read, convert, write the map's YAML, check it) for files of growing size, and the time per thousand items,
which stays flat when the cost is linear:

- bitrix24: `crm.status.list` answers of N statuses (most of them a directory cjm leaves out, so that the map
  stays small and the figure is the reading), with one problem at the last item;
- mermaid: journeys of N tasks, N actors whose names all make the same id, front matter nested N deep;
- google-ads: an Editor export of N keyword rows.

    python benchmarks/import_speed.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cjm_cli.importers.run import import_file


def bitrix24(count: int) -> str:
    items: list[dict[str, object]] = [{"ENTITY_ID": "IN", "STATUS_ID": f"I{i}"} for i in range(count)]
    items += [{"ENTITY_ID": "STATUS", "STATUS_ID": f"S{i}", "NAME": f"Статус {i}", "SORT": 10 * i} for i in range(50)]
    items.append({"ENTITY_ID": "STATUS", "STATUS_ID": "LAST", "NAME": "Последний", "SORT": "x"})
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")).replace("},{", "},\n{")


def mermaid(count: int) -> str:
    lines = ["journey", "  title Большой путь"]
    for section in range(max(1, count // 50)):
        lines.append(f"  section Этап {section}")
        lines += [f"    Шаг {section}.{task}: {1 + task % 5}: Анна, Марк" for task in range(50)]
    return "\n".join(lines) + "\n"


def same_ids(count: int) -> str:
    """Actors whose names hold no latin or Cyrillic letter: every one wants the id `persona`."""
    return "journey\n  section А\n" + "".join(f"    Шаг: 3: {chr(0x4E00 + i)}\n" for i in range(count))


def front_matter(depth: int) -> str:
    return f"---\ntitle: Путь\nconfig: {'[' * depth}{']' * depth}\n---\njourney\n  section А\n    Шаг: 3: Я\n"


def google_ads(count: int) -> str:
    header = "Campaign\tAd Group\tKeyword\tCriterion Type\tFinal URL"
    rows = [
        f"Кампания {i // 1000}\tГруппа {i // 100}\tзапрос {i}\tPhrase\thttps://example.com/p{i // 100}"
        for i in range(count)
    ]
    return "\n".join([header, *rows]) + "\n"


CASES: list[tuple[str, str, Callable[[int], str], list[int]]] = [
    ("bitrix24", "bitrix24", bitrix24, [5_000, 20_000, 100_000, 200_000]),
    ("mermaid", "mermaid tasks", mermaid, [1_000, 5_000, 20_000]),
    ("mermaid", "front matter depth", front_matter, [1_000, 10_000, 100_000]),
    ("mermaid", "actors, one id", same_ids, [2_000, 5_000, 10_000]),
    ("google-ads", "google-ads rows", google_ads, [5_000, 20_000, 50_000]),
]


def timed(kind: str, path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        import_file(kind, str(path))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per size; the median is printed")
    runs = parser.parse_args().runs
    print(f"{'case':<20} {'size':>9} {'bytes':>11} {'seconds':>9} {'ms per 1k':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for kind, label, make, sizes in CASES:
            for size in sizes:
                path = Path(folder, f"{label.replace(' ', '-')}-{size}.txt")
                path.write_text(make(size), encoding="utf-8")
                seconds = timed(kind, path, runs)
                per = 1000 * seconds / (size / 1000)
                print(f"{label:<20} {size:>9,} {path.stat().st_size:>11,} {seconds:>9.3f} {per:>10.2f}")


if __name__ == "__main__":
    main()
