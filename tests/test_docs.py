"""The documentation keeps up with the code: every key of the format is described in docs/format.md,
and the README's quick start and CONTRIBUTING.md name the scripts that exist."""

from __future__ import annotations

import ast
import importlib
import re
import textwrap
from pathlib import Path

import pytest
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


def test_every_model_field_has_a_docstring() -> None:
    """The docstrings are the schema's descriptions: what an editor shows beside each key."""
    from cjm_cli.core.model_docs import field_doc

    undocumented = sorted(
        f"{cls.__name__}.{name}" for cls in all_models() for name in cls.model_fields if not field_doc(cls, name)
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


DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def _python_blocks() -> list[tuple[str, str]]:
    return [
        (document.name, block)
        for document in DOCUMENTS
        for block in re.findall(r"```python\n(.*?)```", document.read_text(encoding="utf-8"), flags=re.DOTALL)
    ]


@pytest.mark.parametrize(
    ("document", "block"), _python_blocks(), ids=lambda value: value if value.endswith(".md") else ""
)
def test_every_import_in_the_documentation_exists(document: str, block: str) -> None:
    """What the documents tell users to import is there: the modules and the names in them."""
    for node in ast.walk(ast.parse(textwrap.dedent(block))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cjm_cli"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name), f"{document}: {node.module} has no {alias.name}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_source_file_the_documentation_names_exists(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    named = set(re.findall(r"\bsrc/cjm_cli/[\w/]+(?:\.py)?", text))
    # docs/architecture.md names modules by their place in the package: `core/lanes.py`, `render/`
    packages = "analysis|cli|core|exporters|importers|render|reports|starters|views|watch"
    named |= {f"src/cjm_cli/{path}" for path in re.findall(rf"`((?:{packages})/[\w/]*(?:\.py)?)", text)}
    missing = sorted(path for path in named if not (ROOT / path.rstrip("/")).exists())
    assert missing == []
