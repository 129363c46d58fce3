"""`cjm validate`: maps checked against the format and the method, every problem reported at once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..core.choices import described
from ..core.i18n import N_, ntr, tr
from ..reports.formats import AUTO, PROBLEM_FORMATS
from .options import (
    EXIT_CODES,
    fail,
    jobs_for,
    one_of,
    report_checked,
    rule_list,
    rule_names,
    sharded,
)
from .shared_options import Jobs, OnlyMaps, Shard

VALIDATE_HELP = N_(
    """Check maps against the format (structure, types, ids and references) and against the method
(warnings such as a stage nobody owns or a pain nobody fixes; see `cjm rules`). Every problem of every
file is reported at once."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm validate` to `app`."""
    app.command("validate", help=tr(VALIDATE_HELP), epilog=tr(EXIT_CODES))(validate_command)


def validate_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help=tr(
                "Map files, directories (searched for maps: .yaml/.yml files with a top-level `cjm:` key or a "
                "`$schema=...cjm.schema.json` line), "
                "or - for standard input."
            ),
            show_default=False,
            metavar="PATH",
        ),
    ],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=f"{described(PROBLEM_FORMATS)}.", **one_of(PROBLEM_FORMATS))
    ] = AUTO,
    select: Annotated[
        list[str],
        typer.Option(
            "--select",
            help=tr(
                "Methodology rules to run: codes or groups (`cjm rules`), comma-separated or repeated. "
                "Replaces `select` of .cjm.yaml. Default: all."
            ),
            metavar="LIST",
            autocompletion=rule_names,
        ),
    ] = [],  # noqa: B006 - typer reads the default from here; it is never mutated
    ignore: Annotated[
        list[str],
        typer.Option(
            "--ignore",
            help=tr("Methodology rules not to report (codes or groups), added to `ignore` of .cjm.yaml."),
            metavar="LIST",
            autocompletion=rule_names,
        ),
    ] = [],  # noqa: B006
    strict: Annotated[
        bool | None,
        typer.Option(
            "--strict/--no-strict",
            help=tr("Warnings fail the check (exit 1), too. Default: `strict` of .cjm.yaml, else no."),
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help=tr("Settings file for every map, instead of the .cjm.yaml nearest to each."),
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    only_maps: OnlyMaps = False,
    jobs: Jobs = None,
    shard: Shard = None,
) -> None:
    from ..core.config import Overrides, settings_for
    from ..core.pipeline import check_many, settings_problems
    from ..core.problems import CjmError, UsageError
    from ..core.read import discover_from
    from .progress import tracked

    try:
        files = [path for path, _root in sharded(discover_from(paths, only_maps), shard)]
        if not files:  # --only-maps, and none of the files named is a map
            raise typer.Exit(0)
        overrides = Overrides(rule_list(select, "--select"), rule_list(ignore, "--ignore"), strict, config)
        if config is not None and not config.is_file():
            raise UsageError(tr("--config: {path} is not a file", path=config))
        settings = [settings_for(path, overrides) for path in files]
    except CjmError as error:
        fail(error, error.exit_code)
    # A mistake in a settings file is reported once, before the maps, whatever the number of maps using it.
    broken_settings = settings_problems(settings)
    checked = check_many(files, [s.rules for s in settings], jobs_for(jobs))
    results = [result for _path, result in zip(tracked(files), checked, strict=True)]
    strict_failures = sum(
        result.ok and s.strict and bool(result.problems) for result, s in zip(results, settings, strict=True)
    )
    report_checked(results, output_format, broken_settings)
    if strict_failures and output_format != "json":
        sys.stderr.write(
            ntr(
                "strict: warnings fail the check ({n} map)",
                "strict: warnings fail the check ({n} maps)",
                strict_failures,
            )
            + "\n"
        )
    failed = broken_settings or strict_failures or not all(result.ok for result in results)
    raise typer.Exit(1 if failed else 0)
