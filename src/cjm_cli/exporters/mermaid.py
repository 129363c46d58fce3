"""The journey grid out as a Mermaid `journey` diagram, for a README that GitHub renders.

What a journey diagram can hold: the title, the description (as `accDescr`), stages as sections, actions
as tasks, and one score per persona per stage, on Mermaid's 1..5, with the personas' names as actors. The
map's scale is placed on 1..5 end to end (`EmotionScale.onto`): -2..2 as `emotion + 3`, 1..10 as 1, 1, 2, 2,
3, 3, 4, 4, 5, 5. Each action is written once: an action of one persona with that persona and their
score; an action of everyone with every persona when they all feel the same, else at the neutral 3 without
actors; the personas no action carries get a task named like the stage with their scores. The other lanes
are left out.

Mermaid reads `:` `;` `#` as syntax and `,` as the actors' separator, and a task starting with a keyword
(`journey`, `title`, `section`...) as that keyword: such characters are written as Mermaid's entity codes (`#58;`),
which GitHub shows as the characters. Line breaks become spaces. `cjm import mermaid` reads the diagram back
into the same grid.
"""

from __future__ import annotations

import re

from ..core.model import DEFAULT_SCALE, MERMAID_SCALE, EmotionScale, JourneyMap, JourneyStage

NEUTRAL = 3
_INDENT = "    "
_KEYWORD = re.compile(r"^(?:journey|title|section|accTitle|accDescr)", re.IGNORECASE)
_NUMERIC = re.compile(r"#\d+;")
# What Mermaid reads as syntax: `#` starts a comment (and entity codes), `;` ends a statement, `:` separates a
# task's name, score and actors, `,` the actors, `}` closes `accDescr {`. `:` is coded in every text, so that the
# only `:` left are the task's own (Mermaid drops the last `;` of a line where `style` precedes `:` and `#`), and
# `<` and `>` so that no text can pass for markup.
TEXT, ACTOR, DESCRIPTION = "#;:<>", "#;:,<>", "#;:}<>"


MAX_TEXT_SIZE = 50_000
"""Mermaid's default `maxTextSize`: a longer diagram is drawn as an error picture (GitHub keeps the default)."""


def escape(text: str, syntax: str, keyword: bool = False) -> str:
    """`text` on one line, with the characters in `syntax` written as Mermaid's entity codes (`#58;`); with
    `keyword`, also the first letter of a text that Mermaid would read as a keyword where a statement starts
    (a task's name; a section's too, so that its own score line, a task, is written the same). A title is read
    to the end of its line whatever it starts with."""
    text = "".join(f"#{ord(char)};" if char in syntax else char for char in " ".join(text.split()))
    text = text.replace("%%", "#37;#37;")  # `%%` may start a comment
    if keyword and _KEYWORD.match(text):
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
    journey = journey_map.journey
    scale = journey.emotion_scale if journey else DEFAULT_SCALE
    for stage in journey.stages if journey else []:
        lines.append(f"{_INDENT}section {escape(stage.name, TEXT, keyword=True)}")
        lines += [f"{_INDENT * 2}{task}" for task in _tasks(stage, names, scale)]
    return "\n".join(lines) + "\n"


def text_size(text: str) -> int:
    """The length of `text` as Mermaid measures it against `maxTextSize`: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _actor_names(journey_map: JourneyMap) -> dict[str, str]:
    """Persona id -> the actor's name in the diagram: the persona's name, told apart by its id if needed."""
    counts: dict[str, int] = {}
    for persona in journey_map.personas:
        counts[persona.name] = counts.get(persona.name, 0) + 1
    return {p.id: escape(p.name if counts[p.name] == 1 else f"{p.name} ({p.id})", ACTOR) for p in journey_map.personas}


def _tasks(stage: JourneyStage, names: dict[str, str], scale: EmotionScale) -> list[str]:
    """Each action once: with its persona and that persona's score, or, for everyone's action, with every
    persona when they all feel the same; else at the neutral 3 without actors. Then the stage's own score
    lines for the personas no action carries, which `cjm import mermaid` reads back as their emotions."""
    scores = {persona: scale.onto(score, MERMAID_SCALE) for persona, score in stage.emotions.items()}
    everyone = [persona for persona in names if persona in scores]  # in the order the personas are listed
    shared = {scores[persona] for persona in everyone}
    tasks, carried = [], set()
    for action in stage.actions:
        name = _action(action.text, stage.name)
        actors = [action.persona] if action.persona is not None else everyone if len(shared) == 1 else []
        actors = [persona for persona in actors if persona in scores]
        if actors:
            tasks.append(f"{name}: {scores[actors[0]]}: {', '.join(names[p] for p in actors)}")
            carried.update(actors)
        else:
            tasks.append(f"{name}: {NEUTRAL}")
    groups: dict[int, list[str]] = {}  # score -> the personas no action carries, in the order listed
    for persona in everyone:
        if persona not in carried:
            groups.setdefault(scores[persona], []).append(names[persona])
    own = escape(stage.name, TEXT, keyword=True)
    return tasks + [f"{own}: {score}: {', '.join(actors)}" for score, actors in groups.items()]


def _action(text: str, stage_name: str) -> str:
    """An action's task name; one that reads like its stage's name gets its first character coded, so that
    it is not taken for the stage's own score line."""
    task = escape(text, TEXT, keyword=True)
    if task != escape(stage_name, TEXT, keyword=True):
        return task
    if _NUMERIC.match(task):  # already coded: a leading zero changes how it is written, not what it says
        return "#0" + task[1:]
    return f"#{ord(task[0])};{task[1:]}"
