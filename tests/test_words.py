"""cjm's own words exist in every language, for every value they name."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping

import pytest

from cjm_cli.analysis.diff import ChangeKind
from cjm_cli.core.language import LANGUAGES, Language
from cjm_cli.core.model import (
    ActionKind,
    ChannelKind,
    Confidence,
    Direction,
    EvidenceKind,
    JourneyMap,
    MapType,
    Meaning,
    Network,
    PlanStatus,
)
from cjm_cli.views.words import WORDS, Words

# The mappings of words whose keys are the values of a closed vocabulary of the format.
VOCABULARIES = {
    "channel_kinds": ChannelKind,
    "automation_actions": ActionKind,
    "networks": Network,
    "map_types": MapType,
    "change_kinds": ChangeKind,
    "statuses": PlanStatus,
    "confidences": Confidence,
    "evidence_kinds": EvidenceKind,
    "directions": Direction,
    "meanings": Meaning,
    "languages": Language,
}


def test_every_language_has_its_words() -> None:
    assert set(WORDS) == set(LANGUAGES)


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Words)])
def test_no_word_is_missing_or_empty_in_any_language(field: str) -> None:
    values = [getattr(WORDS[lang], field) for lang in LANGUAGES]
    if isinstance(values[0], Mapping):
        keys = [set(value) for value in values]
        assert all(k == keys[0] for k in keys), f"{field}: a key in one language only"
        if field in VOCABULARIES:
            assert keys[0] == set(typing.get_args(VOCABULARIES[field])), f"{field}: not every value is named"
        if field == "fields":
            assert keys[0] == format_keys(), "every key of the format has its word, and no other"
        if field == "yes_no":
            assert keys[0] == {True, False}
        values = [word for value in values for word in value.values()]
    assert all(isinstance(word, str) and word.strip() for word in values)


def test_russian_words_are_russian() -> None:
    """A word copied from English and left untranslated is a mistake; a few are the same in both."""
    same = {
        field.name
        for field in dataclasses.fields(Words)
        if getattr(WORDS["en"], field.name) == getattr(WORDS["ru"], field.name)
    }
    assert same <= {"crm"}


def format_keys() -> set[str]:
    """The keys a map can have: the field names of every model it holds."""
    keys: set[str] = set()
    todo: list[object] = [JourneyMap]
    seen: set[object] = set()
    while todo:
        kind = todo.pop()
        if kind in seen:
            continue
        seen.add(kind)
        fields = getattr(kind, "model_fields", None)
        if isinstance(fields, dict):
            keys |= set(fields)
            todo += [f.annotation for f in fields.values()]
        todo += list(typing.get_args(kind))
    return keys


def test_the_words_of_a_field_differ_between_languages_but_for_names_and_acronyms() -> None:
    same = {key for key, word in WORDS["en"].fields.items() if WORDS["ru"].fields[key] == word}
    assert same == {"ice", "id", "kpi", "rice"}
