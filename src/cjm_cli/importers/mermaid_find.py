"""Finding the journey diagram in a file: a diagram on its own, in a Markdown document or in a web page.

Mermaid's own documentation is the reference for where diagrams are written:

- a file holding only the diagram (`.mmd`), with or without YAML front matter (`---` ... `---`) before it;
- Markdown code blocks: ```` ```mermaid ````, ```` ```mermaid-example ```` (Mermaid's docs show the code and
  the picture), ```` ```mermaid-nocode ````, and MyST's ```` ```{mermaid} ````, fenced with backticks or tildes;
- HTML: the text of every element of class `mermaid` (`<pre class="mermaid">`, `<div class="mermaid">`), read
  as Mermaid reads it, with its character references decoded.

A diagram starts with `journey` (Mermaid's detector: the word first, in any case); what follows it on the
same line is the first statement (`journey title Мой день`). A file may hold several journeys: the first is
imported, and each other one that is not a copy of it (Mermaid's docs show a `mermaid-example` and the same
diagram again) is named in a warning.

Every search here is linear in the size of the file: each line is looked at a fixed number of times.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..core.load import load
from ..core.problems import Position
from .common import Problems, one_line

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*(?:mermaid(?:-example|-nocode)?|\{mermaid\})(?:\s.*)?$", re.IGNORECASE)
_HTML_OPEN = re.compile(r"<(pre|div)\b([^<>]*)>", re.IGNORECASE)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_JOURNEY = re.compile(r"^journey(?=\s|$)", re.IGNORECASE)
_OTHER_DIAGRAM = re.compile(r"^([A-Za-z][\w-]*)")


@dataclass(frozen=True)
class Diagram:
    """Where a journey is in `lines`: the `journey` line, the end (exclusive), the front matter's lines."""

    lines: list[str]
    journey: int
    stop: int
    front: tuple[int, int] | None

    def title(self, sink: Problems) -> str:
        """The front matter's `title`, or "" (with a warning when the front matter cannot be read)."""
        if self.front is None:
            return ""
        first, stop = self.front
        return front_matter_title("\n".join(self.lines[first:stop]), first + 1, sink)

    def text(self) -> str:
        return "\n".join(line.strip() for line in self.lines[self.journey : self.stop])


def find_journey(text: str, sink: Problems) -> Diagram | None:
    """The first journey diagram in `text`, or None after reporting why there is none."""
    lines = text.split("\n")
    regions = _markdown_blocks(lines)
    if "<" in text:
        lines, html_regions = _html_elements(text, lines)
        regions = sorted(regions + html_regions)
    found = [d for start, stop in regions if (d := _journey_in(lines, start, stop)) is not None]
    if not regions:
        found = [d] if (d := _journey_in(lines, 0, len(lines))) is not None else []
    if not found:
        _not_found(lines, regions, sink)
        return None
    first = found[0]
    others = [d for d in found[1:] if d.text() != first.text()]
    for other in others:
        sink.warning(
            Position(other.journey + 1, 1),
            "several-journeys",
            f"the file holds {len(others) + 1} different journey diagrams; only the first, on line "
            f"{first.journey + 1}, is imported",
            "to import another one, copy it into a file of its own and import that file",
        )
    return first


def _markdown_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """The lines inside each Mermaid code block (start, stop), in order."""
    blocks, index = [], 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence = opening.group(1)
        close = index + 1
        while close < len(lines) and not lines[close].strip().startswith(fence):
            close += 1
        blocks.append((index + 1, close))
        index = close + 1
    return blocks


def _html_elements(text: str, lines: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """The lines of the elements of class `mermaid`: a copy of `lines` where each element's lines hold only its
    text (the tags blanked with spaces, so that columns stay as in the file), character references decoded."""
    starts = [0]
    for each in lines[:-1]:
        starts.append(starts[-1] + len(each) + 1)
    copy = list(lines)
    regions: list[tuple[int, int]] = []
    position = 0
    line = 0
    while (opening := _HTML_OPEN.search(text, position)) is not None:
        position = opening.end()
        found = _CLASS.search(opening.group(2))
        if found is None or "mermaid" not in "".join(g or "" for g in found.groups()).split():
            continue
        closing = re.compile(rf"</{opening.group(1)}\s*>", re.IGNORECASE).search(text, position)
        if closing is None:
            break  # no element after this one can be closed either
        line = _line_of(starts, opening.end(), line)
        last = _line_of(starts, closing.start(), line)
        copy[line] = " " * (opening.end() - starts[line]) + copy[line][opening.end() - starts[line] :]
        copy[last] = copy[last][: closing.start() - starts[last]]
        for index in range(line, last + 1):
            copy[index] = html.unescape(copy[index]).replace("\n", " ")
        regions.append((line, last + 1))
        position = closing.end()
    return copy, regions


def _line_of(starts: list[int], offset: int, line: int) -> int:
    """The index of the line holding `offset`, counting on from `line` (offsets only grow)."""
    while line + 1 < len(starts) and starts[line + 1] <= offset:
        line += 1
    return line


def _journey_in(lines: list[str], start: int, stop: int) -> Diagram | None:
    first = _meaningful(lines, start, stop)
    front = None
    if first is not None and lines[first].strip() == "---":  # YAML front matter
        close = next((i for i in range(first + 1, stop) if lines[i].strip() == "---"), None)
        if close is not None:
            front = (first + 1, close)
            first = _meaningful(lines, close + 1, stop)
    if first is not None and _JOURNEY.match(lines[first].strip()):
        return Diagram(lines, first, stop, front)
    return None


def _meaningful(lines: list[str], start: int, stop: int) -> int | None:
    """The first line from `start` that is neither blank nor a `%%` comment."""
    for index in range(start, stop):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("%%"):
            return index
    return None


def _not_found(lines: list[str], regions: list[tuple[int, int]], sink: Problems) -> None:
    if regions:
        sink.error(
            Position(regions[0][0], 1),
            "not-journey",
            "none of the file's Mermaid diagrams is a journey diagram",
            "cjm imports `journey` diagrams",
        )
        return
    first = _meaningful(lines, 0, len(lines))
    what = lines[first].strip() if first is not None else ""
    kind = _OTHER_DIAGRAM.match(what)
    message = "expected `journey`, the first line of a Mermaid user journey diagram"
    if kind:
        message = f"this is not a Mermaid journey diagram: it starts with `{kind.group(1)[:40]}`"
    hint = "cjm imports `journey` diagrams, on their own, in a ```mermaid block of a Markdown file or in HTML"
    sink.error(Position((first or 0) + 1, 1), "not-journey", message, hint)


def front_matter_title(text: str, first_line: int, sink: Problems) -> str:
    """The `title` of front matter starting at line `first_line` (1-based), read by the map loader (its depth,
    size and alias limits); a warning when it cannot be read. A number or a date is a title as written."""
    document = load(sink.path, text)
    errors = [p for p in document.problems if p.severity == "error" and p.code not in ("empty", "not-a-map")]
    if errors:
        where = Position(errors[0].position.line + first_line - 1, errors[0].position.column)
        sink.warning(
            where,
            "front-matter",
            f"the front matter is not read: {errors[0].message}",
            "fix the YAML between the `---` lines; the diagram's title is taken from its `title` line, if any",
        )
        return ""
    title = document.data.get("title") if isinstance(document.data, dict) else None
    if title is None or isinstance(title, dict | list):
        return ""
    return one_line(title if isinstance(title, str) else document.plain_text.get(("title",), str(title)))
