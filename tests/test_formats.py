"""Every format and kind is named once, in a registry the command line reads, and each has its implementation."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from cjm_cli import exporters, importers
from cjm_cli.api import check_file
from cjm_cli.cli.options import comma_list
from cjm_cli.core.choices import Choice, names
from cjm_cli.exporters.run import WRITERS as EXPORT_WRITERS
from cjm_cli.importers.run import KINDS as IMPORT_READERS
from cjm_cli.reports import diff, formats, gap, plan, problems, rules, stats, terminal
from conftest import Run


@pytest.mark.parametrize(
    ("registry", "implemented"),
    [
        (formats.PROBLEMS, {formats.AUTO, *problems.WRITERS}),
        (formats.DIFFS, set(diff.WRITERS)),
        (formats.RULE_LISTS, set(rules.WRITERS)),
        (formats.STATS, set(stats.WRITERS)),
        (formats.PLANS, set(plan.WRITERS)),
        (formats.GAPS, set(gap.WRITERS)),
        (names(exporters.EXPORT_KINDS), set(EXPORT_WRITERS)),
        (names(importers.IMPORT_KINDS), set(IMPORT_READERS)),
    ],
    ids=["problems", "diff", "rules", "stats", "plan", "gap", "export", "import"],
)
def test_every_format_in_a_registry_has_its_implementation(registry: tuple[str, ...], implemented: set[str]) -> None:
    assert set(registry) == implemented
    assert len(set(registry)) == len(registry)


def test_exports_of_the_grid_only_are_export_kinds() -> None:
    assert set(exporters.KINDS) >= exporters.GRID_ONLY


@pytest.mark.parametrize(
    ("command", "listed"),
    [
        (["validate", "--help"], formats.PROBLEM_FORMATS),
        (["export", "--help"], exporters.EXPORT_KINDS),
        (["import", "--help"], importers.IMPORT_KINDS),
    ],
)
def test_help_describes_each_choice_from_its_registry(
    cjm: Callable[..., Run], command: list[str], listed: tuple[Choice, ...]
) -> None:
    help_text = " ".join(cjm(*command).stdout.split())
    for choice in listed:
        assert f"{choice.name}: {choice.help}" in help_text


def test_render_help_describes_the_output_formats_and_views(cjm: Callable[..., Run]) -> None:
    from cjm_cli.render.formats import OUTPUT_FORMATS, VIEW_CHOICES

    # joined as read: a line broken after a hyphen ("self-" / "contained") is one word
    help_text = " ".join(cjm("render", "--help").stdout.split()).replace("- ", "-")
    for choice in (*OUTPUT_FORMATS, *VIEW_CHOICES):
        assert f"{choice.name}: {choice.help}" in help_text


@pytest.mark.parametrize(
    ("values", "listed"),
    [
        (["svg,png", "html"], ["svg", "png", "html"]),
        ([" svg , ,png "], ["svg", "png"]),
        (["svg", "svg,svg"], ["svg"]),
        (["", ","], []),
    ],
)
def test_comma_lists_are_split_once_for_every_option(values: list[str], listed: list[str]) -> None:
    assert comma_list(values) == listed


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environment", "stream", "coloured"),
    [
        ({}, _Terminal(), True),
        ({}, io.StringIO(), False),
        ({"NO_COLOR": "1"}, _Terminal(), False),
        ({"FORCE_COLOR": "1"}, io.StringIO(), True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, io.StringIO(), False),
        ({"TERM": "dumb"}, _Terminal(), False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, _Terminal(), True),
    ],
)
def test_one_colour_decision(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], stream: io.StringIO, coloured: bool
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert terminal.colour(stream) is coloured


@pytest.mark.parametrize(
    ("environment", "shown"),
    [({}, True), ({"CI": "true"}, False), ({"CI": "0"}, True), ({"TERM": "dumb"}, False)],
)
def test_a_progress_bar_only_for_a_person_at_a_terminal(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], shown: bool
) -> None:
    for name in ("CI", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert terminal.progress_bar(_Terminal()) is shown


def test_force_color_colours_a_piped_validate(write_map: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = check_file(str(write_map("cjm: 1\ntitle: [x]\n")))
    out = io.StringIO()
    problems.report([result], formats.AUTO, out)
    assert "\x1b[31merror\x1b[0m" in out.getvalue()


@pytest.mark.parametrize(("when", "coloured"), [("always", True), ("never", False)])
def test_the_color_option_decides_whatever_the_environment_says(
    cjm: Callable[..., Run], write_map: Callable[..., Path], when: str, coloured: bool
) -> None:
    broken = write_map("cjm: 1\ntitle: [x]\n")
    environment = {"NO_COLOR": "1"} if coloured else {"FORCE_COLOR": "1"}
    run = cjm("--color", when, "validate", "-f", "text", broken, env=environment)
    assert run.exit_code == 1
    assert ("\x1b[31merror\x1b[0m" in run.stdout) is coloured
    assert ": error type" in run.stdout.replace("\x1b[31m", "").replace("\x1b[0m", "").replace("\x1b[1m", "")


def test_a_choice_it_does_not_know_is_a_usage_error_that_names_the_closest(cjm: Callable[..., Run]) -> None:
    run = cjm("validate", "-f", "sarf", "map.yaml")
    assert run.exit_code == 2
    assert "no format is called 'sarf': did you mean 'sarif'?" in run.stderr
    assert "Value error" not in run.stderr
