"""`cjm render`: maps drawn as SVG and PNG pictures and an HTML report, or (`--check`) compared with the files
on disk."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.i18n import N_, ntr, tr
from ..reports.formats import AUTO
from .options import (
    EXIT_CODES,
    fail,
    jobs_for,
    render_options,
    report_checked,
    sharded,
)
from .shared_options import Dpi, GraphvizTimeout, Jobs, OnlyMaps, RenderFormats, RenderViews, Shard

if TYPE_CHECKING:
    from ..render.batch import Done
    from ..render.graphviz_run import Dot


RENDER_HELP = N_(
    """Draw maps as SVG and PNG pictures (flow and journey views) and a self-contained HTML report.

Outputs are named after the map: NAME.flow.svg, NAME.flow.png, NAME.journey.svg, NAME.journey.png and
NAME.html, with NAME.stamp.json saying what made them: a map nothing has changed is not drawn again. A map
with problems is reported and not drawn; its previous outputs stay as they were."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm render` to `app`."""
    app.command("render", help=tr(RENDER_HELP), epilog=tr(EXIT_CODES))(render_command)


def render_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help=tr("Map files, directories (searched for maps, as by validate), or - for standard input."),
            show_default=False,
            metavar="PATH",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=tr(
                "Folder for the outputs (created if missing). Default: beside each map. Maps found in a "
                "directory keep their subfolders."
            ),
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
            help=tr(
                "Write nothing: compare the outputs with the files on disk, list each stale or missing one, "
                "and exit 1 if any (for CI and pre-commit)."
            ),
            show_default=False,
        ),
    ] = False,
    only_maps: OnlyMaps = False,
    jobs: Jobs = None,
    shard: Shard = None,
) -> None:
    from ..core.config import settings_for
    from ..core.pipeline import settings_problems
    from ..core.problems import CjmError, EnvironmentFailure
    from ..core.read import discover_from
    from ..core.text import plain
    from ..render.batch import Job, render_many
    from ..render.graphviz_run import find_dot, graphviz_version
    from ..render.outputs import output_folders
    from .progress import progress

    try:
        options = render_options(formats, views, dpi)
        found = sharded(discover_from(paths, only_maps), shard)
        if not found:  # --only-maps, and none of the files named is a map
            raise typer.Exit(0)
        folders = output_folders(found, output)
        try:
            dot = find_dot(timeout)
        except EnvironmentFailure:
            if not check:
                raise
            dot = None  # a check whose stamps all match needs no Graphviz
    except CjmError as error:
        fail(error, error.exit_code)
    version = graphviz_version(dot) if dot else ""
    work = [
        Job(argument, folders[argument], options, dot, version, check, timeout, within=output)
        for argument, _root in found
    ]
    outcomes = []
    with progress(len(found)) as bar:
        for job, outcome in zip(work, render_many(work, jobs_for(jobs)), strict=True):
            bar.step(job.argument)
            if outcome.error:
                bar.clear()
                fail(*outcome.error)
            outcomes.append(outcome)
            for written in outcome.written:
                bar.echo(f"wrote {plain(str(written))}")
            for state, path in outcome.stale:
                bar.echo(f"{state} {plain(str(path))}", sys.stdout)
    results = [o.checked for o in outcomes]
    for outcome in outcomes:
        outcome.checked.problems += outcome.problems
    # A mistake in .cjm.yaml is reported (once) and fails the run, but does not keep maps from being drawn.
    broken_settings = settings_problems(settings_for(argument) for argument, _root in found)
    report_checked(results, AUTO, broken_settings)
    unchanged = sum(o.unchanged for o in outcomes)
    if check:
        _say_freshness(outcomes, dot)
    elif unchanged:
        message = ntr(
            "{n} map unchanged since drawn (by their stamps)",
            "{n} maps unchanged since drawn (by their stamps)",
            unchanged,
        )
        sys.stderr.write(message + "\n")
    raise typer.Exit(0 if all(o.ok and not o.stale for o in outcomes) and not broken_settings else 1)


def _say_freshness(outcomes: list[Done], dot: Dot | None) -> None:
    """`render --check`'s verdict on standard error, with what to do about stale files."""
    from ..render.graphviz_run import graphviz_version

    total = sum(o.outputs for o in outcomes)
    stale = sum(len(o.stale) for o in outcomes)
    if not stale:
        undrawn = sum(not o.ok for o in outcomes)  # their problems are reported above
        if total and not undrawn:
            sys.stderr.write(ntr("all {n} output up to date", "all {n} outputs up to date", total) + "\n")
        elif total:
            message = ntr(
                "{n} output up to date; maps with problems not compared",
                "{n} outputs up to date; maps with problems not compared",
                total,
            )
            sys.stderr.write(message + "\n")
        return
    message = ntr(
        "{stale} of {n} output stale or missing: run the same command without --check",
        "{stale} of {n} outputs stale or missing: run the same command without --check",
        total,
        stale=stale,
    )
    sys.stderr.write(message + "\n")
    if any(state == "stale" for o in outcomes for state, _path in o.stale):
        version = (graphviz_version(dot) if dot else "") or "unknown"
        hint = tr("pictures drawn by another Graphviz differ too; this one is {version} (dot -V)", version=version)
        sys.stderr.write("    " + tr("hint: {hint}", hint=hint) + "\n")
