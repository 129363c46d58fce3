"""typer's own words that a user of cjm meets in help and errors, for cjm's catalogue.

typer translates them itself, through gettext's default domain, which `core/i18n.py` points at cjm's catalogue
when the language is not English; listing them here puts them in it (scripts/messages.sh) and makes
tests/test_i18n.py ask for their translation and check that typer still says them word for word. The words of
the click that typer carries inside it ("Usage:", "Error:", "No such option", the help of `--help` and
`--install-completion`) are not marked for gettext there, and stay English.
"""

from __future__ import annotations

from ..core.i18n import N_

TYPER_WORDS = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)
"""As typer writes them (`from gettext import gettext as _` in typer/core.py)."""
