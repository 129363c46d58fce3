"""The library's front door: check map files through read -> load -> model -> check, collecting problems.

Everything the CLI does is callable from here, e.g. `check_file("map.yaml").problems`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .check import check_references
from .load import load
from .model import JourneyMap
from .problems import Problem
from .read import Source, read_source
from .validate import validate_document


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
