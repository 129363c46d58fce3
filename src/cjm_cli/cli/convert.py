"""The `import` and `export` commands: options in, one call into `importers.run` or `exporters`, an exit code out.

Kept apart from `cli.py` (which only calls `register`) and as light to import: the converters load when a
command runs, not when `cjm` starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..core.choices import described
from ..exporters import EXPORT_KINDS
from ..importers import IMPORT_KINDS
from .options import choice_type, usage_error, write_output

if TYPE_CHECKING:
    from ..core.pipeline import Converted

IMPORT_EXIT_CODES = """Exit codes: 0 written (warnings, if any, on standard error); 1 problems in the file or
in the map, nothing written; 2 usage error; 3 the output could not be written."""
EXPORT_EXIT_CODES = """Exit codes: 0 written; 1 the map has problems (or no journey grid for mermaid, csv and
markdown), nothing written; 2 usage error; 3 the output could not be written."""


if TYPE_CHECKING:
    ImportKind = str
    ExportKind = str
else:
    ImportKind = choice_type("ImportKind", IMPORT_KINDS)
    ExportKind = choice_type("ExportKind", EXPORT_KINDS)


_OUTPUT_HELP = "Write to this file, replacing it atomically (- for standard output, the default)."


def register(app: typer.Typer) -> None:
    """Add `cjm import` and `cjm export` to `app`."""
    app.command("import", epilog=IMPORT_EXIT_CODES)(import_command)
    app.command("export", epilog=EXPORT_EXIT_CODES)(export_command)


def import_command(
    kind: Annotated[
        ImportKind,
        typer.Argument(
            help=f"{described(IMPORT_KINDS)}.",
            show_default=False,
            metavar="KIND",
        ),
    ],
    source: Annotated[str, typer.Argument(help="The file to import, or - for standard input.", metavar="FILE")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_OUTPUT_HELP, metavar="FILE")] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help="Fill an existing map instead: replace the blocks this kind imports, keep the rest of the file "
            "as written. The map is rewritten unless -o names another file.",
            metavar="MAP",
        ),
    ] = None,
) -> None:
    """Make a map from another tool's file: a Mermaid journey, Bitrix24 stages, Google Ads or Yandex Direct
    campaigns. The map is checked before it is written; without -o or --into it goes to standard output."""
    from ..importers.run import import_file, import_into

    if into is not None and str(into) == "-":
        usage_error("--into needs a map file, not standard input")
    target = output if output is not None else into
    _refuse_overwriting(source, target)
    converted = import_into(kind, source, str(into)) if into is not None else import_file(kind, source)
    _finish(converted, target)


def export_command(
    kind: Annotated[
        ExportKind,
        typer.Argument(
            help=f"{described(EXPORT_KINDS)}.",
            show_default=False,
            metavar="KIND",
        ),
    ],
    source: Annotated[str, typer.Argument(help="The map file, or - for standard input.", metavar="MAP")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_OUTPUT_HELP, metavar="FILE")] = None,
) -> None:
    """Write a map in another tool's format. The map is checked first; a map with problems is not exported."""
    from ..exporters.run import export_file

    _refuse_overwriting(source, output)
    _finish(export_file(kind, source), output)


def _refuse_overwriting(source: str, output: Path | None) -> None:
    if source == "-" or output is None or str(output) == "-":
        return
    try:
        same = os.path.samefile(source, output)
    except (OSError, ValueError):  # one of them does not exist (yet): they cannot be the same file
        return
    if same:
        usage_error(f"{output} is the file being read; write the result to another file")


def _finish(converted: Converted, output: Path | None) -> NoReturn:
    from ..core.pipeline import Checked
    from ..core.text import plain
    from ..reports.problems import report

    by_path: dict[str, Checked] = {}
    for problem in converted.problems:
        by_path.setdefault(problem.path, Checked(problem.path)).problems.append(problem)
    report(list(by_path.values()), "auto", sys.stderr)
    if converted.text is None or not converted.ok:
        raise typer.Exit(1)
    if output is None or str(output) == "-":
        sys.stdout.write(converted.text)
        raise typer.Exit(0)
    write_output(output, converted.text)
    sys.stderr.write(plain(f"wrote {output}: {converted.summary}") + "\n")
    raise typer.Exit(0)
