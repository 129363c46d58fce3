"""`cjm rules`: the methodology rules `cjm validate` checks, listed or explained."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..core.choices import described
from ..core.i18n import N_, tr
from ..reports.formats import RULES_FORMATS
from .options import fail, one_of, rule_list, rule_names

RULES_HELP = N_(
    """List the methodology rules `cjm validate` checks, with their codes and why each matters. Silence one
for an element of a map with `ignore: [CODE]` on it, or everywhere with --ignore or .cjm.yaml."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm rules` to `app`."""
    app.command("rules", help=tr(RULES_HELP), epilog=tr("Exit codes: 0 listed; 2 unknown rule or group."))(
        rules_command
    )


def rules_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help=tr("Rule codes or groups to explain. Default: list every rule."),
            metavar="[RULE]...",
            show_default=False,
            autocompletion=rule_names,
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=f"{described(RULES_FORMATS)}.", **one_of(RULES_FORMATS))
    ] = "text",
) -> None:
    from ..core.rules import RULES, describe, expand
    from ..reports.rules import WRITERS

    if names:
        try:
            chosen = tuple(describe(expand(rule_list(names, "RULE"))))
        except ValueError as error:
            fail(error, 2)
    else:
        chosen = RULES
    sys.stdout.write(WRITERS[output_format](chosen, bool(names)))
