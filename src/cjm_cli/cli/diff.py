"""`cjm diff`: two maps in, one call into `analysis.diff.compare_files`, the differences out (and, with
`--render`, the new map drawn with them marked)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.choices import described
from ..core.i18n import N_, tr
from ..render.formats import FORMATS as PICTURE_FORMATS
from ..render.formats import OUTPUT_FORMATS, VIEW_CHOICES
from ..reports.formats import DIFF_FORMATS, DIFFS
from .options import comma_list, complete_list, number_in, render_options

if TYPE_CHECKING:
    from ..analysis.diff import Comparison
    from ..render.graphviz_run import Dot
    from ..render.outputs import RenderOptions

DIFF_EXIT_CODES = N_("""Exit codes: 0 compared (the maps may differ: the output says how); with --exit-code, 1
when they differ; 1 a map has problems (listed on standard error, nothing compared), or --render could not
draw; 2 usage error, or a REV:path git cannot give (no repository, unknown revision, no such file in it);
3 git is not installed, or --render: Graphviz is not installed or the output folder is not writable.""")

_SIDE_HELP = N_("a map file, - for standard input, or REV:path for the file as it is in a git revision")
DEFAULT_PICTURES = ("svg", "html")
"""What --render draws when no file format is named."""


DIFF_HELP = N_(
    """Show what changed between two maps: stages, touchpoints, emotions, pains, opportunities, KPIs,
channels, lead and deal stages, automations, pages and campaigns added, removed, changed or moved,
each with its path of ids and old -> new values.

A side is a file, - or REV:path (HEAD~1:maps/shop.yaml, relative to the repository's root; HEAD:./shop.yaml
relative to the current folder; :shop.yaml for the staged version). A file that exists is read from disk
even when its name holds a colon. A current-state map and its ideal-state twin compare the same way.

With --render, the new map is drawn with the changes marked: added elements green with +, changed ones
orange with ~ and what they were, removed ones struck through in red where they were (or listed). The
files are written only when all of them were made."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm diff` to `app`."""
    app.command("diff", help=tr(DIFF_HELP), epilog=tr(DIFF_EXIT_CODES))(diff_command)


def diff_command(
    old: Annotated[
        str, typer.Argument(help=tr("The map before: {side}.", side=tr(_SIDE_HELP)), metavar="OLD", show_default=False)
    ],
    new: Annotated[
        str, typer.Argument(help=tr("The map after: {side}.", side=tr(_SIDE_HELP)), metavar="NEW", show_default=False)
    ],
    output_format: Annotated[
        list[str],
        typer.Option(
            "--format",
            "-f",
            help=tr(
                "The list of changes, {formats} (default text). With --render also the files to draw, "
                "comma-separated or repeated (default {default}): {pictures}.",
                formats=described(DIFF_FORMATS),
                default=",".join(DEFAULT_PICTURES),
                pictures=described(OUTPUT_FORMATS),
            ),
            metavar="FORMAT",
            autocompletion=complete_list((*DIFF_FORMATS, *OUTPUT_FORMATS)),
        ),
    ] = [],  # noqa: B006 - typer reads the default from here; it is never mutated
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help=tr("Exit with 1 when the maps differ, as git diff --exit-code and diff do.")),
    ] = False,
    render: Annotated[
        bool,
        typer.Option(
            "--render",
            help=tr(
                "Also draw NEW with the changes marked (added, changed, removed): NAME.diff.journey.svg, "
                "NAME.diff.flow.svg and NAME.diff.html, NAME being NEW's file name."
            ),
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=tr("With --render: the folder for the files (created if missing). Default: the current folder."),
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    views: Annotated[
        list[str],
        typer.Option(
            "--view",
            help=tr("With --render: flow, journey. Default: every view the new map has."),
            metavar="LIST",
            autocompletion=complete_list(VIEW_CHOICES),
        ),
    ] = [],  # noqa: B006
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            help=tr("With --render: seconds Graphviz may take for a picture."),
            **number_in(1, 3600, False, "SECONDS"),
        ),
    ] = 60.0,
) -> None:
    from ..analysis.diff import compare_files
    from ..core.problems import CjmError
    from ..core.text import plain
    from ..reports.diff import summary, write_diff
    from ..reports.problems import report
    from ..reports.problems import summary as check_summary

    try:
        list_format, options = _options(output_format, render, output, views)
        dot = _find_dot(timeout) if options else None
        comparison = compare_files(old, new)
    except CjmError as error:
        sys.stderr.write(tr("cjm: error: {message}", message=plain(str(error))) + "\n")
        raise typer.Exit(error.exit_code) from None
    if not comparison.ok:
        failed = [side for side in (comparison.old, comparison.new) if not side.ok]
        report(failed, "auto", sys.stderr)
        sys.stderr.write(tr("cjm: cannot compare: {summary}", summary=check_summary(failed)) + "\n")
        raise typer.Exit(1)
    old_name, new_name = comparison.old.path, comparison.new.path
    write_diff(comparison.changes, old_name, new_name, list_format, sys.stdout)
    if list_format != "json":
        sys.stderr.write(summary(comparison.changes, old_name, new_name) + "\n")
    if options is not None and dot is not None and not _draw(comparison, new, output or Path("."), options, dot):
        raise typer.Exit(1)
    raise typer.Exit(1 if exit_code and comparison.changes else 0)


def _options(
    formats: list[str], render: bool, output: Path | None, views: list[str]
) -> tuple[str, RenderOptions | None]:
    """The format of the list of changes, and what --render draws (None without it)."""
    from ..core.problems import UsageError

    chosen = [name.lower() for name in comma_list(formats)]
    files = [name for name in chosen if name not in DIFFS]
    unknown = [name for name in files if name not in PICTURE_FORMATS]
    if unknown:
        raise UsageError(
            tr(
                "--format: unknown {names} (choose from {choices}; with --render also {also})",
                names=", ".join(unknown),
                choices=", ".join(DIFFS),
                also=", ".join(PICTURE_FORMATS),
            )
        )
    lists = [name for name in chosen if name in DIFFS]
    if len(lists) > 1:
        raise UsageError(
            tr("--format: name one of {choices}, not {names}", choices=", ".join(DIFFS), names=tr(" and ").join(lists))
        )
    list_format = lists[0] if lists else "text"
    pictures = tuple(name for name in PICTURE_FORMATS if name in chosen)
    if not render:
        for given, option in ((pictures, f"--format {','.join(pictures)}"), (output, "-o"), (views, "--view")):
            if given:
                raise UsageError(
                    tr("{option} goes with --render: add --render to draw the new map with its changes", option=option)
                )
        return list_format, None
    return list_format, render_options(list(pictures), views, default=DEFAULT_PICTURES)


def _find_dot(timeout: float) -> Dot:
    from ..render.graphviz_run import find_dot

    return find_dot(timeout)


def _draw(comparison: Comparison, new: str, folder: Path, options: RenderOptions, dot: Dot) -> bool:
    """Draw the new map with its changes and write every file, or none when one could not be made; say what
    was written, or what went wrong, on standard error."""
    from ..core.pipeline import Checked
    from ..core.problems import CjmError, UsageError
    from ..core.text import plain
    from ..core.write import LinkInTheWay
    from ..render.diff import SUFFIX, diff_stem, draw_diff, write_outputs
    from ..reports.problems import report

    stem = diff_stem(new)
    try:
        for extension in (".yaml", ".yml"):
            clash = folder / f"{stem}.{SUFFIX}{extension}"
            if clash.exists():
                raise UsageError(
                    tr(
                        "{clash} is a map whose own renders are named {renders}; write the drawn changes elsewhere "
                        "with -o DIR",
                        clash=clash,
                        renders=f"{stem}.{SUFFIX}.*",
                    )
                )
        rendered = draw_diff(comparison, stem, options, dot)
        if rendered.problems:
            report([Checked(comparison.new.path, problems=rendered.problems)], "auto", sys.stderr)
        if not rendered.ok:
            sys.stderr.write(tr("cjm: nothing drawn: no file was written") + "\n")
            return False
        for path in write_outputs(folder, rendered.outputs):
            sys.stderr.write(tr("wrote {path}", path=plain(str(path))) + "\n")
    except LinkInTheWay as refused:
        report([Checked(comparison.new.path, problems=[refused.problem()])], "auto", sys.stderr)
        sys.stderr.write(tr("cjm: no file was written") + "\n")
        return False
    except CjmError as error:
        sys.stderr.write(tr("cjm: error: {message}", message=plain(str(error))) + "\n")
        raise typer.Exit(error.exit_code) from None
    return True
