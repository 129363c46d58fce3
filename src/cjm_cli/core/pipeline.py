"""The core pipeline of one map: read -> load -> model -> validate -> check -> rules, collecting the problems of
every stage (bounded: at most a hundred of one kind are listed, the rest counted), and the outcomes commands
pass along: `Checked` (a map checked) and `Converted` (a file converted)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .check import check_references
from .config import Settings, settings_for
from .include import Shelf, include_shared
from .jobs import in_order
from .load import Document, load
from .model import JourneyMap
from .problems import Problem, bounded
from .read import STDIN, STDIN_NAME, Source, read_source
from .rule_checks import check_rules
from .rules import NO_RULES, TWIN_UNREADABLE, TWIN_WITH_ERRORS, RuleOptions
from .validate import validate_document


@dataclass
class Checked:
    """The outcome of checking one file: the map when it is valid, and every problem found."""

    path: str
    journey_map: JourneyMap | None = None
    problems: list[Problem] = field(default_factory=list)
    document: Document | None = field(default=None, repr=False, compare=False)
    """The map as loaded, with the position of every key and value (None when it could not be loaded)."""
    valid: bool = field(default=False, repr=False, compare=False)
    """The map was made (and then let go by `slim`)."""

    @property
    def ok(self) -> bool:
        made = self.journey_map is not None or self.valid
        return made and not any(p.severity == "error" for p in self.problems)

    def slim(self) -> Checked:
        """The path and the problems only, for a report of many maps: the map and its document let go."""
        return Checked(self.path, problems=self.problems, valid=self.journey_map is not None or self.valid)

    def reads(self) -> list[Path]:
        """Every file besides the map itself that its problems and its outputs depend on: the files it includes
        and an ideal map's twin."""
        found = [Path(name) for name in self.document.included] if self.document else []
        if self.journey_map is None or self.journey_map.twin is None:
            return found
        return [*found, (Path.cwd() if self.path == STDIN_NAME else Path(self.path).parent) / self.journey_map.twin]


def check_source(source: Source, rules: RuleOptions | None = None) -> Checked:
    """Check text already read; stages after the first failing one are skipped. `rules` chooses the
    methodology rules (default: all; an ideal map's twin is not read unless `rules.twin_base` is set)."""
    with _collector_paused():
        return _check_source(source, rules)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a map is checked: checking makes many objects and frees few, and
    each of the collector's passes walks every object alive, so that with it on a map twice as large took
    nearly four times as long (benchmarks/scale.py measures the growth)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _check_source(source: Source, rules: RuleOptions | None) -> Checked:
    result = Checked(source.path, problems=list(source.problems))
    if any(p.severity == "error" for p in source.problems):
        return _sorted(result)
    document = load(source.path, source.text)
    result.document = document
    result.problems += document.problems
    if document.data is None:  # unreadable YAML; after duplicate keys or tags, the data is still worth checking
        return _sorted(result)
    included = include_shared(document, _shelf(source))
    result.problems += included
    journey_map, problems = validate_document(document)
    # A value the loader already reported (an unsupported tag, say) needs no second problem at the same place.
    reported = {(p.path, p.position) for p in (*document.problems, *included)}
    result.problems += [p for p in problems if (p.path, p.position) not in reported]
    if journey_map is not None:
        if journey_map.include:  # the included items are in the map now: a checked map stands on its own
            journey_map = journey_map.model_copy(update={"include": []})
        result.problems += check_references(journey_map, document)
        result.journey_map = journey_map
        if not any(p.severity == "error" for p in result.problems):
            result.problems += check_rules(journey_map, document, rules or RuleOptions(), _read_twin)
    return _sorted(result)


def _shelf(source: Source) -> Shelf | None:
    """Where the files the map includes are: in the revision it was read from, else on disk beside it."""
    if source.revision is None:
        return None
    from .git_source import Revision  # git only for a map read from git

    return Revision(*source.revision)


def check_file(argument: str, rules: RuleOptions | None = None) -> Checked:
    """Read and check one map file (`-` for standard input). Without `rules`, the rules are chosen by the
    `.cjm.yaml` nearest to the file (see `config.py`; its own problems are reported by `settings_problems`)."""
    return check_source(read_source(argument), rules_for(argument, rules))


def check_many(files: Sequence[str], rules: Sequence[RuleOptions], jobs: int = 1) -> Iterator[Checked]:
    """Check each of `files` with its `rules`, on up to `jobs` processes, in the order of `files`; each result
    `slim` (a report of many maps needs only their problems)."""
    return in_order(_check_slim, list(zip(files, rules, strict=True)), jobs)


def _check_slim(task: tuple[str, RuleOptions]) -> Checked:
    return check_file(*task).slim()


def rules_for(argument: str, rules: RuleOptions | None = None) -> RuleOptions:
    """The rules for the map at `argument`: `rules`, or those of the nearest `.cjm.yaml`; an ideal map's twin
    is looked for beside the map (beside the current folder for standard input)."""
    if rules is None:
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
    return TWIN_UNREADABLE if any(p.code == "io" for p in twin.problems) else TWIN_WITH_ERRORS


def _sorted(result: Checked) -> Checked:
    """The problems sorted by position, with at most `LISTED` errors of one code (the rules bound their
    warnings themselves): a map of 40,000 unknown references lists a hundred and counts the rest."""
    result.problems = sorted(bounded(result.problems, "error"), key=Problem.sort_key)
    return result


@dataclass
class Converted:
    """The outcome of an import or export: the text to write (None when there is nothing to write), the problems,
    and a line saying what was done."""

    text: str | None
    problems: list[Problem] = field(default_factory=list)
    summary: str = ""

    @property
    def ok(self) -> bool:
        return self.text is not None and not any(p.severity == "error" for p in self.problems)
