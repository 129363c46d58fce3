"""The command line: options in, one call into the library, an exit code out. One module per command (or pair
of commands), each adding itself to `app` with `register`; `options` holds what they share. Nothing below this
package knows typer, and nothing imports this package but `__main__`.

A run imports only the module of the command it runs (`make_app(command)`); `app`, made when first asked
for, has every command.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
from typing import Annotated, Any, NoReturn, TextIO

import typer

from .. import __version__
from ..core import i18n
from ..core.choices import described
from ..core.i18n import N_, tr
from ..reports import terminal
from ..reports.terminal import COLOUR_CHOICES
from .options import EXIT_CODES, LANGUAGE_CHOICES, one_of

# The modules of the commands, in the order `cjm --help` lists them: checking and drawing first.
MODULES = (
    "validate",
    "rules",
    "render",
    "schema",
    "convert",
    "pull",
    "init",
    "stats",
    "plan",
    "watch",
    "diff",
    "compare",
)
COMMANDS = {name: name for name in MODULES if name != "convert"} | {"import": "convert", "export": "convert"}
"""Each command's name and the module that adds it."""


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"cjm {__version__}\n")
        raise typer.Exit()


def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=tr("Print the version and exit."))
    ] = False,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            help=tr("Colour in what cjm writes: {choices}.", choices=described(COLOUR_CHOICES)),
            **one_of(COLOUR_CHOICES, N_("colour choice")),
        ),
    ] = "auto",
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=tr(
                "The language of messages, hints and help: {choices}. Default: the one LANGUAGE, LC_ALL, "
                "LC_MESSAGES or LANG asks for, else English.",
                choices=described(LANGUAGE_CHOICES),
            ),
            show_default=False,
            **one_of(LANGUAGE_CHOICES, N_("language")),
        ),
    ] = None,
) -> None:
    """Customer journey maps as code."""
    terminal.choose(color)
    i18n.choose(lang)


def make_app(command: str | None = None) -> typer.Typer:
    """The command line with every command, or with only `command` (all of them when it names none): a run
    imports the module of the command it runs and no other."""
    app = typer.Typer(
        name="cjm",
        help=tr("Customer journey maps as code: check YAML maps, draw them, bring data in and take maps out.")
        + f"\n\n{tr(EXIT_CODES)}",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(main_options)
    modules = (COMMANDS[command],) if command in COMMANDS else MODULES
    for module in modules:
        importlib.import_module(f"{__name__}.{module}").register(app)
    return app


def __getattr__(name: str) -> Any:
    """`app`: the command line with every command, made when first asked for (by tests and tools)."""
    if name == "app":
        globals()["app"] = made = make_app()
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_VALUED = ("--color", "--lang")
"""The options of `cjm` itself that take a value."""


def command_named(arguments: list[str]) -> str | None:
    """The command the arguments run (the first that is not an option or the value of `--color` or
    `--lang`), if any; None while the shell asks for completions, which need every command."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return None
    values = iter(arguments)
    for argument in values:
        if argument in _VALUED:
            next(values, None)
        elif not argument.startswith("-"):
            return argument
    return None


def language_named(arguments: list[str]) -> str | None:
    """The value of `cjm --lang X` (or `--lang=X`) before the command, if any: the help texts of the
    commands are written in the language when their modules are imported, before typer reads its options."""
    values = iter(arguments)
    for argument in values:
        if argument == "--lang":
            return next(values, None)
        if argument.startswith("--lang="):
            return argument.partition("=")[2]
        if argument in _VALUED:
            next(values, None)
        elif not argument.startswith("-"):
            return None
    return None


def main() -> None:
    """The `cjm` command: `app` run with standard output guarded and signals stopping it as Ctrl-C does."""
    from ..core import signals

    # pydantic looks for plugins in every installed distribution's metadata on first use; cjm uses none,
    # and the search costs a CLI more than validating a large map.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Map text is Unicode; a terminal or pipe that cannot show some of it gets escapes, not a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    # SIGTERM and SIGHUP (a CI job cancelled, a terminal closed) end a command as Ctrl-C does: dot is
    # killed and temporary files are removed on the way out.
    signals.stop_like_ctrl_c()
    sys.stdout = GuardedOutput(sys.stdout)
    i18n.choose(language_named(sys.argv[1:]))
    try:
        try:
            make_app(command_named(sys.argv[1:]))()
        finally:
            sys.stdout.flush()
    except OutputFailed as failed:
        _output_failed(failed)
    except SystemExit as leaving:
        if signals.received and leaving.code not in (0, None):  # stopped by a signal, not by a problem
            raise SystemExit(128 + signals.received[0]) from None
        raise


class OutputFailed(Exception):
    """Standard output could not be written: full, closed, or a pipe nobody reads any more."""

    def __init__(self, error: OSError | None) -> None:
        super().__init__(error.strerror if error is not None and error.strerror else "it is closed")
        self.broken_pipe = error is not None and error.errno == errno.EPIPE


class GuardedOutput:
    """Standard output, with any failure to write it raised as `OutputFailed`, which `main` ends with exit 3
    and one line (no traceback, and not the exit code of a problem in a map)."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:  # started with its descriptor closed (`cjm ... >&-`)
            raise OutputFailed(None)
        try:
            return self._stream.write(text)
        except OSError as error:
            raise OutputFailed(error) from None

    def flush(self) -> None:
        try:
            if self._stream is not None:
                self._stream.flush()
        except OSError as error:
            raise OutputFailed(error) from None

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise OutputFailed(None)
        return getattr(self._stream, name)


def _output_failed(failed: OutputFailed) -> NoReturn:
    # What stays in the buffer goes nowhere: Python's last flush at exit must not fail (and print) again.
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    if not failed.broken_pipe:  # the reader of a pipe went away (`cjm validate maps/ | head`): nothing to say
        sys.stderr.write(tr("cjm: error: cannot write to standard output: {reason}", reason=failed) + "\n")
    raise SystemExit(3)
