"""cjm's own words exist in every language, for every value they name."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping

import pytest

from cjm_cli.analysis.diff import ChangeKind
from cjm_cli.core.language import LANGUAGES
from cjm_cli.core.model import ActionKind, ChannelKind, Confidence, EvidenceKind, MapType, Network, PlanStatus
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
