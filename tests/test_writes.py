"""Every command that writes commits its files as a set, all new or all old, and writes nothing through a
symbolic link: render, watch, diff --render, import, init and schema, on a real full disk (a small tmpfs when
this machine lets the tests mount one; a file size limit otherwise) and with real links."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cjm_cli.render.graphviz_run import find_dot
from cjm_cli.render.outputs import RenderOptions
from cjm_cli.watch.watcher import WatchedMap, Watcher
from conftest import SMALL_MAP, Run

CJM = str(Path(sys.executable).with_name("cjm"))
STATUSES = Path(__file__).parent / "fixtures" / "import" / "bitrix24" / "statuses.json"


def big_map(stages: int = 30) -> str:
    """A map whose outputs are far larger than SMALL_MAP's."""
    rows = "".join(
        f"    - {{id: s{n}, name: Stage {n}, actions: [Action {n} with some words], pains: [Pain {n}]}}\n"
        for n in range(stages)
    )
    return f"cjm: 1\ntitle: Big\njourney:\n  stages:\n{rows}"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a folder, hidden ones included, with its bytes and mode."""
    return {p.name: (p.read_bytes(), p.stat().st_mode) for p in sorted(folder.iterdir()) if p.is_file()}


# --- a full disk ------------------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 4 MiB (tmpfs), unmounted afterwards; skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the file size limit tests cover this machine")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill the disk so that about `leave` bytes stay free."""
    info = os.statvfs(disk)
    free = info.f_bavail * info.f_frsize
    with open(disk / "filler", "wb") as handle:
        handle.write(b"\0" * max(free - leave, 0))


def test_render_on_a_full_disk_keeps_the_previous_set(
    cjm: Callable[..., Run], small_disk: Path, tmp_path: Path
) -> None:
    """Protects against a disk that fills up half-way leaving a mixed set: the new shop.html beside the old
    shop.journey.svg, although a failed render promises the previous files as they were."""
    path = small_disk / "shop.yaml"
    path.write_text(SMALL_MAP, encoding="utf-8")
    assert cjm("render", path, "-f", "svg,png,html").exit_code == 0
    path.write_text(big_map(), encoding="utf-8")
    scratch = tmp_path / "scratch"
    assert cjm("render", path, "-f", "svg,png,html", "-o", scratch).exit_code == 0
    first = min(scratch.iterdir())  # written first: room for it, and not for the rest
    fill(small_disk, first.stat().st_size + 16 * 1024)
    before = snapshot(small_disk)
    run = cjm("render", path, "-f", "svg,png,html")
    assert snapshot(small_disk) == before  # all old, nothing new
    assert run.exit_code == 3, run.stdout + run.stderr
    assert "No space left on device; nothing was written" in run.stderr


def test_watch_on_a_full_disk_keeps_the_previous_set(small_disk: Path, tmp_path: Path) -> None:
    """Protects against `cjm watch` writing half of a save's outputs when the disk fills up."""
    path = small_disk / "shop.yaml"
    path.write_text(SMALL_MAP, encoding="utf-8")
    watcher = Watcher([WatchedMap(str(path), small_disk)], RenderOptions(formats=("svg", "png", "html")), find_dot())
    assert [e.kind for e in watcher.poll()] == ["rendered"]
    path.write_text(big_map(), encoding="utf-8")
    fill(small_disk, 64 * 1024)
    before = snapshot(small_disk)
    events = [event for _ in range(3) for event in watcher.poll()]
    assert [e.kind for e in events] == ["failed"]
    assert "No space left on device" in events[0].message
    assert snapshot(small_disk) == before


def test_diff_render_on_a_full_disk_keeps_the_previous_set(
    cjm: Callable[..., Run], small_disk: Path, tmp_path: Path
) -> None:
    """Protects against `cjm diff --render` writing half of its pictures when the disk fills up."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(SMALL_MAP, encoding="utf-8")
    new.write_text(SMALL_MAP.replace("Pay", "Pay now"), encoding="utf-8")
    assert cjm("diff", old, new, "--render", "-f", "svg,png,html", "-o", small_disk).exit_code == 0
    new.write_text(big_map(), encoding="utf-8")
    fill(small_disk, 64 * 1024)
    before = snapshot(small_disk)
    run = cjm("diff", old, new, "--render", "-f", "svg,png,html", "-o", small_disk)
    assert run.exit_code == 3, run.stderr
    assert snapshot(small_disk) == before


def limited(size: int) -> Callable[[], None]:
    """For a subprocess: no file may grow beyond `size` bytes (writing more fails with EFBIG, as a full disk
    fails with ENOSPC; Python ignores SIGXFSZ)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_render_failing_half_way_keeps_the_previous_set_without_a_mount(tmp_path: Path) -> None:
    """The same as on a full disk, anywhere: the files after the first cannot be written. (The larger files
    are Graphviz's temporary ones, written before any output: the render stops there, and nothing is new.)"""
    path = tmp_path / "shop.yaml"
    path.write_text(SMALL_MAP, encoding="utf-8")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    subprocess.run([CJM, "render", str(path)], check=True, capture_output=True, env=env)
    path.write_text(big_map(), encoding="utf-8")
    scratch = tmp_path / "scratch"
    subprocess.run([CJM, "render", str(path), "-o", str(scratch)], check=True, capture_output=True, env=env)
    sizes = [p.stat().st_size for p in sorted(scratch.iterdir())]
    assert sizes[0] < max(sizes[1:])  # the first one written fits under the limit, a later one does not
    before = snapshot(tmp_path)
    run = subprocess.run(
        [CJM, "render", str(path)], capture_output=True, text=True, env=env, preexec_fn=limited(sizes[0] + 1)
    )
    assert snapshot(tmp_path) == before  # all old, nothing new
    assert run.returncode == 3, run.stdout + run.stderr
    # the limit stops the first file written: the outputs, or the DOT source handed to Graphviz
    assert "File too large" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("command", ["import", "init", "schema"])
def test_a_single_file_failing_half_way_keeps_the_previous_file(tmp_path: Path, command: str) -> None:
    """Protects against half a file, or an empty one, where `import -o`, `init --force` or `schema -o` failed
    to write."""
    target = tmp_path / "out.yaml"
    target.write_text("previous\n", encoding="utf-8")
    arguments = {
        "import": ["import", "bitrix24", str(STATUSES), "-o", str(target)],
        "init": ["init", str(target), "--force"],
        "schema": ["schema", "-o", str(target)],
    }[command]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([CJM, *arguments], capture_output=True, text=True, env=env, preexec_fn=limited(100))
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot(tmp_path) == {"out.yaml": (b"previous\n", target.stat().st_mode)}


def test_a_rename_that_fails_undoes_those_made_before_it(tmp_path: Path) -> None:
    """The set is all old even when the disk had room and the second rename is refused (an immutable file)."""
    from cjm_cli.core.problems import EnvironmentFailure
    from cjm_cli.core.write import commit

    first, second = tmp_path / "a.html", tmp_path / "b.svg"
    first.write_text("old a", encoding="utf-8")
    second.write_text("old b", encoding="utf-8")
    if subprocess.run(["chattr", "+i", str(second)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a file immutable here (chattr needs root and a file system that has it)")
    try:
        with pytest.raises(EnvironmentFailure, match="nothing was written"):
            commit({first: b"new a", second: b"new b"})
    finally:
        subprocess.run(["chattr", "-i", str(second)], check=True)
    assert snapshot(tmp_path) == {
        "a.html": (b"old a", first.stat().st_mode),
        "b.svg": (b"old b", second.stat().st_mode),
    }


# --- symbolic links -----------------------------------------------------------------------------------------------


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file outside the map's folder that a link in it points at."""
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim"
    victim.write_text("precious\n", encoding="utf-8")
    victim.chmod(0o600)
    return victim


def untouched(victim: Path) -> bool:
    return victim.read_text(encoding="utf-8") == "precious\n" and victim.stat().st_mode & 0o777 == 0o600


def test_render_refuses_a_link_in_the_map_folder(cjm: Callable[..., Run], tmp_path: Path, victim: Path) -> None:
    """Protects against `shop.html -> ../outside/victim` in a map folder (as a pull request can add) making
    `cjm render maps/` overwrite the victim, change its mode, and say only "wrote maps/shop.html"."""
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    (maps / "shop.html").symlink_to(Path("..") / "outside" / "victim")
    (maps / "other.yaml").write_text(SMALL_MAP, encoding="utf-8")
    run = cjm("render", maps, "-f", "svg,html")
    assert run.exit_code == 1
    assert f"{maps / 'shop.html'}:1:1: error output-link this is a symbolic link (to ../outside/victim)" in run.stdout
    assert "hint: remove the link" in run.stdout
    assert f"wrote {maps / 'shop'}" not in run.stderr
    assert untouched(victim)
    assert sorted(p.name for p in maps.iterdir()) == [
        "other.html",
        "other.journey.svg",
        "other.stamp.json",
        "other.yaml",
        "shop.html",
        "shop.yaml",
    ]  # the other map is drawn; nothing of shop, not even its picture
    assert (maps / "shop.html").is_symlink()


def test_render_creates_nothing_at_a_dangling_link(cjm: Callable[..., Run], tmp_path: Path) -> None:
    """Protects against a dangling link making cjm create a file wherever it points."""
    path = tmp_path / "shop.yaml"
    path.write_text(SMALL_MAP, encoding="utf-8")
    (tmp_path / "shop.journey.svg").symlink_to(tmp_path / "elsewhere" / "made.svg")
    (tmp_path / "elsewhere").mkdir()
    assert cjm("render", path, "-f", "svg").exit_code == 1
    assert not (tmp_path / "elsewhere" / "made.svg").exists()


def test_render_refuses_a_linked_folder_below_the_output_folder(
    cjm: Callable[..., Run], tmp_path: Path, victim: Path
) -> None:
    """Protects against `-o out` following `out/sub -> ../outside` for the maps found in `maps/sub/`."""
    (tmp_path / "maps" / "sub").mkdir(parents=True)
    (tmp_path / "maps" / "sub" / "shop.yaml").write_text(SMALL_MAP, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(victim.parent, target_is_directory=True)
    run = cjm("render", tmp_path / "maps", "-o", tmp_path / "out", "-f", "svg")
    assert run.exit_code == 1
    assert f"{tmp_path / 'out' / 'sub'}:1:1: error output-link" in run.stdout
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim"]


def test_an_output_folder_named_by_a_link_is_the_users_choice(cjm: Callable[..., Run], tmp_path: Path) -> None:
    """`-o DIR` where DIR itself is a link: the folder the user asked for, followed."""
    (tmp_path / "real").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "real", target_is_directory=True)
    path = tmp_path / "shop.yaml"
    path.write_text(SMALL_MAP, encoding="utf-8")
    assert cjm("render", path, "-o", tmp_path / "out", "-f", "svg").exit_code == 0
    assert (tmp_path / "real" / "shop.journey.svg").is_file()


def test_watch_refuses_a_link(tmp_path: Path, victim: Path) -> None:
    """Protects against `cjm watch` writing through a link on every save."""
    path = tmp_path / "shop.yaml"
    path.write_text(SMALL_MAP, encoding="utf-8")
    (tmp_path / "shop.html").symlink_to(victim)
    watcher = Watcher([WatchedMap(str(path), tmp_path)], RenderOptions(formats=("svg", "html")), find_dot())
    events = watcher.poll()
    assert [e.kind for e in events] == ["failed"]
    assert "is a symbolic link" in events[0].message
    assert untouched(victim)
    assert not (tmp_path / "shop.journey.svg").exists()


def test_diff_render_refuses_a_link(cjm: Callable[..., Run], tmp_path: Path, victim: Path) -> None:
    """Protects against `cjm diff --render` writing through a link in its output folder."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(SMALL_MAP, encoding="utf-8")
    new.write_text(SMALL_MAP.replace("Pay", "Pay now"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "new.diff.html").symlink_to(victim)
    run = cjm("diff", old, new, "--render", "-o", out)
    assert run.exit_code == 1
    assert "error output-link this is a symbolic link" in run.stderr
    assert untouched(victim)
    assert sorted(p.name for p in out.iterdir()) == ["new.diff.html"]


@pytest.mark.parametrize("command", ["import", "init", "schema"])
def test_single_file_commands_refuse_a_link(
    cjm: Callable[..., Run], tmp_path: Path, victim: Path, command: str
) -> None:
    """Protects against `import -o`, `init` and `schema -o` writing through a link."""
    link = tmp_path / "map.yaml"
    link.symlink_to(victim)
    arguments = {
        "import": ["import", "bitrix24", STATUSES, "-o", link],
        "init": ["init", link, "--force"],
        "schema": ["schema", "-o", link],
    }[command]
    run = cjm(*arguments)
    assert run.exit_code == 3, run.stderr
    assert f"{link}:1:1: error output-link this is a symbolic link (to {victim})" in run.stderr
    assert untouched(victim) and link.is_symlink()


def test_a_map_that_cannot_be_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    """No `.NAME.xxxx.tmp` is left in the folder when a write fails part-way."""
    path = tmp_path / "shop.yaml"
    path.write_text(big_map(), encoding="utf-8")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        [CJM, "render", str(path), "-f", "png,svg"], capture_output=True, env=env, preexec_fn=limited(20_000)
    )
    assert run.returncode == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.yaml"]
