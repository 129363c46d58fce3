"""The command line: options in, one call into the library, an exit code out."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__

EXIT_CODES = """Exit codes: 0 all maps valid; 1 problems found; 2 usage error; 3 the environment failed
(e.g. Graphviz missing, an output folder not writable)."""
SCHEMA_EXIT_CODES = "Exit codes: 0 written; 2 usage error; 3 the file could not be written."

app = typer.Typer(
    name="cjm",
    help=f"Customer journey maps as code: check YAML maps, draw them, bring data in and take maps out.\n\n{EXIT_CODES}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"


def _fail(error: Exception, exit_code: int) -> NoReturn:
    sys.stderr.write(f"cjm: error: {error}\n")
    raise typer.Exit(exit_code)


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
            "annotations; auto: github under GitHub Actions, else text (in colour on a terminal).",
        ),
    ] = Format.auto,
) -> None:
    """Check maps against the format: structure, types, ids and references. Every problem of every file
    is reported at once."""
    from .api import check_file
    from .problems import UsageError
    from .read import discover
    from .report import report, summary

    try:
        files = discover(paths)
    except UsageError as error:
        _fail(error, error.exit_code)
    results = [check_file(path) for path in files]
    report(results, output_format.value)
    if output_format is not Format.json:
        sys.stderr.write(summary(results) + "\n")
    raise typer.Exit(0 if all(result.ok for result in results) else 1)


def _choices(values: list[str], allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    """`-f svg,png -f html` -> ("svg", "png", "html"), in the order of `allowed`."""
    from .problems import UsageError

    chosen = {v.strip().lower() for value in values for v in value.split(",") if v.strip()}
    unknown = sorted(chosen - set(allowed))
    if unknown:
        raise UsageError(f"{option}: unknown {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return tuple(a for a in allowed if a in chosen)


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
    formats: Annotated[
        list[str],
        typer.Option(
            "--format", "-f", help="Outputs to make: svg, png, html (comma-separated or repeated).", metavar="LIST"
        ),
    ] = ["svg,png,html"],  # noqa: B006 - typer reads the default from here; it is never mutated
    views: Annotated[
        list[str],
        typer.Option(
            "--view",
            help="Views to draw: flow (sales system), journey (grid). Default: every view the map has.",
            metavar="LIST",
        ),
    ] = [],  # noqa: B006
    dpi: Annotated[
        int, typer.Option("--dpi", min=36, max=600, help="Resolution of PNG files (lowered for very large maps).")
    ] = 96,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, max=3600, help="Seconds Graphviz may take for one picture.")
    ] = 60.0,
) -> None:
    """Draw maps as SVG and PNG pictures (flow and journey views) and a self-contained HTML report.

    Outputs are named after the map: NAME.flow.svg, NAME.flow.png, NAME.journey.svg, NAME.journey.png and
    NAME.html. A map with problems is reported and not drawn; its previous outputs stay as they were."""
    from .api import output_folders, render_file
    from .graphviz_run import find_dot
    from .problems import CjmError, UsageError
    from .read import discover_from
    from .render import FORMATS, VIEWS, RenderOptions
    from .report import report, summary

    try:
        chosen_formats = _choices(formats, FORMATS, "--format")
        chosen_views = _choices(views, VIEWS, "--view") if views else VIEWS
        if not chosen_formats:
            raise UsageError("--format: name at least one of svg, png, html")
        found = discover_from(paths)
        folders = output_folders(found, output)
        dot = find_dot(timeout)
    except CjmError as error:
        _fail(error, error.exit_code)
    options = RenderOptions(chosen_formats, chosen_views, views_asked=bool(views), dpi=dpi)
    outcomes = []
    for argument, _root in found:
        try:
            outcome = render_file(argument, folders[argument], options, dot)
        except CjmError as error:
            _fail(error, error.exit_code)
        outcomes.append(outcome)
        for written in outcome.written:
            sys.stderr.write(f"wrote {written}\n")
    results = [o.checked for o in outcomes]
    for outcome in outcomes:
        outcome.checked.problems += outcome.problems
    report(results, "auto")
    sys.stderr.write(summary(results) + "\n")
    raise typer.Exit(0 if all(o.ok for o in outcomes) else 1)


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
    from .problems import CjmError
    from .schema import json_schema_text
    from .write import write_atomic

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
from . import convert_cli  # noqa: E402

convert_cli.register(app)


def main() -> None:
    # pydantic looks for plugins in every installed distribution's metadata on first use; cjm uses none,
    # and the search costs a CLI more than validating a large map.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Map text is Unicode; a terminal or pipe that cannot show some of it gets escapes, not a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app()
