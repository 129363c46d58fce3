"""The words of a diff drawn over a map, in the map's language: a field named by its word ("факт: было 42"
where the file says `actual`), a value of a closed vocabulary by its word ("лучше: было меньше", "в CRM:
было нет"), a place inside an element by the words of its keys ("подтверждения › цитата"), nothing as "—".
Texts, ids and names are the map's own and are shown as written."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from ..analysis.describe import shown_value
from ..analysis.diff import Step, Value
from .figures import UNDEFINED, number
from .words import Words

# The fields whose values are words of a closed vocabulary, and where `Words` has those words.
_VOCABULARIES: Mapping[str, tuple[str, ...]] = {
    "better": ("directions",),
    "meaning": ("meanings",),
    "kind": ("channel_kinds", "evidence_kinds"),
    "action": ("automation_actions",),
    "network": ("networks",),
    "type": ("map_types",),
    "status": ("statuses",),
    "confidence": ("confidences",),
    "emotion_confidence": ("confidences",),
    "lang": ("languages",),
}


def value_words(value: Value, key: str | None, w: Words, lang: str) -> str:
    """A value of the field `key` as a note shows it."""
    if value is None:
        return UNDEFINED
    if isinstance(value, bool):
        return w.yes_no[value]
    if isinstance(value, int | float):
        return number(value, lang)
    if isinstance(value, list):
        return ", ".join(value_words(item, key, w, lang) for item in value)
    if isinstance(value, str):
        for vocabulary in _VOCABULARIES.get(key or "", ()):
            found: Mapping[str, str] = getattr(w, vocabulary)
            if value in found:
                return found[value]
        return value
    return shown_value(value)


def field_was(key: str, old: Value, w: Words, lang: str) -> str:
    """ "actual was: 74", "факт: было 74"."""
    return w.diff_field_was.format(field=field_word(key, w), old=value_words(old, key, w, lang))


def field_word(key: str, w: Words) -> str:
    return w.fields.get(key, key)


def place_words(steps: Sequence[Step], key: str | None, w: Words) -> str:
    """Where in an element a change is, by the words of its keys and the ids or texts of what they hold:
    `evidence["…"].quote` is "evidence "…" › quote"; `rice.reach` "RICE › reach"."""
    parts = []
    for step in steps:
        found = [part for part in (step.id, json.dumps(step.text, ensure_ascii=False) if step.text else None) if part]
        if step.occurrence > 1:
            found.append(f"#{step.occurrence}")
        parts.append(" ".join([field_word(step.field, w), *found]))
    if key:
        parts.append(field_word(key, w))
    return " › ".join(parts)
