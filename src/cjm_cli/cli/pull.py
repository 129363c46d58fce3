"""`cjm pull KIND`: figures from a Bitrix24 portal, an analytics export or an ad report, printed, filled into a map
(`--into`), or compared with it (`--check`). Options in, one call into `importers.pull.run`, an exit code out."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..core.choices import Choice, described
from ..core.i18n import N_, tr
from ..core.period import RELATIVE
from ..importers.pull import FIGURE_FORMATS, FIGURES, PULL_KINDS, WEBHOOK_VARIABLE
from ..reports.formats import PROBLEM_FORMATS, PROBLEMS
from .options import complete_list, fail, one_of, usage_error

if TYPE_CHECKING:
    from ..core.period import Period
    from ..core.pipeline import Converted
    from ..core.problems import Problem
    from ..importers.pull.http import Webhook

PULL_EXIT_CODES = N_("""Exit codes: 0 done (warnings, if any, on standard error); 1 problems in the file or the map,
or (--check) the map and the CRM differ; 2 usage error; 3 the portal could not be read (no network, a wrong or
expired webhook, missing rights) or the output could not be written. The webhook's address comes from
{variable} or --webhook-file, never from the command line; its token is never shown.""")

_FORMATS: tuple[Choice, ...] = (
    *(c for c in PROBLEM_FORMATS if c.name not in FIGURES),
    *FIGURE_FORMATS,
)


PULL_HELP = N_(
    """Pull real figures into a map: lead and deal counts, amounts and sources from Bitrix24, KPI values from an
analytics CSV, campaign costs from Google Ads or Yandex Direct. Without --into or --check the figures are
printed."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm pull` to `app`."""
    app.command("pull", help=tr(PULL_HELP), epilog=tr(PULL_EXIT_CODES, variable=WEBHOOK_VARIABLE))(pull_command)


def pull_command(
    kind: Annotated[
        str,
        typer.Argument(
            help=f"{described(PULL_KINDS)}.",
            show_default=False,
            metavar="KIND",
            **one_of(PULL_KINDS, N_("source"), metavar=None),
        ),
    ],
    source: Annotated[
        str | None,
        typer.Argument(help=tr("The file to read (csv and the ad reports), or - for standard input."), metavar="FILE"),
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help=tr(
                "Fill the counts, amounts, costs or KPI values of this map, with the period and the day they were "
                "pulled; every other byte of the file stays. The map is rewritten unless -o names another file."
            ),
            metavar="MAP",
        ),
    ] = None,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            help=tr(
                "bitrix24: write nothing; report each stage, pipeline or source added, removed, renamed or moved "
                "in the CRM as a problem at the map's line (exit 1)."
            ),
            metavar="MAP",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=tr("With --into: write the filled map here."), metavar="FILE")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help=tr(
                "The period of the figures: 2026, 2026-Q3, 2026-07, 2026-07-01..2026-09-30, or this-month, "
                "last-month, this-quarter, last-quarter, this-year, last-year."
            ),
            metavar="PERIOD",
            autocompletion=complete_list([Choice(name, N_("a period relative to today")) for name in RELATIVE]),
        ),
    ] = None,
    first: Annotated[
        str | None, typer.Option("--from", help=tr("The first day, YYYY-MM-DD (with --to)."), metavar="DAY")
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", help=tr("The last day, included (with --from)."), metavar="DAY")
    ] = None,
    webhook_file: Annotated[
        Path | None,
        typer.Option(
            "--webhook-file",
            help=tr(
                "bitrix24: a file holding the webhook's address (instead of {variable}).", variable=WEBHOOK_VARIABLE
            ),
            metavar="FILE",
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=tr(
                "Without --into: {formats}. With --check: how problems are written, as by validate (auto, text, "
                "json, github, sarif, gitlab).",
                formats=described(FIGURE_FORMATS),
            ),
            autocompletion=complete_list(_FORMATS),
            metavar="FORMAT",
        ),
    ] = "auto",
) -> None:
    from ..core.problems import CjmError

    try:
        _pull(str(kind), source, into, check, output, period, first, last, webhook_file, output_format)
    except CjmError as error:
        fail(error, error.exit_code)


def _pull(
    kind: str,
    source: str | None,
    into: Path | None,
    check: Path | None,
    output: Path | None,
    period_text: str | None,
    first: str | None,
    last: str | None,
    webhook_file: Path | None,
    output_format: str,
) -> NoReturn:
    if into is not None and check is not None:
        usage_error("--into and --check do not go together: fill a map, or compare it")
    if output is not None and into is None:
        usage_error("-o names where the filled map goes: use it with --into")
    if check is not None and kind != "bitrix24":
        usage_error("--check compares a map with a Bitrix24 portal: cjm pull bitrix24 --check MAP")
    allowed = PROBLEMS if check is not None else ("auto", *FIGURES)
    if output_format not in allowed:
        usage_error(f"--format: no format is called {output_format!r} here: choose from {', '.join(allowed)}")
    if kind == "bitrix24" and source is not None:
        usage_error(
            f"bitrix24 reads the portal, not a file: its webhook comes from {WEBHOOK_VARIABLE} or --webhook-file"
        )
    if kind != "bitrix24" and source is None:
        usage_error(f"name the file to read: cjm pull {kind} FILE")
    period = _period(period_text, first, last)
    if kind == "bitrix24":
        _bitrix24(into, check, output, period, webhook_file, output_format)
    assert source is not None
    _file(kind, source, into, output, period, output_format)


def _period(text: str | None, first: str | None, last: str | None) -> Period | None:
    from ..core.period import days, parse_day, resolve
    from ..core.problems import UsageError

    if text is not None and (first is not None or last is not None):
        usage_error("give --period, or --from and --to, not both")
    if (first is None) != (last is None):
        usage_error("--from and --to go together")
    try:
        if first is not None and last is not None:
            return days(parse_day(first), parse_day(last))
        return resolve(text, date.today()) if text is not None else None
    except ValueError as error:
        raise UsageError(f"--period: {error}") from None


def _bitrix24(
    into: Path | None,
    check: Path | None,
    output: Path | None,
    period: Period | None,
    webhook_file: Path | None,
    output_format: str,
) -> NoReturn:
    from ..importers.pull.run import check_crm, check_map, crm_filler, pull_crm, pull_into, read_crm_structure
    from ..importers.pull.show import crm_json, crm_text
    from ..reports.problems import report

    webhook = webhook_from_environment(webhook_file)
    if check is not None:
        checked = check_map(str(check))
        broken = not checked.ok
        if not broken:
            crm, _ = read_crm_structure(webhook)
            checked = check_crm(str(check), crm)
        report([checked], output_format)
        count = len(checked.problems)
        said = "the map has errors" if broken else f"{count} difference" + "s" * (count != 1) if count else ""
        sys.stderr.write(f"checked {check} against {webhook.shown}: {said or 'no differences'}\n")
        raise typer.Exit(1 if checked.problems else 0)
    if period is None:
        usage_error("name the period of the figures: --period 2026-Q3 (or last-quarter...), or --from and --to")
    if into is not None:
        _refuse_broken(str(into))
        crm, traffic = pull_crm(webhook, period)
        converted = pull_into(str(into), crm_filler(crm, date.today()))
        converted.summary += f" ({period.written}, {webhook.shown}, {traffic.requests} requests)"
        _notes(crm.notes)
        _write(converted, output if output is not None else into)
    crm, _ = pull_crm(webhook, period)
    (crm_json if output_format == "json" else crm_text)(crm, webhook.shown, sys.stdout)
    raise typer.Exit(0)


def webhook_from_environment(webhook_file: Path | None) -> Webhook:
    from ..importers.pull.run import webhook_from

    return webhook_from(os.environ, str(webhook_file) if webhook_file is not None else None)


def _file(
    kind: str, source: str, into: Path | None, output: Path | None, period: Period | None, output_format: str
) -> NoReturn:
    from ..importers.pull.run import file_filler, pull_into, read_file
    from ..importers.pull.show import file_json, file_text

    if into is not None:
        _refuse_broken(str(into))
    pulled = read_file(kind, source)
    if pulled.failed or pulled.data is None:
        _report(pulled.problems)
        raise typer.Exit(1)
    if into is None:
        _report(pulled.problems)
        (file_json if output_format == "json" else file_text)(pulled.data, sys.stdout)
        raise typer.Exit(0)
    converted = pull_into(str(into), file_filler(pulled, period, date.today()), pulled.problems)
    _write(converted, output if output is not None else into)


def _refuse_broken(map_path: str) -> None:
    """A map with errors is reported before anything is read from the network or a file."""
    from ..importers.pull.run import check_map

    checked = check_map(map_path)
    if not checked.ok:
        _report(checked.problems)
        sys.stderr.write(f"{map_path}: the map has errors; fix them before pulling into it\n")
        raise typer.Exit(1)


def _report(problems: list[Problem]) -> None:
    from ..core.pipeline import Checked
    from ..reports.problems import report

    by_path: dict[str, Checked] = {}
    for problem in problems:
        by_path.setdefault(problem.path, Checked(problem.path)).problems.append(problem)
    report(list(by_path.values()), "auto", sys.stderr)


def _notes(notes: tuple[str, ...]) -> None:
    from ..core.text import plain

    for note in notes:
        sys.stderr.write(f"note: {plain(note)}\n")


def _write(converted: Converted, output: Path) -> NoReturn:
    from .convert import finish

    finish(converted, output)
