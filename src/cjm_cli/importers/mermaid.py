"""Mermaid `journey` diagrams in: sections -> stages, tasks -> actions, actors -> personas, scores -> emotions.

The syntax is Mermaid's user journey diagram (https://mermaid.js.org/syntax/userJourney.html; grammar in
mermaid-js/mermaid, packages/mermaid/src/diagrams/user-journey/parser/journey.jison):

    journey
        title My working day
        section Go to work
          Make tea: 5: Me
          Do work: 1: Me, Cat

Read as Mermaid reads it: keywords in any case, `%%` comment lines, `#` starts a comment, entity codes
(`#58;` for `:`, `#35;` for `#`, `#59;` for `;`, `#quot;`), `accTitle:`, `accDescr:` and `accDescr { ... }`
(what follows its closing brace on the same line is the next statement), `journey title ...` on one line,
tasks before any section, tasks without actors or with an empty actor. Where the diagram is in the file
(Markdown blocks, HTML, front matter) is `mermaid_find`'s business.

Scores: Mermaid's 1..5 become cjm's -2..2 as `score - 3`. A stage has one emotion per persona: the mean of the
(shifted) scores of the section's tasks the persona takes part in, rounded half away from zero. A task named
exactly like its section (as `cjm export mermaid` writes a stage that has emotions but no actions) gives
scores only and is not an action.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import START, Position
from .common import Imported, Problems, fit, language, many_lines, one_line
from .ids import Ids
from .mermaid_find import find_journey
from .source import read_text

SCORE_MIN, SCORE_MAX, NEUTRAL = 1, 5, 3

_ENTITY = re.compile(r"#([A-Za-z0-9_]+);")  # as Mermaid's (ASCII) `\w`
_SPECIAL = re.compile(r"#[A-Za-z0-9_]+;|[#;:]")  # entity codes are text; a bare `#`, `;` or `:` is syntax
_SCORE = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_JOURNEY = re.compile(r"^journey", re.IGNORECASE)  # Mermaid's lexer takes the word wherever a statement starts
_TITLE = re.compile(r"^title\s+(\S.*)$", re.IGNORECASE)
_ACC = re.compile(r"^acc(title|descr)\s*:\s*(.*)$", re.IGNORECASE)
_ACC_BLOCK = re.compile(r"^accdescr\s*\{(.*)$", re.IGNORECASE)
_SECTION = re.compile(r"^section(?:\s+(.*))?$", re.IGNORECASE)

_WORDS = {
    "en": {"untitled": "Customer journey", "no_section": "No section"},
    "ru": {"untitled": "Путь клиента", "no_section": "Без раздела"},
}


@dataclass
class Task:
    written: str  # the name as written, entity codes not decoded: to recognise a section's own score line
    text: str
    score: float
    actors: list[str]
    where: Position


@dataclass
class Section:
    name: str
    written: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    title: str = ""
    acc_title: str = ""
    description: str = ""
    sections: list[Section] = field(default_factory=list)


def import_mermaid(argument: str, sink: Problems) -> Imported:
    source = read_text(argument, sink)
    if source is None:
        return sink.result(None)
    found = find_journey(source.text, sink)
    if found is None:
        return sink.result(None)
    front_title = found.title(sink)
    diagram = _parse(found.lines, found.journey, found.stop, sink)
    diagram.title = diagram.title or front_title
    if sink.failed:
        return sink.result(None)
    if not diagram.sections:
        where = Position(found.journey + 1, 1)
        sink.error(where, "empty", "the journey has no sections or tasks", "add `section` lines")
        return sink.result(None)
    return sink.result(_to_map(diagram, sink))


# --- parsing ----------------------------------------------------------------------------------------------------


def _parse(lines: list[str], journey_line: int, stop: int, sink: Problems) -> Diagram:
    """The statements from the `journey` line (what follows the word on its line is the first one) to `stop`."""
    parser = _Parser(sink)
    raw = lines[journey_line]
    after = len(raw) - len(raw.lstrip()) + len("journey")
    index = journey_line
    rest: tuple[str, int] | None = (raw[after:], after + 1)
    while True:
        if rest is None:
            index += 1
            if index >= stop:
                return parser.diagram
            rest = (lines[index], 1)
        text, column = rest
        rest = None
        stripped = text.strip()
        if not stripped or stripped.startswith("%%"):
            continue
        column += len(text) - len(text.lstrip())
        block = _ACC_BLOCK.match(stripped)
        if block:
            # After the closing brace, the line goes on: Mermaid reads what follows as the next statement.
            where = Position(index + 1, column)
            index, rest = _acc_block(lines, where, stop, column + block.start(1), block.group(1), parser, sink)
            continue
        parser.statement(stripped, Position(index + 1, column))


class _Parser:
    def __init__(self, sink: Problems) -> None:
        self.sink = sink
        self.diagram = Diagram()
        self.current: Section | None = None

    def statement(self, text: str, where: Position) -> None:
        """One statement, `text` stripped, starting at `where`."""
        sink, diagram = self.sink, self.diagram
        acc = _ACC.match(text)
        if acc:  # Mermaid reads the rest of the line as it is, `#` and `;` included
            value = one_line(_decode(acc.group(2)))
            if acc.group(1).lower() == "title":
                diagram.acc_title = value
            else:
                diagram.description = value
            return
        statement = _before_comment(text, where, sink)
        if statement is None:
            return
        if _JOURNEY.match(statement):
            sink.error(
                where,
                "mermaid-syntax",
                "a statement cannot start with `journey`: Mermaid reads the word as the diagram's first line",
                "write its first letter as an entity code (#74; for J, #106; for j)",
            )
            return
        title = _TITLE.match(statement)
        if title:
            diagram.title = one_line(_decode(title.group(1)))
            return
        section = _SECTION.match(statement)
        if section:
            name_column = where.column + (section.start(1) if section.group(1) is not None else len(statement))
            self.current = _section(section.group(1) or "", where, name_column, sink)
            if self.current is not None:
                diagram.sections.append(self.current)
            return
        task = _task(statement, where, sink)
        if task is None:
            return
        if self.current is None:  # Mermaid draws tasks before any section without a section title
            self.current = Section("", "")
            diagram.sections.append(self.current)
        self.current.tasks.append(task)


def _acc_block(
    lines: list[str], where: Position, stop: int, column: int, text: str, parser: _Parser, sink: Problems
) -> tuple[int, tuple[str, int] | None]:
    """Read `accDescr { ... }` (starting at `where`) from `text`, what follows the brace at `column`, up to its
    `}`; return the index of the line holding the `}` and what follows it on that line, with its column."""
    collected = [text]
    index = where.line - 1
    while "}" not in collected[-1] and index + 1 < stop:
        index += 1
        collected.append(lines[index])
        column = 1
    if "}" not in collected[-1]:
        sink.error(where, "mermaid-syntax", "`accDescr {` is never closed", "end the description with `}`")
        return index, None
    brace = collected[-1].index("}")
    rest = (collected[-1][brace + 1 :], column + brace + 1)
    collected[-1] = collected[-1][:brace]
    parser.diagram.description = _decode(many_lines("\n".join(line.strip() for line in collected).strip()))
    return index, rest


def _before_comment(text: str, where: Position, sink: Problems) -> str | None:
    """The statement on a line: up to a `#` comment; a `;` stops Mermaid, so it is an error."""
    for match in _SPECIAL.finditer(text):
        if match.group() == "#":
            text = text[: match.start()].rstrip()
            break
        if match.group() == ";":
            sink.error(
                Position(where.line, where.column + match.start()),
                "mermaid-syntax",
                "Mermaid does not allow ';' here",
                "write #59; for a semicolon in a text",
            )
            return None
    return text or None


def _section(name: str, where: Position, name_column: int, sink: Problems) -> Section | None:
    colon = next((m for m in _SPECIAL.finditer(name) if m.group() == ":"), None)
    if colon is not None:
        sink.error(
            Position(where.line, name_column + colon.start()),
            "mermaid-syntax",
            "a section name cannot hold ':'",
            "write #58; for a colon in a section name",
        )
        return None
    text = one_line(_decode(name))
    if not text:
        sink.error(where, "mermaid-syntax", "a section needs a name", "write `section <name>`")
        return None
    return Section(fit(text, sink, where, "the section name"), name.strip())


def _task(statement: str, where: Position, sink: Problems) -> Task | None:
    colons = [m.start() for m in _SPECIAL.finditer(statement) if m.group() == ":"]
    if not colons:
        sink.error(
            where,
            "mermaid-syntax",
            f"not a journey statement: '{statement[:40]}'",
            "a task is `Task name: score: actor, actor`; a `#` starts a comment (write #35; for the sign)",
        )
        return None
    name = statement[: colons[0]].strip()
    if not name:
        sink.error(where, "mermaid-syntax", "a task needs a name before ':'", "write `Task name: score: actors`")
        return None
    pieces = _split(statement[colons[0] + 1 :], colons)
    score_text = pieces[0].strip()
    score_where = Position(where.line, where.column + colons[0] + 1)
    if not _SCORE.match(score_text):
        message = (
            "a task needs a score after ':'" if not score_text else f"the score '{score_text[:20]}' is not a number"
        )
        sink.error(score_where, "score", message, "scores are whole numbers from 1 (worst) to 5 (best)")
        return None
    score = float(score_text)
    if not SCORE_MIN <= score <= SCORE_MAX:
        clamped = min(max(score, SCORE_MIN), SCORE_MAX)
        sink.warning(
            score_where, "score", f"the score {score_text} is outside Mermaid's 1..5; taken as {clamped:g}", ""
        )
        score = clamped
    if len(pieces) > 2:
        sink.warning(
            Position(where.line, where.column + colons[2]),
            "mermaid-syntax",
            "Mermaid ignores what follows the actors after another ':'",
            "write #58; for a colon in an actor's name",
        )
    actors = (
        [fit(one_line(_decode(a)), sink, where, "an actor") for a in pieces[1].split(",")] if len(pieces) > 1 else []
    )
    text = fit(one_line(_decode(name)), sink, where, "the task")
    return Task(name, text, score, [actor for actor in actors if actor], where)


def _split(data: str, colons: list[int]) -> list[str]:
    """`data` (what follows the task name's colon) split at the other colons of the statement."""
    offset = colons[0] + 1
    pieces, start = [], 0
    for colon in colons[1:]:
        pieces.append(data[start : colon - offset])
        start = colon - offset + 1
    pieces.append(data[start:])
    return pieces


def _decode(text: str) -> str:
    """Mermaid's entity codes: `#35;` (decimal) and `#quot;` (named, as in HTML) to their characters."""

    def character(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit():
            number = int(code)
            valid = 0 < number < 0x110000 and not 0xD800 <= number <= 0xDFFF
            return chr(number) if valid else match.group()
        decoded = html.unescape(f"&{code};")
        return decoded if decoded != f"&{code};" else match.group()

    return _ENTITY.sub(character, text)


# --- the map ----------------------------------------------------------------------------------------------------


def _to_map(diagram: Diagram, sink: Problems) -> dict[str, Any]:
    texts = [diagram.title, *(s.name for s in diagram.sections), *(t.text for s in diagram.sections for t in s.tasks)]
    lang = language(texts)
    words = _WORDS[lang]
    persona_ids = Ids()
    personas: dict[str, str] = {}  # actor -> persona id, in the order actors first appear
    for section in diagram.sections:
        for task in section.tasks:
            for actor in task.actors:
                if actor not in personas:
                    personas[actor] = persona_ids.for_name(actor, "persona")
    unscored = [t for s in diagram.sections for t in s.tasks if not t.actors and t.score != NEUTRAL]
    if unscored:
        sink.warning(
            unscored[0].where,
            "score",
            f"{len(unscored)} task(s) without actors: their scores are not kept (cjm keeps one emotion per persona)",
            "name who feels it after the score: `Make tea: 5: Me`",
        )
    stage_ids = Ids()
    stages = []
    for section in diagram.sections:
        name = section.name or words["no_section"]
        stage: dict[str, Any] = {"id": stage_ids.for_name(name, "stage"), "name": name}
        actions = list(dict.fromkeys(t.text for t in section.tasks if t.written != section.written))
        if actions:
            stage["actions"] = actions
        emotions = _emotions(section, personas)
        if emotions:
            stage["emotions"] = emotions
        stages.append(stage)
    title = diagram.title or diagram.acc_title or words["untitled"]
    data: dict[str, Any] = {"cjm": 1, "title": fit(title, sink, START, "the title")}
    if diagram.description:
        data["description"] = fit(diagram.description, sink, START, "the description", 10_000)
    data["lang"] = lang
    if personas:
        data["personas"] = [{"id": persona_id, "name": actor} for actor, persona_id in personas.items()]
    data["journey"] = {"stages": stages}
    return data


def _emotions(section: Section, personas: dict[str, str]) -> dict[str, int]:
    """Per persona (in the order of `personas`), the rounded mean of its shifted scores in the section."""
    scores: dict[str, list[float]] = {persona_id: [] for persona_id in personas.values()}
    for task in section.tasks:
        for actor in task.actors:
            scores[personas[actor]].append(task.score - NEUTRAL)
    return {persona: _round(sum(values) / len(values)) for persona, values in scores.items() if values}


def _round(value: float) -> int:
    """Half away from zero: a stage between two feelings leans to the stronger one."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))
