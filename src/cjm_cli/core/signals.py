"""Stopping cleanly: SIGINT, SIGTERM and SIGHUP end a command the way Ctrl-C does, so that whatever it started
is undone on the way out: Graphviz's `dot` (which runs in a process group of its own, out of reach of the
terminal's signals) is killed, and temporary files are removed.

Python turns SIGINT into `KeyboardInterrupt` and lets SIGTERM and SIGHUP end the process at once, leaving
`dot` running and `.NAME.xxxx.tmp` files behind; `stop_like_ctrl_c` makes all three raise
`KeyboardInterrupt`. A second signal while the first is being handled is ignored, so that the clean-up
itself is not cut short. `held` keeps the three waiting while a few steps that must not be separated run.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

STOPPING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

received: list[int] = []
"""The signal that stopped this process, once one did (see `stop_like_ctrl_c`)."""


def stop_like_ctrl_c() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise `KeyboardInterrupt` in the main thread (call it from there)."""
    for number in STOPPING:
        signal.signal(number, _stop)


def _stop(number: int, _frame: FrameType | None) -> None:
    received.append(number)
    for other in STOPPING:
        signal.signal(other, signal.SIG_IGN)
    raise KeyboardInterrupt


@contextlib.contextmanager
def held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP wait until the block is done: meanwhile they are only noted, and the first
    one is raised again as the block ends. (Only the main thread can change how signals are handled;
    elsewhere the block runs as it is.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    kept = [(number, handler) for number in STOPPING if (handler := signal.getsignal(number)) is not None]
    for number, _handler in kept:
        signal.signal(number, lambda number, _frame: noted.append(number))
    try:
        yield
    finally:
        for number, handler in kept:
            signal.signal(number, handler)
        if noted:
            signal.raise_signal(noted[0])
