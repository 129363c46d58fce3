"""Shared definitions (`include:`): a map takes personas, departments and channels from shared files, with
their positions, inside its repository only; cycles and conflicts name both places; validate, render (and its
stamps), diff and stats follow includes. Real files, the real CLI."""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_cli.api import check_file
from cjm_cli.core.load import Document
from cjm_cli.core.model import JourneyMap
from cjm_cli.importers.into import fill_map
from cjm_cli.importers.merge import Merge
from cjm_cli.importers.splice import Value
from cjm_cli.render.graphviz_run import find_dot
from cjm_cli.render.outputs import RenderOptions
from cjm_cli.watch.watcher import RESCAN_POLLS, WatchedMap, Watcher
from conftest import Run, git

Cjm = Callable[..., Run]

MAP = """\
cjm: 1
title: Магазин
include:
  - shared/people.yaml
personas:
  - {id: anna, name: Анна}
journey:
  stages:
    - {id: find, name: Find, owner: sales, emotions: {anna: 1, boris: 0},
       touchpoints: [{channel: tg}]}
"""

PEOPLE = """\
personas:
  - {id: boris, name: Борис, role: Закупщик}
departments:
  - {id: sales, name: Продажи}
channels:
  - {id: tg, name: Telegram, kind: messenger}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A folder that is the repository of the maps in it (it holds `.git`)."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    return tmp_path / "repo"


def test_the_shared_items_join_the_map_after_its_own(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE)
    path = write(repo, "map.yaml", MAP)
    run = cjm("validate", path)
    assert run.exit_code == 0, run.stdout
    journey_map = check_file(str(path)).journey_map
    assert journey_map is not None
    assert [p.id for p in journey_map.personas] == ["anna", "boris"]
    assert [d.name for d in journey_map.departments] == ["Продажи"]
    assert [c.id for c in journey_map.channels] == ["tg"]
    assert journey_map.include == []  # the checked map stands on its own


def test_a_problem_inside_a_shared_file_points_into_it(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE.replace("role: Закупщик", "rol: Закупщик"))
    path = write(repo, "map.yaml", MAP)
    run = cjm("validate", path)
    assert run.exit_code == 1
    shared = os.path.join(str(repo), "shared", "people.yaml")
    assert f"{shared}:2:30: error unknown-key unknown key 'rol'" in run.stdout
    assert "did you mean 'role'?" in run.stdout


def test_an_id_in_the_map_and_a_shared_file_names_both_places(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE.replace("id: boris", "id: anna"))
    path = write(repo, "map.yaml", MAP.replace("boris: 0", "anna: 0"))
    run = cjm("validate", path)
    assert run.exit_code == 1
    shared = os.path.join(str(repo), "shared", "people.yaml")
    assert f"{path}:6:10: error duplicate-id persona id 'anna' is also defined in {shared}:2:10" in run.stdout


def test_an_id_in_two_shared_files_names_both_places(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE)
    write(repo, "shared/more.yaml", "channels:\n  - {id: tg, name: Telegram again, kind: messenger}\n")
    path = write(
        repo, "map.yaml", MAP.replace("  - shared/people.yaml\n", "  - shared/people.yaml\n  - shared/more.yaml\n")
    )
    run = cjm("validate", path)
    assert run.exit_code == 1
    people, more = (os.path.join(str(repo), "shared", name) for name in ("people.yaml", "more.yaml"))
    assert f"{people}:6:10: error duplicate-id channel id 'tg' is also defined in {more}:2:10" in run.stdout


def test_a_cycle_is_reported_where_it_closes_naming_where_it_starts(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE + "include: [more.yaml]\n")
    write(repo, "shared/more.yaml", "include:\n  - people.yaml\n")
    path = write(repo, "map.yaml", MAP)
    run = cjm("validate", path)
    assert run.exit_code == 1
    people, more = (os.path.join(str(repo), "shared", name) for name in ("people.yaml", "more.yaml"))
    assert (
        f"{more}:2:5: error include include cycle: 'people.yaml' includes this file, through its include at "
        f"{people}:7:11"
    ) in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_a_shared_file_holds_only_shared_lists(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE + "title: Not here\ninclude: more.yaml\n")
    run = cjm("validate", write(repo, "map.yaml", MAP))
    assert run.exit_code == 1
    shared = os.path.join(str(repo), "shared", "people.yaml")
    assert f"{shared}:7:1: error unknown-key unknown key 'title' in a shared file" in run.stdout
    assert f"{shared}:8:10: error type expected a list of file paths, got the text 'more.yaml'" in run.stdout


def test_a_link_inside_the_repository_is_named_by_the_file_it_points_at(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE + "include: [more.yaml]\n")
    write(repo, "shared/more.yaml", "personas:\n  - {id: vlad, name: Влад, rol: x}\n")
    (repo / "people.yaml").symlink_to(repo / "shared" / "people.yaml")
    run = cjm("validate", write(repo, "map.yaml", MAP.replace("shared/people.yaml", "people.yaml")))
    assert f"{os.path.join(str(repo), 'shared', 'more.yaml')}:2:28: error unknown-key unknown key 'rol'" in run.stdout


def test_a_file_reached_twice_is_read_once(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE)
    write(repo, "shared/a.yaml", "include: [people.yaml]\n")
    write(repo, "shared/b.yaml", "include: [people.yaml]\n")
    text = MAP.replace("  - shared/people.yaml\n", "  - shared/a.yaml\n  - shared/b.yaml\n")
    assert cjm("validate", write(repo, "map.yaml", text)).exit_code == 0


HOSTILE = [
    ("map.yaml", "is this file: a file cannot include itself"),
    ("../../etc/passwd", "a shared file is a .yaml or .yml file"),
    ("../outside.yaml", "it is outside the repository"),
    ("/etc/passwd", "it is an absolute path"),
    ("~/people.yaml", "it is an absolute path"),
    ("C:/people.yaml", "it is an absolute path"),
    ("https://example.com/people.yaml", "it is a URL, and cjm reads nothing from the network"),
    ("file:///etc/hosts.yaml", "it is a URL"),
    ("shared\\people.yaml", "it has a backslash"),
    ("folder.yaml", "is a directory"),
    ("missing.yaml", "no such file"),
    ("link.yaml", "it is outside the repository"),
    ("map-too.yaml", "it is a map (it has `cjm:`), not a shared file"),
]


@pytest.mark.parametrize(("written", "said"), HOSTILE, ids=[w for w, _ in HOSTILE])
def test_a_path_that_cannot_be_included_is_a_problem_at_its_entry(
    repo: Path, cjm: Cjm, written: str, said: str
) -> None:
    write(repo.parent, "outside.yaml", PEOPLE)
    (repo / "folder.yaml").mkdir()
    (repo / "link.yaml").symlink_to(repo.parent / "outside.yaml")
    write(repo, "map-too.yaml", "cjm: 1\ntitle: Another map\n")
    path = write(repo, "map.yaml", f"cjm: 1\ntitle: T\ninclude:\n  - {json.dumps(written)}\n")
    run = cjm("validate", path)
    assert run.exit_code == 1
    assert f"{path}:4:5: error include " in run.stdout
    assert said in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_one_path_without_a_list_is_told_how_to_write_it(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE)
    run = cjm(
        "validate",
        write(repo, "map.yaml", MAP.replace("include:\n  - shared/people.yaml", "include: shared/people.yaml")),
    )
    assert run.exit_code == 1
    assert "map.yaml:3:10: error type expected a list of file paths, got the text 'shared/people.yaml'" in run.stdout
    assert "hint: write `include: [shared/people.yaml]`" in run.stdout
    assert run.stdout.count(" error ") == 1  # said once, not again by the model


def test_a_binary_file_is_reported_inside_it(repo: Path, cjm: Cjm) -> None:
    (repo / "shared").mkdir()
    (repo / "shared" / "people.yaml").write_bytes(bytes(range(256)) * 4)
    run = cjm("validate", write(repo, "map.yaml", MAP))
    assert run.exit_code == 1
    assert (
        os.path.join(str(repo), "shared", "people.yaml") + ":2:118: error encoding file is not valid UTF-8"
        in run.stdout
    )
    assert "Traceback" not in run.stdout + run.stderr


def test_a_long_chain_stops_at_the_depth_limit(repo: Path, cjm: Cjm) -> None:
    for n in range(200):
        write(repo, f"chain/{n}.yaml", f"include: [{n + 1}.yaml]\n")
    path = write(repo, "map.yaml", "cjm: 1\ntitle: T\ninclude: [chain/0.yaml]\n")
    run = cjm("validate", path)
    assert run.exit_code == 1
    assert "includes are nested more than 8 files deep" in run.stdout
    assert run.stdout.count(" error ") == 1


def test_a_map_includes_at_most_64_files(repo: Path, cjm: Cjm) -> None:
    for n in range(70):
        write(repo, f"wide/{n}.yaml", f"departments:\n  - {{id: d{n}, name: D{n}}}\n")
    listed = "".join(f"  - wide/{n}.yaml\n" for n in range(70))
    run = cjm("validate", write(repo, "map.yaml", f"cjm: 1\ntitle: T\ninclude:\n{listed}"))
    assert run.exit_code == 1
    assert f"{repo / 'map.yaml'}:68:5: error include a map may include at most 64 files" in run.stdout


def test_a_folder_of_maps_skips_the_shared_files(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE)
    write(repo, "map.yaml", MAP)
    run = cjm("validate", repo)
    assert run.exit_code == 0, run.stdout
    assert "checked 1 map: 1 valid" in run.stderr


def test_the_repository_is_the_folder_holding_git_else_cjm_yaml_else_the_map_folder(tmp_path: Path, cjm: Cjm) -> None:
    write(tmp_path, "project/shared/people.yaml", PEOPLE)
    path = write(tmp_path, "project/maps/map.yaml", MAP.replace("shared/people.yaml", "../shared/people.yaml"))
    outside = cjm("validate", path)
    assert outside.exit_code == 1
    assert f"outside the repository, {os.path.realpath(path.parent)}" in outside.stdout
    write(tmp_path, "project/.cjm.yaml", "rules: {}\n")
    assert cjm("validate", path).exit_code == 0
    (tmp_path / "project" / "maps" / ".git").mkdir()  # the nearest `.git` wins over `.cjm.yaml`
    assert cjm("validate", path).exit_code == 1


def test_standard_input_includes_from_the_current_folder(repo: Path, cjm: Cjm, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, "shared/people.yaml", PEOPLE)
    monkeypatch.chdir(repo)
    run = cjm("validate", "-", stdin=MAP)
    assert run.exit_code == 0, run.stdout


def test_a_stamp_changes_when_a_shared_file_changes(repo: Path, cjm: Cjm) -> None:
    people = write(repo, "shared/people.yaml", PEOPLE)
    path = write(repo, "map.yaml", MAP)
    out = repo / "out"
    assert cjm("render", path, "-o", out, "-f", "svg,html").exit_code == 0
    stamp = json.loads((out / "map.stamp.json").read_text(encoding="ascii"))
    assert list(stamp["reads"]) == ["shared/people.yaml"]
    again = cjm("render", path, "-o", out, "-f", "svg,html")
    assert "1 map unchanged" in again.stderr
    people.write_text(PEOPLE.replace("Борис", "Борис Петрович"), encoding="utf-8")
    check = cjm("render", path, "-o", out, "-f", "svg,html", "--check")
    assert check.exit_code == 1
    redrawn = cjm("render", path, "-o", out, "-f", "svg,html")
    assert "unchanged" not in redrawn.stderr
    assert "Борис Петрович" in (out / "map.html").read_text(encoding="utf-8")


def test_warnings_in_a_shared_file_are_said_again_from_the_stamp(repo: Path, cjm: Cjm) -> None:
    write(
        repo,
        "shared/people.yaml",
        PEOPLE.replace("{id: boris, name: Борис, role: Закупщик}", "{id: boris, name: Борис, ignore: [no-such-rule]}"),
    )
    path = write(repo, "map.yaml", MAP)
    out = repo / "out"
    first = cjm("render", path, "-o", out, "-f", "svg")
    warning = f"{os.path.join(str(repo), 'shared', 'people.yaml')}:2:39: warning unknown-rule"
    assert warning in first.stdout + first.stderr
    assert (out / "map.stamp.json").is_file()
    again = cjm("render", path, "-o", out, "-f", "svg")
    assert "1 map unchanged" in again.stderr
    assert warning in again.stdout + again.stderr


def test_diff_of_a_revision_reads_its_includes_from_that_revision(
    tmp_path: Path, cjm: Cjm, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = write(tmp_path, "shared/people.yaml", PEOPLE)
    write(tmp_path, "map.yaml", MAP)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first")
    people.write_text(PEOPLE.replace("Борис", "Борис Петрович"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = cjm("diff", "HEAD:map.yaml", "map.yaml")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert 'personas[boris].name: "Борис" -> "Борис Петрович"' in run.stdout


def test_stats_follow_includes(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE)
    run = cjm("stats", write(repo, "map.yaml", MAP), "--format", "json")
    assert run.exit_code == 0, run.stdout
    assert json.loads(run.stdout)["maps"][0]["valid"] is True
    alone = cjm("stats", write(repo, "alone.yaml", MAP.replace("include:\n  - shared/people.yaml\n", "")))
    assert alone.exit_code == 1  # without the shared file, its ids are unknown


# Any persona list, split anywhere between the map and a shared file, gives the same checked map.
_PERSONA = st.fixed_dictionaries(
    {
        "name": st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1, max_size=20)
        .map(str.strip)
        .filter(bool)
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PERSONA, min_size=0, max_size=8), st.data())
def test_splitting_the_personas_with_a_shared_file_gives_the_same_map(
    personas: list[dict[str, str]], data: st.DataObject
) -> None:
    listed = [{"id": f"p{n}", **persona} for n, persona in enumerate(personas)]
    cut = data.draw(st.integers(0, len(listed)))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".git").mkdir()
        whole = root / "whole.yaml"
        whole.write_text(json.dumps({"cjm": 1, "title": "T", "personas": listed}, ensure_ascii=False), encoding="utf-8")
        (root / "shared.yaml").write_text(json.dumps({"personas": listed[cut:]}, ensure_ascii=False), encoding="utf-8")
        split = root / "split.yaml"
        text = json.dumps(
            {"cjm": 1, "title": "T", "include": ["shared.yaml"], "personas": listed[:cut]}, ensure_ascii=False
        )
        split.write_text(text, encoding="utf-8")
        one, other = check_file(str(whole)), check_file(str(split))
    assert one.journey_map == other.journey_map
    assert sorted((p.code, p.message) for p in one.problems) == sorted((p.code, p.message) for p in other.problems)


def test_a_fill_never_writes_into_an_item_of_a_shared_file(repo: Path) -> None:
    shared = write(repo, "shared/people.yaml", PEOPLE)
    path = write(repo, "map.yaml", MAP)
    before = path.read_bytes(), shared.read_bytes()

    def fill(document: Document, journey_map: JourneyMap) -> Merge:
        index = [channel.id for channel in journey_map.channels].index("tg")
        return Merge([Value(("channels", index, "leads"), 420)])

    result = fill_map(str(path), fill, [], "pull")
    assert result.text is None
    assert [(p.path, p.code) for p in result.problems] == [(os.path.join(str(repo), "shared", "people.yaml"), "into")]
    assert (path.read_bytes(), shared.read_bytes()) == before


def test_watch_draws_a_map_again_when_a_shared_file_is_saved(repo: Path) -> None:
    people = write(repo, "shared/people.yaml", PEOPLE)
    path = write(repo, "map.yaml", MAP)
    watcher = Watcher([WatchedMap(str(path), repo / "out")], RenderOptions(formats=("html",)), find_dot())
    assert [event.kind for event in watcher.poll()] == ["rendered"]
    assert settle(watcher) == []
    people.write_text(PEOPLE.replace("role: Закупщик", "rol: Закупщик"), encoding="utf-8")  # broken
    assert settle(watcher) == ["problems"]
    people.write_text(PEOPLE.replace("Борис", "Борис Петрович"), encoding="utf-8")  # mended
    assert settle(watcher) == ["rendered"]
    assert "Борис Петрович" in (repo / "out" / "map.html").read_text(encoding="utf-8")


def settle(watcher: Watcher) -> list[str]:
    """Poll until the watcher has acted on the last save (once it kept still for a poll); a file system whose
    timestamps are coarse is found out by the content's hash, every few polls."""
    kinds: list[str] = []
    for _ in range(RESCAN_POLLS + 2):
        kinds += [event.kind for event in watcher.poll()]
    return kinds


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 5), max_size=4), min_size=6, max_size=6),
    st.lists(st.integers(0, 5), min_size=1, max_size=3),
)
def test_any_include_graph_gives_each_reachable_file_once_and_says_each_cycle(
    edges: list[list[int]], roots: list[int]
) -> None:
    """Six shared files, each with a persona of its own, including each other at random: the map holds the
    persona of every file it reaches, once; a cycle among them is reported, and only then."""
    reached: list[int] = []
    cyclic = False

    def visit(node: int, chain: tuple[int, ...]) -> None:
        nonlocal cyclic
        for target in edges[node]:
            if target in chain:
                cyclic = True
            elif target not in reached:
                reached.append(target)
                visit(target, (*chain, target))

    for root in roots:
        if root not in reached:
            reached.append(root)
            visit(root, (root,))
    with tempfile.TemporaryDirectory() as folder:
        root_folder = Path(folder)
        (root_folder / ".git").mkdir()
        for node, targets in enumerate(edges):
            data = {"personas": [{"id": f"p{node}", "name": f"P{node}"}], "include": [f"{t}.yaml" for t in targets]}
            (root_folder / f"{node}.yaml").write_text(json.dumps(data), encoding="utf-8")
        path = root_folder / "map.yaml"
        path.write_text(json.dumps({"cjm": 1, "title": "T", "include": [f"{r}.yaml" for r in roots]}), encoding="utf-8")
        checked = check_file(str(path))
    assert checked.journey_map is not None
    assert sorted(p.id for p in checked.journey_map.personas) == sorted(f"p{node}" for node in reached)
    cycles = [p for p in checked.problems if p.code == "include"]
    assert bool(cycles) == cyclic
    assert all("include cycle" in p.message or "cannot include itself" in p.message for p in cycles)


def test_an_ideal_twin_includes_the_shared_files_of_its_current_map(repo: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE)
    current = write(repo, "maps/current.yaml", MAP.replace("shared/people.yaml", "../shared/people.yaml"))
    twin = repo / "ideal" / "twin.yaml"
    twin.parent.mkdir()
    assert cjm("init", twin, "--from", current).exit_code == 0
    text = twin.read_text(encoding="utf-8")
    assert "include:\n  - ../shared/people.yaml\n" in text
    assert "Борис" not in text and "Анна" in text  # the shared items are not written again; the map's own are
    checked = check_file(str(twin))
    assert checked.ok and checked.journey_map is not None
    assert [p.id for p in checked.journey_map.personas] == ["anna", "boris"]


def test_a_twin_out_of_reach_of_the_shared_files_gets_their_items_written(repo: Path, tmp_path: Path, cjm: Cjm) -> None:
    write(repo, "shared/people.yaml", PEOPLE)
    current = write(repo, "current.yaml", MAP)
    (tmp_path / "other" / ".git").mkdir(parents=True)  # another repository
    twin = tmp_path / "other" / "twin.yaml"
    assert cjm("init", twin, "--from", current).exit_code == 0
    text = twin.read_text(encoding="utf-8")
    assert "include:" not in text and "Борис" in text
    assert check_file(str(twin)).ok
