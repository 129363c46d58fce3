"""The command line: options in, one call into the library, an exit code out. One module per command (or pair
of commands), each adding itself to `app` with `register`; `options` holds what they share. Nothing below this
package knows typer, and nothing imports this package but `__main__`.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from .. import __version__
from ..core.choices import described
from ..reports import terminal
from ..reports.terminal import COLOUR_CHOICES
from . import compare, convert, diff, init, plan, pull, render, rules, schema, stats, validate, watch
from .options import EXIT_CODES, one_of

app = typer.Typer(
    name="cjm",
    help=f"Customer journey maps as code: check YAML maps, draw them, bring data in and take maps out.\n\n{EXIT_CODES}",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"cjm {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            help=f"Colour in what cjm writes: {described(COLOUR_CHOICES)}.",
            **one_of(COLOUR_CHOICES, "colour choice"),
        ),
    ] = "auto",
) -> None:
    """Customer journey maps as code."""
    terminal.choose(color)


# In the order `cjm --help` lists them: checking and drawing first.
for command in (validate, rules, render, schema, convert, pull, init, stats, plan, watch, diff, compare):
    command.register(app)


def main() -> None:
    # pydantic looks for plugins in every installed distribution's metadata on first use; cjm uses none,
    # and the search costs a CLI more than validating a large map.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Map text is Unicode; a terminal or pipe that cannot show some of it gets escapes, not a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app()
