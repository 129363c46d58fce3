"""Many maps on every core: one function over many items in worker processes, the results in the items' order.

Reading, checking and drawing a map is Python work, bound by the CPU and the interpreter's lock, so the maps
go to processes, not threads. Results come back in the order of the items, whichever finishes first, so that
what a command prints does not depend on the number of jobs. A result should be small (problems, paths):
each one waits in the parent until those before it are done.

Workers ignore Ctrl-C, which the terminal sends to every process of the command: the parent stops them. A
worker told to stop (SIGTERM) exits at once, through the clean-up of what it was doing: the `dot` it waited
for is killed and temporary files are removed.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Sequence
from types import FrameType
from typing import TypeVar

from . import i18n
from .i18n import tr
from .problems import UsageError

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def in_order(function: Callable[[T], R], items: Sequence[T], jobs: int) -> Generator[R, None, None]:
    """`function(item)` for each of `items`, on up to `jobs` processes at once; the results in the order of
    `items`, each as soon as it and those before it are done. One job (or one item) runs here, in this
    process. `function` must be a module's top-level function; an exception it raises ends every job."""
    jobs = min(jobs, len(items))
    method = _start_method() if jobs > 1 else None
    if method is None:
        yield from map(function, items)
        return
    import multiprocessing  # only for more than one job: a single map starts sooner without it

    pool = multiprocessing.get_context(method).Pool(jobs, initializer=_worker_starts, initargs=(i18n.current(),))
    taken = 0
    try:
        for result in pool.imap(function, items, chunksize=1):
            taken += 1
            yield result
        pool.close()
    except GeneratorExit:
        # closed by the caller: after the last result, the workers are idle and end as usual (stopping them
        # then could hang on the queue's lock, taken for the stop); before it, they are stopped
        if taken == len(items):
            pool.close()
        else:
            pool.terminate()
        raise
    except BaseException:
        pool.terminate()  # SIGTERM to each worker, which kills its dot on the way out
        raise
    finally:
        pool.join()


def _start_method() -> str | None:
    """How to start the workers: fork, so that they start with every module this process imported, from a
    process of one thread on Linux (the `cjm` command); spawn elsewhere (macOS, Windows). None, to work here
    one item after the other, in a Linux process that runs other threads (a program that embeds cjm, a test
    run driving a browser): a fork copies the locks those threads hold, held for ever in the copy, and a
    worker hung on one; spawned workers, started again from the program's main module, hung too."""
    if not sys.platform.startswith("linux"):
        return "spawn"
    try:
        threads = len(os.listdir("/proc/self/task"))  # every thread, Python's and those of native libraries
    except OSError:
        threads = 0
    return "fork" if threads == 1 else None


def _worker_starts(language: str) -> None:
    i18n.choose(language)  # a spawned worker has not seen `--lang`
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)


def _stop(_number: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signal.SIGTERM)


def parse_shard(text: str) -> tuple[int, int]:
    """`2/5` -> (2, 5): the second of five shards; UsageError for anything else."""
    index, slash, total = text.partition("/")
    if slash and index.isdigit() and total.isdigit() and 1 <= int(index) <= int(total):
        return int(index), int(total)
    raise UsageError(tr("--shard: {text} is not I/N with 1 <= I <= N, e.g. 1/4", text=repr(text)))


def in_shard(paths: Iterable[str], index: int, total: int) -> list[str]:
    """The paths of shard `index` of `total` (1-based): each path goes to the shard its name's SHA-256 picks,
    so that adding a map moves no other map to another shard. `./maps/a.yaml` and `maps/a.yaml` are one name."""
    return [path for path in paths if _shard_of(path, total) == index]


def _shard_of(path: str, total: int) -> int:
    name = os.path.normpath(path).replace(os.sep, "/")
    return int.from_bytes(hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest()[:8], "big") % total + 1
