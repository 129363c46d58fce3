"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit on commits in a throwaway git repository.

Each hook is used as the manifest defines it (entry, file types, serial, the user's args), as a `repo: local`
hook of `language: system` that finds the `cjm` installed beside the running Python: pre-commit's own install
of a `language: python` hook repository (pip fetching cjm and its dependencies) needs the network, which tests
do not use. What pre-commit hands the hooks, and what they make of it, is real."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from cjm_cli import REPOSITORY, __version__
from conftest import EXAMPLES, GIT_ENV, ROOT, git

HOOKS: dict[str, dict[str, Any]] = {
    hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
}
BIN = Path(sys.executable).parent

NOT_A_MAP = "name: ci\non: [push]\njobs: {}\n"
COMPOSE = "services:\n  web:\n    image: nginx\n    title: not a map either\n"
# Small, so that Graphviz is quick: the render hook is about which files are fresh, not about the pictures.
SMALL_MAP = """\
cjm: 1
title: Shop
personas: [{id: anna, name: Anna}]
journey:
  stages:
    - {id: choose, name: Choose, emotions: {anna: 1}}
    - {id: buy, name: Buy, emotions: {anna: 2}}
"""


class Repository:
    """A git repository with pre-commit installed as its pre-commit hook, running the manifest's hooks."""

    def __init__(self, folder: Path, hooks: dict[str, list[str]]) -> None:
        self.folder = folder
        self.env = {
            **GIT_ENV,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PRE_COMMIT_HOME": str(folder.parent / "pre-commit-home"),
            "NO_COLOR": "1",
        }
        self.env.pop("GITHUB_ACTIONS", None)
        local = [{**HOOKS[hook_id], "language": "system", "args": args} for hook_id, args in hooks.items()]
        config = {"repos": [{"repo": "local", "hooks": local}]}
        git(folder, "init", "-q", "-b", "main")
        self.write(".pre-commit-config.yaml", yaml.safe_dump(config, sort_keys=False))
        self.run("pre-commit", "install")
        self.commit(".pre-commit-config.yaml")

    def write(self, name: str, text: str) -> str:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return name

    def copy(self, source: Path, name: str) -> str:
        (self.folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, self.folder / name)
        return name

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / command[0]) if (BIN / command[0]).exists() else command[0], *command[1:]],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def commit(self, *names: str) -> subprocess.CompletedProcess[str]:
        """Stage `names` and commit them; pre-commit runs its hooks on what is staged."""
        if names:
            self.run("git", "add", "--", *names).check_returncode()
        return self.run("git", "commit", "-q", "-m", "change")

    def committed(self) -> int:
        return int(self.run("git", "rev-list", "--count", "HEAD").stdout)


def said(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr


@pytest.fixture
def validating(tmp_path: Path) -> Repository:
    (tmp_path / "repo").mkdir()
    return Repository(tmp_path / "repo", {"cjm-validate": []})


def test_the_hooks_are_defined_for_pre_commit() -> None:
    assert list(HOOKS) == ["cjm-validate", "cjm-render-check"]
    for hook in HOOKS.values():
        assert hook["language"] == "python"
        assert hook["entry"].startswith("cjm ") and "--only-maps" in hook["entry"]
        assert hook["types"] == ["yaml"]
        assert hook.get("pass_filenames", True), "the hooks check the files pre-commit passes"
        assert {"id", "name", "entry", "language", "description"} <= hook.keys()
    assert HOOKS["cjm-render-check"]["entry"].startswith("cjm render --check")


def test_the_manifest_is_valid_for_pre_commit() -> None:
    done = subprocess.run(
        [str(BIN / "pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, said(done)


# --- cjm-validate ------------------------------------------------------------------------------------------


def test_a_good_map_commits_beside_other_yaml_and_an_untracked_broken_map(validating: Repository) -> None:
    validating.copy(EXAMPLES / "invalid" / "typo-keys.yaml", "maps/draft.yaml")  # untracked, half-written
    staged = [
        validating.copy(EXAMPLES / "b2c-running-shoes.yaml", "maps/shop.yaml"),
        validating.write(".github/workflows/maps.yml", NOT_A_MAP),
        validating.write("docker-compose.yml", COMPOSE),
    ]
    done = validating.commit(*staged)
    assert done.returncode == 0, said(done)
    assert re.search(r"cjm validate\.+Passed", said(done))
    assert validating.committed() == 2


def test_a_broken_map_stops_the_commit_with_its_line_and_column(validating: Repository) -> None:
    validating.copy(EXAMPLES / "b2c-running-shoes.yaml", "maps/shop.yaml")
    broken = validating.copy(EXAMPLES / "invalid" / "typo-keys.yaml", "maps/broken.yaml")
    done = validating.commit(broken)
    assert done.returncode != 0
    assert re.search(r"cjm validate\.+Failed", said(done))
    assert "maps/broken.yaml:3:1: error unknown-key unknown key 'titel'" in said(done)
    assert "checked 1 map: 0 valid" in said(done), "only the staged map is checked"
    assert validating.committed() == 1


def test_what_is_staged_is_checked_not_the_unstaged_edit(validating: Repository) -> None:
    shop = validating.copy(EXAMPLES / "b2c-running-shoes.yaml", "maps/shop.yaml")
    validating.run("git", "add", shop).check_returncode()
    validating.write(shop, "cjm: 1\ntitel: half-written\n")  # not staged
    done = validating.commit()
    assert done.returncode == 0, said(done)
    assert (validating.folder / shop).read_text(encoding="utf-8") == "cjm: 1\ntitel: half-written\n"


def test_yaml_that_is_no_map_is_skipped_quietly(validating: Repository) -> None:
    staged = [validating.write("ci/build.yml", NOT_A_MAP), validating.write("docker-compose.yml", COMPOSE)]
    done = validating.run("pre-commit", "run", "--verbose", "--files", *staged)
    assert done.returncode == 0, said(done)
    assert "cjm validate" in said(done) and "Passed" in said(done)
    assert "checked" not in said(done) and "error" not in said(done)


def test_a_map_pointing_at_the_schema_without_its_cjm_key_is_checked(validating: Repository) -> None:
    header = "# yaml-language-server: $schema=../cjm.schema.json\n"
    started = validating.write("maps/new.yaml", header + "title: Shop\n")
    done = validating.commit(started)
    assert done.returncode != 0
    assert "maps/new.yaml:2:1: error missing-key missing required key 'cjm'" in said(done)


def test_warnings_are_shown_without_failing(validating: Repository) -> None:
    shop = validating.write("maps/shop.yaml", "cjm: 1\ntitle: Shop\njourney:\n  stages:\n    - {id: buy, name: Buy}\n")
    done = validating.run("pre-commit", "run", "--verbose", "--files", shop)
    assert done.returncode == 0, said(done)
    assert "warning stage-no-owner" in said(done)


def test_all_files_checks_every_tracked_map(validating: Repository) -> None:
    validating.copy(EXAMPLES / "b2c-running-shoes.yaml", "maps/a.yaml")
    validating.copy(EXAMPLES / "sales-system.yaml", "maps/b.yaml")
    validating.commit("maps")
    done = validating.run("pre-commit", "run", "--all-files", "--verbose")
    assert done.returncode == 0, said(done)
    assert "checked 2 maps: 2 valid" in said(done)


# --- cjm-render-check --------------------------------------------------------------------------------------


@pytest.fixture
def rendering(tmp_path: Path) -> Repository:
    """A repository whose map and renders beside it were committed as `cjm render maps/ -f svg,html` left them."""
    (tmp_path / "repo").mkdir()
    repository = Repository(tmp_path / "repo", {"cjm-render-check": ["-f", "svg,html"]})
    repository.write("maps/shop.yaml", SMALL_MAP)
    drawn = repository.run("cjm", "render", "maps/", "-f", "svg,html")
    assert drawn.returncode == 0, said(drawn)
    done = repository.commit("maps")
    assert done.returncode == 0, said(done)
    return repository


def test_fresh_renders_commit(rendering: Repository) -> None:
    assert rendering.committed() == 2
    assert re.search(r"cjm render --check\.+Passed", said(rendering.run("pre-commit", "run", "--all-files")))


def test_a_map_changed_without_its_renders_stops_the_commit(rendering: Repository) -> None:
    shop = rendering.folder / "maps" / "shop.yaml"
    shop.write_text(SMALL_MAP.replace("name: Buy", "name: Pay"), encoding="utf-8")
    before = {path.name: path.read_bytes() for path in shop.parent.iterdir() if path != shop}
    done = rendering.commit("maps/shop.yaml")
    assert done.returncode != 0
    assert re.search(r"stale .*maps/shop\.journey\.svg", said(done)), said(done)
    assert re.search(r"stale .*maps/shop\.html", said(done)), said(done)
    assert {path.name: path.read_bytes() for path in shop.parent.iterdir() if path != shop} == before, "--check writes"
    rendering.run("cjm", "render", "maps/", "-f", "svg,html").check_returncode()
    assert rendering.commit("maps").returncode == 0


def test_a_missing_render_stops_the_commit_of_its_map(rendering: Repository) -> None:
    (rendering.folder / "maps" / "shop.html").unlink()
    shop = rendering.folder / "maps" / "shop.yaml"
    shop.write_text(SMALL_MAP + "# reviewed\n", encoding="utf-8")
    done = rendering.commit("maps")
    assert done.returncode != 0
    assert re.search(r"missing .*maps/shop\.html", said(done)), said(done)


def test_a_commit_without_maps_needs_no_graphviz(rendering: Repository, tmp_path: Path) -> None:
    """Only YAML that is no map staged: the hook ends before looking for `dot` (pre-commit.ci has none)."""
    only_git = tmp_path / "bin"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    rendering.env["PATH"] = f"{BIN}{os.pathsep}{only_git}"
    assert shutil.which("dot", path=rendering.env["PATH"]) is None
    done = rendering.run("pre-commit", "run", "--files", rendering.write("ci.yml", NOT_A_MAP))
    assert done.returncode == 0, said(done)
    assert re.search(r"cjm render --check\.+Passed", said(done))
    done = rendering.run("pre-commit", "run", "--files", "maps/shop.yaml")
    assert done.returncode == 0, "a map whose renders' stamps hold is up to date without dot"
    rendering.write("maps/shop.yaml", SMALL_MAP.replace("name: Buy", "name: Pay"))
    done = rendering.run("pre-commit", "run", "--files", "maps/shop.yaml")
    assert done.returncode != 0
    assert "Graphviz" in said(done), "a changed map, though, is drawn to be compared, and that needs dot"


# --- the snippets of docs/workflow.md and README.md ---------------------------------------------------------

# The README shows the CI jobs too (shorter, without GitLab Pages): both copies are checked.
DOCS_WITH_JOBS = ["docs/workflow.md", "README.md"]


def snippet(first_line: str, document: str = "docs/workflow.md") -> Any:
    """The YAML code block of `document` that starts with `first_line`, parsed."""
    text = (ROOT / document).read_text(encoding="utf-8")
    blocks = [
        block for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL) if block.startswith(first_line)
    ]
    assert len(blocks) == 1, f"one block starting with {first_line!r}"
    return yaml.safe_load(blocks[0])


def installs_graphviz_and_fonts(commands: list[str]) -> bool:
    return any("apt-get install" in line and "graphviz" in line and "fonts-dejavu-core" in line for line in commands)


@pytest.mark.parametrize("document", DOCS_WITH_JOBS)
def test_the_pre_commit_config_names_the_hooks_and_the_release_tag(document: str) -> None:
    [repo] = snippet("# .pre-commit-config.yaml", document)["repos"]
    assert repo["repo"] == REPOSITORY
    assert repo["rev"] == f"v{__version__}", "docs/release.md: the tag of the version in cjm_cli/__init__.py"
    assert [hook["id"] for hook in repo["hooks"]] == list(HOOKS)


def test_the_documented_config_runs_with_the_hooks_of_this_checkout(tmp_path: Path) -> None:
    """The README's config with its repository replaced by this checkout, its hooks as `language: system`."""
    [repo] = snippet("# .pre-commit-config.yaml", "README.md")["repos"]
    (tmp_path / "repo").mkdir()
    repository = Repository(tmp_path / "repo", {hook["id"]: hook.get("args", []) for hook in repo["hooks"]})
    repository.write("maps/shop.yaml", SMALL_MAP)
    repository.run("cjm", "render", "maps/", *hook_args(repo, "cjm-render-check")).check_returncode()
    done = repository.commit("maps")
    assert done.returncode == 0, said(done)
    assert re.search(r"cjm validate\.+Passed", said(done)) and re.search(r"cjm render --check\.+Passed", said(done))


def hook_args(repo: dict[str, Any], hook_id: str) -> list[str]:
    return list(next(hook for hook in repo["hooks"] if hook["id"] == hook_id).get("args", []))


def test_the_github_actions_job_validates_renders_and_uploads_the_report() -> None:
    """docs/workflow.md's job without the Action (the README's uses it: tests/test_release.py)."""
    workflow = snippet("# .github/workflows/maps.yml")
    assert workflow[True] == ["push", "pull_request"]  # `on:` is a boolean key to YAML 1.1
    [job] = workflow["jobs"].values()
    runs = [line for step in job["steps"] for line in step.get("run", "").splitlines()]
    assert installs_graphviz_and_fonts(runs)
    assert any(line.startswith("cjm validate maps/") for line in runs)
    assert any(line.startswith("cjm render maps/ -o out/") for line in runs)
    [upload] = [step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "out/"


@pytest.mark.parametrize("document", DOCS_WITH_JOBS)
def test_the_gitlab_jobs_validate_render_and_publish_the_report(document: str) -> None:
    pipeline = snippet("# .gitlab-ci.yml", document)
    maps = pipeline["maps"]
    assert installs_graphviz_and_fonts(maps["before_script"])
    assert any(line.startswith("cjm validate maps/") for line in maps["script"])
    assert any(line.startswith("cjm render maps/ -o out/") for line in maps["script"])
    assert maps["artifacts"]["paths"] == ["out/"]
    assert maps["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    if document == "docs/workflow.md":
        pages = pipeline["pages"]
        assert installs_graphviz_and_fonts(pages["before_script"])
        assert any(line.startswith("cjm render maps/ -o public/") for line in pages["script"])
        assert pages["artifacts"]["paths"] == ["public"]
