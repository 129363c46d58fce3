"""The documentation keeps up with the code: every key of the format is described in docs/format.md,
and the README's quick start and CONTRIBUTING.md name the scripts that exist."""

from __future__ import annotations

import re

from pydantic import BaseModel

from cjm_cli.core import model
from conftest import ROOT


def all_models() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, model.Item) and value not in (model.Item, model.TextOrItem)
    ]


def test_every_key_of_the_format_is_in_the_format_reference() -> None:
    reference = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    missing = sorted(
        f"{cls.__name__}.{name}"
        for cls in all_models()
        for name in cls.model_fields
        if not re.search(rf"\b{re.escape(name)}\b", reference)
    )
    assert missing == []


def test_every_model_field_has_a_docstring_or_is_self_explanatory() -> None:
    from cjm_cli.core.model_docs import field_docs

    obvious = {"id", "name", "title", "text", "description", "stages", "pages", "groups", "ads", "keywords"}
    undocumented = sorted(
        f"{cls.__name__}.{name}"
        for cls in all_models()
        for name in cls.model_fields
        if name not in obvious and not any(field_docs().get(base.__name__, {}).get(name) for base in cls.__mro__)
    )
    assert undocumented == [], "add a docstring under these fields in model.py"


def test_quick_start_scripts_exist_and_ci_runs_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(\./scripts/\S+)", readme, flags=re.MULTILINE)
    assert commands == ["./scripts/examples.sh", "./scripts/test.sh"]
    for command in commands:
        assert (ROOT / command).is_file()
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_contributing_is_linked_from_the_readme_and_names_scripts_that_exist() -> None:
    assert "[CONTRIBUTING.md](CONTRIBUTING.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    scripts = set(re.findall(r"\bscripts/[\w.-]+\.sh\b", contributing))
    assert {"scripts/setup.sh", "scripts/lock.sh", "scripts/test-newest.sh", "scripts/test-lowest.sh"} <= scripts
    for script in scripts:
        assert (ROOT / script).is_file(), script
