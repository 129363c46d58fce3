"""`cjm stats`: the maps checked and measured, their funnel and KPI figures out."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..core.choices import described
from ..core.i18n import N_, tr
from ..reports.formats import STATS_FORMATS
from .options import fail, one_of
from .shared_options import MapPaths

STATS_EXIT_CODES = N_("""Exit codes: 0 figures shown for every map (a map without figures says so); 1 a map has
errors (reported as by validate, the other maps still shown); 2 usage error.""")


STATS_HELP = N_(
    """Funnel figures of maps: conversion from stage to stage and overall, the biggest drop-off, revenue
and average deal per pipeline, and each KPI against its target."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm stats` to `app`."""
    app.command("stats", help=tr(STATS_HELP), epilog=tr(STATS_EXIT_CODES))(stats_command)


def stats_command(
    paths: MapPaths,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=f"{described(STATS_FORMATS)}.", **one_of(STATS_FORMATS))
    ] = "text",
) -> None:
    from ..core.pipeline import check_file
    from ..core.problems import CjmError
    from ..core.read import discover
    from ..reports.stats import WRITERS

    try:
        files = discover(paths)
    except CjmError as error:
        fail(error, error.exit_code)
    results = [check_file(path) for path in files]
    WRITERS[output_format](results, sys.stdout)
    raise typer.Exit(0 if all(result.ok for result in results) else 1)
