"""The journey grid out as a Mermaid `journey` diagram, for a README that GitHub renders.

What a journey diagram can hold: the title, the description (as `accDescr`), stages as sections, actions
as tasks, and one score per persona per stage, cjm's -2..2 written as Mermaid's 1..5 (`emotion + 3`) with the
personas' names as actors. Each action is written once per score the stage's personas have, with the
personas of that score as its actors; a stage with emotions but no actions gets one task named like the
stage; an action in a stage without emotions gets the neutral 3 and no actors. The other lanes are left out.

Mermaid reads `:` `;` `#` as syntax and `,` as the actors' separator, and a task starting with a keyword
(`title`, `section`...) as that keyword: such characters are written as Mermaid's entity codes (`#58;`),
which GitHub shows as the characters. Line breaks become spaces. `cjm import mermaid` reads the diagram back
into the same grid.
"""

from __future__ import annotations

import re

from ..core.model import JourneyMap, JourneyStage

NEUTRAL = 3
_INDENT = "    "
_KEYWORD = re.compile(r"^(?:journey|title|section|accTitle|accDescr)", re.IGNORECASE)
_NUMERIC = re.compile(r"#\d+;")
# What Mermaid reads as syntax: `#` starts a comment (and entity codes), `;` ends a statement, `:` separates a
# task's name, score and actors, `,` the actors, `}` closes `accDescr {`. `:` is coded in every text, so that the
# only `:` left are the task's own (Mermaid drops the last `;` of a line where `style` precedes `:` and `#`), and
# `<` and `>` so that no text can pass for markup.
TEXT, ACTOR, DESCRIPTION = "#;:<>", "#;:,<>", "#;:}<>"


def escape(text: str, syntax: str) -> str:
    """`text` on one line, with the characters in `syntax` written as Mermaid's entity codes (`#58;`)."""
    text = "".join(f"#{ord(char)};" if char in syntax else char for char in " ".join(text.split()))
    text = text.replace("%%", "#37;#37;")  # `%%` may start a comment
    if _KEYWORD.match(text):
        text = f"#{ord(text[0])};{text[1:]}"
    return text or "-"  # a name of white space only: Mermaid needs something before the colon


def to_mermaid(journey_map: JourneyMap) -> str:
    lines = ["journey", f"{_INDENT}title {escape(journey_map.title, TEXT)}"]
    if journey_map.description:
        paragraph = journey_map.description.strip().split("\n")
        written = [escape(line, DESCRIPTION) if line.strip() else "" for line in paragraph]
        description = "\n".join(f"{_INDENT * 2}{line}" if line else "" for line in written)
        lines += [f"{_INDENT}accDescr {{", description, f"{_INDENT}}}"]
    names = _actor_names(journey_map)
    for stage in journey_map.journey.stages if journey_map.journey else []:
        lines.append(f"{_INDENT}section {escape(stage.name, TEXT)}")
        lines += [f"{_INDENT * 2}{task}" for task in _tasks(stage, names)]
    return "\n".join(lines) + "\n"


def _actor_names(journey_map: JourneyMap) -> dict[str, str]:
    """Persona id -> the actor's name in the diagram: the persona's name, told apart by its id if needed."""
    counts: dict[str, int] = {}
    for persona in journey_map.personas:
        counts[persona.name] = counts.get(persona.name, 0) + 1
    return {p.id: escape(p.name if counts[p.name] == 1 else f"{p.name} ({p.id})", ACTOR) for p in journey_map.personas}


def _tasks(stage: JourneyStage, names: dict[str, str]) -> list[str]:
    groups: dict[int, list[str]] = {}  # score -> actors, in the order the personas are listed
    for persona, score in sorted(stage.emotions.items(), key=lambda item: list(names).index(item[0])):
        groups.setdefault(score + NEUTRAL, []).append(names[persona])
    actions = [_action(action.text, stage.name) for action in stage.actions]
    if not actions:
        # The stage's own scores: a task written exactly like the section, which the importer reads as such.
        return [f"{escape(stage.name, TEXT)}: {score}: {', '.join(actors)}" for score, actors in groups.items()]
    if not groups:
        return [f"{action}: {NEUTRAL}" for action in actions]
    return [f"{action}: {score}: {', '.join(actors)}" for action in actions for score, actors in groups.items()]


def _action(text: str, stage_name: str) -> str:
    """An action's task name; one that reads like its stage's name gets its first character coded, so that
    it is not taken for the stage's own score line."""
    task = escape(text, TEXT)
    if task != escape(stage_name, TEXT):
        return task
    if _NUMERIC.match(task):  # already coded: a leading zero changes how it is written, not what it says
        return "#0" + task[1:]
    return f"#{ord(task[0])};{task[1:]}"
