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
from ..core.i18n import N_, tr
from ..exporters import EXPORT_BLOCKS, EXPORT_KINDS, TRACKERS
from ..importers import IMPORT_KINDS
from .options import choices, complete_list, fail, one_of, usage_error, write_output

if TYPE_CHECKING:
    from ..core.pipeline import Converted

IMPORT_EXIT_CODES = N_("""Exit codes: 0 written (warnings, if any, on standard error); 1 problems in the file or
in the map, nothing written; 2 usage error; 3 the output could not be written.""")
EXPORT_EXIT_CODES = N_("""Exit codes: 0 written; 1 the map has problems (or not the table asked for: no journey grid
for mermaid), nothing written; 2 usage error; 3 the output could not be written.""")


_OUTPUT_HELP = "Write to this file, replacing it atomically (- for standard output, the default)."


EXPORT_HELP = N_(
    """Write a map in another tool's format. The map is checked first; a map with problems is not exported.
`cjm export csv --block automations MAP` writes one of its tables (docs/import-export.md);
`cjm export issues --to jira|gitlab|github MAP` writes its plan as issues of a tracker (docs/plan.md)."""
)
IMPORT_HELP = N_(
    """Make a map from another tool's file: a Mermaid journey, Bitrix24 stages, Google Ads or Yandex Direct
campaigns. The map is checked before it is written; without -o or --into it goes to standard output."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm import` and `cjm export` to `app`."""
    app.command("import", help=tr(IMPORT_HELP), epilog=tr(IMPORT_EXIT_CODES))(import_command)
    app.command("export", help=tr(EXPORT_HELP), epilog=tr(EXPORT_EXIT_CODES))(export_command)


def import_command(
    kind: Annotated[
        str,
        typer.Argument(
            help=f"{described(IMPORT_KINDS)}.",
            **one_of(IMPORT_KINDS, N_("importer"), metavar=None),
            show_default=False,
            metavar="KIND",
        ),
    ],
    sources: Annotated[
        list[str],
        typer.Argument(
            help=tr(
                "The file to import, or - for standard input; for bitrix24, several files read together "
                "(the pages of one answer, a batch, crm.category.list for the pipelines' names)."
            ),
            show_default=False,
            metavar="FILE",
        ),
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_OUTPUT_HELP, metavar="FILE")] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help=tr(
                "Fill an existing map instead: replace the blocks this kind imports, keep the rest of the file "
                "as written. The map is rewritten unless -o names another file."
            ),
            metavar="MAP",
        ),
    ] = None,
) -> None:
    from ..importers.run import import_file, import_into

    if into is not None and str(into) == "-":
        usage_error(tr("--into needs a map file, not standard input"))
    from ..core.problems import UsageError

    target = output if output is not None else into
    for source in sources:
        refuse_overwriting(source, target)
    try:
        converted = import_into(kind, sources, str(into)) if into is not None else import_file(kind, sources)
    except UsageError as error:
        usage_error(str(error))
    finish(converted, target)


def export_command(
    kind: Annotated[
        str,
        typer.Argument(
            help=f"{described(EXPORT_KINDS)}.",
            **one_of(EXPORT_KINDS, N_("exporter"), metavar=None),
            show_default=False,
            metavar="KIND",
        ),
    ],
    source: Annotated[str, typer.Argument(help=tr("The map file, or - for standard input."), metavar="MAP")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_OUTPUT_HELP, metavar="FILE")] = None,
    tracker: Annotated[
        str | None,
        typer.Option(
            "--to",
            help=tr("With issues: the tracker, {trackers}.", trackers=described(TRACKERS)),
            show_default=False,
            **one_of(TRACKERS, N_("tracker")),
        ),
    ] = None,
    blocks: Annotated[
        list[str],
        typer.Option(
            "--block",
            help=tr(
                "With csv and markdown: the tables to write (comma-separated or repeated; csv takes one): {blocks}. "
                "Default: csv the journey grid, markdown every table the map has.",
                blocks=described(EXPORT_BLOCKS),
            ),
            metavar="LIST",
            autocompletion=complete_list(EXPORT_BLOCKS),
        ),
    ] = [],  # noqa: B006 - typer reads the default from here; never mutated
    link_base: Annotated[
        str | None,
        typer.Option(
            "--link-base",
            help=tr(
                "With issues: the web address the map's path is appended to for a link back to it, e.g. "
                "https://github.com/OWNER/REPO/blob/main/ (the map's line follows as #L12)."
            ),
            metavar="URL",
        ),
    ] = None,
) -> None:
    from ..core.problems import CjmError
    from ..exporters.run import ExportOptions, export_file

    refuse_overwriting(source, output)
    try:
        chosen = choices(blocks, tuple(b.name for b in EXPORT_BLOCKS), "--block")
        if blocks and not chosen:
            usage_error(tr("--block: name at least one table"))
        options = ExportOptions(str(tracker) if tracker else None, link_base, chosen)
        converted = export_file(kind, source, options)
    except CjmError as error:
        fail(error, error.exit_code)
    finish(converted, output)


def refuse_overwriting(source: str, output: Path | None) -> None:
    if source == "-" or output is None or str(output) == "-":
        return
    try:
        same = os.path.samefile(source, output)
    except (OSError, ValueError):  # one of them does not exist (yet): they cannot be the same file
        return
    if same:
        usage_error(tr("{path} is the file being read; write the result to another file", path=output))


def finish(converted: Converted, output: Path | None) -> NoReturn:
    """Problems on standard error; the text to `output` (replaced atomically) or standard output; the exit."""
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
    sys.stderr.write(plain(tr("wrote {path}: {summary}", path=output, summary=converted.summary)) + "\n")
    raise typer.Exit(0)
