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
    from datetime import date

    from ..render.batch import Done, Job
    from ..render.graphviz_run import Dot


RENDER_HELP = N_(
    """Draw maps as SVG, PNG and PDF pictures (flow and journey views) and a self-contained HTML report.

Outputs are named after the map and the view: NAME.flow.svg, NAME.journey.png, NAME.flow.pdf... and
NAME.html, with NAME.stamp.json saying what made them: a map nothing has changed is not drawn again. A map
with problems is reported and not drawn; its previous outputs stay as they were. With --index, also
index.html and index.json of every map."""
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
    index: Annotated[
        bool,
        typer.Option(
            "--index",
            help="Also write index.html and index.json: every map in a few figures, with a link to its report "
            "(in the -o folder, or the one the maps' outputs share).",
            show_default=False,
        ),
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="YYYY-MM-DD",
            help="With --index: mark the reviews due before this day as overdue. Without it the index gives "
            "each map's next review day and marks none.",
            show_default=False,
        ),
    ] = None,
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
        day = _index_day(index, today, shard)
        found = sharded(discover_from(paths, only_maps), shard)
        if not found:  # --only-maps, and none of the files named is a map
            raise typer.Exit(0)
        folders = output_folders(found, output)
        where = _index_folder(found, folders, output, "html" in options.formats) if index else None
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
    indexed: list[tuple[str, Path]] = []
    index_written = True
    if where is not None:
        indexed, index_written = _write_index(work, outcomes, where, day, check, output or where)
    # A mistake in .cjm.yaml is reported (once) and fails the run, but does not keep maps from being drawn.
    broken_settings = settings_problems(settings_for(argument) for argument, _root in found)
    report_checked(results, AUTO, broken_settings)
    unchanged = sum(o.unchanged for o in outcomes)
    if check:
        _say_freshness(outcomes, dot, indexed if where is not None else None)
    elif unchanged:
        message = ntr(
            "{n} map unchanged since drawn (by their stamps)",
            "{n} maps unchanged since drawn (by their stamps)",
            unchanged,
        )
        sys.stderr.write(message + "\n")
    ok = all(o.ok and not o.stale for o in outcomes) and not indexed and index_written
    raise typer.Exit(0 if ok and not broken_settings else 1)


def _index_day(index: bool, today: str | None, shard: str | None) -> date | None:
    """`--today` as a day; a usage error for `--today` without `--index`, or `--index` with `--shard`."""
    from ..core.period import parse_day
    from ..core.problems import UsageError

    if index and shard is not None:
        raise UsageError(
            "--index lists every map and --shard takes a part of them: build the index in a run without --shard"
        )
    if today is None:
        return None
    try:
        day = parse_day(today)
    except ValueError as error:
        raise UsageError(f"--today: {error}") from None
    if not index:
        raise UsageError("--today is the day the index marks overdue reviews by: add --index")
    return day


def _index_folder(
    found: list[tuple[str, str | None]], folders: dict[str, Path], output: Path | None, html: bool
) -> Path:
    from ..render.index import index_folder, refuse_clash
    from ..render.outputs import output_stem

    where = index_folder(list(folders.values()), output)
    refuse_clash(folders, where, {argument: output_stem(argument) for argument, _root in found}, html)
    return where


def _write_index(
    work: list[Job], outcomes: list[Done], where: Path, day: date | None, check: bool, within: Path
) -> tuple[list[tuple[str, Path]], bool]:
    """Write (or, `check`, compare) the index of every map: the index's files stale or missing, and whether it
    was written (a link in its place is reported as a located problem, as for a map's outputs)."""
    from ..core.pipeline import Checked
    from ..core.problems import CjmError
    from ..core.text import plain
    from ..core.write import LinkInTheWay
    from ..render.index import index_entry, index_files, settle
    from ..reports.problems import report

    entries = [index_entry(job, done, where) for job, done in zip(work, outcomes, strict=True)]
    try:
        written, stale = settle(index_files(entries, where, day), within, check)
    except LinkInTheWay as refused:
        report([Checked(str(refused.link), problems=[refused.problem()])], "auto", sys.stderr)
        return [], False
    except CjmError as error:
        fail(error, error.exit_code)
    for path in written:
        sys.stderr.write(f"wrote {plain(str(path))}\n")
    for state, path in stale:
        sys.stdout.write(f"{state} {plain(str(path))}\n")
    return stale, True


def _say_freshness(outcomes: list[Done], dot: Dot | None, indexed: list[tuple[str, Path]] | None) -> None:
    """`render --check`'s verdict on standard error, with what to do about stale files; `indexed`: the index's
    files stale or missing, when it is checked too."""
    from ..render.graphviz_run import graphviz_version

    total = sum(o.outputs for o in outcomes) + (2 if indexed is not None else 0)
    stale = sum(len(o.stale) for o in outcomes) + len(indexed or [])
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
