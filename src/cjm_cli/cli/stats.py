"""The `stats` command: options in, the maps checked and measured, their figures out, an exit code out.

Kept apart from `cli.py` (which only calls `register`) and as light to import: the figures load when the
command runs, not when `cjm` starts.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

STATS_EXIT_CODES = """Exit codes: 0 figures shown for every map (a map without figures says so); 1 a map has
errors (reported as by validate, the other maps still shown); 2 usage error."""


class StatsFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add `cjm stats` to `app`."""
    app.command("stats", epilog=STATS_EXIT_CODES)(stats_command)


def stats_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Map files, directories (searched for maps, as by validate), or - for standard input.",
            show_default=False,
            metavar="MAP",
        ),
    ],
    output_format: Annotated[
        StatsFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: a table per funnel and one of KPIs, in the map's language; json: one document "
            "with every figure as a number (see docs/metrics.md).",
        ),
    ] = StatsFormat.text,
) -> None:
    """Funnel figures of maps: conversion from stage to stage and overall, the biggest drop-off, revenue
    and average deal per pipeline, and each KPI against its target."""
    from ..core.pipeline import check_file
    from ..core.problems import CjmError
    from ..core.read import discover
    from ..reports.stats import json_stats, text_stats
    from .options import fail

    try:
        files = discover(paths)
    except CjmError as error:
        fail(error, error.exit_code)
    results = [check_file(path) for path in files]
    if output_format is StatsFormat.json:
        json_stats(results, sys.stdout)
    else:
        text_stats(results, sys.stdout)
    raise typer.Exit(0 if all(result.ok for result in results) else 1)
