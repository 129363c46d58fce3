"""The command line: options in, one call into the library, an exit code out."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import __version__
from .options import Dpi, GraphvizTimeout, RenderFormats, RenderViews, rule_names
from .options import fail as _fail

if TYPE_CHECKING:
    from ..core.pipeline import Checked
    from ..render.graphviz_run import Dot
    from ..render.outputs import RenderOutcome

EXIT_CODES = """Exit codes: 0 all maps valid; 1 problems found; 2 usage error; 3 the environment failed
(e.g. Graphviz missing, an output folder not writable)."""
SCHEMA_EXIT_CODES = "Exit codes: 0 written; 2 usage error; 3 the file could not be written."

app = typer.Typer(
    name="cjm",
    help=f"Customer journey maps as code: check YAML maps, draw them, bring data in and take maps out.\n\n{EXIT_CODES}",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"cjm {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Customer journey maps as code."""


@app.command(epilog=EXIT_CODES)
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Map files, directories (searched for .yaml/.yml files with a top-level `cjm:` key), "
            "or - for standard input.",
            show_default=False,
            metavar="PATH",
        ),
    ],
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="text: path:line:col: severity code message; json: one document; github: workflow "
            "annotations; sarif: a SARIF 2.1.0 log for code scanning; gitlab: a GitLab Code Quality report; "
            "auto: github under GitHub Actions, else text (in colour on a terminal).",
        ),
    ] = Format.auto,
    select: Annotated[
        list[str],
        typer.Option(
            "--select",
            help="Methodology rules to run: codes or groups (`cjm rules`), comma-separated or repeated. "
            "Replaces `select` of .cjm.yaml. Default: all.",
            metavar="LIST",
            autocompletion=rule_names,
        ),
    ] = [],  # noqa: B006 - typer reads the default from here; it is never mutated
    ignore: Annotated[
        list[str],
        typer.Option(
            "--ignore",
            help="Methodology rules not to report (codes or groups), added to `ignore` of .cjm.yaml.",
            metavar="LIST",
            autocompletion=rule_names,
        ),
    ] = [],  # noqa: B006
    strict: Annotated[
        bool | None,
        typer.Option(
            "--strict/--no-strict",
            help="Warnings fail the check (exit 1), too. Default: `strict` of .cjm.yaml, else no.",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Settings file for every map, instead of the .cjm.yaml nearest to each.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check maps against the format (structure, types, ids and references) and against the method
    (warnings such as a stage nobody owns or a pain nobody fixes; see `cjm rules`). Every problem of every
    file is reported at once."""
    from ..core.config import Overrides, settings_for
    from ..core.pipeline import check_file, settings_problems
    from ..core.problems import CjmError, UsageError
    from ..core.read import discover
    from .progress import tracked

    try:
        files = discover(paths)
        overrides = Overrides(_names(select, "--select"), _names(ignore, "--ignore"), strict, config)
        if config is not None and not config.is_file():
            raise UsageError(f"--config: {config} is not a file")
        settings = [settings_for(path, overrides) for path in files]
    except CjmError as error:
        _fail(error, error.exit_code)
    # A mistake in a settings file is reported once, before the maps, whatever the number of maps using it.
    broken_settings = settings_problems(settings)
    results = [check_file(path, s.rules) for path, s in zip(tracked(files), settings, strict=True)]
    strict_failures = sum(
        result.ok and s.strict and bool(result.problems) for result, s in zip(results, settings, strict=True)
    )
    _report(results, output_format.value, broken_settings)
    if strict_failures and output_format is not Format.json:
        sys.stderr.write(f"strict: warnings fail the check ({strict_failures} map{'s' * (strict_failures > 1)})\n")
    failed = broken_settings or strict_failures or not all(result.ok for result in results)
    raise typer.Exit(1 if failed else 0)


def _names(values: list[str], option: str) -> tuple[str, ...]:
    """`--select a,b --select c` -> ("a", "b", "c")."""
    from ..core.problems import UsageError

    names = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    if values and not names:
        raise UsageError(f"{option}: name at least one rule or group (`cjm rules` lists them)")
    return names


def _report(results: list[Checked], format_name: str, broken_settings: list[Checked] | None = None) -> None:
    """Problems out (those of settings files first), then a summary line of the maps on standard error."""
    from ..reports.problems import report, summary

    report([*(broken_settings or []), *results], format_name)
    if format_name != "json":
        line = summary(results)
        if broken_settings:
            line += f"; {len(broken_settings)} settings file" + ("s" * (len(broken_settings) > 1)) + " with errors"
        sys.stderr.write(line + "\n")


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command(epilog="Exit codes: 0 listed; 2 unknown rule or group.")
def rules(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Rule codes or groups to explain. Default: list every rule.",
            metavar="[RULE]...",
            show_default=False,
            autocompletion=rule_names,
        ),
    ] = None,
    output_format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="text, json, or markdown (the page docs/rules.md).")
    ] = RulesFormat.text,
) -> None:
    """List the methodology rules `cjm validate` checks, with their codes and why each matters. Silence one
    for an element of a map with `ignore: [CODE]` on it, or everywhere with --ignore or .cjm.yaml."""
    from ..core.rules import RULES, describe, expand
    from ..reports.rules import rules_json, rules_markdown, rules_text

    if names:
        try:
            chosen = tuple(describe(expand(_names(names, "RULE"))))
        except ValueError as error:
            _fail(error, 2)
    else:
        chosen = RULES
    writer = {"text": rules_text, "json": rules_json, "markdown": rules_markdown}[output_format.value]
    sys.stdout.write(writer(chosen, explain=bool(names)))


@app.command(epilog=EXIT_CODES)
def render(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Map files, directories (searched for maps, as by validate), or - for standard input.",
            show_default=False,
            metavar="PATH",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder for the outputs (created if missing). Default: beside each map. Maps found in a "
            "directory keep their subfolders.",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    formats: RenderFormats = ["svg,png,html"],  # noqa: B006 - typer reads the default from here; never mutated
    views: RenderViews = [],  # noqa: B006
    dpi: Dpi = 96,
    timeout: GraphvizTimeout = 60.0,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing: compare the outputs with the files on disk, list each stale or missing one, "
            "and exit 1 if any (for CI and pre-commit).",
            show_default=False,
        ),
    ] = False,
) -> None:
    """Draw maps as SVG and PNG pictures (flow and journey views) and a self-contained HTML report.

    Outputs are named after the map: NAME.flow.svg, NAME.flow.png, NAME.journey.svg, NAME.journey.png and
    NAME.html. A map with problems is reported and not drawn; its previous outputs stay as they were."""
    from ..core.config import settings_for
    from ..core.pipeline import settings_problems
    from ..core.problems import CjmError
    from ..core.read import discover_from
    from ..render.graphviz_run import find_dot
    from ..render.outputs import check_render, output_folders, render_file
    from .options import render_options
    from .progress import progress

    try:
        options = render_options(formats, views, dpi)
        found = discover_from(paths)
        folders = output_folders(found, output)
        dot = find_dot(timeout)
    except CjmError as error:
        _fail(error, error.exit_code)
    outcomes = []
    with progress(len(found)) as bar:
        for argument, _root in found:
            bar.step(argument)
            try:
                outcome = (check_render if check else render_file)(argument, folders[argument], options, dot)
            except CjmError as error:
                bar.clear()
                _fail(error, error.exit_code)
            outcomes.append(outcome)
            for written in outcome.written:
                bar.echo(f"wrote {written}")
            for state, path in outcome.stale:
                bar.echo(f"{state} {path}", sys.stdout)
    results = [o.checked for o in outcomes]
    for outcome in outcomes:
        outcome.checked.problems += outcome.problems
    # A mistake in .cjm.yaml is reported (once) and fails the run, but does not keep maps from being drawn.
    broken_settings = settings_problems(settings_for(argument) for argument, _root in found)
    _report(results, "auto", broken_settings)
    if check:
        _say_freshness(outcomes, dot)
    raise typer.Exit(0 if all(o.ok and not o.stale for o in outcomes) and not broken_settings else 1)


def _say_freshness(outcomes: list[RenderOutcome], dot: Dot) -> None:
    """`render --check`'s verdict on standard error, with what to do about stale files."""
    from ..render.graphviz_run import graphviz_version

    total = sum(len(o.outputs) for o in outcomes)
    stale = sum(len(o.stale) for o in outcomes)
    if not stale:
        undrawn = sum(not o.ok for o in outcomes)  # their problems are reported above
        if total and not undrawn:
            sys.stderr.write(f"all {total} output{'s' * (total != 1)} up to date\n")
        elif total:
            sys.stderr.write(f"{total} output{'s' * (total != 1)} up to date; maps with problems not compared\n")
        return
    sys.stderr.write(f"{stale} of {total} outputs stale or missing: run the same command without --check\n")
    if any(state == "stale" for o in outcomes for state, _path in o.stale):
        version = graphviz_version(dot) or "unknown"
        sys.stderr.write(f"    hint: pictures drawn by another Graphviz differ too; this one is {version} (dot -V)\n")


@app.command(epilog=SCHEMA_EXIT_CODES)
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the schema to this file (- for standard output, the default).", metavar="FILE"
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the map format, for editors and other tools."""
    from ..core.problems import CjmError
    from ..core.schema import json_schema_text
    from ..core.write import write_atomic

    text = json_schema_text()
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text.encode("utf-8"))
    except CjmError as error:
        _fail(error, error.exit_code)
    sys.stderr.write(f"wrote {output}\n")


# `cjm import` and `cjm export` live in their own module, which imports nothing heavy until a command runs;
# registered last so that `cjm --help` lists validate, render and schema first.
from . import convert, diff, init, stats, watch  # noqa: E402

convert.register(app)
init.register(app)
stats.register(app)
watch.register(app)
diff.register(app)


def main() -> None:
    # pydantic looks for plugins in every installed distribution's metadata on first use; cjm uses none,
    # and the search costs a CLI more than validating a large map.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Map text is Unicode; a terminal or pipe that cannot show some of it gets escapes, not a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app()
