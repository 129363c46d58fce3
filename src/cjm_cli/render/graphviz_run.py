"""Stage 6, render: run Graphviz's `dot` on DOT source and return the picture's bytes.

dot has no time limit of its own and can run for minutes on a dense graph, so it runs here in its own process
group with a timeout, and the whole group is killed when the time is up, or when cjm is stopped (Ctrl-C,
SIGTERM, SIGHUP: `core.signals` turns each into `KeyboardInterrupt`): no process is left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass

from ..core import signals
from ..core.problems import EnvironmentFailure

DEFAULT_TIMEOUT = 60.0
INSTALL_HINT = "install Graphviz: sudo apt-get install graphviz (macOS: brew install graphviz)"


class DotFailed(Exception):
    """dot rejected the graph or ran out of time; the message says which."""

    def __init__(self, message: str, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


@dataclass(frozen=True)
class Dot:
    """The `dot` program found on this machine."""

    path: str
    timeout: float = DEFAULT_TIMEOUT

    def run(self, source: str, output_format: str, *options: str) -> bytes:
        """Lay out and draw `source` (e.g. `output_format` "svg" or "png"); raise DotFailed on failure."""
        command = [self.path, f"-T{output_format}", *options]
        process: subprocess.Popen[bytes] | None = None
        try:
            with signals.held():  # a signal while dot starts would leave it running, unknown to us
                process = _start(command)
            output, errors = process.communicate(source.encode("utf-8"), timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise DotFailed(f"Graphviz did not finish in {self.timeout:g} s", timed_out=True) from None
        except BaseException:  # Ctrl-C, SIGTERM and SIGHUP (see `core.signals`) included
            _kill(process)
            raise
        if process.returncode != 0:
            message = errors.decode("utf-8", "replace").strip().splitlines()
            raise DotFailed("Graphviz failed: " + (message[-1] if message else f"exit code {process.returncode}"))
        return output


def find_dot(timeout: float = DEFAULT_TIMEOUT) -> Dot:
    """The `dot` on PATH; EnvironmentFailure (exit 3) with the install command when there is none."""
    path = shutil.which("dot")
    if path is None:
        raise EnvironmentFailure(f"Graphviz's `dot` was not found on PATH; {INSTALL_HINT}")
    return Dot(path, timeout)


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, killed as a whole on timeout
        )
    except OSError as error:
        raise EnvironmentFailure(f"cannot run {command[0]}: {error.strerror or error}") from error


def _kill(process: subprocess.Popen[bytes] | None) -> None:
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def graphviz_version(dot: Dot) -> str:
    """The version of Graphviz `dot` says it is (`dot -V`: "dot - graphviz version 2.43.0 (0)" -> "2.43.0"),
    or "" when it does not say."""
    try:
        process = subprocess.Popen(
            [dot.path, "-V"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
    except OSError:
        return ""
    try:
        out, err = process.communicate(timeout=min(10.0, dot.timeout))
    except subprocess.TimeoutExpired:
        _kill(process)  # with what it started: a dot that does not answer leaves nothing behind
        return ""
    found = re.search(rb"version\s+(\S+)", err + out)
    return found[1].decode("ascii", "replace") if found else ""
