"""The `init` command: a template name in, a new commented map out (see `starters`).

Kept apart from `cli.py` (which only calls `register`) and as light to import: templates and the model load
when the command runs, not when `cjm` starts.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..core.choices import Choice
from ..core.i18n import N_, tr
from ..core.language import Language
from ..starters import DEFAULT_TEMPLATE, IDEAL, TEMPLATES
from .options import LANGUAGE_CHOICES, fail, one_of, usage_error, write_output

if TYPE_CHECKING:
    from ..core.pipeline import Checked

INIT_EXIT_CODES = N_("""Exit codes: 0 written; 1 the file exists (add --force), or the --from map has problems
(listed, nothing written); 2 usage error; 3 the file could not be written.""")

DEFAULT_NAME = "map.yaml"
STDOUT = "-"


TEMPLATE_CHOICES = tuple(Choice(name, description) for name, description in TEMPLATES.items())


INIT_HELP = N_(
    """Write a new map from a template: commented, valid, and free of methodology warnings, ready to be
replaced with your own journey. Never replaces an existing file unless --force is given."""
)


def register(app: typer.Typer) -> None:
    """Add `cjm init` to `app`."""
    app.command("init", help=tr(INIT_HELP), epilog=tr(INIT_EXIT_CODES))(init_command)


def init_command(
    path: Annotated[
        str | None,
        typer.Argument(
            help=tr(
                "The map file to write (.yaml or .yml), a folder (to write FOLDER/{name} in it), or - for standard "
                "output. Default: {name}; with --from, CURRENT-ideal.yaml beside CURRENT.",
                name=DEFAULT_NAME,
            ),
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help=tr("What to start from (--list describes them). Default: b2c; with --from, ideal."),
            show_default=False,
            **one_of(TEMPLATE_CHOICES, N_("template")),
        ),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            **one_of(LANGUAGE_CHOICES, N_("language")),
            help=tr(
                "Language of the template's texts and comments. Default: en. With --from, of the comments "
                "only (the texts are CURRENT's); default: the language of CURRENT."
            ),
            show_default=False,
        ),
    ] = None,
    list_templates: Annotated[bool, typer.Option("--list", help=tr("List the templates and exit."))] = False,
    force: Annotated[bool, typer.Option("--force", help=tr("Replace PATH if it exists."))] = False,
    current: Annotated[
        str | None,
        typer.Option(
            "--from",
            help=tr(
                "Make an ideal-state twin of this current-state map: the same stages, personas, departments "
                "and channels, `twin:` pointing back at it."
            ),
            metavar="CURRENT",
            show_default=False,
        ),
    ] = None,
) -> None:
    from ..core.text import plain

    if list_templates:
        _list(TEMPLATES, DEFAULT_TEMPLATE)
    if current is not None and template not in (None, IDEAL):
        usage_error("--from makes an ideal-state twin: use it with --template ideal, or leave --template out")
    if current == STDOUT:
        usage_error("--from needs a map file: the twin names it by its path")
    if current is not None and not _names_a_file(current):
        usage_error(f"--from {current!r} names no file")
    name = template if template else (IDEAL if current else DEFAULT_TEMPLATE)
    target = _target(path, current)
    if target is not None:
        _refuse_file_as_folder(target, path)
        _refuse_replacing(target, force, current)
    to_fill = 0
    if current is not None:
        text, language, to_fill = _ideal_from(current, target, lang)
    else:
        language = lang or "en"
        text = _starter(name, language, target)
    _write(text, target)
    if target is not None:
        made = f"the ideal-state twin of {current}" if current is not None else f"template {name}"
        sys.stderr.write(plain(f"wrote {target} ({made}, {language})") + "\n")
        _next_steps(target, name, language, current, to_fill)


def _list(templates: dict[str, str], default: str) -> NoReturn:
    width = max(len(name) for name in templates)
    for name, description in templates.items():
        sys.stdout.write(f"{name:<{width}}  {description}\n")
    sys.stdout.write(f"\nEach in en and ru (--lang). Default: {default}. Example: cjm init shop.yaml -t {default}\n")
    raise typer.Exit(0)


def _target(path: str | None, current: str | None) -> Path | None:
    """The file to write (None for standard output): a folder argument gets the default name inside it."""
    if path == STDOUT:
        return None
    if path is not None and not _names_a_file(path):
        usage_error(f"{path!r} is not a file name")
    if path is None:
        if current is None:
            return Path(DEFAULT_NAME)
        return Path(current).with_name(Path(current).stem + "-ideal.yaml")
    if os.path.isdir(path) or path.endswith(("/", os.sep)):
        return Path(path) / DEFAULT_NAME
    target = Path(path)
    if target.suffix.lower() not in (".yaml", ".yml"):
        usage_error(
            f"{path}: a map file ends in .yaml or .yml (that is how `cjm validate DIR` finds it); "
            f"name it {target.with_suffix('.yaml').name}, or end a folder's name with /"
        )
    return target


def _names_a_file(path: str) -> bool:
    return bool(path.strip()) and "\x00" not in path


def _refuse_file_as_folder(target: Path, path: str | None) -> None:
    """A file where the target's folder should be is a mistake in the path, not a failure of the machine."""
    folder = next((parent for parent in target.parents if os.path.lexists(parent)), None)
    if folder is None or os.path.isdir(folder):
        return
    what = "a file, not a folder" if os.path.isfile(folder) else "not a folder"
    hint = "name a map file in a folder"
    if path is not None and Path(path) == folder and folder.suffix.lower() in (".yaml", ".yml"):  # `map.yaml/`
        hint = f"to write the map to {folder} itself, leave out the trailing / (and add --force to replace it)"
    usage_error(f"{path or target}: {folder} is {what}; {hint}")


def _refuse_replacing(target: Path, force: bool, current: str | None) -> None:
    from ..core.text import plain

    if current is not None and _same_file(target, Path(current)):
        usage_error(f"{target} is the current map itself; write its twin to another file")
    if os.path.lexists(target) and not force:
        sys.stderr.write(f"cjm: error: {plain(str(target))} exists; nothing written\n")
        sys.stderr.write("    hint: add --force to replace it, or name another file\n")
        raise typer.Exit(1)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except (OSError, ValueError):  # one of them does not exist (yet): they cannot be the same file
        return False


def _starter(name: str, lang: Language, target: Path | None) -> str:
    from ..starters import schema_header, schema_reference, starter_text

    folder = target.parent if target is not None else Path.cwd()
    schema, _ = schema_reference(folder)
    map_name = target.name if target is not None else DEFAULT_NAME
    return schema_header(schema, lang) + starter_text(name, lang, map_name)


def _ideal_from(current: str, target: Path | None, lang: Language | None) -> tuple[str, Language, int]:
    """The twin of `current` for `target`, checked like any map before it is written; its language, and how
    many warnings it has (what is left to fill in)."""
    from ..core.pipeline import check_file, check_source
    from ..core.read import Source
    from ..core.rules import RuleOptions
    from ..starters import schema_header, schema_reference
    from ..starters.ideal import ideal_twin

    checked = check_file(current)
    if not checked.ok or checked.journey_map is None:
        _problems(checked, f"cannot make the twin of {current}: fix the problems above first")
    journey_map = checked.journey_map
    if journey_map.journey is None:
        fail(f"{current} has no journey stages (journey: stages:) for an ideal-state twin to share", 1)
    if journey_map.type == "ideal":
        fail(f"{current} is an ideal-state map itself (type: ideal); make the twin of a current-state map", 1)
    folder = target.parent if target is not None else Path.cwd()
    twin = Path(os.path.relpath(Path(current).resolve(), folder.resolve())).as_posix()
    language = lang or journey_map.lang
    schema, _ = schema_reference(folder)
    text = schema_header(schema, language) + ideal_twin(journey_map, twin, language)
    made = check_source(Source(str(target or DEFAULT_NAME), text), RuleOptions(twin_base=folder))
    if not made.ok:  # a path or a title too long for the format, say: say so rather than write a broken map
        _problems(made, "the twin made from it is not a valid map; nothing written")
    return text, language, sum(problem.severity == "warning" for problem in made.problems)


def _write(text: str, target: Path | None) -> None:
    if target is None:
        sys.stdout.write(text)
        return
    write_output(target, text)


def _next_steps(target: Path, name: str, lang: Language, current: str | None, to_fill: int) -> None:
    from ..core.text import plain
    from ..starters import schema_reference

    shown = plain(shlex.quote(str(target)))
    steps = [f"next: edit it, then: cjm validate {shown} && cjm render {shown}"]
    if to_fill:
        steps[0] = f"next: fill in each stage; cjm validate {shown} lists what is missing ({to_fill} now)"
    if name == "ideal" and current is None and not (target.parent / "current.yaml").exists():
        current_map = plain(shlex.quote(str(target.parent / "current.yaml")))
        steps.append(
            "twin: names current.yaml, which does not exist: point it at your current-state map (the same stage "
            f"ids), or make one: cjm init {current_map} --template b2c --lang {lang}"
        )
    schema, exists = schema_reference(target.parent)
    if not exists:
        schema_path = plain(shlex.quote(os.path.normpath(target.parent / schema)))
        steps.append(f"editors check the map as you type once the schema is there: cjm schema -o {schema_path}")
    sys.stderr.write("".join(f"    {step}\n" for step in steps))


def _problems(checked: Checked, message: str) -> NoReturn:
    from ..reports.problems import report, summary

    report([checked], "auto", sys.stderr)
    sys.stderr.write(summary([checked]) + "\n")
    fail(message, 1)
