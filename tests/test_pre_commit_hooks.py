"""The hooks in .pre-commit-hooks.yaml, run the way pre-commit runs them: `entry` split like a shell command,
then `args`, then the changed files when `pass_filenames` is on; skipped when no changed file matches
`files`. The `cjm` installed beside the running Python stands for the one pre-commit installs."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, ROOT

HOOKS: dict[str, dict[str, Any]] = {
    hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
}
BIN = Path(sys.executable).parent

NOT_A_MAP = "name: ci\non: [push]\njobs: {}\n"
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


class HookRun:
    def __init__(self, ran: bool, exit_code: int = 0, output: str = "") -> None:
        self.ran = ran
        self.exit_code = exit_code
        self.output = output


def run_hook(hook_id: str, folder: Path, changed: list[str]) -> HookRun:
    """Run a hook in `folder` (the repository's root) as pre-commit would for a commit of `changed` files."""
    hook = HOOKS[hook_id]
    matching = [name for name in changed if re.search(hook.get("files", ""), name)]
    if not matching:
        return HookRun(ran=False)
    command = shlex.split(hook["entry"]) + hook.get("args", []) + (matching if hook.get("pass_filenames", True) else [])
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300, check=False)
    return HookRun(ran=True, exit_code=done.returncode, output=done.stdout + done.stderr)


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return name


def good_map(folder: Path, name: str = "maps/shop.yaml") -> str:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "b2c-running-shoes.yaml", folder / name)
    return name


def test_the_hooks_are_defined_for_pre_commit() -> None:
    assert list(HOOKS) == ["cjm-validate", "cjm-render-check"]
    for hook in HOOKS.values():
        assert hook["language"] == "python"
        assert hook["entry"].startswith("cjm ")
        assert {"id", "name", "entry", "language"} <= hook.keys()
    assert HOOKS["cjm-render-check"]["entry"] == "cjm render --check"


# --- cjm-validate ------------------------------------------------------------------------------------------


def test_validate_passes_good_maps_beside_other_yaml(tmp_path: Path) -> None:
    changed = [
        good_map(tmp_path),
        write(tmp_path, ".pre-commit-config.yaml", "repos: []\n"),
        write(tmp_path, "ci/build.yml", NOT_A_MAP),
        write(tmp_path, ".github/workflows/maps.yml", NOT_A_MAP),
    ]
    run = run_hook("cjm-validate", tmp_path, changed)
    assert run.ran
    assert run.exit_code == 0, run.output
    assert "maps/shop.yaml: valid" in run.output
    assert "build.yml" not in run.output and "pre-commit-config" not in run.output


def test_validate_fails_on_a_broken_map_with_its_line_and_column(tmp_path: Path) -> None:
    good_map(tmp_path)
    shutil.copy(EXAMPLES / "invalid" / "typo-keys.yaml", tmp_path / "maps" / "broken.yaml")
    run = run_hook("cjm-validate", tmp_path, ["maps/broken.yaml"])
    assert run.exit_code == 1
    assert "maps/broken.yaml:3:1: error unknown-key unknown key 'titel'" in run.output
    assert "checked 2 maps: 1 valid" in run.output


def test_validate_reports_warnings_without_failing(tmp_path: Path) -> None:
    write(tmp_path, "maps/shop.yaml", "cjm: 1\ntitle: Shop\njourney:\n  stages:\n    - {id: buy, name: Buy}\n")
    run = run_hook("cjm-validate", tmp_path, ["maps/shop.yaml"])
    assert run.exit_code == 0, run.output
    assert "warning stage-no-owner" in run.output


def test_validate_is_skipped_when_no_yaml_file_changed(tmp_path: Path) -> None:
    good_map(tmp_path)
    assert not run_hook("cjm-validate", tmp_path, ["README.md", "out/shop.html"]).ran


# --- cjm-render-check --------------------------------------------------------------------------------------


def render(folder: Path) -> None:
    done = subprocess.run([BIN / "cjm", "render", "."], cwd=folder, capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    """A repository with a map and its renders beside it, as `cjm render .` left them."""
    write(tmp_path, "maps/shop.yaml", SMALL_MAP)
    write(tmp_path, "ci.yml", NOT_A_MAP)
    render(tmp_path)
    return tmp_path


def test_render_check_passes_fresh_renders(rendered: Path) -> None:
    run = run_hook("cjm-render-check", rendered, ["maps/shop.yaml"])
    assert run.exit_code == 0, run.output


def test_render_check_fails_on_a_map_changed_since_its_render(rendered: Path) -> None:
    shop = rendered / "maps" / "shop.yaml"
    before = {path.name: path.read_bytes() for path in shop.parent.iterdir()}
    shop.write_text(shop.read_text(encoding="utf-8").replace("name: Buy", "name: Pay"), encoding="utf-8")
    run = run_hook("cjm-render-check", rendered, ["maps/shop.yaml"])
    assert run.exit_code == 1
    assert re.search(r"stale .*maps/shop\.journey\.svg", run.output), run.output
    assert re.search(r"stale .*maps/shop\.html", run.output), run.output
    after = {path.name: path.read_bytes() for path in shop.parent.iterdir()}
    assert {name: data for name, data in after.items() if name != "shop.yaml"} == {
        name: data for name, data in before.items() if name != "shop.yaml"
    }, "--check writes nothing"


def test_render_check_fails_on_a_missing_render(rendered: Path) -> None:
    (rendered / "maps" / "shop.html").unlink()
    run = run_hook("cjm-render-check", rendered, ["maps/shop.html"])
    assert run.exit_code == 1
    assert re.search(r"missing .*maps/shop\.html", run.output), run.output


def test_render_check_is_skipped_when_nothing_it_watches_changed(tmp_path: Path) -> None:
    write(tmp_path, "maps/shop.yaml", SMALL_MAP)
    assert not run_hook("cjm-render-check", tmp_path, ["README.md", "scripts/build.sh"]).ran


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


def test_the_pre_commit_config_names_the_hooks_and_a_revision() -> None:
    [repo] = snippet("# .pre-commit-config.yaml")["repos"]
    assert repo["rev"] and repo["repo"].startswith("https://")
    assert [hook["id"] for hook in repo["hooks"]] == list(HOOKS)


@pytest.mark.parametrize("document", DOCS_WITH_JOBS)
def test_the_github_actions_job_validates_renders_and_uploads_the_report(document: str) -> None:
    workflow = snippet("# .github/workflows/maps.yml", document)
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
