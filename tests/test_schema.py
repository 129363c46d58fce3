"""The JSON Schema: the committed copy is what the models give today, and it agrees with the validator."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import jsonschema
import pytest
import regress

from cjm_cli import REPOSITORY, SCHEMA_ID
from cjm_cli.api import check_file
from cjm_cli.core import model
from cjm_cli.core.language import LANGUAGES
from cjm_cli.core.load import load
from cjm_cli.core.model import check_link
from cjm_cli.core.rules import BY_CODE, GROUPS
from cjm_cli.core.schema import SCHEMA_FILE, json_schema_text
from cjm_cli.starters import TEMPLATES, starter_text
from conftest import EXAMPLES, ROOT
from test_docs import all_models

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


# --- the schema as editors and validators read it -----------------------------------------------------------


def _schema() -> dict[str, Any]:
    return dict(json.loads(COMMITTED.read_text(encoding="utf-8")))


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every object of a schema, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def _properties() -> list[tuple[str, dict[str, Any]]]:
    return [(name, prop) for node in _nodes(_schema()) for name, prop in node.get("properties", {}).items()]


@pytest.fixture(scope="module")
def starters(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every template of `cjm init` in both languages, as it writes them."""
    folder = tmp_path_factory.mktemp("starters")
    paths = []
    for name in TEMPLATES:
        for lang in LANGUAGES:
            path = folder / f"{name}.{lang}.yaml"
            path.write_text(starter_text(name, lang, path.name), encoding="utf-8")
            paths.append(path)
    return paths


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with its default options, as a user or a CI job runs it."""
    command = [str(Path(sys.executable).parent / "check-jsonschema"), "--schemafile", str(COMMITTED)]
    return subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, timeout=120, check=False, cwd=ROOT
    )


def test_check_jsonschema_accepts_the_schema_the_examples_and_the_templates(starters: list[Path]) -> None:
    done = check_jsonschema(*sorted(EXAMPLES.glob("*.yaml")), *starters)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_check_jsonschema_reports_a_broken_map_at_its_key(tmp_path: Path) -> None:
    done = check_jsonschema(EXAMPLES / "invalid" / "typo-keys.yaml")
    assert done.returncode == 1
    assert "'titel' was unexpected" in done.stdout


def _ecmascript_unicode(pattern: str) -> bool:
    try:
        regress.Regex(pattern, "u")
    except Exception:  # regress raises its own error type, not exported
        return False
    return True


def test_every_pattern_is_an_ecmascript_regex_in_unicode_mode() -> None:
    patterns = {node["pattern"] for node in _nodes(_schema()) if isinstance(node.get("pattern"), str)}
    assert len(patterns) >= 5
    assert [pattern for pattern in patterns if not _ecmascript_unicode(pattern)] == []
    # What the link pattern was: a quote escaped in a character class is no regex in unicode mode (ajv 2020).
    assert not _ecmascript_unicode(r"^[^\s<>\"'`\\]*$")


def test_the_patterns_agree_with_the_models_on_links() -> None:
    [pattern] = {prop["pattern"] for name, prop in _properties() if name == "url" and "pattern" in prop}
    regex = regress.Regex(pattern, "u")
    for link in ["https://shop.by/a?b=1", "mailto:a@b.by", "/catalog", "#top", "HTTP://x"]:
        assert regex.find(link) is not None, link
        check_link(link)
    for link in ['https://a.by/"x', "javascript:alert(1)", "//evil.example", "https://a b", "https://a.by/<x>"]:
        assert regex.find(link) is None, link
        with pytest.raises(ValueError):
            check_link(link)


def test_the_schema_has_a_stable_id() -> None:
    assert _schema()["$id"] == SCHEMA_ID
    assert SCHEMA_ID.startswith(REPOSITORY.replace("github.com", "raw.githubusercontent.com") + "/")
    assert SCHEMA_ID.endswith("/" + SCHEMA_FILE)


def test_optional_fields_are_their_type_alone_not_a_union_with_null() -> None:
    assert [node for node in _nodes(_schema()) if node.get("type") == "null"] == []
    assert [name for name, prop in _properties() if "default" in prop and prop["default"] is None] == []
    # Only where `null` written out means something: `feeds: null`, a channel not processed on purpose.
    assert [name for name, prop in _properties() if "null" in prop.get("type", [])] == ["feeds"]


def test_an_explicit_null_is_still_accepted_by_cjm(write_map: Callable[..., Path]) -> None:
    stages = "journey:\n  stages:\n    - {id: a, name: A, owner: null}\n"
    path = write_map(f"cjm: 1\ntitle: Shop\ndescription: null\n{stages}")
    assert check_file(str(path)).ok


def test_feeds_null_passes_the_schema_as_it_passes_cjm(write_map: Callable[..., Path]) -> None:
    leads = "leads:\n  stages: [{id: new, name: New}, {id: won, name: Won, meaning: success}]\n"
    channel = "channels:\n  - {id: walk_in, name: Walk-in, kind: offline, feeds: null}\n"
    path = write_map(f"cjm: 1\ntitle: Shop\n{leads}{channel}")
    assert check_file(str(path)).ok
    assert check_jsonschema(path).returncode == 0


def test_ignore_lists_name_rules_from_a_closed_list() -> None:
    ignores = [prop for name, prop in _properties() if name == "ignore"]
    assert len(ignores) >= len(all_models())
    assert all(prop["items"] == {"$ref": "#/$defs/RuleName"} for prop in ignores)
    assert _schema()["$defs"]["RuleName"]["enum"] == [*BY_CODE, *GROUPS, "all"]
    assert "stage-no-kpi" in _schema()["$defs"]["RuleName"]["enum"]


def _literal(annotation: Any) -> tuple[Any, ...] | None:
    """The values of a `Literal[...]` annotation (or of `Literal[...] | None`), else None."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    literals = [_literal(arg) for arg in get_args(annotation) if arg is not type(None)]
    return literals[0] if len(literals) == 1 else None


def test_every_closed_vocabulary_is_an_enum() -> None:
    definitions = _schema()["$defs"]
    checked = 0
    for cls in all_models():
        definition = definitions[cls.__name__] if cls is not model.JourneyMap else _schema()
        properties = next(part for part in [definition, *definition.get("anyOf", [])] if "properties" in part)
        for name, field in cls.model_fields.items():
            values = _literal(field.annotation)
            if values is None:
                continue
            prop = properties["properties"][name]
            assert prop.get("enum", [prop.get("const")]) == list(values), f"{cls.__name__}.{name}"
            checked += 1
    assert checked >= 10


def test_every_property_says_what_it_is() -> None:
    short = sorted({name for name, prop in _properties() if len(prop.get("description", "").split()) < 4})
    assert short == []
