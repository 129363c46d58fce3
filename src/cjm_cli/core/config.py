"""Settings from `.cjm.yaml`: which methodology rules run, and whether warnings fail.

A map takes the `.cjm.yaml` nearest to it: in its own folder, or the closest folder above it, stopping at the
top of the git repository (a folder holding `.git`); outside a repository, at the current folder (for a map
outside the current folder, only its own folder counts). A map read from standard input takes the one for the
current folder. The file is flat and short:

    select: [all]               # rule codes or groups (`cjm rules`); default: all
    ignore: [stage-no-kpi]      # codes or groups never reported
    strict: true                # warnings fail the check (exit 1), as with --strict
    stale_after_days: 31        # pulled figures older than this are reported (pulled-stale)

Why YAML and not `[tool.cjm]` in pyproject.toml: the people who keep maps (marketers, CX researchers,
sales-ops consultants) keep them in repositories that have no Python project, and they already write YAML.
Problems with the file are reported like any map problem, at their line and column.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .i18n import tr
from .load import Document, load
from .problems import Problem, UsageError, shown
from .read import STDIN, read_source
from .rules import BY_CODE, GROUPS, STALE_AFTER_DAYS, RuleOptions, expand
from .validate import suggest

CONFIG_NAME = ".cjm.yaml"
_KEYS = ("select", "ignore", "strict", "stale_after_days")


@dataclass(frozen=True)
class Overrides:
    """What the command line says, over the file: `--select` replaces, `--ignore` adds, `--strict` sets."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool | None = None
    config: Path | None = None
    """A settings file given with --config, used for every map instead of the nearest `.cjm.yaml`."""


@dataclass(frozen=True)
class Settings:
    rules: RuleOptions = field(default_factory=RuleOptions)
    strict: bool = False
    path: str | None = None
    """The settings file these came from, if any."""
    problems: tuple[Problem, ...] = field(default=())


def settings_for(argument: str, overrides: Overrides = Overrides()) -> Settings:
    """The settings for the map at `argument` (`-` for standard input)."""
    if overrides.config is not None:
        found: Path | None = overrides.config
    else:
        start = Path.cwd() if argument == STDIN else Path(argument).absolute().parent
        found = find_config(start)
    settings = _read(_shown_path(found)) if found is not None else Settings()
    rules = settings.rules
    if overrides.select:
        rules = replace(rules, select=_expand_option(overrides.select, "--select"))
    if overrides.ignore:
        rules = replace(rules, ignore=rules.ignore | _expand_option(overrides.ignore, "--ignore"))
    strict = settings.strict if overrides.strict is None else overrides.strict
    return Settings(rules, strict, settings.path, settings.problems)


def _expand_option(names: tuple[str, ...], option: str) -> frozenset[str]:
    try:
        return expand(names)
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None


def _shown_path(path: Path) -> str:
    """A settings file's path as problems name it: relative to the current folder when it lies below it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def find_config(start: Path) -> Path | None:
    """The nearest `.cjm.yaml` at or above `start` (an absolute folder), looking no higher than the top of
    its git repository; outside a repository, no higher than the current folder when `start` lies below it
    (and never in the file system's root), else in `start` only. A settings file left in a folder above (a
    home folder, `/tmp`, `/`) never changes which rules run."""
    for folder in _searched(start):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def _searched(start: Path) -> list[Path]:
    """The folders `find_config` looks in, nearest first."""
    above = [start, *start.parents]
    for n, folder in enumerate(above):
        if (folder / ".git").exists():
            return above[: n + 1]
    here = Path.cwd()
    if start != here and here not in start.parents:
        return [start]
    # Not the file system's root (a folder that is its own parent), unless the map is there itself.
    return [folder for folder in above[: above.index(here) + 1] if folder == start or folder.parent != folder]


# Parsed settings files by path and version: one file serves every map below it, and `cjm watch` sees edits.
_cache: dict[tuple[str, int, int], Settings] = {}


def _read(path: str) -> Settings:
    try:
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (path, 0, 0)
    if key not in _cache:
        _cache[key] = _parse(path)
    return _cache[key]


def _parse(path: str) -> Settings:
    source = read_source(path)
    if any(p.severity == "error" for p in source.problems):
        return Settings(path=path, problems=tuple(source.problems))
    document = load(path, source.text)
    codes = {p.code for p in document.problems}
    if codes <= {"empty"} and document.data is None:
        return Settings(path=path)  # an empty file, or comments only: the defaults
    if "not-a-map" in codes:
        shape = tr("the settings are `key: value` lines: {keys}", keys=", ".join(_KEYS))
        example = tr("e.g. `{example}`", example="ignore: [stage-no-kpi]")
        return Settings(path=path, problems=(_problem(document, (), shape, example),))
    if document.data is None or document.problems:
        return Settings(path=path, problems=tuple(document.problems))
    data = document.data
    problems: list[Problem] = []
    for key in data:
        if key not in _KEYS:
            hint = suggest(str(key), _KEYS) or tr("the keys are {keys}", keys=", ".join(_KEYS))
            message = tr("unknown setting '{key}'", key=shown(key))
            problems.append(_problem(document, (key,), message, hint, at_key=True))
    select = _codes(document, "select", problems)
    ignore = _codes(document, "ignore", problems)
    strict = data.get("strict", False)
    if not isinstance(strict, bool):
        hint = tr("write true or false (YAML reads yes, no, on and off as text)")
        problems.append(_problem(document, ("strict",), tr("`strict` is true or false"), hint))
        strict = False
    rules = RuleOptions(
        select=select if select is not None else frozenset(BY_CODE),
        ignore=ignore or frozenset(),
        stale_after_days=_days(document, problems),
    )
    return Settings(rules, strict, path, tuple(problems))


def _days(document: Document, problems: list[Problem]) -> int:
    value = document.data.get("stale_after_days", STALE_AFTER_DAYS)
    if type(value) is not int or value < 0:
        hint = tr("a whole number of days, e.g. `stale_after_days: {days}`", days=STALE_AFTER_DAYS)
        message = tr("`stale_after_days` is a number of days")
        problems.append(_problem(document, ("stale_after_days",), message, hint))
        return STALE_AFTER_DAYS
    return value


def _codes(document: Document, key: str, problems: list[Problem]) -> frozenset[str] | None:
    value = document.data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        # As in a map, where `ignore:` is a list even of one code.
        example = f"[{value}]" if isinstance(value, str) else "[stage-no-kpi, site]"
        hint = tr("write `{key}: {example}`", key=key, example=shown(example))
        problems.append(_problem(document, (key,), tr("`{key}` is a list of rule codes or groups", key=key), hint))
        return None
    codes: set[str] = set()
    for i, name in enumerate(value):
        try:
            codes |= expand([name])
        except ValueError:
            hint = suggest(name.lower(), [*BY_CODE, *GROUPS]) or tr("`cjm rules` lists the codes and groups")
            message = tr("no rule or group is called '{name}'", name=shown(name))
            problems.append(_problem(document, (key, i), message, hint))
    return frozenset(codes)


def _problem(
    document: Document, at: tuple[str | int, ...], message: str, hint: str = "", at_key: bool = False
) -> Problem:
    position = document.key_position(at) if at_key else document.position(at)
    return Problem(document.path, position, "error", "config", message, hint)
