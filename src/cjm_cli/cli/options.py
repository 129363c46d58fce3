"""What the commands share: choices made from the library's registries, the one parser of comma-separated lists,
the drawing options of `cjm render`, `cjm watch` and `cjm diff --render`, completion, reporting checked maps, writing
an output file, and failing with a message.

As light to import as the command modules: typer and the light registries only; the library loads when a
command runs.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from ..core.choices import Choice, names
from ..core.i18n import N_, ntr, tr
from ..core.language import LANGUAGES, NAMES
from ..render.formats import FORMATS, VIEWS

if TYPE_CHECKING:
    from pathlib import Path

    from ..core.pipeline import Checked
    from ..render.outputs import RenderOptions

EXIT_CODES = N_(
    """Exit codes: 0 all maps valid; 1 problems found; 2 usage error; 3 the environment failed
(e.g. Graphviz missing, an output folder not writable)."""
)
"""Marked only: a command's epilog is `tr(EXIT_CODES)`."""

LANGUAGE_CHOICES = tuple(Choice(code, NAMES[code]) for code in LANGUAGES)
"""The languages cjm speaks and writes maps in: of `cjm --lang` (messages) and `cjm init --lang` (the map)."""


def one_of(choices: Sequence[Choice], what: str = N_("format"), metavar: str | None = "") -> dict[str, Any]:
    """What makes an option or argument take one of `choices`: typer's `parser` (a name it does not know is a
    usage error saying which names it knows, and the closest), `autocompletion` and `metavar` (the names,
    unless given; None for typer's own)."""
    known = names(choices)

    def parse(value: str) -> str:
        if value in known:
            return value
        close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
        nearest = tr("did you mean {name}? ", name=repr(close[0])) if close else ""
        raise typer.BadParameter(
            tr(
                "no {what} is called {value}: {nearest}choose from {choices}",
                what=tr(what),
                value=repr(value),
                nearest=nearest,
                choices=", ".join(known),
            )
        )

    shown = {} if metavar is None else {"metavar": metavar or "|".join(known)}
    return {"parser": parse, "autocompletion": complete_list(choices), **shown}


def number_in(low: int, high: int, whole: bool = True, metavar: str = "N") -> dict[str, Any]:
    """What makes an option take a number from `low` to `high` (a whole one, unless `whole` is false): typer's
    `parser`, with a message that says what to give instead of the type checker's, and `metavar`."""
    kind = tr("a whole number") if whole else tr("a number")

    def parse(value: str | float) -> float:
        if not isinstance(value, str):  # the default, already a number
            return value
        try:
            number = int(value.strip()) if whole else float(value.strip())
        except ValueError:
            raise typer.BadParameter(
                tr(
                    "{value} is not {kind}: give {kind} from {low} to {high}",
                    value=repr(value),
                    kind=kind,
                    low=low,
                    high=high,
                )
            ) from None
        if not low <= number <= high:  # not a number (nan) is in no range either
            raise typer.BadParameter(
                tr(
                    "{value} is out of range: give {kind} from {low} to {high}",
                    value=repr(value),
                    kind=kind,
                    low=low,
                    high=high,
                )
            )
        return number

    return {"parser": parse, "metavar": metavar}


def comma_list(values: Iterable[str]) -> list[str]:
    """`-f svg,png -f html` -> ["svg", "png", "html"]: each name once, in the order first given."""
    return list(dict.fromkeys(name.strip() for value in values for name in value.split(",") if name.strip()))


def choices(values: list[str], allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    """The names in `values` (comma-separated or repeated, any case), in the order of `allowed`; raises
    `UsageError` naming what is not allowed."""
    from ..core.problems import UsageError

    chosen = {name.lower() for name in comma_list(values)}
    unknown = sorted(chosen - set(allowed))
    if unknown:
        raise UsageError(
            tr(
                "{option}: unknown {names} (choose from {choices})",
                option=option,
                names=", ".join(unknown),
                choices=", ".join(allowed),
            )
        )
    return tuple(a for a in allowed if a in chosen)


def rule_list(values: list[str], option: str) -> tuple[str, ...]:
    """Rule codes and groups named in `values`; raises `UsageError` when the option names none."""
    from ..core.problems import UsageError

    listed = tuple(comma_list(values))
    if values and not listed:
        raise UsageError(tr("{option}: name at least one rule or group (`cjm rules` lists them)", option=option))
    return listed


def complete_list(choices: Sequence[Choice]) -> Callable[[str], list[tuple[str, str]]]:
    """Shell completion of a comma-separated list of `choices`: of its last name, leaving out those given."""

    def complete(incomplete: str) -> list[tuple[str, str]]:
        return completed(incomplete, [(choice.name, choice.help) for choice in choices])

    return complete


def completed(incomplete: str, named: list[tuple[str, str]]) -> list[tuple[str, str]]:
    done, _, last = incomplete.rpartition(",")
    prefix, listed = (done + ",", set(done.split(","))) if done else ("", set())
    return [(prefix + name, text) for name, text in named if name.startswith(last) and name not in listed]


def rule_names(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of rule codes and groups (`--select`, `--ignore`, `cjm rules`), each with what it
    is; in a comma-separated list, of its last name, leaving out the names already in it."""
    from ..core.rules import ALL, GROUPS, RULES

    named = [
        (ALL, tr("every rule")),
        *((group, ", ".join(rule.code for rule in RULES if rule.group == group)) for group in GROUPS),
        *((rule.code, tr(rule.summary)) for rule in RULES),
    ]
    return completed(incomplete, named)


def sharded(found: list[tuple[str, str | None]], shard: str | None) -> list[tuple[str, str | None]]:
    """The maps of `--shard I/N` (all without it); raises `UsageError` for a shard that is not I/N."""
    if shard is None:
        return found
    from ..core.jobs import in_shard, parse_shard

    index, total = parse_shard(shard)
    kept = set(in_shard((argument for argument, _root in found), index, total))
    return [(argument, root) for argument, root in found if argument in kept]


def jobs_for(jobs: int | None) -> int:
    """`--jobs`, or the number of CPUs."""
    from ..core.jobs import default_jobs

    return jobs if jobs is not None else default_jobs()


def render_options(formats: list[str], views: list[str], dpi: int = 96, default: Sequence[str] = ()) -> RenderOptions:
    """What to draw, from `--format`, `--view` and `--dpi` (`default`: the formats when none is named);
    raises `UsageError` for a name it does not know or for no format at all."""
    from ..core.problems import UsageError
    from ..render.outputs import RenderOptions

    chosen_formats = choices(formats, FORMATS, "--format") or tuple(default)
    chosen_views = choices(views, VIEWS, "--view") if views else VIEWS
    if not chosen_formats:
        raise UsageError(tr("{option}: name at least one of {choices}", option="--format", choices=", ".join(FORMATS)))
    return RenderOptions(chosen_formats, chosen_views, views_asked=bool(views), dpi=dpi)


def report_checked(results: list[Checked], format_name: str, broken_settings: list[Checked] | None = None) -> None:
    """Problems out (those of settings files first), then a summary line of the maps on standard error."""
    from ..reports.problems import report, summary

    report([*(broken_settings or []), *results], format_name)
    if format_name != "json":
        line = summary(results)
        if broken_settings:
            line += ntr("; {n} settings file with errors", "; {n} settings files with errors", len(broken_settings))
        sys.stderr.write(line + "\n")


def fail(error: Exception | str, exit_code: int) -> NoReturn:
    """`cjm: error: ...` on standard error (user text in it shown escaped), then exit with `exit_code`."""
    from ..core.text import plain

    sys.stderr.write(tr("cjm: error: {message}", message=plain(str(error))) + "\n")
    raise typer.Exit(exit_code)


def write_output(path: Path, text: str) -> None:
    """Write one file a command was asked for (`-o FILE`), as `core.write.commit` does; a link in its place
    is reported as a located problem, and any failure to write ends the command with exit 3."""
    from ..core.pipeline import Checked
    from ..core.problems import CjmError
    from ..core.write import LinkInTheWay, commit
    from ..reports.problems import report

    try:
        commit({path: text.encode("utf-8")})
    except LinkInTheWay as refused:
        report([Checked(str(refused.link), problems=[refused.problem()])], "auto", sys.stderr)
        fail(tr("{path} was not written", path=path), refused.exit_code)
    except CjmError as error:
        fail(error, error.exit_code)


def usage_error(message: str) -> NoReturn:
    """A mistake in the command line: exit 2."""
    fail(message, 2)
