"""What a release ships and what its users copy: the wheel (typed, licensed, with its addresses), the changelog,
the documented pins, the script that the GitHub Action and the container image run, the Action's glue, and
the image itself where a container engine runs here."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cjm_cli import REPOSITORY, __version__
from conftest import EXAMPLES, ROOT

BIN = Path(sys.executable).parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TAG = f"v{__version__}"
OWNER_AND_NAME = REPOSITORY.removeprefix("https://github.com/")
SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))


# --- the wheel ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel of this checkout, built as a release builds it (the locked backend, nothing downloaded)."""
    folder = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", folder, ROOT],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [built] = folder.glob("*.whl")
    return zipfile.ZipFile(built)


def _metadata(wheel: zipfile.ZipFile) -> Any:
    [name] = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
    return Parser().parsestr(wheel.read(name).decode("utf-8"))


def test_the_wheel_is_typed_for_the_library(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert "cjm_cli/py.typed" in names
    assert "cjm_cli/api.py" in names


def test_the_wheel_carries_the_compiled_catalogue_of_messages(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert "cjm_cli/locale/ru/LC_MESSAGES/cjm.mo" in names
    shipped = wheel.read("cjm_cli/locale/ru/LC_MESSAGES/cjm.mo")
    assert shipped == (ROOT / "src" / "cjm_cli" / "locale" / "ru" / "LC_MESSAGES" / "cjm.mo").read_bytes()


def test_the_wheel_carries_the_license_and_says_mit(wheel: zipfile.ZipFile) -> None:
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in wheel.namelist())
    metadata = _metadata(wheel)
    assert metadata["License-Expression"] == "MIT"
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in license_text


def test_the_wheel_is_cjm_cli_installing_the_cjm_command(wheel: zipfile.ZipFile) -> None:
    metadata = _metadata(wheel)
    assert (metadata["Name"], metadata["Version"]) == ("cjm-cli", __version__)
    [entry_points] = [name for name in wheel.namelist() if name.endswith(".dist-info/entry_points.txt")]
    assert "cjm = cjm_cli.cli:main" in wheel.read(entry_points).decode("utf-8")
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL"))
    assert urls["Repository"] == REPOSITORY
    assert {"Homepage", "Documentation", "Issues", "Changelog"} <= urls.keys()
    assert all(url.startswith(REPOSITORY) for url in urls.values())


def test_the_wheel_holds_the_templates_the_report_template_and_no_tests(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert "cjm_cli/starters/b2c.ru.yaml" in names
    assert any(name.startswith("cjm_cli/render/templates/") for name in names)
    assert not any(name.startswith("tests/") for name in names)


# --- the changelog and the documented pins -----------------------------------------------------------------


def test_the_changelog_has_the_version_in_keep_a_changelog_form() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.MULTILINE)
    assert f"[{__version__}]: {REPOSITORY}/releases/tag/{TAG}" in changelog
    for heading in re.findall(r"^### (.+)$", changelog, re.MULTILINE):
        assert heading in {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


# Where users copy pins from (docs/release.md writes vX.Y.Z, the placeholder of its steps).
DOCUMENTS = ["README.md", *(f"docs/{p.name}" for p in sorted((ROOT / "docs").glob("*.md")) if p.name != "release.md")]


def test_every_documented_pin_names_this_version_and_this_repository() -> None:
    pins: list[tuple[str, str]] = []
    for document in DOCUMENTS:
        text = (ROOT / document).read_text(encoding="utf-8")
        assert "OWNER/cjm" not in text, f"{document}: a placeholder instead of {REPOSITORY}"
        pins += [(document, rev) for rev in re.findall(r"^\s*rev: (\S+)", text, re.MULTILINE)]
        pins += [(document, tag) for tag in re.findall(rf"uses: {re.escape(OWNER_AND_NAME)}@([\w.-]+)", text)]
        pins += [(document, tag) for tag in re.findall(rf"{re.escape(REPOSITORY)}(?:\.git)?[@#](v[^\s\"']+)", text)]
    assert len(pins) >= 6
    assert [pin for pin in pins if pin[1] != TAG] == [], f"docs/release.md, step 3: pin {TAG}"


def test_the_release_steps_name_what_exists() -> None:
    steps = (ROOT / "docs" / "release.md").read_text(encoding="utf-8")
    for script in re.findall(r"\./scripts/[\w.-]+", steps):
        assert (ROOT / script).is_file(), script
    assert "git tag -a vX.Y.Z" in steps
    assert "src/cjm_cli/__init__.py" in steps and "CHANGELOG.md" in steps
    assert re.search(r'^__version__ = "[^"]+"$', (ROOT / "src/cjm_cli/__init__.py").read_text("utf-8"), re.MULTILINE)


# --- scripts/check-maps.sh: what the Action and the image run ----------------------------------------------

CHECK = ROOT / "scripts" / "check-maps.sh"
SMALL = "cjm: 1\ntitle: Shop\nlang: ru\njourney:\n  stages:\n    - {id: buy, name: Покупка, actions: [Оплата]}\n"


def check_maps(folder: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """The script run from a repository's root, with the `cjm` of this environment, as the Action runs it."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CJM_")}
    env.update({"PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "NO_COLOR": "1", **settings})
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(["bash", str(CHECK)], cwd=folder, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository with a good map, a broken one, and YAML that is no map."""
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "shop.yaml").write_text(SMALL, encoding="utf-8")
    shutil.copy(EXAMPLES / "invalid" / "typo-keys.yaml", tmp_path / "maps" / "broken.yaml")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    return tmp_path


def test_the_check_reports_the_broken_map_as_sarif_and_draws_the_good_one(repository: Path) -> None:
    done = check_maps(repository, CJM_MAPS="maps/", CJM_OUTPUT="out", CJM_FORMATS="svg,html")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "maps/broken.yaml:3:1: error unknown-key unknown key 'titel'" in done.stdout
    sarif = json.loads((repository / "cjm.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    located = {
        (
            result["ruleId"],
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for result in sarif["runs"][0]["results"]
    }
    assert ("unknown-key", "maps/broken.yaml", 3) in located
    assert sorted(path.name for path in (repository / "out").iterdir()) == [
        "shop.html",
        "shop.journey.svg",
        "shop.stamp.json",
    ]
    assert "Покупка" in (repository / "out" / "shop.journey.svg").read_text(encoding="utf-8")


def test_the_check_passes_valid_maps(repository: Path) -> None:
    (repository / "maps" / "broken.yaml").unlink()
    done = check_maps(repository, CJM_MAPS="maps/shop.yaml", CJM_FORMATS="svg")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repository / "cjm-out" / "shop.journey.svg").is_file()
    results = json.loads((repository / "cjm.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert {result["level"] for result in results} == {"warning"}, "warnings are uploaded, and do not fail"


def test_strict_fails_on_warnings_and_an_empty_output_draws_nothing(repository: Path) -> None:
    (repository / "maps" / "broken.yaml").unlink()
    assert check_maps(repository, CJM_MAPS="maps/", CJM_OUTPUT="").returncode == 0
    done = check_maps(repository, CJM_MAPS="maps/", CJM_OUTPUT="", CJM_STRICT="true")
    assert done.returncode == 1
    assert "warning stage-no-owner" in done.stdout
    assert not (repository / "cjm-out").exists()


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"CJM_STRICT": "yes"}, "CJM_STRICT is true or false, not 'yes'"),
        ({"CJM_MAPS": ".github"}, "no map files found in .github"),
        ({"CJM_MAPS": "maps/", "CJM_FORMATS": "gif"}, "--format: unknown gif"),
    ],
)
def test_a_wrong_setting_is_a_usage_error(repository: Path, settings: dict[str, str], said: str) -> None:
    done = check_maps(repository, **settings)
    assert done.returncode == 2
    assert said in done.stderr


# --- action.yml --------------------------------------------------------------------------------------------

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_the_action_is_composite_and_runs_the_scripts() -> None:
    assert ACTION["runs"]["using"] == "composite"
    runs = "\n".join(step.get("run", "") for step in ACTION["runs"]["steps"])
    assert '"$GITHUB_ACTION_PATH/scripts/install-cjm.sh"' in runs
    assert '"$GITHUB_ACTION_PATH/scripts/check-maps.sh"' in runs
    assert "apt-get install" in runs and "graphviz" in runs and "fonts-dejavu-core" in runs
    [upload] = [step for step in ACTION["runs"]["steps"] if step.get("uses", "").startswith("github/codeql-action/")]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif }}"


def test_the_action_passes_inputs_through_the_environment_only() -> None:
    """No `${{ }}` inside a script: an input is data, never shell code."""
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")
    for name, spec in ACTION["inputs"].items():
        assert spec["description"] and "default" in spec, name


def _step(name: str) -> dict[str, Any]:
    return next(step for step in ACTION["runs"]["steps"] if step.get("name") == name)


def _resolved(env: dict[str, str], inputs: dict[str, str], outputs: dict[str, str] | None = None) -> dict[str, str]:
    def value(match: re.Match[str]) -> str:
        kind, name = match[1], match[2]
        return inputs[name] if kind == "inputs" else (outputs or {})[name]

    return {
        key: re.sub(r"\$\{\{ (inputs|steps\.check\.outputs)\.([\w-]+) \}\}", value, text) for key, text in env.items()
    }


def test_the_actions_check_and_verdict_steps_run_as_github_runs_them(repository: Path, tmp_path: Path) -> None:
    """The two steps after the installs, run by bash with the inputs of the README's job."""
    inputs = {name: str(spec["default"]) for name, spec in ACTION["inputs"].items()}
    inputs.update({"maps": "maps/", "output": "out/", "formats": "svg"})
    github_output = tmp_path / "github-output"
    base = {
        **{key: value for key, value in os.environ.items() if not key.startswith("CJM_")},
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_OUTPUT": str(github_output),
        "NO_COLOR": "1",
    }
    check = _step("Check and render the maps")
    env = {**base, **_resolved(check["env"], inputs)}
    ran = subprocess.run(["bash", "-e", "-c", check["run"]], cwd=repository, env=env, capture_output=True, text=True)
    assert ran.returncode == 0, "the check step records the verdict and goes on to the upload"
    outputs = dict(line.split("=", 1) for line in github_output.read_text(encoding="utf-8").splitlines())
    assert outputs == {"status": "1"}
    assert (repository / "cjm.sarif").is_file() and (repository / "out" / "shop.journey.svg").is_file()
    verdict = _step("Fail when a map has problems")
    env = {**base, **_resolved(verdict["env"], inputs, outputs)}
    assert subprocess.run(["bash", "-e", "-c", verdict["run"]], env=env).returncode == 1


def test_the_readme_job_uses_this_action_with_its_inputs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if f"uses: {OWNER_AND_NAME}@" in b]
    [job] = yaml.safe_load(block)["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    [step] = [step for step in job["steps"] if step.get("uses", "").startswith(f"{OWNER_AND_NAME}@")]
    assert step["uses"] == f"{OWNER_AND_NAME}@{TAG}"
    assert set(step["with"]) <= set(ACTION["inputs"])
    [upload] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == step["with"]["output"]
    for name in ACTION["inputs"]:
        assert f"`{name}`" in readme, f"the README names the Action's input {name}"


# --- the container image -----------------------------------------------------------------------------------

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_the_image_is_debian_slim_with_graphviz_fonts_and_cjm_from_the_run_lock() -> None:
    assert re.search(r"^FROM debian:\S+-slim$", DOCKERFILE, re.MULTILINE)
    assert re.search(r"apt-get install .*python3-venv graphviz fonts-dejavu-core", DOCKERFILE)
    assert "requirements-run.lock" in DOCKERFILE and "scripts/install-cjm.sh" in DOCKERFILE
    assert "check-maps.sh /usr/local/bin/cjm-check-maps" in DOCKERFILE
    assert 'ENTRYPOINT ["cjm"]' in DOCKERFILE
    install = (ROOT / "scripts" / "install-cjm.sh").read_text(encoding="utf-8")
    assert "--require-hashes" in install and "requirements-run.lock" in install
    copied = re.findall(r"^COPY (.+) \S+$", DOCKERFILE, re.MULTILINE)
    allowed = (ROOT / ".dockerignore").read_text(encoding="utf-8")
    for source in " ".join(copied).split():
        assert (ROOT / source).exists(), source
        assert f"!{source}" in allowed or f"!{source}/" in allowed, f".dockerignore keeps {source} out"


def _container_engine() -> str | None:
    for engine in ("docker", "podman"):
        if shutil.which(engine) and subprocess.run([engine, "info"], capture_output=True, timeout=60).returncode == 0:
            return engine
    return None


def test_the_image_builds_and_checks_maps(tmp_path: Path) -> None:
    engine = _container_engine()
    if engine is None:
        pytest.skip("no container engine runs here (docker/podman info fails): the image is checked above only")
    tag = f"cjm-test:{__version__}"
    built = subprocess.run([engine, "build", "-t", tag, ROOT], capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "shop.yaml").write_text(SMALL, encoding="utf-8")
    user = f"{os.getuid()}:{os.getgid()}"
    mount = ["--rm", "-u", user, "-v", f"{tmp_path}:/maps"]
    assert subprocess.run([engine, "run", *mount, tag, "--version"], capture_output=True, text=True).stdout.strip() == (
        f"cjm {__version__}"
    )
    done = subprocess.run(
        [engine, "run", *mount, "-e", "CJM_MAPS=maps/", "--entrypoint", "cjm-check-maps", tag],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "cjm-out" / "shop.journey.png").is_file()


def _check_jsonschema(builtin: str, path: Path) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "check-jsonschema"), "--builtin-schema", builtin, str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_action_and_the_documented_workflows_are_what_github_accepts(tmp_path: Path) -> None:
    """Against the schemas of GitHub's files that check-jsonschema carries (no network)."""
    done = _check_jsonschema("vendor.github-actions", ROOT / "action.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    checked = 0
    for document in ["README.md", "docs/workflow.md", "docs/ci.md", "docs/live-data.md"]:
        text = (ROOT / document).read_text(encoding="utf-8")
        for number, block in enumerate(re.findall(r"```yaml\n(# \.github/workflows/.*?)```", text, re.DOTALL)):
            workflow = tmp_path / f"{Path(document).stem}-{number}.yml"
            workflow.write_text(block, encoding="utf-8")
            done = _check_jsonschema("vendor.github-workflows", workflow)
            assert done.returncode == 0, f"{document}: {done.stdout}{done.stderr}"
            checked += 1
    assert checked >= 4
