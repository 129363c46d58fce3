"""`cjm compare`: a current-state map and its ideal twin in, one call into `analysis.gap.compare_files`, the gap
out (and, with `--render`, the picture of both emotion curves)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.choices import Choice, described
from ..core.i18n import N_, tr
from ..reports.formats import GAP_FORMATS, GAPS
from .options import comma_list, complete_list, number_in

if TYPE_CHECKING:
    from ..analysis.gap import GapComparison
    from ..render.graphviz_run import Dot

COMPARE_EXIT_CODES = N_("""Exit codes: 0 compared; 1 a map has problems (listed on standard error, nothing compared),
or --render could not draw; 2 usage error, or a REV:path git cannot give; 3 git or Graphviz is not installed,
or the output folder is not writable.""")

_PICTURES = (Choice("svg", N_("the picture, scalable")), Choice("png", N_("the picture, for slides and chats")))
_SIDE_HELP = N_("a map file, - for standard input, or REV:path for the file as it is in a git revision")


COMPARE_HELP = N_(
    """The gap from a current-state map to its ideal twin, stage by stage and persona by persona: the emotion
now and in the ideal, the pains the ideal resolves and through which opportunities, those that remain,
the KPIs from actual to target, and what is new in the ideal. Not a diff of the files: `cjm diff` is that."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm compare` to `app`."""
    app.command("compare", help=tr(COMPARE_HELP), epilog=tr(COMPARE_EXIT_CODES))(compare_command)


def compare_command(
    current: Annotated[
        str,
        typer.Argument(
            help=tr("The current-state map: {side}.", side=tr(_SIDE_HELP)), metavar="CURRENT", show_default=False
        ),
    ],
    ideal: Annotated[
        str,
        typer.Argument(
            help=tr("Its ideal-state twin: {side}.", side=tr(_SIDE_HELP)), metavar="IDEAL", show_default=False
        ),
    ],
    output_format: Annotated[
        list[str],
        typer.Option(
            "--format",
            "-f",
            help=tr(
                "The gap as {formats} (default text). With --render also the pictures to draw, comma-separated or "
                "repeated (default svg,png): {pictures}.",
                formats=described(GAP_FORMATS),
                pictures=described(_PICTURES),
            ),
            metavar="FORMAT",
            autocompletion=complete_list((*GAP_FORMATS, *_PICTURES)),
        ),
    ] = [],  # noqa: B006 - typer reads the default from here; it is never mutated
    render: Annotated[
        bool,
        typer.Option(
            "--render",
            help=tr(
                "Also draw both emotion curves, today's and the ideal's, with what each stage resolves: "
                "NAME.gap.svg and NAME.gap.png, NAME being IDEAL's file name."
            ),
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=tr("With --render: the folder for the pictures (created if missing). Default: the current folder."),
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", help=tr("With --render: seconds for Graphviz."), **number_in(1, 3600, False, "SECONDS")
        ),
    ] = 60.0,
) -> None:
    from ..analysis.gap import compare_files
    from ..core.problems import CjmError, UsageError
    from ..core.text import plain
    from ..reports.gap import WRITERS
    from ..reports.problems import report
    from ..reports.problems import summary as check_summary

    try:
        chosen = [name.lower() for name in comma_list(output_format)]
        lists = [name for name in chosen if name in GAPS]
        pictures = tuple(p.name for p in _PICTURES if p.name in chosen)
        unknown = [name for name in chosen if name not in GAPS and name not in pictures]
        if unknown or len(lists) > 1:
            also = ", ".join(p.name for p in _PICTURES)
            wrong = tr("unknown {names}: ", names=", ".join(unknown)) if unknown else ""
            raise UsageError(
                tr(
                    "--format: {wrong}name one of {choices} (with --render also {also})",
                    wrong=wrong,
                    choices=", ".join(GAPS),
                    also=also,
                )
            )
        if not render and (pictures or output is not None):
            raise UsageError(tr("--format svg/png and -o go with --render: add --render to draw the picture"))
        dot = _find_dot(timeout) if render else None
        comparison = compare_files(current, ideal)
    except CjmError as error:
        sys.stderr.write(tr("cjm: error: {message}", message=plain(str(error))) + "\n")
        raise typer.Exit(error.exit_code) from None
    if not comparison.ok:
        failed = [side for side in (comparison.current, comparison.ideal) if not side.ok]
        report(failed, "auto", sys.stderr)
        sys.stderr.write(tr("cjm: cannot compare: {summary}", summary=check_summary(failed)) + "\n")
        raise typer.Exit(1)
    WRITERS[lists[0] if lists else "text"](comparison, sys.stdout)
    if dot is not None and not _draw(comparison, ideal, output or Path("."), pictures or ("svg", "png"), dot):
        raise typer.Exit(1)
    raise typer.Exit(0)


def _find_dot(timeout: float) -> Dot:
    from ..render.graphviz_run import find_dot

    return find_dot(timeout)


def _draw(comparison: GapComparison, ideal: str, folder: Path, formats: tuple[str, ...], dot: Dot) -> bool:
    from ..core.pipeline import Checked
    from ..core.problems import CjmError
    from ..core.text import plain
    from ..render.diff import diff_stem, write_outputs
    from ..render.gap import draw_gap
    from ..reports.problems import report
    from ..views.gap import gap_view

    assert comparison.gap is not None and comparison.ideal.journey_map is not None
    view = gap_view(comparison.gap, comparison.ideal.journey_map.lang)
    rendered = draw_gap(view, comparison.ideal.path, diff_stem(ideal), formats, dot)
    if rendered.problems:
        report([Checked(comparison.ideal.path, problems=rendered.problems)], "auto", sys.stderr)
    if not rendered.ok:
        sys.stderr.write(tr("cjm: nothing drawn: no file was written") + "\n")
        return False
    try:
        for path in write_outputs(folder, rendered.outputs):
            sys.stderr.write(f"wrote {plain(str(path))}\n")
    except CjmError as error:
        sys.stderr.write(f"cjm: error: {plain(str(error))}\n")
        raise typer.Exit(error.exit_code) from None
    return True
