"""How long does `cjm pull bitrix24` take on a portal of 10,000 deals, and how many requests does it make?
Prints figures; asserts nothing.

Starts the fake portal of the test suite (tests/fake_bitrix24.py) on 127.0.0.1 with the fixture's statuses and
leads and `--deals` deals of the quarter, then runs the pull as `cjm pull bitrix24 --period 2026-Q3` does,
in-process, `--runs` times: the median wall time, and the requests (HTTP round trips) against the list
calls they stand for (pages of 50, read 50 pages to a `batch`). The fake portal answers at once, so this
measures cjm's side (paging, JSON, counting); a real portal adds its own time to each request, which is why
the round trips are what counts. Then the same with `--latency` seconds added to every answer.

    python benchmarks/pull_speed.py [--deals 10000] [--runs 5] [--latency 0.15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from cjm_cli.core.period import parse_period  # noqa: E402
from cjm_cli.importers.pull.http import Webhook  # noqa: E402
from cjm_cli.importers.pull.run import pull_crm  # noqa: E402
from fake_bitrix24 import Portal, Running, expand, many_deals  # noqa: E402


def portal(deals: int, latency: float) -> Portal:
    base = Portal.from_fixture()
    _, made = expand([], many_deals(deals), base.statuses)
    return Portal(base.statuses, base.categories, base.leads, made, latency=latency)


def run(deals: int, runs: int, latency: float) -> None:
    served = portal(deals, latency)
    times = []
    with Running(served) as running:
        for _ in range(runs):
            served.calls.clear()
            start = time.perf_counter()
            crm, traffic = pull_crm(Webhook(running.webhook), parse_period("2026-Q3"))
            times.append(time.perf_counter() - start)
    counted = sum(p.stages[0].count or 0 for p in crm.pipelines)  # the first stage counts every deal
    pages = sum(1 for call in served.calls if call.endswith(".list"))
    print(
        f"{deals:>6} deals, {len(served.leads)} leads, latency {latency * 1000:.0f} ms: "
        f"median {statistics.median(times):.2f} s over {runs} runs (min {min(times):.2f}, max {max(times):.2f}); "
        f"{traffic.requests} requests for {pages} list pages; {counted} deals counted"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--deals", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.15, help="seconds a real portal takes to answer")
    arguments = parser.parse_args()
    run(arguments.deals, arguments.runs, 0.0)
    run(arguments.deals, max(1, arguments.runs // 2), arguments.latency)


if __name__ == "__main__":
    main()
