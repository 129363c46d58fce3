"""Many maps at once: `--jobs` changes nothing a command prints or writes, `--shard` splits maps stably."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm_cli.core.jobs import in_shard
from conftest import EXAMPLES, SMALL_MAP, Run

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Valid maps, maps with warnings and broken maps mixed in one folder."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "maps"
    shutil.copytree(EXAMPLES, folder)
    for n in range(4):
        (folder / f"shop{n}.yaml").write_text(SMALL_MAP.replace("Shop", f"Shop {n}"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_validate_says_the_same_on_every_core(cjm: Callable[..., Run], many: Path, output_format: str) -> None:
    one = cjm("validate", "maps", "-f", output_format, "--jobs", "1")
    two = cjm("validate", "maps", "-f", output_format, "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert (one.stdout, one.stderr) == (two.stdout, two.stderr)


@needs_dot
def test_render_prints_writes_and_exits_the_same_on_every_core(cjm: Callable[..., Run], many: Path) -> None:
    one = cjm("render", "maps", "-o", "one", "-f", "svg,html", "--jobs", "1")
    two = cjm("render", "maps", "-o", "two", "-f", "svg,html", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert one.stderr.replace("wrote one/", "wrote two/") == two.stderr
    written = sorted(p.relative_to("one") for p in Path("one").rglob("*"))
    assert written == sorted(p.relative_to("two") for p in Path("two").rglob("*"))
    for path in written:
        assert (Path("one") / path).read_bytes() == (Path("two") / path).read_bytes()


def test_shards_split_a_folder_between_runners(cjm: Callable[..., Run], many: Path) -> None:
    every = cjm("validate", "maps", "-f", "json").stdout.count('"path"')
    counts = []
    for index in (1, 2, 3):
        result = cjm("validate", "maps", "-f", "json", "--shard", f"{index}/3")
        counts.append(result.stdout.count('"path"'))
    assert sum(counts) == every
    assert cjm("validate", "maps", "--shard", "0/3").exit_code == 2
    assert "--shard: '4/3' is not I/N" in cjm("render", "maps", "--shard", "4/3").stderr


paths = st.lists(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30), unique=True)


@given(paths, paths, st.integers(min_value=1, max_value=12))
def test_a_map_added_moves_no_other_map_to_another_shard(before: list[str], added: list[str], total: int) -> None:
    shards = {index: set(in_shard(before, index, total)) for index in range(1, total + 1)}
    assert sorted(path for shard in shards.values() for path in shard) == sorted(before)  # each in one shard
    after = before + [path for path in added if path not in before]
    for index in range(1, total + 1):
        assert set(in_shard(after, index, total)) & set(before) == shards[index]


def test_maps_of_a_process_with_threads_are_not_worked_on_in_copies_of_its_locks(tmp_path: Path) -> None:
    # A thread holds a lock for a moment while maps go to the workers, and the work needs that lock: a worker
    # forked then starts with a copy of the lock held for ever, and hangs on it (as workers forked from a test
    # run driving a browser did). Worked on in this process, the work waits a moment for the lock instead.
    (tmp_path / "held.py").write_text(
        textwrap.dedent(
            """\
            import threading

            LOCK = threading.Lock()


            def work(item: int) -> int:
                with LOCK:
                    return item * 2
            """
        ),
        encoding="utf-8",
    )
    script = textwrap.dedent(
        """\
        import threading, time
        import held
        from cjm_cli.core.jobs import in_order

        taken = threading.Event()

        def hold() -> None:
            with held.LOCK:
                taken.set()
                time.sleep(1)

        threading.Thread(target=hold).start()
        taken.wait()
        print(list(in_order(held.work, [1, 2, 3, 4], 2)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[2, 4, 6, 8]"
