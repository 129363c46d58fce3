"""Running an export: check the map, then write it in the kind asked for (see `__init__` for the kinds)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..core.load import Document
from ..core.model import JourneyMap, check_link
from ..core.pipeline import Converted, check_file
from ..core.problems import START, Problem, UsageError
from ..views.blocks import block_tables
from . import EXPORT_BLOCKS, GRID_ONLY, ISSUES, TABLES
from .issues import TRACKERS, issues
from .json_map import to_json
from .mermaid import MAX_TEXT_SIZE, text_size, to_mermaid
from .table import to_csv, to_markdown


@dataclass(frozen=True)
class ExportOptions:
    """What `cjm export issues` needs besides the map."""

    tracker: str | None = None
    """`jira`, `gitlab` or `github`."""
    link_base: str | None = None
    """The address the map file's path is appended to for a link back to it (a repository's web view)."""
    blocks: tuple[str, ...] = ()
    """With csv and markdown: the tables to write (`EXPORT_BLOCKS`' names), none for the kind's default."""


@dataclass(frozen=True)
class Exporting:
    """A checked map to export, and how."""

    journey_map: JourneyMap
    path: str
    document: Document | None
    options: ExportOptions


def _issues(exporting: Exporting) -> str:
    tracker = exporting.options.tracker
    assert tracker is not None  # export_map checks it
    m = exporting
    return TRACKERS[tracker](issues(m.journey_map, m.path, m.document, m.options.link_base), m.path)


WRITERS: dict[str, Callable[[Exporting], str]] = {
    "mermaid": lambda e: to_mermaid(e.journey_map),
    "json": lambda e: to_json(e.journey_map),
    "csv": lambda e: to_csv(e.journey_map, e.options.blocks[0]),
    "markdown": lambda e: to_markdown(e.journey_map, e.options.blocks),
    ISSUES: _issues,
}


def check_options(kind: str, options: ExportOptions) -> None:
    """Raise `UsageError` for options that do not go with `kind`: issues need a tracker, nothing else takes one."""
    if kind == ISSUES and options.tracker not in TRACKERS:
        raise UsageError(f"export issues needs --to with one of: {', '.join(TRACKERS)}")
    if kind != ISSUES and (options.tracker or options.link_base):
        raise UsageError("--to and --link-base go with `cjm export issues`")
    if options.blocks and kind not in TABLES:
        raise UsageError("--block goes with `cjm export csv` and `cjm export markdown`")
    if kind == "csv" and len(options.blocks) > 1:
        raise UsageError("--block: a CSV file holds one table; export each to a file of its own")
    if options.link_base is not None:
        try:
            check_link(options.link_base)
        except ValueError as error:
            raise UsageError(f"--link-base: {error}") from None
        if not options.link_base.lower().startswith(("https://", "http://")):
            raise UsageError("--link-base: give the web address of the folder the map's path is relative to")


def export_map(
    kind: str,
    journey_map: JourneyMap,
    path: str = "",
    document: Document | None = None,
    options: ExportOptions = ExportOptions(),
) -> Converted:
    """`journey_map` as text of `kind`; a problem when the kind needs a journey grid the map does not have."""
    check_options(kind, options)
    if kind in GRID_ONLY and journey_map.journey is None:
        hint = "add `journey: {stages: [...]}`, or export the whole map as json"
        return Converted(None, [_no_journey(path, kind, hint)])
    if kind in TABLES:
        blocks, problems = _blocks(kind, journey_map, path, options.blocks)
        if problems:
            return Converted(None, problems)
        options = replace(options, blocks=blocks)
    text = WRITERS[kind](Exporting(journey_map, path, document, options))
    if kind == ISSUES:
        count = len(issues(journey_map, path, document, None))
        problems = [] if count else [_no_issues(path)]
        return Converted(text, problems, f"exported {path} as {count} issues for {options.tracker}")
    problems = _too_large(text, path) if kind == "mermaid" else []
    return Converted(text, problems, f"exported {path} as {kind}")


def _blocks(
    kind: str, journey_map: JourneyMap, path: str, asked: tuple[str, ...]
) -> tuple[tuple[str, ...], list[Problem]]:
    """The tables to write: those asked for, else the journey grid (csv) or every table the map has
    (markdown); or the problems of a table asked for that the map does not have."""
    has = ("journey",) * (journey_map.journey is not None) + tuple(t.key for t in block_tables(journey_map))
    others = [b.name for b in EXPORT_BLOCKS[1:] if b.name in has]
    if not asked:
        asked = ("journey",) if kind == "csv" or not has else has
    problems = []
    for block in asked:
        if block in has:
            continue
        if block == "journey" and others:
            hint = f"a CSV file holds one table: export one with --block {_either(others)}"
            if kind != "csv" or asked != ("journey",):
                hint = f"export the tables it has with --block {_either(others)}"
            problems.append(_no_journey(path, kind, hint))
        elif block == "journey":
            hint = "add `journey: {stages: [...]}` or the sales-system blocks (channels, leads, deals, site, ppc)"
            problems.append(_no_journey(path, kind, hint))
        else:
            hint = f"it has: {', '.join(has)}" if has else "export the whole map as json"
            message = f"the map has no {block} to export"
            problems.append(Problem(path, START, "error", "no-block", message, hint))
    return asked, problems


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _no_journey(path: str, kind: str, hint: str) -> Problem:
    message = f"the map has no journey grid (`journey:`) to export as {kind}"
    return Problem(path, START, "error", "no-journey", message, hint)


def _too_large(text: str, path: str) -> list[Problem]:
    """Mermaid draws a diagram longer than its `maxTextSize` as an error picture, and says nothing else."""
    size = text_size(text)
    if size <= MAX_TEXT_SIZE:
        return []
    message = (
        f"the diagram is {size:,} characters, more than the {MAX_TEXT_SIZE:,} Mermaid draws by default "
        "(maxTextSize): GitHub and other sites show an error picture instead"
    )
    hint = "export a smaller journey (fewer stages or actions), or raise maxTextSize where you render it"
    return [Problem(path, START, "warning", "mermaid-size", message, hint)]


def _no_issues(path: str) -> Problem:
    return Problem(
        path,
        START,
        "warning",
        "no-issues",
        "the map has no opportunity to take into the tracker: none, or each is done, dropped or has a `ticket`",
        "an opportunity's `status` is idea, planned or in-progress until it is done",
    )


def export_file(kind: str, argument: str, options: ExportOptions = ExportOptions()) -> Converted:
    """Check the map file `argument` (`-` for standard input) and export it; its problems when it has any."""
    check_options(kind, options)
    checked = check_file(argument)
    if not checked.ok or checked.journey_map is None:
        return Converted(None, checked.problems)
    exported = export_map(kind, checked.journey_map, checked.path, checked.document, options)
    warnings = [p for p in checked.problems if p.severity == "warning"]
    return Converted(exported.text, warnings + exported.problems, exported.summary)
