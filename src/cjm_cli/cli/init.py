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
        usage_error(tr("--from makes an ideal-state twin: use it with --template ideal, or leave --template out"))
    if current == STDOUT:
        usage_error(tr("--from needs a map file: the twin names it by its path"))
    if current is not None and not _names_a_file(current):
        usage_error(tr("--from {path} names no file", path=repr(current)))
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
        made = (
            tr("the ideal-state twin of {map}", map=current)
            if current is not None
            else tr("template {name}", name=name)
        )
        sys.stderr.write(
            plain(tr("wrote {path} ({made}, {language})", path=target, made=made, language=language)) + "\n"
        )
        _next_steps(target, name, language, current, to_fill)


def _list(templates: dict[str, str], default: str) -> NoReturn:
    width = max(len(name) for name in templates)
    for name, description in templates.items():
        sys.stdout.write(f"{name:<{width}}  {tr(description)}\n")
    sys.stdout.write(
        "\n"
        + tr("Each in en and ru (--lang). Default: {name}. Example: cjm init shop.yaml -t {name}", name=default)
        + "\n"
    )
    raise typer.Exit(0)


def _target(path: str | None, current: str | None) -> Path | None:
    """The file to write (None for standard output): a folder argument gets the default name inside it."""
    if path == STDOUT:
        return None
    if path is not None and not _names_a_file(path):
        usage_error(tr("{path} is not a file name", path=repr(path)))
    if path is None:
        if current is None:
            return Path(DEFAULT_NAME)
        return Path(current).with_name(Path(current).stem + "-ideal.yaml")
    if os.path.isdir(path) or path.endswith(("/", os.sep)):
        return Path(path) / DEFAULT_NAME
    target = Path(path)
    if target.suffix.lower() not in (".yaml", ".yml"):
        usage_error(
            tr(
                "{path}: a map file ends in .yaml or .yml (that is how `cjm validate DIR` finds it); name it {name}, "
                "or end a folder's name with /",
                path=path,
                name=target.with_suffix(".yaml").name,
            )
        )
    return target


def _names_a_file(path: str) -> bool:
    return bool(path.strip()) and "\x00" not in path


def _refuse_file_as_folder(target: Path, path: str | None) -> None:
    """A file where the target's folder should be is a mistake in the path, not a failure of the machine."""
    folder = next((parent for parent in target.parents if os.path.lexists(parent)), None)
    if folder is None or os.path.isdir(folder):
        return
    what = tr("a file, not a folder") if os.path.isfile(folder) else tr("not a folder")
    hint = tr("name a map file in a folder")
    if path is not None and Path(path) == folder and folder.suffix.lower() in (".yaml", ".yml"):  # `map.yaml/`
        hint = tr(
            "to write the map to {folder} itself, leave out the trailing / (and add --force to replace it)",
            folder=folder,
        )
    usage_error(tr("{path}: {folder} is {what}; {hint}", path=path or target, folder=folder, what=what, hint=hint))


def _refuse_replacing(target: Path, force: bool, current: str | None) -> None:
    from ..core.text import plain

    if current is not None and _same_file(target, Path(current)):
        usage_error(tr("{path} is the current map itself; write its twin to another file", path=target))
    if os.path.lexists(target) and not force:
        sys.stderr.write(tr("cjm: error: {path} exists; nothing written", path=plain(str(target))) + "\n")
        sys.stderr.write("    " + tr("hint: {hint}", hint=tr("add --force to replace it, or name another file")) + "\n")
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
    from ..starters.ideal import ideal_twin, included_by

    checked = check_file(current)
    if not checked.ok or checked.journey_map is None:
        _problems(checked, tr("cannot make the twin of {map}: fix the problems above first", map=current))
    journey_map = checked.journey_map
    if journey_map.journey is None:
        fail(tr("{map} has no journey stages (journey: stages:) for an ideal-state twin to share", map=current), 1)
    if journey_map.type == "ideal":
        message = tr(
            "{map} is an ideal-state map itself (type: ideal); make the twin of a current-state map", map=current
        )
        fail(message, 1)
    folder = target.parent if target is not None else Path.cwd()
    twin = Path(os.path.relpath(Path(current).resolve(), folder.resolve())).as_posix()
    language = lang or journey_map.lang
    schema, _ = schema_reference(folder)
    included = included_by(checked, folder)
    text = schema_header(schema, language) + ideal_twin(journey_map, twin, language, included)
    made = check_source(Source(str(target or DEFAULT_NAME), text), RuleOptions(twin_base=folder))
    if included is not None and any(p.code == "include" for p in made.problems):
        # the shared files are out of the twin's reach (another repository): it gets their items written out
        text = schema_header(schema, language) + ideal_twin(journey_map, twin, language)
        made = check_source(Source(str(target or DEFAULT_NAME), text), RuleOptions(twin_base=folder))
    if not made.ok:  # a path or a title too long for the format, say: say so rather than write a broken map
        _problems(made, tr("the twin made from it is not a valid map; nothing written"))
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
    steps = [tr("next: edit it, then: cjm validate {map} && cjm render {map}", map=shown)]
    if to_fill:
        steps[0] = tr(
            "next: fill in each stage; cjm validate {map} lists what is missing ({n} now)", map=shown, n=to_fill
        )
    if name == "ideal" and current is None and not (target.parent / "current.yaml").exists():
        current_map = plain(shlex.quote(str(target.parent / "current.yaml")))
        steps.append(
            tr(
                "twin: names current.yaml, which does not exist: point it at your current-state map (the same stage "
                "ids), or make one: cjm init {map} --template b2c --lang {lang}",
                map=current_map,
                lang=lang,
            )
        )
    schema, exists = schema_reference(target.parent)
    if not exists:
        schema_path = plain(shlex.quote(os.path.normpath(target.parent / schema)))
        steps.append(
            tr("editors check the map as you type once the schema is there: cjm schema -o {path}", path=schema_path)
        )
    sys.stderr.write("".join(f"    {step}\n" for step in steps))


def _problems(checked: Checked, message: str) -> NoReturn:
    from ..reports.problems import report, summary

    report([checked], "auto", sys.stderr)
    sys.stderr.write(summary([checked]) + "\n")
    fail(message, 1)
