"""What the commands share: the options `cjm render` and `cjm watch` both take, reading lists of choices, and
failing with a message. `cli.py` and the `*_cli.py` modules import them from here; nothing imports `cli.py`,
which only registers the commands.

As light to import as the command modules: typer only; the library loads when a command runs.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from ..render.outputs import RenderOptions

# The drawing options of `cjm render` and `cjm watch`. Their defaults stay at each command's parameter, where
# typer reads them: `formats: RenderFormats = ["svg,png,html"]`, `views: RenderViews = []`, `dpi: Dpi = 96`,
# `timeout: GraphvizTimeout = 60.0`.
RenderFormats = Annotated[
    list[str],
    typer.Option(
        "--format", "-f", help="Outputs to make: svg, png, html (comma-separated or repeated).", metavar="LIST"
    ),
]
RenderViews = Annotated[
    list[str],
    typer.Option(
        "--view",
        help="Views to draw: flow (sales system), journey (grid). Default: every view the map has.",
        metavar="LIST",
    ),
]
Dpi = Annotated[
    int, typer.Option("--dpi", min=36, max=600, help="Resolution of PNG files (lowered for very large maps).")
]
GraphvizTimeout = Annotated[
    float, typer.Option("--timeout", min=1, max=3600, help="Seconds Graphviz may take for one picture.")
]


def render_options(formats: list[str], views: list[str], dpi: int) -> RenderOptions:
    """What to draw, from `--format`, `--view` and `--dpi`; raises `UsageError` for a name it does not know
    or for no format at all."""
    from ..core.problems import UsageError
    from ..render.outputs import FORMATS, VIEWS, RenderOptions

    chosen_formats = choices(formats, FORMATS, "--format")
    chosen_views = choices(views, VIEWS, "--view") if views else VIEWS
    if not chosen_formats:
        raise UsageError(f"--format: name at least one of {', '.join(FORMATS)}")
    return RenderOptions(chosen_formats, chosen_views, views_asked=bool(views), dpi=dpi)


def choices(values: list[str], allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    """`-f svg,png -f html` -> ("svg", "png", "html"), in the order of `allowed`; raises `UsageError` naming
    what is not allowed."""
    from ..core.problems import UsageError

    chosen = {v.strip().lower() for value in values for v in value.split(",") if v.strip()}
    unknown = sorted(chosen - set(allowed))
    if unknown:
        raise UsageError(f"{option}: unknown {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return tuple(a for a in allowed if a in chosen)


def rule_names(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of rule codes and groups (`--select`, `--ignore`, `cjm rules`), each with what it
    is; in a comma-separated list, of its last name, leaving out the names already in it."""
    from ..core.rules import ALL, GROUPS, RULES

    done, _, last = incomplete.rpartition(",")
    named = [
        (ALL, "every rule"),
        *((group, ", ".join(rule.code for rule in RULES if rule.group == group)) for group in GROUPS),
        *((rule.code, rule.summary) for rule in RULES),
    ]
    prefix, listed = (done + ",", set(done.split(","))) if done else ("", set())
    return [(prefix + name, text) for name, text in named if name.startswith(last) and name not in listed]


def fail(error: Exception | str, exit_code: int) -> NoReturn:
    """`cjm: error: ...` on standard error (user text in it shown escaped), then exit with `exit_code`."""
    from ..core.text import plain

    sys.stderr.write(f"cjm: error: {plain(str(error))}\n")
    raise typer.Exit(exit_code)


def usage_error(message: str) -> NoReturn:
    """A mistake in the command line: exit 2."""
    fail(message, 2)
