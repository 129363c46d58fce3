"""`cjm schema`: the JSON Schema of the map format, for editors and other tools."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..core.i18n import N_, tr
from .options import write_output

SCHEMA_EXIT_CODES = N_("Exit codes: 0 written; 2 usage error; 3 the file could not be written.")


SCHEMA_HELP = N_("""Print the JSON Schema of the map format, for editors and other tools.""")


def register(app: typer.Typer) -> None:
    """Add `cjm schema` to `app`."""
    app.command("schema", help=tr(SCHEMA_HELP), epilog=tr(SCHEMA_EXIT_CODES))(schema_command)


def schema_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=tr("Write the schema to this file (- for standard output, the default)."),
            metavar="FILE",
        ),
    ] = None,
) -> None:
    from ..core.schema import json_schema_text
    from ..core.text import plain

    text = json_schema_text()
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    write_output(output, text)
    sys.stderr.write(f"wrote {plain(str(output))}\n")
