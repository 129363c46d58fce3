"""The `diff` command: two maps in, one call into `diff.compare_files`, the differences out.

Kept apart from `cli.py` (which only calls `register`) and as light to import: the comparison loads when
the command runs, not when `cjm` starts.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

DIFF_EXIT_CODES = """Exit codes: 0 compared (the maps may differ: the output says how); with --exit-code, 1
when they differ; 1 a map has problems (listed on standard error, nothing compared); 2 usage error, or a
REV:path git cannot give (no repository, unknown revision, no such file in it); 3 git is not installed."""

_SIDE_HELP = "a map file, - for standard input, or REV:path for the file as it is in a git revision"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    """Add `cjm diff` to `app`."""
    app.command("diff", epilog=DIFF_EXIT_CODES)(diff_command)


def diff_command(
    old: Annotated[str, typer.Argument(help=f"The map before: {_SIDE_HELP}.", metavar="OLD", show_default=False)],
    new: Annotated[str, typer.Argument(help=f"The map after: {_SIDE_HELP}.", metavar="NEW", show_default=False)],
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one line per change (+ added, - removed, ~ changed or moved); json: one document; "
            "markdown: headings and tables to paste into a pull request.",
        ),
    ] = DiffFormat.text,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit with 1 when the maps differ, as git diff --exit-code and diff do."),
    ] = False,
) -> None:
    """Show what changed between two maps: stages, touchpoints, emotions, pains, opportunities, KPIs,
    channels, lead and deal stages, automations, pages and campaigns added, removed, changed or moved,
    each with its path of ids and old -> new values.

    A side is a file, - or REV:path (HEAD~1:maps/shop.yaml, relative to the repository's root; HEAD:./shop.yaml
    relative to the current folder; :shop.yaml for the staged version). A file that exists is read from disk
    even when its name holds a colon. A current-state map and its ideal-state twin compare the same way."""
    from .diff import compare_files
    from .diff_report import summary, write_diff
    from .problems import CjmError
    from .report import _plain, report
    from .report import summary as check_summary

    try:
        comparison = compare_files(old, new)
    except CjmError as error:
        sys.stderr.write(f"cjm: error: {_plain(str(error))}\n")
        raise typer.Exit(error.exit_code) from None
    if not comparison.ok:
        failed = [side for side in (comparison.old, comparison.new) if not side.ok]
        report(failed, "auto", sys.stderr)
        sys.stderr.write(f"cjm: cannot compare: {check_summary(failed)}\n")
        raise typer.Exit(1)
    old_name, new_name = comparison.old.path, comparison.new.path
    write_diff(comparison.changes, old_name, new_name, output_format.value, sys.stdout)
    if output_format is not DiffFormat.json:
        sys.stderr.write(summary(comparison.changes, old_name, new_name) + "\n")
    raise typer.Exit(1 if exit_code and comparison.changes else 0)
