"""The JSON Schema: the committed copy is what the models give today, and it agrees with the validator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cjm_cli.api import check_file
from cjm_cli.core.load import load
from cjm_cli.core.schema import SCHEMA_FILE, json_schema_text
from conftest import EXAMPLES, ROOT

COMMITTED = ROOT / SCHEMA_FILE


def test_committed_schema_is_fresh() -> None:
    fresh = json_schema_text()
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    assert committed == fresh, f"{SCHEMA_FILE} is stale: regenerate it with `cjm schema -o {SCHEMA_FILE}`"


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(json_schema_text()))


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_pass_the_schema_as_an_editor_would_check_them(path: Path) -> None:
    data = load(str(path), path.read_text(encoding="utf-8")).data
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in _validator().iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("name", ["typo-keys", "missing-required", "emotion-scale", "yaml-1-1-values", "unsafe-links"])
def test_structural_mistakes_fail_the_schema_too(name: str) -> None:
    path = EXAMPLES / "invalid" / f"{name}.yaml"
    data = load(str(path), path.read_text(encoding="utf-8")).data
    assert not check_file(str(path)).ok
    assert list(_validator().iter_errors(data))
