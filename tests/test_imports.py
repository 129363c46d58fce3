"""Which module may import what: nothing imports the command-line module (it registers the commands), and
helpers other modules use are public names, not another module's private ones."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "cjm_cli"

# Names other modules once took privately, with the public name that replaced each.
RENAMED = {("cjm_cli.report", "_plain"): "plain", ("cjm_cli.exporters.table", "_escape"): "escape_markdown"}


def imports(path: Path) -> Iterator[tuple[str, str]]:
    """(module, name) for every `from MODULE import NAME` in `path`, relative imports resolved; (module, "")
    for `import MODULE`."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, "") for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            for alias in node.names:
                yield module, alias.name
                yield f"{module}.{alias.name}", ""  # `from . import cli` imports the module cli


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_imports_are_resolved() -> None:
    assert ("cjm_cli.problems", "UsageError") in set(imports(PACKAGE / "read.py"))
    assert ("cjm_cli.read", "read_source") in set(imports(PACKAGE / "importers" / "run.py"))
    assert ("cjm_cli.cli", "main") in set(imports(PACKAGE / "__main__.py"))
    assert ("cjm_cli.watch_cli", "") in set(imports(PACKAGE / "cli.py"))  # from . import watch_cli


@pytest.mark.parametrize("path", modules(), ids=lambda path: path.relative_to(PACKAGE).as_posix())
def test_nothing_imports_the_command_line_module(path: Path) -> None:
    if path.name in ("cli.py", "__main__.py"):
        return
    assert "cjm_cli.cli" not in {module for module, _name in imports(path)}, "shared helpers go in cli_options.py"


@pytest.mark.parametrize("path", modules(), ids=lambda path: path.relative_to(PACKAGE).as_posix())
def test_shared_helpers_are_imported_by_their_public_names(path: Path) -> None:
    for module, name in imports(path):
        assert (module, name) not in RENAMED, f"import {RENAMED[module, name]} from {module}, not {name}"
