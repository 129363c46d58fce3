"""The library's front door: check map files through read -> load -> model -> check, collecting problems.

Everything the CLI does is callable from here, e.g. `check_file("map.yaml").problems`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .core.check import check_references
from .core.load import load
from .core.model import JourneyMap
from .core.problems import EnvironmentFailure, Problem, UsageError
from .core.read import STDIN, Source, read_source
from .core.rules import NO_RULES, RuleOptions, check_rules
from .core.validate import validate_document

if TYPE_CHECKING:
    from .core.config import Settings
    from .render.graphviz_run import Dot
    from .render.outputs import RenderOptions


@dataclass
class Checked:
    """The outcome of checking one file: the map when it is valid, and every problem found."""

    path: str
    journey_map: JourneyMap | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.journey_map is not None and not any(p.severity == "error" for p in self.problems)


def check_source(source: Source, rules: RuleOptions | None = None) -> Checked:
    """Check text already read; stages after the first failing one are skipped. `rules` chooses the
    methodology rules (default: all; an ideal map's twin is not read unless `rules.twin_base` is set)."""
    result = Checked(source.path, problems=list(source.problems))
    if any(p.severity == "error" for p in source.problems):
        return _sorted(result)
    document = load(source.path, source.text)
    result.problems += document.problems
    if document.data is None:  # unreadable YAML; after duplicate keys or tags, the data is still worth checking
        return _sorted(result)
    journey_map, problems = validate_document(document)
    # A value the loader already reported (an unsupported tag, say) needs no second problem at the same place.
    reported = {p.position for p in document.problems}
    result.problems += [p for p in problems if p.position not in reported]
    if journey_map is not None:
        result.problems += check_references(journey_map, document)
        result.journey_map = journey_map
        if not any(p.severity == "error" for p in result.problems):
            result.problems += check_rules(journey_map, document, rules or RuleOptions(), _read_twin)
    return _sorted(result)


def check_file(argument: str, rules: RuleOptions | None = None) -> Checked:
    """Read and check one map file (`-` for standard input). Without `rules`, the rules are chosen by the
    `.cjm.yaml` nearest to the file (see `config.py`; its own problems are reported by `settings_problems`)."""
    return check_source(read_source(argument), rules_for(argument, rules))


def rules_for(argument: str, rules: RuleOptions | None = None) -> RuleOptions:
    """The rules for the map at `argument`: `rules`, or those of the nearest `.cjm.yaml`; an ideal map's twin
    is looked for beside the map (beside the current folder for standard input)."""
    if rules is None:
        from .core.config import settings_for

        rules = settings_for(argument).rules
    return replace(rules, twin_base=Path.cwd() if argument == STDIN else Path(argument).parent)


def settings_problems(used: Iterable[Settings]) -> list[Checked]:
    """The problems of the settings files in `used`, once per file, as results of their own."""
    found: dict[str, Checked] = {}
    for settings in used:
        if settings.path is not None and settings.problems and settings.path not in found:
            found[settings.path] = _sorted(Checked(settings.path, problems=list(settings.problems)))
    return list(found.values())


def _read_twin(path: Path) -> JourneyMap | str:
    """An ideal map's twin, checked without rules (so that a twin is never read twice over, even when two
    maps name each other); or what is wrong with it."""
    twin = check_source(read_source(str(path)), NO_RULES)
    if twin.ok and twin.journey_map is not None:
        return twin.journey_map
    return "cannot be read" if any(p.code == "io" for p in twin.problems) else "has errors (run `cjm validate` on it)"


def _sorted(result: Checked) -> Checked:
    result.problems.sort(key=Problem.sort_key)
    return result


@dataclass
class RenderOutcome:
    """A map rendered (or not): its check, the render's problems, its outputs in memory, and then either the
    files written (`render_file`) or the files on disk that differ from the outputs (`check_render`)."""

    checked: Checked
    problems: list[Problem] = field(default_factory=list)
    outputs: dict[Path, bytes] = field(default_factory=dict)
    """Every output file's bytes by its path; empty unless the map was valid and rendered without error."""
    written: list[Path] = field(default_factory=list)
    stale: list[tuple[str, Path]] = field(default_factory=list)
    """`("missing", path)` or `("stale", path)` for each output the files on disk do not match."""

    @property
    def ok(self) -> bool:
        return self.checked.ok and not any(p.severity == "error" for p in self.problems)


def output_folders(found: list[tuple[str, str | None]], out_dir: Path | None) -> dict[str, Path]:
    """Where each map's outputs go: beside the map, or in `out_dir` (keeping the folders below a directory
    argument). Two maps that would write the same files are a usage error."""
    folders: dict[str, Path] = {}
    claimed: dict[Path, str] = {}
    for argument, root in found:
        if argument == STDIN:
            if out_dir is None:
                raise UsageError("a map read from standard input needs an output folder: add -o DIR")
            folder = out_dir
        elif out_dir is None:
            folder = Path(argument).parent
        else:
            below = Path(argument).parent.relative_to(root) if root else Path(".")
            folder = out_dir / below
        target = folder / output_stem(argument)
        if target in claimed:
            raise UsageError(
                f"{claimed[target]} and {argument} would write the same files in {folder}; render them apart"
            )
        claimed[target] = argument
        folders[argument] = folder
    return folders


def output_stem(argument: str) -> str:
    """`maps/shop.yaml` -> `shop`: outputs are named after the map file."""
    return "stdin" if argument == STDIN else Path(argument).stem


def render_outputs(argument: str, folder: Path, options: RenderOptions, dot: Dot) -> RenderOutcome:
    """Check one map and, when it is valid, render its outputs for `folder` in memory (nothing is written)."""
    return render_checked(check_file(argument), folder, output_stem(argument), options, dot)


def render_checked(checked: Checked, folder: Path, stem: str, options: RenderOptions, dot: Dot) -> RenderOutcome:
    """Render a map already checked: `outcome.outputs` holds every file, or nothing when any of them failed."""
    from .render.outputs import render_map

    outcome = RenderOutcome(checked)
    if not checked.ok or checked.journey_map is None:
        return outcome
    rendered = render_map(checked.journey_map, checked.path, stem, options, dot)
    outcome.problems = rendered.problems
    if rendered.ok:
        outcome.outputs = {folder / name: data for name, data in sorted(rendered.outputs.items())}
    return outcome


def render_file(argument: str, folder: Path, options: RenderOptions, dot: Dot) -> RenderOutcome:
    """Check one map and, when it is valid, render and write its outputs into `folder`.

    Outputs are written only when all of them were made, each atomically: a failure leaves the previous
    files as they were.
    """
    from .core.write import write_atomic

    outcome = render_outputs(argument, folder, options, dot)
    for path, data in outcome.outputs.items():
        write_atomic(path, data)
        outcome.written.append(path)
    return outcome


def check_render(argument: str, folder: Path, options: RenderOptions, dot: Dot) -> RenderOutcome:
    """Render one map in memory, as `render_file` would, and compare with the files on disk, writing nothing:
    `outcome.stale` lists the outputs that are missing or differ."""
    outcome = render_outputs(argument, folder, options, dot)
    for path, data in outcome.outputs.items():
        state = output_state(path, data)
        if state != "fresh":
            outcome.stale.append((state, path))
    return outcome


def output_state(path: Path, data: bytes) -> str:
    """`fresh` when the file at `path` holds exactly `data`, `missing` when there is none, else `stale`."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "stale"  # a folder or a pipe is in the way (never opened: a pipe would block)
        with open(path, "rb") as handle:
            on_disk = handle.read(len(data) + 1)  # one byte more tells a longer file apart
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        return "stale"  # a file where a folder of outputs should be
    except OSError as error:
        raise EnvironmentFailure(f"cannot read {path}: {error.strerror or error}") from error
    return "fresh" if on_disk == data else "stale"


def graphviz_version(dot: Dot) -> str:
    """The version of Graphviz `dot` says it is (`dot -V`: "dot - graphviz version 2.43.0 (0)" -> "2.43.0"),
    or "" when it does not say."""
    import re
    import subprocess

    try:
        answer = subprocess.run([dot.path, "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    found = re.search(rb"version\s+(\S+)", answer.stderr + answer.stdout)
    return found[1].decode("ascii", "replace") if found else ""
