"""`cjm plan`: the opportunities of maps as one ranked backlog, out as text, Markdown, JSON or CSV."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..core.choices import Choice, described
from ..core.i18n import N_, tr
from ..reports.formats import PLAN_FORMATS
from .options import comma_list, complete_list, fail, one_of, usage_error
from .shared_options import MapPaths

PLAN_EXIT_CODES = N_("""Exit codes: 0 the plan is shown; 1 a map has errors (reported on standard error as by
validate; the plan of the other maps is still shown); 2 usage error.""")

_STATUSES = (
    Choice("idea", N_("not decided yet (an opportunity without a status)")),
    Choice("planned", N_("decided, not started")),
    Choice("in-progress", N_("being done")),
    Choice("done", N_("done")),
    Choice("dropped", N_("decided against")),
    Choice("all", N_("every status")),
)
_METHODS = (Choice("rice", N_("reach × impact × confidence ÷ effort")), Choice("ice", N_("impact × confidence × ease")))


PLAN_HELP = N_(
    """The plan: the opportunities of maps as one backlog, ranked by their RICE or ICE score, with status,
owner, due date, the pains each fixes and the KPIs it should move. Scores and ranking: docs/plan.md."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm plan` to `app`."""
    app.command("plan", help=tr(PLAN_HELP), epilog=tr(PLAN_EXIT_CODES))(plan_command)


def plan_command(
    paths: MapPaths,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=f"{described(PLAN_FORMATS)}.", **one_of(PLAN_FORMATS))
    ] = "text",
    statuses: Annotated[
        list[str],
        typer.Option(
            "--status",
            help=tr(
                "The statuses to list, comma-separated or repeated: {statuses}. Default: idea, planned, "
                "in-progress (the work still to do).",
                statuses=described(_STATUSES),
            ),
            metavar="LIST",
            autocompletion=complete_list(_STATUSES),
        ),
    ] = [],  # noqa: B006 - typer reads the default from here; it is never mutated
    method: Annotated[
        str | None,
        typer.Option(
            "--by",
            help=tr(
                "Rank by {methods}. Default: the method more of the opportunities are scored by.",
                methods=described(_METHODS),
            ),
            **one_of(_METHODS, N_("method")),
        ),
    ] = None,
) -> None:
    from ..analysis.plan import METHODS, OPEN, STATUSES
    from ..core.pipeline import check_file
    from ..core.problems import CjmError
    from ..core.read import discover
    from ..reports.plan import WRITERS, PlanRequest
    from ..reports.problems import report
    from ..reports.stats import errors_only

    chosen = [name.lower() for name in comma_list(statuses)]
    unknown = [name for name in chosen if name not in (*STATUSES, "all")]
    if unknown:
        usage_error(f"--status: unknown {', '.join(unknown)} (choose from {', '.join(STATUSES)} or all)")
    wanted = STATUSES if "all" in chosen else tuple(s for s in STATUSES if s in chosen) or OPEN
    try:
        files = discover(paths)
    except CjmError as error:
        fail(error, error.exit_code)
    results = [check_file(path) for path in files]
    failed = [errors_only(result) for result in results if not result.ok]
    if failed:
        report(failed, "auto", sys.stderr)
    by = next((m for m in METHODS if m == method), None)
    WRITERS[output_format](results, PlanRequest(wanted, by), sys.stdout)
    raise typer.Exit(1 if failed else 0)
