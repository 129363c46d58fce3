"""How cjm ends when it cannot go on: stopped by a signal while Graphviz works, or with a standard output that
cannot be written. Real processes: the `cjm` command, a real `dot`, real signals and descriptors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SMALL_MAP

CJM = str(Path(sys.executable).with_name("cjm"))
ENV = {**os.environ, "GITHUB_ACTIONS": "", "NO_COLOR": "1", "CI": "1"}


def busy_map(stages: int = 150, pipelines: int = 30, pages: int = 10) -> str:
    """A sales system whose flow keeps dot busy for many seconds (about 13 on the development machine: long
    pipelines, since pages drawn in their stages no longer cost the layout anything)."""
    lines = ["cjm: 1", "title: Busy", "leads:", "  stages:"]
    lines += [f"    - {{id: L{i}, name: Lead {i}}}" for i in range(stages)]
    lines += ["    - {id: OK, name: Ok, meaning: success}", "deals:"]
    for p in range(pipelines):
        lines += [f"  - id: p{p}", f"    name: Pipeline {p}", "    stages:"]
        lines += [f"      - {{id: S{i}, name: Stage {i}}}" for i in range(stages)]
        lines.append("      - {id: WON, name: Won, meaning: success}")
    lines += ["site:", "  url: https://example.com", "  pages:"]
    for k in range(pages):
        served = ", ".join(f"p{p}.S{(k * 7 + p * 3) % stages}" for p in range(pipelines))
        lines.append(f"    - {{id: pg{k}, title: Page {k}, url: /p{k}, deal_stages: [{served}], lead_stages: [L0]}}")
    return "\n".join(lines) + "\n"


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def dots_below(pid: int) -> list[int]:
    """The `dot` processes among the descendants of `pid` (its own, or those of its workers)."""
    found = []
    for child in children(pid):
        try:
            name = Path(f"/proc/{child}/comm").read_text().strip()
        except FileNotFoundError:
            continue
        found += [child] if name == "dot" else dots_below(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def wait_for(condition: Callable[[], object], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {seconds} s waiting for {what}")
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds dot through /proc")
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda n: n.name)
def test_a_signal_during_render_ends_dot_and_leaves_no_temporary_file(
    tmp_path: Path, number: signal.Signals, jobs: str
) -> None:
    """Protects against SIGTERM or SIGHUP during `cjm render` leaving `dot` running (in its own process group,
    out of reach of the signal) and a hidden `.NAME.xxxx.tmp` in the output folder; and SIGINT against
    the same; with the maps drawn here or by worker processes."""
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "a-small.yaml").write_text(SMALL_MAP, encoding="utf-8")
    (maps / "b-busy.yaml").write_text(busy_map(), encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [CJM, "render", str(maps), "-o", str(out), "-f", "svg,html", "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    try:
        wait_for(lambda: (out / "a-small.html").exists() and dots_below(process.pid), "dot drawing the busy map")
        [dot] = dots_below(process.pid)
        time.sleep(0.3)  # dot is at work on the layout
        process.send_signal(number)
        _stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    wait_for(lambda: not alive(dot), "dot to end", seconds=10)
    assert process.returncode == 128 + number, stderr
    assert b"Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == ["a-small.html", "a-small.journey.svg", "a-small.stamp.json"]


def test_signals_wait_while_a_set_of_files_is_renamed_into_place(tmp_path: Path) -> None:
    """A signal in the middle of committing a set of outputs is acted on once the set is in place, never
    between two renames (which would leave old and new files side by side)."""
    script = f"""
import os, signal
from pathlib import Path
from cjm_cli.core import signals
signals.stop_like_ctrl_c()
folder = Path({str(tmp_path)!r})
try:
    with signals.held():
        os.kill(os.getpid(), signal.SIGTERM)
        (folder / "during").write_text("the block went on")
except KeyboardInterrupt:
    (folder / "after").write_text("stopped once it was done")
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    assert (tmp_path / "during").exists() and (tmp_path / "after").exists()


# --- standard output ----------------------------------------------------------------------------------------------


def run_with_stdout(arguments: list[str], stdout: int | None = None, close: bool = False) -> tuple[int, str]:
    completed = subprocess.run(
        [CJM, *arguments],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=ENV,
        timeout=60,
        preexec_fn=(lambda: os.close(1)) if close else None,
    )
    return completed.returncode, completed.stderr.decode("utf-8", "replace")


COMMANDS = [
    ["validate", str(Path(__file__).parent.parent / "examples")],
    ["schema"],
    ["--help"],
    ["export", "json", str(Path(__file__).parent.parent / "examples" / "b2c-running-shoes.yaml")],
]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda a: a[0])
def test_a_full_standard_output_is_one_line_and_exit_3(arguments: list[str]) -> None:
    """Protects against `> /dev/full` giving a traceback and exit 1, the code of a problem in the map."""
    with open("/dev/full", "wb") as full:
        code, stderr = run_with_stdout(arguments, full.fileno())
    assert code == 3
    assert stderr.splitlines()[-1] == "cjm: error: cannot write to standard output: No space left on device"
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda a: a[0])
def test_a_closed_standard_output_is_one_line_and_exit_3(arguments: list[str]) -> None:
    """Protects against `>&-` (a closed descriptor) giving a traceback."""
    code, stderr = run_with_stdout(arguments, close=True)
    assert code == 3
    assert "cjm: error: cannot write to standard output: it is closed" in stderr
    assert "Traceback" not in stderr


def test_a_pipe_nobody_reads_ends_quietly_with_exit_3() -> None:
    """A reader gone (`cjm validate maps/ | head -1`): exit 3, without a traceback or a complaint."""
    read, write = os.pipe()
    os.close(read)
    try:
        code, stderr = run_with_stdout(["schema"], write)
    finally:
        os.close(write)
    assert code == 3
    assert stderr == ""
