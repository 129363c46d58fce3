"""Shell completion: the installed `cjm` command prints and installs its completion script, and answers the
completion protocol its scripts speak (typer's: `_CJM_COMPLETE=complete_bash` with bash's `COMP_WORDS` and
`COMP_CWORD`), completing commands and the values of options that are choices."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The console script of the environment the tests run in, as a user's shell would start it.
CJM = Path(sys.executable).with_name("cjm")


def run(args: list[str], env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("_CJM_", "COMP_"))}
    return subprocess.run(args, env={**clean, **env}, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash is offered for the last word of `words` (the cursor is after it)."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    result = run([str(CJM)], {"_CJM_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def in_bash(command: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `cjm ARGS` from a bash that stays its parent, as from a terminal (`; true` keeps bash from
    replacing itself with cjm), so that the shell is detected as it is for a user."""
    return run(["bash", "-c", f'"$0" {command}; true', str(CJM)], {"SHELL": "/bin/bash", **env}, cwd)


def test_the_console_script_is_installed() -> None:
    assert CJM.is_file(), "install cjm into the test environment (pip install -e .)"


def test_show_completion_prints_a_bash_script_for_cjm(tmp_path: Path) -> None:
    result = in_bash("--show-completion", {"HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "complete -o default -F _cjm_completion cjm" in result.stdout
    assert "_CJM_COMPLETE=complete_bash" in result.stdout
    assert list(tmp_path.iterdir()) == []  # showing installs nothing


def test_install_completion_writes_the_script_and_sources_it_from_bashrc(tmp_path: Path) -> None:
    result = in_bash("--install-completion", {"HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    script = tmp_path / ".bash_completions" / "cjm.sh"
    assert "complete -o default -F _cjm_completion cjm" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")
    assert "bash completion installed" in result.stdout


def test_commands_complete() -> None:
    assert complete("cjm va") == ["validate"]
    assert {"validate", "render", "schema", "import", "export"} <= set(complete("cjm "))


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("cjm validate --format ", ["auto", "text", "json", "github", "sarif", "gitlab"]),
        ("cjm validate -f s", ["sarif"]),
        ("cjm validate -f g", ["github", "gitlab"]),
        ("cjm rules --format m", ["markdown"]),
        ("cjm render -f ", ["svg", "png", "pdf", "html"]),
        ("cjm render -f svg,", ["svg,png", "svg,pdf", "svg,html"]),
        ("cjm render --view j", ["journey"]),
        ("cjm watch --view flow,", ["flow,journey"]),
        ("cjm diff a.yaml b.yaml --render --view f", ["flow"]),
        ("cjm plan m.yaml --status in", ["in-progress"]),
        ("cjm plan m.yaml --by r", ["rice"]),
        ("cjm pull bitrix24 --period last-q", ["last-quarter"]),
        ("cjm --color a", ["auto", "always"]),
        ("cjm diff a.yaml b.yaml -f m", ["markdown"]),
        ("cjm export ", ["mermaid", "json", "csv", "markdown", "issues"]),
        ("cjm export issues --to g", ["gitlab", "github"]),
        ("cjm import g", ["google-ads"]),
        ("cjm init -t b", ["b2c", "b2b", "blueprint"]),
        ("cjm stats -f j", ["json"]),
    ],
)
def test_option_values_that_are_choices_complete(words: str, offered: list[str]) -> None:
    assert complete(words) == offered


def test_options_complete() -> None:
    assert complete("cjm validate --fo") == ["--format"]


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("cjm validate --select stage-no-o", ["stage-no-owner"]),
        ("cjm validate --ignore jour", ["journey"]),
        (
            "cjm validate --ignore stage-no-owner,pain",
            ["stage-no-owner,pain-unaddressed", "stage-no-owner,pain-no-evidence"],
        ),
        ("cjm validate --select pipeline-no-", ["pipeline-no-won", "pipeline-no-lost"]),
        ("cjm rules twin", ["twin", "twin-missing", "twin-stages-differ"]),
        ("cjm rules stage-no-kpi emo", ["emotions", "emotion-dip-no-pain"]),
    ],
)
def test_rule_codes_and_groups_complete(words: str, offered: list[str]) -> None:
    assert complete(words) == offered


def test_every_rule_and_group_is_offered() -> None:
    from cjm_cli.core.rules import GROUPS, RULES

    assert complete("cjm rules ") == ["all", *GROUPS, *(rule.code for rule in RULES)]


def test_a_name_already_in_the_list_is_not_offered_again() -> None:
    offered = complete("cjm validate --select stage-no-owner,stage-no-")
    assert offered == ["stage-no-owner,stage-no-touchpoint", "stage-no-owner,stage-no-kpi"]


def test_the_rules_load_only_to_complete_them() -> None:
    """Completing a rule needs the list of rules; starting `cjm` does not."""
    loaded = "import sys, cjm_cli.cli; print('cjm_cli.core.rules' in sys.modules)"
    assert run([sys.executable, "-c", loaded], {}).stdout == "False\n"


def test_starting_the_command_line_builds_no_model_and_loads_no_renderer() -> None:
    """The choices of every option come from light registries; the library loads when a command runs."""
    heavy = ["cjm_cli.core.model", "cjm_cli.render.outputs", "cjm_cli.reports.problems", "jinja2", "graphviz", "yaml"]
    heavy += ["openpyxl", "cjm_cli.importers.spreadsheet"]  # read only when a workbook is imported
    loaded = f"import sys, cjm_cli.cli; print([name for name in {heavy!r} if name in sys.modules])"
    assert run([sys.executable, "-c", loaded], {}).stdout == "[]\n"
