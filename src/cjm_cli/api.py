"""The library's front door: check map files through read -> load -> model -> check, collecting problems.

Everything the CLI does is callable from here, e.g. `check_file("map.yaml").problems`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .check import check_references
from .load import load
from .model import JourneyMap
from .problems import Problem, UsageError
from .read import STDIN, Source, read_source
from .validate import validate_document

if TYPE_CHECKING:
    from .graphviz_run import Dot
    from .render import RenderOptions


@dataclass
class Checked:
    """The outcome of checking one file: the map when it is valid, and every problem found."""

    path: str
    journey_map: JourneyMap | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.journey_map is not None and not any(p.severity == "error" for p in self.problems)


def check_source(source: Source) -> Checked:
    """Check text already read; stages after the first failing one are skipped."""
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
    return _sorted(result)


def check_file(argument: str) -> Checked:
    """Read and check one map file (`-` for standard input)."""
    return check_source(read_source(argument))


def _sorted(result: Checked) -> Checked:
    result.problems.sort(key=Problem.sort_key)
    return result


@dataclass
class RenderOutcome:
    """A map rendered (or not): its check, the render's problems and the files written."""

    checked: Checked
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

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


def render_file(argument: str, folder: Path, options: RenderOptions, dot: Dot) -> RenderOutcome:
    """Check one map and, when it is valid, render and write its outputs into `folder`.

    Outputs are written only when all of them were made, each atomically: a failure leaves the previous
    files as they were.
    """
    from .render import render_map
    from .write import write_atomic

    checked = check_file(argument)
    outcome = RenderOutcome(checked)
    if not checked.ok or checked.journey_map is None:
        return outcome
    rendered = render_map(checked.journey_map, checked.path, output_stem(argument), options, dot)
    outcome.problems = rendered.problems
    if rendered.ok:
        for name, data in sorted(rendered.outputs.items()):
            write_atomic(folder / name, data)
            outcome.written.append(folder / name)
    return outcome
